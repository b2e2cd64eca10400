"""The REPL wire protocol: request dicts out, typed responses in.

The schema is LeanInteract's frozen pydantic models (``lean_interact.interface``): snake_case in Python,
camelCase aliases on the wire, unknown fields kept. We reuse them rather than re-declare the protocol,
and add the one thing they leave to callers: deciding which of the three response shapes an answer is.

Response shapes (leanprover-community/repl ``REPL/JSON.lean``):

* ``CommandResponse`` — ``{"env": n, "messages": [...], "sorries": [...], "tactics": [...]}``: a
  ``cmd``/``path`` request, an environment (un)pickle;
* ``ProofStepResponse`` — ``{"proofState": n, "proofStatus": "...", "goals": [...]}``: a ``tactic``,
  a proof-state (un)pickle;
* ``ReplFailure`` — ``{"message": "..."}``: the REPL refused the request (unknown environment / proof
  state, a tactic that does not parse or fails outright).
"""

from __future__ import annotations

from typing import Any

from lean_interact.interface import (
    Command,
    CommandResponse,
    FileCommand,
    Message,
    Pos,
    ProofStep,
    ProofStepResponse,
    Sorry,
    Tactic,
)
from lean_interact.interface import LeanError as ReplFailure

from prover.lean.errors import ReplProtocolError

__all__ = [
    "Command",
    "CommandResponse",
    "FileCommand",
    "Message",
    "Pos",
    "ProofStep",
    "ProofStepResponse",
    "ReplFailure",
    "Response",
    "Sorry",
    "Tactic",
    "command_request",
    "errors_of",
    "parse_response",
    "tactic_request",
    "to_wire",
    "uses_sorry",
]

Response = CommandResponse | ProofStepResponse | ReplFailure

SORRY_WARNINGS = ("declaration uses 'sorry'", "declaration uses `sorry`")


def to_wire(model: Command | FileCommand | ProofStep) -> dict[str, Any]:
    """A request model as the JSON object the REPL reads (aliases, unset fields left out)."""
    return model.model_dump(by_alias=True, exclude_none=True)


def command_request(code: str, env: int | None = None, **options: Any) -> dict[str, Any]:
    """``{"cmd": code, "env": env}`` — elaborate ``code`` (in ``env``, or a fresh one when ``None``)."""
    return to_wire(Command(cmd=code, env=env, **options))


def tactic_request(proof_state: int, tactic: str) -> dict[str, Any]:
    """``{"tactic": tactic, "proofState": n}`` — run one tactic on a proof state."""
    return to_wire(ProofStep(proof_state=proof_state, tactic=tactic))


def parse_response(raw: dict[str, Any]) -> Response:
    """Classify and validate one decoded answer; ``ReplProtocolError`` if it has none of the shapes."""
    try:
        if "proofState" in raw and "proofStatus" in raw:
            return ProofStepResponse.model_validate(raw)
        if "env" in raw:
            return CommandResponse.model_validate(raw)
        if "message" in raw:
            return ReplFailure.model_validate(raw)
    except ValueError as exc:  # pydantic.ValidationError subclasses ValueError
        raise ReplProtocolError(f"malformed REPL response: {exc}", detail=str(raw)[:2000]) from exc
    raise ReplProtocolError("REPL response has none of env / proofState / message", detail=str(raw)[:2000])


def errors_of(response: Response) -> list[str]:
    """Texts of the error-severity messages (a ``ReplFailure``'s message counts as one)."""
    if isinstance(response, ReplFailure):
        return [response.message]
    return [m.data for m in response.messages if m.severity == "error"]


def uses_sorry(response: CommandResponse | ProofStepResponse) -> bool:
    """True when Lean reports a ``sorry`` (a sorries entry or the 'declaration uses sorry' warning)."""
    if response.sorries:
        return True
    return any(m.severity == "warning" and m.data in SORRY_WARNINGS for m in response.messages)
