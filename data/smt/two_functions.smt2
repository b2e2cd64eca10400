; AquaForte test instance: g(x) = 2x, f(x) = 2x + 1
(set-info :status sat)
(set-logic UFLIA)
(declare-fun f (Int) Int)
(declare-fun g (Int) Int)
(assert (forall ((x Int)) (= (f x) (+ (g x) 1))))
(assert (forall ((x Int)) (= (g (+ x 1)) (+ (g x) 2))))
(assert (= (g 0) 0))
(check-sat)
