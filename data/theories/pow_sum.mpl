# Peano arithmetic with exponentiation and sums over `Finset.range`, both defined by recursion.
# The signature and axioms of peano.mpl, plus `pow` (recursion on the exponent) and range sums of schematic
# summands f, g (`sum_f(n)` is ∑ i < n, f(i)); GL derives the exponent laws (pow_add, pow_mul, mul_pow,
# one_pow …) and sum linearity from these axioms by forward deduction and induction.
theory PowSum

sort N
const zero, one : N
function s : N -> N
function add : N, N -> N infix + 65
function mul : N, N -> N infix * 70
function pow : N, N -> N infix ^ 75
const k : N
function f : N -> N
function g : N -> N
function fg : N -> N
function cf : N -> N
function sum_f : N -> N
function sum_g : N -> N
function sum_fg : N -> N
function sum_cf : N -> N

axiom one_def       : s(zero) = one
axiom s_injective   : forall a b : N. s(a) = s(b) -> a = b
axiom zero_not_succ : forall a : N. s(a) != zero
axiom add_zero      : forall a : N. a + zero = a
axiom add_succ      : forall a b : N. a + s(b) = s(a + b)
axiom mul_zero      : forall a : N. a * zero = zero
axiom mul_succ      : forall a b : N. a * s(b) = a * b + a
axiom pow_zero      : forall a : N. a ^ zero = one
axiom pow_succ      : forall a n : N. a ^ s(n) = a ^ n * a
axiom fg_def        : forall i : N. fg(i) = f(i) + g(i)
axiom cf_def        : forall i : N. cf(i) = k * f(i)
axiom sum_f_zero    : sum_f(zero) = zero
axiom sum_f_succ    : forall n : N. sum_f(s(n)) = sum_f(n) + f(n)
axiom sum_g_zero    : sum_g(zero) = zero
axiom sum_g_succ    : forall n : N. sum_g(s(n)) = sum_g(n) + g(n)
axiom sum_fg_zero   : sum_fg(zero) = zero
axiom sum_fg_succ   : forall n : N. sum_fg(s(n)) = sum_fg(n) + fg(n)
axiom sum_cf_zero   : sum_cf(zero) = zero
axiom sum_cf_succ   : forall n : N. sum_cf(s(n)) = sum_cf(n) + cf(n)

induction N : zero, s

model 0..6 { zero = 0; one = 1; s(x) = x + 1; add(x, y) = x + y; mul(x, y) = x * y; pow(x, y) = x ^ y;
             k = 2; f(x) = x; g(x) = x * x; fg(x) = x + x * x; cf(x) = 2 * x; sum_f(x) = x * (x - 1) / 2;
             sum_g(x) = (x - 1) * x * (2 * x - 1) / 6; sum_fg(x) = x * (x - 1) / 2 + (x - 1) * x * (2 * x - 1) / 6;
             sum_cf(x) = x * (x - 1) }
