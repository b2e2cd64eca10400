; AquaForte test instance: additivity forces f(0) = 0
(set-info :status unsat)
(set-logic UFLRA)
(declare-fun f (Real) Real)
(assert (forall ((x Real) (y Real)) (= (f (+ x y)) (+ (f x) (f y)))))
(assert (= (f 0.0) 1.0))
(check-sat)
