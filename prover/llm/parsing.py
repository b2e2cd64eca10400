"""Strict parsing of model replies: one tactic, one whole proof, or candidate function definitions.

Replies are untrusted text. Each parser returns a clean candidate or nothing (``None`` / ``[]``) and never
raises: garbage becomes an empty candidate, and the caller logs why (:func:`explain_tactic` and friends give
the reason). What is accepted:

* fenced code (```` ```lean ... ``` ````) anywhere in the reply, else the text before a closing fence
  (completion-style prompts end by opening a fence, so the model's reply starts inside it), else the reply;
* a tactic: one tactic (its indented continuation lines included), brackets balanced, no ``sorry``/``admit``,
  no search tactics (``exact?``), not prose;
* a whole proof: the tactic block after ``:= by`` of a ``theorem``/``lemma``/``example`` (or a bare tactic
  block), dedented, stopping at the next declaration;
* UF definitions: lines ``f(x, y) = term`` naming each requested function once, with the right arity and
  distinct parameters; each complete group of lines is one candidate.
"""

from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from symbolic.bridge.lean_source import Lexed, declarations, lex, tactic_block_start

__all__ = [
    "KNOWN_TACTICS",
    "DefinitionSignature",
    "explain_proof",
    "explain_tactic",
    "extract_code",
    "lex_reply",
    "parse_definitions",
    "parse_proof",
    "parse_tactic",
    "tactic_problem",
]

_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_+-]*)[ \t]*\n(.*?)(?:```|\Z)", re.S)
_SEARCH_WORDS = frozenset({"exact?", "apply?", "rw?", "simp?", "simp_all?", "hint", "aesop?", "says"})
_TACTIC_HEAD = re.compile(r"^(?:[a-z_][A-Za-z0-9_'!?.]*|·|\.|\(|\{|case\b|next\b|rfl\b)")
_PROSE_HEADS = frozenset({
    "we", "the", "to", "this", "so", "then", "now", "here", "let's", "lets", "i", "it", "thus", "hence",
    "therefore", "since", "note", "proof", "answer", "step", "finally", "using", "because", "a", "an",
    "tactic", "next:", "solution", "output", "sure", "okay", "ok", "in", "for", "by:",
})
# Tactic keywords of Lean 4 core, Std/Batteries and Mathlib that may start a tactic. A reply whose first word
# is not one of them is dropped: small models often answer with Lean-looking junk (`x[0,1] = 5`).
KNOWN_TACTICS = frozenset(["abel", "abel_nf", "absurd", "ac_rfl", "aesop", "all_goals", "and_intros", "any_goals", "apply", "apply_assumption", "apply_fun", "apply_mod_cast", "apply_rules", "assumption", "assumption_mod_cast", "bound", "by_cases", "by_contra", "by_contra!", "calc", "cancel_denoms", "case", "case'", "cases", "cases'", "change", "choose", "clear", "clear_value", "compute_degree", "congr", "congr!", "congrm", "constructor", "contradiction", "contrapose", "contrapose!", "conv", "conv_lhs", "conv_rhs", "decide", "dsimp", "exact", "exact_mod_cast", "exacts", "exfalso", "exists", "ext", "ext1", "fail_if_success", "field_simp", "filter_upwards", "fin_cases", "first", "focus", "fun_prop", "funext", "gcongr", "generalize", "generalize_proofs", "group", "have", "haveI", "induction", "induction'", "infer_instance", "injection", "injections", "interval_cases", "intro", "intros", "introv", "iterate", "left", "let", "lift", "linarith", "linarith!", "linear_combination", "linear_combination'", "match", "module", "native_decide", "next", "nlinarith", "nlinarith!", "noncomm_ring", "nofun", "nomatch", "norm_cast", "norm_num", "norm_num1", "nth_rewrite", "nth_rw", "obtain", "omega", "on_goal", "peel", "pick_goal", "polyrith", "positivity", "push_cast", "push_neg", "qify", "rcases", "rel", "refine", "refine'", "refine_lift", "rename", "rename_i", "repeat", "repeat'", "replace", "revert", "rewrite", "rfl", "right", "ring", "ring1", "ring_nf", "ring_nf!", "rintro", "rintros", "rotate_left", "rotate_right", "rsuffices", "rw", "rw_mod_cast", "rwa", "select_goal", "set", "show", "simp", "simp!", "simp_all", "simp_all!", "simp_arith", "simp_intro", "simp_rw", "simpa", "simpa!", "slim_check", "specialize", "split", "split_ands", "split_ifs", "subst", "subst_vars", "suffices", "swap", "symm", "tauto", "trans", "trivial", "try", "unfold", "unfold_let", "use", "use!", "valid", "wlog", "zify", "·", ".", "(", "{"])
_WORD = re.compile(r"[^\s\[\](){},:;]+")
#: The Lean lexer with a small cache: a reply's block is read by several checks in turn (never mutated: the
#: result is frozen).
lex_reply = functools.lru_cache(maxsize=32)(lex)
# characters without which a text holds no string, block comment or quoted name that could stay open
_OPENING_CHARS = ('"', "/-", "«")
_LITERAL_MARKS = ('"', "'", "--", "/-")

_PROOF_KEYWORDS = frozenset({"theorem", "lemma", "example", "def", "instance", "abbrev"})
_MODIFIERS = frozenset({"private", "protected", "noncomputable"})
# a declaration, a scope command or a `#command` at column 1 ends a tactic block
_TOP_LEVEL_WORDS = frozenset({"theorem", "lemma", "example", "def", "end", "namespace", "section", "open", "import"})
_PAIRS = {")": "(", "]": "[", "}": "{", "⟩": "⟨"}
_MAX_TACTIC_CHARS = 600
_OPENERS = (" by", ":=", "=>", "<;>", " with", " from", "calc", " fun", "·")
_HEADER_WORDS = frozenset({"import", "open", "set_option", "namespace", "section", "universe", "variable"})


def extract_code(reply: str, *, opened: bool = False) -> list[str]:
    """The code blocks of ``reply``.

    Fenced blocks if any; otherwise, with ``opened`` (the prompt ended by opening a fence), the text up to the
    first closing fence; otherwise the whole reply as one block.
    """
    if opened and not reply.lstrip().startswith("```"):
        return [reply.partition("```")[0]]
    blocks = [m.group(2) for m in _FENCE.finditer(reply)]
    if blocks:
        return blocks
    return [reply]


def _balanced(text: str) -> bool:
    """Brackets of ``text`` pair up, those in comments, strings and character literals aside."""
    if any(c in text for c in _LITERAL_MARKS):
        text = lex_reply(text).literal_view()
    stack: list[str] = []
    for ch in text:
        if ch in "([{⟨":
            stack.append(ch)
        elif ch in _PAIRS and (not stack or stack.pop() != _PAIRS[ch]):
            return False
    return not stack


def _strip_comment(line: str) -> str:
    """``line`` without a trailing ``-- comment`` (as Lean reads it: ``"a--b"`` and ``«--»`` are no comments)."""
    if "--" not in line:
        return line.rstrip()
    idx = next((a for a, _ in lex_reply(line).comments if line.startswith("--", a)), -1)
    return line[:idx].rstrip() if idx >= 0 else line.rstrip()


def _without_comments(text: str) -> str:
    """``text`` with its Lean comments blanked (offsets kept)."""
    if "--" not in text and "/-" not in text:
        return text
    lexed = lex_reply(text)
    return Lexed(text, lexed.tokens, lexed.comments, None).code_view()


def _lean_problem(text: str) -> str:
    """Why Lean would not take ``text`` as a proof, read with the Lean lexer: ``sorry``/``admit`` used as a
    tactic or term (not in a comment, string or longer name), or a comment/string that never closes."""
    if "sorry" not in text and "admit" not in text and not any(c in text for c in _OPENING_CHARS):
        return ""
    lexed = lex_reply(text)
    if any(t.is_word("sorry", "admit") for t in lexed.tokens):
        return "uses sorry/admit"
    if lexed.unterminated is not None:
        return f"unterminated {lexed.unterminated[1]}"
    return ""


def explain_tactic(reply: str, *, opened: bool = True) -> tuple[str | None, str]:
    """``(tactic, "")`` for a usable reply, else ``(None, reason)``."""
    blocks = extract_code(reply, opened=opened)
    lines = [ln for ln in blocks[0].splitlines() if ln.strip() and not ln.strip().startswith("--")] \
        if blocks else []
    if not lines:
        return None, "empty reply"
    first = lines[0]
    indent = len(first) - len(first.lstrip())
    picked = [_strip_comment(first).strip()]
    for ln in lines[1:]:
        # a further-indented line continues the tactic only where the tactic so far asks for more
        # (an open `by`, `:=`, `=>`, unclosed brackets) or it is a calc step / match arm
        so_far = "\n".join(picked).rstrip()
        wants_more = so_far.endswith(_OPENERS) or not _balanced(so_far) or ln.lstrip().startswith(("_ ", "| "))
        if len(ln) - len(ln.lstrip()) <= indent or not wants_more:
            break
        picked.append(_strip_comment(ln)[indent:])
    text = "\n".join(p for p in picked if p.strip())
    if text.startswith("by ") or text.startswith("by\n"):
        text = text[3:].strip()
    if not text:
        return None, "empty tactic"
    why = tactic_problem(text)
    return (None, why) if why else (text, "")


def tactic_problem(text: str) -> str:
    """Why ``text`` (one tactic, already cut out of a reply) is not a usable tactic; ``""`` when it is.

    The one strict check every reply format goes through: known tactic keyword first, balanced brackets, no
    ``sorry``/``admit``, no search tactic, no prose, and a parenthesized head ``(tac)`` holding a tactic
    itself with nothing after it but ``<;>``/``;`` and another tactic (``(x-y) : 3`` is a term, not a tactic).
    """
    text = text.strip()
    if not text:
        return "empty tactic"
    head = text.split()[0].lower()
    if head in _PROSE_HEADS or text.rstrip().endswith((".", ":")) or _prose_words(text):
        return f"prose, not a tactic: {text[:60]!r}"
    why = _lean_problem(text)
    if why:
        return why
    if _searches(text.splitlines()[0]):
        return f"search tactic, not a step: {text[:60]!r}"
    if not _TACTIC_HEAD.match(text) or _first_word(text) not in KNOWN_TACTICS:
        return f"does not start with a tactic: {text[:60]!r}"
    if not _balanced(text):
        return f"unbalanced brackets: {text[:60]!r}"
    if len(text) > _MAX_TACTIC_CHARS:
        return f"tactic longer than {_MAX_TACTIC_CHARS} characters"
    if text.startswith("("):
        close = _matching_close(text)
        inner, rest = text[1:close], text[close + 1 :].strip()
        if tactic_problem(inner):
            return f"parentheses hold no tactic: {text[:60]!r}"
        for sep in ("<;>", ";"):
            if rest.startswith(sep):
                rest = rest[len(sep) :].strip()
                return f"no tactic after {sep}: {text[:60]!r}" if tactic_problem(rest) else ""
        if rest:
            return f"text after a parenthesized tactic: {text[:60]!r}"
    return ""


# English words that do not occur in Lean tactic text (``this``/``then``/``from`` do, as keywords)
_PROSE_STRONG = frozenset({"the", "we", "follows", "because", "hence", "therefore", "thus", "should", "would",
                           "clearly", "obviously", "let's", "since", "need", "want", "answer", "proof", "step"})
_PROSE_WEAK = frozenset({"is", "are", "that", "which", "can", "will", "our", "us", "it", "to", "and", "of"})


def _searches(line: str) -> bool:
    """A search tactic (``exact?``, ``hint``) starts the line or a ``?`` name ends it (read as Lean tokens)."""
    if "?" not in line and "hint" not in line and "says" not in line:
        return False
    toks = lex_reply(line).tokens
    return bool(toks) and (toks[0].text in _SEARCH_WORDS or toks[-1].text.endswith("?"))


def _prose_words(text: str) -> bool:
    """Whole tokens only: ``le_of_lt`` is one identifier, not the word ``of``."""
    words = re.findall(r"[A-Za-z_][A-Za-z0-9_'.!?₀-₉]*", _without_comments(text))
    lowered = [w.lower() for w in words]
    return any(w in _PROSE_STRONG for w in lowered) or sum(w in _PROSE_WEAK for w in lowered) >= 2


def _matching_close(text: str) -> int:
    """Index of the bracket closing ``text[0]`` (``text`` is balanced)."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{⟨":
            depth += 1
        elif ch in _PAIRS:
            depth -= 1
            if depth == 0:
                return i
    return len(text) - 1


def _first_word(text: str) -> str:
    """The tactic keyword that starts ``text`` (``simp`` of ``simp [h]``; bullets and brackets stand alone)."""
    if text[0] in "·.({":
        return text[0]
    m = _WORD.match(text)
    return m.group(0) if m else ""


def parse_tactic(reply: str, *, opened: bool = True) -> str | None:
    """One tactic from a reply, or None when the reply holds no usable tactic."""
    return explain_tactic(reply, opened=opened)[0]


def explain_proof(reply: str, *, opened: bool = True) -> tuple[str | None, str]:
    """``(tactic_block, "")`` for a usable whole-proof reply, else ``(None, reason)``."""
    for block in extract_code(reply, opened=opened):
        body = _proof_body(block)
        if body is None:
            continue
        why = _lean_problem(body)
        if why:
            return None, why
        if not _balanced(body):
            return None, "unbalanced brackets"
        lines = [ln for ln in body.splitlines() if ln.strip() and not ln.strip().startswith("--")]
        if not lines:
            continue
        head = lines[0].split()[0].lower()
        first = lines[0].strip()
        if head in _PROSE_HEADS or not _TACTIC_HEAD.match(first) or _first_word(first) not in KNOWN_TACTICS:
            return None, f"prose, not a proof: {lines[0][:60]!r}"
        return body, ""
    return None, "no tactic block found"


def parse_proof(reply: str, *, opened: bool = True) -> str | None:
    """The dedented tactic block of a whole-proof reply (what follows ``:= by``), or None."""
    return explain_proof(reply, opened=opened)[0]


def _proof_body(block: str) -> str | None:
    """The tactic block of ``block``: after the declaration's ``:= by`` if it has one, else the block.

    The block is read with the Lean lexer: a ``theorem`` or ``:= by`` inside a comment or string is no
    declaration; a declaration counts only after a file header (imports, options, comments)."""
    lexed = lex_reply(block)
    decl = next((d for d in declarations(block, lexed=lexed) if d.keyword in _PROOF_KEYWORDS), None)
    if decl is not None and not _only_header(lexed, decl.start):
        decl = None  # tactics come first: a bare block that a later declaration ends
    lines = block.splitlines()
    if decl is not None:
        start = tactic_block_start(decl, lexed)
        if start is None:
            return None
        line0 = block.count("\n", 0, start)  # the line of `by`, the rest of which opens the block
        rest = lines[line0][start - (block.rfind("\n", 0, start) + 1):].strip() if line0 < len(lines) else ""
        numbered = ([(-1, f"  {rest}")] if rest else []) + list(enumerate(lines))[line0 + 1:]
    else:
        # a bare block; a leading "by" line opens it
        start = 0
        while start < len(lines) and not lines[start].strip():
            start += 1
        if start < len(lines) and lines[start].strip() == "by":
            start += 1
        numbered = list(enumerate(lines))[start:]
    stops = _top_level_lines(lexed)
    body: list[str] = []
    base: int | None = None
    for lineno, ln in numbered:
        if not ln.strip():
            body.append("")
            continue
        indent = len(ln) - len(ln.lstrip())
        if base is None:
            base = indent
        # a line less indented than the block, or a new top-level command, ends the proof
        if indent < base or (indent == 0 and lineno in stops) or ln.strip().startswith("```"):
            break
        body.append(ln)
    text = textwrap.dedent("\n".join(body)).strip("\n")
    return text or None


def _top_level_lines(lexed: Lexed) -> set[int]:
    """0-based lines that start with a top-level command, a ``#command`` or a block comment at column 1, or
    are a bare ``--`` (each ends a tactic block laid out at column 0)."""
    text = lexed.text
    out = {t.line - 1 for t in lexed.tokens
           if t.column == 1 and (t.kind == "hash" or t.is_word(*_TOP_LEVEL_WORDS))}
    for a, b in lexed.comments:
        if (a == 0 or text[a - 1] == "\n") and (text.startswith("/-", a) or not text[a + 2 : b].strip()):
            out.add(text.count("\n", 0, a))
    return out


def _only_header(lexed: Lexed, decl_start: int) -> bool:
    """True when the code before the declaration at ``decl_start`` is a file's header: lines of imports,
    options, namespaces (comments are no code), then the declaration's own attributes and modifiers."""
    toks = [t for t in lexed.tokens if t.start < decl_start]
    decl_line = lexed.text.count("\n", 0, decl_start) + 1
    depth = 0
    for k, t in enumerate(toks):
        if t.line == decl_line:  # `@[simp] private theorem`: attributes and modifiers only
            if t.text == "@[":
                depth += 1
            elif t.text == "]" and depth:
                depth -= 1
            elif not depth and not t.is_word(*_MODIFIERS):
                return False
        elif (k == 0 or toks[k - 1].line != t.line) and not t.is_word(*_HEADER_WORDS):
            return False
    return True


@dataclass(frozen=True)
class DefinitionSignature:
    """What :func:`parse_definitions` needs to know about a function: its name and arity."""

    name: str
    arity: int


_IDENT = r"[A-Za-z_][A-Za-z0-9_']*"
_DEF_LINE = re.compile(rf"^\s*(?:[-*]\s+)?({_IDENT})\s*(?:\(\s*([^()]*?)\s*\))?\s*=\s*(.+?)\s*;?\s*$")
_TERM_CHARS = re.compile(r"^[A-Za-z0-9_'.\s+\-*/^(),<>=!&|%≤≥≠¬∧∨]+$")


def _parse_def_line(line: str, arities: dict[str, int]) -> tuple[str, str] | None:
    m = _DEF_LINE.match(line)
    if not m:
        return None
    name, params_text, term = m.group(1), m.group(2), m.group(3).strip()
    if name not in arities:
        return None
    params = [p.strip() for p in params_text.split(",")] if params_text else []
    if len(params) != arities[name] or len(set(params)) != len(params):
        return None
    if not all(re.fullmatch(_IDENT, p) for p in params):
        return None
    if not term or term.endswith(".") or not _TERM_CHARS.match(term) or not _balanced(term):
        return None
    head = f"{name}({', '.join(params)})" if params or params_text is not None else name
    return name, f"{head} = {' '.join(term.split())}"


def parse_definitions(
    reply: str, functions: Sequence[DefinitionSignature], *, opened: bool = False
) -> list[str]:
    """Candidate definition texts from a reply, one per complete group of definition lines.

    A candidate defines every function of ``functions`` exactly once, one line each, in the order of
    ``functions``. Text that is neither a definition, a comment nor blank ends a complete group and spoils
    (drops) a partial one; text before the first definition is ignored.
    """
    arities = {f.name: f.arity for f in functions}
    order = [f.name for f in functions]
    candidates: list[str] = []

    def close(group: dict[str, str], spoiled: bool) -> None:
        if not spoiled and group and set(group) == set(order):
            text = "\n".join(group[name] for name in order)
            if text not in candidates:
                candidates.append(text)

    for block in extract_code(reply, opened=opened):
        group: dict[str, str] = {}
        spoiled = False
        for raw in block.splitlines():
            line = raw.strip()
            if not line or line.startswith(("--", "#", "//")):
                if not line and set(group) == set(order):
                    close(group, spoiled)
                    group, spoiled = {}, False
                continue
            parsed = _parse_def_line(line, arities)
            if parsed is None:
                # junk right after a complete group ends it; junk inside a partial group spoils it
                if set(group) == set(order):
                    close(group, spoiled)
                    group, spoiled = {}, False
                elif group:
                    spoiled = True
                continue
            name, text = parsed
            if name in group:  # a redefinition starts the next candidate
                close(group, spoiled)
                group, spoiled = {}, False
            group[name] = text
        close(group, spoiled)
    return candidates
