"""Test helpers: sessions over recorded real Lean answers, and the stand-in REPL process command."""

from __future__ import annotations

import sys
from pathlib import Path

from prover.lean.session import ReplSession
from prover.lean.transcripts import Exchange, load_transcript
from prover.lean.transport import ProcessTransport, ReplayTransport

STAND_IN = Path(__file__).with_name("replay_repl.py")


def exchanges(transcripts_dir: Path, *names: str) -> list[Exchange]:
    out: list[Exchange] = []
    for name in names:
        out.extend(load_transcript(transcripts_dir / f"{name}.in").exchanges)
    return out


def recorded_answer(transcripts_dir: Path, name: str, index: int) -> str:
    """The raw text of Lean's recorded answer number ``index`` in transcript ``name``."""
    return load_transcript(transcripts_dir / f"{name}.in").exchanges[index].response_text


def replay_session(exs: list[Exchange], *, die_after: int | None = None, **kwargs) -> tuple[ReplSession, list]:
    """A session whose every (re)start gets a fresh keyed replay of ``exs``; returns it and the transports."""
    made: list[ReplayTransport] = []

    def factory() -> ReplayTransport:
        t = ReplayTransport(exs, ordered=False, die_after=die_after if not made else None)
        made.append(t)
        return t

    return ReplSession(factory, **kwargs), made


def stand_in_factory(transcript: Path, *args: str, memory_limit_bytes: int | None = None):
    argv = [sys.executable, str(STAND_IN), str(transcript), *args]
    return lambda: ProcessTransport(argv, memory_limit_bytes=memory_limit_bytes)
