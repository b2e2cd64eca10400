"""Sequents of the bridge's term language (hypotheses ⊢ goal), rendered as Lean prints a goal.

A :class:`Goal` is one open goal: its variables (first-order variables and function symbols), its named
hypotheses and its target, all Lean-level terms (ℕ stays ℕ, ``/`` is Lean's total division). Sums whose range
bound is not a literal (``∑ i ∈ Finset.range n, f i``) are outside the bridge's fragment; they are kept as
uninterpreted function symbols (:class:`SumAbbrev`) that print back as the Lean sum, and the Mathlib facts
``Finset.sum_range_zero``/``sum_range_succ`` about them are added where the hammer needs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from symbolic.bridge.elaborate import Hypothesis, Sequent
from symbolic.bridge.lean_text import lean_sort, lean_text
from symbolic.logic import Term, substitute
from symbolic.logic.sorts import FunSort
from symbolic.logic.subst import fresh_name

__all__ = ["Goal", "SumAbbrev"]


@dataclass(frozen=True)
class SumAbbrev:
    """``symbol m`` stands for ``∑ index ∈ Finset.range m, body`` (``index`` is a variable of ``body``)."""

    symbol: Term
    index: Term
    body: Term

    def lean(self, arg: str) -> str:
        body = lean_text(self.body)
        return f"(∑ {self.index.name} ∈ Finset.range {arg}, {_atomic(body)})"


def _atomic(text: str) -> str:
    """``text`` as an argument of a ∑ body (bodies are parsed at precedence 67, so parenthesize sums)."""
    depth = 0
    for ch in text:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if depth == 0 and ch == " ":
            return f"({text})"
    return text


@dataclass(frozen=True)
class Goal:
    """One open goal: ``variables`` (in context order), ``hyps``, ``target``; ``sums`` name the abbreviations."""

    variables: tuple[Term, ...]
    hyps: tuple[Hypothesis, ...]
    target: Term
    sums: tuple[SumAbbrev, ...] = ()
    abstracted: frozenset[str] = field(default_factory=frozenset)

    # -- text ------------------------------------------------------------------------------------------------
    def show(self, t: Term) -> str:
        """``t`` as Lean 4 text (typed literals, sums printed back as ``∑``)."""
        return expand_sums(lean_text(t), self.sums)

    def render(self) -> str:
        """The goal as Lean prints it: variables grouped by type, hypotheses, then ``⊢ target``."""
        lines: list[str] = []
        group: list[str] = []
        sort_text = ""
        for v in self.variables:
            s = _sort_text(v)
            if group and s != sort_text:
                lines.append(f"{' '.join(group)} : {sort_text}")
                group = []
            group.append(v.name)
            sort_text = s
        if group:
            lines.append(f"{' '.join(group)} : {sort_text}")
        lines += [f"{h.name} : {self.show(h.formula)}" for h in self.hyps]
        lines.append(f"⊢ {self.show(self.target)}")
        return "\n".join(lines)

    # -- names -----------------------------------------------------------------------------------------------
    def names(self) -> set[str]:
        """Names in scope: variables, hypotheses, free symbols and sum symbols (bound names may be reused)."""
        out = {v.name for v in self.variables} | {h.name for h in self.hyps}
        out |= {v.name for f in (self.target, *(h.formula for h in self.hyps)) for v in f.free_vars}
        return out | {s.symbol.name for s in self.sums}

    def fresh(self, base: str, extra: set[str] | None = None) -> str:
        return fresh_name(base, self.names() | (extra or set()))

    def hyp(self, name: str) -> Hypothesis | None:
        return next((h for h in self.hyps if h.name == name), None)

    def variable(self, name: str) -> Term | None:
        return next((v for v in self.variables if v.name == name), None)

    # -- transformations -------------------------------------------------------------------------------------
    def with_hyps(self, hyps: list[Hypothesis] | tuple[Hypothesis, ...], target: Term | None = None) -> Goal:
        return replace(self, hyps=tuple(hyps), target=self.target if target is None else target)

    def substituted(self, v: Term, value: Term, *, drop: str | None = None) -> Goal:
        """``v := value`` everywhere; ``v`` leaves the context (and hypothesis ``drop`` with it)."""
        m = {v: value}
        hyps = tuple(Hypothesis(h.name, substitute(h.formula, m)) for h in self.hyps if h.name != drop)
        return replace(self, variables=tuple(x for x in self.variables if x is not v), hyps=hyps,
                       target=substitute(self.target, m))

    def to_sequent(self, name: str, extra: list[Hypothesis] | None = None) -> Sequent:
        """The bridge's sequent (sum symbols become the problem's function variables)."""
        variables = {v.name: v for v in self.variables}
        variables.update({s.symbol.name: s.symbol for s in self.sums})
        return Sequent(name, variables, [*self.hyps, *(extra or [])], self.target, set(self.abstracted))


def _sort_text(v: Term) -> str:
    s = v.sort
    if isinstance(s, FunSort):
        return " → ".join(lean_sort(x) for x in (*s.args, s.result))
    return lean_sort(s)


def expand_sums(text: str, sums: tuple[SumAbbrev, ...]) -> str:
    """Replace each ``symbol ARG`` printed by :func:`lean_text` with the Lean sum it stands for."""
    for s in sums:
        name = s.symbol.name
        out: list[str] = []
        i = 0
        while True:
            j = text.find(name + " ", i)
            if j < 0:
                out.append(text[i:])
                break
            out.append(text[i:j])
            k = j + len(name) + 1
            end = _argument_end(text, k)
            out.append(s.lean(text[k:end]))
            i = end
        text = "".join(out)
    return text


def _argument_end(text: str, k: int) -> int:
    """End of one application argument starting at ``k``: a parenthesized group or a token."""
    if k < len(text) and text[k] == "(":
        depth = 0
        for j in range(k, len(text)):
            depth += text[j] == "("
            depth -= text[j] == ")"
            if depth == 0:
                return j + 1
        return len(text)
    j = k
    while j < len(text) and text[j] not in " ()":
        j += 1
    return j
