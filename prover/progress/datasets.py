"""Build :class:`ProgressRecord` datasets from Lean proofs, LeanDojo traces and our own search paths.

Also the two dataset operations LeanProgress relies on: a split *by problem* (no problem's states leak
from training into evaluation) and resampling by remaining-steps bucket (proof lengths are skewed short,
so an unbalanced model learns to predict "almost done").
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from prover.progress.errors import DatasetError, ProofSplitError
from prover.progress.reconstruct import reconstruct_states
from prover.progress.records import ProgressRecord
from prover.progress.splitter import SplitProof, split_proof

__all__ = [
    "BUCKETS",
    "LeanProofDataset",
    "balance_by_bucket",
    "bucket_of",
    "load_goals",
    "load_lean_proofs",
    "load_leandojo",
    "records_from_search_path",
    "records_from_split",
    "records_from_trace",
    "split_by_problem",
]

# Remaining-steps buckets (inclusive bounds; None = unbounded): used for balancing and per-bucket metrics.
BUCKETS: tuple[tuple[int, int | None], ...] = (
    (1, 1),
    (2, 3),
    (4, 7),
    (8, 15),
    (16, 31),
    (32, 63),
    (64, None),
)


def bucket_of(steps_remaining: int) -> int:
    """Index in :data:`BUCKETS` of a remaining-steps count (0 and below fall into the first bucket)."""
    for i, (_lo, hi) in enumerate(BUCKETS):
        if hi is None or steps_remaining <= hi:
            return i
    return len(BUCKETS) - 1


def bucket_label(index: int) -> str:
    """Human label of a bucket, e.g. ``4-7`` or ``64+``."""
    lo, hi = BUCKETS[index]
    return f"{lo}+" if hi is None else (str(lo) if lo == hi else f"{lo}-{hi}")


def load_goals(path: str | Path) -> dict[str, str]:
    """Map problem name -> Lean's pretty-printed initial goal, from a miniF2F-style JSONL (``name``, ``goal``)."""
    p = Path(path)
    goals: dict[str, str] = {}
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DatasetError(p, f"cannot read goals file ({exc.strerror or exc})") from exc
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(p, f"invalid JSON ({exc.msg})", lineno) from exc
        if isinstance(row, dict) and isinstance(row.get("name"), str) and isinstance(row.get("goal"), str):
            goals.setdefault(row["name"], row["goal"])
    return goals


def records_from_split(
    split: SplitProof,
    *,
    problem: str,
    initial_state: str,
    source: str,
    state_is_goal: bool,
    local_goals: bool = False,
    reconstruct: bool = False,
) -> list[ProgressRecord]:
    """One record per step of a split proof: the state before it, the steps before it, and ``n - i``.

    Only the initial goal is known for a bare proof file.  With ``reconstruct`` (the default of the
    pipeline), each state is the goal stack replayed from the step texts (:mod:`prover.progress.reconstruct`;
    ``meta.approximate_steps`` counts the earlier steps whose effect the text does not determine) and the
    source gets a ``+reconstructed`` suffix.  Otherwise every state is the initial goal.
    With ``local_goals``, a step inside a ``have … : T := by`` block gets the initial hypotheses and ``⊢ T``
    as its state (the goal that block starts from) instead of the initial goal.  ``meta.state_is_goal`` is
    true only where ``state`` is the goal at that very step (step 0, or a block's first step).
    """
    texts = [s.text for s in split.steps]
    n = len(texts)
    if reconstruct:
        states = reconstruct_states(split, initial_state)
        return [
            ProgressRecord(
                problem=problem,
                state=st.text,
                history=tuple(texts[:i]),
                steps_remaining=n - i,
                source=f"{source}+reconstructed",
                meta={
                    "step": i,
                    "total_steps": n,
                    "state_is_goal": state_is_goal and st.approximate == 0,
                    "reconstructed": True,
                    "approximate_steps": st.approximate,
                },
            )
            for i, st in enumerate(states)
        ]
    enclosing = split.enclosing_goals() if local_goals else [None] * n
    head = initial_state.split("⊢", 1)[0] if "⊢" in initial_state else ""
    out = []
    for i in range(n):
        goal = enclosing[i]
        if goal is None:
            state, exact = initial_state, state_is_goal and i == 0
        else:
            state = f"{head}⊢ {goal}"
            exact = i > 0 and split.steps[i - 1].kind == "opener" and enclosing[i - 1] != goal
        out.append(
            ProgressRecord(
                problem=problem,
                state=state,
                history=tuple(texts[:i]),
                steps_remaining=n - i,
                source=source,
                meta={"step": i, "total_steps": n, "state_is_goal": exact},
            )
        )
    return out


@dataclass
class LeanProofDataset:
    """Records built from a folder of ``.lean`` proofs, plus the files that could not be split (and why)."""

    records: list[ProgressRecord]
    proofs: int
    skipped: list[tuple[str, str]] = field(default_factory=list)


def load_lean_proofs(
    proof_dir: str | Path,
    *,
    goals: dict[str, str] | None = None,
    source: str = "deepseek-prover-v2",
    local_goals: bool = False,
    reconstruct: bool = False,
) -> LeanProofDataset:
    """Split every ``*.lean`` file of ``proof_dir`` and label its steps; unsplittable files are skipped.

    ``goals`` (problem name -> initial goal text) gives the initial state where known; otherwise the state is
    the theorem statement.  Skipped files are listed with their reason so callers can report the count.
    """
    folder = Path(proof_dir)
    if not folder.is_dir():
        raise DatasetError(folder, "proof folder not found")
    records: list[ProgressRecord] = []
    skipped: list[tuple[str, str]] = []
    proofs = 0
    for path in sorted(folder.glob("*.lean")):
        try:
            split = split_proof(path.read_text(encoding="utf-8"), source=str(path))
        except (ProofSplitError, UnicodeDecodeError) as exc:
            skipped.append((str(path), str(exc)))
            continue
        problem = split.name or path.stem
        goal = (goals or {}).get(problem) or (goals or {}).get(path.stem)
        records.extend(
            records_from_split(
                split,
                problem=problem,
                initial_state=goal if goal is not None else split.statement,
                source=source,
                state_is_goal=goal is not None,
                local_goals=local_goals,
                reconstruct=reconstruct and goal is not None,
            )
        )
        proofs += 1
    return LeanProofDataset(records, proofs, skipped)


def load_leandojo(path: str | Path, *, source: str = "leandojo") -> LeanProofDataset:
    """Records from a LeanDojo-benchmark file (a JSON list, or JSONL, of theorems with ``traced_tactics``).

    Each traced tactic gives one record: ``state_before`` is the real goal, the earlier tactics are the
    history and the label is the number of traced tactics from it to the end (LeanProgress's counting).
    Theorems without traced tactics are skipped and listed.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise DatasetError(p, f"cannot read LeanDojo file ({exc.strerror or exc})") from exc
    theorems = _decode_json_or_jsonl(text, p)
    records: list[ProgressRecord] = []
    skipped: list[tuple[str, str]] = []
    proofs = 0
    for k, thm in enumerate(theorems):
        if not isinstance(thm, dict):
            raise DatasetError(p, f"theorem #{k} is not a JSON object")
        name = str(thm.get("full_name") or f"#{k}")
        tactics = thm.get("traced_tactics") or []
        if not isinstance(tactics, list) or not tactics:
            skipped.append((name, "no traced tactics"))
            continue
        try:
            states = [str(t["state_before"]) for t in tactics]
            texts = [str(t["tactic"]) for t in tactics]
        except (KeyError, TypeError) as exc:
            raise DatasetError(p, f"theorem {name}: traced tactic without 'tactic'/'state_before'") from exc
        records.extend(records_from_search_path(name, states, texts, source=source))
        proofs += 1
    return LeanProofDataset(records, proofs, skipped)


def _decode_json_or_jsonl(text: str, where: Path) -> list[object]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DatasetError(where, f"invalid JSON ({exc.msg})", exc.lineno) from exc
        return list(data)
    rows: list[object] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise DatasetError(where, f"invalid JSON ({exc.msg})", lineno) from exc
    return rows


def records_from_search_path(
    problem: str, states: Sequence[str], tactics: Sequence[str], *, source: str = "search"
) -> list[ProgressRecord]:
    """Label the path of a *found* proof: ``states[i]`` is the goal before ``tactics[i]``.

    This is how our own search traces become training data: only the winning path is labelled, with the
    steps remaining on it.
    """
    if len(states) != len(tactics):
        raise DatasetError(problem, f"{len(states)} states but {len(tactics)} tactics on the path")
    n = len(tactics)
    return [
        ProgressRecord(
            problem=problem,
            state=states[i],
            history=tuple(tactics[:i]),
            steps_remaining=n - i,
            source=source,
            meta={"step": i, "total_steps": n, "state_is_goal": True},
        )
        for i in range(n)
    ]


def _problem_fraction(problem: str, seed: int) -> float:
    digest = hashlib.sha256(f"{seed}:{problem}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split_by_problem(
    records: Iterable[ProgressRecord], *, val_fraction: float = 0.1, test_fraction: float = 0.2, seed: int = 0
) -> tuple[list[ProgressRecord], list[ProgressRecord], list[ProgressRecord]]:
    """Deterministic train/val/test split keyed on the problem name: all states of a problem go together."""
    train: list[ProgressRecord] = []
    val: list[ProgressRecord] = []
    test: list[ProgressRecord] = []
    for r in records:
        u = _problem_fraction(r.problem, seed)
        (test if u < test_fraction else val if u < test_fraction + val_fraction else train).append(r)
    return train, val, test


def balance_by_bucket(
    records: Sequence[ProgressRecord], *, seed: int = 0, size: int | None = None, max_repeat: float = 4.0
) -> list[ProgressRecord]:
    """Resample so each remaining-steps bucket gets an equal share of ``size`` (default: ``len(records)``).

    Small buckets are oversampled with replacement, but at most ``max_repeat`` times their real size, so a
    handful of rare states is not copied hundreds of times; large buckets are subsampled.
    """
    groups: dict[int, list[ProgressRecord]] = {}
    for r in records:
        groups.setdefault(bucket_of(r.steps_remaining), []).append(r)
    if not groups:
        return []
    rng = random.Random(seed)
    total = len(records) if size is None else size
    share = max(1, total // len(groups))
    out: list[ProgressRecord] = []
    for key in sorted(groups):
        group = groups[key]
        want = min(share, int(len(group) * max_repeat))
        if want <= len(group):
            out.extend(rng.sample(group, want))
        else:
            out.extend(group)
            out.extend(rng.choices(group, k=want - len(group)))
    rng.shuffle(out)
    return out


@dataclass
class TraceRecords:
    """Records from search traces: labelled states on found proof paths, and the states off them."""

    on_path: list[ProgressRecord]
    off_path: list[tuple[str, str, tuple[str, ...]]]  # (problem, state, history): negatives for "will close"


def trace_entry(entry: object, k: int, where: str) -> tuple[str, str, list[str]]:
    """(problem, state, history) of trace entry ``k``; :class:`DatasetError` naming it when malformed."""
    if not isinstance(entry, dict):
        raise DatasetError(where, f"trace entry #{k} is not an object")
    problem, state, history = entry.get("problem"), entry.get("state"), entry.get("history", [])
    if not isinstance(problem, str) or not isinstance(state, str):
        raise DatasetError(where, f"trace entry #{k}: 'problem' and 'state' must be strings")
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise DatasetError(where, f"trace entry #{k}: 'history' must be a list of strings")
    return problem, state, history


def records_from_trace(
    trace: Sequence[object], *, source: str = "search", where: str = "<trace>"
) -> TraceRecords:
    """Split a ``SearchResult.trace`` (one dict per explored state) into labelled and off-path states.

    A state on the proof path carries ``steps_remaining`` (int); the final ``no goals`` state (0 remaining)
    is not a state to score and is left out.  Off-path states keep only their text and history.  A
    malformed entry raises :class:`DatasetError` naming its index.
    """
    on: list[ProgressRecord] = []
    off: list[tuple[str, str, tuple[str, ...]]] = []
    for k, entry in enumerate(trace):
        problem, state, history = trace_entry(entry, k, where)
        remaining = entry.get("steps_remaining")
        if entry.get("on_path") and isinstance(remaining, int) and not isinstance(remaining, bool):
            if remaining > 0:
                on.append(
                    ProgressRecord(
                        problem=problem,
                        state=state,
                        history=tuple(history),
                        steps_remaining=remaining,
                        source=source,
                        meta={"step": len(history), "depth": entry.get("depth"), "state_is_goal": True},
                    )
                )
        else:
            off.append((problem, state, tuple(history)))
    return TraceRecords(on, off)
