"""One acceptance rule: the step checker's re-check and whole-proof verification give the same answer on the
same Lean replies (a missing axioms report, a forbidden axiom, a clean audit)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prover.lean.pool import SessionPool
from prover.lean.results import ProofFinished, TacticError
from prover.lean.session import ReplSession
from prover.lean.steps import StepChecker, assemble_proof
from prover.lean.transcripts import Exchange
from prover.lean.transport import ReplayTransport
from prover.lean.verify import Verdict, verify_source

from .helpers import exchanges, recorded_answer, replay_session
from .test_steps import BRANCHING, BRANCHING_TACTICS


def _audit(answer: str, data: str) -> Exchange:
    env = json.loads(answer)["env"]
    msg = {"severity": "info", "pos": {"line": 1, "column": 0}, "endPos": {"line": 1, "column": 6}, "data": data}
    return Exchange({"cmd": "#print axioms complex_and", "env": env}, json.dumps({"messages": [msg], "env": env + 1}))


AUDITS = {
    "clean": ("'complex_and' depends on axioms: [propext]", Verdict.VALID, None),
    "missing": ("(no report)", Verdict.REPL_ERROR, "repl_error"),
    "forbidden": ("'complex_and' depends on axioms: [propext, Lean.ofReduceBool]", Verdict.REJECTED_UNSAFE,
                  "recheck_failed"),
    "sorry": ("'complex_and' depends on axioms: [sorryAx]", Verdict.SORRY, "recheck_failed"),
}


@pytest.mark.parametrize("case", sorted(AUDITS))
def test_step_checker_and_verification_agree(transcripts_dir: Path, case: str) -> None:
    data, verdict, kind = AUDITS[case]
    clean = recorded_answer(transcripts_dir, "pickle_environment", 3)
    proof = assemble_proof(BRANCHING, BRANCHING_TACTICS)
    audit = _audit(clean, data)
    # whole-proof verification
    replies = [Exchange({"cmd": proof}, clean), audit]
    pool = SessionPool(lambda h: ReplSession(lambda: ReplayTransport(replies, ordered=False), header=h), size=1)
    whole = verify_source(proof, pool)
    assert whole.verdict is verdict
    # the step checker's re-check of the same proof, on the same replies
    session, _ = replay_session([*exchanges(transcripts_dir, "proof_branching"), Exchange({"cmd": proof}, clean),
                                 audit])
    checker = StepChecker(session)
    state = checker.start(BRANCHING).state
    for tactic in BRANCHING_TACTICS[:-1]:
        state = checker.run_tactic(state, tactic).state
    step = checker.run_tactic(state, BRANCHING_TACTICS[-1])
    if verdict is Verdict.VALID:
        assert isinstance(step, ProofFinished)
    else:
        assert isinstance(step, TacticError) and step.kind == kind
        assert step.messages[0] == whole.detail
