"""Generative Logic: forward deduction over axiomatic definitions with replayable provenance.

Pipeline: an MPL theory (:func:`load_theory`) and targets (:func:`load_targets`) or enumerated conjectures
(:func:`enumerate_conjectures`, filtered by :class:`CounterexampleFilter`) go to a :class:`Grid` of logic blocks,
stepped in bursts by an executor (:class:`SerialExecutor`, :class:`ProcessPoolBlockExecutor`). Every emitted
:class:`Theorem` has been replayed by :class:`ReplayChecker`; exports: :func:`theorem_graph` (provenance) and
:func:`to_lean` (Lean 4). :func:`run_theory` runs the whole pipeline.
"""

from symbolic.gl.api import make_executor, run_theory
from symbolic.gl.cfilter import CounterexampleFilter
from symbolic.gl.clauses import Clause, Rule, clause_from_statement, make_rules
from symbolic.gl.conjecture import Candidate, candidate_statements, enumerate_conjectures
from symbolic.gl.executors import ProcessPoolBlockExecutor, SerialExecutor
from symbolic.gl.grid import GLConfig, Grid, ReplayFailure, RunResult, Theorem
from symbolic.gl.lean_export import to_lean
from symbolic.gl.parser import load_targets, load_theory, parse_targets, parse_theory
from symbolic.gl.provenance_export import theorem_graph, theorems_graph
from symbolic.gl.replay import ReplayChecker
from symbolic.gl.theory import Statement, Theory

__all__ = [
    "Candidate", "Clause", "CounterexampleFilter", "GLConfig", "Grid", "ProcessPoolBlockExecutor", "ReplayChecker",
    "ReplayFailure", "Rule", "RunResult", "SerialExecutor", "Statement", "Theorem", "Theory", "candidate_statements",
    "clause_from_statement", "enumerate_conjectures", "load_targets", "load_theory", "make_executor", "make_rules",
    "parse_targets", "parse_theory", "run_theory", "theorem_graph", "theorems_graph", "to_lean",
]
