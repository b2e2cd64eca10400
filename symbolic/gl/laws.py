"""Laws GL derives for use outside its own theory: exponent laws and sum linearity, with replayable proofs.

``data/theories/pow_sum.mpl`` defines exponentiation and range sums by recursion on top of the Peano axioms;
``pow_sum.targets`` lists the laws (``pow_add``, ``pow_mul``, ``mul_pow``, ``one_pow``, ``sum_add_distrib`` …)
and the ring laws they rest on. :func:`derived_laws` runs the grid on them once per process: every law it returns
was derived by GL's forward deduction and passed its replay checker. :func:`law_payload` packs a law with the
proofs of the theorems it cites (transitively) and the theory's text, so :func:`check_law_payload` re-checks it
from the payload alone, sharing nothing with the run that found it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from symbolic.gl.facts import BlockProof, Fact, Proof, Tag
from symbolic.gl.theory import Statement, Theory

__all__ = ["THEORY_DIR", "DerivedLaws", "check_law_payload", "derive", "derived_laws", "law_payload"]

THEORY_DIR = Path(__file__).resolve().parents[2] / "data" / "theories"
LAWS_THEORY = "pow_sum"


@dataclass(frozen=True)
class DerivedLaws:
    """The theory and its theorems, in the order GL proved them (each replayed against the earlier ones)."""

    theory: Theory
    theorems: tuple[Any, ...]  # symbolic.gl.grid.Theorem
    unproved: tuple[str, ...]

    def get(self, name: str) -> Any | None:
        return next((t for t in self.theorems if t.name == name), None)


@lru_cache(maxsize=4)
def derived_laws(name: str = LAWS_THEORY) -> DerivedLaws:
    """Run GL (serially, in-process) on ``THEORY_DIR/<name>.mpl`` and its ``.targets``; cached per process."""
    from symbolic.gl.parser import load_targets, load_theory

    theory = load_theory(THEORY_DIR / f"{name}.mpl")
    return derive(theory, load_targets(THEORY_DIR / f"{name}.targets", theory))


def derive(theory: Theory, targets: list[Statement]) -> DerivedLaws:
    """GL's grid on ``targets`` (serially, in-process): what it proves, each proof replayed."""
    from symbolic.gl.executors import SerialExecutor
    from symbolic.gl.grid import Grid

    result = Grid(theory).run(targets, SerialExecutor())
    return DerivedLaws(theory, tuple(result.theorems), tuple(result.unproved))


def _cited(th: Any) -> set[str]:
    return {f.rule for c in th.proof.cases for f in c.facts if f.tag == Tag.RULE}


def law_payload(laws: DerivedLaws, name: str) -> dict[str, Any]:
    """The law ``name`` with every theorem its proof cites (transitively), earliest first, and the theory."""
    from symbolic.gl.render import formula_text

    by_name = {t.name: t for t in laws.theorems}
    if name not in by_name:
        raise KeyError(f"GL derived no law named {name!r}")
    need, todo = set(), [name]
    while todo:
        n = todo.pop()
        if n not in need:
            need.add(n)
            todo.extend(c for c in _cited(by_name[n]) if c in by_name)
    chain = [{"name": t.name, "statement": formula_text(t.statement.formula, laws.theory),
              "proof": _proof_json(t.proof)} for t in laws.theorems if t.name in need]
    return {"theory": laws.theory.text, "law": name, "chain": chain}


def check_law_payload(payload: Mapping[str, Any]) -> tuple[bool, str]:
    """Re-check a :func:`law_payload` from its content alone: the theory is parsed from its text, each
    theorem's proof replayed against the axioms and the theorems before it; the last must be the law."""
    from symbolic.errors import SymbolicError
    from symbolic.gl.parser import parse_targets, parse_theory
    from symbolic.gl.replay import ReplayChecker

    try:
        theory = parse_theory(str(payload["theory"]), source="gl law payload")
        checker = ReplayChecker(theory)
        prior: dict[str, Statement] = {}
        chain = list(payload["chain"])
        if not chain or chain[-1]["name"] != payload["law"]:
            return False, "the payload's last theorem is not its law"
        for item in chain:
            (st,) = parse_targets(f"{item['name']}: {item['statement']}", theory, source="gl law payload")
            ok, why = checker.check(_Read(st.name, st, _proof_from_json(item["proof"])), prior)
            if not ok:
                return False, f"{item['name']}: {why}"
            prior[st.name] = st
    except (KeyError, TypeError, ValueError, SymbolicError) as exc:
        return False, f"malformed GL law payload: {exc}"
    return True, f"{payload['law']}: {len(chain)} GL proof(s) replayed from the axioms"


class _Read:
    def __init__(self, name: str, statement: Statement, proof: Proof) -> None:
        self.name, self.statement, self.proof = name, statement, proof


def _fact_json(f: Fact) -> dict[str, Any]:
    return {"id": f.id, "pred": f.pred, "args": list(f.args), "tag": f.tag, "sources": list(f.sources),
            "rule": f.rule, "binding": [[k, v] for k, v in f.binding]}


def _proof_json(p: Proof) -> dict[str, Any]:
    return {"kind": p.kind, "var": p.var, "step_elems": list(p.step_elems), "cases": [
        {"case": c.case, "binding": c.binding, "facts": [_fact_json(f) for f in c.facts], "goal": _fact_json(c.goal),
         "constants": c.constants, "elem_sorts": {str(k): v for k, v in c.elem_sorts.items()}}
        for c in p.cases]}


def _proof_from_json(d: Mapping[str, Any]) -> Proof:
    from symbolic.gl.replay import _fact

    cases = [BlockProof(target="", case=str(c["case"]), binding={k: int(v) for k, v in c["binding"].items()},
                        facts=[_fact(f) for f in c["facts"]], goal=_fact(c["goal"]),
                        constants={k: int(v) for k, v in c["constants"].items()},
                        elem_sorts={int(k): str(v) for k, v in c["elem_sorts"].items()}) for c in d["cases"]]
    return Proof(kind=str(d["kind"]), cases=cases, var=str(d["var"]),
                 step_elems=tuple(int(x) for x in d["step_elems"]))  # type: ignore[arg-type]
