"""Prompt formats of open prover models: the one registry of how each family is prompted and how its
replies are read.

A :class:`ReplyFormat` pairs a prompt builder (the exact text a family was trained on) with a strict reply
parser (a clean tactic or tactic block, or ``None`` with the reason). Formats are chosen by name
(``--llm-format`` / ``PROVER_LLM_FORMAT``) or from the served model's name (:func:`resolve_format`); an
unknown model name is a one-line error naming the known families and the flag.

Whole-proof generators (``kind="proof"``; the parser returns the tactic block after ``:= by``):

* ``deepseek-v1.5`` — DeepSeek-Prover-V1.5, Goedel-Prover (V1): completion of
  ``Complete the following Lean 4 code:\\n\\n```lean4\\n{header}{informal}{statement} := by\\n``; the reply
  continues the proof up to the closing fence. ``cot=True`` asks for explanatory comments before each line
  (they are Lean comments and stay in the proof).
* ``deepseek-v2`` — DeepSeek-Prover-V2, Goedel-Prover-V2: one chat turn holding the statement with ``sorry``
  in a ``lean4`` fence and a request for a proof plan; the reply is a plan (``### Detailed Proof and
  Analysis`` …, sketches with ``sorry``) followed by the final ```` ```lean4 ```` block: the *last* block is
  the proof.
* ``kimina`` — Kimina-Prover: system + user turn ``Think about and solve the following problem step by step
  in Lean 4.``; the reply reasons inside ``<think>…</think>`` and ends with a ```` ```lean4 ```` block.

Next-tactic models (``kind="tactic"``; the parser returns one tactic):

* ``reprover`` — ReProver (ByT5 tactic generator): the input is the pretty-printed state, retrieved premises
  first; the output is the tactic, premises marked ``<a>…</a>`` (marks removed).
* ``llmstep`` — ``[GOAL]{state}[PROOFSTEP]`` (llmstep, after PACT / Lean-gpt-f); the reply is the tactic.
* ``internlm-step`` — InternLM2.5-StepProver: ``---\\nNAME: …\\n\\n---\\nPROOF_BEFORE: …\\n\\n---\\nSTATE_BEFORE:
  …\\n\\n---\\nTACTIC: ``; the reply is the tactic.
* ``bfs`` — BFS-Prover: ``{state}:::``; the reply is the tactic (an echo of ``state:::`` is cut off).

``generic`` (:mod:`prover.llm.prompts`) is this project's own format for general models (the embedded
gemma, chat models): a commented Lean prompt that opens a fence, or a chat turn asking for a fenced reply.

Every tactic any format extracts passes :func:`prover.llm.parsing.tactic_problem` (via ``explain_tactic``), every proof
:func:`prover.llm.parsing.explain_proof`; each parser only knows how its family wraps the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from prover.llm.errors import LLMConfigError
from prover.llm.parsing import explain_proof, explain_tactic, lex_reply
from prover.llm.prompts import Prompt, make_prompt, proof_prompt, tactic_prompt
from symbolic.bridge.lean_source import declarations, normalize_statement

__all__ = ["FORMATS", "ReplyFormat", "format_names", "get_format", "resolve_format"]

TacticBuilder = Callable[..., Prompt]
Parser = Callable[..., tuple[str | None, str]]


@dataclass(frozen=True)
class ReplyFormat:
    """One model family's prompt and reply conventions.

    ``build``: ``build(goal_state, proof_so_far=(), premises=(), name="")`` for tactic formats,
    ``build(statement, header="", informal="")`` for proof formats → :class:`Prompt`.
    ``parse``: ``parse(reply, *, opened=False, statement=None)`` → ``(text, "")`` or ``(None, reason)``.
    ``families``: model families it serves; ``patterns``: regexes matched against served model names.
    ``source``: where the format is documented.
    """

    name: str
    kind: Literal["tactic", "proof"]
    families: tuple[str, ...]
    patterns: tuple[str, ...]
    source: str
    build: TacticBuilder
    parse: Parser


# --- whole-proof formats -------------------------------------------------------------------------------


def open_statement(statement: str) -> str:
    """``statement`` without any proof, ending in ``:= by`` (the form the families continue)."""
    from prover.lean.statements import without_proof

    return without_proof(statement) + " := by"


def _header(header: str) -> str:
    return header.strip() + "\n\n" if header.strip() else ""


def _doc(informal: str) -> str:
    text = informal.strip()
    if not text:
        return ""
    return text + "\n" if text.startswith("/-") else f"/-- {text} -/\n"


# Source: deepseek-ai/DeepSeek-Prover-V1.5 prover/utils.py (non_cot_prompt, cot_prompt) and quick_start.py;
# Goedel-Prover (V1) prompts the same way (Goedel-LM/Goedel-Prover eval/step1_inference.py).
_V15_PLAIN = "Complete the following Lean 4 code:\n\n```lean4\n"
_V15_COT = "Complete the following Lean 4 code with explanatory comments preceding each line of code:\n\n```lean4\n"


def _deepseek_v15_prompt(statement: str, header: str = "", informal: str = "", *, cot: bool = False) -> Prompt:
    head = _V15_COT if cot else _V15_PLAIN
    text = f"{head}{_header(header)}{_doc(informal)}{open_statement(statement)}\n"
    return make_prompt("proof", "deepseek-v1.5-cot" if cot else "deepseek-v1.5", text, "", text, ("```",),
                       api="completions")


def _deepseek_v15_parse(reply: str, *, opened: bool = True, statement: str | None = None) -> tuple[str | None, str]:
    """The completion continues the proof after ``:= by`` up to the closing fence."""
    return _proof_checks(*explain_proof(reply, opened=True))


# Source: DeepSeek-Prover-V2-7B model card (huggingface.co/deepseek-ai/DeepSeek-Prover-V2-7B, "Quick Start");
# Goedel-Prover-V2 uses the same turn (Goedel-LM/Goedel-Prover-V2 src/utils.py, DeepSeekCoTHandler).
_V2_PLAN = ("Before producing the Lean 4 code to formally prove the given theorem, provide a detailed proof plan "
            "outlining the main proof steps and strategies.\nThe plan should highlight key ideas, intermediate "
            "lemmas, and proof structures that will guide the construction of the final formal proof.")


def _deepseek_v2_prompt(statement: str, header: str = "", informal: str = "") -> Prompt:
    code = f"{_header(header)}{_doc(informal)}{open_statement(statement)}\n  sorry"
    user = f"Complete the following Lean 4 code:\n\n```lean4\n{code}\n```\n\n{_V2_PLAN}"
    return make_prompt("proof", "deepseek-v2", user, "", user, (), api="chat")


# Source: Kimina-Prover-Preview-Distill model cards (huggingface.co/AI-MO) and MoonshotAI/Kimina-Prover-Preview
# kimina_prover_demo (system turn, "Think about and solve ..."; extract_proof_from_text takes the last lean4 block).
_KIMINA_SYSTEM = "You are an expert in mathematics and Lean 4."


def _kimina_prompt(statement: str, header: str = "", informal: str = "") -> Prompt:
    problem = re.sub(r"^/--?\s*|\s*-/\s*$", "", informal.strip())
    user = ("Think about and solve the following problem step by step in Lean 4.\n"
            f"# Problem:{problem}\n"
            f"# Formal statement:\n```lean4\n{_header(header)}{open_statement(statement)}\n```\n")
    return make_prompt("proof", "kimina", user, _KIMINA_SYSTEM, user, (), api="chat")


_LEAN_BLOCK = re.compile(r"```[ \t]*(lean4|lean)?[ \t]*\n(.*?)```", re.S)


def _last_lean_block(reply: str) -> tuple[str | None, str]:
    blocks = [m.group(2) for m in _LEAN_BLOCK.finditer(reply)]
    if not blocks:
        return None, "no closed ```lean4 block in the reply"
    return blocks[-1], ""


def _final_block_parse(reply: str, *, opened: bool = False, statement: str | None = None) -> tuple[str | None, str]:
    """Chain of thought first, the proof in the *last* fenced block (earlier ones are plans and sketches)."""
    if "<think>" in reply:
        if "</think>" not in reply:
            return None, "reasoning not finished (<think> never closed)"
        reply = reply.rsplit("</think>", 1)[1]
    block, why = _last_lean_block(reply)
    if block is None:
        return None, why
    if not any(d.is_theorem for d in declarations(block, lexed=lex_reply(block))):
        return None, "the final block holds no theorem"
    body, why = _proof_checks(*explain_proof(block, opened=False))
    if body is None:
        return None, why
    if statement is not None and not _same_statement(block, statement):
        return None, "the final block changes the statement"
    return body, ""


def _same_statement(block: str, statement: str) -> bool:
    """The block's declaration states ``statement`` (whitespace and comments aside)."""
    wanted = [d for d in declarations(open_statement(statement) + " sorry") if d.is_theorem]
    if not wanted:
        return True
    found = [d for d in declarations(block, lexed=lex_reply(block)) if d.is_theorem and d.name == wanted[0].name]
    return bool(found) and normalize_statement(found[0].statement) == normalize_statement(wanted[0].statement)


_SEARCH_TACTICS = frozenset({"exact?", "apply?", "rw?", "simp?", "aesop?", "hint"})


def _proof_checks(body: str | None, why: str) -> tuple[str | None, str]:
    if body is None:
        return None, why
    if any(w in body for w in _SEARCH_TACTICS) and any(  # read as Lean: not in comments or strings
            t.kind == "ident" and t.text in _SEARCH_TACTICS for t in lex_reply(body).tokens):
        return None, "uses a search tactic (exact?/apply?), which does not close a goal"
    return body, ""


# --- next-tactic formats -------------------------------------------------------------------------------


def _strip_marks(text: str) -> str:
    return re.sub(r"</?a>", "", text)


def _first_tactic(text: str) -> tuple[str | None, str]:
    """The reply of a next-tactic model: one tactic (its indented continuation included), checked strictly."""
    if not text.strip():
        return None, "empty reply"
    # the reply starts right after the prompt: a leading space is the tokenizer's, not indentation
    return explain_tactic(text.lstrip(" \t"), opened=True)


# Source: lean-dojo/ReProver common.py format_augmented_state (premises, each followed by a blank line, then
# the state; a leading "N goals" line dropped) and generation/model.py; tactics carry <a>premise</a> marks.
def _reprover_prompt(goal_state: str, proof_so_far: Sequence[str] = (), premises: Sequence[str] = (),
                     name: str = "") -> Prompt:
    state = re.sub(r"^\d+ goals\n", "", goal_state.strip())
    text = "".join(f"{p.strip()}\n\n" for p in reversed(premises)) + state
    return make_prompt("tactic", "reprover", text, "", text, (), api="completions")


def _reprover_parse(reply: str, *, opened: bool = False, statement: str | None = None) -> tuple[str | None, str]:
    return _first_tactic(_strip_marks(reply))


# Source: wellecks/llmstep python/server.py: prompt "[GOAL]%s[PROOFSTEP]" (llmstep-mathlib4-pythia2.8b).
def _llmstep_prompt(goal_state: str, proof_so_far: Sequence[str] = (), premises: Sequence[str] = (),
                    name: str = "") -> Prompt:
    text = f"[GOAL]{goal_state.strip()}[PROOFSTEP]"
    return make_prompt("tactic", "llmstep", text, "", text, ("[GOAL]",), api="completions")


def _llmstep_parse(reply: str, *, opened: bool = False, statement: str | None = None) -> tuple[str | None, str]:
    return _first_tactic(re.split(r"\[(?:GOAL|PROOFSTEP)\]", reply, maxsplit=1)[0])


# Source: internlm/internlm2_5-step-prover model card ("Input template": NAME, PROOF_BEFORE, STATE_BEFORE,
# TACTIC sections, each opened by "---"; output: the tactic).
def _internlm_prompt(goal_state: str, proof_so_far: Sequence[str] = (), premises: Sequence[str] = (),
                     name: str = "") -> Prompt:
    before = "\n".join(t.strip() for t in proof_so_far)
    text = (f"---\nNAME: {name}\n\n---\nPROOF_BEFORE: {before}\n\n---\nSTATE_BEFORE: {goal_state.strip()}\n\n"
            "---\nTACTIC: ")
    return make_prompt("tactic", "internlm-step", text, "", text, ("\n---",), api="chat")


def _internlm_parse(reply: str, *, opened: bool = False, statement: str | None = None) -> tuple[str | None, str]:
    text = re.split(r"(?m)^---", reply, maxsplit=1)[0]
    return _first_tactic(text)


# Source: bytedance-research/BFS-Prover and ByteDance-Seed/BFS-Prover-V2 model cards: input "{state}:::",
# ":::" asks for a tactic; decoding the whole sequence echoes "state:::" before the tactic.
def _bfs_prompt(goal_state: str, proof_so_far: Sequence[str] = (), premises: Sequence[str] = (),
                name: str = "") -> Prompt:
    text = f"{goal_state.strip()}:::"
    return make_prompt("tactic", "bfs", text, "", text, (), api="completions")


def _bfs_parse(reply: str, *, opened: bool = False, statement: str | None = None) -> tuple[str | None, str]:
    return _first_tactic(reply.rsplit(":::", 1)[-1])


# --- the project's own format --------------------------------------------------------------------------


def _generic_tactic_prompt(goal_state: str, proof_so_far: Sequence[str] = (), premises: Sequence[str] = (),
                           name: str = "") -> Prompt:
    return tactic_prompt(goal_state, proof_so_far, premises)


def _generic_tactic_parse(reply: str, *, opened: bool = False, statement: str | None = None) -> tuple[str | None, str]:
    return explain_tactic(reply, opened=opened)


def _generic_proof_parse(reply: str, *, opened: bool = False, statement: str | None = None) -> tuple[str | None, str]:
    return _proof_checks(*explain_proof(reply, opened=opened))


FORMATS: dict[tuple[str, str], ReplyFormat] = {(f.name, f.kind): f for f in (
    ReplyFormat("deepseek-v1.5", "proof", ("DeepSeek-Prover-V1.5", "Goedel-Prover"),
                (r"deepseek-prover-v1\.5", r"goedel-prover(?!-v2)"),
                "deepseek-ai/DeepSeek-Prover-V1.5 prover/utils.py", _deepseek_v15_prompt, _deepseek_v15_parse),
    ReplyFormat("deepseek-v2", "proof", ("DeepSeek-Prover-V2", "Goedel-Prover-V2"),
                (r"deepseek-prover-v2", r"goedel-prover-v2"),
                "DeepSeek-Prover-V2-7B model card", _deepseek_v2_prompt, _final_block_parse),
    ReplyFormat("kimina", "proof", ("Kimina-Prover",), (r"kimina-prover",),
                "Kimina-Prover-Preview-Distill model cards", _kimina_prompt, _final_block_parse),
    ReplyFormat("reprover", "tactic", ("ReProver",), (r"reprover", r"tacgen-byt5"),
                "lean-dojo/ReProver common.py", _reprover_prompt, _reprover_parse),
    ReplyFormat("llmstep", "tactic", ("llmstep",), (r"llmstep",),
                "wellecks/llmstep python/server.py", _llmstep_prompt, _llmstep_parse),
    ReplyFormat("internlm-step", "tactic", ("InternLM2.5-StepProver",), (r"internlm2[._]?5-step-prover",),
                "internlm/internlm2_5-step-prover model card", _internlm_prompt, _internlm_parse),
    ReplyFormat("bfs", "tactic", ("BFS-Prover",), (r"bfs-prover",),
                "bytedance-research/BFS-Prover model card", _bfs_prompt, _bfs_parse),
    ReplyFormat("generic", "tactic", ("general models (gemma, chat models)",), (r"gemma",),
                "this project (prover/llm/prompts.py)", _generic_tactic_prompt, _generic_tactic_parse),
    ReplyFormat("generic", "proof", ("general models (gemma, chat models)",), (r"gemma",),
                "this project (prover/llm/prompts.py)", proof_prompt, _generic_proof_parse),
)}


def format_names() -> list[str]:
    return sorted({name for name, _ in FORMATS})


def get_format(name: str, kind: Literal["tactic", "proof"] | None = None) -> ReplyFormat:
    """The format called ``name`` (of ``kind``, for names that serve both); ``LLMConfigError`` (one line,
    the known names) otherwise."""
    key = name.strip().lower()
    found = [f for (n, k), f in FORMATS.items() if n == key and kind in (None, k)]
    if found:
        return found[0]
    if key in format_names():
        other = next(f for (n, _), f in FORMATS.items() if n == key)
        raise LLMConfigError(f"--llm-format {name!r} is a {other.kind} format; this request needs a {kind} format: "
                             f"{', '.join(sorted({n for n, k in FORMATS if k == kind}))}")
    raise LLMConfigError(f"--llm-format {name!r}: unknown format; known: {', '.join(format_names())}")


def resolve_format(model: str, kind: Literal["tactic", "proof"], explicit: str | None = None) -> ReplyFormat:
    """The format for ``model`` (the served model's name) and ``kind`` of request.

    ``explicit`` (``--llm-format``) wins; it must be of the right kind. Otherwise the model name picks the
    family; a name no family matches is a one-line ``LLMConfigError`` naming the families and the flag.
    """
    if explicit:
        return get_format(explicit, kind)
    name = model.lower()
    hits = [f for f in FORMATS.values() if any(re.search(p, name) for p in f.patterns)]
    for fmt in hits:
        if fmt.kind == kind:
            return fmt
    families = "; ".join(f"{', '.join(f.families)} → {f.name}" for f in FORMATS.values()
                         if not f.name.startswith("generic"))
    if hits:
        raise LLMConfigError(f"model {model!r} is a {hits[0].kind} model ({hits[0].name}); it cannot answer a "
                             f"{kind} request")
    raise LLMConfigError(f"model {model!r} has no known prompt format; known families: {families}; choose one with "
                         "--llm-format NAME (or PROVER_LLM_FORMAT; 'generic' for general chat models)")

