"""Dataset builders: Lean proof folders, LeanDojo traces, search paths, JSONL round trip, split, balancing."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from prover.progress.datasets import (
    BUCKETS,
    balance_by_bucket,
    bucket_of,
    load_goals,
    load_lean_proofs,
    load_leandojo,
    records_from_search_path,
    split_by_problem,
)
from prover.progress.errors import DatasetError
from prover.progress.records import ProgressRecord, read_jsonl, write_jsonl

DATA = Path(__file__).parent / "data"


def test_leandojo_traces_become_records_with_real_states() -> None:
    ds = load_leandojo(DATA / "leandojo_small.json")
    assert ds.proofs == 2
    assert ds.skipped == [("Demo.trivial_thm", "no traced tactics")]
    two = [r for r in ds.records if r.problem == "Demo.two_goals"]
    assert [r.steps_remaining for r in two] == [3, 2, 1]
    assert two[1].state == "case left\n⊢ True\n\ncase right\n⊢ True"
    assert two[2].history == ("constructor", "trivial")
    assert all(r.source == "leandojo" and r.meta["state_is_goal"] for r in ds.records)


def test_leandojo_jsonl_variant_and_bad_input(tmp_path: Path) -> None:
    rows = json.loads((DATA / "leandojo_small.json").read_text(encoding="utf-8"))
    jl = tmp_path / "t.jsonl"
    jl.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert len(load_leandojo(jl).records) == 5
    bad = tmp_path / "bad.json"
    bad.write_text('[{"full_name": "x", "traced_tactics": [{"tactic": "simp"}]}]', encoding="utf-8")
    with pytest.raises(DatasetError, match="state_before"):
        load_leandojo(bad)
    with pytest.raises(DatasetError, match="cannot read"):
        load_leandojo(tmp_path / "missing.json")


def test_search_path_labels_the_found_proof() -> None:
    rs = records_from_search_path("p", ["s0", "s1"], ["intro x", "simp"])
    assert [(r.state, r.history, r.steps_remaining) for r in rs] == [("s0", (), 2), ("s1", ("intro x",), 1)]
    assert rs[0].source == "search"
    with pytest.raises(DatasetError):
        records_from_search_path("p", ["s0"], ["a", "b"])


def test_lean_proof_folder_counts_and_skips_bad_files(tmp_path: Path) -> None:
    (tmp_path / "good.lean").write_text(
        "theorem good : True := by\n  have h := 1\n  trivial\n", encoding="utf-8"
    )
    (tmp_path / "bad.lean").write_text("theorem bad : True := trivial\n", encoding="utf-8")
    goals = {"good": "⊢ True"}
    ds = load_lean_proofs(tmp_path, goals=goals)
    assert ds.proofs == 1 and len(ds.skipped) == 1 and "bad.lean" in ds.skipped[0][0]
    assert [(r.state, r.history, r.steps_remaining) for r in ds.records] == [
        ("⊢ True", (), 2),
        ("⊢ True", ("have h := 1",), 1),
    ]
    assert ds.records[0].meta["state_is_goal"] and not ds.records[1].meta["state_is_goal"]


def test_real_proofs_use_minif2f_goals(shared_data: Path) -> None:
    goals = load_goals(shared_data / "minif2f" / "minif2f_with_goals_lean4.9.jsonl")
    ds = load_lean_proofs(shared_data / "proofs" / "deepseek-prover-v2", goals=goals)
    assert ds.proofs == 221 and ds.skipped == []
    firsts = [r for r in ds.records if r.meta["step"] == 0]
    assert len(firsts) == 221
    with_goal = [r for r in firsts if r.meta["state_is_goal"]]
    assert len(with_goal) >= 200  # nearly every valid problem has a goal text
    assert all("⊢" in r.state for r in with_goal)
    assert sum(r.steps_remaining == 1 for r in ds.records) == 221


def test_jsonl_round_trip_and_malformed_lines(tmp_path: Path) -> None:
    rs = records_from_search_path("p", ["⊢ a", "⊢ b"], ["t1", "t2"])
    path = tmp_path / "r.jsonl"
    assert write_jsonl(rs, path) == 2
    back = read_jsonl(path)
    assert back == rs and back[1].meta == rs[1].meta
    path.write_text('{"problem": "p", "state": "s", "history": [], "steps_remaining": -1, "source": "x"}\n')
    with pytest.raises(DatasetError, match=r"r\.jsonl:1: field 'steps_remaining'"):
        read_jsonl(path)
    path.write_text("\n{not json\n")
    with pytest.raises(DatasetError, match=":2: invalid JSON"):
        read_jsonl(path)


def _records(problems: int, per: int) -> list[ProgressRecord]:
    return [
        r
        for p in range(problems)
        for r in records_from_search_path(f"p{p}", [f"s{i}" for i in range(per + p)], ["t"] * (per + p))
    ]


def test_split_is_by_problem_and_deterministic() -> None:
    rs = _records(60, 3)
    train, val, test = split_by_problem(rs, val_fraction=0.1, test_fraction=0.2)
    assert len(train) + len(val) + len(test) == len(rs)
    names = [{r.problem for r in part} for part in (train, val, test)]
    assert not (names[0] & names[1] or names[0] & names[2] or names[1] & names[2])
    assert all(names)
    assert split_by_problem(rs, val_fraction=0.1, test_fraction=0.2) == (train, val, test)


def test_balancing_evens_out_buckets() -> None:
    rs = _records(40, 1)  # proofs of 1..40 steps: many short remaining counts, few long ones
    raw = Counter(bucket_of(r.steps_remaining) for r in rs)
    bal = balance_by_bucket(rs, seed=1, max_repeat=100.0)
    counts = Counter(bucket_of(r.steps_remaining) for r in bal)
    assert set(counts) == set(raw)
    assert max(counts.values()) - min(counts.values()) <= 1
    assert max(raw.values()) / min(raw.values()) > 5
    capped = Counter(bucket_of(r.steps_remaining) for r in balance_by_bucket(rs, seed=1, max_repeat=2.0))
    assert all(capped[b] <= 2 * raw[b] for b in raw)
    assert bucket_of(1) == 0 and bucket_of(10**6) == len(BUCKETS) - 1


def test_local_goals_give_nested_steps_their_have_type(tmp_path: Path) -> None:
    (tmp_path / "p.lean").write_text(
        "theorem p (x : ℕ) : x = x := by\n  have h : x + 0 = x := by\n    simp\n  rfl\n", encoding="utf-8"
    )
    goals = {"p": "x : ℕ\n⊢ x = x"}
    plain = load_lean_proofs(tmp_path, goals=goals).records
    local = load_lean_proofs(tmp_path, goals=goals, local_goals=True).records
    assert [r.state for r in plain] == ["x : ℕ\n⊢ x = x"] * 3
    assert [r.state for r in local] == ["x : ℕ\n⊢ x = x", "x : ℕ\n⊢ x + 0 = x", "x : ℕ\n⊢ x = x"]
    assert [r.meta["state_is_goal"] for r in local] == [True, True, False]
    assert [r.steps_remaining for r in local] == [r.steps_remaining for r in plain] == [3, 2, 1]
