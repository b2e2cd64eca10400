; AquaForte test instance: f(x) = x
(set-info :status sat)
(set-logic UFLRA)
(declare-fun f (Real) Real)
(declare-const c Real)
(assert (forall ((x Real)) (and (>= (f x) x) (<= (f x) x))))
(assert (> c 1.0))
(assert (= (f c) 2.0))
(check-sat)
