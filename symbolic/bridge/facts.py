"""Known facts about the functions the translation keeps uninterpreted, instantiated on ground arguments.

Each fact is a theorem of Mathlib (so adding it is sound) paired with the Lean term that proves it, which the
reconstructed script states as a ``have``. For ``√t`` the three facts determine the value, so sqrt stays exact;
the others only narrow an abstraction.
"""

from __future__ import annotations

import math
from fractions import Fraction

from symbolic.bridge.elaborate import fold_constant
from symbolic.bridge.facts_real import real_facts
from symbolic.bridge.lean_text import lean_arg, lean_text
from symbolic.logic import INT, NAT, REAL, Op, Term, app, const, eq, implies, not_, or_, var
from symbolic.logic.terms import APP, QUANT, VAR

__all__ = ["ground_facts", "uncovered"]

MAX_ROOT = 12


def _apps(formulas: list[Term], name: str) -> list[Term]:
    """Applications of ``name`` that mention no bound variable (so a ground fact can be stated about them)."""
    seen: dict[Term, None] = {}

    def walk(t: Term, bound: frozenset[Term]) -> None:
        if t.kind == QUANT:
            walk(t.body, bound | frozenset(t.binders))
            return
        if t.kind == APP and isinstance(t.head, Term) and t.head.name == name and not (t.free_vars & bound):
            seen[t] = None
        for a in t.args:
            walk(a, bound)

    for f in formulas:
        walk(f, frozenset())
    return list(seen)


def uncovered(formulas: list[Term], name: str) -> bool:
    """True when some application of ``name`` mentions a bound variable (no ground fact describes it)."""

    def walk(t: Term, bound: frozenset[Term]) -> bool:
        if t.kind == QUANT:
            return walk(t.body, bound | frozenset(t.binders))
        if t.kind == APP and isinstance(t.head, Term) and t.head.name == name and t.free_vars & bound:
            return True
        return any(walk(a, bound) for a in t.args)

    return any(walk(f, frozenset()) for f in formulas)


def _residue_facts(formulas: list[Term]) -> list[tuple[str, Term]]:
    """``t ^ k % m = (t % m) ^ k % m`` and ``a * b % m = a % m * (b % m) % m`` for a literal modulus ``m ≥ 2``
    (``Nat.pow_mod``/``Nat.mul_mod``, their ℤ forms through ``Int.ModEq``): the residue of a power or
    product of variables becomes one of finitely many residues."""
    out: list[tuple[str, Term]] = []
    seen: set[Term] = set()
    for f in formulas:
        bound = frozenset(b for s in f.subterms() if s.kind == QUANT for b in s.binders)
        out += _periodic_powers(f, bound)
        for s in f.subterms():
            if s in seen or s.op is not Op.MOD or s.sort not in (NAT, INT) or s.free_vars & bound:
                continue
            p, m = s.args
            if not (m.is_const and isinstance(m.value, int) and m.value >= 2) or not p.free_vars:
                continue
            seen.add(s)
            nat = s.sort is NAT
            if p.op is Op.POW and p.args[1].is_const and 2 <= p.args[1].value <= 8:
                t, k = p.args
                fact = eq(s, app(Op.MOD, app(Op.POW, app(Op.MOD, t, m), k, sort=s.sort), m))
                proof = ("Nat.pow_mod _ _ _" if nat else
                         f"(Int.ModEq.pow {k.value} (Int.mod_modEq {lean_arg(t)} {lean_arg(m)})).symm")
                if m.value <= MAX_RESIDUES:  # case by case: a linear fact per residue of t
                    for r in range(m.value):
                        case = implies(eq(app(Op.MOD, t, m), const(r, s.sort)),
                                       eq(s, const(pow(r, k.value, m.value), s.sort)))
                        tactic = "rw [Nat.pow_mod, h]" if nat else "simp [pow_succ, Int.mul_emod, h]"
                        out.append((f"(fun h => by {tactic} : {lean_text(case)})", case))
            elif p.op is Op.MUL and len(p.args) == 2 and not any(a.is_const for a in p.args):
                a, b = p.args
                fact = eq(s, app(Op.MOD, app(Op.MUL, app(Op.MOD, a, m), app(Op.MOD, b, m)), m))
                proof = "Nat.mul_mod _ _ _" if nat else "Int.mul_emod _ _ _"
            else:
                continue
            out.append((f"({proof} : {lean_text(fact)})", fact))
    return out


def _periodic_powers(f: Term, bound: frozenset[Term]) -> list[tuple[str, Term]]:
    """``e % p = r → b ^ e % m = b ^ r % m`` for a literal base ``b`` coprime to a literal modulus ``m`` of
    ``f`` and a variable exponent ``e``, ``p`` the order of ``b`` modulo ``m`` (≤ ``MAX_RESIDUES``): true
    because ``b ^ p ≡ 1 (mod m)``, and linear once the case ``e % p = r`` is known."""
    moduli = sorted({s.args[1].value for s in f.subterms() if s.op is Op.MOD and s.args[1].is_const
                     and isinstance(s.args[1].value, int) and s.args[1].value >= 2})
    out: list[tuple[str, Term]] = []
    for s in dict.fromkeys(f.subterms()):
        if s.op is not Op.POW or s.sort not in (NAT, INT) or s.free_vars & bound:
            continue
        b, e = s.args
        if not (b.is_const and isinstance(b.value, int) and b.value >= 1) or not e.free_vars or e.sort is not NAT:
            continue
        for m in moduli:
            if math.gcd(b.value, m) != 1:
                continue
            order = next((k for k in range(1, MAX_RESIDUES + 1) if pow(b.value, k, m) == 1 % m), None)
            if order is None:
                continue
            residue = app(Op.MOD, s, const(m, s.sort))
            for r in range(order):
                case = implies(eq(app(Op.MOD, e, const(order, NAT)), const(r, NAT)),
                               eq(residue, const(pow(b.value, r, m), s.sort)))
                proof = (f"fun h => by rw [← Nat.mod_add_div {lean_arg(e)} {order}, h, pow_add, pow_mul]; "
                         "simp [Nat.mul_mod, Nat.pow_mod, Int.mul_emod]")
                out.append((f"({proof} : {lean_text(case)})", case))
    return out


def _is_prime(n: int) -> bool:
    return n >= 2 and all(n % d for d in range(2, math.isqrt(n) + 1))


def _uses(formulas: list[Term], name: str) -> bool:
    return any(s.kind == VAR and s.name == name for f in formulas for s in f.subterms())


#: rounds of fact generation: facts bring in applications of their own (``log 8 = 3 * log 2`` brings ``log 2``)
ROUNDS = 3
MAX_FACTS = 120
MAX_RESIDUES = 12  # a power's residue is stated case by case for moduli up to this


def ground_facts(formulas: list[Term]) -> list[tuple[str, Term]]:
    """(Lean proof term, fact) pairs for every ground √t, t ^ (p/q : ℝ), Nat.Prime t, Nat.gcd/lcm, π, and
    log/logb/rpow/exp/sin/cos (:mod:`symbolic.bridge.facts_real`), to a fixpoint over the applications the
    facts themselves bring in (``ROUNDS`` rounds, at most ``MAX_FACTS``)."""
    out: list[tuple[str, Term]] = []
    seen: set[Term] = set()
    pool = list(formulas)
    for _ in range(ROUNDS):
        new = [(p, f) for p, f in _round(pool) if f not in seen]
        for p, f in new:
            if f not in seen and len(out) < MAX_FACTS:
                seen.add(f)
                out.append((p, f))
        if not new or len(out) >= MAX_FACTS:
            break
        pool = [*formulas, *(f for _, f in out)]
    return out


def _round(formulas: list[Term]) -> list[tuple[str, Term]]:
    zero = const(0, REAL)
    out: list[tuple[str, Term]] = []
    real_facts(lambda name: _apps(formulas, name), lambda proof, fact: out.append((proof, fact)))
    out += _residue_facts(formulas)
    for r in _apps(formulas, "Real.sqrt"):
        (t,) = r.args
        arg = lean_text(t)
        out.append((f"Real.sqrt_nonneg {lean_arg(t)}", app(Op.LE, zero, r)))
        out.append((f"Real.sq_sqrt (show (0 : ℝ) ≤ {arg} by positivity)",
                    implies(app(Op.LE, zero, t), eq(app(Op.MUL, r, r), t))))
        out.append((f"Real.sqrt_eq_zero_of_nonpos (show {arg} ≤ (0 : ℝ) by norm_num)",
                    implies(app(Op.LE, t, zero), eq(r, zero))))
    for r in _apps(formulas, "Real.rpow"):
        b, e = r.args
        v = fold_constant(e)
        if v is None or v <= 0:
            continue
        v = Fraction(v)
        base, power = lean_text(b), lean_text(r)
        out.append((f"(fun hb => Real.rpow_nonneg hb _ : (0 : ℝ) ≤ {base} → 0 ≤ {power})",
                    implies(app(Op.LE, zero, b), app(Op.LE, zero, r))))
        if v.numerator <= MAX_ROOT and v.denominator <= MAX_ROOT:
            p, q = v.numerator, v.denominator
            fact = implies(app(Op.LE, zero, b),
                           eq(app(Op.POW, r, const(q, NAT)), app(Op.POW, b, const(p, NAT))))
            proof = (f"(fun hb => by rw [← Real.rpow_natCast, ← Real.rpow_mul hb]; norm_num : "
                     f"(0 : ℝ) ≤ {base} → {lean_text(fact.args[1])})")
            out.append((proof, fact))
    for r in _apps(formulas, "Nat.Prime"):
        (t,) = r.args
        if t.is_const and t.value <= 10**12:  # a literal: decided (norm_num proves primality and its negation of a numeral)
            fact = r if _is_prime(int(t.value)) else not_(r)
            out.append((f"(by norm_num : {lean_text(fact)})", fact))
            continue
        out.append((f"(fun hp => hp.two_le : Nat.Prime {lean_arg(t)} → 2 ≤ {lean_text(t)})",
                    implies(r, app(Op.LE, const(2, NAT), t))))
        odd = implies(r, or_(eq(t, const(2, NAT)), eq(app(Op.MOD, t, const(2, NAT)), const(1, NAT))))
        out.append((f"(fun hp => hp.eq_two_or_odd : {lean_text(odd)})", odd))
    for name, fn in (("Nat.gcd", math.gcd), ("Nat.lcm", math.lcm)):
        for g in _apps(formulas, name):
            if all(a.is_const for a in g.args):  # literals: computed (norm_num's Nat.gcd/lcm extension)
                fact = eq(g, const(fn(*(int(a.value) for a in g.args)), NAT))
                out.append((f"(by norm_num : {lean_text(fact)})", fact))
    gcds = {(g.args[0], g.args[1]): g for g in _apps(formulas, "Nat.gcd")}
    lcms = {(m.args[0], m.args[1]): m for m in _apps(formulas, "Nat.lcm")}
    nzero = const(0, NAT)
    for (a, b), g in gcds.items():
        la, lb = lean_arg(a), lean_arg(b)
        out.append((f"Nat.gcd_dvd_left {la} {lb}", eq(app(Op.MOD, a, g), nzero)))
        out.append((f"Nat.gcd_dvd_right {la} {lb}", eq(app(Op.MOD, b, g), nzero)))
        out.append((f"(Nat.gcd_pos_of_pos_left {lb} : 0 < {la} → 0 < Nat.gcd {la} {lb})",
                    implies(app(Op.LT, nzero, a), app(Op.LT, nzero, g))))
        if (a, b) in lcms:
            out.append((f"Nat.gcd_mul_lcm {la} {lb}", eq(app(Op.MUL, g, lcms[(a, b)]), app(Op.MUL, a, b))))
    for (a, b), m in lcms.items():
        la, lb = lean_arg(a), lean_arg(b)
        out.append((f"Nat.dvd_lcm_left {la} {lb}", eq(app(Op.MOD, m, a), nzero)))
        out.append((f"Nat.dvd_lcm_right {la} {lb}", eq(app(Op.MOD, m, b), nzero)))
    if _uses(formulas, "π"):
        pi = var("π", REAL)  # π is a nullary symbol: a variable of sort ℝ
        out.append(("Real.pi_gt_d2", app(Op.LT, const(Fraction(314, 100), REAL), pi)))
        out.append(("Real.pi_lt_d2", app(Op.LT, pi, const(Fraction(315, 100), REAL))))
    return out
