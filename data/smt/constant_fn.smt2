; AquaForte test instance: f(x) = 7
(set-info :status sat)
(set-logic UFLRA)
(declare-fun f (Real) Real)
(assert (forall ((x Real) (y Real)) (= (f x) (f y))))
(assert (= (f 3.0) 7.0))
(check-sat)
