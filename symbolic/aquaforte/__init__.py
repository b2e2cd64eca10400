"""AquaForte: quantified SMT over uninterpreted functions, guided by candidate function definitions.

Pipeline: preprocess (rewrite, expand definitions) → separate into independent components → ask a proposer
(an LLM, or the deterministic :class:`TemplateProposer`) for candidate definitions → validate each by
substitution with a solver (fitting free coefficients by CEGIS) → learn exclusions and instances from
failures → fall back to the plain solvers; a plain z3/cvc5 race runs alongside, so the result is never worse
than theirs. Every SAT answer is checked against the original formula by an independent solver call.
"""

from symbolic.aquaforte.candidates import Candidate, CandidateError, parse_candidate
from symbolic.aquaforte.pipeline import AquaForte, solve_smtlib
from symbolic.aquaforte.preprocess import Definition, preprocess, simplify
from symbolic.aquaforte.proposer import FunctionSignature, ProposalRequest, Proposer
from symbolic.aquaforte.result import AquaForteConfig
from symbolic.aquaforte.separation import Component, reassemble, separate
from symbolic.aquaforte.templates import TemplateProposer

__all__ = [
    "AquaForte", "AquaForteConfig", "Candidate", "CandidateError", "Component", "Definition",
    "FunctionSignature", "ProposalRequest", "Proposer", "TemplateProposer", "parse_candidate", "preprocess",
    "reassemble", "separate", "simplify", "solve_smtlib",
]
