"""Settings (env prefix, .env, injection) and the SQLite completion cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from prover.llm.cache import CompletionCache, cache_key
from prover.llm.results import Completion, Sample
from prover.llm.settings import LLMSettings


def test_settings_defaults_need_no_environment():
    s = LLMSettings(_env_file=None)
    assert s.base_url is None and s.api == "completions" and s.cache and s.n_mode == "auto"


def test_settings_read_prefixed_environment(monkeypatch):
    monkeypatch.setenv("PROVER_LLM_BASE_URL", "http://localhost:8000/v1")
    monkeypatch.setenv("PROVER_LLM_TEMPERATURE", "0.2")
    monkeypatch.setenv("PROVER_LLM_API_KEY", "sk-secret")
    s = LLMSettings(_env_file=None)
    assert s.base_url == "http://localhost:8000/v1" and s.temperature == 0.2
    assert s.api_key.get_secret_value() == "sk-secret" and "sk-secret" not in repr(s)


def test_settings_read_dotenv_file_and_explicit_values_win(tmp_path: Path):
    env = tmp_path / ".env"
    env.write_text("PROVER_LLM_MODEL=deepseek-prover\nPROVER_LLM_MAX_TOKENS=99\n")
    s = LLMSettings(_env_file=env, max_tokens=5)
    assert s.model == "deepseek-prover" and s.max_tokens == 5


def test_settings_reject_bad_values():
    with pytest.raises(ValidationError):
        LLMSettings(_env_file=None, temperature=-1)
    with pytest.raises(ValidationError):
        LLMSettings(_env_file=None, api="grpc")


def test_env_template_documents_every_setting():
    template = (Path(__file__).resolve().parents[2] / "prover" / "llm" / "env.template").read_text()
    for name in LLMSettings.model_fields:
        assert f"PROVER_LLM_{name.upper()}" in template, name


def _completion(text: str) -> Completion:
    return Completion(samples=(Sample(text=text, logprob=-1.5),), model="m", endpoint="e", api="completions",
                      prompt_tokens=3, completion_tokens=2, latency_s=0.7, requests=1)


def test_cache_key_ignores_key_order_and_sees_every_value():
    a = cache_key({"prompt": "p", "seed": 1, "params": {"t": 0.5, "top_p": 1}})
    b = cache_key({"params": {"top_p": 1, "t": 0.5}, "seed": 1, "prompt": "p"})
    assert a == b
    assert a != cache_key({"prompt": "p", "seed": 2, "params": {"t": 0.5, "top_p": 1}})


def test_cache_persists_across_instances_and_marks_hits(tmp_path: Path):
    path = tmp_path / "sub" / "cache.sqlite"
    first = CompletionCache(path)
    assert first.get("k") is None
    first.put("k", _completion("simp"))
    first.close()
    again = CompletionCache(path)
    hit = again.get("k")
    assert hit is not None and hit.texts == ["simp"] and hit.samples[0].logprob == -1.5
    assert hit.cached and hit.requests == 0 and hit.latency_s == 0.0 and hit.completion_tokens == 2
    assert len(again) == 1
    again.close()


def test_cache_construction_is_inert(tmp_path: Path):
    path = tmp_path / "never" / "cache.sqlite"
    CompletionCache(path)
    assert not path.parent.exists()
