"""Reconstruction: a Lean tactic script from what the solver used.

The script introduces the goal's binders, splits conjunctive hypotheses that were used, states each used
instance as a ``have`` (``have i1 := h₀ (3 : ℝ)``), and closes with a Lean decision procedure. Several closers
are produced in a fixed order chosen by the problem's shape; a Lean checker (when one is injected) tries them
in that order. Nothing here runs Lean: an unchecked script has verdict ``not checked``.
"""

from __future__ import annotations

from dataclasses import dataclass

from symbolic.bridge.instances import Instance
from symbolic.bridge.lean_names import exponent_option
from symbolic.bridge.ring_cert import complex_closers, uses_complex
from symbolic.logic import BOOL, INT, NAT, RAT, REAL, Op, Term
from symbolic.logic.terms import APP

__all__ = ["Candidate", "closers", "reconstruct"]


@dataclass(frozen=True)
class Candidate:
    """One reconstruction: the closing tactic's name, the tactic block, and the full Lean source if known."""

    closer: str
    tactics: str
    lean: str | None


def _ops(t: Term) -> set[object]:
    return {s.head for s in t.subterms() if s.kind == APP}


def _sorts(t: Term) -> set[object]:
    return {s.sort for s in t.subterms()} | {b.sort for s in t.subterms() for b in s.binders}


def _nonlinear(t: Term) -> bool:
    for s in t.subterms():
        if s.op is Op.MUL and not any(a.is_const for a in s.args):
            return True
        if s.op is Op.POW and not (s.args[1].is_const and s.args[0].is_const):
            return True
        if s.op in (Op.DIV, Op.IDIV, Op.MOD) and not s.args[1].is_const:
            return True
    return False


_RANK = {NAT: 0, INT: 1, RAT: 2, REAL: 3}


def _squares(free: list[Term]) -> list[str]:
    numeric = [v for v in free if v.sort in _RANK]
    if not numeric:
        return []
    top = max((v.sort for v in numeric), key=lambda srt: _RANK[srt])
    xs = [v.name for v in numeric if v.sort is top][:4]  # one sort only: `sq_nonneg (n - x)` must typecheck
    hints = [f"sq_nonneg ({a} - {b})" for i, a in enumerate(xs) for b in xs[i + 1:]]
    hints += [f"sq_nonneg ({a} + {b})" for i, a in enumerate(xs) for b in xs[i + 1:]]
    hints += [f"sq_nonneg {a}" for a in xs]
    return hints[:8]


def closers(formulas: list[Term], goal: Term, facts: list[str] | None = None,
            hyps: list[str] | None = None) -> list[str]:
    """Closing tactics in the fixed order for this problem's shape (first is the primary one). ``facts``: the
    ``have`` names the proof uses, ``hyps``: the local hypotheses it uses; the ground closers (``norm_num``,
    ``simp``) read no local hypothesis unless it is named, so both go into their lists, and ``decide`` and
    ``positivity``, which read the goal alone, are offered only when the proof uses nothing local."""
    facts = list(facts or [])
    named = list(hyps or []) + facts
    everything = [*formulas, goal]
    free = sorted({v for f in everything for v in f.free_vars}, key=lambda v: v.name)
    sorts: set[object] = set()
    ops: set[object] = set()
    for f in everything:
        sorts |= _sorts(f)
        ops |= _ops(f)
    integral = not (sorts - {NAT, INT, BOOL})
    nonlinear = any(_nonlinear(f) for f in everything)
    conj = goal.op is Op.AND
    variable_division = any(s.op is Op.DIV and not s.args[1].is_const for f in everything for s in f.subterms())
    out: list[str] = []
    uf = any(isinstance(h, Term) for h in ops)
    if not goal.free_vars and not any(f.free_vars for f in formulas):
        if facts:  # instances such as f (1/3 * 3) = 1/3 * f 3 need normalising before they fit the goal
            out.append("norm_num at * <;> linarith")
        out += [f"norm_num [{', '.join(named)}]" if named else "norm_num"]
        out += [] if uf or named else ["decide"]
        out += [f"simp [{', '.join(named)}]" if named else "simp"]
    if integral and not nonlinear:
        out += ["omega"]
    if conj:
        parts = len(_conjuncts(goal))
        holes = ", ".join(["?_"] * parts)
        inner = "nlinarith" if nonlinear else "linarith"
        out.append(f"refine ⟨{holes}⟩ <;> {inner}")
        out.append(f"refine ⟨{holes}⟩ <;> norm_num at * <;> {inner}")
    if nonlinear:
        if variable_division:
            out.append("field_simp at * <;> nlinarith")
        out.append(f"nlinarith [{', '.join(_squares(free))}]")
    else:
        out.append("linarith")
    if integral and nonlinear:
        out += ["omega"]
    out += ["norm_num at * <;> linarith", *([] if named else ["positivity"]), "simp_all", "norm_num [*] at *"]
    seen: dict[str, None] = {}
    for c in out:
        seen.setdefault(c, None)
    return list(seen)


def _conjuncts(t: Term) -> list[Term]:
    return [x for a in t.args for x in _conjuncts(a)] if t.op is Op.AND else [t]


def reconstruct(*, header: str | None, intros: list[str], split_hyps: dict[str, int],
                instances: list[Instance], formulas: list[Term], goal: Term,
                facts: list[str] | None = None,
                witnesses: list[tuple[str, list[str], str]] | None = None,
                named: list[tuple[str, Term]] | None = None,
                hyps: list[str] | None = None) -> list[Candidate]:
    """All candidate scripts, in the fixed order of :func:`closers`; ``witnesses`` are the ``∃`` hypotheses
    opened before the query, as (hypothesis, witness names, body name); ``named``: the used hypotheses by
    name (a goal over ℂ is closed by ``ring``/``linear_combination`` on them, the only closers that apply);
    ``hyps`` the local hypotheses the proof uses (under the names the script leaves them)."""
    lines: list[str] = []
    if intros:
        lines.append("intro " + " ".join(intros))
    for hyp, names, body in witnesses or []:
        lines.append(f"obtain ⟨{', '.join([*names, body])}⟩ := {hyp}")
    for name, parts in split_hyps.items():
        pats = ", ".join(f"{name}_{i + 1}" for i in range(parts))
        lines.append(f"obtain ⟨{pats}⟩ := {name}")
    for k, inst in enumerate(instances, start=1):
        proof = f"{inst.hypothesis} {' '.join(inst.lean_args)}"
        # the instance's type is left to Lean (`h₀ 3` has exactly the instantiated statement)
        lines.append(f"have i{k} := {proof}")
    for k, fact in enumerate(facts or [], start=1):
        lines.append(f"have f{k} := {fact}")
    out = []
    names = [f"i{k}" for k in range(1, len(instances) + 1)] + [f"f{k}" for k in range(1, len(facts or []) + 1)]
    if uses_complex([*formulas, goal]):
        named_hyps = [*(named or []), *((f"i{k}", inst.formula) for k, inst in enumerate(instances, start=1))]
        chosen = complex_closers(goal, named_hyps)
    else:
        chosen = closers(formulas, goal, names, hyps)
    option = exponent_option([*formulas, goal])  # a power norm_num would refuse to evaluate by default
    for closer in chosen:
        body = "\n".join(f"  {ln}" for ln in [*lines, *(option + c for c in closer.splitlines())])
        lean = f"{header} := by\n{body}" if header else None
        out.append(Candidate(closer, body, lean))
    return out
