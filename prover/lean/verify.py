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
from typing import Any

from prover.lean.errors import HeaderError, LeanError, LeanInputError, LeanUnavailableError, ReplTimeoutError
from prover.lean.guard import ALLOWED_AXIOMS, parse_axioms_message
from prover.lean.pool import SessionPool
from prover.lean.protocol import CommandResponse, ReplFailure, uses_sorry
from prover.lean.statements import declarations, split_header
from prover.lean.verdicts import Verdict, VerificationResult, guard_only
from symbolic.bridge.lean_source import code_view

__all__ = ["Verdict", "VerificationResult", "guard_only", "verify_source"]


def _messages(resp: CommandResponse) -> tuple[dict[str, Any], ...]:
    return tuple(
        {"severity": m.severity, "line": m.start_pos.line, "column": m.start_pos.column, "data": m.data}
        for m in resp.messages
    )


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
            if isinstance(resp, ReplFailure):
                return VerificationResult(Verdict.REPL_ERROR, theorems=names, detail=resp.message,
                                          elapsed_s=time.perf_counter() - t0)
            assert isinstance(resp, CommandResponse)
            msgs = _messages(resp)
            if resp.has_errors():
                first = resp.get_errors()[0]
                return VerificationResult(Verdict.LEAN_ERROR, theorems=names, messages=msgs,
                                          detail=f"line {first.start_pos.line}: {first.data.splitlines()[0] if first.data else ''}",
                                          elapsed_s=time.perf_counter() - t0)
            if uses_sorry(resp):
                return VerificationResult(Verdict.SORRY, theorems=names, messages=msgs,
                                          elapsed_s=time.perf_counter() - t0)
            axioms: dict[str, tuple[str, ...]] = {}
            for name in names:
                audit, _, _ = session.command(f"#print axioms {name}", env=env, timeout_s=timeout_s)
                found = None
                if isinstance(audit, CommandResponse):
                    for m in audit.messages:
                        found = parse_axioms_message(m.data)
                        if found is not None:
                            break
                if found is None:
                    return VerificationResult(Verdict.REPL_ERROR, theorems=names, messages=msgs,
                                              detail=f"no axioms report for {name}", elapsed_s=time.perf_counter() - t0)
                axioms[name] = found
    except HeaderError as exc:  # e.g. an import that does not exist: Lean rejected the file
        return VerificationResult(Verdict.LEAN_ERROR, theorems=names, detail=str(exc), elapsed_s=time.perf_counter() - t0)
    except ReplTimeoutError as exc:
        return VerificationResult(Verdict.TIMEOUT, theorems=names, detail=str(exc), elapsed_s=time.perf_counter() - t0)
    except LeanUnavailableError as exc:
        return VerificationResult(Verdict.LEAN_UNAVAILABLE, theorems=names, detail=str(exc),
                                  elapsed_s=time.perf_counter() - t0)
    except LeanError as exc:
        return VerificationResult(Verdict.REPL_ERROR, theorems=names, detail=str(exc), elapsed_s=time.perf_counter() - t0)
    bad = {n: tuple(a for a in ax if a not in ALLOWED_AXIOMS) for n, ax in axioms.items()}
    bad = {n: ax for n, ax in bad.items() if ax}
    elapsed = time.perf_counter() - t0
    if bad:
        verdict = Verdict.SORRY if any("sorryAx" in ax for ax in bad.values()) else Verdict.REJECTED_UNSAFE
        detail = "; ".join(f"{n} depends on {', '.join(ax)}" for n, ax in bad.items())
        return VerificationResult(verdict, theorems=names, messages=msgs, axioms=axioms, detail=detail, elapsed_s=elapsed)
    return VerificationResult(Verdict.VALID, theorems=names, messages=msgs, axioms=axioms, elapsed_s=elapsed)
