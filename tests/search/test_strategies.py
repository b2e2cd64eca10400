"""Whole-proof, sketch and hammer-first strategies over the table environment with a scripted sampler."""

from __future__ import annotations

from prover.search import SearchConfig, State, Theorem, prove
from prover.search.strategies import sketch_holes, split_statement
from symbolic.verdicts import Outcome, Reason

from .tables import ListProposer, ScriptedLLM, TableEnv

CFG = SearchConfig(budget_s=20.0, use_predictor=False)


class BlockEnv(TableEnv):
    """A table env that also runs a multi-line block by running its lines in turn (as Lean runs a block)."""

    def run_tactic(self, state: State, tactic: str, *, timeout_s: float):
        if "\n" not in tactic:
            return super().run_tactic(state, tactic, timeout_s=timeout_s)
        for line in tactic.split("\n"):
            out = super().run_tactic(state, line.strip(), timeout_s=timeout_s)
            if not out.ok:
                return out
            state = out.state
        return out.__class__(out.kind, state, lean=tactic, checker=out.checker)


T = Theorem("t", "theorem t : A := by sorry", header="")
CHAIN = {("A", "a1"): ["B"], ("B", "b1"): []}


def test_whole_proof_accepts_the_sample_that_closes_the_goal() -> None:
    llm = ScriptedLLM(["a1\nbogus", "a1\nb1"])
    r = prove(T, CFG.model_copy(update={"strategy": "whole-proof"}), env=BlockEnv(["A"], CHAIN), proposers=[],
              predictor=None, llm=llm)
    assert r.claim.outcome is Outcome.PROVED and r.proof == "theorem t : A := by\n  a1\n  b1\n"
    assert llm.asked == ["theorem t : A"]


def test_whole_proof_with_no_closing_sample_is_not_proved() -> None:
    r = prove(T, CFG.model_copy(update={"strategy": "whole-proof"}), env=BlockEnv(["A"], CHAIN), proposers=[],
              predictor=None, llm=ScriptedLLM(["a1", "b1"]))
    assert r.claim.outcome is Outcome.UNKNOWN and r.claim.reason is Reason.EXHAUSTED


def test_whole_proof_without_an_llm_says_so() -> None:
    r = prove(T, CFG.model_copy(update={"strategy": "whole-proof"}), env=TableEnv(["A"], CHAIN), proposers=[],
              predictor=None, llm=None)
    assert r.claim.reason is Reason.UNAVAILABLE and "LLM" in r.claim.detail


class HammerStub(ListProposer):
    name = "hammer"


def test_hammer_first_tries_only_the_hammer_before_searching() -> None:
    env = TableEnv(["A"], {("A", "smash"): [], ("A", "a1"): ["B"], ("B", "b1"): []})
    others = ListProposer({"A": [("a1", -0.1)], "B": [("b1", -0.1)]}, "other")
    r = prove(T, CFG.model_copy(update={"strategy": "hammer-first"}), env=env,
              proposers=[others, HammerStub({"A": [("smash", -5.0)]}, "hammer")], predictor=None, llm=None)
    assert r.proof == "theorem t : A := by\n  smash\n" and env.calls == [(("A",), "smash")]
    env2 = TableEnv(["A"], {("A", "a1"): ["B"], ("B", "b1"): []})  # hammer fails: the search proper runs
    r2 = prove(T, CFG.model_copy(update={"strategy": "hammer-first"}), env=env2,
               proposers=[others, HammerStub({"A": [("smash", -5.0)]}, "hammer")], predictor=None, llm=None)
    assert r2.claim.outcome is Outcome.PROVED and r2.proof == "theorem t : A := by\n  a1\n  b1\n"


class SubgoalEnv(TableEnv):
    """Starts each sketch piece from its statement's goal (after the last ':')."""

    def start(self, theorem: Theorem) -> State:
        return State((split_statement(theorem.statement)[2],))


SKETCH = "have h1 : P := by sorry\nhave h2 : Q := by sorry\nexact combine h1 h2"
PIECES = {("P", "p"): [], ("Q", "q"): [], ("G", "combine"): []}
PIECE_PROPOSALS = ListProposer({"P": [("p", -0.1)], "Q": [("q", -0.1)], "G": [("combine", -0.1)]})


def test_sketch_closes_each_hole_then_the_main_goal() -> None:
    thm = Theorem("s", "theorem s (x : ℕ) : G := by sorry", header="")
    r = prove(thm, CFG.model_copy(update={"strategy": "sketch"}), env=SubgoalEnv(["G"], PIECES),
              proposers=[PIECE_PROPOSALS], predictor=None, llm=ScriptedLLM([SKETCH]))
    assert r.proof == ("theorem s (x : ℕ) : G := by\n  have h1 : P := by\n    p\n  have h2 : Q := by\n    q\n"
                       "  combine\n")
    # outside Lean a sketch is checked piece by piece: each hole and the main goal replayed as its own theorem
    assert r.claim.outcome is Outcome.PROVED and "3 pieces" in r.claim.detail


def test_sketch_reports_the_holes_nothing_closed_by_name() -> None:
    thm = Theorem("s", "theorem s (x : ℕ) : G := by sorry", header="")
    pieces = {k: v for k, v in PIECES.items() if k != ("Q", "q")}
    r = prove(thm, CFG.model_copy(update={"strategy": "sketch"}), env=SubgoalEnv(["G"], pieces),
              proposers=[PIECE_PROPOSALS], predictor=None, llm=ScriptedLLM([SKETCH]))
    assert r.claim.outcome is Outcome.UNKNOWN and r.holes == ["h2"] and "h2" in r.claim.detail


def test_sketch_parsing_helpers() -> None:
    assert split_statement("theorem foo (a : ℕ) (h : a = (1 : ℕ)) : a + 0 = 1 := by sorry") == (
        "foo", "(a : ℕ) (h : a = (1 : ℕ))", "a + 0 = 1")
    assert [(n, t) for _, n, t in sketch_holes(SKETCH)] == [("h1", "P"), ("h2", "Q")]
    assert sketch_holes("  have h : x = 1 := by\n    linarith") == []


def test_sketch_holes_are_read_with_the_lean_lexer() -> None:
    # a line-regex reader missed a hole with a trailing comment, cut a «quoted» name at its ':', and took a
    # proved `have` whose comment ends in `:= by sorry` for a hole
    sketch = ("have «h:1» : x = 1 := by sorry\n"
              "have h2 : y = 2 := sorry -- fill in later\n"
              "have h3 : P := by simp -- := by sorry\n"
              "have h4 : s = \"a\" := by sorry\n"
              "exact h2")
    assert [(i, n, t) for i, n, t in sketch_holes(sketch)] == [
        (0, "«h:1»", "x = 1"), (1, "h2", "y = 2"), (3, "h4", 's = "a"')]
    assert sketch_holes("-- have h : P := by sorry\nhave h : P := by sorry_lemma") == []
