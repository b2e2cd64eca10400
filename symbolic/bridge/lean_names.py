"""The Mathlib / Lean-core names the project's emitted Lean text may cite, each checked against the source of
the Mathlib and Lean versions ``lean_project/`` pins (v4.24.0), and the reader that finds the names a script
cites.

No Lean runs here, so a name outside this list is refused by the self-check (:mod:`symbolic.bridge.selfcheck`):
a script citing it was never compared with Mathlib's statement. ``AUDITED_LEMMAS`` maps each lemma to the
statement the emitters rely on (argument order and explicitness as cited) and the source file that states it;
``notes/bridge.md`` ("Lean names audit") records the evidence and what could not be confirmed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from symbolic.logic import NAT, Op, Term

__all__ = ["AUDITED_FIELDS", "AUDITED_LEMMAS", "AUDITED_TACTICS", "EXPONENT_THRESHOLD", "TERM_NAMES",
           "bound_names", "cited_names", "exponent_option", "largest_exponent", "raises_threshold",
           "unaudited_names"]

_MATHLIB = "Mathlib/"
#: lemma -> (statement as cited, where it is stated)
AUDITED_LEMMAS: dict[str, tuple[str, str]] = {
    # powers (Mathlib/Algebra/Group/Defs.lean)
    "pow_zero": ("(a : M) : a ^ 0 = 1", _MATHLIB + "Algebra/Group/Defs.lean"),
    "pow_succ": ("(a : M) (n : ℕ) : a ^ (n + 1) = a ^ n * a", _MATHLIB + "Algebra/Group/Defs.lean"),
    "pow_add": ("(a : M) (m n : ℕ) : a ^ (m + n) = a ^ m * a ^ n", _MATHLIB + "Algebra/Group/Defs.lean"),
    "pow_mul": ("(a : M) (m n : ℕ) : a ^ (m * n) = (a ^ m) ^ n", _MATHLIB + "Algebra/Group/Defs.lean"),
    "mul_pow": ("(a b : M) (n : ℕ) : (a * b) ^ n = a ^ n * b ^ n", _MATHLIB + "Algebra/Group/Defs.lean"),
    "one_pow": ("(n : ℕ) : 1 ^ n = 1", _MATHLIB + "Algebra/Group/Defs.lean"),
    # sums over ranges (Mathlib/Algebra/BigOperators/Group/Finset/Basic.lean, to_additive of prod_range_*)
    "Finset.sum_range_zero": ("(f : ℕ → β) : ∑ k ∈ range 0, f k = 0",
                              _MATHLIB + "Algebra/BigOperators/Group/Finset/Basic.lean"),
    "Finset.sum_range_succ": ("(f : ℕ → β) (n : ℕ) : ∑ x ∈ range (n + 1), f x = ∑ x ∈ range n, f x + f n",
                              _MATHLIB + "Algebra/BigOperators/Group/Finset/Basic.lean"),
    # rings and fields
    "mul_left_cancel₀": ("{a b c : M₀} (ha : a ≠ 0) (h : a * b = a * c) : b = c",
                         _MATHLIB + "Algebra/GroupWithZero/Defs.lean"),
    "sub_ne_zero": ("{a b : G} : a - b ≠ 0 ↔ a ≠ b", _MATHLIB + "Algebra/Group/Basic.lean"),
    "sq_nonneg": ("(a : α) : 0 ≤ a ^ 2", _MATHLIB + "Algebra/Order/Ring/Lemmas.lean"),
    "sq_abs": ("(a : α) : |a| ^ 2 = a ^ 2", _MATHLIB + "Algebra/Order/Ring/Abs.lean"),
    "abs_nonneg": ("(a : α) : 0 ≤ |a|", _MATHLIB + "Algebra/Order/Group/Abs.lean"),
    "pow_two_nonneg": ("(a : α) : 0 ≤ a ^ 2", _MATHLIB + "Algebra/Order/Ring/Lemmas.lean"),
    "Complex.I_sq": ("I ^ 2 = -1", _MATHLIB + "Data/Complex/Basic.lean"),
    # ℕ / ℤ arithmetic (Lean core: src/Init/Data/Nat, src/Init/Data/Int)
    "Nat.pow_mod": ("(a b n : ℕ) : a ^ b % n = (a % n) ^ b % n", "lean4 src/Init/Data/Nat/Lemmas.lean"),
    "Nat.mul_mod": ("(a b n : ℕ) : a * b % n = (a % n) * (b % n) % n", "lean4 src/Init/Data/Nat/Lemmas.lean"),
    "Nat.mod_add_div": ("(m k : ℕ) : m % k + k * (m / k) = m", "lean4 src/Init/Data/Nat/Basic.lean"),
    "Int.mul_emod": ("(a b n : ℤ) : a * b % n = (a % n) * (b % n) % n", "lean4 src/Init/Data/Int/DivModLemmas.lean"),
    "Int.mod_modEq": ("(a n : ℤ) : a % n ≡ a [ZMOD n]", _MATHLIB + "Data/Int/ModEq.lean"),
    "Int.ModEq.pow": ("(m : ℕ) {n a b : ℤ} (h : a ≡ b [ZMOD n]) : a ^ m ≡ b ^ m [ZMOD n]",
                      _MATHLIB + "Data/Int/ModEq.lean"),
    "Nat.gcd_dvd_left": ("(m n : ℕ) : gcd m n ∣ m", "lean4 src/Init/Data/Nat/Gcd.lean"),
    "Nat.gcd_dvd_right": ("(m n : ℕ) : gcd m n ∣ n", "lean4 src/Init/Data/Nat/Gcd.lean"),
    "Nat.gcd_pos_of_pos_left": ("{m : ℕ} (n : ℕ) (mpos : 0 < m) : 0 < gcd m n", "lean4 src/Init/Data/Nat/Gcd.lean"),
    "Nat.gcd_mul_lcm": ("(m n : ℕ) : gcd m n * lcm m n = m * n", "lean4 src/Init/Data/Nat/Lcm.lean"),
    "Nat.dvd_lcm_left": ("(m n : ℕ) : m ∣ lcm m n", "lean4 src/Init/Data/Nat/Lcm.lean"),
    "Nat.dvd_lcm_right": ("(m n : ℕ) : n ∣ lcm m n", "lean4 src/Init/Data/Nat/Lcm.lean"),
    "Nat.Prime.two_le": ("{p : ℕ} : p.Prime → 2 ≤ p", _MATHLIB + "Data/Nat/Prime/Defs.lean"),
    "Nat.Prime.eq_two_or_odd": ("{p : ℕ} (hp : p.Prime) : p = 2 ∨ p % 2 = 1", _MATHLIB + "Data/Nat/Prime/Basic.lean"),
    # √, rpow, π
    "Real.sqrt_nonneg": ("(x : ℝ) : 0 ≤ √x", _MATHLIB + "Data/Real/Sqrt.lean"),
    "Real.sq_sqrt": ("(h : 0 ≤ a) : √a ^ 2 = a", _MATHLIB + "Data/Real/Sqrt.lean"),
    "Real.sqrt_eq_zero_of_nonpos": ("(h : x ≤ 0) : √x = 0", _MATHLIB + "Data/Real/Sqrt.lean"),
    "Real.rpow_nonneg": ("{x : ℝ} (hx : 0 ≤ x) (y : ℝ) : 0 ≤ x ^ y", _MATHLIB + "Analysis/SpecialFunctions/Pow/Real.lean"),
    "Real.rpow_pos_of_pos": ("{x : ℝ} (hx : 0 < x) (y : ℝ) : 0 < x ^ y",
                             _MATHLIB + "Analysis/SpecialFunctions/Pow/Real.lean"),
    "Real.rpow_natCast": ("(x : ℝ) (n : ℕ) : x ^ (n : ℝ) = x ^ n", _MATHLIB + "Analysis/SpecialFunctions/Pow/Real.lean"),
    "Real.rpow_mul": ("{x : ℝ} (hx : 0 ≤ x) (y z : ℝ) : x ^ (y * z) = (x ^ y) ^ z",
                      _MATHLIB + "Analysis/SpecialFunctions/Pow/Real.lean"),
    "Real.pi_gt_d2": ("3.14 < π", _MATHLIB + "Data/Real/Pi/Bounds.lean"),
    "Real.pi_lt_d2": ("π < 3.15", _MATHLIB + "Data/Real/Pi/Bounds.lean"),
    # log, exp
    "Real.log_one": ("log 1 = 0", _MATHLIB + "Analysis/SpecialFunctions/Log/Basic.lean"),
    "Real.log_zero": ("log 0 = 0", _MATHLIB + "Analysis/SpecialFunctions/Log/Basic.lean"),
    "Real.log_pos": ("(hx : 1 < x) : 0 < log x", _MATHLIB + "Analysis/SpecialFunctions/Log/Basic.lean"),
    "Real.log_neg": ("(h0 : 0 < x) (h1 : x < 1) : log x < 0", _MATHLIB + "Analysis/SpecialFunctions/Log/Basic.lean"),
    "Real.log_pow": ("(n : ℕ) (x : ℝ) : log (x ^ n) = n * log x (cited only in rw)",
                     _MATHLIB + "Analysis/SpecialFunctions/Log/Basic.lean"),
    "Real.log_mul": ("(hx : x ≠ 0) (hy : y ≠ 0) : log (x * y) = log x + log y",
                     _MATHLIB + "Analysis/SpecialFunctions/Log/Basic.lean"),
    "Real.log_div": ("(hx : x ≠ 0) (hy : y ≠ 0) : log (x / y) = log x - log y",
                     _MATHLIB + "Analysis/SpecialFunctions/Log/Basic.lean"),
    "Real.log_exp": ("(x : ℝ) : log (exp x) = x", _MATHLIB + "Analysis/SpecialFunctions/Log/Basic.lean"),
    "Real.log_rpow": ("{x : ℝ} (hx : 0 < x) (y : ℝ) : log (x ^ y) = y * log x",
                      _MATHLIB + "Analysis/SpecialFunctions/Pow/Real.lean"),
    "Real.log_div_log": ("{b x : ℝ} : log x / log b = logb b x", _MATHLIB + "Analysis/SpecialFunctions/Log/Base.lean"),
    "Real.exp_pos": ("(x : ℝ) : 0 < exp x", _MATHLIB + "Analysis/Complex/Exponential.lean"),
    # sin, cos
    "Real.sin_le_one": ("(x : ℝ) : sin x ≤ 1", _MATHLIB + "Data/Complex/Trigonometric.lean"),
    "Real.cos_le_one": ("(x : ℝ) : cos x ≤ 1", _MATHLIB + "Data/Complex/Trigonometric.lean"),
    "Real.neg_one_le_sin": ("(x : ℝ) : -1 ≤ sin x", _MATHLIB + "Data/Complex/Trigonometric.lean"),
    "Real.neg_one_le_cos": ("(x : ℝ) : -1 ≤ cos x", _MATHLIB + "Data/Complex/Trigonometric.lean"),
    "Real.sin_sq_add_cos_sq": ("(x : ℝ) : sin x ^ 2 + cos x ^ 2 = 1", _MATHLIB + "Data/Complex/Trigonometric.lean"),
    "Real.sin_pos_of_pos_of_lt_pi": ("{x : ℝ} (h0x : 0 < x) (hxp : x < π) : 0 < sin x",
                                     _MATHLIB + "Analysis/SpecialFunctions/Trigonometric/Basic.lean"),
    "Real.cos_pos_of_mem_Ioo": ("{x : ℝ} (hx : x ∈ Ioo (-(π / 2)) (π / 2)) : 0 < cos x",
                                _MATHLIB + "Analysis/SpecialFunctions/Trigonometric/Basic.lean"),
    # Lean core logic (src/Init/Prelude.lean, src/Init/Core.lean)
    "congrArg": ("(f : α → β) (h : a₁ = a₂) : f a₁ = f a₂", "lean4 src/Init/Prelude.lean"),
    "Eq.refl": ("(a : α) : a = a", "lean4 src/Init/Prelude.lean"),
    "Eq.symm": ("(h : a = b) : b = a", "lean4 src/Init/Prelude.lean"),
    "Eq.trans": ("(h₁ : a = b) (h₂ : b = c) : a = c", "lean4 src/Init/Prelude.lean"),
    "False.elim": ("(h : False) : C", "lean4 src/Init/Prelude.lean"),
}

#: projections the scripts apply to a local proof or a parenthesised term (``hp.two_le``, ``(…).symm``,
#: ``sub_ne_zero.mpr h``, ``σ.left_inv x : σ.invFun (σ.toFun x) = x`` — Mathlib/Logic/Equiv/Defs.lean)
AUDITED_FIELDS: frozenset[str] = frozenset({
    "symm", "mp", "mpr", "two_le", "eq_two_or_odd", "left_inv", "right_inv", "toFun", "invFun", "1", "2"})

#: tactics and tactic keywords the emitters use (Lean core and Mathlib's Mathlib/Tactic/*)
AUDITED_TACTICS: frozenset[str] = frozenset({
    "intro", "intros", "obtain", "rcases", "rintro", "cases", "cases'", "induction", "induction'", "with", "have",
    "show", "from", "by", "fun", "at", "only", "using", "exact", "apply", "refine", "rw", "simp", "simp_all",
    "simpa", "norm_num", "linarith", "nlinarith", "positivity", "omega", "decide", "ring", "ring_nf",
    "field_simp", "linear_combination", "interval_cases", "subst", "revert", "first", "rfl", "constructor",
    "exfalso", "trivial", "aesop", "tauto", "nlinarith!", "linarith!", "push_cast", "norm_cast", "exact_mod_cast",
    "use", "left", "right", "contradiction", "assumption", "split_ifs", "if", "then", "else", "Nat", "Int",
    "Real", "Complex", "set_option", "in", "exponentiation.threshold"})

#: Lean core's ``exponentiation.threshold`` default (src/Lean/Util/SafeExponentiation.lean): norm_num's power
#: evaluator (Mathlib/Tactic/NormNum/Pow.lean, ``guard <| ← Lean.checkExponent b``) refuses a larger exponent
EXPONENT_THRESHOLD = 256

#: functions a printed goal may contain (lean_text, Goal.show) besides what the statement names
TERM_NAMES: frozenset[str] = frozenset({
    "Real.sqrt", "Real.log", "Real.logb", "Real.exp", "Real.sin", "Real.cos", "Real.pi", "Real.rpow", "Nat.gcd",
    "Nat.lcm", "Nat.Prime", "Nat.floor", "Int.floor", "Int.toNat", "Int.fract", "Nat.factorial", "Finset.range",
    "Finset.sum", "Complex.I", "True", "False"})

_IDENT = re.compile(r"(?<![\w.₀-₉'!?])([A-Za-z_\u0370-\u03ff][\w₀-₉'!?]*(?:\.[\w₀-₉'!?]+)*)")
_PROJECTION = re.compile(r"[)⟩]\.([A-Za-z_][\w₀-₉']*)")
_BINDERS = [
    re.compile(r"\bfun\s+((?:[^\s=]+\s+)+)=>"),
    re.compile(r"\b(?:intro|intros|rintro|revert|interval_cases|subst)\s+([^\n;<]+)"),
    re.compile(r"\bhave\s+([^\s:]+)"),
    re.compile(r"\bwith\s+([^\n;<]+)"),
    re.compile(r"[∀∃∑∏λ]\s*([^,:∈]+)"),
    re.compile(r"\(((?:[^\W\d][\w₀-₉']*\s+)+):"),  # `(x y : ℝ)`, never `(Nat.pow_mod _ _ _ : …)`
    re.compile(r"⟨([^⟩]*)⟩\s*:="),
]
# the shapes of the names the emitters give locals (`h₀_1`, `hb`, `i3`, `f2`, `hf1`, `hi2`, `ih`, `h_w`)
_LOCALISH = re.compile(r"[hif][0-9₀-₉]+(_[0-9]+)*|h[a-z]?[0-9₀-₉]*(_[0-9]+)*|h[0-9₀-₉]*_w(_[0-9]+)?"
                       r"|hf[0-9₀-₉]*|hi[0-9₀-₉]*|ih[0-9₀-₉]*")


def exponent_option(terms: Iterable[Term]) -> str:
    """``set_option exponentiation.threshold N in `` when a literal power in ``terms`` has an exponent above
    Lean's default threshold (the closer's ``norm_num``/``decide`` would otherwise not evaluate it), else ""."""
    top = largest_exponent(terms)
    return f"set_option exponentiation.threshold {top} in " if top > EXPONENT_THRESHOLD else ""


def largest_exponent(terms: Iterable[Term]) -> int:
    """The largest literal (or closed ℕ sum/product) exponent of a power in ``terms``; 0 if none."""
    return max((v for t in terms for s in t.subterms() if s.op is Op.POW
                and (v := _nat_literal(s.args[1])) is not None), default=0)


def raises_threshold(text: str, needed: int) -> bool:
    """Whether ``text`` sets ``exponentiation.threshold`` to at least ``needed`` (or needs not)."""
    return needed <= EXPONENT_THRESHOLD or any(
        int(n) >= needed for n in re.findall(r"set_option exponentiation\.threshold (\d+) in", text))


def _nat_literal(t: Term) -> int | None:
    """The value of a closed ℕ sum/product of literals, else None."""
    if t.is_const and isinstance(t.value, int) and t.sort is NAT:
        return t.value
    if t.op in (Op.ADD, Op.MUL) and t.sort is NAT:
        vals = [_nat_literal(a) for a in t.args]
        if any(v is None for v in vals):
            return None
        out = 0 if t.op is Op.ADD else 1
        for v in vals:
            assert v is not None
            out = out + v if t.op is Op.ADD else out * v
            if out > 1 << 32:
                return None
        return out
    return None


def bound_names(text: str) -> set[str]:
    """Names a text binds: theorem binders ``(x y : ℝ)``, ``have h``, ``intro``, ``obtain ⟨…⟩``, ``with``
    patterns, ``fun x =>``, ``∀ x,`` / ``∑ i ∈``."""
    out: set[str] = set()
    for pat in _BINDERS:
        for m in pat.finditer(text):
            names = [t for t in re.split(r"[\s,|⟨⟩()\[\]]+", m.group(1))
                     if t and t not in ("_", "by", "fun", "show") and "." not in t]
            if pat is _BINDERS[5] and names and "_" in names[0] and not _LOCALISH.fullmatch(names[0]):
                continue  # `(pow_succ _ _ : …)` is a typed proof term, not binders
            out.update(names)
    return out


def cited_names(text: str) -> list[str]:
    """Every name a Lean text cites that is not bound in it: qualified names (``Real.log_rpow``), lemma-shaped
    names (``pow_succ``), projections of terms (``(…).symm``, ``hp.two_le``), tactics."""
    bound = bound_names(text)
    out: list[str] = []
    for m in _IDENT.finditer(text):
        name = m.group(1)
        root = name.split(".")[0]
        if not root.strip("_"):  # `_`: a hole for Lean to fill
            continue
        if name in bound or root in bound or root.isdigit():
            out.extend(f".{f}" for f in name.split(".")[1:] if root in bound and name not in bound)
            continue
        out.append(name)
    out.extend(f".{p}" for p in _PROJECTION.findall(text))
    return list(dict.fromkeys(out))


def unaudited_names(text: str, known: Iterable[str] = ()) -> list[str]:
    """The names ``text`` cites that are neither audited, nor in ``known`` (the theorem's own names and the
    local context), nor a local's shape. A lemma-shaped name (with ``_`` or ``.``) outside the list is
    reported; a plain lower-case word is a variable unless it is a tactic."""
    known = set(known)
    out = []
    for name in cited_names(text):
        if name.startswith("."):
            if name[1:] not in AUDITED_FIELDS:
                out.append(name)
            continue
        if name in known or name in AUDITED_LEMMAS or name in AUDITED_TACTICS or name in TERM_NAMES:
            continue
        parts = name.split(".")
        if parts[0] in known or _LOCALISH.fullmatch(parts[0]):
            out.extend(f".{f}" for f in parts[1:] if f not in AUDITED_FIELDS)
            continue
        # `sub_ne_zero.mpr`: an audited lemma with audited projections
        k = len(parts)
        while k > 1 and parts[k - 1] in AUDITED_FIELDS:
            k -= 1
        if ".".join(parts[:k]) in AUDITED_LEMMAS:
            continue
        if "_" in name or "." in name or name[:1].isupper():
            out.append(name)
    return list(dict.fromkeys(out))
