; AquaForte test instance: f(x) = 3x
(set-info :status sat)
(set-logic UFLRA)
(declare-fun f (Real) Real)
(assert (forall ((x Real) (y Real)) (= (f (+ x y)) (+ (f x) (f y)))))
(assert (= (f 1.0) 3.0))
(check-sat)
