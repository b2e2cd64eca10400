# Peano arithmetic for the Generative Logic engine.
# Functions are total and single-valued relations; induction is supplied by the engine (see `induction`).
theory Peano

sort N
const zero, one : N
function s : N -> N
function add : N, N -> N infix + 65
function mul : N, N -> N infix * 70

axiom one_def       : s(zero) = one
axiom s_injective   : forall a b : N. s(a) = s(b) -> a = b
axiom zero_not_succ : forall a : N. s(a) != zero
axiom add_zero      : forall a : N. a + zero = a
axiom add_succ      : forall a b : N. a + s(b) = s(a + b)
axiom mul_zero      : forall a : N. a * zero = zero
axiom mul_succ      : forall a b : N. a * s(b) = a * b + a

induction N : zero, s

# The counter-example filter's small model: 0..6, functions partial where the value leaves the range.
model 0..6 { zero = 0; one = 1; s(x) = x + 1; add(x, y) = x + y; mul(x, y) = x * y }
