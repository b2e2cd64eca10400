; AquaForte test instance: h(x, y) = x + y
(set-info :status sat)
(set-logic UFLIA)
(declare-fun h (Int Int) Int)
(assert (forall ((x Int) (y Int)) (= (h x y) (h y x))))
(assert (forall ((x Int)) (= (h x 0) x)))
(assert (forall ((x Int) (y Int)) (= (h x (+ y 1)) (+ (h x y) 1))))
(check-sat)
