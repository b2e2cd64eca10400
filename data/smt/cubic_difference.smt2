; AquaForte test instance: f(x) = x^3
(set-info :status sat)
(set-logic UFNIA)
(declare-fun f (Int) Int)
(assert (forall ((x Int)) (= (f (+ x 1)) (+ (f x) (* 3 x x) (* 3 x) 1))))
(assert (= (f 0) 0))
(check-sat)
