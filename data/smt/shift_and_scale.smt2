; AquaForte test instance: f(x) = x
(set-info :status sat)
(set-logic UFLRA)
(declare-fun f (Real) Real)
(assert (forall ((x Real)) (= (f (+ x 1.0)) (+ (f x) 1.0))))
(assert (forall ((x Real)) (= (f (* 2.0 x)) (* 2.0 (f x)))))
(check-sat)
