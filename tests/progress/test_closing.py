"""The "will this close" head: labels from a search trace, training, checkpoints and the search's fallback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prover.progress.closing import (
    CloseExample,
    binary_metrics,
    close_labels_from_trace,
    load_close_head,
    read_close_examples,
    train_close_head,
    write_close_examples,
)
from prover.progress.errors import CheckpointError, DatasetError
from prover.search import SearchConfig, Theorem, Weights, prove
from symbolic.verdicts import Outcome
from tests.search.tables import ListProposer, TableEnv

T = Theorem("t", "theorem t : A := by sorry", header="")
MOVES = {("A", "bad"): ["C"], ("A", "good"): ["B"], ("A", "side"): ["D"], ("C", "c"): ["C2"], ("B", "b"): []}
PROPOSALS = {"A": [("bad", -0.1), ("good", -3.0), ("side", -5.0)], "B": [("b", -0.1)], "C": [("c", -0.1)],
             "C2": [("y", -0.1)], "D": [("d", -0.1)]}


def _search(**kw):
    config = SearchConfig(budget_s=20.0, use_predictor=False, use_heuristics=False, **kw)
    return prove(T, config, env=TableEnv(["A"], MOVES), proposers=[ListProposer(PROPOSALS)], predictor=None,
                 llm=None)


def test_labels_are_the_proof_path_and_the_exhausted_states_only() -> None:
    r = _search()
    labels = close_labels_from_trace(r.trace, source="search:table:test")
    assert sorted((ex.state, ex.label) for ex in labels) == [("A", True), ("B", True), ("C", False), ("C2", False)]
    assert {ex.source for ex in labels} == {"search:table:test"}  # D, only queued, is not labelled
    with pytest.raises(DatasetError, match="#0"):
        close_labels_from_trace([{**r.trace[0], "exhausted": "yes"}])
    with pytest.raises(DatasetError, match="cannot be exhausted"):
        close_labels_from_trace([{"problem": "p", "state": "s", "history": [], "on_path": True, "exhausted": True}])


def _examples() -> list[CloseExample]:
    """Obvious cases: one short goal the hypotheses state (closes) vs many long goals over sums (exhausted)."""
    out = []
    for i in range(12):
        out.append(CloseExample(f"p{i}", f"x : ℕ\nh : x = {i}\n⊢ x = {i}", ("intro x",), True, "test"))
        goals = "\n\n".join(f"n : ℕ\n⊢ ∑ k in Finset.range n, k ^ {i + j} ≤ (n + {j}) ^ {i + 3}" for j in range(4))
        out.append(CloseExample(f"q{i}", goals, ("induction' n", "simp", "rw [h]"), False, "test"))
    return out


def test_the_head_separates_obvious_cases_and_round_trips(tmp_path: Path) -> None:
    head = train_close_head(_examples())
    assert head.sources == {"test": 24}
    easy = ["y : ℝ\nh : y = 7\n⊢ y = 7", "a : ℕ\nh : a = 30\n⊢ a = 30"]
    hard = ["\n\n".join(f"m : ℕ\n⊢ ∑ k in Finset.range m, k ^ {j} ≤ (m + 9) ^ {j + 5}" for j in range(5))]
    pe, ph = head.p_close(easy, [["intro y"], ["intro a"]]), head.p_close(hard, [["induction' m", "simp", "rw [h]"]])
    assert min(pe) > 0.9 and max(ph) < 0.1
    m = binary_metrics([True, True, False], pe + ph)
    assert m["auc"] == 1.0 and m["accuracy"] == 1.0 and m["log_loss"] < 0.2
    # a constant ranks nothing: AUC 1/2
    assert binary_metrics([True, False, True, False], [0.5] * 4)["auc"] == 0.5
    path = head.save(tmp_path / "close.json")
    again = load_close_head(path)
    assert again.p_close(easy + hard) == head.p_close(easy + hard)
    for name in ("ex.jsonl", "ex.jsonl.gz"):
        write_close_examples(_examples()[:5], tmp_path / name)
        write_close_examples(_examples()[5:], tmp_path / name, append=True)
        assert read_close_examples(tmp_path / name) == _examples()
    (tmp_path / "bad.jsonl").write_text('{"problem": "p"}\n')
    with pytest.raises(DatasetError, match=r"bad\.jsonl:1"):
        read_close_examples(tmp_path / "bad.jsonl")
    with pytest.raises(ValueError, match="positives and negatives"):
        train_close_head([ex for ex in _examples() if ex.label])
    with pytest.raises(ValueError, match="state #1"):
        head.p_close(["⊢ x = x", None])  # type: ignore[list-item]


def test_bad_close_checkpoints_raise_naming_the_file(tmp_path: Path) -> None:
    good = json.loads(train_close_head(_examples()).save(tmp_path / "good.json").read_text())
    cases = {"missing.json": None, "garbage.json": "\x00not json", "other.json": {**good, "format": "x"},
             "v9.json": {**good, "version": 9}, "feats.json": {**good, "feature_names": ["a"]},
             "short.json": {**good, "weights": good["weights"][:3]}}
    for name, doc in cases.items():
        p = tmp_path / name
        if doc is not None:
            p.write_text(doc if isinstance(doc, str) else json.dumps(doc))
        with pytest.raises(CheckpointError) as err:
            load_close_head(p)
        assert name in str(err.value) and "\n" not in str(err.value)


def test_the_search_runs_without_a_bad_close_head_and_says_so(tmp_path: Path) -> None:
    bad = tmp_path / "close.json"
    bad.write_text('{"format": "prover.progress.close", "version": 0}')
    r = _search(weights=Weights(close=1.0), close_checkpoint=str(bad))
    assert r.claim.outcome is Outcome.PROVED
    assert r.stats["close_head"].startswith("close head disabled, searching without it: ")
    assert str(bad) in r.stats["close_head"]


def test_the_close_head_reorders_the_frontier() -> None:
    """A head that rates the dead end low sends the search to the proof first (fewer expansions)."""
    easy, hard = "x : ℕ\nh : x = 3\n⊢ x = 3", [f"n : ℕ\n⊢ ∑ k in Finset.range n, k ^ {j} ≤ (n + 1) ^ 9" for j in (2, 3, 4)]
    moves = {("A", "bad"): hard, ("A", "good"): [easy], (easy, "exact h"): [], (hard[0], "c"): ["C2"]}
    proposals = {"A": [("bad", -0.1), ("good", -3.0)], easy: [("exact h", -0.1)], hard[0]: [("c", -0.1)],
                 "C2": [("y", -0.1)]}
    head = train_close_head(_examples())

    def run(close: float):
        config = SearchConfig(budget_s=20.0, use_predictor=False, use_heuristics=False, weights=Weights(close=close))
        return prove(T, config, env=TableEnv(["A"], moves), proposers=[ListProposer(proposals)], predictor=None,
                     close_head=head, llm=None)

    with_head, without = run(5.0), run(0.0)
    assert with_head.claim.outcome is Outcome.PROVED and without.claim.outcome is Outcome.PROVED
    assert (with_head.stats["expansions"], without.stats["expansions"]) == (2, 4)
    assert without.stats["close_head"] == "close head off (weight 0)"
