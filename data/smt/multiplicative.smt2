; AquaForte test instance: f(x) = x^2
(set-info :status sat)
(set-logic UFNRA)
(declare-fun f (Real) Real)
(assert (forall ((x Real) (y Real)) (= (f (* x y)) (* (f x) (f y)))))
(assert (= (f 2.0) 4.0))
(check-sat)
