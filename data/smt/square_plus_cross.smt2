; AquaForte test instance: f(x) = x^2
(set-info :status sat)
(set-logic UFNRA)
(declare-fun f (Real) Real)
(assert (forall ((x Real) (y Real)) (= (f (+ x y)) (+ (f x) (f y) (* 2.0 x y)))))
(assert (= (f 1.0) 1.0))
(check-sat)
