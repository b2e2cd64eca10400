"""The soundness guard: reject proof text that could be accepted without being a proof, before Lean runs.

What is rejected (each finding names the construct, line and column):

* ``sorry``/``sorryAx``/``admit`` — an unproved hole;
* ``native_decide``/``decide +native``/``ofReduceBool``/``trustCompiler`` — trusts the compiler, not the kernel;
* ``axiom``, ``unsafe``, ``implemented_by``, ``extern`` — new axioms or unchecked code;
* ``#eval``/``#exit`` and every ``#command`` but ``#check``, ``run_cmd``/``run_tac``/``run_elab``/
  ``run_meta``, ``IO`` — code execution at elaboration time;
* metaprogramming and meaning-changing commands (``macro``, ``syntax``, ``elab``, ``notation``,
  ``instance``, ``def``, ``variable``/``include``, ``namespace``, ``attribute``, …): they could change
  what the unchanged statement text means;
* ``set_option`` not on an allowlist (``debug.skipKernelTC`` and every ``debug.*`` named as disabling
  kernel checking); ``import`` of modules outside Mathlib/Aesop/Batteries/Std/Init;
* invisible and bidirectional-control characters anywhere (they make code look like comment);
* unicode look-alikes of any forbidden word (Cyrillic ``ѕorry``, full-width ``ｓｏｒｒｙ``, math bold …);
* unterminated comments/strings, and code that only a nesting-unaware reading of comments would see.

Comments are inert in Lean, so forbidden words inside comments are allowed — but only when both a
nesting-aware and a naive reading of the comments agree that they are comment. String contents are
scanned like code (metaprograms can turn strings into names).

With the original statement given, the checked theorem must have exactly the original statement text
(modulo whitespace/comments) and the same ``open`` namespaces. After a valid Lean run, ``#print axioms``
must list only :data:`ALLOWED_AXIOMS` (done by :mod:`prover.lean.verify`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from prover.lean.lexer import lex
from prover.lean.statements import declarations, normalize_statement

__all__ = ["ALLOWED_AXIOMS", "GuardViolation", "check_proof_text", "check_tactic", "parse_axioms_message"]

ALLOWED_AXIOMS = frozenset({"propext", "Classical.choice", "Quot.sound"})

_B = r"(?<![\w'.])"  # not preceded by an identifier character or a dot (so `Foo.def` is a field)
_E = r"(?![\w'])"
FORBIDDEN: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (name, re.compile(pattern), reason)
    for name, pattern, reason in [
        ("sorry", r"(?<![\w'])sorry", "unproved hole"),
        ("admit", _B + r"admit" + _E, "unproved hole"),
        ("native_decide", r"native_decide", "trusts compiled code instead of the kernel"),
        ("decide +native", r"decide\s*(?:\+native|\(\s*config\s*:=\s*\{[^}]*native)", "trusts compiled code"),
        ("ofReduceBool", r"ofReduce(?:Bool|Nat)|reduceBool|trustCompiler", "trusts compiled code"),
        ("axiom", _B + r"axiom" + _E, "declares an axiom"),
        ("unsafe", r"(?<![\w'])unsafe", "unchecked code"),
        ("implemented_by", r"implemented_by", "replaces code the kernel checked"),
        ("extern", r"(?<![\w'])extern" + _E, "replaces code the kernel checked"),
        ("#command", r"#(?!check" + _E + r")[A-Za-z_]+", "runs or inspects code at elaboration time"),
        ("run_cmd", _B + r"run_(?:cmd|tac|elab|meta)" + _E, "runs code at elaboration time"),
        ("IO", _B + r"IO" + _E, "side effects at elaboration time"),
        (
            "metaprogramming",
            _B + r"(?:macro_rules|macro|syntax|elab_rules|elab|declare_syntax_cat|notation|infixl|infixr|infix|"
            r"prefix|postfix|initialize|builtin_initialize|simproc|dsimproc)" + _E,
            "defines syntax or elaborators that could change what the text means",
        ),
        (
            "meta API",
            r"(?<![\w'])(?:Lean\.(?:Elab|Meta|Environment|Kernel|Compiler)|MetaM|TacticM|TermElabM|CommandElabM|"
            r"CoreM|addDecl\w*|Environment\.\w+)",
            "metaprogramming API",
        ),
        (
            "declaration",
            _B + r"(?:instance|def|abbrev|opaque|structure|class|inductive|variable|include|omit|namespace|"
            r"attribute|local|(?<!open )scoped|export|universe|mutual)" + _E,
            "could change the meaning of the statement (instances, definitions, variables, namespaces)",
        ),
    ]
)

_SET_OPTION = re.compile(r"set_option\s+([\w.]+)")
ALLOWED_OPTION_PREFIXES = ("maxHeartbeats", "maxRecDepth", "synthInstance.", "pp.", "linter.", "trace.", "profiler")
_IMPORT = re.compile(r"(?<![\w'.])import\s+([\w.]+)")
ALLOWED_IMPORT_ROOTS = ("Mathlib", "Aesop", "Batteries", "Std", "Init", "Qq", "Plausible", "ProverLean")
_OPEN = re.compile(r"(?<![\w'.])open\s+([^\n]*)")

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


def _where(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _violation(text: str, offset: int, construct: str, reason: str, length: int = 20) -> GuardViolation:
    line, col = _where(text, offset)
    return GuardViolation(construct, line, col, text[offset : offset + length].split("\n")[0], reason)


@functools.lru_cache(maxsize=4096)
def _ascii_lookalike(ch: str) -> str:
    norm = unicodedata.normalize("NFKC", ch)
    return norm if len(norm) == 1 and norm.isascii() and (norm.isalnum() or norm in "#_") else ch


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _skeleton(text: str) -> str:
    """Map look-alike characters to the ASCII letters they imitate (same length, so offsets hold)."""
    return _NON_ASCII.sub(lambda m: _ascii_lookalike(m.group(0)), text.translate(_LOOKALIKE))


# A match of each pattern must contain one of these literals: a cheap ``in`` test skips most regex scans.
_HINTS: dict[str, tuple[str, ...]] = {
    "sorry": ("sorry",),
    "admit": ("admit",),
    "native_decide": ("native_decide",),
    "decide +native": ("decide",),
    "ofReduceBool": ("ofReduce", "reduceBool", "trustCompiler"),
    "axiom": ("axiom",),
    "unsafe": ("unsafe",),
    "implemented_by": ("implemented_by",),
    "extern": ("extern",),
    "#command": ("#",),
    "run_cmd": ("run_",),
    "IO": ("IO",),
    "metaprogramming": ("macro", "syntax", "elab", "notation", "infix", "prefix", "postfix", "initialize", "simproc"),
    "meta API": ("Lean.", "MetaM", "TacticM", "TermElabM", "CommandElabM", "CoreM", "addDecl", "Environment."),
    "declaration": ("instance", "def", "abbrev", "opaque", "structure", "class", "inductive", "variable",
                    "include", "omit", "namespace", "attribute", "local", "scoped", "export", "universe", "mutual"),
}


def _candidates(view: str) -> list[tuple[str, re.Pattern[str], str]]:
    return [f for f in FORBIDDEN if any(h in view for h in _HINTS[f[0]])]


def _scan(view: str, text: str, found: dict[tuple[int, str], GuardViolation], *, lookalike: bool) -> None:
    for construct, pattern, reason in _candidates(view):
        for m in pattern.finditer(view):
            key = (m.start(), construct)
            if key not in found:
                found[key] = _violation(text, m.start(), construct, reason, max(len(m.group(0)), 12))
    if lookalike:
        skel = _skeleton(view)
        if skel != view:
            for construct, pattern, reason in _candidates(skel):
                for m in pattern.finditer(skel):
                    if not pattern.match(view, m.start()):
                        key = (m.start(), construct)
                        found.setdefault(
                            key,
                            _violation(text, m.start(), f"look-alike {construct}", f"unicode look-alike; {reason}",
                                       len(m.group(0))),
                        )


def _scan_options_imports(view: str, text: str, found: dict[tuple[int, str], GuardViolation]) -> None:
    for m in _SET_OPTION.finditer(view):
        opt = m.group(1)
        if opt.startswith("debug.") or "kernel" in opt.lower():
            found[(m.start(), "set_option")] = _violation(
                text, m.start(), f"set_option {opt}", "disables kernel checking", len(m.group(0)))
        elif not opt.startswith(ALLOWED_OPTION_PREFIXES):
            found[(m.start(), "set_option")] = _violation(
                text, m.start(), f"set_option {opt}", "option not on the allowlist", len(m.group(0)))
    for m in _IMPORT.finditer(view):
        if m.group(1).split(".")[0] not in ALLOWED_IMPORT_ROOTS:
            found[(m.start(), "import")] = _violation(
                text, m.start(), f"import {m.group(1)}", "module outside Mathlib/Aesop/Batteries/Std/Init",
                len(m.group(0)))


def _opens(view: str) -> set[str]:
    names: set[str] = set()
    for m in _OPEN.finditer(view):
        names.update(w for w in m.group(1).split() if w not in ("in",))
    return names


def check_proof_text(text: str, *, original: str | None = None, theorem: str | None = None) -> list[GuardViolation]:
    """All guard findings for a whole Lean file/snippet (empty list: may be run).

    ``original``: the source holding the original statement; the theorem named ``theorem`` (default: the
    last theorem of ``original``) must appear once in ``text`` with the same statement and opens.
    """
    found: dict[tuple[int, str], GuardViolation] = {}
    for m in _INVISIBLE.finditer(text):
        found[(m.start(), "invisible")] = _violation(
            text, m.start(), f"invisible character U+{ord(m.group(0)):04X}", "hides or reorders code", 1)
    for nested in (True, False):
        lexed = lex(text, nested=nested)
        if lexed.unterminated is not None:
            found[(lexed.unterminated, "unterminated")] = _violation(
                text, lexed.unterminated, f"unterminated {lexed.unterminated_kind}",
                "text after it is hidden from the reader")
        _scan(lexed.code, text, found, lookalike=True)
        _scan_options_imports(lexed.code_only, text, found)
    if original is not None:
        found.update({(10**9 + i, "statement"): v for i, v in enumerate(_statement_changes(text, original, theorem))})
    return sorted(found.values(), key=lambda v: (v.line, v.column, v.construct))


def _statement_changes(text: str, original: str, theorem: str | None) -> list[GuardViolation]:
    originals = [d for d in declarations(original) if d.keyword != "example"]
    if theorem is not None:
        originals = [d for d in originals if d.name == theorem]
    if not originals:
        return [GuardViolation("statement", 1, 1, theorem or "", "original statement not found")]
    want = originals[-1]
    hits = [d for d in declarations(text) if d.name == want.name]
    if len(hits) != 1:
        what = "missing" if not hits else f"declared {len(hits)} times"
        return [GuardViolation("statement", 1, 1, str(want.name), f"theorem {want.name} is {what}")]
    got = hits[0]
    out = []
    if normalize_statement(got.statement) != normalize_statement(want.statement):
        out.append(GuardViolation("statement change", got.line, 1, got.statement[:60],
                                  f"statement of {want.name} differs from the original"))
    before_got, before_want = lex(text[: got.start]).code_only, lex(original[: want.start]).code_only
    if _opens(before_got) != _opens(before_want):
        out.append(GuardViolation("open change", got.line, 1, " ".join(sorted(_opens(before_got))),
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
