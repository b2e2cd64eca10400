"""Finite partial models: the ``model lo..hi { … }`` section of a theory and evaluation of formulas on it.

Function values outside ``lo..hi`` are undefined, so a model of Peano arithmetic on ``0..6`` is partial
(``s(6)`` has no value). A formula instance whose terms are all defined evaluates to True or False; otherwise it
is undefined and neither confirms nor refutes anything. This three-valued reading is what the counter-example
filter needs: a candidate is dropped only when some fully defined instance is false.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from symbolic.errors import InputError
from symbolic.logic import Op, Term

if TYPE_CHECKING:
    from symbolic.gl.theory import Model, Theory

__all__ = ["check_model", "eval_formula", "parse_model_body"]

_CMP = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, "==": lambda a, b: a == b,
        "!=": lambda a, b: a != b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}
_ARITH = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
          "/": lambda a, b: a // b if b else None, "%": lambda a, b: a % b if b else None,
          "^": lambda a, b: a ** b if b <= 64 else None}


def parse_model_body(p: Any, model: Model) -> int:
    """Read ``name = expr; f(x, y) = expr; …`` up to the closing brace (``p`` is the theory parser)."""
    th = p.th
    while not p.at("}"):
        t = p.ident("a constant, function or relation of the theory")
        params: tuple[str, ...] = ()
        if p.at("("):
            p.i += 1
            names = [p.ident("a parameter name").text]
            while p.at(","):
                p.i += 1
                names.append(p.ident("a parameter name").text)
            p.take(")")
            params = tuple(names)
        p.take("=")
        expr = _expr(p, set(params))
        if t.text in th.constants and not params:
            model.constants[t.text] = expr
        elif t.text in th.functions and len(params) == th.functions[t.text].arity:
            model.functions[t.text] = (params, expr)
        elif t.text in th.relations and len(params) == len(th.relations[t.text].args):
            model.relations[t.text] = (params, expr)
        else:
            raise p.input_error(f"{t.text!r} with {len(params)} parameter(s) is not a symbol of the theory", t)
        if p.at(";"):
            p.i += 1
    return p.i


def _expr(p: Any, params: set[str]) -> Any:
    left = _sum(p, params)
    if p.tok.kind == "punct" and p.tok.text in ("<", "<=", "==", "!=", ">", ">=", "="):
        op = p.tok.text
        p.i += 1
        return ("cmp", "==" if op == "=" else op, left, _sum(p, params))
    return left


def _sum(p: Any, params: set[str]) -> Any:
    left = _prod(p, params)
    while p.at("+", "-"):
        op = p.take("+", "-").text
        left = ("op", op, left, _prod(p, params))
    return left


def _prod(p: Any, params: set[str]) -> Any:
    left = _power(p, params)
    while p.at("*", "/", "%"):
        op = p.take("*", "/", "%").text
        left = ("op", op, left, _power(p, params))
    return left


def _power(p: Any, params: set[str]) -> Any:
    base = _atom(p, params)
    if p.at("^"):
        p.i += 1
        return ("op", "^", base, _power(p, params))
    return base


def _atom(p: Any, params: set[str]) -> Any:
    t = p.tok
    if t.text == "(":
        p.i += 1
        e = _expr(p, params)
        p.take(")")
        return e
    if t.kind == "int":
        p.i += 1
        return ("int", int(t.text))
    if t.kind == "ident" and t.text in params:
        p.i += 1
        return ("var", t.text)
    if t.kind == "ident":
        raise p.input_error(f"unknown name {t.text!r} in a model expression", t)
    raise p.error(f"unexpected {t}", expected="a number, a parameter or '('")


def _eval(e: Any, env: dict[str, int]) -> Any:
    tag = e[0]
    if tag == "int":
        return e[1]
    if tag == "var":
        return env[e[1]]
    a, b = _eval(e[2], env), _eval(e[3], env)
    if a is None or b is None:
        return None
    return _CMP[e[1]](a, b) if tag == "cmp" else _ARITH[e[1]](a, b)


class Evaluator:
    """Evaluates terms and formulas of a theory on its model, with memoised function tables."""

    def __init__(self, theory: Theory) -> None:
        if theory.model is None:
            raise InputError("the theory has no model section; the counter-example filter needs one",
                             source=theory.source)
        self.th = theory
        self.m = theory.model
        self.domain = list(range(self.m.lo, self.m.hi + 1))
        self.tables: dict[str, dict[tuple[int, ...], Any]] = {}
        for name, (params, expr) in {**self.m.functions, **self.m.relations}.items():
            table: dict[tuple[int, ...], Any] = {}
            for vals in itertools.product(self.domain, repeat=len(params)):
                v = _eval(expr, dict(zip(params, vals, strict=True)))
                if name in self.m.functions and (v is None or not self.m.lo <= v <= self.m.hi):
                    v = None
                table[vals] = v
            self.tables[name] = table
        self.consts = {n: _eval(e, {}) for n, e in self.m.constants.items()}
        missing = [n for n in [*theory.constants, *theory.functions, *theory.relations]
                   if n not in self.consts and n not in self.tables]
        if missing:
            raise InputError(f"model {self.m.lo}..{self.m.hi} does not interpret {', '.join(missing)}",
                             source=theory.source, line=self.m.line)

    def term(self, t: Term, env: dict[Term, int]) -> int | None:
        if t.is_var:
            if t in env:
                return env[t]
            return self.consts.get(t.name)  # type: ignore[return-value]
        vals = []
        for a in t.args:
            v = self.term(a, env)
            if v is None:
                return None
            vals.append(v)
        return self.tables[t.head.name].get(tuple(vals))

    def formula(self, f: Term, env: dict[Term, int]) -> bool | None:
        """True, False, or None when some term of the instance is undefined."""
        if f.is_quant:
            result: bool | None = True
            for vals in itertools.product(self.domain, repeat=len(f.binders)):
                inner = dict(env)
                inner.update(zip(f.binders, vals, strict=True))
                r = self.formula(f.body, inner)
                if r is False:
                    return False
                if r is None:
                    result = None
            return result
        op = f.op
        if op is Op.EQ:
            a, b = self.term(f.args[0], env), self.term(f.args[1], env)
            return None if a is None or b is None else a == b
        if op is Op.NOT:
            r = self.formula(f.args[0], env)
            return None if r is None else not r
        if op is Op.AND:
            rs = [self.formula(a, env) for a in f.args]
            if False in rs:
                return False
            return None if None in rs else True
        if op is Op.IMPLIES:
            p = self.formula(f.args[0], env)
            if p is False:
                return True
            c = self.formula(f.args[1], env)
            if c is True:
                return True
            return None if p is None or c is None else False
        vals = [self.term(a, env) for a in f.args]
        if None in vals:
            return None
        return bool(self.tables[f.head.name].get(tuple(vals)))  # type: ignore[arg-type]


def eval_formula(theory: Theory, f: Term) -> bool | None:
    """Evaluate a closed formula on the theory's model (three-valued)."""
    return Evaluator(theory).formula(f, {})


def check_model(theory: Theory, evaluator: Evaluator | None = None) -> Evaluator:
    """Check every axiom on the declared model; raise an InputError naming the first violated axiom."""
    ev = evaluator or Evaluator(theory)
    for ax in theory.axioms:
        if ev.formula(ax.formula, {}) is False:
            raise InputError(
                f"the theory has no model in the filter's range {ev.m.lo}..{ev.m.hi}: axiom {ax.name} is false "
                "on the declared model", source=theory.source, line=ax.line)
    return ev
