; AquaForte test instance: f(x) = 3x
(set-info :status sat)
(set-logic UFLRA)
(declare-fun f (Real) Real)
(assert (forall ((x Real)) (= (f (- x)) (- (f x)))))
(assert (forall ((x Real)) (= (f (+ x 1.0)) (+ (f x) 3.0))))
(assert (= (f 2.0) 6.0))
(check-sat)
