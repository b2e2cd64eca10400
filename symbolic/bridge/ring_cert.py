"""Ring certificates: ``linear_combination`` proofs of equations in a commutative ring (ℂ above all).

A goal ``a = b`` follows from hypotheses ``lᵢ = rᵢ`` by ``linear_combination Σ cᵢ * hᵢ`` exactly when
``a - b - Σ cᵢ (lᵢ - rᵢ)`` is 0 as a polynomial (Mathlib's ``linear_combination`` closes with ``ring1``). Here:

* :func:`poly` — the normal form ``ring`` computes: polynomials with rational coefficients over atoms
  (variables, ``Complex.I``, casts, function applications, and ``u⁻¹`` for a non-literal divisor ``u``, keyed by
  ``u``'s own normal form); ``None`` for what ``ring`` does not normalise here (``if``, ``%``, ``/`` on ℕ/ℤ);
* :func:`certificate` — cofactors ``cᵢ`` found by linear algebra over ℚ on an ansatz of bounded degree
  (``Complex.I_sq : I ^ 2 = -1`` is one more generator when ``Complex.I`` occurs);
* :func:`complex_closers` — the closing tactics for a ℂ goal (``ring``, ``linear_combination …``, and
  ``apply mul_left_cancel₀ (sub_ne_zero.mpr h)`` first when a hypothesis ``u ≠ v`` is a factor to cancel).

The self-check (:mod:`symbolic.bridge.selfcheck`) recomputes ``a - b - Σ cᵢ (lᵢ - rᵢ)`` with :func:`poly`.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations_with_replacement

from symbolic.bridge.lean_text import lean_text
from symbolic.logic import COMPLEX, NAT, Op, Term, app, const, var
from symbolic.logic.terms import APP, CONST, VAR

__all__ = ["I_SQ", "Atoms", "Poly", "certificate", "combination_text", "complex_closers", "poly", "uses_complex"]

Monomial = tuple[tuple[int, int], ...]  # (atom index, exponent), sorted
Poly = dict[Monomial, Fraction]

#: Mathlib's ``Complex.I_sq : Complex.I ^ 2 = -1``
I_SQ = "Complex.I_sq"
_I = var("Complex.I", COMPLEX)
_MAX_DEGREE = 2
_MAX_UNKNOWNS = 600


class Atoms:
    """Atom table: a term (or an inverse's key) ↔ an index, shared by all polynomials of one computation."""

    def __init__(self) -> None:
        self.index: dict[object, int] = {}
        self.terms: list[object] = []

    def of(self, key: object) -> int:
        if key not in self.index:
            self.index[key] = len(self.terms)
            self.terms.append(key)
        return self.index[key]


def _mul(p: Poly, q: Poly) -> Poly:
    out: Poly = {}
    for m1, c1 in p.items():
        for m2, c2 in q.items():
            exps = dict(m1)
            for a, e in m2:
                exps[a] = exps.get(a, 0) + e
            m = tuple(sorted(exps.items()))
            out[m] = out.get(m, Fraction(0)) + c1 * c2
    return {m: c for m, c in out.items() if c}


def _add(p: Poly, q: Poly, k: Fraction = Fraction(1)) -> Poly:
    out = dict(p)
    for m, c in q.items():
        out[m] = out.get(m, Fraction(0)) + k * c
    return {m: c for m, c in out.items() if c}


def _const(c: Fraction) -> Poly:
    return {(): Fraction(c)} if c else {}


def poly(t: Term, atoms: Atoms) -> Poly | None:
    """``t``'s normal form as ``ring`` sees it, or None when ``t`` holds something it does not normalise."""
    if t.kind == CONST:
        return _const(Fraction(t.value))
    if t.kind == VAR:
        return {((atoms.of(t), 1),): Fraction(1)}
    if t.kind != APP:
        return None
    op = t.head
    if isinstance(op, Term):
        return {((atoms.of(t), 1),): Fraction(1)}
    if op is Op.CAST:
        inner = poly(t.args[0], atoms)
        if inner is not None and (not inner or list(inner) == [()]):
            return inner  # a cast literal is the literal (Nat.cast_ofNat)
        return {((atoms.of(t), 1),): Fraction(1)}
    if op is Op.NEG:
        p = poly(t.args[0], atoms)
        return None if p is None else {m: -c for m, c in p.items()}
    if op is Op.SUB and t.sort is NAT:
        return None  # truncated: not a ring operation
    if op in (Op.ADD, Op.SUB, Op.MUL, Op.DIV):
        p, q = poly(t.args[0], atoms), poly(t.args[1], atoms)
        if p is None or q is None:
            return None
        if op is Op.ADD:
            return _add(p, q)
        if op is Op.SUB:
            return _add(p, q, Fraction(-1))
        if op is Op.MUL:
            return _mul(p, q)
        if not q:
            return {}  # x / 0 = 0 (Mathlib's div_zero; ring knows it)
        if list(q) == [()]:
            return {m: c / q[()] for m, c in p.items()}
        key = ("inv", tuple(sorted(q.items())))
        return _mul(p, {((atoms.of(key), 1),): Fraction(1)})
    if op is Op.POW:
        e = t.args[1]
        if e.kind != CONST or int(e.value) < 0 or int(e.value) > 64:
            return None
        p = poly(t.args[0], atoms)
        if p is None:
            return None
        out = _const(Fraction(1))
        for _ in range(int(e.value)):
            out = _mul(out, p)
        return out
    return None


def _difference(eq: Term, atoms: Atoms) -> Poly | None:
    if eq.op is not Op.EQ:
        return None
    a, b = (poly(x, atoms) for x in eq.args)
    return None if a is None or b is None else _add(a, b, Fraction(-1))


def _monomials(atom_ids: list[int], degree: int) -> list[Monomial]:
    out: list[Monomial] = [()]
    for d in range(1, degree + 1):
        for combo in combinations_with_replacement(atom_ids, d):
            exps: dict[int, int] = {}
            for a in combo:
                exps[a] = exps.get(a, 0) + 1
            out.append(tuple(sorted(exps.items())))
    return out


def _solve(target: Poly, gens: list[Poly], monos: list[Monomial]) -> list[Poly] | None:
    """Cofactors c (each a combination of ``monos``) with ``target = Σ cᵢ gᵢ``, by Gaussian elimination."""
    unknowns = [(i, m) for i in range(len(gens)) for m in monos]
    if len(unknowns) > _MAX_UNKNOWNS:
        return None
    rows: dict[Monomial, dict[int, Fraction]] = {}
    for k, (i, m) in enumerate(unknowns):
        for mono, c in _mul({m: Fraction(1)}, gens[i]).items():
            rows.setdefault(mono, {})[k] = c
    eqs = [(row, target.get(mono, Fraction(0))) for mono, row in rows.items()]
    if any(mono not in rows for mono in target):
        return None
    pivots: list[tuple[int, dict[int, Fraction], Fraction]] = []
    for row, rhs in eqs:
        row = dict(row)
        for col, prow, prhs in pivots:
            f = row.get(col)
            if f:
                for j, v in prow.items():
                    row[j] = row.get(j, Fraction(0)) - f * v
                rhs -= f * prhs
                row = {j: v for j, v in row.items() if v}
        if not row:
            if rhs:
                return None
            continue
        col = min(row)
        inv = 1 / row[col]
        row = {j: v * inv for j, v in row.items()}
        rhs *= inv
        # keep earlier pivot rows reduced in this column
        reduced = []
        for c2, r2, h2 in pivots:
            f = r2.get(col)
            if f:
                r2 = {j: r2.get(j, Fraction(0)) - f * row.get(j, Fraction(0)) for j in set(r2) | set(row)}
                r2 = {j: v for j, v in r2.items() if v}
                h2 -= f * rhs
            reduced.append((c2, r2, h2))
        pivots = [*reduced, (col, row, rhs)]
    solution = dict.fromkeys(range(len(unknowns)), Fraction(0))
    for col, _row, rhs in pivots:
        solution[col] = rhs  # free unknowns are 0
    cof: list[Poly] = [{} for _ in gens]
    for k, (i, m) in enumerate(unknowns):
        if solution[k]:
            cof[i][m] = solution[k]
    return cof


def certificate(goal: Term, hyps: list[tuple[str, Term]], *, factor: Term | None = None
                ) -> list[tuple[str, Poly, Atoms]] | None:
    """Cofactors for ``linear_combination`` (name, cofactor, atom table), ``[]`` for ``ring``; None if none of
    degree ≤ 2 exists. ``factor``: prove ``factor * a = factor * b`` instead of ``a = b``."""
    if goal.op is not Op.EQ or goal.args[0].sort is NAT:
        return None  # linear_combination works in commutative rings; ℕ has no negation
    atoms = Atoms()
    target = _difference(goal, atoms)
    if target is None:
        return None
    if factor is not None:
        f = poly(factor, atoms)
        if f is None:
            return None
        target = _mul(f, target)
    if not target:
        return []
    named: list[tuple[str, Poly]] = []
    for name, h in hyps:
        d = _difference(h, atoms) if h.op is Op.EQ and h.args[0].sort is goal.args[0].sort else None
        if d:
            named.append((name, d))
    if _I in atoms.index:
        named.append((I_SQ, _add({((atoms.of(_I), 2),): Fraction(1)}, _const(Fraction(1)))))
    if not named:
        return None
    atom_ids = list(range(len(atoms.terms)))
    for degree in range(_MAX_DEGREE + 1):
        cof = _solve(target, [g for _, g in named], _monomials(atom_ids, degree))
        if cof is not None:
            return [(name, c, atoms) for (name, _), c in zip(named, cof, strict=True) if c]
    return None


def _term_of(p: Poly, atoms: Atoms, like: Term) -> Term:
    """A Lean-level term of ``like``'s sort for the polynomial ``p`` (atoms are terms of that sort)."""
    s = like.sort
    parts: list[Term] = []
    for m, c in sorted(p.items()):
        factors: list[Term] = [] if c == 1 and m else [const(c, s)]
        for a, e in m:
            base = atoms.terms[a]
            assert isinstance(base, Term), "an inverse atom never enters a cofactor of a printed certificate"
            factors.append(base if e == 1 else app(Op.POW, base, const(e, NAT)))
        t = factors[0]
        for f in factors[1:]:
            t = app(Op.MUL, t, f)
        parts.append(t)
    out = parts[0]
    for t in parts[1:]:
        out = app(Op.ADD, out, t)
    return out


def combination_text(cert: list[tuple[str, Poly, Atoms]], like: Term) -> str:
    """``linear_combination c₁ * h₁ + …`` (``ring`` when no hypothesis is needed)."""
    if not cert:
        return "ring"
    terms = []
    if not _printable(cert):
        raise ValueError("a cofactor with an inverse atom has no Lean text here")
    for name, c, atoms in cert:
        if c == {(): Fraction(1)}:
            terms.append(name)
        else:
            text = lean_text(_term_of(c, atoms, like))
            atomic = (text.startswith("(") and text.endswith(")") and text.count("(") == 1) or " " not in text
            terms.append(f"{text if atomic else f'({text})'} * {name}")
    return "linear_combination " + " + ".join(terms)


def uses_complex(formulas: list[Term]) -> bool:
    """True when a formula has a subterm of sort ℂ."""
    return any(s.sort is COMPLEX for f in formulas for s in f.subterms())


def _conjuncts(t: Term) -> list[Term]:
    return [x for a in t.args for x in _conjuncts(a)] if t.op is Op.AND else [t]


def _one(goal: Term, hyps: list[tuple[str, Term]]) -> list[str]:
    """Closing lines for one equation: a certificate, else cancellation of a non-zero factor."""
    if goal.op is not Op.EQ:
        return []
    cert = certificate(goal, hyps)
    if cert is not None and _printable(cert):
        return [combination_text(cert, goal.args[0])]
    for name, h in hyps:
        if h.op is Op.NE and h.args[0].sort is goal.args[0].sort:
            factor = app(Op.SUB, *h.args)
            cert = certificate(goal, hyps, factor=factor)
            if cert is not None and _printable(cert):
                return [f"apply mul_left_cancel₀ (sub_ne_zero.mpr {name})", combination_text(cert, goal.args[0])]
    return []


def _printable(cert: list[tuple[str, Poly, Atoms]]) -> bool:
    return not any(isinstance(atoms.terms[a], tuple) for _, c, atoms in cert for m in c for a, _ in m)


def complex_closers(goal: Term, hyps: list[tuple[str, Term]]) -> list[str]:
    """Closing blocks (lines joined by newlines) for a goal over ℂ: an equation, or a conjunction of them
    (``exact ⟨by …, by …⟩``); [] when no certificate of degree ≤ 2 exists."""
    parts = _conjuncts(goal)
    if len(parts) == 1:
        lines = _one(goal, hyps)
        return ["\n".join(lines)] if lines else []
    found = []
    for p in parts:
        lines = _one(p, hyps)
        if len(lines) != 1:
            return []
        found.append(f"by {lines[0]}")
    return [f"exact ⟨{', '.join(found)}⟩"]
