; AquaForte test instance: f(x) = 5
(set-info :status sat)
(set-logic UFLRA)
(declare-fun f (Real) Real)
(assert (forall ((x Real)) (>= (f x) 0.0)))
(assert (forall ((x Real)) (= (f (+ x 1.0)) (f x))))
(assert (= (f 0.0) 5.0))
(check-sat)
