; AquaForte test instance: f(x) > x contradicts f(1) < 1
(set-info :status unsat)
(set-logic UFLRA)
(declare-fun f (Real) Real)
(assert (forall ((x Real)) (> (f x) x)))
(assert (< (f 1.0) 1.0))
(check-sat)
