"""Read SMT-LIB2 scripts (UF, LIA, LRA, NIA, NRA, LIRA, NIRA, with quantifiers) into the term language.

Supported commands: ``set-logic``, ``set-info``, ``set-option`` (recorded), ``declare-sort`` (arity 0),
``declare-fun``, ``declare-const``, ``define-fun`` (expanded as a macro), ``assert``, ``check-sat`` and the
read-only ``get-*``/``echo``/``exit`` commands. Everything else (arrays, datatypes, ``push``/``pop``,
recursive definitions, indexed identifiers) raises :class:`InputError` naming the line and column.
Mixed Int/Real arithmetic is accepted as z3 and cvc5 accept it: Int arguments are lifted with ``to_real``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from symbolic.errors import InputError, ParseError, SortError
from symbolic.limits import bounded_depth
from symbolic.logic.builders import and_, cast, not_, or_
from symbolic.logic.sorts import BOOL, INT, REAL, BaseSort, FunSort, Sort
from symbolic.logic.subst import fresh_name, substitute
from symbolic.logic.terms import Op, Term, app, const, exists, forall, var
from symbolic.smt.sexpr import Atom, SExpr, SList, parse_sexprs, render

__all__ = ["SUPPORTED_LOGICS", "Script", "iter_commands", "read_script", "read_script_file", "solver_text"]

#: Logics whose symbols the reader understands (with or without QF_, and A/UF/DT prefixes checked per symbol).
SUPPORTED_LOGICS = frozenset({
    "ALL", "UF", "LIA", "LRA", "NIA", "NRA", "LIRA", "NIRA", "UFLIA", "UFLRA", "UFNIA", "UFNRA", "UFLIRA",
    "UFNIRA", "UFIDL", "IDL", "RDL", "AUFLIA", "AUFLIRA", "AUFNIRA", "HORN",
})
_IGNORED = frozenset({"check-sat", "get-model", "get-value", "get-unsat-core", "get-info", "get-option",
                      "get-assertions", "get-proof", "echo", "exit", "get-assignment", "set-option",
                      "check-sat-assuming"})


@dataclass
class Script:
    """A parsed script: declarations, assertions (with optional ``:named`` names) and metadata."""

    source: str
    logic: str | None = None
    status: str | None = None  # from (set-info :status ...)
    symbols: dict[str, Term] = field(default_factory=dict)  # declared constants and functions
    assertions: list[Term] = field(default_factory=list)
    names: list[str | None] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    check_sats: int = 0

    @property
    def functions(self) -> list[Term]:
        return [t for t in self.symbols.values() if t.sort.is_function]

    @property
    def constants(self) -> list[Term]:
        return [t for t in self.symbols.values() if not t.sort.is_function]


def _err(node: SExpr, message: str, source: str) -> InputError:
    return InputError(message, source=source, line=node.line, column=node.column)


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.sorts: dict[str, Sort] = {"Bool": BOOL, "Int": INT, "Real": REAL}
        self.symbols: dict[str, Term] = {}
        self.macros: dict[str, tuple[tuple[Term, ...], Term, Term | None]] = {}  # name -> (params, body, symbol)
        self.taken: set[str] = set()

    # -- sorts --------------------------------------------------------------------------------------------
    def sort(self, e: SExpr) -> Sort:
        if isinstance(e, Atom) and e.kind == "symbol":
            s = self.sorts.get(e.value)
            if s is None:
                raise _err(e, f"unknown sort {e.value!r}", self.source)
            return s
        if isinstance(e, SList) and e.items and isinstance(e.items[0], Atom) and e.items[0].value == "Array":
            raise _err(e, "arrays are not supported by the term reader", self.source)
        raise _err(e, f"unsupported sort {render(e)}", self.source)

    # -- terms --------------------------------------------------------------------------------------------
    def term(self, e: SExpr, scope: dict[str, Term]) -> Term:
        if isinstance(e, Atom):
            if e.kind == "numeral":
                return const(int(e.value), INT)
            if e.kind == "decimal":
                return const(Fraction(e.value), REAL)
            if e.kind in ("hex", "binary"):
                raise _err(e, "bit-vector literals are not supported", self.source)
            if e.kind == "symbol":
                if e.value in scope:
                    return scope[e.value]
                if e.value in ("true", "false"):
                    return const(e.value == "true")
                if e.value in self.symbols:
                    t = self.symbols[e.value]
                    if t.sort.is_function:
                        raise _err(e, f"function {e.value!r} used without arguments", self.source)
                    return t
                if e.value in self.macros:
                    params, body, _ = self.macros[e.value]
                    if params:
                        raise _err(e, f"defined function {e.value!r} used without arguments", self.source)
                    return body
                raise _err(e, f"unknown symbol {e.value!r}", self.source)
            raise _err(e, f"unexpected {e.kind} {e.value!r} in a term", self.source)
        if not e.items:
            raise _err(e, "empty application '()'", self.source)
        head = e.items[0]
        if isinstance(head, SList):
            raise _err(head, f"indexed or qualified identifier {render(head)} is not supported", self.source)
        if head.kind != "symbol":
            raise _err(head, f"cannot apply {head.value!r}", self.source)
        h = head.value
        rest = e.items[1:]
        if h in ("forall", "exists"):
            return self.quant(e, h, rest, scope)
        if h == "let":
            return self.let(e, rest, scope)
        if h == "!":
            if not rest:
                raise _err(e, "'!' needs a term", self.source)
            return self.term(rest[0], scope)
        if h in self.macros and h not in scope:
            params, body, _ = self.macros[h]
            args = [self.term(a, scope) for a in rest]
            if len(args) != len(params):
                raise _err(e, f"{h} takes {len(params)} arguments, got {len(args)}", self.source)
            args = [self.coerce(a, p.sort, e) for a, p in zip(args, params, strict=True)]
            return substitute(body, dict(zip(params, args, strict=True)))
        args = [self.term(a, scope) for a in rest]
        try:
            return self.apply(e, h, args)
        except SortError as exc:
            raise _err(e, f"{h}: {exc}", self.source) from None

    def coerce(self, t: Term, s: Sort, at: SExpr) -> Term:
        if t.sort is s:
            return t
        if t.sort is INT and s is REAL:
            return const(t.head, REAL) if t.is_const else cast(t, REAL)
        raise _err(at, f"expected a term of sort {s}, got {t.sort}", self.source)

    def arith(self, e: SExpr, args: list[Term]) -> list[Term]:
        if any(a.sort is REAL for a in args):
            return [self.coerce(a, REAL, e) for a in args]
        return args

    def apply(self, e: SExpr, h: str, args: list[Term]) -> Term:
        n = len(args)
        if h == "not" and n == 1:
            return not_(args[0])
        if h in ("and", "or"):
            if n == 0:
                return const(h == "and")
            return and_(args) if h == "and" else or_(args)
        if h == "=>" and n >= 2:
            out = args[-1]
            for a in reversed(args[:-1]):
                out = app(Op.IMPLIES, a, out)
            return out
        if h == "xor" and n >= 2:
            out = args[0]
            for a in args[1:]:
                out = not_(app(Op.IFF, out, a))
            return out
        if h == "ite" and n == 3:
            a, b = self.arith(e, [args[1], args[2]]) if args[1].sort is not args[2].sort else args[1:]
            return app(Op.ITE, args[0], a, b)
        if h in ("=", "distinct") and n >= 2:
            if all(a.sort is BOOL for a in args) and h == "=":
                return and_([app(Op.IFF, args[i], args[i + 1]) for i in range(n - 1)])
            xs = self.arith(e, args)
            if h == "=":
                return and_([app(Op.EQ, xs[i], xs[i + 1]) for i in range(n - 1)])
            pairs = [app(Op.NE, xs[i], xs[j]) if xs[i].sort is not BOOL
                     else not_(app(Op.IFF, xs[i], xs[j])) for i in range(n) for j in range(i + 1, n)]
            return and_(pairs)
        if h in ("<", "<=", ">", ">=") and n >= 2:
            op = {"<": Op.LT, "<=": Op.LE, ">": Op.GT, ">=": Op.GE}[h]
            xs = self.arith(e, args)
            return and_([app(op, xs[i], xs[i + 1]) for i in range(n - 1)])
        if h == "-" and n == 1:
            a = args[0]
            return const(-a.head, a.sort) if a.is_const else app(Op.NEG, a)
        if h in ("+", "-", "*") and n >= 2:
            op = {"+": Op.ADD, "-": Op.SUB, "*": Op.MUL}[h]
            xs = self.arith(e, args)
            out = xs[0]
            for a in xs[1:]:
                out = app(op, out, a)
            return out
        if h == "/" and n >= 2:
            xs = [self.coerce(a, REAL, e) for a in args]
            out = xs[0]
            for a in xs[1:]:
                out = app(Op.DIV, out, a)
            return out
        if h in ("div", "mod") and n == 2:
            return app(Op.IDIV if h == "div" else Op.MOD, args[0], args[1])
        if h == "abs" and n == 1:
            return app(Op.ABS, args[0])
        if h == "to_real" and n == 1:
            return self.coerce(args[0], REAL, e)
        if h == "to_int" and n == 1:
            return cast(args[0], INT)
        if h == "is_int" and n == 1:
            x = self.coerce(args[0], REAL, e)
            return app(Op.EQ, cast(cast(x, INT), REAL), x)
        if h == "^" and n == 2:
            return app(Op.POW, args[0], args[1])
        f = self.symbols.get(h)
        if f is not None and isinstance(f.sort, FunSort):
            if n != f.sort.arity:
                raise _err(e, f"{h} takes {f.sort.arity} arguments, got {n}", self.source)
            return app(f, *(self.coerce(a, s, e) for a, s in zip(args, f.sort.args, strict=True)))
        if h in ("select", "store", "const"):
            raise _err(e, "arrays are not supported by the term reader", self.source)
        if f is not None:
            raise _err(e, f"{h!r} is a constant, not a function", self.source)
        raise _err(e, f"unknown or unsupported function {h!r} with {n} arguments", self.source)

    def binders(self, e: SExpr, scope: dict[str, Term]) -> tuple[list[Term], dict[str, Term]]:
        if not isinstance(e, SList) or not e.items:
            raise _err(e, "expected a list of sorted variables ((x Int) ...)", self.source)
        inner = dict(scope)
        out: list[Term] = []
        for b in e.items:
            if not (isinstance(b, SList) and len(b.items) == 2 and isinstance(b.items[0], Atom)
                    and b.items[0].kind == "symbol"):
                raise _err(b, "expected a sorted variable (x Sort)", self.source)
            name = b.items[0].value
            s = self.sort(b.items[1])
            # a fresh internal name whenever the SMT-LIB name could be captured or confused
            clash = name in inner or name in self.symbols or name in self.macros
            internal = fresh_name(name, self.taken | set(inner)) if clash else name
            self.taken.add(internal)
            v = var(internal, s)
            inner[name] = v
            out.append(v)
        return out, inner

    def quant(self, e: SExpr, q: str, rest: tuple[SExpr, ...], scope: dict[str, Term]) -> Term:
        if len(rest) != 2:
            raise _err(e, f"{q} takes a variable list and a body", self.source)
        bs, inner = self.binders(rest[0], scope)
        body = self.term(rest[1], inner)
        if body.sort is not BOOL:
            raise _err(rest[1], f"{q} body must be Bool, got {body.sort}", self.source)
        return forall(bs, body) if q == "forall" else exists(bs, body)

    def let(self, e: SExpr, rest: tuple[SExpr, ...], scope: dict[str, Term]) -> Term:
        if len(rest) != 2 or not isinstance(rest[0], SList):
            raise _err(e, "let takes a binding list and a body", self.source)
        inner = dict(scope)
        for b in rest[0].items:
            if not (isinstance(b, SList) and len(b.items) == 2 and isinstance(b.items[0], Atom)):
                raise _err(b, "expected a binding (x term)", self.source)
            inner[b.items[0].value] = self.term(b.items[1], scope)  # parallel let: outer scope
        return self.term(rest[1], inner)

    # -- commands -----------------------------------------------------------------------------------------
    def declare(self, e: SExpr, name: str, arg_sorts: list[Sort], result: Sort) -> None:
        if name in self.symbols or name in self.macros:
            raise _err(e, f"symbol {name!r} declared twice", self.source)
        s: Sort = FunSort(tuple(arg_sorts), result) if arg_sorts else result
        self.symbols[name] = var(name, s)
        self.taken.add(name)

    def command(self, e: SExpr, script: Script) -> None:
        if not (isinstance(e, SList) and e.items and isinstance(e.items[0], Atom)):
            raise _err(e, "expected a command '(name ...)'", self.source)
        cmd = e.items[0].value
        rest = e.items[1:]
        if cmd == "set-logic":
            logic = rest[0].value if rest and isinstance(rest[0], Atom) else ""
            base = logic[3:] if logic.startswith("QF_") else logic
            if base not in SUPPORTED_LOGICS:
                raise _err(e, f"unsupported logic {logic!r} (supported: UF, LIA, LRA, NIA, NRA, LIRA, NIRA "
                              "and their UF/quantified variants)", self.source)
            script.logic = logic
        elif cmd == "set-info":
            if len(rest) >= 2 and isinstance(rest[0], Atom) and rest[0].value == ":status":
                script.status = render(rest[1])
        elif cmd == "set-option":
            if len(rest) >= 2 and isinstance(rest[0], Atom):
                script.options[rest[0].value] = render(rest[1])
        elif cmd == "declare-sort":
            if not rest or not isinstance(rest[0], Atom) or (len(rest) > 1 and render(rest[1]) != "0"):
                raise _err(e, "only declare-sort with arity 0 is supported", self.source)
            self.sorts[rest[0].value] = BaseSort(rest[0].value)
        elif cmd == "declare-fun":
            if len(rest) != 3 or not isinstance(rest[0], Atom) or not isinstance(rest[1], SList):
                raise _err(e, "declare-fun takes a name, a sort list and a sort", self.source)
            self.declare(e, rest[0].value, [self.sort(s) for s in rest[1].items], self.sort(rest[2]))
        elif cmd == "declare-const":
            if len(rest) != 2 or not isinstance(rest[0], Atom):
                raise _err(e, "declare-const takes a name and a sort", self.source)
            self.declare(e, rest[0].value, [], self.sort(rest[1]))
        elif cmd == "define-fun":
            self.define(e, rest)
        elif cmd == "assert":
            if len(rest) != 1:
                raise _err(e, "assert takes one term", self.source)
            t = self.term(rest[0], {})
            if t.sort is not BOOL:
                raise _err(rest[0], f"asserted term has sort {t.sort}, not Bool", self.source)
            script.assertions.append(t)
            script.names.append(_named(rest[0]))
        elif cmd == "check-sat":
            script.check_sats += 1
        elif cmd in _IGNORED:
            pass
        else:
            raise _err(e, f"unsupported command {cmd!r}", self.source)

    def define(self, e: SExpr, rest: tuple[SExpr, ...]) -> None:
        if len(rest) != 4 or not isinstance(rest[0], Atom) or not isinstance(rest[1], SList):
            raise _err(e, "define-fun takes a name, parameters, a sort and a body", self.source)
        name = rest[0].value
        if name in self.symbols or name in self.macros:
            raise _err(e, f"symbol {name!r} declared twice", self.source)
        if rest[1].items:
            params, inner = self.binders(rest[1], {})
        else:
            params, inner = [], {}
        result = self.sort(rest[2])
        body = self.coerce(self.term(rest[3], inner), result, rest[3])
        self.macros[name] = (tuple(params), body, None)
        self.taken.add(name)


def _named(e: SExpr) -> str | None:
    if isinstance(e, SList) and e.items and isinstance(e.items[0], Atom) and e.items[0].value == "!":
        items = e.items
        for i in range(2, len(items) - 1):
            if isinstance(items[i], Atom) and items[i].value == ":named":
                nxt = items[i + 1]
                if isinstance(nxt, Atom):
                    return nxt.value
    return None


def iter_commands(text: str, *, source: str = "<input>") -> Iterator[SExpr]:
    """The top-level commands of ``text`` (S-expression syntax checked, semantics not)."""
    yield from parse_sexprs(text, source=source)


@bounded_depth
def read_script(text: str, *, source: str = "<input>") -> Script:
    """Parse an SMT-LIB2 script into terms; raises :class:`InputError`/:class:`ParseError` with a position."""
    reader = _Reader(source)
    script = Script(source=source)
    for e in parse_sexprs(text, source=source):
        reader.command(e, script)
        if script.check_sats > 1:
            raise _err(e, "only one check-sat per script is supported", source)
    script.symbols = dict(reader.symbols)
    return script


def read_script_file(path: str | Path) -> Script:
    """:func:`read_script` on a file; a missing or unreadable file is an :class:`InputError`."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset {exc.start})",
                         source=str(p)) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", source=str(p)) from None
    return read_script(text, source=str(p))


_SOLVER_COMMANDS = frozenset({"set-logic", "declare-sort", "define-sort", "declare-fun", "declare-const",
                              "define-fun", "define-fun-rec", "define-funs-rec", "declare-datatypes",
                              "declare-datatype", "assert"})


def solver_text(text: str, *, source: str = "<input>",
                keep: Callable[[str], bool] = _SOLVER_COMMANDS.__contains__, deadline: float | None = None,
                require_check_sat: bool = False) -> tuple[str, list[str], str | None]:
    """The part of a raw script a solver worker needs (declarations and assertions up to the first
    ``check-sat``), the declared constant/function names, and the ``:status`` if given.

    This path does not translate to terms, so it accepts everything the solvers accept (arrays, datatypes).
    ``deadline``: see :func:`~symbolic.smt.sexpr.parse_sexprs`. ``require_check_sat``: a script without
    ``check-sat`` asks no question; raise :class:`InputError` instead of answering for it.
    """
    out: list[str] = []
    names: list[str] = []
    status: str | None = None
    asked = False
    for e in parse_sexprs(text, source=source, deadline=deadline):
        if not (isinstance(e, SList) and e.items and isinstance(e.items[0], Atom)):
            raise ParseError("expected a command '(name ...)'", source=source, line=e.line, column=e.column,
                             expected="'(command ...)'")
        cmd = e.items[0].value
        if cmd == "check-sat":
            asked = True
            break
        if cmd in ("push", "pop", "reset", "reset-assertions"):
            raise _err(e, f"unsupported command {cmd!r} (scripts with one check-sat only)", source)
        if cmd == "set-info" and len(e.items) >= 3 and render(e.items[1]) == ":status":
            status = render(e.items[2])
        if keep(cmd):
            out.append(render(e))
            if cmd in ("declare-fun", "declare-const") and len(e.items) > 1 and isinstance(e.items[1], Atom):
                names.append(e.items[1].value)
    if require_check_sat and not asked:
        raise InputError("no (check-sat) command: the script asks no question", source=source)
    return "\n".join(out) + "\n", names, status
