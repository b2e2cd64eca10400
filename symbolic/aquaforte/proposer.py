"""The seam between AquaForte and whoever proposes candidate function definitions.

AquaForte stays LLM-agnostic: it hands a structured :class:`ProposalRequest` to an injected
:class:`Proposer` and gets back raw candidate texts, which it parses strictly into terms (never ``eval``).
The LLM layer (``prover.llm``) turns a request into a prompt and a reply into candidate texts; the
deterministic template proposer in this package implements the same protocol without any model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

__all__ = ["FunctionSignature", "ProposalRequest", "Proposer"]


@dataclass(frozen=True)
class FunctionSignature:
    """An uninterpreted function to define: ``name : arg_sorts[0] -> ... -> result_sort``.

    Sorts are written as the term-language printer writes them: ``Int``, ``Real``, ``Nat``, ``Rat``, ``Bool``.
    """

    name: str
    arg_sorts: tuple[str, ...]
    result_sort: str


@dataclass(frozen=True)
class ProposalRequest:
    """What a proposer sees for one independent component of a formula.

    ``constraints`` are the component's assertions printed in the term-language syntax; ``feedback`` lists
    earlier candidates that failed, each with the reason (e.g. ``"f(x) = x + 1: violates f(0) = 2"``).
    A proposer returns up to ``n`` candidate texts; each text defines every function of ``functions`` with
    one line per function, ``f(x, y) = <term>`` (parameters are fresh names; ``ite(c, a, b)`` is allowed).
    """

    component_id: str
    functions: tuple[FunctionSignature, ...]
    constraints: tuple[str, ...]
    feedback: tuple[str, ...] = field(default=())
    n: int = 4


@runtime_checkable
class Proposer(Protocol):
    """Anything that returns candidate definition texts for a request; garbage becomes an empty list."""

    def __call__(self, request: ProposalRequest) -> list[str]: ...
