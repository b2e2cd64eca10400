; AquaForte test instance: f(x) = 1/x away from 0
(set-info :status sat)
(set-logic UFNRA)
(declare-fun f (Real) Real)
(assert (forall ((x Real)) (=> (distinct x 0.0) (= (* (f x) x) 1.0))))
(check-sat)
