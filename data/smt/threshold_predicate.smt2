; AquaForte test instance: p(x) = x >= 5
(set-info :status sat)
(set-logic UFLIA)
(declare-fun p (Int) Bool)
(assert (forall ((x Int)) (=> (p x) (p (+ x 1)))))
(assert (p 5))
(assert (not (p 4)))
(check-sat)
