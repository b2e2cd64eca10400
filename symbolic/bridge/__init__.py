"""The Lean ↔ symbolic bridge: Lean 4 statements in the arithmetic fragment → terms (faithful to Lean's
semantics) → SMT → reconstructed Lean tactic scripts (the SMT hammer).

Façade::

    from symbolic.bridge import translate, hammer, HammerConfig, Outcome
    tr = translate("theorem t (x : ℝ) (h : 2 * x = 4) : x = 2 := by sorry")   # Translation (sequent)
    res = hammer(text, config=HammerConfig(solver="portfolio", timeout=10))   # HammerResult, never raises
    res.outcome, res.script, res.model        # res.claim: the shared vocabulary (symbolic.verdicts)
    self_check(theorem_text, proof_text)      # SelfCheckReport: emitted Lean read back in the theorem's context
"""

from symbolic.bridge.elaborate import Hypothesis, Sequent, elaborate
from symbolic.bridge.errors import LeanSyntaxError, UnsupportedError
from symbolic.bridge.hammer import (
    HammerConfig,
    HammerResult,
    Outcome,
    hammer,
    hammer_translation,
    propose_tactics,
)
from symbolic.bridge.lean_text import lean_text
from symbolic.bridge.lower import Lowering
from symbolic.bridge.parser import parse_expr, parse_goal_state, parse_statement
from symbolic.bridge.reconstruct import Candidate
from symbolic.bridge.selfcheck import SelfCheckReport, self_check
from symbolic.bridge.translate import Translation, parse_any, translate

__all__ = [
    "Candidate", "HammerConfig", "HammerResult", "Hypothesis", "LeanSyntaxError", "Lowering", "Outcome",
    "SelfCheckReport", "Sequent", "Translation", "UnsupportedError", "elaborate", "hammer", "hammer_translation",
    "lean_text", "parse_any", "parse_expr", "parse_goal_state", "parse_statement", "propose_tactics",
    "self_check", "translate",
]
