"""Numeric features of a proof state (Lean's rendering) and the tactics applied so far.

The same function encodes training records and the states the search scores, so what the model learns
from reconstructed or traced states applies to live ones.  Pure Python; cost is bounded for any input:
only the first :data:`MAX_SCAN` characters of a state and the last :data:`MAX_HISTORY` tactics are read
(lengths are still measured on the whole text).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

__all__ = ["FEATURE_NAMES", "MAX_HISTORY", "MAX_SCAN", "N_FEATURES", "features"]

MAX_SCAN = 8192  # characters of a state read for counts (a 1 MB state costs the same as an 8 KB one)
MAX_HISTORY = 64  # most recent tactics read for counts

_SYMBOLS = ("∧", "∨", "↔", "∀", "∃", "¬", "→", "=", "≤", "<", "≠", "%", "∣", "∑", "∏", "√", "^", "/", "|")
_WORDS = ("Real.sqrt", "log", "Finset", "Nat.", "Int.", "ℝ", "ℕ", "ℤ", "ℂ", "ℚ", "sin", "cos", "False")
# tactic families (first word of a tactic); the last tactic's family is one-hot encoded
_FAMILIES: dict[str, tuple[str, ...]] = {
    "have": ("have", "haveI", "replace", "obtain", "set", "let", "show", "suffices"),
    "finish": (
        "linarith",
        "nlinarith",
        "omega",
        "positivity",
        "decide",
        "rfl",
        "exact",
        "assumption",
        "tauto",
        "aesop",
        "contradiction",
        "trivial",
        "simpa",
        "exact_mod_cast",
        "polyrith",
        "exacts",
    ),
    "simp": (
        "simp",
        "simp_all",
        "norm_num",
        "field_simp",
        "ring_nf",
        "ring",
        "push_cast",
        "norm_cast",
        "dsimp",
    ),
    "rewrite": ("rw", "rwa", "subst", "subst_vars", "calc", "conv", "nth_rewrite", "erw"),
    "intro": ("intro", "intros", "rintro", "by_contra", "by_contra!", "push_neg", "exfalso", "by_cases"),
    "split": (
        "constructor",
        "refine",
        "refine'",
        "use",
        "cases",
        "cases'",
        "rcases",
        "induction",
        "induction'",
        "interval_cases",
        "split_ifs",
        "match",
        "ext",
        "apply",
        "all_goals",
        "any_goals",
    ),
}
_FAMILY_OF = {w: f for f, ws in _FAMILIES.items() for w in ws}
_FAMILY_NAMES = (*_FAMILIES, "other", "none")
_NUM_RE = re.compile(r"\d+")
_WORD_RE = re.compile(r"[^\s\[(⟨]+")

FEATURE_NAMES: tuple[str, ...] = (
    "steps_taken",
    "log_steps_taken",
    "log_state_chars",
    "goals",
    "log_goals",
    "hyps_first_goal",
    "hyps_total",
    "log_target_chars",
    "log_history_chars",
    "solved",
    "numbers",
    "log_max_number",
    *(f"sym:{s}" for s in _SYMBOLS),
    *(f"word:{w}" for w in _WORDS),
    *(f"hist:{f}" for f in _FAMILY_NAMES[:-2]),
    *(f"last:{f}" for f in _FAMILY_NAMES),
    *(f"prev:{f}" for f in _FAMILY_NAMES),
    "last_opener",
    "last_bracketed_args",
    "on_main_target",
    "distinct_targets",
    "main_target_overlap",
    "hyps_main_goal",
    "log_main_target_chars",
    "log_blocks_opened",
    "log_steps_per_block",
)
N_FEATURES = len(FEATURE_NAMES)


def _family(tactic: str | None) -> str:
    if tactic is None:
        return "none"
    m = _WORD_RE.match(tactic.strip())
    return _FAMILY_OF.get(m.group(0), "other") if m else "other"


def _overlap(a: str, b: str) -> float:
    """Jaccard overlap of the whitespace tokens of two targets."""
    ta, tb = set(a.split()), set(b.split())
    return len(ta & tb) / max(1, len(ta | tb))


def features(state: str, history: Sequence[str] = ()) -> list[float]:
    """The feature vector of ``(state, history)``, in :data:`FEATURE_NAMES` order."""
    scan = state[:MAX_SCAN]
    solved = not scan.strip() or scan.strip() == "no goals"
    goals = scan.count("⊢")
    first, _, _ = scan.partition("\n\n")
    target = first.split("⊢", 1)[1] if "⊢" in first else first
    hyps_first = sum(1 for line in first.splitlines() if " : " in line and not line.startswith(("⊢", " ")))
    hyps_total = sum(1 for line in scan.splitlines() if " : " in line and not line.startswith(("⊢", " ")))
    numbers = _NUM_RE.findall(target)
    max_number = max((int(n[:12]) for n in numbers), default=0)
    # the last goal is the theorem's own (it is shown after every subgoal); working on it means the
    # proof is at its top level
    targets = [g.split("⊢", 1)[1].strip() for g in scan.split("\n\n") if "⊢" in g]
    main = scan.rsplit("\n\n", 1)[-1]
    hyps_main = sum(1 for line in main.splitlines() if " : " in line and not line.startswith(("⊢", " ")))
    n = len(history)
    # blocks opened so far (`have … := by`): how many steps this proof spends per block is its style
    opened = sum(1 for t in history[-MAX_HISTORY * 8 :] if t.rstrip().endswith("by"))
    recent = list(history[-MAX_HISTORY:])
    fams = [_family(t) for t in recent]
    last = recent[-1] if recent else None
    prev = recent[-2] if len(recent) > 1 else None
    hist_chars = sum(len(t) for t in recent)
    tgt_len = max(1, len(target))
    out = [
        min(n, 400) / 50.0,
        math.log1p(n),
        math.log1p(len(state)) / 4.0,
        min(goals, 20) / 4.0,
        math.log1p(goals),
        min(hyps_first, 50) / 10.0,
        min(hyps_total, 200) / 20.0,
        math.log1p(len(target)) / 4.0,
        math.log1p(hist_chars) / 4.0,
        float(solved),
        min(len(numbers), 50) / 10.0,
        math.log1p(max_number) / 5.0,
        *(min(target.count(s), 20) * 10.0 / tgt_len for s in _SYMBOLS),
        *(float(w in target) for w in _WORDS),
        *(fams.count(f) / max(1, len(fams)) for f in _FAMILY_NAMES[:-2]),
        *(float(_family(last) == f) for f in _FAMILY_NAMES),
        *(float(_family(prev) == f) for f in _FAMILY_NAMES),
        float(bool(last) and last.rstrip().endswith("by")),
        float(bool(last) and "[" in last),
        float(targets[0] == targets[-1]) if targets else 0.0,
        min(len(set(targets)), 10) / 4.0,
        _overlap(targets[0], targets[-1]) if targets else 0.0,
        min(hyps_main, 50) / 10.0,
        math.log1p(len(targets[-1]) if targets else 0) / 4.0,
        math.log1p(opened),
        math.log1p(n / (opened + 1)),
    ]
    return out
