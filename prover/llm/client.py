"""The OpenAI-compatible LLM client: completions and chat, ``n`` samples, retries, cache, accounting.

One :class:`LLMClient` talks to one endpoint. It

* sends completion-style prompts to ``/v1/completions`` (prover models) or messages to
  ``/v1/chat/completions`` (:meth:`LLMClient.complete`, :meth:`LLMClient.chat`);
* asks for ``n`` samples with per-token log-probs; when a server silently ignores ``n`` (llama.cpp does),
  it notices, remembers, and samples the rest one by one with seeds ``seed + i``;
* retries transport errors, timeouts, 429 and 5xx with exponential backoff (tenacity), then raises a typed
  :mod:`prover.llm.errors` exception naming the endpoint and the attempts;
* limits requests in flight (a semaphore), so threads may share one client;
* caches whole calls on disk (:mod:`prover.llm.cache`), so reruns are identical and free;
* accounts tokens, requests, retries and latency per call (:attr:`LLMClient.usage`).

Construction is inert: the ``openai`` client is built on first use.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from prover.llm.cache import CompletionCache, cache_key
from prover.llm.errors import LLMConfigError, LLMError, LLMResponseError, LLMTimeout, LLMUnavailable
from prover.llm.results import CallRecord, Completion, Sample, UsageTotals
from prover.llm.settings import LLMSettings
from prover.llm.transport import make_openai_client

__all__ = ["LLMClient"]

log = logging.getLogger(__name__)

_CACHE_FORMAT = 1  # bump when the meaning of a cached entry changes
# endpoints that refused log-probs in this process: later clients (one per search) do not ask them again
_NO_LOGPROBS: set[str] = set()


class _Reply:
    """One HTTP reply reduced to what the client needs."""

    __slots__ = ("completion_tokens", "model", "prompt_tokens", "samples")

    def __init__(self, samples: list[Sample], prompt_tokens: int, completion_tokens: int, model: str) -> None:
        self.samples = samples
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens
        self.model = model


class LLMClient:
    """A client for one OpenAI-compatible endpoint.

    ``base_url`` overrides ``settings.base_url`` (the embedded server passes its own). ``cache``: a
    :class:`CompletionCache` to use; ``None`` opens the one at ``settings.resolved_cache_path()`` when
    ``settings.cache`` is on. ``http_transport`` replaces the network (see :mod:`prover.llm.transport`).
    ``endpoint_id`` names the endpoint in cache keys (default: the base URL; the embedded server passes a
    name that does not change with its random port). ``restart``: called once when the endpoint is
    unreachable after every retry; returns the (new) base URL to try again (the embedded server's restart path).
    """

    def __init__(
        self,
        settings: LLMSettings,
        *,
        base_url: str | None = None,
        cache: CompletionCache | None = None,
        http_transport: Any = None,
        endpoint_id: str | None = None,
        restart: Callable[[], str] | None = None,
    ) -> None:
        url = base_url or settings.base_url
        if not url:
            raise LLMConfigError("LLM client: no base URL (set PROVER_LLM_BASE_URL or use prover.llm.open_client)")
        self.settings = settings
        self.base_url = url.rstrip("/")
        self.endpoint_id = endpoint_id or self.base_url
        self._restart = restart
        self.usage = UsageTotals()
        self._cache = cache
        self._http_transport = http_transport
        self._openai: Any = None
        self._model: str | None = settings.model or None
        self._n_ignored = settings.n_mode == "sequential"
        self._logprobs_ok = self.base_url not in _NO_LOGPROBS  # False once the endpoint refused log-probs
        self._slots = threading.BoundedSemaphore(settings.concurrency)
        self._init_lock = threading.RLock()  # model discovery builds the client under it

    # ------------------------------------------------------------------ public API

    @property
    def n_ignored(self) -> bool:
        """True once the endpoint was seen to ignore ``n`` (samples then come one by one)."""
        return self._n_ignored

    def model_name(self) -> str:
        """The model name sent to the endpoint: the configured one, else the server's first listed model."""
        if self._model is None:
            with self._init_lock:
                if self._model is None:
                    self._model = self._discover_model()
        return self._model

    def complete(
        self,
        prompt: str,
        *,
        n: int = 1,
        temperature: float | None = None,
        top_p: float | None = None,
        max_tokens: int | None = None,
        stop: Sequence[str] | None = None,
        seed: int | None = None,
        extra_body: dict[str, Any] | None = None,
        use_cache: bool | None = None,
        logprobs: bool | None = None,
    ) -> Completion:
        """``n`` completion-style samples for ``prompt`` from ``/v1/completions``.

        ``None`` arguments take the settings' values; ``use_cache=False`` bypasses the cache for this call.
        """
        return self._call("completions", {"prompt": prompt}, n, temperature, top_p, max_tokens, stop, seed,
                          extra_body, use_cache, logprobs)

    def chat(
        self,
        messages: Sequence[dict[str, str]],
        *,
        n: int = 1,
        temperature: float | None = None,
        top_p: float | None = None,
        max_tokens: int | None = None,
        stop: Sequence[str] | None = None,
        seed: int | None = None,
        extra_body: dict[str, Any] | None = None,
        use_cache: bool | None = None,
        logprobs: bool | None = None,
    ) -> Completion:
        """``n`` samples for chat ``messages`` (``[{"role": ..., "content": ...}]``) from ``/v1/chat/completions``."""
        payload = {"messages": [{"role": m["role"], "content": m["content"]} for m in messages]}
        return self._call("chat", payload, n, temperature, top_p, max_tokens, stop, seed, extra_body, use_cache,
                          logprobs)

    def generate(self, prompt: str, *, system: str | None = None, **kwargs: Any) -> Completion:
        """Sample with the configured API: ``prompt`` as is for completions, as one user turn for chat."""
        if self.settings.api == "chat":
            messages = ([{"role": "system", "content": system}] if system else []) + [
                {"role": "user", "content": prompt}
            ]
            return self.chat(messages, **kwargs)
        return self.complete(f"{system}\n\n{prompt}" if system else prompt, **kwargs)

    def close(self) -> None:
        """Close the HTTP connection pool and the cache."""
        if self._openai is not None:
            self._openai.close()
            self._openai = None
        if self._cache is not None:
            self._cache.close()

    def __enter__(self) -> LLMClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ the call

    def _call(
        self,
        api: str,
        payload: dict[str, Any],
        n: int,
        temperature: float | None,
        top_p: float | None,
        max_tokens: int | None,
        stop: Sequence[str] | None,
        seed: int | None,
        extra_body: dict[str, Any] | None,
        use_cache: bool | None,
        logprobs: bool | None,
    ) -> Completion:
        if n < 1:
            raise ValueError(f"n must be at least 1, got {n}")
        s = self.settings
        params: dict[str, Any] = {
            "temperature": s.temperature if temperature is None else temperature,
            "top_p": s.top_p if top_p is None else top_p,
            "max_tokens": s.max_tokens if max_tokens is None else max_tokens,
            "stop": list(stop) if stop else None,
        }
        seed = s.seed if seed is None else seed
        want_logprobs = s.logprobs if logprobs is None else logprobs
        model = self.model_name()
        key_doc = {
            "format": _CACHE_FORMAT, "endpoint": self.endpoint_id, "model": model, "api": api, **payload,
            "params": params, "n": n, "seed": seed, "extra_body": extra_body or {}, "logprobs": want_logprobs,
        }
        cache = self._cache_for(use_cache)
        key = cache_key(key_doc) if cache is not None else ""
        if cache is not None and (hit := cache.get(key)) is not None:
            self.usage.add(_record(hit, n))
            return hit

        started = time.perf_counter()
        samples: list[Sample] = []
        prompt_tokens = completion_tokens = requests = 0
        native = not self._n_ignored
        if native:
            reply = self._request(api, payload, params, n, seed, extra_body, model, want_logprobs)
            requests += 1
            samples.extend(reply.samples[:n])
            prompt_tokens += reply.prompt_tokens
            completion_tokens += reply.completion_tokens
            if 0 < len(reply.samples) < n and s.n_mode == "auto":
                log.info("%s returned %d of n=%d samples; sampling one by one from now on",
                         self.base_url, len(reply.samples), n)
                self._n_ignored = True
                native = False
        if not native:
            for i in range(len(samples), n):
                reply = self._request(api, payload, params, 1, seed + i, extra_body, model, want_logprobs)
                requests += 1
                samples.extend(sample.model_copy(update={"seed": seed + i}) for sample in reply.samples[:1])
                prompt_tokens += reply.prompt_tokens
                completion_tokens += reply.completion_tokens
        result = Completion(
            samples=tuple(samples), model=model, endpoint=self.base_url, api=api,
            prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
            latency_s=time.perf_counter() - started, requests=requests, cached=False,
            native_n=native,
        )
        self.usage.add(_record(result, n))
        if cache is not None and samples:
            cache.put(key, result)
        return result

    def _cache_for(self, use_cache: bool | None) -> CompletionCache | None:
        enabled = self.settings.cache if use_cache is None else use_cache
        if not enabled:
            return None
        if self._cache is None:
            with self._init_lock:
                if self._cache is None:
                    self._cache = CompletionCache(self.settings.resolved_cache_path())
        return self._cache

    # ------------------------------------------------------------------ one HTTP request, with retries

    def _client(self) -> Any:
        if self._openai is None:
            with self._init_lock:
                if self._openai is None:
                    self._openai = make_openai_client(
                        self.base_url, self.settings.api_key.get_secret_value(), self.settings.timeout_s,
                        self._http_transport,
                    )
        return self._openai

    def _request(
        self,
        api: str,
        payload: dict[str, Any],
        params: dict[str, Any],
        n: int,
        seed: int,
        extra_body: dict[str, Any] | None,
        model: str,
        logprobs: bool,
    ) -> _Reply:
        kwargs: dict[str, Any] = {"model": model, "n": n, "seed": seed, **payload,
                                  **{k: v for k, v in params.items() if v is not None}}
        if extra_body:
            kwargs["extra_body"] = extra_body
        if logprobs and self._logprobs_ok:
            kwargs["logprobs"] = 1 if api == "completions" else True

        def send() -> Any:
            client = self._client()
            create = client.completions.create if api == "completions" else client.chat.completions.create
            return create(**kwargs)

        try:
            response = self._with_retries(send, model)
        except (LLMError, LLMConfigError) as exc:
            if "logprobs" in kwargs and "logprob" in str(exc).lower():
                # e.g. llama-cpp-python without logits_all answers HTTP 500: go on without log-probs rather than
                # fail (checked first: that 500 is a refused feature, not a dead server to restart)
                log.warning("%s refuses log-probs (%s); sampling without them from now on", self.base_url, exc)
                self._logprobs_ok = False
                _NO_LOGPROBS.add(self.base_url)
                del kwargs["logprobs"]
                response = self._with_retries(send, model)
            elif isinstance(exc, LLMUnavailable) and self._restart is not None:
                # the embedded server died: restart it once, then try again
                url = self._restart().rstrip("/")
                log.warning("%s unavailable; restarted the local server at %s", self.base_url, url)
                self._rebind(url)
                response = self._with_retries(send, model)
            else:
                raise
        return _reduce(response, api, seed, self.base_url, model)

    def _rebind(self, url: str) -> None:
        """Point the client at ``url`` (after a restart); the cache identity (endpoint_id) is unchanged."""
        with self._init_lock:
            if url != self.base_url and self._openai is not None:
                self._openai.close()
                self._openai = None
            self.base_url = url

    def _with_retries(self, send: Any, model: str) -> Any:
        import openai
        from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

        s = self.settings
        attempts = 0

        def before_sleep(state: Any) -> None:
            self.usage.add_retry()
            log.warning("%s: attempt %d failed (%s); retrying", self.base_url, state.attempt_number,
                        _describe(state.outcome.exception()))

        retrying = Retrying(
            stop=stop_after_attempt(s.max_retries + 1),
            wait=wait_exponential(multiplier=s.backoff_initial_s, max=s.backoff_max_s),
            retry=retry_if_exception(_retryable),
            before_sleep=before_sleep,
            reraise=True,
        )
        try:
            for attempt in retrying:
                attempts = attempt.retry_state.attempt_number
                with attempt, self._slots:
                    return send()
        except openai.APITimeoutError as exc:
            raise LLMTimeout(f"no answer within {s.timeout_s:g} s", endpoint=self.base_url, model=model,
                             attempts=attempts) from exc
        except openai.APIConnectionError as exc:
            raise LLMUnavailable(f"cannot connect ({_describe(exc)})", endpoint=self.base_url, model=model,
                                 attempts=attempts) from exc
        except openai.APIStatusError as exc:
            raise _status_error(exc, self.base_url, model, attempts) from exc
        except (openai.APIResponseValidationError, json.JSONDecodeError, ValueError, TypeError) as exc:
            raise LLMResponseError(f"malformed reply ({_describe(exc)})", endpoint=self.base_url,
                                   model=model) from exc
        raise AssertionError("unreachable: tenacity either returns or re-raises")  # pragma: no cover

    def _discover_model(self) -> str:
        """The first model the server lists (llama.cpp and vLLM serve one); errors are typed."""
        models = self._with_retries(lambda: self._client().models.list(), "?")
        data = getattr(models, "data", None) or []
        if not data:
            raise LLMConfigError(f"{self.base_url}: the server lists no models; set PROVER_LLM_MODEL")
        return str(data[0].id)


# ---------------------------------------------------------------------- helpers


def _retryable(exc: BaseException) -> bool:
    import openai

    if isinstance(exc, openai.APIConnectionError):  # includes timeouts
        return True
    if isinstance(exc, openai.APIStatusError):
        if "logprob" in str(getattr(exc, "body", "") or exc).lower():
            return False  # a refused feature, not a transient failure (handled by the caller)
        return exc.status_code == 429 or exc.status_code >= 500
    return False


def _describe(exc: BaseException | None) -> str:
    if exc is None:
        return "no exception"
    status = getattr(exc, "status_code", None)
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    cause = exc.__cause__
    if status is None and cause is not None and str(cause):  # "Connection error." hides the reason
        text = f"{text.rstrip('.')}: {str(cause).splitlines()[0]}"
    text = text[:200]
    return f"HTTP {status}: {text}" if status else f"{type(exc).__name__}: {text}"


def _status_error(exc: Any, endpoint: str, model: str, attempts: int) -> LLMError | LLMConfigError:
    status = exc.status_code
    detail = _describe(exc)
    if status == 404:
        return LLMConfigError(f"{endpoint}: model {model!r} or path not found ({detail}); "
                              f"check PROVER_LLM_MODEL and PROVER_LLM_BASE_URL")
    if status in (401, 403):
        return LLMConfigError(f"{endpoint}: access denied ({detail}); check PROVER_LLM_API_KEY")
    if status == 429 or status >= 500:
        return LLMUnavailable(f"server error ({detail})", endpoint=endpoint, model=model, attempts=attempts)
    return LLMResponseError(f"request rejected ({detail})", endpoint=endpoint, model=model, attempts=attempts)


def _record(result: Completion, n: int) -> CallRecord:
    return CallRecord(api=result.api, model=result.model, n=n, prompt_tokens=result.prompt_tokens,
                      completion_tokens=result.completion_tokens, latency_s=result.latency_s,
                      requests=result.requests, cached=result.cached)


def _reduce(response: Any, api: str, seed: int, endpoint: str, model: str) -> _Reply:
    """Turn an ``openai`` response object into samples; anything that is not a completion is an error."""
    choices = getattr(response, "choices", None)
    if not isinstance(choices, list):
        raise LLMResponseError(f"reply has no choices list (got {type(response).__name__})",
                               endpoint=endpoint, model=model)
    samples: list[Sample] = []
    for choice in sorted(choices, key=lambda c: getattr(c, "index", 0) or 0):
        if api == "completions":
            text = getattr(choice, "text", None)
            tokens, logprobs = _completion_logprobs(getattr(choice, "logprobs", None))
        else:
            message = getattr(choice, "message", None)
            text = getattr(message, "content", None)
            tokens, logprobs = _chat_logprobs(getattr(choice, "logprobs", None))
        samples.append(Sample(
            text=text if isinstance(text, str) else "",
            logprob=sum(logprobs) if logprobs else None,
            token_logprobs=logprobs, tokens=tokens,
            finish_reason=getattr(choice, "finish_reason", None), seed=seed if len(choices) == 1 else None,
        ))
    usage = getattr(response, "usage", None)
    return _Reply(
        samples,
        int(getattr(usage, "prompt_tokens", 0) or 0),
        int(getattr(usage, "completion_tokens", 0) or 0),
        str(getattr(response, "model", "") or model),
    )


def _completion_logprobs(lp: Any) -> tuple[tuple[str, ...] | None, tuple[float, ...] | None]:
    if lp is None or not getattr(lp, "token_logprobs", None):
        return None, None
    values = tuple(float(x) for x in lp.token_logprobs if x is not None)
    tokens = tuple(str(t) for t in lp.tokens) if getattr(lp, "tokens", None) else None
    return tokens, values or None


def _chat_logprobs(lp: Any) -> tuple[tuple[str, ...] | None, tuple[float, ...] | None]:
    content = getattr(lp, "content", None) if lp is not None else None
    if not content:
        return None, None
    return tuple(str(t.token) for t in content), tuple(float(t.logprob) for t in content)
