"""Facts of a logic block and the proof records that the replay checker reads.

A fact is a relational atom over the block's elements (small integers) with its provenance ``[tag, sources…]``.
Elements are integers rather than interned terms because a block rewrites fact arguments to equivalence-class
representatives many times per round; tuples of small integers hash and compare far faster than building
terms for each rewrite. Conversion to the term language happens at the boundaries (theorem statements are the
parsed formulas; Lean and provenance exports print elements through their defining terms).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["BlockProof", "Fact", "Proof", "Tag"]


class Tag:
    """Provenance tags (plain strings so facts stay cheap to pickle)."""

    HYP = "hyp"  # a premise of the conjecture, instantiated on the block's elements
    INDUCTION = "induction"  # s(x) = x' in an induction step block
    WITNESS = "witness"  # f(ins) = w for a fresh element w (totality of f), made on demand
    RULE = "rule"  # a rule firing: clause name + binding; sources establish its premises
    CONGRUENCE = "congruence"  # single-valuedness: f(x̄) = y, f(x̄') = y', x̄ ~ x̄'  ⇒  y = y'
    GOAL = "goal"  # the conjecture's conclusion holds (pseudo-fact closing a block)


@dataclass(slots=True)
class Fact:
    """``pred[args]`` (``=`` for equality, ``⊥`` for contradiction) with its provenance."""

    id: int
    pred: str
    args: tuple[int, ...]
    tag: str
    sources: tuple[int, ...] = ()
    rule: str = ""
    binding: tuple[tuple[str, int], ...] = ()


@dataclass
class BlockProof:
    """The cone of facts that closes one goal in one block, in dependency order (sources first)."""

    target: str
    case: str  # "direct", "zero", "step"
    binding: dict[str, int]
    facts: list[Fact]
    goal: Fact
    constants: dict[str, int]
    elem_sorts: dict[int, str]
    elem_names: dict[int, str] = field(default_factory=dict)


@dataclass
class Proof:
    """A theorem's proof: one direct block proof, or induction on ``var`` with a zero and a step case."""

    kind: str  # "direct" or "induction"
    cases: list[BlockProof]
    var: str = ""
    step_elems: tuple[int, int] = (0, 0)  # (x, x') of the step case

    def steps(self) -> int:
        return sum(len(c.facts) for c in self.cases)
