"""``SymbolicEnv``: the search's environment over sequents of the term language (no Lean needed).

States hold :class:`symbolic.sequent.Goal` objects and show them as Lean prints goals, so scoring,
deduplication and the progress predictor see the same text as with Lean. Tactics are the checked structural
steps of :mod:`symbolic.sequent.tactics` (by their Lean text) and terminal automation decided by the SMT hammer.
Every closing step records its SMT-LIB query; :meth:`SymbolicEnv.verify` reads the assembled Lean proof back,
re-derives every step from the statement, and re-solves the recorded queries. The Lean text is not Lean-checked.
"""

from __future__ import annotations

import re
import time
from typing import Any

from prover.search.environment import (
    EnvironmentUnsupported,
    State,
    StepKind,
    StepOutcome,
    Suggestion,
    Theorem,
)
from symbolic.bridge.errors import UnsupportedError
from symbolic.errors import InputError, SymbolicError
from symbolic.logic import NAT, Op
from symbolic.logic.terms import QUANT, VAR
from symbolic.sequent import Goal, TacticError, goal_from_statement
from symbolic.sequent.close import Refuted
from symbolic.sequent.conjecture import cut, function_candidates
from symbolic.sequent.gl_facts import gl_fact_suggestions
from symbolic.sequent.interpret import HAMMER, NotInterpretable, interpret
from symbolic.sequent.smt import replay
from symbolic.sequent.tactics import MAX_CASES, instances, interval_bounds
from symbolic.verdicts import Checker, Claim, Outcome, Reason

__all__ = ["SymbolicEnv", "assemble", "breadth_first_proof"]

_GIVE_UP = re.compile(r"^\s*(sorry|admit)\b")
_PROOF_START = re.compile(r":=\s*by\b")


def _state(goals: tuple[Goal, ...]) -> State:
    return State(tuple(g.render() for g in goals), handle=goals)


class SymbolicEnv:
    """The symbolic implementation of :class:`prover.search.environment.Environment`."""

    name = "symbolic"

    def __init__(self, *, hammer_timeout_s: float = 5.0, replay_timeout_s: float = 10.0,
                 definition_proposer: Any = None, use_gl_facts: bool = True) -> None:
        self.hammer_timeout_s = hammer_timeout_s
        self.definition_proposer = definition_proposer  # AquaForte's proposer of closed forms (None: templates)
        self.use_gl_facts = use_gl_facts  # offer instances of GL-derived exponent laws as `have` steps
        self.replay_timeout_s = replay_timeout_s
        # (goal text, normalized closing text) -> SMT evidence, so verify can re-solve what closed each goal
        self._closings: dict[tuple[str, str], dict[str, Any]] = {}
        # goal text -> the cuts offered there; a conjecture's proof, step by step
        self._conjectured: dict[str, list[str]] = {}
        self._plan: dict[str, list[tuple[frozenset[Any], str]]] = {}  # target text -> (hypotheses, step)
        self._proved: dict[Any, frozenset[Any]] = {}  # conjecture -> the hypotheses its proof had
        self._unproved: set[str] = set()  # conjectures (with their context) no short proof closed

    # -- the seam --------------------------------------------------------------------------------------------
    def start(self, theorem: Theorem) -> State:
        try:
            goal, _name = goal_from_statement(theorem.statement, source=theorem.name)
        except UnsupportedError as exc:
            raise EnvironmentUnsupported(theorem.name, exc.construct) from None
        except InputError as exc:
            raise EnvironmentUnsupported(theorem.name, f"not a statement the bridge reads: {exc}") from None
        return _state((goal,))

    def run_tactic(self, state: State, tactic: str, *, timeout_s: float) -> StepOutcome:
        started = time.monotonic()
        goals: tuple[Goal, ...] = state.handle or ()
        if _GIVE_UP.match(tactic):
            return StepOutcome(StepKind.GIVEN_UP, message="sorry/admit is not a proof step")
        if not goals:
            return StepOutcome(StepKind.ERROR, message="no goals")
        timeout = max(0.5, min(self.hammer_timeout_s, timeout_s / 2))
        try:
            step = interpret(goals[0], tactic, timeout=timeout)
        except NotInterpretable as exc:
            return StepOutcome(StepKind.UNSUPPORTED, message=str(exc), seconds=time.monotonic() - started)
        except Refuted as exc:  # the counter-model goes with the failure: the search decides what it refutes
            return StepOutcome(StepKind.ERROR, message=str(exc), checker=Checker.SMT, seconds=time.monotonic() - started,
                               evidence={"counter_model": exc.model, "detail": exc.detail})
        except TacticError as exc:
            kind = StepKind.TIMEOUT if "timeout" in str(exc) else StepKind.ERROR
            return StepOutcome(kind, message=str(exc), seconds=time.monotonic() - started)
        except SymbolicError as exc:  # a term outside the solvers' reach, no solver installed: this step fails
            return StepOutcome(StepKind.ERROR, message=f"{type(exc).__name__}: {exc}",
                               seconds=time.monotonic() - started)
        if not step.goals and step.evidence:
            self._closings[(goals[0].render(), _norm(step.lean))] = step.evidence
        new = (*step.goals, *goals[1:])
        return StepOutcome(StepKind.CLOSED if not new else StepKind.PROGRESS, _state(new), lean=step.lean,
                           checker=step.checker, evidence=step.evidence, seconds=time.monotonic() - started)

    def suggestions(self, state: State) -> list[Suggestion]:
        goals: tuple[Goal, ...] = state.handle or ()
        if not goals:
            return []
        planned = self._planned(goals[0])
        if planned is not None:  # a conjecture's proof, found before the conjecture was offered: follow it
            return [Suggestion(planned, "aquaforte:conjecture", -0.05)]
        cuts = [Suggestion(c, "aquaforte:conjecture", -0.05) for c in self.conjectures(goals[0])]
        own = _suggest(goals[0])
        if cuts:  # a proved closed form makes the recurrence's instances redundant here (they stay after the cut)
            own = [s for s in own if s.source != "symbolic:instantiate"]
        gl = gl_fact_suggestions(goals[0]) if self.use_gl_facts else []
        return own + cuts + [Suggestion(t, "gl:fact", -1.6) for t in gl]

    # -- conjectures -----------------------------------------------------------------------------------------
    def conjectures(self, goal: Goal, *, budget_s: float | None = None) -> list[str]:
        """Cuts ``have hc : ∀ n, f n = body`` (an AquaForte-style candidate for a function variable) whose
        conjecture a short structural proof (``intro``, induction, the hammer on each case) has closed; a
        candidate nothing proves is never offered. The proof's steps are remembered per goal, so the search
        replays them as steps of its own (each SMT step tied to its own goal). ``budget_s``: one hammer timeout
        by default, so the search overruns its budget by no more than one tactic."""
        key = goal.render()
        if key in self._conjectured:
            return self._conjectured[key]
        found: list[str] = []
        deadline = time.monotonic() + (self.hammer_timeout_s if budget_s is None else budget_s)
        name = goal.fresh("hc")
        known = frozenset(h.formula for h in goal.hyps)
        for formula in function_candidates(goal, proposer=self.definition_proposer,
                                           timeout=max(0.5, deadline - time.monotonic())):
            if time.monotonic() >= deadline or formula in known:
                continue
            try:
                split = cut(goal, name, formula)
            except TacticError:
                continue
            proved_with = self._proved.get(formula)
            if proved_with is not None and proved_with <= known:  # its proof needs only hypotheses still here
                found.append(split.lean)
                continue
            conjecture = split.goals[0].render()  # the conjecture in its context: tried once per environment
            if conjecture in self._unproved:
                continue
            plan = self._prove_goal(split.goals[0], deadline)
            if plan is None:
                self._unproved.add(conjecture)
                continue
            for target, hyps, tactic in plan:
                self._plan.setdefault(target, []).append((hyps, tactic))
            self._proved[formula] = known
            found.append(split.lean)
        self._conjectured[key] = found
        return found

    def _planned(self, goal: Goal) -> str | None:
        """The step a conjecture's proof took on a goal with this target and no more hypotheses than here."""
        hyps = frozenset(h.formula for h in goal.hyps)
        return next((t for needed, t in self._plan.get(goal.show(goal.target), []) if needed <= hyps), None)

    def _prove_goal(self, goal: Goal, deadline: float) -> list[tuple[str, frozenset[Any], str]] | None:
        """The short structural proof of a conjecture ``∀ n, P n``: ``intro``, induction on the introduced
        variable, each case closed by the hammer. Returns (target, hypotheses, step) for each goal met."""
        state = _state((goal,))
        plan: list[tuple[str, frozenset[Any], str]] = []
        for make in (lambda g: "intro", _induction_text, *([lambda g: HAMMER] * 2)):
            left = deadline - time.monotonic()
            text = make(state.handle[0]) if state.handle else None
            if left <= 0.2 or text is None:
                return None
            out = self.run_tactic(state, text, timeout_s=min(2 * self.hammer_timeout_s, left))
            if not out.ok or (out.state is None and out.kind is not StepKind.CLOSED):
                return None
            g = state.handle[0]
            plan.append((g.show(g.target), frozenset(h.formula for h in g.hyps), text))
            if out.kind is StepKind.CLOSED:
                return plan
            state = out.state  # type: ignore[assignment]
        return None

    def verify(self, theorem: Theorem, proof: str) -> Claim:
        """Read the proof back: the statement must be the theorem's, and replaying its tactic lines from the
        statement must close every goal, each SMT step confirmed by re-solving its recorded query."""
        m = _PROOF_START.search(proof)
        if m is None:
            return Claim(Outcome.REJECTED, Checker.SELF_CHECK, detail="no `:= by` tactic proof in the text")
        try:
            stated, _ = goal_from_statement(proof[:m.start()] + ":= by sorry", source=theorem.name)
            expected = self.start(theorem).handle[0]
        except (InputError, EnvironmentUnsupported) as exc:
            return Claim(Outcome.REJECTED, Checker.SELF_CHECK, detail=f"statement not read back: {exc}")
        if stated.render() != expected.render():
            return Claim(Outcome.REJECTED, Checker.SELF_CHECK, detail="the proof states a different theorem")
        lines = [re.sub(r"^[·.]\s*", "", ln.strip()) for ln in proof[m.end():].splitlines()]
        return self._replay(expected, [ln for ln in lines if ln])

    def close(self) -> None:
        self._closings.clear()
        self._conjectured.clear()
        self._plan.clear()
        self._proved.clear()
        self._unproved.clear()

    # -- verification ----------------------------------------------------------------------------------------
    def _replay(self, goal: Goal, lines: list[str]) -> Claim:
        goals: tuple[Goal, ...] = (goal,)
        i, smt_steps = 0, 0
        checked = [0, 0]  # closing blocks read back by the self-check / whose goal it cannot elaborate
        while i < len(lines):
            if not goals:
                return Claim(Outcome.REJECTED, Checker.SELF_CHECK, detail=f"tactic after the proof ended: {lines[i]}")
            first = goals[0].render()
            recorded = self._recorded(first, lines[i:])
            if recorded is not None:
                n, evidence = recorded
                try:
                    ok, detail = replay(evidence, timeout=self.replay_timeout_s)
                except SymbolicError as exc:
                    return Claim(Outcome.UNKNOWN, None, Reason.UNAVAILABLE, f"replay could not run: {exc}")
                if not ok:
                    return Claim(Outcome.UNKNOWN, None, Reason.INCOMPLETE,
                                 f"recorded SMT query not confirmed on replay: {detail}")
                problem = _self_check(first, lines[i:i + n], checked)
                if problem:
                    return Claim(Outcome.REJECTED, Checker.SELF_CHECK, detail=problem)
                smt_steps += 1
                goals, i = goals[1:], i + n
                continue
            outcome = self.run_tactic(_state(goals), lines[i], timeout_s=2 * self.hammer_timeout_s)
            if not outcome.ok:
                return Claim(Outcome.UNKNOWN, None, Reason.UNSUPPORTED if outcome.kind is StepKind.UNSUPPORTED
                             else Reason.INCOMPLETE, f"line {i + 1} `{lines[i]}`: {outcome.message}")
            if outcome.checker is Checker.SMT and (problem := _self_check(first, lines[i:i + 1], checked)):
                return Claim(Outcome.REJECTED, Checker.SELF_CHECK, detail=problem)
            smt_steps += outcome.checker is Checker.SMT
            goals, i = outcome.state.handle if outcome.state else (), i + 1
        if goals:
            return Claim(Outcome.UNKNOWN, None, Reason.INCOMPLETE, f"{len(goals)} goal(s) left open")
        checker = Checker.SMT if smt_steps else Checker.CONSTRUCTION
        return Claim(Outcome.PROVED, checker, detail=f"symbolic replay of {len(lines)} lines, {smt_steps} SMT "
                     f"step(s) re-solved; self-check read back {checked[0]} closing block(s) ({checked[1]} in a "
                     "context it cannot elaborate); the Lean text is not Lean-checked")

    def _recorded(self, goal_text: str, lines: list[str]) -> tuple[int, dict[str, Any]] | None:
        for n in range(len(lines), 0, -1):
            ev = self._closings.get((goal_text, _norm("\n".join(lines[:n]))))
            if ev is not None:
                return n, ev
        return None


def _self_check(goal_text: str, block: list[str], counts: list[int]) -> str | None:
    """The bridge's read-back of a closing block in the context of the goal it closes: a problem, or None.
    A goal the bridge cannot elaborate (a sum over ``Finset.range n``) is counted as not checkable."""
    from symbolic.bridge.lean_names import cited_names, unaudited_names
    from symbolic.bridge.selfcheck import self_check

    text = "\n".join(block)
    # the text is never compiled: a name outside the audited list is refused even where the goal's context
    # cannot be elaborated
    if unaudited := unaudited_names(text, cited_names(goal_text)):
        return f"self-check: cites {unaudited[0]}, which is not among the audited Lean names"
    report = self_check(goal_text, text)
    if not report.context_known:
        counts[1] += 1
        return None
    counts[0] += 1
    return f"self-check: {report.problems[0]}" if report.problems else None


def _norm(text: str) -> str:
    return "\n".join(" ".join(ln.split()) for ln in text.splitlines() if ln.strip())


def _suggest(goal: Goal) -> list[Suggestion]:
    """Structural steps applicable to ``goal``, with a prior (log-probability) favouring the cheap and decisive."""
    out = [Suggestion(HAMMER, "hammer", -0.1)]
    t = goal.target
    if (t.kind == QUANT and t.head == "forall") or t.op in (Op.IMPLIES, Op.NOT):
        out.append(Suggestion("intro", "symbolic:intro", -0.2))
    if t.op in (Op.AND, Op.IFF):
        out.append(Suggestion("constructor", "symbolic:split", -0.5))
    for h in goal.hyps:
        f = h.formula
        if (f.kind == QUANT and f.head == "exists") or f.op is Op.AND:
            out.append(Suggestion(f"obtain ⟨{', '.join(_obtain_names(goal, h.name, f))}⟩ := {h.name}",
                                  "symbolic:cases", -0.3))
        elif f.op is Op.OR:
            out.append(Suggestion(f"rcases {h.name} with {h.name} | {h.name}", "symbolic:cases", -0.7))
        elif f.op is Op.EQ and any(a.kind == VAR and goal.variable(a.name) is a and a not in b.free_vars
                                   for a, b in (f.args, f.args[::-1])):
            out.append(Suggestion(f"subst {h.name}", "symbolic:subst", -1.0))
    for v in goal.variables:
        if v.sort is NAT and v in t.free_vars:
            mention = [h.name for h in goal.hyps if v in h.formula.free_vars]
            if not mention:
                k = goal.fresh("k")
                out.append(Suggestion(f"induction' {v.name} with {k} {goal.fresh('ih', {k})}",
                                      "symbolic:induction", -1.2))
            elif len(mention) <= 3:
                # the hypotheses about v go into the goal first, so the induction hypothesis carries them
                out.append(Suggestion(f"revert {' '.join(mention)}", "symbolic:induction", -1.4))
        bounds = interval_bounds(goal, v.name)
        if bounds is not None and 1 < bounds[1] - bounds[0] + 1 <= MAX_CASES:
            closer = "omega" if _integral(goal) else "first | norm_num at * | nlinarith"
            out.append(Suggestion(f"interval_cases {v.name} <;> {closer}", "symbolic:interval_cases", -1.3))
            out.append(Suggestion(f"interval_cases {v.name}", "symbolic:interval_cases", -1.5))
    for k, (h, args, _f) in enumerate(instances(goal, limit=3)):
        out.append(Suggestion(f"have {goal.fresh('hi')} := {h} {args}", "symbolic:instantiate", -2.0 - 0.1 * k))
    return out


def _induction_text(goal: Goal) -> str | None:
    """``induction' n with k ih`` on the last-introduced ℕ variable of the target (None when there is none)."""
    v = next((v for v in reversed(goal.variables) if v.sort is NAT and v in goal.target.free_vars), None)
    if v is None:
        return None
    k = goal.fresh("k")
    return f"induction' {v.name} with {k} {goal.fresh('ih', {k})}"


def _integral(goal: Goal) -> bool:
    """Only ℕ/ℤ (and propositions) in the goal: ``omega`` is the closer Lean would use per case."""
    from symbolic.logic import BOOL, INT

    return all(s.sort in (NAT, INT, BOOL) for f in (goal.target, *(h.formula for h in goal.hyps))
               for s in f.subterms())


def _obtain_names(goal: Goal, name: str, f: Any) -> list[str]:
    if f.kind == QUANT:
        v = f.binders[0].name
        v = v if v not in goal.names() else goal.fresh(v)
        return [v, goal.fresh(f"h{v}", {v})]
    taken: set[str] = set()
    return [goal.fresh(f"{name}_{i + 1}", taken) for i in range(len(f.args))]


def breadth_first_proof(env: SymbolicEnv, theorem: Theorem, *, budget_s: float = 30.0, max_expansions: int = 60,
                        tactic_timeout_s: float = 10.0) -> str | None:
    """A plain breadth-first loop over the environment's own suggestions (the real search is best-first);
    returns the assembled Lean proof (linear tactic script) or None. Raises ``EnvironmentUnsupported``."""
    deadline = time.monotonic() + budget_s
    root = env.start(theorem)
    frontier: list[tuple[State, list[str]]] = [(root, [])]
    seen = {root.key}
    expansions = 0
    while frontier and expansions < max_expansions and time.monotonic() < deadline:
        state, path = frontier.pop(0)
        expansions += 1
        for s in env.suggestions(state):
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            out = env.run_tactic(state, s.tactic, timeout_s=min(tactic_timeout_s, left))
            if out.kind is StepKind.CLOSED:
                return assemble(theorem, [*path, out.lean])
            if out.ok and out.state is not None and out.state.key not in seen:
                seen.add(out.state.key)
                frontier.append((out.state, [*path, out.lean]))
    return None


def assemble(theorem: Theorem, steps: list[str]) -> str:
    """The whole Lean file: header, the statement with ``:= by`` and the tactic lines (linear form)."""
    statement = re.sub(r":=\s*(by\s*)?(sorry)?\s*$", "", theorem.statement.strip()).rstrip()
    body = "\n".join(f"  {ln}" for step in steps for ln in step.splitlines())
    return f"{theorem.header.rstrip()}\n\n{statement} := by\n{body}\n"
