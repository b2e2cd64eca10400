"""Split a Lean 4 tactic proof into its tactic steps, in execution order, without Lean.

LeanProgress labels each state on a found proof with the number of steps that remain on that proof's own
path.  Without a Lean toolchain the path is recovered from the source text:

1. the text is read with the project's Lean lexer (``symbolic.bridge.lean_source``): comments, strings and
   character literals are masked (offsets kept) and the last ``theorem … := by`` header is separated from the body;
2. physical lines are joined into *logical lines*: a line continues the previous one while brackets are
   open, after a trailing ``<;>`` / ``:=`` / ``,``, before a leading ``<;>``, or when it is indented deeper
   than a line that opens no block (a wrapped ``have`` type, a long ``nlinarith [...]`` list);
3. each logical line loses its structural prefix (``·`` bullets, ``case … =>``, ``next =>``,
   ``| pat =>`` alternatives: markers, not steps), is cut at top-level ``<;>`` and ``;``, and a top-level
   ``… := by tac`` is cut after ``by`` so the ``have`` header and the tactic inside count separately.

Steps inside a nested ``have … := by`` block, a bullet or a ``calc`` step follow their parent in source
order, which is the depth-first execution order Lean uses, so "remaining steps" at step *i* of *n* is
``n - i`` (the last step has 1).  Brackets are never split: ``exact ⟨by simp, by ring⟩`` or a parenthesised
``(try { … })`` is one step.  Every non-blank, non-comment character of the body lies in exactly one step
span or marker span, which the tests check on real proofs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from prover.progress.errors import ProofSplitError
from symbolic.bridge.lean_source import COMMAND_KEYWORDS, Lexed, declarations, lex, tactic_block_start

__all__ = ["SplitProof", "Step", "mask_comments", "split_proof", "stated_type"]

StepKind = Literal["tactic", "opener", "combinator"]

_OPEN = "([{⟨⦃"
_CLOSE = ")]}⟩⦄"
# A logical line ending in one of these opens a nested block: the next deeper line starts a new item.
_OPENER_END_RE = re.compile(
    r"(?:\bby|=>|\bcalc|\bwith|\bdo|\bthen|\belse|\btry|\ball_goals|\bany_goals|\brepeat|\bfocus|"
    r"\bfirst|\bclassical|\biterate\s+\d+|·)$"
)
# A logical line ending in one of these always continues on the next line.
_JOINER_END_RE = re.compile(r"(?:<;>|:=|,)$")
_BULLET_RE = re.compile(r"[·.]\s+|·$")
_CASE_RE = re.compile(r"(?:case'?|next)(?![\w'])[^\n]*?=>\s*")
_BY_RE = re.compile(r"(?<![\w.'])by(?![\w'])")


@dataclass(frozen=True)
class Step:
    """One tactic step: its whitespace-normalised text, its span in the source, nesting depth and kind.

    ``kind`` is ``opener`` for a header whose tactic block follows (``have h : T := by``), ``combinator``
    for a tactic applied with ``<;>`` to all goals of the previous one, ``tactic`` otherwise.
    """

    text: str
    start: int
    end: int
    indent: int
    kind: StepKind
    column: int = -1  # column where the step's line starts (before a bullet); -1: same as ``indent``


@dataclass(frozen=True)
class SplitProof:
    """A proof split into steps: the declaration name, its statement text and the steps in order."""

    name: str
    statement: str
    body_start: int
    body_end: int
    steps: tuple[Step, ...]
    markers: tuple[tuple[int, int], ...]

    def remaining(self, index: int) -> int:
        """Steps remaining on the proof's path before step ``index`` runs (last step: 1)."""
        return len(self.steps) - index

    def enclosing_goals(self) -> list[str | None]:
        """For each step, the stated type ``T`` of the innermost ``have … : T := by`` block it runs in.

        That is the goal the block starts from, the best goal text a proof file offers without Lean;
        ``None`` for steps of the main proof (or under an opener without a stated type, such as a calc step).
        """
        out: list[str | None] = []
        stack: list[tuple[int, str | None]] = []
        for step in self.steps:
            column = step.indent if step.column < 0 else step.column
            while stack and stack[-1][0] >= column:
                stack.pop()
            out.append(stack[-1][1] if stack else None)
            if step.kind == "opener":
                stack.append((step.indent, stated_type(step.text)))
        return out


_HAVE_RE = re.compile(r"(?:have|haveI|replace|obtain)\b")


def stated_type(opener: str) -> str | None:
    """``T`` from ``have h (x : α) : T := by`` (also ``obtain pat : T``, ``replace``); None when absent."""
    if not _HAVE_RE.match(opener) or not opener.endswith("by"):
        return None
    body = opener[: -len("by")].rstrip()
    if not body.endswith(":="):
        return None
    body = body[:-2].rstrip()
    depth = 0
    for k, c in enumerate(body):
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth -= 1
        elif depth == 0 and c == ":" and body[k + 1 : k + 2] in (" ", "") and body[k - 1 : k] == " ":
            t = body[k + 1 :].strip()
            return t or None
    return None


def mask_comments(text: str, *, lexed: Lexed | None = None) -> str:
    """``text`` with ``--`` and (nested) ``/- -/`` comments replaced by spaces and the bodies of strings
    (raw strings included) and character literals by ``_``, as the project's Lean lexer reads them.

    Offsets and newlines are kept, so spans computed on the mask index the original text.
    """
    return (lexed or lex(text)).literal_view("_")


def _depth_delta(s: str) -> int:
    return sum(1 for c in s if c in _OPEN) - sum(1 for c in s if c in _CLOSE)


def _top_level_positions(masked: str, start: int, end: int) -> list[int]:
    """Bracket depth (relative to ``start``) at each offset of ``masked[start:end]``."""
    depths, depth = [], 0
    for k in range(start, end):
        c = masked[k]
        if c in _CLOSE:
            depth -= 1
        depths.append(depth)
        if c in _OPEN:
            depth += 1
    return depths


def _find_statement(text: str, lexed: Lexed, source: str) -> tuple[str, str, int]:
    """Locate the last theorem: its name, statement text (modifiers included), and the offset after ``:= by``."""
    decls = [d for d in declarations(text, lexed=lexed) if d.is_theorem]
    if not decls:
        raise ProofSplitError(source, "no theorem or lemma declaration found")
    decl = decls[-1]
    toks = lexed.tokens
    k = next(i for i, t in enumerate(toks) if t.start == decl.start)
    first = k
    while first > 0 and toks[first - 1].is_word("private", "protected") and toks[first - 1].line == decl.line:
        first -= 1
    if decl.assign is None:
        raise ProofSplitError(source, "no ':= by' after the statement")
    body_start = tactic_block_start(decl, lexed)
    if body_start is None:
        raise ProofSplitError(source, "the proof is not a tactic block (no ':= by')")
    return decl.name or "", text[toks[first].start : decl.assign].strip(), body_start


def _body_end(lexed: Lexed, start: int) -> int:
    """End of the proof body: end of text, or the next command (a command keyword or ``#cmd`` at column 1)."""
    for tok in lexed.tokens:
        if tok.start > start and tok.column == 1 and (
            tok.kind == "hash" or tok.text == "@[" or tok.is_word(*COMMAND_KEYWORDS)
        ):
            return tok.start
    return len(lexed.text)


@dataclass
class _Logical:
    start: int
    end: int
    indent: int
    depth: int
    column: int = 0


def _logical_lines(masked: str, start: int, end: int) -> list[_Logical]:
    """Join physical lines of the body into logical lines (see module docstring, point 2)."""
    items: list[_Logical] = []
    pos = start
    while pos < end:
        nl = masked.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        raw = masked[pos:line_end]
        content = raw.strip()
        if content:
            col_start = pos + (len(raw) - len(raw.lstrip()))
            # the first body line may share its physical line with `:= by`: count its real column
            line_head = masked.rfind("\n", 0, col_start) + 1
            indent = col_start - line_head
            c_end = pos + len(raw.rstrip())
            prev = items[-1] if items else None
            if prev is not None and _continues(masked, prev, content, indent):
                prev.end = c_end
                prev.depth += _depth_delta(content)
            else:
                # a block opened by `· tac` / `case x => tac` continues at the column of `tac`
                column = indent
                content_col = _strip_prefixes(masked, col_start, c_end, [])
                if content_col < c_end:
                    indent += content_col - col_start
                items.append(_Logical(col_start, c_end, indent, _depth_delta(content), column))
        pos = line_end + 1
    return items


def _continues(masked: str, prev: _Logical, content: str, indent: int) -> bool:
    """Whether a physical line with ``content`` at column ``indent`` continues logical line ``prev``."""
    if prev.depth > 0 or content.startswith("<;>"):
        return True
    tail = masked[prev.start : prev.end].rstrip()
    if _JOINER_END_RE.search(tail):
        return True
    if indent <= prev.indent or _OPENER_END_RE.search(tail):
        return False
    if content.startswith("·") or (content.startswith("_") and ":=" in content):
        return False  # a bullet or a calc step is a new item even when indented
    return not (content.startswith("|") and "=>" in content)


def _strip_prefixes(masked: str, pos: int, end: int, markers: list[tuple[int, int]]) -> int:
    """Skip structural prefixes (bullets, ``case … =>``, ``next =>``, ``| pat =>``); record them as markers."""
    while True:
        m = _BULLET_RE.match(masked, pos, end) or _CASE_RE.match(masked, pos, end)
        if m is None and masked.startswith("|", pos):
            arrow = _top_level_find(masked, "=>", pos, end)
            m_end = arrow + 2 if arrow >= 0 else pos + 1
            markers.append((pos, m_end))
            pos = _skip_ws(masked, m_end, end)
            continue
        if m is None or m.end() == pos:
            return pos
        markers.append((pos, m.end()))
        pos = _skip_ws(masked, m.end(), end)


def _split_item(masked: str, item: _Logical, steps: list[Step], markers: list[tuple[int, int]]) -> None:
    """Cut one logical line into steps and structural markers (module docstring, point 3)."""
    pos = _strip_prefixes(masked, item.start, item.end, markers)
    if pos >= item.end:
        return
    depths = _top_level_positions(masked, pos, item.end)
    seg_start, kind = pos, "tactic"
    k = pos
    while k <= item.end:
        at_end = k == item.end
        sep = ""
        if not at_end and depths[k - pos] == 0:
            if masked.startswith("<;>", k):
                sep = "<;>"
            elif masked[k] == ";":
                sep = ";"
        if at_end or sep:
            _emit_segment(masked, seg_start, k, (item.indent, item.column), kind, steps)
            if at_end:
                break
            markers.append((k, k + len(sep)))
            kind = "combinator" if sep == "<;>" else "tactic"
            k += len(sep)
            seg_start = k
            continue
        k += 1


def _emit_segment(
    masked: str, start: int, end: int, cols: tuple[int, int], kind: str, steps: list[Step]
) -> None:
    """Emit one ``<;>``/``;`` segment, cutting ``header := by tac`` into an opener and the rest.

    ``cols`` is (content indent, line column); the tactic after an inline ``by`` counts as nested.
    """
    indent, column = cols
    start = _skip_ws(masked, start, end)
    while end > start and masked[end - 1].isspace():
        end -= 1
    if start >= end:
        return
    depths = _top_level_positions(masked, start, end)
    for m in _BY_RE.finditer(masked, start, end):
        if depths[m.start() - start] != 0:
            continue
        rest = _skip_ws(masked, m.end(), end)
        if rest < end:
            steps.append(Step(_norm(masked[start : m.end()]), start, m.end(), indent, "opener", column))
            _emit_segment(masked, rest, end, (indent + 2, indent + 2), "tactic", steps)
            return
        steps.append(Step(_norm(masked[start:end]), start, end, indent, "opener", column))
        return
    steps.append(Step(_norm(masked[start:end]), start, end, indent, kind, column))  # type: ignore[arg-type]


def _top_level_find(masked: str, needle: str, start: int, end: int) -> int:
    depth = 0
    for k in range(start, end):
        c = masked[k]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth -= 1
        elif depth == 0 and masked.startswith(needle, k):
            return k
    return -1


def _skip_ws(s: str, pos: int, end: int) -> int:
    while pos < end and s[pos].isspace():
        pos += 1
    return pos


def _norm(s: str) -> str:
    return " ".join(s.split())


def split_proof(text: str, *, source: str = "<proof>") -> SplitProof:
    """Split the last ``theorem``/``lemma`` of ``text`` (a whole ``.lean`` file is fine) into steps.

    Raises :class:`ProofSplitError` (one line naming ``source``) when there is no ``:= by`` tactic proof,
    brackets do not balance, or no step is found.
    """
    lexed = lex(text)
    masked = mask_comments(text, lexed=lexed)
    name, statement, body_start = _find_statement(text, lexed, source)
    body_end = _body_end(lexed, body_start)
    items = _logical_lines(masked, body_start, body_end)
    if any(item.depth != 0 for item in items):
        raise ProofSplitError(source, "unbalanced brackets in the proof body")
    steps: list[Step] = []
    markers: list[tuple[int, int]] = []
    for item in items:
        _split_item(masked, item, steps, markers)
    if not steps:
        raise ProofSplitError(source, "the proof has no tactic steps")
    return SplitProof(name, statement, body_start, body_end, tuple(steps), tuple(markers))
