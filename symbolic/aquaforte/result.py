"""Configuration of an AquaForte run (its outcome is a :class:`symbolic.smt.SmtResult` with ``solver="aquaforte"``)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AquaForteConfig"]


@dataclass(frozen=True)
class AquaForteConfig:
    """Inert settings. ``timeout`` bounds the whole run; ``check_timeout`` one candidate check."""

    timeout: float = 10.0
    check_timeout: float = 2.0
    fit_timeout: float = 1.0  # one coefficient fit of a template
    solver: str = "z3"  # validates candidates
    verify_solvers: tuple[str, ...] = ("z3", "cvc5")  # independent check of every SAT answer
    rounds: int = 4  # proposer calls per component
    candidates_per_round: int = 6
    cegis_rounds: int = 6
    initial_points: int = 3
    race_plain: bool = True  # run the plain portfolio on the whole problem alongside (never worse than it)
    fallback: bool = True
    memory_mb: int | None = 4096
    max_instances: int = 40
