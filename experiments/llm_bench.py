"""Benchmark of the LLM layer on this machine: embedded model speed and client overhead.

Measures, side by side in one run:
* generation and prompt-processing speed (tokens/s) of the embedded gemma-3-270m llama.cpp server, for
  1 and 2 threads, as seen by the client (HTTP and JSON included);
* the cost of log-probs from llama-cpp-python (logits_all, computed in Python over a 262k vocabulary);
* the client's overhead per call when the disk cache is warm (key hashing, SQLite lookup, decoding);
* one ``propose_tactics`` call (n=4) end to end.

Run: ``python experiments/llm_bench.py [--tokens 64] [--repeats 3]``. Needs the ``[local-llm]`` extra.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from prover.llm.cache import CompletionCache
from prover.llm.client import LLMClient
from prover.llm.local import LocalServer, local_llm_available
from prover.llm.settings import LLMSettings
from prover.llm.tactics import TacticProposer

GEN_PROMPT = "theorem add_comm_example (a b : ℕ) : a + b = b + a := by\n"
LONG_PROMPT = ("-- Lean 4 with Mathlib.\n" + "\n".join(
    f"theorem t{i} (a b : ℕ) (h : a ≤ b) : a + {i} ≤ b + {i} := by omega" for i in range(24)) + "\n")


def settings(threads: int, logprobs: bool) -> LLMSettings:
    return LLMSettings(_env_file=None, local_threads=threads, local_n_ctx=1024, local_logprobs=logprobs,
                       logprobs=logprobs, cache=False, temperature=0.8, timeout_s=600, max_retries=0)


def client_on(server: LocalServer, s: LLMSettings, cache: CompletionCache | None = None) -> LLMClient:
    s = s.model_copy(update={"model": server.alias, "cache": cache is not None})
    return LLMClient(s, base_url=server.base_url, cache=cache, endpoint_id=server.endpoint_id)


def speed_rows(threads: int, tokens: int, repeats: int) -> list[tuple[str, str, str]]:
    rows = []
    with LocalServer(settings(threads, False)) as server, client_on(server, settings(threads, False)) as client:
        client.complete("warm up", max_tokens=4)
        gen, pre = [], []
        for i in range(repeats):
            r = client.complete(GEN_PROMPT, max_tokens=tokens, seed=100 + i, stop=None)
            gen.append(r.completion_tokens / r.latency_s)
            r = client.complete(LONG_PROMPT + f"-- run {i}\n", max_tokens=1, seed=i)
            pre.append(r.prompt_tokens / r.latency_s)
        rows.append((f"generation, {threads} thread(s)", f"{statistics.median(gen):.1f} tokens/s",
                     f"median of {repeats}, {tokens} tokens each"))
        rows.append((f"prompt processing, {threads} thread(s)", f"{statistics.median(pre):.0f} tokens/s",
                     f"{r.prompt_tokens}-token prompt, 1 token generated"))
        if threads == 1:
            return rows
        started = time.perf_counter()
        proposals = TacticProposer(client, max_tokens=32).propose_tactics(
            "a b : ℕ\n⊢ a + b = b + a", n=4, premises=["Nat.add_comm (n m : ℕ) : n + m = m + n"])
        rows.append(("propose_tactics n=4 (32 tokens max)", f"{time.perf_counter() - started:.2f} s",
                     f"{len(proposals)} usable proposals from 4 samples"))
    return rows


def logprob_rows(threads: int) -> list[tuple[str, str, str]]:
    n_tok = 8
    with LocalServer(settings(threads, True)) as server, client_on(server, settings(threads, True)) as client:
        client.complete("warm up", max_tokens=2, logprobs=False)
        plain = client.complete(GEN_PROMPT, max_tokens=n_tok, seed=1, logprobs=False)
        with_lp = client.complete(GEN_PROMPT, max_tokens=n_tok, seed=1, logprobs=True)
    return [
        ("logits_all server, no log-probs", f"{plain.latency_s:.2f} s", f"{plain.completion_tokens} tokens"),
        ("logits_all server, with log-probs", f"{with_lp.latency_s:.2f} s",
         f"{with_lp.completion_tokens} tokens ({with_lp.latency_s / max(with_lp.completion_tokens, 1):.2f} s/token)"),
    ]


def cache_rows(calls: int) -> list[tuple[str, str, str]]:
    """Overhead of a warm-cache call. The cache is filled through an in-memory endpoint (one canned reply per
    prompt), so the timed calls measure only the client: key hashing, SQLite lookup, decoding."""
    from prover.llm.transport import http_module

    httpx = http_module()

    def handler(request):  # type: ignore[no-untyped-def]
        choice = {"index": 0, "text": "simp [Nat.add_comm]", "finish_reason": "stop",
                  "logprobs": {"tokens": ["simp"] * 8, "token_logprobs": [-0.4] * 8, "text_offset": [0] * 8}}
        return httpx.Response(200, json={"id": "b", "object": "text_completion", "created": 0, "model": "m",
                                         "choices": [{**choice, "index": i} for i in range(4)],
                                         "usage": {"prompt_tokens": 20, "completion_tokens": 32}})

    prompts = [f"{GEN_PROMPT}-- variant {i}\n" for i in range(100)]
    with tempfile.TemporaryDirectory() as tmp:
        s = LLMSettings(_env_file=None, base_url="http://bench.invalid/v1", model="m", cache=True)
        client = LLMClient(s, cache=CompletionCache(Path(tmp) / "bench.sqlite"),
                           http_transport=httpx.MockTransport(handler))
        for p in prompts:
            client.complete(p, n=4)
        times = []
        for i in range(calls):
            started = time.perf_counter()
            r = client.complete(prompts[i % len(prompts)], n=4)
            times.append(time.perf_counter() - started)
            assert r.cached and r.requests == 0
        client.close()
    times.sort()
    return [("client call, warm cache (n=4)", f"{statistics.mean(times) * 1e3:.3f} ms",
             f"mean of {calls}; p50 {times[len(times) // 2] * 1e3:.3f} ms, "
             f"p99 {times[int(len(times) * 0.99)] * 1e3:.3f} ms")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cache-calls", type=int, default=2000)
    args = parser.parse_args()
    rows = cache_rows(args.cache_calls)
    missing = local_llm_available()
    if missing:
        print(f"embedded model not installed ({missing}); only the cache figure is measured", file=sys.stderr)
    else:
        rows += speed_rows(1, args.tokens, args.repeats)
        rows += speed_rows(2, args.tokens, args.repeats)
        rows += logprob_rows(2)
    load = os.getloadavg()[0]
    width = max(len(r[0]) for r in rows)
    print(f"LLM layer benchmark ({os.cpu_count()} cores, load average {load:.1f} at the end)")
    print(f"{'measure':<{width}}  {'value':>16}  notes")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>16}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
