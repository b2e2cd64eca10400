"""The one Lean source reader: tokens as Lean lexes them, declarations, goal entries; linear on large input."""

from __future__ import annotations

import time

import pytest

from symbolic.bridge.lean_source import (
    LeanSourceError,
    code_view,
    declarations,
    first_goal,
    goal_entries,
    lex,
    normalize_statement,
    split_header,
    statement_text,
    tactic_block_start,
    theorem_start,
)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in lex(text).tokens]


def test_quoted_names_are_identifiers_not_comments() -> None:
    assert kinds("«--» x «/-» y «-/»") == [("ident", "«--»"), ("ident", "x"), ("ident", "«/-»"), ("ident", "y"),
                                          ("ident", "«-/»")]
    tok = lex("_root_.«IO».Process.output").tokens[0]
    assert tok.parts == ("_root_", "IO", "Process", "output") and tok.quoted
    assert lex("x «never closed").unterminated == (2, "quoted name")


def test_nested_comments_strings_and_char_literals() -> None:
    assert kinds("a /- x /- y -/ z -/ b -- c\nd") == [("ident", "a"), ("ident", "b"), ("ident", "d")]
    assert kinds('s "a \\" -- b" t') == [("ident", "s"), ("str", '"a \\" -- b"'), ("ident", "t")]
    assert kinds("'\"' '\\n' x' 'a'") == [("char", "'\"'"), ("char", "'\\n'"), ("ident", "x'"), ("char", "'a'")]
    assert kinds('r#"raw "quote" -/"# q') == [("str", 'r#"raw "quote" -/"#'), ("ident", "q")]
    assert lex("a /- /- -/ open").unterminated == (2, "block comment")
    assert lex('a "open').unterminated == (2, "string")


def test_numbers_hash_words_name_literals_and_symbols() -> None:
    assert kinds("#eval 0x1F 2.5e3 `sorryAx h.1 x:=y") == [
        ("hash", "#eval"), ("num", "0x1F"), ("num", "2.5e3"), ("name", "`sorryAx"), ("ident", "h"), ("sym", "."),
        ("num", "1"), ("ident", "x"), ("sym", ":="), ("ident", "y")]
    assert kinds("ѕ")[0][0] == "other"  # Cyrillic: Lean cannot lex it
    assert kinds("αβ ℝ x₁ λ") == [("ident", "αβ"), ("ident", "ℝ"), ("ident", "x₁"), ("sym", "λ")]


def test_code_view_keeps_offsets_and_lines() -> None:
    text = "a -- c\n/- x\n y -/ b \"s\""
    view = code_view(text)
    assert len(view) == len(text) and view.count("\n") == 2 and "c" not in view and '"s"' in view
    assert '"s"' not in code_view(text, blank_strings=True)


def test_declarations_of_a_file() -> None:
    text = ("import Mathlib\n/-- doc mentions theorem fake -/\ntheorem «my thm» (x : ℕ) : x = x := by\n  rfl\n"
            "private lemma l : True := trivial\n@[simp] def d : ℕ := 1\ninstance foo : Inhabited ℕ := ⟨0⟩\n"
            "example : 1 = 1 := rfl\ntheorem s : 2 = 2\n")
    ds = declarations(text)
    assert [(d.keyword, d.name) for d in ds] == [("theorem", "«my thm»"), ("lemma", "l"), ("def", "d"),
                                                ("instance", "foo"), ("example", None), ("theorem", "s")]
    assert ds[0].statement == "theorem «my thm» (x : ℕ) : x = x" and ds[0].proof.strip() == "by\n  rfl"
    assert ds[-1].statement == "theorem s : 2 = 2" and ds[-1].proof == ""
    assert ds[1].end == text.index("@[simp]")  # the attribute belongs to the next command
    assert statement_text("theorem t : (1 : ℕ) ≤ 2 := by decide") == "theorem t : (1 : ℕ) ≤ 2"
    src = "-- theorem no\n«theorem» x\ntheorem yes : True"
    assert theorem_start(src) == src.index("theorem yes")


def test_split_header_and_normalize_statement() -> None:
    imports, body = split_header("import Mathlib\nimport «Aesop»\n-- c\ntheorem t : True := trivial\n")
    assert imports == ("import Mathlib", "import «Aesop»") and body.startswith("-- c\ntheorem t")
    a = normalize_statement("theorem t (x : ℝ) /- c -/ :\n  ∑ k in Finset.range 3, k = Real.pi")
    assert a == normalize_statement("theorem t (x : ℝ) : ∑ k ∈ Finset.range 3, k = π")
    assert normalize_statement("theorem t : f x.1 = 0") != normalize_statement("theorem t : f x .1 = 0")


def test_goal_entries_and_first_goal() -> None:
    entries = goal_entries("case h\nx y : ℝ\nh₀ : x ≤\n    y\n⊢ x = y")
    assert [(e.kind, e.names, e.text, e.line) for e in entries] == [
        ("case", (), "h", 1), ("hyp", ("x", "y"), "ℝ", 2), ("hyp", ("h₀",), "x ≤\n    y", 3), ("target", (), "x = y", 5)]
    assert first_goal("\n\nx : ℕ\n⊢ x = 1\n\ny : ℕ\n⊢ y = 2") == ("x : ℕ\n⊢ x = 1", 3)
    with pytest.raises(LeanSourceError, match="no target"):
        goal_entries("x : ℕ")
    with pytest.raises(LeanSourceError, match="<goal>:1: not a hypothesis"):
        goal_entries("just words\n⊢ x")


@pytest.mark.parametrize("size", [100_000])
def test_reading_is_linear(size: int) -> None:
    blank = "\n" * size + "theorem t : True := trivial"
    big = "theorem t : True := by\n" + "  -- comment\n  simp [a, b] /- c -/\n" * (size // 10)
    t0 = time.perf_counter()
    assert theorem_start(blank) == size
    assert len(declarations(big)) == 1
    assert time.perf_counter() - t0 < 5.0


def test_tactic_block_start_after_the_top_level_assign_by() -> None:
    text = ("theorem a (h : x = 1 := by simp) : True := -- := by\n  by trivial\n"
            "theorem b : True := trivial\n-- := by\ntheorem c : «:= by» := by\n  rfl\n"
            "def d : ℕ → ℕ\n  | _ => 0\ntheorem e : True := by")
    lx = lex(text)
    got = [tactic_block_start(d, lx) for d in declarations(text, lexed=lx)]
    assert got[0] == text.index("by trivial") + 2
    assert got[1] is None and got[3] is None  # a term proof; equations
    assert text[got[2]:].startswith("\n  rfl") and got[4] == len(text)
    assert [d.assign is not None for d in declarations(text, lexed=lx)] == [True, True, True, False, True]


def test_literal_view_blanks_comments_and_fills_literal_bodies() -> None:
    text = "exact '(' -- )\n/- ( -/ \"(\\\"\" ++ r#\"a\"(\"# ++ «(»\nexact \"open"
    view = lex(text).literal_view()
    assert len(view) == len(text) and view.count("\n") == 2
    assert view == "exact '_'     \n        \"___\" ++ r#\"___\"# ++ «(»\nexact \"____"
