; AquaForte test instance: f(x) = x + 1, g(x) = x - 1
(set-info :status sat)
(set-logic UFLRA)
(declare-fun f (Real) Real)
(declare-fun g (Real) Real)
(assert (forall ((x Real)) (= (+ (f x) (g x)) (* 2.0 x))))
(assert (forall ((x Real)) (= (- (f x) (g x)) 2.0)))
(check-sat)
