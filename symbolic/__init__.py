"""Symbolic reasoning: term language, provenance graphs, SMT, AquaForte, Generative Logic, Lean bridge.

This package never imports :mod:`prover`.
"""
