"""Solver backends: z3 and cvc5 through their Python APIs, each run inside a worker process.

A backend receives a :class:`Job` (SMT-LIB2 declarations and assertions, no ``check-sat``) and returns a plain
dict (picklable across the process boundary). Backends whose library is missing report ``available() ==
False`` and are left out of :func:`available_backends`; asking for one raises :class:`SolverUnavailable`.
Heavy imports happen inside methods so importing this module is cheap.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, ClassVar

from symbolic.errors import SymbolicError

__all__ = [
    "Backend", "Cvc5Backend", "Job", "SolverUnavailable", "Z3Backend", "available_backends", "get_backend",
    "register_backend",
]


class SolverUnavailable(SymbolicError):
    """The requested solver backend is unknown or its library is not installed."""


@dataclass(frozen=True)
class Job:
    """One check: ``script`` declares and asserts; ``assumptions`` are Bool constants to check under
    (used to track assertions for unsat cores); ``model_names`` are the symbols whose values to report."""

    script: str
    timeout_ms: int
    want_model: bool = True
    assumptions: tuple[str, ...] = ()
    model_names: tuple[str, ...] = ()
    options: dict[str, str] = field(default_factory=dict)


def _unknown(reason: str, message: str | None) -> dict[str, Any]:
    return {"status": "unknown", "reason": reason, "message": (message or "")[:300] or None}


def classify_reason(text: str) -> str:
    """Map a solver's free-text reason for ``unknown`` onto our closed vocabulary."""
    t = text.lower()
    if "timeout" in t or "canceled" in t or "cancelled" in t:
        return "timeout"
    if "memory" in t or "memout" in t or "resource" in t or "rlimit" in t or "max. resource" in t:
        return "resource"
    return "incomplete"


class Backend:
    """A solver that can run a :class:`Job`. Subclasses implement :meth:`solve` (called in the worker)."""

    name: ClassVar[str] = "?"
    module: ClassVar[str] = ""
    #: True when one worker process may run many jobs (no state survives a job); such backends get warm
    #: workers. Leave False for anything that may leak state between jobs.
    reusable: ClassVar[bool] = False

    def available(self) -> bool:
        """True when the solver's Python library is importable (checked without importing it)."""
        return not self.module or importlib.util.find_spec(self.module) is not None

    def preload(self) -> None:
        """Import the library in the parent so forked workers start without paying for the import."""
        if self.module:
            importlib.import_module(self.module)

    def solve(self, job: Job) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError


class Z3Backend(Backend):
    """z3 via ``z3-solver``; a fresh context per job."""

    name = "z3"
    module = "z3"
    reusable = True

    def solve(self, job: Job) -> dict[str, Any]:
        import z3

        ctx = z3.Context()
        s = z3.Solver(ctx=ctx)
        s.set("timeout", max(1, job.timeout_ms))
        for k, v in job.options.items():
            s.set(k, _z3_option(v))
        try:
            s.from_string(job.script)
        except z3.Z3Exception as exc:
            return _unknown("error", str(exc))
        assumptions = [z3.Bool(a, ctx) for a in job.assumptions]
        r = s.check(*assumptions)
        if r == z3.sat:
            model = _z3_model(s.model(), job.model_names, z3) if job.want_model else None
            return {"status": "sat", "model": model}
        if r == z3.unsat:
            core = [str(c) for c in s.unsat_core()] if job.assumptions else None
            return {"status": "unsat", "core": core}
        why = s.reason_unknown()
        return _unknown(classify_reason(why), why)


def _z3_option(v: str) -> object:
    if v in ("true", "false"):
        return v == "true"
    if v.isdigit():
        return int(v)
    return v


def _z3_value(v: Any, z3: Any) -> object:
    if z3.is_int_value(v):
        return v.as_long()
    if z3.is_rational_value(v):
        return Fraction(v.numerator_as_long(), v.denominator_as_long())
    if z3.is_true(v):
        return True
    if z3.is_false(v):
        return False
    if z3.is_algebraic_value(v):
        return v.approx(20).as_decimal(20).rstrip("?")
    return v.sexpr()


def _z3_model(m: Any, names: tuple[str, ...], z3: Any) -> dict[str, object]:
    from symbolic.smt.result import FunctionValue

    wanted = set(names)
    out: dict[str, object] = {}
    for d in m.decls():
        n = d.name()
        if wanted and n not in wanted:
            continue
        if d.arity() == 0:
            out[n] = _z3_value(m[d], z3)
        else:
            fi = m[d]
            if isinstance(fi, z3.FuncInterp):
                entries = tuple((tuple(fi.entry(i).arg_value(j).sexpr() for j in range(d.arity())),
                                 fi.entry(i).value().sexpr()) for i in range(fi.num_entries()))
                out[n] = FunctionValue(entries, fi.else_value().sexpr() if fi.else_value() is not None else "?")
            else:
                out[n] = FunctionValue((), str(fi))
    return out


class Cvc5Backend(Backend):
    """cvc5 via its Python base API and SMT-LIB input parser."""

    name = "cvc5"
    module = "cvc5"
    reusable = True

    def solve(self, job: Job) -> dict[str, Any]:
        import cvc5

        tm = cvc5.TermManager()
        s = cvc5.Solver(tm)
        s.setOption("produce-models", "true" if job.want_model else "false")
        if job.assumptions:
            s.setOption("produce-unsat-assumptions", "true")
        s.setOption("tlimit-per", str(max(1, job.timeout_ms)))
        for k, v in job.options.items():
            s.setOption(k, v)
        sm = cvc5.SymbolManager(tm)
        parser = cvc5.InputParser(s, sm)
        parser.setStringInput(cvc5.InputLanguage.SMT_LIB_2_6, "(set-logic ALL)\n" + job.script
                              if "(set-logic" not in job.script else job.script, "job")
        try:
            while True:
                cmd = parser.nextCommand()
                if cmd.isNull():
                    break
                cmd.invoke(s, sm)
        except RuntimeError as exc:
            return _unknown("error", str(exc))
        declared = {str(t): t for t in sm.getDeclaredTerms()}
        assumptions = [declared[a] for a in job.assumptions if a in declared]
        r = s.checkSatAssuming(*assumptions) if assumptions else s.checkSat()
        if r.isSat():
            model = None
            if job.want_model:
                model = {}
                for n, t in declared.items():
                    if job.model_names and n not in job.model_names:
                        continue
                    try:
                        model[n] = _cvc5_value(s.getValue(t))
                    except RuntimeError:
                        continue
            return {"status": "sat", "model": model}
        if r.isUnsat():
            core = [str(t) for t in s.getUnsatAssumptions()] if assumptions else None
            return {"status": "unsat", "core": core}
        why = str(r.getUnknownExplanation())
        return _unknown(_cvc5_reason(why), why)


def _cvc5_reason(why: str) -> str:
    w = why.upper()
    if "TIMEOUT" in w:
        return "timeout"
    if "RESOURCE" in w or "MEMOUT" in w:
        return "resource"
    return "incomplete"


def _cvc5_value(v: Any) -> object:
    from symbolic.smt.result import FunctionValue

    if v.isBooleanValue():
        return v.getBooleanValue()
    if v.isIntegerValue():
        return v.getIntegerValue()
    if v.isRealValue():
        return Fraction(v.getRealValue())
    text = str(v)
    if text.startswith("(lambda"):
        return FunctionValue((), text)
    return text


_REGISTRY: dict[str, type[Backend]] = {"z3": Z3Backend, "cvc5": Cvc5Backend}


def register_backend(cls: type[Backend]) -> None:
    """Add a backend class under ``cls.name`` (used by tests and by extensions)."""
    _REGISTRY[cls.name] = cls


def available_backends() -> list[str]:
    """Names of the backends whose libraries are installed, in preference order."""
    return [n for n, cls in _REGISTRY.items() if cls().available()]


def get_backend(name: str | Backend) -> Backend:
    """The backend called ``name``; raises :class:`SolverUnavailable` when unknown or not installed."""
    if isinstance(name, Backend):
        return name
    cls = _REGISTRY.get(name)
    if cls is None:
        raise SolverUnavailable(f"unknown solver {name!r} (known: {', '.join(sorted(_REGISTRY))})")
    b = cls()
    if not b.available():
        raise SolverUnavailable(f"solver {name!r} is not installed (pip install "
                                f"{'z3-solver' if name == 'z3' else name})")
    return b
