; AquaForte test instance: f(x) = x mod 2
(set-info :status sat)
(set-logic UFLIA)
(declare-fun f (Int) Int)
(assert (forall ((x Int)) (= (f (+ x 2)) (f x))))
(assert (= (f 0) 0))
(assert (= (f 1) 1))
(check-sat)
