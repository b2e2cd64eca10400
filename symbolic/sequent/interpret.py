"""Lean 4 tactic text → the checked step it stands for on a :class:`Goal`.

Structural tactics are recognised by their form (``intro x``, ``revert h``, ``constructor``, ``rcases h with h | h``,
``obtain ⟨x, hx⟩ := h``, ``induction' n with k ih``, ``interval_cases x`` (also ``interval_cases x <;> closer``, every case decided by the hammer), ``subst h``, ``have h := h₀ t``, the
``have`` of a sum/power fact the closer would add, ``have h : C`` — a cut whose goal ``C`` comes first). A terminal automation tactic (``linarith``, ``nlinarith``,
``norm_num``, ``omega``, ``positivity``, …, also after ``<;>`` or at the end of a hammer script) is decided by
the SMT hammer on the goal, and the text is kept as the Lean step. ``hammer`` asks for the hammer's own script.
Anything else is :class:`NotInterpretable` (the environment reports it unsupported).
"""

from __future__ import annotations

import re
import time

from symbolic.bridge.elaborate import Hypothesis
from symbolic.errors import SymbolicError
from symbolic.sequent.close import close, closing_facts
from symbolic.sequent.conjecture import cut, parse_in_context
from symbolic.sequent.goal import Goal
from symbolic.sequent.tactics import (
    Step,
    TacticError,
    cases_or,
    constructor,
    induction,
    instantiate_hyp,
    interval_cases,
    intro,
    obtain,
    revert,
    subst,
)

__all__ = ["CLOSERS", "HAMMER", "NotInterpretable", "interpret", "is_closer"]

HAMMER = "hammer"  # the pseudo-tactic: close by the SMT hammer, recording its reconstructed script
#: terminal tactics decided by the hammer (they close the goal in Lean or fail; ``simp``, ``ring_nf``,
#: ``field_simp`` may leave a goal, so they are only accepted before a ``<;>`` closer)
CLOSERS = frozenset({"linarith", "nlinarith", "norm_num", "omega", "positivity", "decide", "simp_all", "aesop",
                     "polyrith", "tauto", "trivial", "linarith!", "nlinarith!", "bound"})
_STRUCTURE = ("intro", "obtain", "have", "rcases")

_ID = r"[^\s,⟨⟩|()\[\]:]+"
_RCASES = re.compile(rf"^rcases ({_ID}) with ({_ID}) \| ({_ID})$")
_OBTAIN = re.compile(rf"^obtain ⟨\s*({_ID}(?:\s*,\s*{_ID})*)\s*⟩ := ({_ID})$")
_INDUCTION = re.compile(rf"^induction'? ({_ID})(?: with ({_ID}) ({_ID}))?$")
_HAVE_INST = re.compile(rf"^have ({_ID}) := ({_ID}) (.+)$")
_HAVE_FACT = re.compile(rf"^have ({_ID}) : (.+) := (.+)$")
_RAISED = re.compile(r"^set_option exponentiation\.threshold \d+ in ")
_CUT = re.compile(rf"^have ({_ID}) : ((?:(?!:=).)+)$")  # `have h : C` with no proof: C becomes the first goal


class NotInterpretable(SymbolicError):
    """The text is no tactic this environment understands."""


def is_closer(line: str) -> bool:
    """A terminal automation tactic (the last component of ``a <;> b`` decides)."""
    last = _RAISED.sub("", line.split("<;>")[-1].strip())  # `set_option exponentiation.threshold N in norm_num`
    head = last.split()[0] if last.split() else ""
    return head in CLOSERS and " at " not in f" {last} "  # `norm_num at h` rewrites a hypothesis only


def interpret(goal: Goal, text: str, *, timeout: float = 5.0) -> Step:
    """The step ``text`` stands for on ``goal``; raises :class:`TacticError` (does not apply) or
    :class:`NotInterpretable`."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    if not lines:
        raise NotInterpretable("empty tactic")
    if len(lines) > 1:
        if is_closer(lines[-1]) and all(ln.split()[0] in _STRUCTURE for ln in lines[:-1]):
            return close(goal, timeout=timeout, lean="\n".join(lines))  # a whole closing script, decided at once
        raise NotInterpretable("a multi-line tactic block that is not a closing script")
    t = " ".join(lines[0].split())
    if t == HAMMER:
        return close(goal, timeout=timeout)
    if m := re.match(rf"^interval_cases ({_ID}) <;> (.+)$", t):
        return _every_case(goal, m.group(1), m.group(2), t, timeout)
    if is_closer(t):
        return close(goal, timeout=timeout, lean=t)
    head = t.split()[0]
    if head == "intro":
        names = t.split()[1:]
        if not names:
            return intro(goal)
        steps: list[Step] = []
        g = goal
        for n in names:
            s = intro(g, n)
            steps.append(s)
            g = s.goals[0]
        return Step((g,), t)
    if t == "constructor":
        return constructor(goal)
    if m := _RCASES.match(t):
        h, a, b = m.groups()
        s = cases_or(goal, h)
        goals = tuple(_rename_hyp(g, h, n) for g, n in zip(s.goals, (a, b), strict=True))
        return Step(goals, t)
    if m := _OBTAIN.match(t):
        names = tuple(n.strip() for n in m.group(1).split(","))
        return obtain(goal, m.group(2), names)
    if m := _INDUCTION.match(t):
        s = induction(goal, m.group(1), m.group(2), m.group(3))
        return Step(s.goals, t) if m.group(2) else s
    if m := re.match(rf"^interval_cases ({_ID})$", t):
        return interval_cases(goal, m.group(1), timeout=timeout)
    if head == "revert":
        return revert(goal, tuple(t.split()[1:]))
    if m := re.match(rf"^subst ({_ID})$", t):
        return subst(goal, m.group(1))
    if m := _CUT.match(t):
        return cut(goal, m.group(1), parse_in_context(goal, m.group(2)))
    if m := _HAVE_FACT.match(t):
        return _have_fact(goal, t, m.group(1))
    if m := _HAVE_INST.match(t):
        s = instantiate_hyp(goal, m.group(2), m.group(3))
        new = s.goals[0]
        return Step((_rename_hyp(new, new.hyps[-1].name, m.group(1)),), t)
    raise NotInterpretable(f"not a tactic of the symbolic environment: {t[:60]}")


def _rename_hyp(goal: Goal, old: str, new: str) -> Goal:
    if old == new:
        return goal
    if new in goal.names():
        raise TacticError(f"name {new} is already taken")
    return goal.with_hyps([Hypothesis(new, h.formula) if h.name == old else h for h in goal.hyps])


def _have_fact(goal: Goal, text: str, name: str) -> Step:
    """``have hf : <fact> := <lemma>`` for one of the Mathlib facts the closer adds (matched by its text)."""
    facts = closing_facts(goal)
    for h, line in zip(facts.hyps, facts.lean, strict=True):
        if " ".join(line.split()) == text.replace(f"have {name} :", f"have {h.name} :", 1):
            return Step((goal.with_hyps([*goal.hyps, Hypothesis(name, h.formula)]),), text)
    from symbolic.sequent.gl_facts import gl_fact_step  # an exponent law GL derived (checker gl-replay)

    if (step := gl_fact_step(goal, text)) is not None:
        return step
    raise NotInterpretable(f"have: not a fact this environment can justify: {text[:60]}")


def _every_case(goal: Goal, name: str, closer: str, text: str, timeout: float) -> Step:
    """``interval_cases x <;> closer``: enumerate, then the hammer decides every case (all must close)."""
    if not (is_closer(closer) or closer.startswith("first |")):
        raise NotInterpretable(f"not a closing tactic after interval_cases: {closer[:60]}")
    deadline = time.monotonic() + 2 * timeout  # the whole step stays within the tactic's time
    split = interval_cases(goal, name, timeout=timeout)
    cases = []
    for k, g in enumerate(split.goals, start=1):
        left = deadline - time.monotonic()
        if left < 0.2:
            raise TacticError(f"timeout: {len(split.goals) - k + 1} of {len(split.goals)} cases left undecided")
        cases.append(close(g, timeout=min(timeout, left), lean=closer).evidence)
    return Step((), text, split.checker, {**split.evidence, "cases": cases})
