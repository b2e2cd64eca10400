; AquaForte test instance: f(x) = 3x + 2
(set-info :status sat)
(set-logic UFLIA)
(declare-fun f (Int) Int)
(assert (forall ((x Int)) (= (f (+ x 1)) (+ (f x) 3))))
(assert (= (f 0) 2))
(assert (> (f 7) 20))
(check-sat)
