"""The counter-example filter: evaluate candidate equations on the theory's small model and drop false ones.

Function tables of the model (``lo..hi``; undefined where the value leaves the range) are computed once; a
candidate with ``k`` variables is first tried on the values ``0..2`` (where most false candidates already fail)
and then on all ``n^k`` assignments. A candidate survives when it
is true on every fully defined assignment and at least ``min_defined`` assignments are fully defined. Before filtering, the
axioms are checked on the model: a theory with no model in the range is reported as an input error.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from symbolic.gl.model import Evaluator, check_model
from symbolic.gl.theory import Theory

if TYPE_CHECKING:
    from symbolic.gl.conjecture import Candidate

__all__ = ["CounterexampleFilter"]


class CounterexampleFilter:
    """Evaluation of candidate equations on a theory's finite model (memoised function tables)."""

    def __init__(self, theory: Theory, min_defined: int = 3) -> None:
        self.min_defined = min_defined
        self.ev = check_model(theory, Evaluator(theory))
        self.lo, self.hi = self.ev.m.lo, self.ev.m.hi
        self.domain = list(range(self.lo, self.hi + 1))
        self.tables = self.ev.tables
        self.consts = self.ev.consts

    def _value(self, t: tuple, env: tuple[int, ...]) -> int | None:
        tag = t[0]
        if tag == "v":
            return env[t[1]]
        if tag == "c":
            return self.consts.get(t[1])  # type: ignore[return-value]
        vals = []
        for a in t[1:]:
            v = self._value(a, env)
            if v is None:
                return None
            vals.append(v)
        return self.tables[tag].get(tuple(vals))

    def _scan(self, c: Candidate, values: list[int], need: int) -> bool:
        """False on a counter-example; True when at least ``need`` defined instances agree."""
        defined = 0
        for env in itertools.product(values, repeat=len(c.sorts)):
            left = self._value(c.left, env)
            if left is None:
                continue
            right = self._value(c.right, env)
            if right is None:
                continue
            if left != right:
                return False
            defined += 1
        return defined >= need

    def holds(self, c: Candidate) -> bool:
        # most candidates are false on tiny values: try 0..2 first, then the whole range
        small = self.domain[:3]
        if not self._scan(c, small, 0):
            return False
        return self._scan(c, self.domain, self.min_defined)

    def filter(self, cands: list[Candidate]) -> list[Candidate]:
        return [c for c in cands if self.holds(c)]
