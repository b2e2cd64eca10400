"""Soundness guard: adversarial proof texts are rejected before Lean runs; honest proofs pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from prover.lean.guard import check_proof_text, check_tactic, parse_axioms_message

HEADER = "import Mathlib\nopen Real\n\n"
STATEMENT = "theorem t (x : ℝ) (h : 0 < x) : 0 < x ^ 2"
ORIGINAL = HEADER + STATEMENT + " := by sorry\n"


def proof(body: str, *, before: str = "", after: str = "") -> str:
    return HEADER + before + STATEMENT + " := by\n" + body + "\n" + after


# (id, text, construct expected in a finding, line of that finding)
ADVERSARIAL = [
    ("sorry", proof("  sorry"), "sorry", 5),
    ("sorryAx", proof("  exact sorryAx _ false"), "sorry", 5),
    ("admit", proof("  admit"), "admit", 5),
    ("native_decide", proof("  native_decide"), "native_decide", 5),
    ("decide +native", proof("  decide +native"), "decide +native", 5),
    ("ofReduceBool", proof("  exact Lean.ofReduceBool _ _ rfl"), "ofReduceBool", 5),
    ("axiom", proof("  exact cheat x", before="axiom cheat (x : ℝ) : 0 < x ^ 2\n"), "axiom", 4),
    ("unsafe", proof("  positivity", before="unsafe def bad : Nat := 0\n"), "unsafe", 4),
    ("implemented_by", proof("  positivity", before="@[implemented_by id] opaque g : Nat → Nat\n"), "implemented_by", 4),
    ("extern", proof("  positivity", before='@[extern "c_fn"] opaque g : Nat → Nat\n'), "extern", 4),
    ("#eval", proof("  positivity", after="#eval IO.println 1\n"), "#command", 6),
    ("#exit", proof("  positivity", after="#exit\n"), "#command", 6),
    ("run_cmd", proof("  positivity", before="run_cmd pure ()\n"), "run_cmd", 4),
    ("IO", proof("  positivity", before="def io : IO Unit := pure ()\n"), "IO", 4),
    ("skipKernelTC", proof("  positivity", before="set_option debug.skipKernelTC true in\n"), "set_option debug.skipKernelTC", 4),
    ("unknown option", proof("  positivity", before="set_option compiler.extract_closed false\n"), "set_option compiler.extract_closed", 4),
    ("macro", proof("  cheat", before='macro "cheat" : tactic => `(tactic| positivity)\n'), "metaprogramming", 4),
    ("notation", proof("  trivial", before='local notation a " ^ " b => True\n'), "metaprogramming", 4),
    ("instance", proof("  trivial", before="instance : LT ℝ := ⟨fun _ _ => True⟩\n"), "declaration", 4),
    ("variable", proof("  exact h", before="variable (hf : False)\ninclude hf\n"), "declaration", 4),
    ("import", "import Mathlib\nimport Evil\nopen Real\n\n" + STATEMENT + " := by\n  positivity\n", "import Evil", 2),
    ("elab meta", proof("  positivity", before="elab \"x\" : tactic => Lean.Elab.Tactic.evalTactic default\n"), "metaprogramming", 4),
    ("cyrillic sorry", proof("  ѕorry"), "look-alike sorry", 5),
    ("fullwidth sorry", proof("  ｓｏｒｒｙ"), "look-alike sorry", 5),
    ("math bold admit", proof("  𝐚𝐝𝐦𝐢𝐭"), "look-alike admit", 5),
    ("greek native", proof("  nαtive_decide"), "look-alike native_decide", 5),
    ("zero width", proof("  so\u200brry"), "invisible character U+200B", 5),
    ("bidi override", proof("  positivity -- \u202e }sorry{ \u202c"), "invisible character U+202E", 5),
    ("naive comment hides code", proof("  /- a -/ positivity /- b -/\n  sorry"), "sorry", 6),
    ("unterminated comment", proof("  positivity /- never closed\n  sorry"), "unterminated block comment", 5),
    ("sorry in interpolation", proof('  exact (by trace s!"{sorry}"; positivity)'), "sorry", 5),
    ("unterminated string", proof('  trace "open\n  sorry'), "unterminated string", 5),
    ("code after line comment newline", proof("  positivity -- fine\nsorry"), "sorry", 6),
    ("statement weakened", HEADER + "theorem t (x : ℝ) (h : 0 < x) : 0 ≤ x ^ 2 := by\n  positivity\n", "statement change", 4),
    ("extra hypothesis", HEADER + "theorem t (x : ℝ) (h : 0 < x) (h2 : False) : 0 < x ^ 2 := by\n  exact h2.elim\n", "statement change", 4),
    ("renamed theorem", HEADER + "theorem t2 (x : ℝ) (h : 0 < x) : 0 < x ^ 2 := by\n  positivity\n", "statement", 1),
    ("open changes names", "import Mathlib\nopen Real Nat\n\n" + STATEMENT + " := by\n  positivity\n", "open change", 4),
]


@pytest.mark.parametrize(("text", "construct", "line"), [a[1:] for a in ADVERSARIAL], ids=[a[0] for a in ADVERSARIAL])
def test_adversarial_text_is_rejected_naming_construct_and_line(text: str, construct: str, line: int) -> None:
    findings = check_proof_text(text, original=ORIGINAL, theorem="t")
    assert findings, "guard accepted an unsafe proof"
    assert any(f.construct == construct and f.line == line for f in findings), [str(f) for f in findings]


def test_honest_proof_passes_and_comments_may_mention_sorry() -> None:
    text = proof("  -- no sorry here, and /- admit -/ is only talk\n  /-- native_decide? no. -/\n  positivity")
    assert check_proof_text(text, original=ORIGINAL, theorem="t") == []
    assert check_proof_text(proof("  nlinarith [sq_nonneg x, h]"), original=ORIGINAL) == []


def test_nested_comments_and_strings_that_only_mention_sorry_pass() -> None:
    assert check_proof_text(proof("  /- /- -/ sorry -/ positivity"), original=ORIGINAL) == []
    assert check_proof_text(proof('  exact (by trace "sorry"; positivity)'), original=ORIGINAL) == []
    assert check_proof_text(proof("  /-- doc /- nested sorry -/ admit -/\n  positivity"), original=ORIGINAL) == []
    assert check_proof_text(proof("  have c := 'x'\n  positivity -- sorry")) == []


def test_identifiers_containing_forbidden_words_as_parts_are_fine() -> None:
    ok = proof("  have hdef := Nat.succ_le_iff\n  have := Finset.sum_range_succ\n  positivity")
    assert check_proof_text(ok) == []
    assert check_proof_text("import Mathlib\nopen scoped BigOperators\nnoncomputable section\n" + STATEMENT
                            + " := by\n  positivity\nend\n") == []
    assert [f.construct for f in check_proof_text("scoped instance : LT ℕ := ⟨fun _ _ => True⟩")] == [
        "declaration", "declaration"]


def test_proofnet_statements_only_trip_on_sorry_and_instances(shared_data: Path) -> None:
    import json

    seen: set[str] = set()
    for line in (shared_data / "proofnet" / "proofnet_lean4_v4.20.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        text = row["header"] + "\n" + row["formal_statement"] + "\n" + (row.get("formal_proof") or "")
        seen.update(f"{f.construct}:{f.excerpt.split()[0]}" for f in check_proof_text(text))
    assert seen == {"sorry:sorry", "declaration:instance"}


def test_deepseek_proofs_pass_the_guard(shared_data: Path) -> None:
    files = sorted((shared_data / "proofs" / "deepseek-prover-v2").glob("*.lean"))
    assert len(files) == 221
    for f in files:
        assert check_proof_text(f.read_text(encoding="utf-8")) == [], f.name


# Honest proofs of *older* statement versions: the guard reports a statement change against the current
# miniF2F (2026-02 fixes), which is the correct outcome. ``∑ x in`` vs ``∑ x ∈`` and ``Real.pi`` vs ``π``
# are normalized as notation-only differences.
STATEMENT_VERSION_DIFFERS = {
    "amc12a_2019_p21": "old: ∑ k : ℤ ∈ Finset.Icc 1 12 (integer index); current: ∑ k ∈ Finset.Icc 1 12",
    "mathd_algebra_433": "old: f 8 = 1 (wrong); current: f 8 = 19 (fixed)",
    "mathd_numbertheory_35": "old: h₀ : ∀ n, n ∣ Nat.sqrt 196 (wrong); current: ∀ n, n ∈ S ↔ n ∣ Nat.sqrt 196",
}


def test_deepseek_proofs_keep_the_minif2f_statements(shared_data: Path) -> None:
    proofs = shared_data / "proofs" / "deepseek-prover-v2"
    changed = set()
    for f in sorted(proofs.glob("*.lean")):
        original = (shared_data / "minif2f" / "Valid" / f.name).read_text(encoding="utf-8")
        findings = check_proof_text(f.read_text(encoding="utf-8"), original=original, theorem=f.stem)
        if findings:
            assert {x.construct for x in findings} == {"statement change"}, f.name
            changed.add(f.stem)
    assert changed == set(STATEMENT_VERSION_DIFFERS)


def test_tactic_guard_and_axioms_report_parsing() -> None:
    assert check_tactic("nlinarith [sq_nonneg (a - b)]") == []
    assert [f.construct for f in check_tactic("exact?; sorry")] == ["sorry"]
    assert parse_axioms_message("'t' depends on axioms: [propext, Classical.choice, Quot.sound]") == (
        "propext", "Classical.choice", "Quot.sound")
    assert parse_axioms_message("'t' does not depend on any axioms") == ()
    assert parse_axioms_message("'t' depends on axioms: [sorryAx]") == ("sorryAx",)
    assert parse_axioms_message("unknown constant 't'") is None




@pytest.mark.parametrize(("body", "accepted"), [
    ("by\n  set_option exponentiation.threshold 2005 in norm_num", True),  # the tactic form, raising a bound
    ("by\n  set_option exponentiation.threshold 2005\n  norm_num", False),  # the command form
    ("by\n  set_option maxHeartbeats 0 in norm_num", False)])
def test_only_the_exponent_threshold_may_be_raised_in_a_proof_body(body: str, accepted: bool) -> None:
    from prover.lean.guard import check_proof_body

    assert (check_proof_body(body) == []) is accepted
