"""A deterministic proposer: candidate definitions from templates, no model needed.

Templates, in the order tried: constants, identity-like fixed forms, linear and affine forms, polynomials of
degree 2 and 3, reciprocal forms and guarded forms — most with free coefficients ``|?a|`` that the pipeline
fits to the ground instances of the constraints and checks (CEGIS). For several functions in one component,
each template family is applied to all of them with separate coefficients.

A sequence ``f : Nat → T`` (a function defined by a recurrence) also gets the closed forms of linear
recurrences, last: quadratic and ``a·rⁿ + b·n + c`` for the bases in :data:`RATES`. With a fixed base the
coefficients enter linearly, so the fit at ground points stays linear arithmetic. On ``Nat`` (coefficients are
naturals) the negative parts are subtracted, ``P - N``: a reader of the fitted body moves ``N`` to the left
(``f n + N = P``).
"""

from __future__ import annotations

from itertools import count

from symbolic.aquaforte.proposer import FunctionSignature, ProposalRequest

__all__ = ["TemplateProposer", "templates_for"]

_NUMERIC = ("Int", "Real", "Nat", "Rat")
RATES = (2, 3, 4, 5, 10)  # bases r of the a·rⁿ + b·n + c templates
_CAST = {"Int": "to_int", "Real": "to_real", "Rat": "to_rat"}


def _affine(params: list[str], h: count[int]) -> str:
    terms = [f"|?a{next(h)}| * {p}" for p in params]
    return " + ".join([*terms, f"|?a{next(h)}|"])


def _poly(x: str, degree: int, h: count[int]) -> str:
    parts = [f"|?a{next(h)}| * {x}^{d}" if d > 1 else f"|?a{next(h)}| * {x}" for d in range(degree, 0, -1)]
    return " + ".join([*parts, f"|?a{next(h)}|"])


def templates_for(sig: FunctionSignature, h: count[int]) -> list[str]:
    """Template bodies for one function (parameters are ``x0, x1, …``)."""
    params = [f"x{i}" for i in range(len(sig.arg_sorts))]
    numeric_args = [p for p, s in zip(params, sig.arg_sorts, strict=True) if s in _NUMERIC]
    res = sig.result_sort
    if res == "Bool":
        out = ["true", "false"]
        for p in numeric_args:
            out += [f"{p} >= |?a{next(h)}|", f"{p} <= |?a{next(h)}|", f"{p} = |?a{next(h)}|"]
        if len(numeric_args) >= 2:
            a, b = numeric_args[:2]
            out += [f"{a} <= {b}", f"{a} < {b}", f"{a} = {b}", f"{a} >= {b}"]
        return out
    if res not in _NUMERIC:
        same = [p for p, s in zip(params, sig.arg_sorts, strict=True) if s == res]
        return same[:3]
    real = res in ("Real", "Rat")
    out = [f"|?a{next(h)}|"]
    same_sort = [p for p, s in zip(params, sig.arg_sorts, strict=True) if s == res]
    out += same_sort[:3]
    if same_sort:
        out.append(_affine(same_sort, h))
        x = same_sort[0]
        out.append(f"-{x}")
        out.append(f"{x}^2")
        cubic = None
        if len(same_sort) == 1:
            out.append(_poly(x, 2, h))
            cubic = _poly(x, 3, h)
        else:
            y = same_sort[1]
            out.append(f"|?a{next(h)}| * {x} * {y} + " + _affine(same_sort, h))
        out.append(f"abs({x})")
        if real:
            out.append(f"ite({x} = 0, |?a{next(h)}|, |?a{next(h)}| / {x})")
            out.append(f"ite({x} = 0, |?a{next(h)}|, 1 / {x} + |?a{next(h)}|)")
            a = f"|?a{next(h)}|"
            out.append(f"ite({x} >= {a}, |?a{next(h)}|, |?a{next(h)}| / ({a} - {x}))")
            if cubic:
                out.append(cubic)
                cubic = None
            out.append(f"|?a{next(h)}| * abs({x}) + |?a{next(h)}| * {x} + |?a{next(h)}|")
        else:
            out.append(f"ite({x} >= 0, {_affine([x], h)}, {_affine([x], h)})")
            out.append(f"{x} mod 2")
        if cubic:
            out.append(cubic)
    if sig.arg_sorts == ("Nat",):
        out += _sequence_forms("x0", res, h)
    return out


def _sequence_forms(x: str, res: str, h: count[int]) -> list[str]:
    """Closed forms of linear recurrences in ``x : Nat``: quadratic, then ``a·rⁿ + b·n + c`` per base."""
    def c() -> str:
        return f"|?a{next(h)}|"

    if res == "Nat":  # natural coefficients: the negative part is subtracted (truncated, checked by the fit)
        out = [f"{c()} * {x}^2 + {c()} * {x} + {c()} - ({c()} * {x}^2 + {c()} * {x} + {c()})"]
        return out + [f"{c()} * {r}^{x} + {c()} * {x} + {c()} - ({c()} * {x} + {c()})" for r in RATES]
    n = f"{_CAST[res]}({x})"
    return [f"{c()} * {n}^2 + {c()} * {n} + {c()}", *(f"{c()} * {r}^{x} + {c()} * {n} + {c()}" for r in RATES)]


class TemplateProposer:
    """Implements the :class:`~symbolic.aquaforte.proposer.Proposer` protocol with fixed templates.

    Candidates already named in the request's feedback are skipped, so repeated rounds walk down the list.
    """

    name = "templates"

    def __call__(self, request: ProposalRequest) -> list[str]:
        tried = {f.split(":", 1)[0].strip() for f in request.feedback}
        families = [templates_for(sig, count()) for sig in request.functions]
        width = max((len(f) for f in families), default=0)
        out: list[str] = []
        for i in range(width):
            lines = []
            h = count()
            for sig in request.functions:
                body = templates_for(sig, h)
                body_i = body[min(i, len(body) - 1)] if body else None
                if body_i is None:
                    continue
                ps = ", ".join(f"x{j}" for j in range(len(sig.arg_sorts)))
                lines.append(f"{sig.name}({ps}) = {body_i}")
            text = "\n".join(lines)
            if text and text not in tried and text not in out:
                out.append(text)
            if len(out) >= request.n:
                break
        return out
