"""The soundness guard: reject proof text that could be accepted without being a proof, before Lean runs.

The text is read token by token with the project's one Lean lexer (:mod:`symbolic.bridge.lean_source`),
which lexes as Lean does: «quoted names», nested comments, strings and character literals. Decisions are
made on tokens, so ``«--»`` is a name (not a comment that hides code), ``set_option «debug».skipKernelTC``
is the option ``debug.skipKernelTC``, and ``_root_.IO.Process.output`` mentions ``IO``.

What is rejected (each finding names the construct, line and column):

* ``sorry``/``sorryAx``/``admit`` — an unproved hole;
* ``native_decide``/``decide +native``/``ofReduceBool``/``trustCompiler`` — trusts the compiler, not the kernel;
* ``axiom``, ``unsafe``, ``implemented_by``, ``extern`` — new axioms or unchecked code;
* every ``#command`` but ``#check``, ``run_cmd``/``run_tac``/``run_elab``/``run_meta``, ``by_elab``,
  any name with an ``IO``/``EIO``/``BaseIO`` component or in the ``Lean`` namespace (the metaprogramming
  API, ``Lean.ofReduceBool``, …) — code execution at elaboration time;
* metaprogramming and meaning-changing commands (``macro``, ``syntax``, ``elab``, ``notation``,
  ``instance``, ``def``, ``variable``/``include``, ``namespace``, ``attribute``, …) and attributes other
  than ``@[simp]``: they could change what the unchanged statement text means;
* ``set_option`` not on an allowlist (``debug.*`` and anything naming the kernel: disables kernel checking);
  ``import`` of modules outside Mathlib/Aesop/Batteries/Std/Init;
* invisible and bidirectional-control characters anywhere (they make code look like comment);
* unicode look-alikes of any forbidden word (Cyrillic ``ѕorry``, full-width ``ｓｏｒｒｙ``, math bold …);
* unterminated comments, strings, character literals and quoted names (the rest of the file is not code).

Comments are inert in Lean, and so are string contents: words inside them are allowed, except inside the
``{…}`` of a string, which an interpolated string (``s!"…{e}…"``) elaborates as code.

With the original statement given, the checked theorem must have exactly the original statement (same
tokens and spacing, comments ignored) and the same ``open`` namespaces. After a valid Lean run,
``#print axioms`` of every declaration the file adds must list only :data:`ALLOWED_AXIOMS` (done by
:mod:`prover.lean.verify`). For proofs produced by a prover, :func:`check_proof_body` accepts only a proof
body, which :func:`prover.lean.splice.splice_proof` puts under the original statement and our header.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from symbolic.bridge.lean_source import COMMAND_KEYWORDS, Lexed, Token, declarations, lex, normalize_statement

__all__ = [
    "ALLOWED_AXIOMS",
    "GuardViolation",
    "check_proof_body",
    "check_proof_text",
    "check_tactic",
    "parse_axioms_message",
]

ALLOWED_AXIOMS = frozenset({"propext", "Classical.choice", "Quot.sound"})

# keyword → (construct, reason). Lean reserves these words; a «quoted» spelling is an ordinary name, but
# rejecting that too costs an honest proof nothing.
_REASONS = {
    "hole": "unproved hole",
    "compiled": "trusts compiled code instead of the kernel",
    "axiom": "declares an axiom",
    "unchecked": "unchecked code",
    "replaces": "replaces code the kernel checked",
    "runs": "runs code at elaboration time",
    "meta": "defines syntax or elaborators that could change what the text means",
    "decl": "could change the meaning of the statement (instances, definitions, variables, namespaces)",
    "io": "side effects at elaboration time",
    "api": "metaprogramming API",
}
_KEYWORDS: dict[str, tuple[str, str]] = {
    "sorry": ("sorry", "hole"), "admit": ("admit", "hole"),
    "native_decide": ("native_decide", "compiled"),
    "axiom": ("axiom", "axiom"), "unsafe": ("unsafe", "unchecked"),
    "implemented_by": ("implemented_by", "replaces"), "extern": ("extern", "replaces"),
    **{w: ("run_cmd", "runs") for w in ("run_cmd", "run_tac", "run_elab", "run_meta")},
    **{w: ("metaprogramming", "meta") for w in (
        "macro_rules", "macro", "syntax", "elab_rules", "elab", "by_elab", "declare_syntax_cat", "notation",
        "infixl", "infixr", "infix", "prefix", "postfix", "initialize", "builtin_initialize", "simproc",
        "dsimproc", "simproc_decl", "declare_simp_like_tactic", "binop%", "term_elab", "command_elab",
        "tactic_elab")},
    **{w: ("declaration", "decl") for w in (
        "instance", "def", "abbrev", "opaque", "structure", "class", "inductive", "variable", "include", "omit",
        "namespace", "attribute", "local", "scoped", "export", "universe", "mutual", "deriving")},
}
# Constants that are forbidden wherever they occur in a name (any component, quoted or not).
_CONSTANTS: dict[str, tuple[str, str]] = {
    "sorryAx": ("sorry", "hole"),
    **{w: ("ofReduceBool", "compiled") for w in ("ofReduceBool", "ofReduceNat", "reduceBool", "reduceNat",
                                                 "trustCompiler")},
    **{w: ("IO", "io") for w in ("IO", "EIO", "BaseIO", "unsafeIO", "unsafeEIO", "unsafeBaseIO", "unsafeCast",
                                "unsafePerformIO")},
    **{w: ("meta API", "api") for w in ("MetaM", "TacticM", "TermElabM", "CommandElabM", "CoreM", "addDecl",
                                       "addAndCompile", "evalTactic", "evalExpr")},
}
_META_ROOTS = frozenset({"Lean"})  # a name in the ``Lean`` namespace reaches the metaprogramming API
ALLOWED_OPTION_PREFIXES = ("maxHeartbeats", "maxRecDepth", "synthInstance.", "pp.", "linter.", "trace.", "profiler",
                           "exponentiation.threshold")
ALLOWED_IMPORT_ROOTS = ("Mathlib", "Aesop", "Batteries", "Std", "Init", "Qq", "Plausible", "ProverLean")
ALLOWED_ATTRIBUTES = frozenset({"simp"})
_LOOKALIKE_TARGETS = frozenset(_KEYWORDS) | frozenset(_CONSTANTS) | {"native", "set_option", "import"}

# Characters that are invisible or reorder text on screen: never legitimate in a proof.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u180e]")
# Letters that look like ASCII letters (Cyrillic, Greek, Latin variants); NFKC covers full-width/math forms.
_LOOKALIKE = str.maketrans(
    "аеорсухіјѕԁһӏԛԝвкмнтАВЕКМНОРСТХІЈЅ"
    "οαινκτυρεΑΒΕΗΙΚΜΝΟΡΤΧΥΖ"
    "ɑɡɩɪʀꜱ",
    "aeopcyxijsdhlqwbkmhtABEKMHOPCTXIJS"
    "oaivktupeABEHIKMNOPTXYZ"
    "agiirs",
)
_WORD = re.compile(r"[\w'!?]+")


@dataclass(frozen=True, slots=True)
class GuardViolation:
    """One reason to reject: the construct, where it is (1-based line and column) and why."""

    construct: str
    line: int
    column: int
    excerpt: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}:{self.column}: {self.construct} ({self.reason}): {self.excerpt!r}"


class _Findings:
    """Violations keyed by (offset, construct), so two routes to one finding report it once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[tuple[int, str], GuardViolation] = {}

    def add(self, offset: int, construct: str, reason: str, length: int = 20) -> None:
        if (offset, construct) in self.found:
            return
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        excerpt = self.text[offset: offset + max(length, 12)].split("\n")[0]
        self.found[(offset, construct)] = GuardViolation(construct, line, col, excerpt, reason)

    def sorted(self) -> list[GuardViolation]:
        return sorted(self.found.values(), key=lambda v: (v.line, v.column, v.construct))


@functools.lru_cache(maxsize=4096)
def _ascii_lookalike(ch: str) -> str:
    norm = unicodedata.normalize("NFKC", ch)
    return norm if len(norm) == 1 and norm.isascii() and (norm.isalnum() or norm in "#_") else ch


def _skeleton(word: str) -> str:
    """Map look-alike characters to the ASCII letters they imitate."""
    return "".join(_ascii_lookalike(c) if not c.isascii() else c for c in word.translate(_LOOKALIKE))


def _name_parts(tok: Token) -> tuple[str, ...]:
    parts = tok.parts
    while parts and parts[0] == "_root_":
        parts = parts[1:]
    return parts


def _check_tokens(toks: tuple[Token, ...], out: _Findings, base: int = 0) -> None:
    """Token rules; ``base`` shifts offsets (for code inside a string's ``{…}``)."""
    for k, t in enumerate(toks):
        at = base + t.start
        if t.kind == "ident" or t.kind == "name":
            parts = _name_parts(t)
            if len(parts) == 1 and parts[0] in _KEYWORDS and not (parts[0] == "scoped" and k and
                                                                   toks[k - 1].is_word("open")):
                construct, why = _KEYWORDS[parts[0]]
                out.add(at, construct, _REASONS[why], len(t.text))
            for p in parts:
                if p in _CONSTANTS:
                    construct, why = _CONSTANTS[p]
                    out.add(at, construct, _REASONS[why], len(t.text))
            if parts and parts[0] in _META_ROOTS:
                out.add(at, "meta API", _REASONS["api"], len(t.text))
            if parts == ("native",) and k and (toks[k - 1].text == "+" or
                                              (k + 1 < len(toks) and toks[k + 1].text == ":=")):
                out.add(base + toks[k - 1].start, "decide +native", _REASONS["compiled"])
        elif t.kind == "hash" and t.text != "#check":
            out.add(at, "#command", "runs or inspects code at elaboration time", len(t.text))
        elif t.kind == "str" and "{" in t.text and not t.text.startswith("r"):
            _check_tokens(lex(t.text[1:-1]).tokens, out, at + 1)
        if t.is_word("set_option"):
            _check_option(toks, k, out, base)
        elif t.is_word("import"):
            _check_import(toks, k, out, base)
        elif t.text == "@[":
            _check_attributes(toks, k, out, base)


def _check_option(toks: tuple[Token, ...], k: int, out: _Findings, base: int) -> None:
    t = toks[k]
    if k + 1 >= len(toks) or toks[k + 1].kind != "ident":
        out.add(base + t.start, "set_option", "option name not understood")
        return
    opt = ".".join(_name_parts(toks[k + 1]))
    if opt.startswith("debug.") or "kernel" in opt.lower():
        out.add(base + t.start, f"set_option {opt}", "disables kernel checking", toks[k + 1].end - t.start)
    elif not opt.startswith(ALLOWED_OPTION_PREFIXES):
        out.add(base + t.start, f"set_option {opt}", "option not on the allowlist", toks[k + 1].end - t.start)


def _check_import(toks: tuple[Token, ...], k: int, out: _Findings, base: int) -> None:
    t = toks[k]
    j = k + 1
    if j >= len(toks) or toks[j].kind != "ident":
        out.add(base + t.start, "import", "module name not understood")
    while j < len(toks) and toks[j].kind == "ident" and toks[j].line == t.line:
        module = ".".join(_name_parts(toks[j]))
        if module.split(".")[0] not in ALLOWED_IMPORT_ROOTS:
            out.add(base + t.start, f"import {module}", "module outside Mathlib/Aesop/Batteries/Std/Init",
                    toks[j].end - t.start)
        j += 1


def _check_attributes(toks: tuple[Token, ...], k: int, out: _Findings, base: int) -> None:
    """``@[a, b args]``: every attribute name (first word of each comma-separated entry) must be allowed."""
    depth, expect_name = 0, True
    for t in toks[k + 1:]:
        if depth == 0 and t.text == "]":
            return
        if t.text in ("(", "[", "{", "⟨"):
            depth += 1
        elif t.text in (")", "]", "}", "⟩"):
            depth -= 1
        elif depth == 0 and t.text == ",":
            expect_name = True
        elif expect_name:
            expect_name = False
            if t.text not in ALLOWED_ATTRIBUTES:
                out.add(base + t.start, f"attribute {t.text}", "attributes could change what the text means",
                        len(t.text))


def _check_lookalikes(lexed: Lexed, out: _Findings) -> None:
    view = lexed.code_view(blank_strings=True)
    if view.isascii():
        return
    for m in _WORD.finditer(view):
        word = m.group(0)
        if word.isascii():
            continue
        skel = _skeleton(word)
        if skel in _LOOKALIKE_TARGETS:
            construct = _KEYWORDS.get(skel) or _CONSTANTS.get(skel) or (skel, "")
            name = "decide +native" if skel == "native" else construct[0]
            out.add(m.start(), f"look-alike {name}", "unicode look-alike of a forbidden word", len(word))


def _scan(text: str, out: _Findings) -> Lexed:
    for m in _INVISIBLE.finditer(text):
        out.add(m.start(), f"invisible character U+{ord(m.group(0)):04X}", "hides or reorders code", 1)
    lexed = lex(text)
    if lexed.unterminated is not None:
        offset, what = lexed.unterminated
        out.add(offset, f"unterminated {what}", "text after it is hidden from the reader")
    _check_tokens(lexed.tokens, out)
    _check_lookalikes(lexed, out)
    return lexed


def check_proof_text(text: str, *, original: str | None = None, theorem: str | None = None) -> list[GuardViolation]:
    """All guard findings for a whole Lean file/snippet (empty list: may be run).

    ``original``: the source holding the original statement (a file with the theorem, with or without
    ``:= …``); the theorem named ``theorem`` (default: the last theorem of ``original``) must appear once
    in ``text`` with the same statement and opens.
    """
    out = _Findings(text)
    lexed = _scan(text, out)
    if original is not None:
        for i, v in enumerate(_statement_changes(text, lexed, original, theorem)):
            out.found[(10**12 + i, "statement")] = v
    return out.sorted()


def check_proof_body(body: str) -> list[GuardViolation]:
    """Findings for a proof *body* (what follows ``:=``): the whole-text rules, plus no command at all."""
    out = _Findings(body)
    lexed = _scan(body, out)
    toks = lexed.tokens
    for k, t in enumerate(toks):
        if (t.is_word("set_option") and k + 3 < len(toks) and toks[k + 1].kind == "ident"
                and ".".join(_name_parts(toks[k + 1])) == "exponentiation.threshold" and toks[k + 3].is_word("in")):
            continue  # the tactic form raising the literal-power bound norm_num/decide evaluate (not a command)
        if t.kind == "hash" or t.text == "@[" or (t.kind == "ident" and t.text in COMMAND_KEYWORDS | {"where"}):
            out.add(t.start, f"command {t.text}", "a proof body may not contain commands", len(t.text))
    if not lexed.tokens:
        out.add(0, "empty proof", "the proof body has no code", 0)
    return out.sorted()


def _opens(toks: tuple[Token, ...]) -> set[str]:
    names: set[str] = set()
    for k, t in enumerate(toks):
        if t.is_word("open"):
            j = k + 1
            while j < len(toks) and toks[j].kind == "ident" and not toks[j].is_word("in"):
                names.add(".".join(_name_parts(toks[j])))
                j += 1
    return names


def _statement_changes(text: str, lexed: Lexed, original: str, theorem: str | None) -> list[GuardViolation]:
    originals = [d for d in declarations(original) if d.is_theorem and d.keyword != "example"]
    if theorem is not None:
        originals = [d for d in originals if d.name == theorem]
    if not originals:
        return [GuardViolation("statement", 1, 1, theorem or "", "original statement not found")]
    want = originals[-1]
    hits = [d for d in declarations(text, lexed=lexed) if d.name == want.name]
    if len(hits) != 1:
        what = "missing" if not hits else f"declared {len(hits)} times"
        return [GuardViolation("statement", 1, 1, str(want.name), f"theorem {want.name} is {what}")]
    got = hits[0]
    out = []
    if got.keyword not in ("theorem", "lemma") or normalize_statement(
            got.statement.split(None, 1)[-1]) != normalize_statement(want.statement.split(None, 1)[-1]):
        out.append(GuardViolation("statement change", got.line, 1, got.statement[:60],
                                  f"statement of {want.name} differs from the original"))
    got_opens = _opens(tuple(t for t in lexed.tokens if t.start < got.start))
    want_opens = _opens(tuple(t for t in lex(original).tokens if t.start < want.start))
    if got_opens != want_opens:
        out.append(GuardViolation("open change", got.line, 1, " ".join(sorted(got_opens)),
                                  "opened namespaces differ from the original (names in the statement could change)"))
    return out


def check_tactic(tactic: str) -> list[GuardViolation]:
    """Guard findings for one tactic sent in tactic mode (same rules as whole proofs)."""
    return check_proof_text(tactic)


_AXIOMS_RE = re.compile(r"'(?P<name>[^']+(?:'[^']*)*)' depends on axioms: \[(?P<axioms>[^\]]*)\]")


def parse_axioms_message(message: str) -> tuple[str, ...] | None:
    """Axioms listed by ``#print axioms`` (``()`` for 'does not depend on any axioms'; ``None`` if the
    message is not an axioms report)."""
    if "does not depend on any axioms" in message:
        return ()
    m = _AXIOMS_RE.search(message.replace("\n", " "))
    if not m:
        return None
    return tuple(a.strip() for a in m.group("axioms").split(",") if a.strip())
