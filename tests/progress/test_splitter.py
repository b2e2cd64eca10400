"""The proof splitter on hand-written proofs (each construct) and on the 221 real DeepSeek-Prover-V2 proofs."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from prover.progress.errors import ProofSplitError
from prover.progress.splitter import SplitProof, mask_comments, split_proof, stated_type

HEADER = "import Mathlib\n\nopen Real\n\n"


def texts(src: str) -> list[str]:
    return [s.text for s in split_proof(HEADER + src).steps]


def test_top_level_steps_in_order_and_remaining_counts_down() -> None:
    sp = split_proof(HEADER + "theorem t (x : ℝ) (h : 0 < x) : 0 ≤ x := by\n  have h1 := h.le\n  linarith\n")
    assert [s.text for s in sp.steps] == ["have h1 := h.le", "linarith"]
    assert [sp.remaining(i) for i in range(2)] == [2, 1]
    assert sp.name == "t"
    assert sp.statement.startswith("theorem t (x : ℝ)") and sp.statement.endswith("0 ≤ x")


def test_nested_have_by_block_counts_header_and_inner_steps() -> None:
    src = "theorem t : True := by\n  have h : 1 = 1 := by\n    norm_num\n    rfl\n  trivial\n"
    assert texts(src) == ["have h : 1 = 1 := by", "norm_num", "rfl", "trivial"]
    kinds = [s.kind for s in split_proof(HEADER + src).steps]
    assert kinds == ["opener", "tactic", "tactic", "tactic"]


def test_inline_by_is_cut_after_by() -> None:
    assert texts("theorem t : True := by\n  have h : 0 < 1 := by norm_num\n  trivial\n") == [
        "have h : 0 < 1 := by",
        "norm_num",
        "trivial",
    ]


def test_combinators_on_one_line_and_on_continuation_lines() -> None:
    src = "theorem t : True := by\n  constructor <;> simp\n  norm_num\n    <;> ring\n  rfl <;>\n  linarith\n"
    sp = split_proof(HEADER + src)
    assert [s.text for s in sp.steps] == ["constructor", "simp", "norm_num", "ring", "rfl", "linarith"]
    assert [s.kind for s in sp.steps][1] == "combinator"


def test_bullets_are_markers_and_their_blocks_are_steps() -> None:
    src = "theorem t : A ∧ B := by\n  constructor\n  · intro h\n    exact h\n  · · simp\n    rfl\n"
    assert texts(src) == ["constructor", "intro h", "exact h", "simp", "rfl"]


def test_cases_alternatives_and_case_tags() -> None:
    src = (
        "theorem t (n : ℕ) : True := by\n  cases n with\n  | zero => simp\n  | succ n =>\n    omega\n"
        "  case foo => exact x\n  next => rfl\n"
    )
    assert texts(src) == ["cases n with", "simp", "omega", "exact x", "rfl"]


def test_calc_steps_with_nested_blocks() -> None:
    src = "theorem t (a b : ℕ) : a = a := by\n  calc\n    a = a + 0 := by simp\n    _ = a := by\n      ring\n"
    assert texts(src) == ["calc", "a = a + 0 := by", "simp", "_ = a := by", "ring"]


def test_wrapped_lines_and_open_brackets_join_into_one_step() -> None:
    src = (
        "theorem t (x : ℝ) : 0 ≤ x ^ 2 := by\n  have h : 0 ≤ x ^ 2 ∧\n      True := by\n    exact ⟨by positivity,\n"
        "      trivial⟩\n  nlinarith [sq_nonneg x,\n    sq_nonneg (x + 1)]\n"
    )
    assert texts(src) == [
        "have h : 0 ≤ x ^ 2 ∧ True := by",
        "exact ⟨by positivity, trivial⟩",
        "nlinarith [sq_nonneg x, sq_nonneg (x + 1)]",
    ]


def test_comments_are_ignored_and_do_not_shift_offsets() -> None:
    src = "theorem t : True := by\n  -- a comment with := by inside\n  /- block\n  comment -/\n  trivial -- done\n"
    full = HEADER + src
    sp = split_proof(full)
    assert [s.text for s in sp.steps] == ["trivial"]
    assert full[sp.steps[0].start : sp.steps[0].end] == "trivial"
    assert len(mask_comments(full)) == len(full)


@pytest.mark.parametrize(
    ("src", "problem"),
    [
        ("def f : ℕ := 3\n", "no theorem"),
        ("theorem t : True := trivial\n", "not a tactic block"),
        ("theorem t : True := by\n  exact (trivial\n", "unbalanced"),
        ("theorem t : True := by\n  exact trivial)\n  rfl\n", "unbalanced"),
        ("theorem t : True := by\n  -- nothing\n", "no tactic steps"),
    ],
)
def test_unsplittable_proofs_raise_one_line_error(src: str, problem: str) -> None:
    with pytest.raises(ProofSplitError) as info:
        split_proof(src, source="x.lean")
    assert problem in str(info.value)
    assert str(info.value).startswith("x.lean: ") and "\n" not in str(info.value)


def _coverage_gaps(sp: SplitProof, masked: str) -> list[int]:
    """Offsets of body characters that are neither whitespace/comment nor inside a step or marker span."""
    covered = bytearray(len(masked))
    for s in sp.steps:
        covered[s.start : s.end] = b"\x01" * (s.end - s.start)
    for a, b in sp.markers:
        covered[a:b] = b"\x01" * (b - a)
    return [k for k in range(sp.body_start, sp.body_end) if not masked[k].isspace() and not covered[k]]


def test_every_real_proof_splits_and_steps_cover_the_proof_text(real_splits: list) -> None:
    assert len(real_splits) == 221  # split_proof raised for none of them
    for path, text, sp in real_splits:
        masked = mask_comments(text)
        assert sp.steps, path.name
        assert not _coverage_gaps(sp, masked), f"{path.name}: uncovered proof text"
        # steps are disjoint, in source order, and each is the (normalised) text at its span
        for a, b in itertools.pairwise(sp.steps):
            assert a.end <= b.start, path.name
        for s in sp.steps:
            assert s.text == " ".join(masked[s.start : s.end].split())
            assert sp.body_start <= s.start < s.end <= sp.body_end


def test_remaining_counts_on_real_proofs_are_consistent(real_splits: list) -> None:
    for _path, _text, sp in real_splits:
        counts = [sp.remaining(i) for i in range(len(sp.steps))]
        assert counts[-1] == 1 and counts[0] == len(sp.steps)
        assert all(a - b == 1 for a, b in itertools.pairwise(counts))


def test_real_proof_with_nested_blocks_splits_as_expected(shared_data: Path) -> None:
    text = (shared_data / "proofs" / "deepseek-prover-v2" / "mathd_algebra_10.lean").read_text(
        encoding="utf-8"
    )
    sp = split_proof(text)
    assert sp.name == "mathd_algebra_10"
    assert sp.steps[0].text == "have step1 : (120 : ℝ) / 100 * 30 = 36 := by"
    assert [s.text for s in sp.steps[1:3]] == ["norm_num", "ring"]
    assert sp.steps[-1].text == "simpa [abs_of_pos] using step4"
    assert len(sp.steps) == 20


def test_one_line_proof_and_semicolon_sequencing() -> None:
    assert texts("theorem t : True := by simp; rfl\n") == ["simp", "rfl"]
    # brackets keep their contents in one step: `;` inside parentheses does not split
    assert texts("theorem t : True := by\n  (simp; rfl)\n  exact ⟨by simp, by ring⟩\n") == [
        "(simp; rfl)",
        "exact ⟨by simp, by ring⟩",
    ]


def test_stated_type_of_have_like_openers() -> None:
    assert stated_type("have h (x : ℕ) : ∀ y : ℕ, x ≤ x + y := by") == "∀ y : ℕ, x ≤ x + y"
    assert stated_type("obtain ⟨a, ha⟩ : ∃ a : ℤ, a = 1 := by") == "∃ a : ℤ, a = 1"
    assert stated_type("have := by") is None
    assert stated_type("_ = c := by") is None
    assert stated_type("have h : T := foo") is None


def test_enclosing_goals_follow_nested_have_blocks() -> None:
    src = (
        "theorem t : True := by\n  have h : 1 = 1 := by\n    have g : 2 = 2 := by rfl\n    rfl\n"
        "  · have k : 3 = 3 := by\n      norm_num\n    trivial\n"
    )
    sp = split_proof(HEADER + src)
    pairs = list(zip([s.text for s in sp.steps], sp.enclosing_goals(), strict=True))
    assert pairs == [
        ("have h : 1 = 1 := by", None),
        ("have g : 2 = 2 := by", "1 = 1"),
        ("rfl", "2 = 2"),
        ("rfl", "1 = 1"),
        ("have k : 3 = 3 := by", None),
        ("norm_num", "3 = 3"),
        ("trivial", None),
    ]


def test_character_and_raw_string_literals_do_not_open_a_string() -> None:
    # a hand-written mask read `'"'` and `r#"a"b"#` as opening a string that swallowed the rest of the proof
    src = "theorem t : True := by\n  have h : '\"' = '\"' := rfl\n  exact r#\"a\"b\"#.length\n  trivial\n"
    assert texts(src) == ["have h : '_' = '_' := rfl", 'exact r#"___"#.length', "trivial"]


def test_quoted_theorem_name_holding_assign_by_is_one_name() -> None:
    sp = split_proof(HEADER + "theorem «t := by simp» : True := by\n  trivial\n")
    assert sp.name == "«t := by simp»" and sp.statement == "theorem «t := by simp» : True"
    assert [s.text for s in sp.steps] == ["trivial"]


def test_theorem_in_a_comment_or_string_is_not_the_statement() -> None:
    src = "theorem t : True := by\n  trivial\n/- theorem u : False := by\n  simp -/\n-- theorem v : False := by\n"
    sp = split_proof(HEADER + src)
    assert sp.name == "t" and [s.text for s in sp.steps] == ["trivial"]
    with pytest.raises(ProofSplitError, match="no theorem"):
        split_proof('def s := "theorem u : False := by simp"\n')
