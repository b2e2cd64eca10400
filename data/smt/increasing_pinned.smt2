; AquaForte test instance: f(x) = x
(set-info :status sat)
(set-logic UFLIA)
(declare-fun f (Int) Int)
(assert (forall ((x Int)) (> (f x) (f (- x 1)))))
(assert (= (f 0) 0))
(assert (= (f 3) 3))
(check-sat)
