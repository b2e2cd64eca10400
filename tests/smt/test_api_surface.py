"""The public surface other packages rely on (the hammer uses this façade)."""

from __future__ import annotations

import inspect

import symbolic.aquaforte as af
import symbolic.smt as smt


def test_smt_all_is_pinned() -> None:
    assert sorted(smt.__all__) == sorted([
        "Backend", "FunctionValue", "Job", "Script", "SmtResult", "SolverDisagreement", "SolverUnavailable",
        "Status", "available_backends", "check_sat", "check_smtlib", "cross_check", "get_backend", "portfolio",
        "read_script", "read_script_file", "reconcile", "term_to_smtlib", "write_script",
    ])


def test_check_sat_signature_matches_the_contract() -> None:
    params = inspect.signature(smt.check_sat).parameters
    assert next(iter(params)) == "assertions"
    for name, default in [("solver", "z3"), ("timeout", 5.0), ("want_model", True), ("want_core", False),
                          ("names", None)]:
        assert params[name].kind is inspect.Parameter.KEYWORD_ONLY
        assert params[name].default == default
    assert [s.value for s in smt.Status] == ["sat", "unsat", "unknown"]
    fields = smt.SmtResult.__dataclass_fields__
    assert {"status", "reason", "model", "core", "solver", "seconds"} <= set(fields)


def test_aquaforte_all_is_pinned() -> None:
    assert {"AquaForte", "AquaForteConfig", "TemplateProposer", "separate", "preprocess",
            "parse_candidate", "solve_smtlib"} <= set(af.__all__)
