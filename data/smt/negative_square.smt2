; AquaForte test instance: a square is never negative
(set-info :status unsat)
(set-logic UFNRA)
(declare-fun f (Real) Real)
(assert (forall ((x Real)) (= (* (f x) (f x)) (- (- 1.0) (* x x)))))
(check-sat)
