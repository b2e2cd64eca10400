"""Why a statement the bridge cannot parse is outside its fragment: the construct, named from Lean's tokens.

The bridge's parser covers the arithmetic fragment. Valid Lean outside it (``(G : Type*)``, ``[Group G]``,
``∫ x in a..b``, set-builder notation, …) must be reported ``unsupported: <construct>``, not ``parse_error``:
``parse_error`` is kept for text that is not a well-formed declaration at all (no declaration keyword or
name, unbalanced brackets). The scan works on the bridge's Lean lexer, so comments and names are never
mistaken for constructs.
"""

from __future__ import annotations

from dataclasses import dataclass

from symbolic.bridge.lexer import Token, tokenize

__all__ = ["Diagnosis", "diagnose"]

_DECLS = ("theorem", "lemma", "example", "def", "abbrev", "instance")
_PAIRS = {"(": ")", "[": "]", "{": "}", "⟨": "⟩"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
#: Symbols the lexer does not know and that name a construct of Mathlib (the lexer makes each a ``sym``).
_NAMED_SYMBOLS = {
    "⋃": "indexed union (`⋃ i, s i`)", "⋂": "indexed intersection (`⋂ i, s i`)",
    "⧸": "quotient (`G ⧸ H`)", "∫": "integral (`∫ x in a..b, f x`)", "∘": "function composition (`f ∘ g`)",
    "≃": "equivalence (`α ≃ β`)", "×": "product type (`α × β`)", "⁻¹'": "preimage (`f ⁻¹' s`)",
    "•": "scalar multiplication (`c • v`)", "‖": "norm (`‖x‖`)", "𝓝": "neighbourhood filter (`𝓝 x`)",
}


@dataclass(frozen=True)
class Diagnosis:
    """``well_formed``: the text is a declaration with balanced brackets; ``construct``: the first construct
    outside the fragment that was recognised (or a description of where the grammar stopped)."""

    well_formed: bool
    construct: str


def diagnose(text: str, parser_message: str = "") -> Diagnosis:
    """Classify text that the bridge's parser refused."""
    tokens = [t for t in tokenize(text) if t.kind != "eof"]
    decl = next((i for i, t in enumerate(tokens) if t.kind == "ident" and t.text in _DECLS), None)
    if decl is None:
        return Diagnosis(False, "no theorem declaration")
    if decl + 1 >= len(tokens) or (tokens[decl + 1].kind != "ident" and tokens[decl].text != "example"):
        return Diagnosis(False, f"`{tokens[decl].text}` without a name")
    unbalanced = _unbalanced(tokens[decl:])
    if unbalanced:
        return Diagnosis(False, unbalanced)
    body = tokens[decl:]
    construct = _construct(body) or f"syntax outside the bridge's grammar ({parser_message.strip() or 'no detail'})"
    return Diagnosis(True, construct)


def _unbalanced(tokens: list[Token]) -> str | None:
    stack: list[Token] = []
    for t in tokens:
        if t.kind != "sym":
            continue
        if t.text in _PAIRS:
            stack.append(t)
        elif t.text in _CLOSERS:
            if not stack or stack[-1].text != _CLOSERS[t.text]:
                return f"unbalanced '{t.text}' at line {t.line}, column {t.column}"
            stack.pop()
    if stack:
        return f"unclosed '{stack[-1].text}' from line {stack[-1].line}, column {stack[-1].column}"
    return None


def _construct(tokens: list[Token]) -> str | None:
    """The first recognised construct outside the arithmetic fragment, in order of how telling it is."""
    texts = [t.text for t in tokens]
    if texts[0] in ("def", "abbrev", "instance"):
        return f"a definition (`{texts[0]}`), not a theorem"
    if "Type" in texts or "Sort" in texts:
        return "universe-polymorphic type binder (`Type*`)"
    depth = 0
    for i, t in enumerate(tokens):
        if t.text in _PAIRS:
            if t.text == "[" and depth == 0 and i > 1:
                name = tokens[i + 1].text if i + 1 < len(tokens) else ""
                return f"instance binder (`[{name} …]`)"
            depth += 1
        elif t.text in _CLOSERS:
            depth -= 1
        elif t.text == ":" and depth == 0:
            break  # the binders end here
    for t in tokens:
        if t.text in _NAMED_SYMBOLS:
            return _NAMED_SYMBOLS[t.text]
    for i, t in enumerate(tokens[:-2]):
        if t.text == "{" and tokens[i + 1].kind == "ident" and (
                tokens[i + 2].text == "|" or (tokens[i + 2].text == ":" and "|" in texts[i + 3: i + 8])):
            return "set-builder notation (`{x | p x}`)"
    for i, t in enumerate(tokens[:-1]):
        if t.text == "(" and tokens[i + 1].kind == "ident" and ":=" in texts[i + 2: i + 4]:
            return "binder with a default value (`(x := e)`)"
    if "fun" in texts or "λ" in texts:
        return "lambda (`fun x => e`)"
    for i, t in enumerate(tokens):
        if t.text == "in":
            before = texts[max(0, i - 3): i]
            if "∑" in before or "∏" in before:
                return "big operator over a set with `in` (`∑ x in s, f x`)"
            return "binder with `in` (`∀ x in s, p x`)"
    for t in tokens:
        if t.kind == "sym" and len(t.text) == 1 and not t.text.isascii() and t.text not in "∀∃¬∧∨→↔⊢∑∏√∈∉·≡⊆∩∪⌊⌋⌈⌉≠≤≥⟨⟩↑":
            return f"symbol `{t.text}`"
    return None
