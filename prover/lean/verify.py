"""Whole-proof verification with the soundness guard: a Lean file or snippet → one closed verdict.

Order: (1) the static guard (:mod:`prover.lean.guard`) — before any Lean is needed, so unsafe text is
rejected even on a machine without Lean; (2) the body is elaborated in command mode in the environment of
its import header (pooled, so headers are elaborated once); (3) errors → ``lean_error``, any sorry →
``sorry``; (4) ``#print axioms`` for every theorem the text declares: anything beyond
``propext``/``Classical.choice``/``Quot.sound`` → ``sorry`` (``sorryAx``) or ``rejected_unsafe``.
Only then ``valid`` (checker ``lean``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from prover.lean.errors import HeaderError, LeanError, LeanInputError, LeanUnavailableError, ReplTimeoutError
from prover.lean.guard import ALLOWED_AXIOMS, parse_axioms_message
from prover.lean.pool import SessionPool
from prover.lean.protocol import CommandResponse, ReplFailure, uses_sorry
from prover.lean.session import ReplSession
from prover.lean.statements import split_header
from prover.lean.verdicts import Verdict, VerificationResult, guard_only
from symbolic.bridge.lean_source import code_view, declarations

__all__ = ["Acceptance", "Verdict", "VerificationResult", "accept", "guard_only", "verify_source"]


def _messages(resp: CommandResponse) -> tuple[dict[str, Any], ...]:
    return tuple(
        {"severity": m.severity, "line": m.start_pos.line, "column": m.start_pos.column, "data": m.data}
        for m in resp.messages
    )


@dataclass(frozen=True)
class Acceptance:
    """Whether a whole proof's command-mode answer is accepted, and why not: the verdict, a one-line detail, the
    error texts with their positions, Lean's messages, and the axioms each audited theorem depends on."""

    verdict: Verdict
    detail: str = ""
    errors: tuple[str, ...] = ()
    positions: tuple[tuple[int, int], ...] = ()
    messages: tuple[dict[str, Any], ...] = ()
    axioms: dict[str, tuple[str, ...]] = field(default_factory=dict)


def accept(session: ReplSession, resp: CommandResponse | ReplFailure, env: int | None, names: Sequence[str], *,
           timeout_s: float | None = None) -> Acceptance:
    """The one acceptance rule of a proof elaborated in command mode, shared by :func:`verify_source` and the
    step checker's re-check: no error, no sorry, and ``#print axioms`` of every theorem in ``names`` reports
    only propext / Classical.choice / Quot.sound. A missing audit report is ``repl_error`` (Lean did not
    answer the question, so nothing is accepted); ``sorryAx`` is ``sorry``; any other axiom ``rejected_unsafe``."""
    if isinstance(resp, ReplFailure):
        return Acceptance(Verdict.REPL_ERROR, resp.message, errors=(resp.message,))
    msgs = _messages(resp)
    if resp.has_errors():
        errs = resp.get_errors()
        first = errs[0]
        return Acceptance(Verdict.LEAN_ERROR,
                          f"line {first.start_pos.line}: {first.data.splitlines()[0] if first.data else ''}",
                          errors=tuple(e.data for e in errs),
                          positions=tuple((e.start_pos.line, e.start_pos.column) for e in errs), messages=msgs)
    if uses_sorry(resp):
        return Acceptance(Verdict.SORRY, "the proof uses sorry", errors=("the proof uses sorry",), messages=msgs)
    axioms: dict[str, tuple[str, ...]] = {}
    for name in names:
        audit, _, _ = session.command(f"#print axioms {name}", env=env, timeout_s=timeout_s)
        reports = [] if isinstance(audit, ReplFailure) else [parse_axioms_message(m.data) for m in audit.messages]
        found = next((r for r in reports if r is not None), None)
        if found is None:
            return Acceptance(Verdict.REPL_ERROR, f"no axioms report for {name}",
                              errors=(f"no axioms report for {name}",), messages=msgs, axioms=axioms)
        axioms[name] = found
    bad = {n: tuple(a for a in ax if a not in ALLOWED_AXIOMS) for n, ax in axioms.items()}
    bad = {n: ax for n, ax in bad.items() if ax}
    if bad:
        verdict = Verdict.SORRY if any("sorryAx" in ax for ax in bad.values()) else Verdict.REJECTED_UNSAFE
        lines = tuple(f"{n} depends on {', '.join(ax)}" for n, ax in bad.items())
        return Acceptance(verdict, "; ".join(lines), errors=lines, messages=msgs, axioms=axioms)
    return Acceptance(Verdict.VALID, messages=msgs, axioms=axioms)


def verify_source(
    text: str,
    pool: SessionPool,
    *,
    original: str | None = None,
    theorem: str | None = None,
    timeout_s: float | None = None,
) -> VerificationResult:
    """Check a whole Lean file/snippet; Lean-side and process failures are verdicts, not exceptions.

    Raises ``LeanInputError`` only for text with nothing to check (empty after the imports).
    """
    t0 = time.perf_counter()
    rejected = guard_only(text, original=original, theorem=theorem)
    if rejected is not None:
        return rejected
    imports, body = split_header(text)
    if not code_view(body).strip():
        raise LeanInputError("<proof text>: nothing to check after the imports")
    names = tuple(d.name for d in declarations(body) if d.name)
    try:
        with pool.session(imports) as session:
            resp, env, _ = session.command(body, timeout_s=timeout_s)
            verdict = accept(session, resp, env, names, timeout_s=timeout_s)
    except HeaderError as exc:  # e.g. an import that does not exist: Lean rejected the file
        return VerificationResult(Verdict.LEAN_ERROR, theorems=names, detail=str(exc), elapsed_s=time.perf_counter() - t0)
    except ReplTimeoutError as exc:
        return VerificationResult(Verdict.TIMEOUT, theorems=names, detail=str(exc), elapsed_s=time.perf_counter() - t0)
    except LeanUnavailableError as exc:
        return VerificationResult(Verdict.LEAN_UNAVAILABLE, theorems=names, detail=str(exc),
                                  elapsed_s=time.perf_counter() - t0)
    except LeanError as exc:
        return VerificationResult(Verdict.REPL_ERROR, theorems=names, detail=str(exc), elapsed_s=time.perf_counter() - t0)
    return VerificationResult(verdict.verdict, theorems=names, messages=verdict.messages, axioms=verdict.axioms,
                              detail=verdict.detail, elapsed_s=time.perf_counter() - t0)
