; AquaForte test instance: f(x) = 1 - x
(set-info :status sat)
(set-logic UFLRA)
(declare-fun f (Real) Real)
(assert (forall ((x Real)) (= (f (f x)) x)))
(assert (= (f 0.0) 1.0))
(check-sat)
