"""Plumbing of :class:`prover.llm.client.LLMClient` on an in-memory endpoint: n fallback, retries, errors,
cache, accounting, extra_body. (Behaviour against a real server is in ``test_local_server.py``.)"""

from __future__ import annotations

import threading
import time

import pytest

from prover.errors import InfrastructureError, UserError
from prover.llm.client import LLMClient
from prover.llm.errors import LLMConfigError, LLMResponseError, LLMTimeout, LLMUnavailable
from tests.llm.conftest import FakeServer, httpx, make_settings


def test_native_n_returns_n_samples_in_one_request(client_for):
    server = FakeServer(replies=["a", "b", "c"])
    result = client_for(server).complete("p", n=3)
    assert result.texts == ["a", "b", "c"]
    assert result.requests == 1 and result.native_n
    assert len(server.requests) == 1 and server.requests[0]["n"] == 3
    assert all(s.logprob == pytest.approx(-0.25) for s in result.samples)


def test_server_ignoring_n_falls_back_to_sequential_with_distinct_seeds(client_for):
    server = FakeServer(replies=["a", "b", "c", "d", "e", "f", "g"], honour_n=False)
    client = client_for(server, seed=10)
    result = client.complete("p", n=4)
    assert result.texts == ["a", "b", "c", "d"]
    assert not result.native_n and client.n_ignored
    assert [r["seed"] for r in server.requests] == [10, 11, 12, 13]
    assert [s.seed for s in result.samples] == [10, 11, 12, 13]
    # once detected, later calls go one by one from the start (no wasted n>1 request)
    server.requests.clear()
    client.complete("q", n=2)
    assert [r["n"] for r in server.requests] == [1, 1]


def test_sequential_mode_never_sends_n(client_for):
    server = FakeServer(replies=["a"])
    client_for(server, n_mode="sequential").complete("p", n=3)
    assert [r["n"] for r in server.requests] == [1, 1, 1]


def test_retries_then_succeeds_on_429_and_5xx(client_for):
    server = FakeServer(replies=["ok"], failures=[429, 503, "connect"])
    client = client_for(server, max_retries=3)
    result = client.complete("p")
    assert result.texts == ["ok"]
    assert len(server.requests) == 4
    assert client.usage.retries == 3


def test_gives_up_after_configured_retries_with_clear_error(client_for):
    server = FakeServer(failures=[500] * 10)
    with pytest.raises(LLMUnavailable) as info:
        client_for(server, max_retries=2).complete("p")
    assert len(server.requests) == 3
    assert isinstance(info.value, InfrastructureError)
    message = str(info.value)
    assert "http://llm.test/v1" in message and "after 3 attempts" in message and "500" in message


def test_timeout_becomes_llm_timeout(client_for):
    server = FakeServer(failures=["timeout"] * 3)
    with pytest.raises(LLMTimeout, match="after 2 attempts"):
        client_for(server, max_retries=1).complete("p")


def test_wrong_model_is_a_user_error_without_retries(client_for):
    server = FakeServer(failures=[404])
    with pytest.raises(LLMConfigError) as info:
        client_for(server, max_retries=3).complete("p")
    assert isinstance(info.value, UserError)
    assert "test-model" in str(info.value) and "\n" not in str(info.value)
    assert len(server.requests) == 1


def test_bad_request_is_not_retried(client_for):
    server = FakeServer(failures=[400])
    with pytest.raises(LLMResponseError, match="rejected"):
        client_for(server, max_retries=3).complete("p")
    assert len(server.requests) == 1


@pytest.mark.parametrize("body", [b"{not json", b'{"choices": "nope"}', b"[]", b""])
def test_malformed_reply_is_a_typed_error(client_for, body):
    server = FakeServer(raw_body=body)
    with pytest.raises(LLMResponseError):
        client_for(server, max_retries=0).complete("p")


def test_empty_choices_give_no_samples(client_for):
    server = FakeServer(raw_body=b'{"id": "x", "object": "text_completion", "created": 0, "model": "m", '
                                 b'"choices": []}')
    result = client_for(server).complete("p", n=2)
    assert result.samples == ()


def test_extra_body_and_parameters_reach_the_server(client_for):
    server = FakeServer()
    client_for(server).complete("p", max_tokens=17, temperature=0.3, stop=["```"],
                                extra_body={"min_p": 0.05, "repeat_penalty": 1.1})
    sent = server.requests[0]
    assert sent["min_p"] == 0.05 and sent["repeat_penalty"] == 1.1
    assert sent["max_tokens"] == 17 and sent["temperature"] == 0.3 and sent["stop"] == ["```"]
    assert sent["logprobs"] == 1 and sent["model"] == "test-model"


def test_chat_api_and_logprobs(client_for):
    server = FakeServer(replies=["```lean\nsimp\n```"])
    result = client_for(server).chat([{"role": "user", "content": "hi"}], n=2)
    assert server.requests[0]["path"].endswith("/chat/completions")
    assert server.requests[0]["messages"] == [{"role": "user", "content": "hi"}]
    assert result.texts == ["```lean\nsimp\n```"] * 2
    assert result.samples[0].logprob == pytest.approx(-0.75)  # summed over the 3 tokens
    assert result.samples[0].token_logprobs == (-0.25, -0.25, -0.25)


def test_model_discovered_from_server_when_not_configured(client_for):
    server = FakeServer()
    client = client_for(server, model="")
    client.complete("p")
    assert server.requests[0]["path"].endswith("/models")
    assert server.requests[1]["model"] == "served-model"


def test_cache_makes_identical_call_free_and_keys_on_parameters(client_for):
    server = FakeServer(replies=["a", "b", "c", "d"])
    client = client_for(server, cache=True)
    first = client.complete("p", n=2)
    again = client.complete("p", n=2)
    assert again.cached and again.requests == 0 and again.texts == first.texts
    assert len(server.requests) == 1
    client.complete("p", n=2, seed=5)       # another seed: a new call
    client.complete("p", n=2, use_cache=False)  # bypass
    assert len(server.requests) == 3
    assert client.usage.calls == 4 and client.usage.cached_calls == 1


def test_usage_accounts_tokens_and_latency(client_for):
    server = FakeServer(replies=["a"], honour_n=False)
    client = client_for(server)
    result = client.complete("p", n=3)
    assert result.prompt_tokens == 21 and result.completion_tokens == 9 and result.requests == 3
    totals = client.usage.as_dict()
    assert totals["requests"] == 3 and totals["prompt_tokens"] == 21 and totals["latency_s"] > 0


def test_concurrency_limit_bounds_requests_in_flight(client_for):
    in_flight = 0
    peak = 0
    lock = threading.Lock()
    server = FakeServer()
    inner = server.handler

    def slow_handler(request):
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        time.sleep(0.05)
        with lock:
            in_flight -= 1
        return inner(request)

    server.handler = slow_handler  # type: ignore[method-assign]
    client = client_for(server, concurrency=2)
    threads = [threading.Thread(target=client.complete, args=(f"p{i}",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(server.requests) == 6
    assert peak == 2


def test_restart_hook_is_called_once_when_the_endpoint_is_gone(client_for):
    server = FakeServer(replies=["ok"])
    inner = server.handler

    def handler(request):
        if request.url.host == "dead.test":
            raise httpx.ConnectError("connection refused", request=request)
        return inner(request)

    server.handler = handler  # type: ignore[method-assign]
    restarts: list[str] = []

    def restart() -> str:
        restarts.append("x")
        return "http://alive.test/v1"

    client = LLMClient(make_settings(base_url="http://dead.test/v1", max_retries=1), restart=restart,
                       http_transport=httpx.MockTransport(server.handler))
    assert client.complete("p").texts == ["ok"]
    assert restarts == ["x"] and client.base_url == "http://alive.test/v1"
    client.close()
