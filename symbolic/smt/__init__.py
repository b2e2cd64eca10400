"""The SMT layer: one solver seam over z3 and cvc5 (each query in a worker process with a hard deadline),
SMT-LIB2 reading and writing, portfolio racing and cross-checking.

Façade::

    from symbolic.smt import check_sat, SmtResult, Status
    res = check_sat([f1, f2], solver="z3" | "cvc5" | "portfolio" | "crosscheck", timeout=5.0,
                    want_model=True, want_core=False, names=None)
    res.status  # Status.SAT / UNSAT / UNKNOWN;  res.reason for unknown: timeout|incomplete|resource|crash|...
"""

from symbolic.smt.api import SolverDisagreement, check_sat, check_smtlib, cross_check, portfolio, reconcile
from symbolic.smt.backends import Backend, Job, SolverUnavailable, available_backends, get_backend
from symbolic.smt.result import FunctionValue, SmtResult, Status
from symbolic.smt.smtlib_reader import Script, read_script, read_script_file
from symbolic.smt.smtlib_writer import term_to_smtlib, write_script

__all__ = [
    "Backend", "FunctionValue", "Job", "Script", "SmtResult", "SolverDisagreement", "SolverUnavailable",
    "Status", "available_backends", "check_sat", "check_smtlib", "cross_check", "get_backend", "portfolio",
    "read_script", "read_script_file", "reconcile", "term_to_smtlib", "write_script",
]
