"""Drive a recorded REPL session through the client: every recorded request goes through
:class:`ReplSession` (logical handles, id translation) and a :class:`ReplayTransport` answers with Lean's
recorded response, which must be requested in exactly the recorded form and order.

This is how the client is checked against real Lean behaviour without a toolchain, and how framework
overhead per call is measured (``experiments/lean_overhead.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prover.lean.protocol import CommandResponse, ProofStepResponse, Response
from prover.lean.session import ReplSession
from prover.lean.transcripts import Transcript
from prover.lean.transport import ReplayTransport

__all__ = ["DrivenExchange", "drive_transcript"]

_COMMAND_OPTIONS = ("allTactics", "rootGoals", "infotree", "declarations", "incrementality", "setOptions")


@dataclass(frozen=True, slots=True)
class DrivenExchange:
    """A recorded request, how the client sent it (``command``/``tactic``/``raw``), what it parsed the
    answer into, and the raw recorded answer."""

    request: dict[str, Any]
    via: str
    response: Response
    recorded: dict[str, Any]


def drive_transcript(transcript: Transcript) -> tuple[list[DrivenExchange], ReplSession]:
    """Replay ``transcript`` through a fresh session; raises ``ReplayMismatchError`` if the client's
    requests differ from the recorded ones."""
    transport = ReplayTransport(transcript.exchanges, ordered=True)
    session = ReplSession(lambda: transport, header=(), timeout_s=None)
    env_map: dict[int, int] = {}  # recorded env id -> logical env
    ps_map: dict[int, int] = {}  # recorded proof-state id -> logical proof state
    out: list[DrivenExchange] = []
    for ex in transcript.exchanges:
        req = ex.request
        extra = set(req) - {"cmd", "env", *_COMMAND_OPTIONS}
        if "cmd" in req and not extra and (req.get("env") is None or req["env"] in env_map):
            options = {k: req[k] for k in _COMMAND_OPTIONS if k in req}
            env = env_map[req["env"]] if "env" in req else None
            resp, logical, states = session.command(req["cmd"], env=env, use_header=False, **options)
            if isinstance(resp, CommandResponse) and logical is not None:
                env_map[resp.env] = logical
                with_ps = [s for s in resp.sorries if s.proof_state is not None]
                for sorry, state in zip(with_ps, states, strict=True):
                    ps_map[sorry.proof_state] = state  # type: ignore[index]
            via = "command"
        elif set(req) == {"tactic", "proofState"} and req["proofState"] in ps_map:
            resp, logical, sorry_states = session.tactic(ps_map[req["proofState"]], req["tactic"])
            if isinstance(resp, ProofStepResponse) and logical is not None:
                ps_map[resp.proof_state] = logical
                with_ps = [s for s in resp.sorries if s.proof_state is not None]
                for sorry, state in zip(with_ps, sorry_states, strict=True):
                    ps_map[sorry.proof_state] = state  # type: ignore[index]
            via = "tactic"
        else:  # pickling, files, ids the client never issued: sent as is
            resp = session.raw(req)
            via = "raw"
        out.append(DrivenExchange(req, via, resp, ex.response))
    return out, session
