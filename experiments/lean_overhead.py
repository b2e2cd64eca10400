"""Framework overhead per Lean call, measured by replaying the recorded real REPL sessions.

The replay transport answers instantly, so everything timed is client work (request building, id
translation, JSON decoding of Lean's answer, pydantic validation, result classification; for the step API
also the soundness guard on the tactic text and goal bookkeeping) — the Lean time is removed.

usage: python experiments/lean_overhead.py [--data ../shared/data] [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from prover.lean.replay import drive_transcript
from prover.lean.results import TacticState
from prover.lean.session import ReplSession
from prover.lean.steps import StepChecker
from prover.lean.transcripts import load_transcript, transcript_names
from prover.lean.transport import ReplayTransport

STEP_CASES = {  # transcript -> (statement, tactics applied in order, each to the previous state)
    "proof_branching": ("theorem complex_and (p q r : Prop) (h1 : p ∧ q) (h2 : q → r) : p ∧ r",
                        ["apply And.intro", "exact h1.left", "apply h2"]),
    "proof_branching2": ("example (p q : Prop) : p ∧ q → q ∧ p",
                         ["intro h", "have hp : p := h.left", "have hq : q := h.right", "apply And.intro"]),
    "readme": ("def f (x : Unit) : Nat", ["apply Int.natAbs"]),
}


def _stats(samples: list[float]) -> tuple[float, float, float]:
    samples = sorted(samples)
    p95 = samples[int(0.95 * (len(samples) - 1))]
    return statistics.mean(samples) * 1e3, statistics.median(samples) * 1e3, p95 * 1e3


def session_layer(root: Path, repeat: int) -> tuple[int, int, list[float]]:
    """Per-call client time over every recorded exchange (transport time included: it is JSON decoding)."""
    cases = [p for p in transcript_names(root) if p.with_name(p.name[:-3] + ".expected.out").is_file()]
    transcripts = [load_transcript(p) for p in cases]
    per_call: list[float] = []
    for _ in range(repeat):
        for t in transcripts:
            t0 = time.perf_counter()
            out, _ = drive_transcript(t)
            per_call.append((time.perf_counter() - t0) / len(out))
    return len(transcripts), sum(len(t.exchanges) for t in transcripts), per_call


def step_layer(root: Path, repeat: int) -> list[float]:
    """Per-tactic time of ``StepChecker.run_tactic`` (guard + session + parse + typed result)."""
    samples: list[float] = []
    for _ in range(repeat):
        for name, (statement, tactics) in STEP_CASES.items():
            exs = load_transcript(root / f"{name}.in").exchanges
            session = ReplSession(lambda exs=exs: ReplayTransport(exs, ordered=False), timeout_s=None)
            checker = StepChecker(session, recheck=False)
            state = checker.start(statement).state
            for tactic in tactics:
                t0 = time.perf_counter()
                result = checker.run_tactic(state, tactic)
                samples.append(time.perf_counter() - t0)
                assert isinstance(result, TacticState), result
                state = result.state
    return samples


def guard_layer(data: Path) -> list[float]:
    """Soundness-guard time per whole proof (the 221 DeepSeek-Prover-V2 proofs), for scale."""
    from prover.lean.guard import check_proof_text

    samples = []
    for f in sorted((data / "proofs" / "deepseek-prover-v2").glob("*.lean")):
        text = f.read_text(encoding="utf-8")
        t0 = time.perf_counter()
        check_proof_text(text)
        samples.append(time.perf_counter() - t0)
    return samples


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "data")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    root = args.data / "lean-repl-transcripts"
    n_cases, n_calls, per_call = session_layer(root, args.repeat)
    steps = step_layer(root, args.repeat)
    print(f"replayed {n_cases} recorded sessions ({n_calls} exchanges) x {args.repeat}; Lean time removed")
    print(f"{'layer':44} {'samples':>7} {'mean ms':>8} {'median':>8} {'p95':>8}")
    mean, med, p95 = _stats(per_call)
    print(f"{'session (request → typed response)':44} {len(per_call):7d} {mean:8.3f} {med:8.3f} {p95:8.3f}")
    mean, med, p95 = _stats(steps)
    print(f"{'step API run_tactic (guard + session + result)':44} {len(steps):7d} {mean:8.3f} {med:8.3f} {p95:8.3f}")
    verdict = "PASS" if p95 < 2.0 else "FAIL"
    guard = guard_layer(args.data)
    if guard:
        g_mean, g_med, g_p95 = _stats(guard)
        print(f"{'guard on a whole proof (DeepSeek-Prover-V2)':44} {len(guard):7d} {g_mean:8.3f} {g_med:8.3f} {g_p95:8.3f}")
    print(f"target < 2 ms per tactic call: {verdict} (p95 {p95:.3f} ms)")


if __name__ == "__main__":
    main()
