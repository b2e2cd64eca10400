; AquaForte test instance: a non-negative function cannot drop by 1 forever
(set-info :status unsat)
(set-logic UFLIA)
(declare-fun f (Int) Int)
(assert (forall ((x Int)) (>= (f x) 0)))
(assert (forall ((x Int)) (= (f (+ x 1)) (- (f x) 1))))
(check-sat)
