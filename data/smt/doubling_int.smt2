; AquaForte test instance: f(x) = x
(set-info :status sat)
(set-logic UFLIA)
(declare-fun f (Int) Int)
(assert (forall ((x Int)) (= (f (* 2 x)) (* 2 (f x)))))
(assert (forall ((x Int)) (= (f (+ x 1)) (+ (f x) 1))))
(assert (= (f 5) 5))
(check-sat)
