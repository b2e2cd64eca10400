"""A stand-in REPL *process* for the process-transport tests: it answers on stdout, over the real wire
format, with the responses Lean recorded for a transcript (looked up by request), so crashes, hangs and
memory kills of a real child process can be exercised without a toolchain.

usage: python replay_repl.py TRANSCRIPT.in [--hang-at N] [--crash-at N] [--alloc-mb M --alloc-at N]
       [--once MARKER]   (misbehave only while MARKER does not exist; create it when misbehaving)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from prover.lean.transcripts import load_transcript
from prover.lean.transport import canonical_request


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("transcript", type=Path)
    ap.add_argument("--hang-at", type=int)
    ap.add_argument("--crash-at", type=int)
    ap.add_argument("--alloc-at", type=int)
    ap.add_argument("--alloc-mb", type=int, default=0)
    ap.add_argument("--once", type=Path)
    args = ap.parse_args()
    answers = {canonical_request(e.request): e.response_text for e in load_transcript(args.transcript).exchanges}
    buf = ""
    n = 0
    for line in sys.stdin:
        buf += line
        if line.strip() or not buf.strip():
            continue
        request = json.loads(buf)
        buf = ""
        misbehave = args.once is None or not args.once.exists()
        if misbehave and n in (args.hang_at, args.crash_at, args.alloc_at) and args.once is not None:
            args.once.touch()
        if misbehave and n == args.hang_at:
            time.sleep(3600)
        if misbehave and n == args.crash_at:
            os._exit(3)
        if misbehave and n == args.alloc_at:
            hog = bytearray(args.alloc_mb * 1024 * 1024)
            hog[::4096] = b"x" * len(hog[::4096])
        text = answers.get(canonical_request(request), '{"message": "no recorded answer"}')
        sys.stdout.write(json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n\n")
        sys.stdout.flush()
        n += 1


if __name__ == "__main__":
    main()
