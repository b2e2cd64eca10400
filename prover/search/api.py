"""``prove(theorem, config) -> SearchResult``: the one entry point of proof search.

``prove`` opens what the config names (environment, LLM endpoint, progress predictor), runs the strategy,
assembles the proof, reads it back (self-check), has the environment check it whole, and closes everything
it opened. It writes nothing anywhere; a failure of an environment, a proposer or the predictor is recorded
in the graph and turns into a typed result, never an exception (bad *arguments* still raise).

Tests and callers that hold their own objects pass ``env=``, ``proposers=``, ``predictor=``, ``close_head=`` or ``llm=``.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from typing import Any

from prover.errors import UserError
from prover.lean.splice import ProofBodyRejected
from prover.search.assembly import assemble_lines
from prover.search.bestfirst import Node
from prover.search.config import SearchConfig
from prover.search.environment import Environment, EnvironmentUnsupported, Theorem
from prover.search.proposers import (
    AutomationProposer,
    EnvProposer,
    FactsProposer,
    GLFactsProposer,
    HammerProposer,
    LLMProposer,
    Proposer,
)
from prover.search.recorder import SearchRecorder
from prover.search.result import SearchResult
from prover.search.scoring import Scorer, load_close_head, load_predictor
from prover.search.selfcheck import self_check
from prover.search.strategies import Found, Run, best_first, hammer_first, sketch, whole_proof
from symbolic.errors import InputError
from symbolic.verdicts import Checker, Claim, Outcome, Reason

__all__ = ["STRATEGIES", "open_environment", "prove"]

STRATEGIES = {"best-first": best_first, "whole-proof": whole_proof, "sketch": sketch, "hammer-first": hammer_first}
_UNSET: Any = object()


def lean_ready() -> str | None:
    """None when the Lean REPL can run here, else why not (one line)."""
    from prover.lean.backend import repl_readiness

    return repl_readiness()


def open_environment(config: SearchConfig) -> Environment:
    """The environment ``config.env`` names (``auto``: Lean when a toolchain is installed, else symbolic).

    Raises ``LeanUnavailableError`` for ``lean`` without Lean."""
    kind = config.env
    if kind == "auto":
        kind = "lean" if lean_ready() is None else "symbolic"
    if kind == "lean":
        from prover.search.lean_env import open_lean_env

        return open_lean_env(backend=config.lean_backend, tactic_timeout_s=config.tactic_timeout_s)
    from prover.search.symbolic_env import SymbolicEnv  # type: ignore[import-not-found]

    return SymbolicEnv()


def default_proposers(env: Environment, config: SearchConfig, tactic_llm: Any = None, theorem: str = "") -> list[Proposer]:
    """The environment's suggestions, then (on Lean) automation, Mathlib facts and the hammer, then the LLM."""
    out: list[Proposer] = [EnvProposer(env)]
    if env.name == "lean":  # threaded proposers start together; their batches are tried in this order
        if config.use_automation:
            out.append(AutomationProposer())
        out.append(FactsProposer())
        out.append(GLFactsProposer())
        if config.use_hammer:
            out.append(HammerProposer(config.hammer_timeout_s))
    if tactic_llm is not None:
        out.append(LLMProposer(tactic_llm, theorem=theorem))
    return out


def _result(theorem: Theorem, config: SearchConfig, recorder: SearchRecorder, claim: Claim, started: float,
            env_name: str) -> SearchResult:
    recorder.finish([], [], [], None, claim)
    return SearchResult(theorem.name, claim, None, False, {"seconds": round(time.monotonic() - started, 4)},
                        recorder.graph, [], config.strategy, env_name)


def prove(
    theorem: Theorem,
    config: SearchConfig | None = None,
    *,
    env: Environment | None = None,
    proposers: Sequence[Proposer] | None = None,
    predictor: Any = _UNSET,
    close_head: Any = _UNSET,
    llm: Any = _UNSET,
    on_progress: Callable[[dict[str, Any]], None] | None = None,
) -> SearchResult:
    """Search for a proof of ``theorem``; see the module docstring and :class:`SearchResult`."""
    config = config or SearchConfig()
    # the predictor is loaded before the clock starts: a process's first search would otherwise pay the torch
    # import and the checkpoint load (about a second) out of its budget (loaded once per process, then cached)
    if predictor is _UNSET:
        predictor, note = load_predictor(config.predictor_checkpoint) if config.use_predictor else (None, "")
    else:
        note = "progress predictor: given by the caller" if predictor is not None else "no progress predictor"
    if close_head is _UNSET:
        close_head, close_note = load_close_head(config.close_checkpoint) if config.weights.close != 0 \
            else (None, "")
    else:
        close_note = "close head: given by the caller" if close_head is not None else "no close head"
    _warm_gl_laws()  # likewise GL's one derivation of the exponent laws its fact steps cite (about a second)
    started = time.monotonic()
    deadline = started + config.budget_s
    with ExitStack() as stack:
        env_name = env.name if env is not None else config.env
        recorder = SearchRecorder(theorem, strategy=config.strategy, env=env_name)
        if env is None:
            from prover.lean.errors import LeanUnavailableError

            try:
                env = open_environment(config)
            except LeanUnavailableError as exc:
                return _result(theorem, config, recorder, Claim(Outcome.UNKNOWN, Checker.NONE, Reason.UNAVAILABLE,
                                                                f"Lean is not available: {exc}"), started, env_name)
            except ImportError as exc:
                return _result(theorem, config, recorder, Claim(Outcome.UNSUPPORTED, None, Reason.UNAVAILABLE,
                                                                f"{config.env} environment not available: {exc}"),
                               started, env_name)
            stack.callback(env.close)
            env_name = env.name
            recorder.graph.meta["env"] = env_name
        tactic_llm = _open_llm(config, stack, recorder) if llm is _UNSET else llm
        client = getattr(tactic_llm, "client", None)
        if client is not None and hasattr(env, "definition_proposer"):  # AquaForte's closed forms by the LLM
            from prover.llm.aquaforte import make_aquaforte_proposer

            env.definition_proposer = make_aquaforte_proposer(client)
        scorer = Scorer(config, predictor, note, close_head, close_note)
        if scorer.predictor is None and config.use_predictor:
            recorder.notes.append(scorer.predictor_note)
        if scorer.close_head is None and config.weights.close != 0:
            recorder.notes.append(scorer.close_note)
        props = list(proposers) if proposers is not None else default_proposers(env, config, tactic_llm, theorem.name)
        try:
            root = env.start(theorem)
        except EnvironmentUnsupported as exc:
            return _result(theorem, config, recorder, Claim(Outcome.UNSUPPORTED, None, Reason.UNSUPPORTED,
                                                            f"{env.name}: {exc.construct}"), started, env_name)
        except TimeoutError as exc:
            return _result(theorem, config, recorder, Claim(Outcome.UNKNOWN, None, Reason.TIMEOUT, str(exc)),
                           started, env_name)
        except (UserError, InputError) as exc:  # not a statement at all (empty, unreadable)
            return _result(theorem, config, recorder, Claim(Outcome.PARSE_ERROR, None, None, str(exc)), started,
                           env_name)
        except Exception as exc:  # the environment's process failed on the statement: a typed result, recorded
            recorder.event(None, "environment-crash", f"start: {type(exc).__name__}: {exc}")
            return _result(theorem, config, recorder, Claim(Outcome.ERROR, None, Reason.CRASH,
                                                            f"{env.name} environment failed: {exc}"), started, env_name)
        setup = time.monotonic() - started  # opening everything and the environment's initial state
        run = Run(env, theorem, config, props, scorer, recorder, deadline, tactic_llm, on_progress)
        found = STRATEGIES[config.strategy](run, root)
        return _conclude(run, found, started, setup)
    raise AssertionError("unreachable")  # pragma: no cover


def _warm_gl_laws() -> None:
    """Derive GL's laws now (cached per process); a failure is left to the step that needs them to record."""
    from symbolic.errors import SymbolicError
    from symbolic.gl.laws import derived_laws

    with contextlib.suppress(OSError, SymbolicError):
        derived_laws()


def _open_llm(config: SearchConfig, stack: ExitStack, recorder: SearchRecorder) -> Any:
    """A :class:`TacticProposer` for ``config.llm`` (None for ``none``, or when the endpoint cannot be opened)."""
    if config.llm == "none":
        return None
    from prover.llm import LLMSettings, open_client
    from prover.llm.errors import LLMConfigError, LLMError
    from prover.llm.tactics import TacticProposer

    settings = LLMSettings(base_url=None if config.llm == "local" else config.llm, seed=config.seed)
    try:
        client = stack.enter_context(open_client(settings, shared=True))
    except (LLMError, LLMConfigError) as exc:
        recorder.event(None, "llm-unavailable", f"searching without the LLM: {exc}")
        return None
    return TacticProposer(client, format=config.llm_format)


def _env_verify(run: Run, theorem: Theorem, proof: str) -> Claim:
    try:
        return run.env.verify(theorem, proof)
    except Exception as exc:  # the environment is an external process: its failure is a typed result, recorded
        run.recorder.event(None, "environment-crash", f"verify: {type(exc).__name__}: {exc}")
        return Claim(Outcome.ERROR, None, Reason.CRASH, f"{run.env.name} environment failed to check the proof: {exc}")


def _verify(run: Run, proof: str, found: Found) -> Claim:
    """The environment's check of the whole proof. A sketch outside Lean is checked piece by piece (each hole
    and the main goal as its own theorem: the symbolic replay does not read nested ``have … := by`` blocks);
    chaining proved ``have`` facts is sound by construction, so the proof stands when every piece does."""
    if not found.pieces or run.env.name == "lean":
        return _env_verify(run, run.theorem, proof)
    checkers = set()
    for sub, body in found.pieces:
        try:
            text = assemble_lines(sub.header, sub.statement, body)
        except ProofBodyRejected as exc:
            return Claim(Outcome.REJECTED, Checker.GUARD, None, f"sketch piece {sub.name}: {exc}")
        claim = self_check(sub, text) or _env_verify(run, sub, text)
        if claim.outcome is not Outcome.PROVED:
            return Claim(claim.outcome, claim.checker, claim.reason, f"sketch piece {sub.name}: {claim.detail}")
        checkers.add(claim.checker)
    checker = Checker.SMT if Checker.SMT in checkers else next(iter(checkers))
    return Claim(Outcome.PROVED, checker, None, f"sketch: {len(found.pieces)} pieces each verified by the "
                 f"{run.env.name} environment; the Lean text is not Lean-checked")


def _conclude(run: Run, found: Found, started: float, setup: float) -> SearchResult:
    theorem, recorder = run.theorem, run.recorder
    proof = None
    verify_seconds = 0.0
    path_ids = {id(n) for n in found.path}
    if found.body is None:
        claim = found.claim or Claim(Outcome.UNKNOWN, None, found.reason or Reason.EXHAUSTED, found.detail)
    else:
        t0 = time.monotonic()
        try:
            proof = assemble_lines(theorem.header, theorem.statement, found.body)
        except ProofBodyRejected as exc:  # the body holds a command or a forbidden construct: no text offered
            claim = Claim(Outcome.REJECTED, Checker.GUARD, None, f"assembled proof refused: {exc}")
        else:
            closings = [(n.parent.state.goals[0], n.outcome.lean) for n in found.path[1:]
                        if n.parent is not None and n.outcome is not None and n.outcome.lean
                        and len(n.state.goals) < len(n.parent.state.goals)]
            claim = self_check(theorem, proof, closings) or _verify(run, proof, found)
        verify_seconds = time.monotonic() - t0
    stats = run.stats()
    seconds = time.monotonic() - started
    doc = stats.to_json()
    # search overhead: everything but setup, the environment (steps and the final check) and the proposers
    overhead = seconds - setup - verify_seconds - stats.env_seconds - stats.proposer_seconds
    doc.update({"seconds": round(seconds, 4), "setup_seconds": round(setup, 4),
                "verify_seconds": round(verify_seconds, 4), "overhead_seconds": round(overhead, 4),
                "predictor": run.scorer.predictor_note, "close_head": run.scorer.close_note,
                "proof_length": len(found.body) if found.body else None})
    explored: list[Node] = [n for bf in run.searches for n in bf.seen.values()]
    dead = [n.gid for n in explored if n.expanded and id(n) not in path_ids]
    recorder.finish([n.gid for n in found.path], [n.tactic_gid for n in found.path[1:] if n.tactic_gid],
                    dead, proof, claim)
    n_path = len(found.path) - 1
    exhausted = set().union(*(bf.exhausted() for bf in run.searches))
    trace = [{"problem": theorem.name, "state": n.state.text, "history": list(n.history), "depth": n.depth,
              "on_path": id(n) in path_ids, "steps_remaining": n_path - n.depth if id(n) in path_ids else None,
              "id": n.gid, "parent": n.parent.gid if n.parent is not None else None, "expanded": n.expanded,
              "exhausted": id(n) in exhausted}
             for n in explored if not n.state.solved]
    proved = claim.outcome is Outcome.PROVED
    return SearchResult(theorem.name, claim, proof if proved else None, proved and claim.checker is Checker.LEAN,
                        doc, recorder.graph, trace, run.config.strategy, run.env.name, found.holes, candidate=proof)
