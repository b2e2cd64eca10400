"""Prompt builders: next tactic, whole proof, and AquaForte candidate definitions.

Each builder returns a :class:`Prompt` holding both renderings: completion-style text (prover models are
prompted with Lean source that the model continues; the text ends by opening a code fence, so the reply is
code up to the closing fence) and chat messages (the reply is expected in a fenced block). ``prompt_id``
names the template version and a hash of the content, so a proposal can be traced to its exact prompt.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Prompt", "aquaforte_prompt", "make_prompt", "proof_prompt", "tactic_prompt"]

_FENCE_STOP = ("```",)
_TACTIC_V = "tactic-v1"
_PROOF_V = "proof-v1"
_DEFS_V = "ufdefs-v1"


@dataclass(frozen=True)
class Prompt:
    """A prompt in both renderings.

    ``text``: completion-style prompt ending inside an opened fence. ``system`` and ``user``: the chat
    rendering. ``stop``: stop sequences for the completion rendering. ``prompt_id``: ``<template>:<hash>``.
    ``api``: the rendering a model family was trained on (``completions`` or ``chat``); ``None`` lets the
    client's settings choose.
    """

    kind: str
    text: str
    system: str
    user: str
    stop: tuple[str, ...]
    prompt_id: str
    api: str | None = None

    def messages(self) -> list[dict[str, str]]:
        """The chat rendering as OpenAI messages (no system turn when the family is trained without one)."""
        system = [{"role": "system", "content": self.system}] if self.system else []
        return [*system, {"role": "user", "content": self.user}]


def make_prompt(kind: str, version: str, text: str, system: str, user: str, stop: Sequence[str],
                api: str | None = None) -> Prompt:
    """A :class:`Prompt` whose id is ``version`` and a hash of its content."""
    digest = hashlib.sha256(f"{text}\x00{system}\x00{user}".encode()).hexdigest()[:12]
    return Prompt(kind=kind, text=text, system=system, user=user, stop=tuple(stop), prompt_id=f"{version}:{digest}",
                  api=api)


_make = make_prompt


def _comment_block(title: str, items: Sequence[str], prefix: str = "--   ") -> list[str]:
    if not items:
        return []
    lines = [f"-- {title}:"]
    for item in items:
        lines.extend(prefix + part for part in item.strip().splitlines())
    return lines


def tactic_prompt(
    goal_state: str,
    proof_so_far: Sequence[str] = (),
    premises: Sequence[str] = (),
) -> Prompt:
    """Ask for the next tactic of a Lean 4 proof, given the goal state, the tactics so far and premises.

    ``premises`` are retrieved lemma statements (``name : type``); they are listed before the goal.
    """
    body: list[str] = ["-- Lean 4 with Mathlib: the next tactic of a proof, one tactic."]
    body += _comment_block("Lemmas that may help", premises)
    body += _comment_block("Tactics so far", proof_so_far)
    body += ["-- Current goal:", "/-", goal_state.strip(), "-/"]
    text = "\n".join([*body, "-- Next tactic:", "```lean", ""])
    system = ("You are a Lean 4 and Mathlib expert. Reply with exactly one Lean 4 tactic that makes progress "
              "on the goal, inside one ```lean code block, and nothing else.")
    user_parts = []
    if premises:
        user_parts.append("Lemmas that may help:\n" + "\n".join(p.strip() for p in premises))
    if proof_so_far:
        user_parts.append("Tactics so far:\n" + "\n".join(t.strip() for t in proof_so_far))
    user_parts.append(f"Goal:\n```lean\n{goal_state.strip()}\n```\nNext tactic:")
    return _make("tactic", _TACTIC_V, text, system, "\n\n".join(user_parts), _FENCE_STOP)


def _open_statement(statement: str) -> str:
    """``statement`` ending in ``:= by`` and a newline (any ``:= by sorry`` tail replaced)."""
    from prover.llm.formats import open_statement

    return open_statement(statement) + "\n"


def proof_prompt(statement: str, header: str = "", informal: str = "") -> Prompt:
    """Ask for a whole proof of a Lean 4 ``statement`` (``theorem ... :=`` with or without ``by sorry``).

    ``header``: imports and ``open`` lines. ``informal``: a natural-language statement, given as a doc comment.
    """
    doc = f"/-- {informal.strip()} -/\n" if informal.strip() else ""
    head = header.strip() + "\n\n" if header.strip() else ""
    opened = _open_statement(statement)
    text = f"Complete the following Lean 4 code:\n\n```lean4\n{head}{doc}{opened}"
    system = ("You are a Lean 4 and Mathlib expert. Prove the theorem. Reply with the complete theorem and its "
              "proof in one ```lean4 code block; never use sorry.")
    user = f"```lean4\n{head}{doc}{opened.rstrip()} sorry\n```"
    return _make("proof", _PROOF_V, text, system, user, _FENCE_STOP)


def aquaforte_prompt(
    signatures: Sequence[str],
    constraints: Sequence[str],
    example_line: str,
    feedback: Sequence[str] = (),
    tips: Sequence[str] = (),
) -> Prompt:
    """Ask for closed-form definitions of uninterpreted functions satisfying ``constraints``.

    ``signatures``: ``f : Real -> Real`` lines. ``example_line``: the output format for these functions,
    e.g. ``f(x) = <term>``. ``feedback``: earlier candidates that failed, with the reason.
    """
    instruction = ("Find closed-form definitions of the functions below such that every constraint holds "
                   "for all values of the variables.")
    out_format = (f"One line per function, exactly `{example_line}`; terms use numerals, the parameters, "
                  "+ - * / ^, abs(t), ite(condition, then, else), and comparisons = != < <= > >= in conditions.")
    tip_lines = list(tips) or [
        "Try the simplest shapes first: constants, linear c*x + d, quadratics, abs, piecewise ite.",
        "Check each constraint at a few small values (0, 1, -1) before answering.",
    ]
    sections = [
        ("Task", [instruction]),
        ("Functions", list(signatures)),
        ("Constraints", list(constraints)),
        ("Output format", [out_format]),
        ("Tips", tip_lines),
    ]
    if feedback:
        sections.append(("Rejected candidates (do not repeat them)", list(feedback)))
    text_lines: list[str] = []
    for title, items in sections:
        text_lines += _comment_block(title, items)
    text = "\n".join([*text_lines, "-- Definitions:", "```", ""])
    system = ("You are a mathematician who finds closed-form functions satisfying functional equations. "
              "Reply with one ``` code block holding one definition line per function and nothing else.")
    user = "\n\n".join(f"{title}:\n" + "\n".join(items) for title, items in sections)
    return _make("ufdefs", _DEFS_V, text, system, user, _FENCE_STOP)
