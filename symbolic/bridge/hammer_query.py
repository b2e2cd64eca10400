"""The hammer's SMT queries as a pure function of the translated statement.

The hammer builds its queries here, and a replay rebuilds them here from the recorded Lean statement: a
recorded query is tied to its statement when its text is the text rebuilt (same lowering, same printer).
Every assertion is then one the statement justifies: a hypothesis, an instance of a ∀-hypothesis on the
problem's ground terms (the same instantiation, with the recorded bound on the number of instances), a fact
of the fixed fact library, the negated goal, or a side condition of the lowering. A replay thus needs only
the statement, the query's kind and the instance bound (:func:`query_mismatch`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from symbolic.bridge.elaborate import Hypothesis
from symbolic.bridge.facts import ground_facts, uncovered
from symbolic.bridge.instances import Instance, instantiate
from symbolic.bridge.lower import Lowering
from symbolic.bridge.translate import Translation
from symbolic.logic import Op, Term, not_, substitute, var
from symbolic.logic.terms import APP, QUANT

__all__ = ["QUERY_KINDS", "HammerQueries", "hammer_queries", "negated_goal_smtlib", "query_mismatch", "query_text"]

#: The kinds of query the hammer records (AquaForte runs on the quantified query's assertions).
QUERY_KINDS = ("ground", "quantified")


@dataclass
class HammerQueries:
    """What the hammer asks of one sequent, built from the statement alone.

    ``ground``: ground hypotheses, instances, facts, ¬goal, side conditions (named for the unsat core);
    ``quantified()``: the hypotheses as they are, ¬goal, facts, side conditions (the solver instantiates)."""

    hyps: list[Hypothesis]
    goal: Term
    intros: list[str]
    witnesses: list[tuple[str, list[str], str]]
    ground_hyps: list[Hypothesis]
    quant_hyps: list[Hypothesis]
    instances: list[Instance]
    facts: list[tuple[str, Term]]
    ground: list[tuple[str, Term]]
    lowering: Lowering
    abstracted: set[str] = field(default_factory=set)  # what the encoding leaves out, beyond the sequent's

    def quantified(self) -> tuple[list[tuple[str, Term]], Lowering]:
        low = Lowering()
        named = [(h.name, low.lower(h.formula)) for h in self.hyps] + [("goal", low.lower(not_(self.goal)))]
        named += [(f"fact{k}", low.lower(f)) for k, (_, f) in enumerate(self.facts, start=1)]
        named += [(f"side{k}", s) for k, s in enumerate(low.side_conditions(), start=1)]
        return named, low

    def named(self, kind: str) -> list[tuple[str, Term]]:
        if kind not in QUERY_KINDS:
            raise ValueError(f"unknown hammer query kind {kind!r} (expected one of {', '.join(QUERY_KINDS)})")
        return self.ground if kind == "ground" else self.quantified()[0]


def hammer_queries(tr: Translation, *, max_instances: int, extra: list[Instance] | None = None) -> HammerQueries:
    """Build the hammer's queries on ``tr.sequent`` (its goal's ∀/→ introduced, its ∃-hypotheses opened);
    ``extra``: instances found beyond E-matching (from models, :mod:`symbolic.bridge.model_instances`)."""
    seq = tr.sequent
    hyps, goal, intros = _intro(tr)
    hyps, witnesses = _open_exists(hyps, {*seq.variables, *(h.name for h in hyps), *intros})
    ground_hyps = [h for h in hyps if not _quantified(h.formula)]
    quant_hyps = [h for h in hyps if _quantified(h.formula)]
    instances = instantiate([(h.name, h.formula) for h in quant_hyps], [h.formula for h in ground_hyps] + [goal],
                            max_instances=max_instances)
    instances += [i for i in extra or [] if i not in instances]
    # Mathlib facts on each ground √t (they determine it: sqrt stays exact), t ^ (p/q : ℝ) and π
    ground_formulas = [h.formula for h in ground_hyps] + [i.formula for i in instances] + [goal]
    facts = ground_facts(ground_formulas)
    abstracted: set[str] = set()
    # √ is exact only through its facts: an occurrence under a binder has none, so the encoding is inexact
    if uncovered(ground_formulas, "Real.sqrt") or any(_mentions_symbol(h.formula, "Real.sqrt")
                                                      for h in quant_hyps):
        abstracted.add("Real.sqrt under a binder")
    low = Lowering()
    named: list[tuple[str, Term]] = [(h.name, low.lower(h.formula)) for h in ground_hyps]
    named += [(f"inst{k}", low.lower(i.formula)) for k, i in enumerate(instances, start=1)]
    named += [(f"fact{k}", low.lower(f)) for k, (_, f) in enumerate(facts, start=1)]
    named.append(("goal", low.lower(not_(goal))))
    named += [(f"side{k}", s) for k, s in enumerate(low.side_conditions(), start=1)]
    return HammerQueries(hyps, goal, intros, witnesses, ground_hyps, quant_hyps, instances, facts, named, low,
                         abstracted)


def negated_goal_smtlib(tr: Translation) -> str:
    """The SMT-LIB term of the negated goal, as the hammer (and a symbolic closing step) asserts it."""
    from symbolic.smt.smtlib_writer import term_to_smtlib

    _, goal, _ = _intro(tr)
    return term_to_smtlib(Lowering().lower(not_(goal)))


def query_text(named: list[tuple[str, Term]]) -> str:
    """The standalone SMT-LIB script the hammer's ``check_sat`` call records for these named assertions."""
    from symbolic.smt.api import prepare_job, standalone_script

    job, _ = prepare_job([t for _, t in named], timeout=1.0, want_model=True, want_core=True,
                         names=[n for n, _ in named])
    return standalone_script(job)


def query_mismatch(recorded: str, tr: Translation, *, kind: str, max_instances: int) -> str:
    """"" when ``recorded`` is the ``kind`` query the statement gives, else the first recorded command the
    statement does not justify (or the first it needs that is missing)."""
    rebuilt = query_text(hammer_queries(tr, max_instances=max_instances).named(kind))
    if recorded == rebuilt:
        return ""
    have, want = recorded.splitlines(), rebuilt.splitlines()
    wanted = set(want)
    extra = next((ln for ln in have if ln not in wanted), None)
    if extra is not None:
        return f"the query asserts what the statement does not justify: {_short(extra)}"
    present = set(have)
    missing = next((ln for ln in want if ln not in present), None)
    if missing is not None:
        return f"the query lacks what the statement gives: {_short(missing)}"
    return "the query's commands differ in order or number from the ones the statement gives"


def _short(line: str, limit: int = 160) -> str:
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _intro(tr: Translation) -> tuple[list[Hypothesis], Term, list[str]]:
    """Introduce the goal's leading ∀ binders and → premises (the script starts with ``intro``)."""
    hyps = list(tr.sequent.hypotheses)
    goal = tr.sequent.goal
    names: list[str] = []
    # a binder named like a context variable or hypothesis is a new variable (Lean's ``intro`` shadows): it is
    # introduced under a fresh name, never identified with the one in the context
    taken = set(tr.sequent.variables) | {h.name for h in hyps}
    taken |= {v.name for h in hyps for v in h.formula.free_vars} | {v.name for v in goal.free_vars}
    k = 0
    while True:
        if goal.kind == QUANT and goal.head == "forall":
            body = goal.body
            for b in goal.binders:
                name = b.name
                if name in taken:
                    name = _fresh(name, taken)
                    body = substitute(body, {b: var(name, b.sort)})
                taken.add(name)
                names.append(name)
            goal = body
        elif goal.op is Op.IMPLIES:
            k += 1
            while f"hi{k}" in taken:
                k += 1
            name = f"hi{k}"
            taken.add(name)
            names.append(name)
            hyps.append(Hypothesis(name, goal.args[0]))
            goal = goal.args[1]
        else:
            return hyps, goal, names


def _fresh(name: str, taken: set[str]) -> str:
    """``name_1``, ``name_2``, … : the first not in ``taken`` (a valid Lean identifier)."""
    k = 1
    while f"{name}_{k}" in taken:
        k += 1
    return f"{name}_{k}"


def _open_exists(hyps: list[Hypothesis], taken: set[str]) -> tuple[list[Hypothesis], list[tuple[str, list[str],
                                                                                               str]]]:
    """Open each accessible top-level ``∃`` hypothesis as Lean's ``obtain ⟨x, h_w⟩ := h`` does: fresh witness
    variables and the body as a ground hypothesis (satisfiability is unchanged), so the ground query and the
    script see the same witness. Returns the hypotheses and the (hypothesis, witnesses, body name) opened."""
    last = {h.name: h for h in hyps}
    out: list[Hypothesis] = []
    opened: list[tuple[str, list[str], str]] = []
    for h in hyps:
        f = h.formula
        if not (f.kind == QUANT and f.head == "exists") or last[h.name] is not h:
            out.append(h)
            continue
        names: list[str] = []
        mapping: dict[Term, Term] = {}
        while f.kind == QUANT and f.head == "exists":
            for b in f.binders:
                name = _fresh(b.name, taken)
                mapping[b] = var(name, b.sort)
                names.append(name)
            f = f.body
        body_name = _fresh(f"{h.name}_w", taken)
        out.append(Hypothesis(body_name, substitute(f, mapping)))
        opened.append((h.name, names, body_name))
    return out, opened


def _fresh(name: str, taken: set[str]) -> str:
    k, fresh = 0, name
    while fresh in taken:
        k += 1
        fresh = f"{name}_{k}"
    taken.add(fresh)
    return fresh


def _mentions_symbol(t: Term, name: str) -> bool:
    return any(isinstance(s.head, Term) and s.head.name == name for s in t.subterms() if s.kind == APP)


def _quantified(t: Term) -> bool:
    return any(s.kind == QUANT for s in t.subterms())
