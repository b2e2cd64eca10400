; AquaForte test instance: f(x) = 2x + 1
(set-info :status sat)
(set-logic UFLRA)
(declare-fun f (Real) Real)
(assert (forall ((x Real)) (= (f (+ x 1.0)) (+ (f x) 2.0))))
(assert (= (f 0.0) 1.0))
(check-sat)
