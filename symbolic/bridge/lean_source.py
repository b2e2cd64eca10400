"""The one reader of Lean 4 source: tokens as Lean lexes them, declarations of a file, goal-state entries.

Lean's own lexing rules (``Lean.Parser.Basic``, ``Init.Meta``) are followed where they decide what is code:

* ``--`` line comments and nested ``/- … -/`` block comments (doc comments ``/--``, ``/-!`` included);
* string literals with escapes, raw strings ``r#"…"#``, character literals ``'x'``/``'\\n'``;
* identifiers: dotted parts, each either «quoted» (any text but ``»``, so ``«--»`` is a name, not a
  comment) or a letter/``_``/letter-like symbol followed by letters, digits, ``_'!?``, subscripts;
* name literals ```foo``; ``#command`` words; numbers (decimal, hex, binary, octal, scientific).

Anything else is one ``sym`` token (longest match from a short list, else one character); a character Lean
cannot lex at all (a Cyrillic letter, a full-width letter) becomes an ``other`` token. The reader never
raises on bad text: a comment, string, character literal or quoted name that never closes is reported in
:attr:`Lexed.unterminated` and ends the token stream, which is what makes the rest invisible to Lean.

Consumers: the soundness guard and statement locator of the Lean layer, and the bridge's statement finder.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from symbolic.errors import InputError

__all__ = [
    "COMMAND_KEYWORDS",
    "DECLARATION_KEYWORDS",
    "Declaration",
    "GoalEntry",
    "LeanSourceError",
    "Lexed",
    "Token",
    "code_view",
    "declarations",
    "first_goal",
    "goal_entries",
    "lex",
    "normalize_statement",
    "split_header",
    "statement_text",
    "tactic_block_start",
    "theorem_start",
]


class LeanSourceError(InputError):
    """Text that is not what the caller asked for (a goal state without ``⊢``, a statement without a name)."""


# Lean's `isLetterLike`: Greek (without λ, Π, Σ), Coptic, polytonic Greek, the letter-like block (ℕ ℝ …),
# and the mathematical script/double-struck/fraktur letters.
_LETTER_LIKE = "\u03b1-\u03ba\u03bc-\u03c9\u0391-\u039f\u03a1\u03a4-\u03a9\u03ca-\u03fb\u1f00-\u1ffe\u2100-\u214f\U0001d49c-\U0001d59f"
_ID_FIRST = "A-Za-z_" + _LETTER_LIKE
_ID_REST = _ID_FIRST + "0-9'!?\u2080-\u2089\u2090-\u209c\u1d62-\u1d6a"
_PART = rf"(?:«[^»]*»|[{_ID_FIRST}][{_ID_REST}]*)"
_IDENT = re.compile(rf"{_PART}(?:\.{_PART})*")
_NUMBER = re.compile(r"0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|[0-9][0-9_]*(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_CHAR = re.compile(r"'(?:\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.)|[^\\'\n])'")
_RAW_OPEN = re.compile(r'r(#*)"')
_WHITESPACE = re.compile(r"[ \t\r\n]+")
_BLOCK_MARK = re.compile(r"/-|-/")
_HASH_WORD = re.compile(rf"#[{_ID_FIRST}][{_ID_REST}]*")
_NAME_LITERAL = re.compile(rf"``?{_PART}(?:\.{_PART})*")
_SYMBOLS = sorted(
    [":=", "=>", "->", "<-", "←", "→", "↔", "<;>", "@[", "..", "...", "::", "|>.", "|>", "<|", "<|>", "≠", "≤", "≥",
     "`(", "%[", "$(", "λ", "Π", "Σ", "⟨", "⟩", "⦃", "⦄", "⁻¹", "++", "&&", "||", "^^", "!=", "==", "<=", ">="],
    key=len, reverse=True,
)
_OPENERS = {"(": ")", "[": "]", "{": "}", "⦃": "⦄", "⟨": "⟩", "@[": "]", "`(": ")", "%[": "]", "$(": ")"}
_CLOSERS = frozenset(_OPENERS.values())

#: Words that start a command (Lean reserves them: they cannot be identifiers unless «quoted»).
DECLARATION_KEYWORDS = frozenset({"theorem", "lemma", "example", "def", "abbrev", "instance", "opaque", "axiom",
                                  "structure", "class", "inductive"})
THEOREM_KEYWORDS = frozenset({"theorem", "lemma", "example"})
COMMAND_KEYWORDS = DECLARATION_KEYWORDS | frozenset({
    "import", "open", "namespace", "section", "end", "set_option", "variable", "universe", "attribute", "export",
    "mutual", "noncomputable", "private", "protected", "partial", "unsafe", "macro", "macro_rules", "syntax",
    "elab", "elab_rules", "notation", "infix", "infixl", "infixr", "prefix", "postfix", "declare_syntax_cat",
    "initialize", "builtin_initialize", "deriving", "include", "omit", "run_cmd", "run_elab", "run_meta",
    "simproc", "dsimproc", "scoped", "local",
})


@dataclass(frozen=True, slots=True)
class Token:
    """One token. ``kind``: ``ident``, ``num``, ``str``, ``char``, ``name`` (a ```name`` literal), ``hash``
    (``#eval`` …), ``sym`` or ``other`` (not lexable by Lean). ``start``/``end`` are offsets into the text,
    ``line``/``column`` 1-based; ``gap`` tells whether whitespace or a comment precedes the token."""

    kind: str
    text: str
    start: int
    end: int
    line: int
    column: int
    gap: bool = True

    @property
    def parts(self) -> tuple[str, ...]:
        """Components of an identifier or name literal, «quotes» removed (``_root_`` kept)."""
        if self.kind not in ("ident", "name"):
            return (self.text,)
        return tuple(p[1:-1] if p.startswith("«") else p for p in _split_parts(self.text.lstrip("`")))

    @property
    def quoted(self) -> bool:
        return "«" in self.text

    def is_word(self, *words: str) -> bool:
        """An unquoted one-part identifier spelled as one of ``words`` (a keyword, for Lean)."""
        return self.kind == "ident" and self.text in words


def _split_parts(text: str) -> list[str]:
    return re.findall(rf"{_PART}", text)


@dataclass(frozen=True, slots=True)
class Lexed:
    """Tokens of a text (comments dropped), the comment spans, and where lexing stopped early.

    ``unterminated``: ``(offset, what)`` for a comment, string, character literal or quoted name that never
    closes (Lean reports an error there; the text after it is never code), else ``None``.
    """

    text: str
    tokens: tuple[Token, ...]
    comments: tuple[tuple[int, int], ...]
    unterminated: tuple[int, str] | None

    def code_view(self, *, blank_strings: bool = False) -> str:
        """The text with comments (and optionally string contents) replaced by spaces; newlines and offsets kept."""
        spans = list(self.comments)
        if blank_strings:
            spans += [(t.start + 1, t.end - 1) for t in self.tokens if t.kind == "str"]
        if self.unterminated is not None:
            spans.append((self.unterminated[0], len(self.text)))
        if not spans:
            return self.text
        chars = list(self.text)
        for a, b in spans:
            for i in range(a, b):
                if chars[i] != "\n":
                    chars[i] = " "
        return "".join(chars)


    def literal_view(self, fill: str = "_") -> str:
        """The text with comments replaced by spaces and the bodies of string literals (raw ones included),
        character literals and a literal that never closes (to the end) by ``fill``; newlines and offsets kept.

        What bracket counting and keyword search read: ``'('``, ``"a--b"`` and ``r#"…"#`` hold no code."""
        chars = list(self.text)

        def put(a: int, b: int, ch: str) -> None:
            for i in range(a, b):
                if chars[i] != "\n":
                    chars[i] = ch

        for a, b in self.comments:
            put(a, b, " ")
        for t in self.tokens:
            if t.kind == "char":
                put(t.start + 1, t.end - 1, fill)
            elif t.kind == "str":
                opening = t.text.index('"') + 1
                put(t.start + opening, t.end - (opening - 1 if t.text.startswith("r") else 1), fill)  # r#"…"#
        if self.unterminated is not None and self.unterminated[1] != "block comment":
            put(self.unterminated[0] + 1, len(self.text), fill)
        return "".join(chars)


def _block_comment_end(text: str, start: int) -> int:
    """End offset of the nested block comment opened at ``start`` (``-1`` if it never closes)."""
    depth = 1
    for m in _BLOCK_MARK.finditer(text, start + 2):
        depth += 1 if m.group(0) == "/-" else -1
        if depth == 0:
            return m.end()
    return -1


def lex(text: str) -> Lexed:
    """Tokens of ``text`` as Lean reads them (linear time; never raises)."""
    tokens: list[Token] = []
    comments: list[tuple[int, int]] = []
    n = len(text)
    i = 0
    line, line_start = 1, 0
    gap = True
    unterminated: tuple[int, str] | None = None

    def advance_lines(a: int, b: int) -> None:
        nonlocal line, line_start
        k = text.count("\n", a, b)
        if k:
            line += k
            line_start = text.rfind("\n", a, b) + 1

    while i < n:
        c = text[i]
        m = _WHITESPACE.match(text, i) if c in " \t\r\n" else None
        if m:
            advance_lines(i, m.end())
            i, gap = m.end(), True
            continue
        if text.startswith("--", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            comments.append((i, end))
            i, gap = end, True
            continue
        if text.startswith("/-", i):
            end = _block_comment_end(text, i)
            if end < 0:
                comments.append((i, n))
                unterminated = (i, "block comment")
                break
            comments.append((i, end))
            advance_lines(i, end)
            i, gap = end, True
            continue
        kind, end = _token_at(text, i, c)
        if end < 0:
            unterminated = (i, kind)
            break
        tokens.append(Token(kind, text[i:end], i, end, line, i - line_start + 1, gap))
        advance_lines(i, end)
        i, gap = end, False
    return Lexed(text, tuple(tokens), tuple(comments), unterminated)


def _token_at(text: str, i: int, c: str) -> tuple[str, int]:
    """``(kind, end)`` of the token at ``i``; ``end == -1`` with ``kind`` naming what never closes."""
    if c == '"':
        m = _STRING.match(text, i)
        return ("str", m.end()) if m else ("string", -1)
    if c == "r" and (m := _RAW_OPEN.match(text, i)):
        hashes = len(m.group(1))
        close = text.find('"' + "#" * hashes, m.end())
        return ("str", close + 1 + hashes) if close >= 0 else ("raw string", -1)
    if c.isdigit() and c.isascii():
        m = _NUMBER.match(text, i)
        assert m is not None
        return "num", m.end()
    if c == "`":
        m = _NAME_LITERAL.match(text, i)
        if m:
            return "name", m.end()
    if c == "'" and not text.startswith("''", i):
        m = _CHAR.match(text, i)
        if m:
            return "char", m.end()
    if c == "«":
        m = _IDENT.match(text, i)
        return ("ident", m.end()) if m else ("quoted name", -1)
    if c == "#":
        m = _HASH_WORD.match(text, i)
        if m:
            return "hash", m.end()
    m = _IDENT.match(text, i)
    if m:
        return "ident", m.end()
    for s in _SYMBOLS:
        if text.startswith(s, i):
            return "sym", i + len(s)
    if c.isalpha() or c.isdigit():
        return "other", i + 1
    return "sym", i + 1


def code_view(text: str, *, blank_strings: bool = False) -> str:
    """``text`` with comments blanked (see :meth:`Lexed.code_view`)."""
    return lex(text).code_view(blank_strings=blank_strings)


# ---------------------------------------------------------------------------------------------- declarations


@dataclass(frozen=True, slots=True)
class Declaration:
    """A declaration command: its keyword, name (``None`` for ``example`` and anonymous instances), statement
    text (from the keyword to just before ``:=``, or to the end of the command), proof text (after ``:=``),
    where it starts and ends (offsets), its 1-based line, and the offset of its top-level ``:=`` (``None``
    when the statement runs to ``|``, ``where`` or the end of the command)."""

    keyword: str
    name: str | None
    statement: str
    proof: str
    start: int
    end: int
    line: int
    assign: int | None = None

    @property
    def is_theorem(self) -> bool:
        return self.keyword in THEOREM_KEYWORDS

    @property
    def signature(self) -> str:
        """The statement without the keyword and name: binders and type (``(x : ℕ) : x = x``)."""
        head = self.keyword + (f" {self.name}" if self.name else "")
        s = self.statement.strip()
        return s[len(head):].strip() if s.startswith(head) else self.statement


def _command_starts(tokens: tuple[Token, ...]) -> list[int]:
    """Indices of tokens that begin a command at the start of a line (how a Lean file is laid out)."""
    return [k for k, t in enumerate(tokens)
            if t.column == 1 and (t.kind == "hash" or t.text == "@[" or t.is_word(*COMMAND_KEYWORDS))]


def declarations(text: str, *, lexed: Lexed | None = None) -> list[Declaration]:
    """Every declaration (``theorem``, ``lemma``, ``example``, ``def``, ``instance``, …) in ``text``, in order."""
    lx = lexed or lex(text)
    toks = lx.tokens
    starts = _command_starts(toks)
    found: list[Declaration] = []
    for k, t in enumerate(toks):
        if not t.is_word(*DECLARATION_KEYWORDS):
            continue
        j = k + 1
        name = None
        if t.text not in ("example", "instance") and j < len(toks) and toks[j].kind == "ident":
            name = toks[j].text
            j += 1
        elif t.text == "instance":
            name = _instance_name(toks, j)
        nxt = next((s for s in starts if s > k), len(toks))
        end = toks[nxt].start if nxt < len(toks) else len(text)
        # modifiers and attributes on the next command's line belong to it, not to this proof
        stop = _statement_stop(toks, j, nxt)
        assign = None
        if stop is None:
            stmt_end, proof = end, ""
        else:
            stmt_end = toks[stop].start
            assign = stmt_end if toks[stop].text == ":=" else None
            proof_start = toks[stop].end if assign is not None else toks[stop].start
            proof = text[proof_start:end].strip("\n")
        found.append(Declaration(t.text, name, text[t.start:stmt_end].rstrip(), proof, t.start, end, t.line, assign))
    return found


def tactic_block_start(decl: Declaration, lexed: Lexed) -> int | None:
    """Offset just after the ``by`` of ``decl``'s ``:= by`` (``lexed``: the text it was read from); ``None``
    when its proof is not a tactic block (a term, equations, no proof)."""
    if decl.assign is None:
        return None
    k = bisect.bisect_left(lexed.tokens, decl.assign, key=lambda t: t.start) + 1
    if k < len(lexed.tokens) and lexed.tokens[k].is_word("by") and lexed.tokens[k].start < decl.end:
        return lexed.tokens[k].end
    return None


def _instance_name(toks: tuple[Token, ...], j: int) -> str | None:
    if j < len(toks) and toks[j].text == "(":  # instance (priority := n) name
        while j < len(toks) and toks[j].text != ")":
            j += 1
        j += 1
    if j + 1 < len(toks) and toks[j].kind == "ident" and toks[j + 1].text in (":", "(", "[", "{", "⦃"):
        return toks[j].text
    return None


def _statement_stop(toks: tuple[Token, ...], j: int, limit: int) -> int | None:
    """Index of the token ending a statement: ``:=``, ``|`` opening a line, or ``where``, at bracket depth 0."""
    depth = 0
    for k in range(j, limit):
        t = toks[k]
        if t.kind != "sym" and not t.is_word("where"):
            continue
        if t.text in _OPENERS:
            depth += 1
        elif t.text in _CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0 and (t.text in (":=", "where") or (t.text == "|" and t.column == 1)):
            return k
    return None


def theorem_start(text: str) -> int | None:
    """Offset of the first ``theorem``/``lemma``/``example`` keyword that Lean would read as one."""
    return next((t.start for t in lex(text).tokens if t.is_word(*THEOREM_KEYWORDS)), None)


def first_goal(text: str) -> tuple[str, int]:
    """The first of several goals Lean printed (the next starts after a blank line or at a ``case`` line
    once a target was seen) and the 1-based line it starts on."""
    lines = text.split("\n")
    k = 0
    while k < len(lines) and not lines[k].strip():
        k += 1
    seen_target = False
    end = k
    while end < len(lines):
        line = lines[end]
        if seen_target and (not line.strip() or line.startswith(("case ", TURNSTILE))):
            break
        seen_target = seen_target or line.startswith(TURNSTILE)
        end += 1
    return "\n".join(lines[k:end]), k + 1


def statement_text(statement: str) -> str:
    """The last theorem's text without its proof: from its keyword to the top-level ``:=`` (or the end)."""
    decls = [d for d in declarations(statement) if d.is_theorem]
    if not decls:
        raise LeanSourceError("no theorem, lemma or example declaration", source="<statement>")
    return decls[-1].statement


def split_header(text: str) -> tuple[tuple[str, ...], str]:
    """Split source into its leading ``import`` commands and the rest (the REPL needs imports in a fresh env)."""
    lx = lex(text)
    toks = lx.tokens
    imports: list[str] = []
    k, body_from = 0, 0
    while k < len(toks) and toks[k].is_word("import"):
        k += 1
        while k < len(toks) and toks[k].kind == "ident" and toks[k].line == toks[k - 1].line:
            imports.append(f"import {toks[k].text}")
            k += 1
        nl = text.find("\n", toks[k - 1].end)
        body_from = len(text) if nl < 0 else nl + 1
    return tuple(imports), text[body_from:]


_REAL_PI = re.compile(r"(?<![\w'.])Real\.pi(?![\w'])")
_BIG_OP_IN = re.compile(r"([∑∏]\s*[^,∈]*?)\s+in\s+")


def normalize_statement(statement: str) -> str:
    """Statement text with comments removed and whitespace collapsed, for comparing two statements.

    Tokens are joined with one space where the source had whitespace or a comment, none where it had none.
    The deprecated big-operator binder ``∑ k in s, f k`` is rewritten to ``∑ k ∈ s, f k`` (Mathlib
    elaborates both to the same term); likewise ``Real.pi`` and its notation ``π``.
    """
    toks = lex(statement).tokens
    text = "".join((" " if t.gap and k else "") + t.text for k, t in enumerate(toks))
    return _REAL_PI.sub("π", _BIG_OP_IN.sub(r"\1 ∈ ", text))


# ---------------------------------------------------------------------------------------------- goal states


@dataclass(frozen=True, slots=True)
class GoalEntry:
    """One entry of a pretty-printed goal: ``kind`` is ``case``, ``hyp`` or ``target``; ``names`` the bound
    names of a hypothesis; ``text`` the type (or target, or case tag) with its indented continuation lines
    kept as Lean printed them; ``line`` 1-based."""

    kind: str
    names: tuple[str, ...]
    text: str
    line: int


TURNSTILE = "⊢"
_GOAL_NAME = r"(?:«[^»]*»|[^\s:()\[\]{}⟨⟩,]+)"
_HYP = re.compile(rf"^({_GOAL_NAME}(?: {_GOAL_NAME})*) : (.*)$", re.DOTALL)


def goal_entries(text: str, *, source: str = "<goal>") -> list[GoalEntry]:
    """Entries of one goal (``case`` tag, ``names : type`` hypotheses, ``⊢ target``), in order.

    Raises :class:`LeanSourceError` naming the line for text that is not one goal.
    """
    groups: list[tuple[int, list[str]]] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if groups and (line.startswith(" ") or line == ""):
            groups[-1][1].append(line)
        else:
            groups.append((lineno, [line]))
    out: list[GoalEntry] = []
    for lineno, lines in groups:
        head, body = lines[0], "\n".join(lines).rstrip("\n")
        if out and out[-1].kind == "target":
            raise LeanSourceError(f"text after the target: {head[:40]!r}", source=source, line=lineno)
        if head.startswith("case ") and not out and len(lines) == 1:
            out.append(GoalEntry("case", (), head[len("case "):], lineno))
        elif head.startswith(TURNSTILE):
            out.append(GoalEntry("target", (), body[len(TURNSTILE):].removeprefix(" "), lineno))
        else:
            m = _HYP.match(body)
            if not m:
                raise LeanSourceError(f"not a hypothesis or target: {head[:40]!r}", source=source, line=lineno)
            out.append(GoalEntry("hyp", tuple(m.group(1).split(" ")), m.group(2), lineno))
    if not out or out[-1].kind != "target":
        raise LeanSourceError("goal has no target (no line starting with ⊢)", source=source)
    return out
