"""Guard bypasses found by trying: each construct in several spellings (quoted, ``_root_``, ``open … in``,
inside ``in`` blocks), the proof-body splice, and statement fidelity against ``--statement-from`` files."""

from __future__ import annotations

import pytest

from prover.lean import splice_proof
from prover.lean.guard import check_proof_body, check_proof_text
from prover.lean.splice import ProofBodyRejected

HEADER = "import Mathlib\nopen Real\n\n"
STATEMENT = "theorem t (x : ℝ) (h : 0 < x) : 0 < x ^ 2"
ORIGINAL = HEADER + STATEMENT + " := by sorry\n"
FALSE = "theorem f : (1:ℕ) = 2"


def file(before: str = "", body: str = "  positivity", after: str = "", statement: str = STATEMENT) -> str:
    return HEADER + before + statement + " := by\n" + body + "\n" + after


# The documented exploit: quoted names read as comments hid an `elab` that closes any goal and the option
# that switches off the kernel; the statement is false, `#print axioms` would be clean.
QUOTED_COMMENT_EXPLOIT = (
    HEADER
    + FALSE + " := by\n"
    + "  have «/-» := 0\n"
    + "  set_option debug.skipKernelTC true in\n"
    + "  exact by_elab return default\n"
    + "  have «-/» := 0\n"
)
QUOTED_LINE_COMMENT_EXPLOIT = HEADER + FALSE + " := by\n  have «--» := 0; set_option «debug».skipKernelTC true in decide +kernel\n"

BYPASSES = [
    ("quoted names are not comments", QUOTED_COMMENT_EXPLOIT, {"set_option debug.skipKernelTC", "metaprogramming"}),
    ("quoted name is not a line comment", QUOTED_LINE_COMMENT_EXPLOIT, {"set_option debug.skipKernelTC"}),
    ("quoted block markers", HEADER + "def «/-» := 0\nset_option debug.skipKernelTC true\ndef «-/» := 0\n"
     + STATEMENT + " := by positivity\n", {"set_option debug.skipKernelTC"}),
    ("quoted option", file("set_option «debug».skipKernelTC true\n"), {"set_option debug.skipKernelTC"}),
    ("quoted option, all one part", file("set_option «debug.skipKernelTC» true in\n"),
     {"set_option debug.skipKernelTC"}),
    ("quoted option in tactic", file(body="  set_option «debug».skipKernelTC true in\n  decide +kernel"),
     {"set_option debug.skipKernelTC"}),
    ("option in an in block", file("set_option maxHeartbeats 0 in\nset_option debug.skipKernelTC true in\n"),
     {"set_option debug.skipKernelTC"}),
    ("by_elab", file(body="  exact by_elab return default"), {"metaprogramming"}),
    ("_root_ IO", file(body='  have := _root_.IO.Process.output { cmd := "sh" }\n  positivity'), {"IO"}),
    ("quoted IO", file(body='  have := «IO».Process.output { cmd := "sh" }\n  positivity'), {"IO"}),
    ("open IO in", file("open IO in\n", body='  have := Process.output { cmd := "sh" }\n  positivity'), {"IO"}),
    ("open Lean in", file("open Lean Elab in\n"), {"meta API"}),
    ("_root_ Lean", file(body="  exact _root_.Lean.ofReduceBool _ _ rfl"), {"ofReduceBool", "meta API"}),
    ("quoted sorryAx", file(body="  exact «sorryAx» _ false"), {"sorry"}),
    ("name literal", file(body="  exact (by exact `sorryAx)"), {"sorry"}),
    ("import quoted Lake", "import Mathlib\nimport «Lake»\n\n" + STATEMENT + " := by positivity\n", {"import Lake"}),
    ("import quoted dotted", "import «Mathlib».Tactic\nimport «Lake».CLI\n\n" + STATEMENT + " := by positivity\n",
     {"import Lake.CLI"}),
    ("elab", file('elab "cheat" : tactic => pure ()\n', body="  cheat"), {"metaprogramming"}),
    ("#eval", file(after="#eval (1 : Nat)\n"), {"#command"}),
    ("#eval in an in block", file(after="open Nat in\n#eval 1\n"), {"#command"}),
    ("#print", file(after="#print axioms t\n"), {"#command"}),
    ("attribute command", file("attribute [local instance] Classical.propDecidable\n"), {"declaration"}),
    ("attribute on theorem", HEADER + "@[implemented_by id]\n" + STATEMENT + " := by positivity\n",
     {"implemented_by", "attribute implemented_by"}),
    ("csimp attribute", HEADER + "@[csimp]\n" + STATEMENT + " := by positivity\n", {"attribute csimp"}),
    ("decide native config", file(body="  decide (config := { native := true })"), {"decide +native"}),
    ("interpolated IO", file(body='  trace s!"{IO.println 1}"\n  positivity'), {"IO"}),
    ("unterminated quoted name", file(body="  exact «sorry"), {"unterminated quoted name"}),
    ("run_tac in in-block", file("open Nat in\n", body="  run_tac pure ()"), {"run_cmd"}),
]


@pytest.mark.parametrize(("text", "constructs"), [b[1:] for b in BYPASSES], ids=[b[0] for b in BYPASSES])
def test_bypass_is_rejected(text: str, constructs: set[str]) -> None:
    found = {f.construct for f in check_proof_text(text)}
    assert constructs <= found, found


def test_quoted_names_and_char_literals_do_not_open_comments_or_strings() -> None:
    # «--» and «/-» are names: the code after them is code, and a harmless file with them passes
    assert check_proof_text(file(body="  have «--» := h\n  positivity")) == []
    assert check_proof_text(file(body="  have «/-» := h\n  sorry")) != []
    assert check_proof_text(file(body="  have c : Char := '\"'\n  positivity")) == []
    assert {f.construct for f in check_proof_text(file(body="  have c : Char := '\"'\n  sorry"))} == {"sorry"}


def test_statement_from_file_with_or_without_proof() -> None:
    honest = file(body="  positivity")
    for original in (HEADER + STATEMENT + "\n", HEADER + STATEMENT + " := by sorry\n", HEADER + STATEMENT + " :=\n"):
        assert check_proof_text(honest, original=original) == [], original
        weakened = file(body="  positivity", statement=STATEMENT.replace("0 < x ^ 2", "0 ≤ x ^ 2"))
        assert {f.construct for f in check_proof_text(weakened, original=original)} == {"statement change"}


def test_statement_checked_on_tokens_not_spacing_of_comments() -> None:
    spaced = file(statement="theorem t (x : ℝ) /- a comment -/ (h : 0 < x) :\n    0 < x ^ 2")
    assert check_proof_text(spaced, original=ORIGINAL) == []
    as_def = HEADER + "def t (x : ℝ) (h : 0 < x) : 0 < x ^ 2 := by positivity\n"
    assert "statement change" in {f.construct for f in check_proof_text(as_def, original=ORIGINAL)}


def test_splice_builds_the_file_from_our_statement_and_the_body() -> None:
    text = splice_proof(HEADER, STATEMENT + " := by sorry", "by\n  positivity")
    assert text == HEADER + STATEMENT + " := by\n  positivity\n"
    assert check_proof_text(text, original=ORIGINAL) == []
    assert splice_proof(HEADER, STATEMENT, ":= by nlinarith [h]").endswith(":= by nlinarith [h]\n")


BODY_COMMANDS = [
    "by\n  positivity\n\nelab \"x\" : tactic => pure ()",
    "by\n  set_option maxHeartbeats 0 in\n  positivity",
    "by\n  open Real in\n  positivity",
    "by positivity\n#eval 1",
    "by positivity\nimport Lake",
    "by positivity\n@[simp] theorem u : True := trivial",
    "by positivity\ntheorem u : True := trivial",
    "by positivity\nattribute [simp] foo",
    "by exact foo\nwhere foo : 0 < x ^ 2 := by positivity",
    "by\n  sorry",
    "",
]


@pytest.mark.parametrize("body", BODY_COMMANDS)
def test_splice_rejects_any_command_in_the_body(body: str) -> None:
    assert check_proof_body(body)
    with pytest.raises(ProofBodyRejected) as info:
        splice_proof(HEADER, STATEMENT, body)
    assert info.value.violations and "rejected" in str(info.value)


def test_splice_accepts_honest_bodies_mentioning_commands_in_comments() -> None:
    body = "by\n  -- set_option and #eval in a comment are inert\n  nlinarith [sq_nonneg x, h] /- elab -/"
    assert check_proof_body(body) == []
    assert splice_proof(HEADER, STATEMENT, body).count(":=") == 1
