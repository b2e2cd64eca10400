"""Helpers for the AquaForte tests: paths to instances and an independent model check."""

from __future__ import annotations

from pathlib import Path

from prover.datadir import shared_data_dir
from symbolic.aquaforte import parse_candidate
from symbolic.aquaforte.instances import value_term
from symbolic.aquaforte.pipeline import expand_all
from symbolic.logic import and_, not_, substitute, symbols
from symbolic.smt import SmtResult, Status, check_sat, read_script_file

OWN = Path(__file__).resolve().parents[2] / "data" / "smt"
SHARED = (shared_data_dir() or Path("/nonexistent")) / "smt"


def independently_valid(path: Path, result: SmtResult) -> bool:
    """Re-read the original file, expand the reported definitions, plug in the constants, and ask z3 and
    cvc5 (separately) whether the negation is unsat."""
    script = read_script_file(path)
    defs = []
    for name, text in result.definitions.items():
        fn = script.symbols.get(name)
        assert fn is not None, name
        # a definition may mention other functions (preprocessing keeps f(x) = g(x) + 1 as given)
        defs.extend(parse_candidate(text, [fn], script.symbols).definitions)
    closed = []
    for a in script.assertions:
        t = expand_all(a, defs)
        t = substitute(t, {v: value_term(result.model.get(v.head, 0), v.sort) for v in t.free_vars})
        if symbols(t):
            return False
        closed.append(t)
    verdicts = [check_sat([not_(and_(closed))], solver=s, timeout=10).status for s in ("z3", "cvc5")]
    return Status.SAT not in verdicts and Status.UNSAT in verdicts
