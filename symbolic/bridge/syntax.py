"""Surface syntax of Lean statements in the arithmetic fragment (untyped; sorts come from elaboration).

Types are expressions too (``ℝ → ℝ`` is ``Binary("→", ℝ, ℝ)``); the elaborator decides what is a type.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Abs", "App", "Ascribe", "BigOp", "Binary", "Binder", "Coe", "Expr", "Ident", "Lambda", "Num", "Prefix", "Quant",
    "SetBuilder", "SetLit", "Statement", "Unsupported",
]


@dataclass(frozen=True, slots=True)
class Num:
    """A numeral literal as written (``2``, ``0.5``)."""

    text: str


@dataclass(frozen=True, slots=True)
class Ident:
    name: str


@dataclass(frozen=True, slots=True)
class App:
    """Function application ``fn a1 … an``."""

    fn: Expr
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Binary:
    """An infix operator: arithmetic, comparison, connective, ``∣`` or ``→``."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Prefix:
    """``-e`` (op ``-``), ``¬e`` (op ``¬``), ``√e`` (op ``√``), ``e⁻¹`` (op ``⁻¹``), ``e !`` (op ``!``)."""

    op: str
    arg: Expr


@dataclass(frozen=True, slots=True)
class Coe:
    """``↑e``: a coercion whose target sort comes from the context."""

    arg: Expr


@dataclass(frozen=True, slots=True)
class Abs:
    """``|e|``."""

    arg: Expr


@dataclass(frozen=True, slots=True)
class Ascribe:
    """``(e : T)``."""

    expr: Expr
    type: Expr


@dataclass(frozen=True, slots=True)
class Binder:
    """Names bound with an optional type, or a binder predicate (``x > 0``, ``x ∈ S``) as ``pred_op``/``pred``."""

    names: tuple[str, ...]
    type: Expr | None = None
    pred_op: str | None = None
    pred: Expr | None = None


@dataclass(frozen=True, slots=True)
class Quant:
    """``∀``/``∃``/``∃!`` with binders; anonymous hypothesis binders ``(_ : P)`` appear as names ``("_",)``."""

    kind: str
    binders: tuple[Binder, ...]
    body: Expr


@dataclass(frozen=True, slots=True)
class BigOp:
    """``∑ x ∈ s, body`` or ``∏ x in s, body`` (kind ``∑``/``∏``)."""

    kind: str
    var: str
    var_type: Expr | None
    domain: Expr
    body: Expr


@dataclass(frozen=True, slots=True)
class Lambda:
    """``fun x => body`` / ``λ (x : T) ↦ body`` with one bound name."""

    var: str
    type: Expr | None
    body: Expr


@dataclass(frozen=True, slots=True)
class SetBuilder:
    """``{x : T | body}`` (``type`` may be None)."""

    var: str
    type: Expr | None
    body: Expr


@dataclass(frozen=True, slots=True)
class SetLit:
    """``{a, b, c}``."""

    elems: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A construct the grammar recognises but the fragment excludes (kept so elaboration can name it)."""

    construct: str


Expr = Num | Ident | App | Binary | Prefix | Coe | Abs | Ascribe | Quant | BigOp | Lambda | SetBuilder | SetLit | Unsupported


@dataclass(frozen=True, slots=True)
class Statement:
    """A theorem statement or a goal state: binders (variables and named hypotheses) and the goal."""

    name: str
    binders: tuple[Binder, ...]
    goal: Expr
    source: str = field(default="<input>", compare=False)
