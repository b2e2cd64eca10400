"""Recorded REPL sessions: read a ``NAME.in`` request stream and its ``NAME.expected.out`` answers.

The REPL's own test suite stores each case as two files: the JSON requests the client sent (separated by
blank lines) and the JSON Lean answered. They are the one source of real Lean behaviour on machines
without a toolchain, so the replay transport (:class:`prover.lean.transport.ReplayTransport`) is fed from
here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Exchange", "Transcript", "load_transcript", "parse_json_stream", "transcript_names"]


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and the response Lean gave to it (the response as JSON text, decoded on replay)."""

    request: dict
    response_text: str

    @property
    def response(self) -> dict:
        return json.loads(self.response_text)


@dataclass(frozen=True, slots=True)
class Transcript:
    """A recorded session: its name, the exchanges in order, and the folder it came from."""

    name: str
    exchanges: tuple[Exchange, ...]
    folder: Path


def parse_json_stream(text: str, *, source: str = "<stream>") -> list[tuple[dict, str]]:
    """Split a stream of JSON objects separated by whitespace into ``(object, raw text)`` pairs.

    Raw decoding (not splitting on blank lines) because Lean's answers contain pretty-printed JSON with
    line breaks. A request with a raw newline inside a string (``invalid_line_break.in``) is not JSON;
    it is read leniently, as the REPL itself does, by re-encoding control characters.
    """
    decoder = json.JSONDecoder(strict=False)
    out: list[tuple[dict, str]] = []
    pos = 0
    n = len(text)
    while True:
        while pos < n and text[pos].isspace():
            pos += 1
        if pos >= n:
            return out
        try:
            obj, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{source}: not a JSON stream at offset {pos}: {exc.msg}") from exc
        if not isinstance(obj, dict):
            raise ValueError(f"{source}: expected JSON objects, got {type(obj).__name__}")
        out.append((obj, text[pos:end]))
        pos = end


def load_transcript(in_path: Path) -> Transcript:
    """Load ``NAME.in`` and ``NAME.expected.out``; raise ``ValueError`` if they do not pair up."""
    name = in_path.name.removesuffix(".in")
    out_path = in_path.with_name(name + ".expected.out")
    requests = parse_json_stream(in_path.read_text(encoding="utf-8"), source=str(in_path))
    responses = parse_json_stream(out_path.read_text(encoding="utf-8"), source=str(out_path))
    if len(requests) != len(responses):
        raise ValueError(f"{in_path}: {len(requests)} requests but {len(responses)} responses")
    exchanges = tuple(Exchange(req, raw) for (req, _), (_, raw) in zip(requests, responses, strict=True))
    return Transcript(name=name, exchanges=exchanges, folder=in_path.parent)


def transcript_names(root: Path) -> list[Path]:
    """Every ``*.in`` under ``root`` (the plain cases and ``Mathlib/test/``), sorted."""
    return sorted(root.rglob("*.in"))
