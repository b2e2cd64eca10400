"""Parser for Lean 4 theorem statements and pretty-printed goal states (the arithmetic fragment).

Precedences follow Lean 4 core and Mathlib: ``↔`` 20, ``→`` 25 (right), ``∨`` 30 (right), ``∧`` 35 (right),
relations 50, ``+ -`` 65, ``* / %`` 70, ``^`` 75 (right; core now declares 80, the same parse here since
nothing in the fragment sits between 75 and 80), unary ``-`` is ``prefix:75`` (so ``-x^2 = -(x^2)``), ``¬`` takes
its argument at 40, ``∑``/``∏`` bodies at 67 (Mathlib's ``term:67``: ``∑ i ∈ s, f i + 1`` is ``(∑ …) + 1``),
application binds tightest; ``⁻¹`` (``postfix:max``), Mathlib's factorial ``n !`` (``notation:10000``),
projections ``x.f`` and ``↑`` (``"↑" term:max``) attach to the atom before them, so ``f x⁻¹`` is ``f (x⁻¹)``
and ``↑f x`` is ``(↑f) x``. Constructs that are recognised but
outside the fragment (``fun``, set-builder braces, anonymous constructors, …) become :class:`Unsupported`
nodes so that the elaborator names them; text that is not Lean at all raises :class:`LeanSyntaxError`.
"""

from __future__ import annotations

from symbolic.bridge.errors import LeanSyntaxError
from symbolic.bridge.lean_source import LeanSourceError, first_goal, goal_entries, theorem_start
from symbolic.bridge.lexer import KEYWORDS, Token, tokenize
from symbolic.bridge.syntax import (
    Abs,
    App,
    Ascribe,
    BigOp,
    Binary,
    Binder,
    Coe,
    Expr,
    Ident,
    Lambda,
    Num,
    Prefix,
    Quant,
    SetBuilder,
    SetLit,
    Statement,
    Unsupported,
)
from symbolic.limits import bounded_depth, check_numeral

__all__ = ["parse_expr", "parse_goal_state", "parse_statement"]

# op -> (precedence, associativity)  l = left, r = right, n = none
_BINARY: dict[str, tuple[int, str]] = {
    "↔": (20, "n"), "<->": (20, "n"), "\\/": (30, "r"), "/\\": (35, "r"), "→": (25, "r"), "->": (25, "r"), "∨": (30, "r"), "∧": (35, "r"),
    "=": (50, "n"), "≠": (50, "n"), "!=": (50, "n"), "<": (50, "n"), "≤": (50, "n"), "<=": (50, "n"),
    ">": (50, "n"), "≥": (50, "n"), ">=": (50, "n"), "∣": (50, "n"), "∈": (50, "n"), "∉": (50, "n"),
    "⊆": (50, "n"), "≡": (50, "n"), "×": (35, "r"),
    "+": (65, "l"), "-": (65, "l"), "∪": (65, "l"), "\\": (70, "l"), "∩": (70, "l"),
    "*": (70, "l"), "/": (70, "l"), "%": (70, "l"), "•": (73, "r"), "^": (75, "r"), "∘": (90, "r"),
}
_CANONICAL = {"<->": "↔", "->": "→", "!=": "≠", "<=": "≤", ">=": "≥", "\\/": "∨", "/\\": "∧"}
_BINDER_PRED = frozenset({"<", "≤", ">", "≥", "≠", "∈", "∉", "⊆", "<=", ">="})
_CLOSERS = frozenset({")", "]", "}", "⟩", ",", ":", ":=", "|", "‖", "⌋", "⌉", "⌋₊", "⌉₊", "=>", "↦", ";", "⦄"})
_OPEN = {"(": ")", "{": "}", "[": "]", "⟨": "⟩", "⌊": "⌋", "⌈": "⌉"}


class _Parser:
    def __init__(self, tokens: list[Token], source: str) -> None:
        self.toks = tokens
        self.i = 0
        self.source = source
        self.abs_depth = 0

    # -- helpers ----------------------------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.toks[self.i]

    def peek(self, k: int = 1) -> Token:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def at(self, text: str) -> bool:
        t = self.tok
        return t.kind in ("sym", "ident") and t.text == text

    def advance(self) -> Token:
        t = self.tok
        if t.kind != "eof":
            self.i += 1
        return t

    def error(self, message: str, expected: str | None = None) -> LeanSyntaxError:
        t = self.tok
        return LeanSyntaxError(message, source=self.source, line=t.line, column=t.column, expected=expected)

    def expect(self, text: str) -> Token:
        if not self.at(text):
            found = self.tok.text or "end of input"
            raise self.error(f"unexpected {found!r}", expected=repr(text))
        return self.advance()

    def skip_balanced(self) -> str:
        """Skip a bracketed group starting at the current opening bracket; returns its text (abridged)."""
        open_ = self.advance().text
        close = _OPEN[open_]
        depth, parts = 1, [open_]
        while depth:
            t = self.advance()
            if t.kind == "eof":
                raise self.error(f"unclosed {open_!r}", expected=repr(close))
            if t.text == open_:
                depth += 1
            elif t.text == close:
                depth -= 1
            parts.append(t.text)
        return " ".join(parts)

    # -- expressions ------------------------------------------------------------------------------------------
    def expr(self, min_prec: int = 0) -> Expr:
        left = self.prefix()
        while True:
            t = self.tok
            if t.kind != "sym" or t.text not in _BINARY:
                if t.kind == "sym" and t.text not in _CLOSERS and t.text != "[" and min_prec <= 60:
                    # an operator outside the fragment (≃, ⁻¹', /., …): keep parsing, elaboration names it
                    self.advance()
                    right = self.expr(61)
                    left = Binary(t.text, left, right)
                    continue
                break
            prec, assoc = _BINARY[t.text]
            if prec < min_prec:
                break
            op = _CANONICAL.get(t.text, t.text)
            self.advance()
            right = self.expr(prec if assoc == "r" else prec + 1)
            if op == "≡" and self.at("["):
                left = self._modeq(left, right)
                continue
            left = Binary(op, left, right)
            if assoc == "n" and self.tok.kind == "sym" and _BINARY.get(self.tok.text, (0, ""))[0] == prec:
                raise self.error(f"chained relation {self.tok.text!r} needs parentheses")
        return left

    def _modeq(self, left: Expr, right: Expr) -> Expr:
        self.expect("[")
        kind = self.advance().text
        if kind not in ("MOD", "ZMOD"):
            raise self.error("unknown congruence", expected="MOD or ZMOD")
        modulus = self.expr(0)
        self.expect("]")
        return App(Ident("Nat.ModEq" if kind == "MOD" else "Int.ModEq"), (modulus, left, right))

    def prefix(self) -> Expr:
        t = self.tok
        if t.kind == "sym":
            if t.text == "¬":
                self.advance()
                return Prefix("¬", self.expr(40))
            if t.text == "-":
                self.advance()
                return Prefix("-", self.expr(75))
            if t.text == "√":
                self.advance()
                return Prefix("√", self.expr(100))
            if t.text in ("∀", "∃", "∃!"):
                return self.quantifier()
            if t.text in ("∑", "∏"):
                return self.bigop()
        if t.text in ("fun", "λ"):
            self.advance()
            name, typ = None, None
            if self.tok.kind == "ident" and self.peek().text in ("=>", "↦"):
                name = self.advance().text
            elif self.at("(") and self.peek().kind == "ident" and self.peek(2).text == ":":
                self.advance()
                name = self.advance().text
                self.advance()
                typ = self.expr(0)
                self.expect(")")
            while not self.at("=>") and not self.at("↦") and self.tok.kind != "eof":
                name = None  # patterns or several binders: outside the fragment
                self.advance()
            self.advance()
            body = self.expr(0)
            return Lambda(name, typ, body) if name is not None else Unsupported("fun (lambda)")
        if t.kind == "ident" and t.text == "if":
            self.advance()
            c = self.expr(0)
            self.expect("then")
            a = self.expr(0)
            self.expect("else")
            b = self.expr(0)
            return App(Ident("ite"), (c, a, b))
        return self.application()

    def application(self) -> Expr:
        head = self.postfix(self.atom())
        args: list[Expr] = []
        while self.starts_atom():
            args.append(self.postfix(self.atom()))
        out: Expr = App(head, tuple(args)) if args else head
        return out

    def postfix(self, e: Expr) -> Expr:
        while True:
            if self.tok.kind == "proj":
                name = self.advance().text
                e = App(Ident(name), (e,))  # (f k).Prime: the elaborator resolves the field or rejects it
            elif self.at("⁻¹"):
                self.advance()
                e = Prefix("⁻¹", e)  # `postfix:max "⁻¹"`: `f x⁻¹` is `f (x⁻¹)`
            elif self.at("!"):
                self.advance()
                e = Prefix("!", e)  # Mathlib `notation:10000 n "!"`: `f n !` is `f (n !)`, `2 * n !` is `2 * (n !)`
            else:
                return e

    def starts_atom(self) -> bool:
        t = self.tok
        if t.kind == "num":
            return True
        if t.kind == "ident":
            return t.text not in KEYWORDS
        if t.kind == "sym" and t.text == "[":
            return self.peek().text not in ("MOD", "ZMOD")
        return t.kind == "sym" and t.text in ("(", "↑", "⟨", "{", "⌊", "⌈", "√")

    def atom(self) -> Expr:
        t = self.tok
        if t.kind == "num":
            self.advance()
            return Num(check_numeral(t.text, source=self.source, line=t.line, column=t.column))
        if t.kind == "ident" and t.text not in KEYWORDS:
            self.advance()
            return Ident(t.text)
        if t.kind == "sym":
            if t.text == "(":
                return self.paren()
            if t.text == "↑":
                self.advance()
                return Coe(self.postfix(self.atom()))
            if t.text == "√":
                self.advance()
                return Prefix("√", self.postfix(self.atom()))
            if t.text == "‖":
                self.advance()
                inner = self.expr(0)
                self.expect("‖")
                return App(Ident("‖norm‖"), (inner,))
            if t.text == "|":
                self.advance()
                self.abs_depth += 1
                inner = self.expr(0)
                self.abs_depth -= 1
                self.expect("|")
                return Abs(inner)
            if t.text == "⌊" or t.text == "⌈":
                close = _OPEN[t.text]
                self.advance()
                inner = self.expr(0)
                if self.at(close + "₊"):
                    self.advance()
                    return App(Ident("Nat.floor" if t.text == "⌊" else "Nat.ceil"), (inner,))
                self.expect(close)
                return App(Ident("Int.floor" if t.text == "⌊" else "Int.ceil"), (inner,))
            if t.text == "{":
                found = self.set_expr()
                if found is not None:
                    return found
            if t.text in ("{", "⟨", "["):
                text = self.skip_balanced()
                kind = {"{": "set-builder or set literal", "⟨": "anonymous constructor ⟨…⟩",
                        "[": "list literal"}[t.text]
                return Unsupported(f"{kind} {text[:40]}")
        if t.kind == "sym" and t.text not in _CLOSERS and t.text not in _BINARY:
            self.advance()
            return Unsupported(f"symbol {t.text}")
        found = t.text or "end of input"
        raise self.error(f"unexpected {found!r}", expected="a term")

    def set_expr(self) -> Expr | None:
        """``{x : T | P}`` or ``{a, b}``; None (position restored) for other brace forms."""
        start = self.i
        self.advance()
        try:
            if self.tok.kind == "ident" and self.peek().text in ("|", ":"):
                name = self.advance().text
                typ = None
                if self.at(":"):
                    self.advance()
                    typ = self.expr(0)
                self.expect("|")
                body = self.expr(0)
                self.expect("}")
                return SetBuilder(name, typ, body)
            elems = [self.expr(0)]
            while self.at(","):
                self.advance()
                elems.append(self.expr(0))
            self.expect("}")
            return SetLit(tuple(elems))
        except LeanSyntaxError:
            self.i = start
            return None

    def paren(self) -> Expr:
        self.expect("(")
        saved = self.abs_depth
        self.abs_depth = 0
        inner = self.expr(0)
        if self.at(":"):
            self.advance()
            typ = self.expr(0)
            self.expect(")")
            self.abs_depth = saved
            return Ascribe(inner, typ)
        if self.at(","):
            while not self.at(")") and self.tok.kind != "eof":
                self.advance()
            self.expect(")")
            self.abs_depth = saved
            return Unsupported("tuple (a, b)")
        self.expect(")")
        self.abs_depth = saved
        return inner

    # -- binders and quantifiers ------------------------------------------------------------------------------
    def binder_group(self) -> Binder:
        """``(x y : T)``, ``{x : T}``, ``[inst : C]``, ``(x)`` or ``⦃x : T⦄``."""
        open_ = self.advance().text
        close = {"(": ")", "{": "}", "[": "]", "⦃": "⦄"}[open_]
        names: list[str] = []
        if open_ == "[":
            # instance binder: [Fintype α] or [h : Fact p]
            if self.tok.kind == "ident" and self.peek().text == ":":
                names.append(self.advance().text)
                self.advance()
            typ = self.expr(0)
            self.expect(close)
            return Binder(tuple(names) or ("inst✝",), typ)
        while self.tok.kind == "ident" and self.tok.text not in KEYWORDS:
            names.append(self.advance().text)
        if not names:
            raise self.error("binder without a name", expected="a name")
        typ = None
        if self.at(":"):
            self.advance()
            typ = self.expr(0)
        self.expect(close)
        return Binder(tuple(names), typ)

    def quantifier(self) -> Expr:
        kind = self.advance().text
        binders: list[Binder] = []
        if self.tok.kind == "sym" and self.tok.text in ("(", "{", "⦃", "["):
            while self.tok.kind == "sym" and self.tok.text in ("(", "{", "⦃", "["):
                binders.append(self.binder_group())
        else:
            names: list[str] = []
            while self.tok.kind == "ident" and self.tok.text not in KEYWORDS:
                names.append(self.advance().text)
            if not names:
                raise self.error(f"{kind} without a bound name", expected="a name")
            if self.at(":"):
                self.advance()
                binders.append(Binder(tuple(names), self.expr(0)))
            elif self.tok.kind == "sym" and self.tok.text in _BINDER_PRED:
                op = _CANONICAL.get(self.advance().text, self.tok.text)
                op = _CANONICAL.get(self.toks[self.i - 1].text, self.toks[self.i - 1].text)
                binders.append(Binder(tuple(names), None, op, self.expr(51)))
            else:
                binders.append(Binder(tuple(names), None))
            while self.tok.kind == "sym" and self.tok.text in ("(", "{", "⦃", "["):
                binders.append(self.binder_group())
        self.expect(",")
        body = self.expr(0)
        return Quant(kind, tuple(binders), body)

    def bigop(self) -> Expr:
        kind = self.advance().text
        if self.tok.kind != "ident":
            if self.at("("):
                text = self.skip_balanced()
                return Unsupported(f"{kind} over a pattern {text[:30]}")
            raise self.error(f"{kind} without an index", expected="a name")
        name = self.advance().text
        var_type = None
        if self.at(":"):
            self.advance()
            var_type = self.expr(51)
        if self.at("in") or self.at("∈"):
            self.advance()
            domain = self.expr(0)
        elif self.at(","):
            domain = Unsupported(f"{kind} over a whole type")
        else:
            raise self.error(f"malformed {kind}", expected="'in' or '∈'")
        self.expect(",")
        body = self.expr(67)
        return BigOp(kind, name, var_type, domain, body)


@bounded_depth
def parse_expr(text: str, *, source: str = "<input>") -> Expr:
    """Parse one Lean expression (a proposition or a term)."""
    p = _Parser(tokenize(text), source)
    e = p.expr(0)
    if p.tok.kind != "eof":
        raise p.error(f"unexpected {p.tok.text!r} after the expression", expected="end of input")
    return e


@bounded_depth
def parse_statement(text: str, *, source: str = "<input>") -> Statement:
    """Parse ``theorem name binders : goal := …`` (any header before the declaration is skipped)."""
    start = theorem_start(text)
    if start is None:
        raise LeanSyntaxError("no theorem, lemma or example declaration", source=source,
                              expected="'theorem NAME … : GOAL'")
    offset_lines = text.count("\n", 0, start)
    p = _Parser(tokenize("\n" * offset_lines + text[start:]), source)
    kw = p.advance().text
    name = "example"
    if kw != "example":
        if p.tok.kind != "ident":
            raise p.error("declaration without a name", expected="a name")
        name = p.advance().text
    binders: list[Binder] = []
    while p.tok.kind == "sym" and p.tok.text in ("(", "{", "[", "⦃"):
        binders.append(p.binder_group())
    p.expect(":")
    goal = p.expr(0)
    if p.tok.kind != "eof" and not p.at(":="):
        raise p.error(f"unexpected {p.tok.text!r} after the statement", expected="':='")
    return Statement(name, tuple(binders), goal, source)


@bounded_depth
def parse_goal_state(text: str, *, name: str = "goal", source: str = "<input>") -> Statement:
    """Parse a pretty-printed goal state (``x y : ℝ`` / ``h₀ : …`` lines, then ``⊢ goal``); first goal only."""
    goal_text, first_line = first_goal(text)
    try:
        found = goal_entries(goal_text, source=source)
    except LeanSourceError as exc:
        line = None if exc.line is None else exc.line + first_line - 1
        raise LeanSyntaxError(exc.message, source=source, line=line, expected="'name : type' or '⊢ goal'") from exc
    # (names, type on one line, line)
    entries = [(" ".join(e.names), " ".join(e.text.split()), e.line + first_line - 1) for e in found if e.kind == "hyp"]
    goal = (" ".join(found[-1].text.split()), found[-1].line + first_line - 1)
    binders = []
    for names, typ_text, lineno in entries:
        typ = parse_expr("\n" * (lineno - 1) + typ_text, source=source)
        binders.append(Binder(tuple(names.split()), typ))
    goal_expr = parse_expr("\n" * (goal[1] - 1) + goal[0], source=source)
    return Statement(name, tuple(binders), goal_expr, source)
