; AquaForte test instance: f(f(x)) > f(x) > x contradicts f(f(x)) = x
(set-info :status unsat)
(set-logic UFLRA)
(declare-fun f (Real) Real)
(assert (forall ((x Real)) (= (f (f x)) x)))
(assert (forall ((x Real)) (> (f x) x)))
(check-sat)
