"""Neuro-symbolic theorem proving for Lean 4: proof search, Lean sessions, LLM proposals, batch runs."""

__version__ = "0.1.0"
