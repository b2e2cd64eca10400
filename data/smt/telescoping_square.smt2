; AquaForte test instance: f(x) = x^2
(set-info :status sat)
(set-logic UFNRA)
(declare-fun f (Real) Real)
(assert (forall ((x Real)) (= (- (f (+ x 1.0)) (f x)) (+ (* 2.0 x) 1.0))))
(assert (= (f 0.0) 0.0))
(check-sat)
