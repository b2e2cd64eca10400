; AquaForte test instance: g(x) = x*x + 1 given as a definition
(set-info :status sat)
(set-logic UFNIA)
(declare-fun g (Int) Int)
(assert (forall ((x Int)) (= (g x) (+ (* x x) 1))))
(assert (forall ((x Int)) (> (g x) 0)))
(check-sat)
