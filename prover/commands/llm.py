"""``prover llm``: run the embedded model, sample completions, propose tactics.

Settings come from ``PROVER_LLM_*`` variables and ``.env`` (see ``prover/llm/env.template``); with no
``PROVER_LLM_BASE_URL`` the embedded gemma-3-270m server is started for the command and stopped after.
Results go to stdout as one JSON document with ``--json``; human output goes to stderr.
"""

from __future__ import annotations

import sys
import time
from typing import Annotated, Any

import typer
from rich.console import Console

from prover.output import emit_json

app = typer.Typer(help="Language models: embedded server, completions, tactic proposals.", no_args_is_help=True)

err = Console(stderr=True, soft_wrap=True)


def _settings(**overrides: Any) -> Any:
    from prover.llm.settings import LLMSettings

    base = LLMSettings()
    return base.model_copy(update={k: v for k, v in overrides.items() if v is not None}) if overrides else base


def _fail(exc: Exception) -> typer.Exit:
    """Infrastructure failures: one line on stderr, exit status 1 (user errors go through main: status 2)."""
    sys.stderr.write(f"error: {' '.join(str(exc).split())}\n")
    return typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int | None, typer.Option(help="Port (default: a free one).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the endpoint as one JSON document.")] = False,
) -> None:
    """Start the embedded llama.cpp server (gemma-3-270m) and keep it running until Ctrl-C."""
    from prover.llm.errors import LLMError
    from prover.llm.local import LocalServer

    server = LocalServer(_settings(), host=host, port=port)
    try:
        server.start()
    except LLMError as exc:
        raise _fail(exc) from exc
    if json_out:
        emit_json({"base_url": server.base_url, "model": server.alias, "model_path": str(server.model_path),
               "log": str(server.log_path)})
        sys.stdout.flush()
    err.print(f"serving {server.alias} at {server.base_url} (log {server.log_path})")
    err.print(f"use it with: export PROVER_LLM_BASE_URL={server.base_url}", markup=False)
    try:
        while server.running():
            time.sleep(0.5)
        raise _fail(RuntimeError(f"server exited: {server.log_tail()}"))
    except KeyboardInterrupt:
        err.print("stopping")
    finally:
        server.stop()


@app.command()
def complete(
    prompt: Annotated[str, typer.Argument(help="Prompt text (completion-style; one user turn with --chat).")],
    n: Annotated[int, typer.Option("--n", min=1, help="Number of samples.")] = 1,
    max_tokens: Annotated[int | None, typer.Option(help="Reply budget in tokens.")] = None,
    temperature: Annotated[float | None, typer.Option(help="Sampling temperature.")] = None,
    seed: Annotated[int | None, typer.Option(help="Base seed.")] = None,
    chat: Annotated[bool, typer.Option("--chat", help="Use /v1/chat/completions.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Bypass the disk cache.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Sample N completions of PROMPT from the configured model (or the embedded one)."""
    from prover.llm.endpoint import open_client
    from prover.llm.errors import LLMError

    settings = _settings(api="chat" if chat else None, cache=False if no_cache else None)
    try:
        with open_client(settings) as client:
            result = client.generate(prompt, n=n, max_tokens=max_tokens, temperature=temperature, seed=seed)
            usage = client.usage.as_dict()
    except LLMError as exc:
        raise _fail(exc) from exc
    if json_out:
        emit_json({**result.model_dump(mode="json"), "usage": usage})
        return
    for i, sample in enumerate(result.samples):
        lp = "n/a" if sample.logprob is None else f"{sample.logprob:.3f}"
        err.rule(f"sample {i + 1}/{len(result.samples)}  logprob {lp}  finish {sample.finish_reason}")
        err.print(sample.text, markup=False, highlight=False)
    err.print(f"{result.model} via {result.endpoint}: {result.prompt_tokens} prompt + {result.completion_tokens} "
              f"completion tokens, {result.requests} requests, {result.latency_s:.2f} s"
              f"{' (cached)' if result.cached else ''}")


@app.command()
def tactics(
    goal: Annotated[str, typer.Option("--goal", help="Lean goal state (hypotheses and ⊢ target).")],
    step: Annotated[list[str] | None, typer.Option("--step", help="A tactic of the proof so far (repeat).")] = None,
    premise: Annotated[list[str] | None, typer.Option("--premise", help="A lemma that may help (repeat).")] = None,
    n: Annotated[int, typer.Option("--n", min=1, help="Number of samples.")] = 8,
    max_tokens: Annotated[int, typer.Option(help="Reply budget per tactic, in tokens.")] = 96,
    llm_format: Annotated[str | None, typer.Option(
        "--llm-format", help="Prompt format of the model family (default: from the model name); see prover.llm.formats.")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Bypass the disk cache.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Propose next tactics for a goal state, best log-prob first (unusable replies are dropped)."""
    from dataclasses import asdict

    from prover.llm.endpoint import open_client
    from prover.llm.errors import LLMError
    from prover.llm.tactics import TacticProposer

    settings = _settings(cache=False if no_cache else None, format=llm_format)
    try:
        with open_client(settings) as client:
            proposals = TacticProposer(client, max_tokens=max_tokens).propose_tactics(goal, step or (), n, premises=premise or ())
            usage = client.usage.as_dict()
    except LLMError as exc:
        raise _fail(exc) from exc
    if json_out:
        emit_json({"goal": goal, "proposals": [asdict(p) for p in proposals], "usage": usage})
        return
    if not proposals:
        err.print("no usable tactic in the replies")
    for p in proposals:
        lp = "n/a" if p.logprob is None else f"{p.logprob:.3f}"
        err.print(f"{lp:>9}  {p.text}", markup=False, highlight=False)
