"""Any text at all: translation either succeeds or raises an InputError (one line), never anything else."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from symbolic.bridge import translate
from symbolic.errors import InputError

TOKENS = ["theorem", "t", "(", ")", "x", "y", ":", "ℝ", "ℕ", "→", "∀", "∃", ",", "=", "<", "≤", "+", "-", "*",
          "/", "%", "^", "|", "∑", "in", "∈", "Finset.range", "3", "2.5", "↑", "√", "¬", "∧", "∨", "↔", ":=",
          "by", "sorry", "⊢", "\n", "{", "}", "[", "]", "f", "h₀", "Nat.Prime", "⌊", "⌋₊", "!", "fun", "=>",
          "[MOD", "≡", ".den", "⁻¹"]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(TOKENS), max_size=25))
def test_token_soup_never_crashes(tokens: list[str]) -> None:
    text = " ".join(tokens)
    try:
        translate(text, source="soup")
    except InputError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.text(max_size=60))
def test_arbitrary_text_never_crashes(text: str) -> None:
    with contextlib.suppress(InputError):
        translate(text, source="text")
