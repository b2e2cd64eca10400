"""Parser for MPL theory files (``.mpl``) and target lists (``.targets``).

Theory file grammar (one declaration per statement; ``#`` or ``--`` comments)::

    theory Peano
    sort N
    const zero, one : N
    function s : N -> N
    function add : N, N -> N infix + 65
    relation le : N, N                       # written le[x, y]
    axiom add_zero : forall a : N. a + zero = a
    induction N : zero, s                    # structural induction, supplied by the engine
    model 0..6 { zero = 0; one = 1; s(x) = x + 1; add(x, y) = x + y }

Formulas: ``forall x y : S, z : T. φ`` (sorts may be left out when the theory has one sort), ``φ -> ψ``,
``φ and ψ``, ``not φ``, ``exists x. φ`` (read as ``not forall x. not φ``), ``t = u``, ``t != u``, ``p[t, …]``.
Terms: variables, constants, ``f(t, …)`` and declared infix operators. Every error names line, column and
what was expected (:class:`symbolic.errors.ParseError`); sort errors and unbound names are
:class:`symbolic.errors.InputError` with the position.
"""

from __future__ import annotations

from pathlib import Path

from symbolic.errors import InputError, ParseError
from symbolic.gl.lexer import Token, tokenize
from symbolic.gl.theory import Constant, FunctionSymbol, Induction, Model, Relation, Statement, Theory
from symbolic.limits import bounded_depth
from symbolic.logic import BaseSort, Op, Term, app, forall, var

__all__ = ["load_targets", "load_theory", "parse_targets", "parse_theory"]

_KEYWORDS = {"forall", "exists", "not", "and", "theory", "sort", "const", "function", "relation", "axiom",
             "induction", "model", "infix", "true", "false"}


class _Parser:
    def __init__(self, text: str, source: str, theory: Theory | None) -> None:
        self.toks = tokenize(text, source)
        self.i = 0
        self.source = source
        self.th = theory if theory is not None else Theory(name=Path(source).stem, source=source)

    # -- token helpers ------------------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.toks[self.i]

    def error(self, message: str, expected: str | None = None, tok: Token | None = None) -> ParseError:
        t = tok or self.tok
        return ParseError(message, source=self.source, line=t.line, column=t.column, expected=expected)

    def input_error(self, message: str, tok: Token) -> InputError:
        return InputError(message, source=self.source, line=tok.line, column=tok.column)

    def at(self, *texts: str) -> bool:
        return self.tok.kind != "eof" and self.tok.text in texts

    def take(self, *texts: str) -> Token:
        if not self.at(*texts):
            want = " or ".join(repr(t) for t in texts)
            raise self.error(f"unexpected {self.tok}", expected=want)
        t = self.tok
        self.i += 1
        return t

    def ident(self, what: str = "a name") -> Token:
        t = self.tok
        if t.kind != "ident" or t.text in _KEYWORDS:
            raise self.error(f"unexpected {t}", expected=what)
        self.i += 1
        return t

    def integer(self) -> int:
        t = self.tok
        neg = False
        if t.text == "-":
            self.i += 1
            neg, t = True, self.tok
        if t.kind != "int":
            raise self.error(f"unexpected {t}", expected="an integer")
        self.i += 1
        return -int(t.text) if neg else int(t.text)

    def sort_name(self) -> str:
        t = self.ident("a sort name")
        if t.text not in self.th.sorts:
            raise self.input_error(f"unknown sort {t.text!r}", t)
        return t.text

    def fresh_name(self, t: Token) -> str:
        if t.text in self.th.symbol_names() or t.text in self.th.sorts:
            raise self.input_error(f"{t.text!r} is already declared", t)
        return t.text

    # -- theory declarations ------------------------------------------------------------------------------
    def theory(self) -> Theory:
        while self.tok.kind != "eof":
            t = self.tok
            kw = t.text if t.kind == "ident" else ""
            handler = getattr(self, f"decl_{kw}", None) if kw in _KEYWORDS else None
            if handler is None:
                raise self.error(f"unexpected {t}",
                                 expected="a declaration (theory, sort, const, function, relation, axiom, "
                                          "induction, model)")
            self.i += 1
            handler()
            if self.at(";"):
                self.i += 1
        return self.th

    def decl_theory(self) -> None:
        self.th.name = self.ident("the theory's name").text

    def decl_sort(self) -> None:
        while True:
            t = self.ident("a sort name")
            self.th.sorts.append(self.fresh_name(t))
            if not self.at(","):
                return
            self.i += 1

    def decl_const(self) -> None:
        names = [self.ident("a constant name")]
        while self.at(","):
            self.i += 1
            names.append(self.ident("a constant name"))
        self.take(":")
        sort = self.sort_name()
        for t in names:
            self.th.constants[self.fresh_name(t)] = Constant(t.text, sort)

    def sort_list(self) -> tuple[str, ...]:
        sorts = [self.sort_name()]
        while self.at(","):
            self.i += 1
            sorts.append(self.sort_name())
        return tuple(sorts)

    def decl_function(self) -> None:
        t = self.ident("a function name")
        name = self.fresh_name(t)
        self.take(":")
        args = self.sort_list()
        self.take("->")
        result = self.sort_name()
        infix, prec = None, 0
        if self.at("infix"):
            self.i += 1
            op = self.tok
            if op.kind != "punct" or op.text in "()[]{},.:;=" or op.text in ("->", "=>", "!=", ".."):
                raise self.error(f"unexpected {op}", expected="an operator symbol such as + or *")
            self.i += 1
            if len(args) != 2:
                raise self.input_error(f"infix operator {op.text!r} needs a binary function", op)
            if op.text in self.th.infix_table():
                raise self.input_error(f"operator {op.text!r} is already declared", op)
            infix, prec = op.text, self.integer()
        self.th.functions[name] = FunctionSymbol(name, args, result, infix, prec)

    def decl_relation(self) -> None:
        t = self.ident("a relation name")
        name = self.fresh_name(t)
        self.take(":")
        self.th.relations[name] = Relation(name, self.sort_list())

    def decl_axiom(self) -> None:
        t = self.ident("the axiom's name")
        if any(a.name == t.text for a in self.th.axioms):
            raise self.input_error(f"axiom {t.text!r} is already declared", t)
        self.take(":")
        self.th.axioms.append(Statement(t.text, self.closed_formula(), t.line))

    def decl_induction(self) -> None:
        sort = self.sort_name()
        self.take(":")
        z = self.ident("the zero constant")
        self.take(",")
        s = self.ident("the successor function")
        if z.text not in self.th.constants or self.th.constants[z.text].sort != sort:
            raise self.input_error(f"{z.text!r} is not a constant of sort {sort}", z)
        f = self.th.functions.get(s.text)
        if f is None or f.args != (sort,) or f.result != sort:
            raise self.input_error(f"{s.text!r} is not a function {sort} -> {sort}", s)
        self.th.induction[sort] = Induction(sort, z.text, s.text)

    def decl_model(self) -> None:
        from symbolic.gl.model import parse_model_body

        line = self.tok.line
        lo = self.integer()
        self.take("..")
        hi = self.integer()
        if hi < lo:
            raise self.error("empty model range", expected="lo..hi with lo <= hi")
        self.take("{")
        model = Model(lo, hi, line=line)
        self.i = parse_model_body(self, model)
        self.take("}")
        self.th.model = model

    # -- formulas -----------------------------------------------------------------------------------------
    def closed_formula(self) -> Term:
        return self.formula({})

    def formula(self, env: dict[str, Term]) -> Term:
        if self.at("forall", "exists"):
            q = self.take("forall", "exists")
            binders = self.binders(env)
            self.take(".")
            inner = dict(env)
            inner.update({b.name: b for b in binders})
            body = self.formula(inner)
            if q.text == "forall":
                return forall(binders, body)
            return app(Op.NOT, forall(binders, app(Op.NOT, body)))
        left = self.conjunction(env)
        if self.at("->", "=>"):
            self.i += 1
            return app(Op.IMPLIES, left, self.formula(env))
        return left

    def binders(self, env: dict[str, Term]) -> list[Term]:
        out: list[Term] = []
        while True:
            group = [self.ident("a variable name")]
            while self.tok.kind == "ident" and self.tok.text not in _KEYWORDS:
                group.append(self.ident())
            if self.at(":"):
                self.i += 1
                sort = self.sort_name()
            elif len(self.th.sorts) == 1:
                sort = self.th.sorts[0]
            else:
                raise self.error(f"unexpected {self.tok}", expected="':' and the variables' sort")
            for t in group:
                if t.text in self.th.symbol_names():
                    raise self.input_error(f"cannot bind {t.text!r}: it is a declared symbol", t)
                if any(b.name == t.text for b in out):
                    raise self.input_error(f"variable {t.text!r} is bound twice", t)
                out.append(var(t.text, BaseSort(sort)))
            if not self.at(","):
                return out
            self.i += 1

    def conjunction(self, env: dict[str, Term]) -> Term:
        parts = [self.unary(env)]
        while self.at("and", "&"):
            self.i += 1
            parts.append(self.unary(env))
        return parts[0] if len(parts) == 1 else app(Op.AND, *parts)

    def unary(self, env: dict[str, Term]) -> Term:
        if self.at("not", "~", "!"):
            self.i += 1
            return app(Op.NOT, self.unary(env))
        if self.at("forall", "exists"):
            return self.formula(env)
        if self.at("("):
            save = self.i
            self.i += 1
            try:
                f = self.formula(env)
                self.take(")")
                if not self.at("=", "!=", *self.th.infix_table()):
                    return f
            except InputError:
                pass
            self.i = save
        return self.atom(env)

    def atom(self, env: dict[str, Term]) -> Term:
        t = self.tok
        if t.kind == "ident" and t.text in self.th.relations and self.toks[self.i + 1].text == "[":
            self.i += 1
            rel = self.th.relations[t.text]
            self.take("[")
            args = self.args(env, "]")
            self.check_args(t, rel.name, rel.args, args)
            return app(rel.term(), *args)
        if t.kind == "ident" and self.toks[self.i + 1].text == "[":
            raise self.input_error(f"unknown relation {t.text!r}", t)
        left = self.term(env, 0)
        if not self.at("=", "!=", "=="):
            raise self.error(f"unexpected {self.tok}", expected="'=' or '!=' after a term")
        op = self.take("=", "!=", "==")
        right = self.term(env, 0)
        if left.sort is not right.sort:
            raise self.input_error(f"cannot compare {left.sort} with {right.sort}", op)
        eq = app(Op.EQ, left, right)
        return app(Op.NOT, eq) if op.text == "!=" else eq

    def args(self, env: dict[str, Term], close: str) -> list[Term]:
        out = [self.term(env, 0)]
        while self.at(","):
            self.i += 1
            out.append(self.term(env, 0))
        self.take(close)
        return out

    def check_args(self, t: Token, name: str, sorts: tuple[str, ...], args: list[Term]) -> None:
        if len(args) != len(sorts):
            raise self.input_error(f"{name} takes {len(sorts)} argument(s), got {len(args)}", t)
        for k, (a, s) in enumerate(zip(args, sorts, strict=True)):
            if str(a.sort) != s:
                raise self.input_error(f"{name}: argument {k + 1} has sort {a.sort}, expected {s}", t)

    def term(self, env: dict[str, Term], min_prec: int) -> Term:
        left = self.primary(env)
        table = self.th.infix_table()
        while self.tok.kind == "punct" and self.tok.text in table and table[self.tok.text].precedence >= min_prec:
            op = self.tok
            f = table[op.text]
            self.i += 1
            right = self.term(env, f.precedence + 1)
            self.check_args(op, f"operator {op.text}", f.args, [left, right])
            left = app(f.term(), left, right)
        return left

    def primary(self, env: dict[str, Term]) -> Term:
        t = self.tok
        if t.text == "(":
            self.i += 1
            inner = self.term(env, 0)
            self.take(")")
            return inner
        if t.kind != "ident" or t.text in _KEYWORDS:
            raise self.error(f"unexpected {t}", expected="a term")
        self.i += 1
        if self.at("("):
            f = self.th.functions.get(t.text)
            if f is None:
                if t.text in self.th.relations:
                    raise self.input_error(f"{t.text!r} is a relation; write {t.text}[…]", t)
                raise self.input_error(f"unknown function {t.text!r}", t)
            self.i += 1
            args = self.args(env, ")")
            self.check_args(t, f.name, f.args, args)
            return app(f.term(), *args)
        if t.text in env:
            return env[t.text]
        if t.text in self.th.constants:
            return self.th.constants[t.text].term()
        if t.text in self.th.functions:
            raise self.input_error(f"function {t.text!r} needs arguments", t)
        raise self.input_error(f"unbound variable {t.text!r}", t)

    # -- targets ------------------------------------------------------------------------------------------
    def targets(self) -> list[Statement]:
        out: list[Statement] = []
        while self.tok.kind != "eof":
            line = self.tok.line
            name = f"t{len(out) + 1}"
            if self.tok.kind == "ident" and self.toks[self.i + 1].text == ":" and self.tok.text not in _KEYWORDS:
                name = self.ident().text
                self.i += 1
            out.append(Statement(name, self.closed_formula(), line, self.source))
            if self.at(";"):
                self.i += 1
        return out


@bounded_depth
def parse_theory(text: str, source: str = "<theory>") -> Theory:
    """Parse a theory file's text."""
    th = _Parser(text, source, None).theory()
    if not th.sorts:
        raise InputError("the theory declares no sort", source=source, line=1, column=1)
    th.source = source
    th.text = text
    return th


def load_theory(path: str | Path) -> Theory:
    """Read and parse a ``.mpl`` file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset {exc.start})",
                         source=str(p)) from None
    except OSError as exc:
        raise InputError(f"cannot read theory file: {exc.strerror}", source=str(p)) from exc
    return parse_theory(text, str(p))


@bounded_depth
def parse_targets(text: str, theory: Theory, source: str = "<targets>") -> list[Statement]:
    """Parse a target list: one closed formula per statement, optionally ``name: formula``."""
    return _Parser(text, source, theory).targets()


def load_targets(path: str | Path, theory: Theory) -> list[Statement]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset {exc.start})",
                         source=str(p)) from None
    except OSError as exc:
        raise InputError(f"cannot read targets file: {exc.strerror}", source=str(p)) from exc
    return parse_targets(text, theory, str(p))
