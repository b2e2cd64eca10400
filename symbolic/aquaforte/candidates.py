"""Strict parsing of candidate definition texts into terms (never ``eval``).

A candidate is one line per function, ``f(x, y) = <term>`` (``:=`` is accepted too). Terms use the
term-language syntax (``symbolic.logic.parse_term``); parameters get the function's argument sorts. Names of
the form ``|?a|`` are *free coefficients*: the candidate is then a template whose coefficients the solver
chooses. Anything else unknown is rejected with a one-line reason that goes back to the proposer as feedback.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from symbolic.aquaforte.preprocess import Definition, simplify
from symbolic.errors import InputError
from symbolic.logic.canonical import alpha_normalize
from symbolic.logic.parser import parse_term
from symbolic.logic.printer import to_text
from symbolic.logic.sorts import BOOL, FunSort, Sort
from symbolic.logic.terms import Term, var

__all__ = ["Candidate", "CandidateError", "parse_candidate"]

_LINE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_'!?]*|\|[^|]+\|)\s*\(([^()]*)\)\s*:?=\s*(.+?)\s*;?\s*$")
_HOLE = re.compile(r"\|\?([A-Za-z0-9_]+)\|")
_PARAM = re.compile(r"[A-Za-z_][A-Za-z0-9_']*\Z")
MAX_CANDIDATE_CHARS = 2000


class CandidateError(InputError):
    """A candidate text that is not a well-formed, well-sorted definition of the requested functions."""


@dataclass(frozen=True)
class Candidate:
    """Parsed definitions of one or more functions; ``holes`` are the free coefficients (constants)."""

    text: str
    definitions: tuple[Definition, ...]
    holes: tuple[Term, ...]

    @property
    def concrete(self) -> bool:
        return not self.holes

    def key(self) -> tuple[tuple[str, str], ...]:
        """A canonical form for duplicate detection: simplified, alpha-normalised bodies by function."""
        out = []
        for d in self.definitions:
            lam = simplify(d.body)
            # rename parameters positionally so f(x) = x+1 and f(y) = y+1 coincide
            ren = {p: var(f"_p{i}", p.sort) for i, p in enumerate(d.params)}
            from symbolic.logic.subst import substitute

            out.append((d.symbol.head, to_text(alpha_normalize(substitute(lam, ren)))))
        return tuple(sorted(out))

    def describe(self) -> str:
        return "; ".join(d.text() for d in self.definitions)


def parse_candidate(text: str, functions: Sequence[Term], constants: Mapping[str, Term] | None = None,
                    *, source: str = "<candidate>") -> Candidate:
    """Parse ``text`` defining (some of) ``functions``; raises :class:`CandidateError` with the reason."""
    if not isinstance(text, str):
        raise CandidateError(f"candidate is not text ({type(text).__name__})", source=source)
    if len(text) > MAX_CANDIDATE_CHARS:
        raise CandidateError(f"candidate longer than {MAX_CANDIDATE_CHARS} characters", source=source)
    by_name = {f.head: f for f in functions}
    defs: list[Definition] = []
    holes: dict[str, Term] = {}
    lines = [ln for ln in text.replace(";\n", "\n").splitlines() if ln.strip()]
    if len(lines) == 1 and ";" in lines[0] and lines[0].count("=") > 1:
        lines = [p for p in lines[0].split(";") if p.strip()]
    if not lines:
        raise CandidateError("empty candidate", source=source)
    for n, line in enumerate(lines, 1):
        m = _LINE.match(line)
        if m is None:
            raise CandidateError(f"expected 'f(x) = term', got {line.strip()[:80]!r}", source=source, line=n)
        name = m.group(1).strip("|")
        f = by_name.get(name)
        if f is None:
            raise CandidateError(f"{name!r} is not one of the functions to define "
                                 f"({', '.join(sorted(by_name))})", source=source, line=n)
        if any(d.symbol is f for d in defs):
            raise CandidateError(f"{name} defined twice", source=source, line=n)
        fs = f.sort
        assert isinstance(fs, FunSort)
        pnames = [p.strip() for p in m.group(2).split(",")] if m.group(2).strip() else []
        if len(pnames) != fs.arity:
            raise CandidateError(f"{name} takes {fs.arity} parameters, the candidate gives {len(pnames)}",
                                 source=source, line=n)
        if len(set(pnames)) != len(pnames) or not all(_PARAM.match(p) for p in pnames):
            raise CandidateError(f"bad parameter list ({m.group(2)})", source=source, line=n)
        params = tuple(var(p, s) for p, s in zip(pnames, fs.args, strict=True))
        env: dict[str, Sort | Term] = dict(constants or {})
        for p in params:
            env[p.head] = p
        body_text = m.group(3)
        result_sort = fs.result
        for h in _HOLE.findall(body_text):
            hole_sort = result_sort if result_sort is not BOOL else _numeric_param_sort(fs)
            holes.setdefault(h, var(f"?{h}", hole_sort))
            env[f"?{h}"] = holes[h]
        try:
            body = parse_term(body_text, env, source=source, expected=result_sort)
        except InputError as exc:
            raise CandidateError(f"{name}: {exc.message}", source=source, line=n) from None
        defs.append(Definition(f, params, body))
    used = {h.head for d in defs for h in d.body.free_vars if h.head.startswith("?")}
    return Candidate(text.strip(), tuple(defs), tuple(h for h in holes.values() if h.head in used))


def _numeric_param_sort(fs: FunSort) -> Sort:
    for a in fs.args:
        if a.is_numeric:
            return a
    return fs.args[0]
