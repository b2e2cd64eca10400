"""The "will this close" head: P(a proof is found from this state), from the search's own traces.

Labels (:func:`close_labels_from_trace`): a state on a found proof path is a positive; a state whose whole
subtree the search exhausted without a proof (``trace[i]["exhausted"]``, defined on
:class:`prover.search.SearchResult`) is a negative.  Every other state (still queued at the budget, or cut by a
timeout, a crash or the depth limit) is unlabelled: nothing is known of it.

Model (:class:`CloseHead`): L2-regularised logistic regression on the progress features
(:mod:`prover.progress.features`, the same encoding as the remaining-steps model), standardised with the
training set's mean and spread.  Fitted by Newton's method (deterministic).  Scoring is pure Python: no torch.

Checkpoint: a small JSON file (``{"format": "prover.progress.close", "version": 1, "feature_names", "mean",
"scale", "weights", "bias", "metrics", "sources"}``); any problem reading it raises :class:`CheckpointError`
naming the file, which the search turns into a note and searches without the head.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prover.progress.datasets import trace_entry
from prover.progress.errors import CheckpointError, DatasetError
from prover.progress.features import FEATURE_NAMES, features

__all__ = [
    "CLOSE_CHECKPOINT",
    "CLOSE_FORMAT",
    "CLOSE_VERSION",
    "CloseExample",
    "CloseHead",
    "binary_metrics",
    "close_labels_from_trace",
    "load_close_head",
    "read_close_examples",
    "train_close_head",
    "write_close_examples",
]

CLOSE_FORMAT = "prover.progress.close"
CLOSE_VERSION = 1
CLOSE_CHECKPOINT = Path(__file__).with_name("checkpoints") / "close.json"


@dataclass(frozen=True)
class CloseExample:
    """One labelled state: ``label`` True when a proof was found through it, False when its subtree was
    exhausted; ``source``: where it came from (``search:<env>:<set>``)."""

    problem: str
    state: str
    history: tuple[str, ...]
    label: bool
    source: str

    def to_json(self) -> dict[str, Any]:
        return {"problem": self.problem, "state": self.state, "history": list(self.history),
                "label": self.label, "source": self.source}


def close_labels_from_trace(trace: Sequence[object], *, source: str = "search",
                            where: str = "<trace>") -> list[CloseExample]:
    """Positives (on the proof path) and negatives (exhausted subtrees) of one ``SearchResult.trace``.

    The closing ``no goals`` state is never in a trace; a trace without the ``exhausted`` field (older
    searches) gives positives only.  A malformed entry raises :class:`DatasetError` naming its index."""
    out: list[CloseExample] = []
    for k, entry in enumerate(trace):
        problem, state, history = trace_entry(entry, k, where)
        assert isinstance(entry, dict)
        on_path, exhausted = entry.get("on_path", False), entry.get("exhausted", False)
        if not isinstance(on_path, bool) or not isinstance(exhausted, bool):
            raise DatasetError(where, f"trace entry #{k}: 'on_path' and 'exhausted' must be booleans")
        if on_path and exhausted:
            raise DatasetError(where, f"trace entry #{k}: a state on the proof path cannot be exhausted")
        if on_path or exhausted:
            out.append(CloseExample(problem, state, tuple(history), on_path, source))
    return out


def write_close_examples(examples: Iterable[CloseExample], path: str | Path, *, append: bool = False) -> int:
    """Write (or append) one JSON object a line; a ``.gz`` path is gzip-compressed.  Returns the count."""
    n = 0
    p = Path(path)
    with (gzip.open(p, "at" if append else "wt", encoding="utf-8") if p.suffix == ".gz"
          else p.open("a" if append else "w", encoding="utf-8")) as fh:
        for ex in examples:
            fh.write(json.dumps(ex.to_json(), ensure_ascii=False) + "\n")
            n += 1
    return n


def read_close_examples(path: str | Path) -> list[CloseExample]:
    """Examples written by :func:`write_close_examples` (``.gz``: compressed); a malformed line raises
    :class:`DatasetError`."""
    p = Path(path)
    if not p.is_file():
        raise DatasetError(p, "file not found")
    try:
        text = gzip.decompress(p.read_bytes()).decode("utf-8") if p.suffix == ".gz" else p.read_text(encoding="utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise DatasetError(p, f"unreadable ({type(exc).__name__})") from exc
    out = []
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            ex = CloseExample(row["problem"], row["state"], tuple(row["history"]), row["label"], row["source"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise DatasetError(p, f"not a labelled state ({type(exc).__name__})", i) from exc
        if not isinstance(ex.label, bool) or not isinstance(ex.state, str):
            raise DatasetError(p, "'label' must be a boolean and 'state' a string", i)
        out.append(ex)
    return out


@dataclass
class CloseHead:
    """Logistic regression over standardised features: ``p_close(states, histories) -> [P(close)]``."""

    mean: list[float]
    scale: list[float]
    weights: list[float]
    bias: float
    metrics: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)

    def logit(self, state: str, history: Sequence[str] = ()) -> float:
        x = features(state, history)
        return self.bias + sum(w * (v - m) / s for w, v, m, s in zip(self.weights, x, self.mean, self.scale,
                                                                      strict=True))

    def p_close(self, states: Sequence[str], histories: Sequence[Sequence[str]] | None = None) -> list[float]:
        """P(close) in (0, 1) per state; any text is accepted (features read a bounded prefix).  A state or
        history of the wrong type raises ``ValueError`` naming its index."""
        if histories is not None and len(histories) != len(states):
            raise ValueError(f"{len(states)} states but {len(histories)} histories")
        out = []
        for i, s in enumerate(states):
            h = histories[i] if histories is not None else ()
            if not isinstance(s, str):
                raise ValueError(f"state #{i} is {type(s).__name__}, not str")
            if isinstance(h, str) or not all(isinstance(t, str) for t in h):
                raise ValueError(f"history #{i} must be a sequence of tactic strings")
            out.append(_sigmoid(self.logit(s, h)))
        return out

    def save(self, path: str | Path) -> Path:
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        doc = {"format": CLOSE_FORMAT, "version": CLOSE_VERSION, "feature_names": list(FEATURE_NAMES),
               "mean": self.mean, "scale": self.scale, "weights": self.weights, "bias": self.bias,
               "metrics": self.metrics, "sources": self.sources}
        tmp = p.with_name(p.name + ".tmp")
        tmp.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        tmp.replace(p)
        return p


def load_close_head(path: str | Path | None = None) -> CloseHead:
    """Read a head saved by :meth:`CloseHead.save` (default: the shipped one); :class:`CheckpointError` when
    the file is missing, not JSON, of another format or version, or of another feature set."""
    p = Path(path) if path is not None else CLOSE_CHECKPOINT
    if not p.is_file():
        raise CheckpointError(p, "close-head checkpoint not found")
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CheckpointError(p, f"corrupt or unreadable close-head checkpoint ({type(exc).__name__})") from exc
    if not isinstance(doc, dict) or doc.get("format") != CLOSE_FORMAT:
        raise CheckpointError(p, "not a close-head checkpoint")
    if doc.get("version") != CLOSE_VERSION:
        raise CheckpointError(p, f"close-head format version {doc.get('version')!r} not supported (this code "
                                 f"reads version {CLOSE_VERSION}; retrain with experiments/progress_close.py)")
    if doc.get("feature_names") != list(FEATURE_NAMES):
        raise CheckpointError(p, "close head trained on another feature set than this code computes; retrain it")
    n = len(FEATURE_NAMES)
    vecs = [doc.get(k) for k in ("mean", "scale", "weights")]
    if not all(isinstance(v, list) and len(v) == n and all(_finite(x) for x in v) for v in vecs) \
            or not _finite(doc.get("bias")) or any(s <= 0 for s in vecs[1]):
        raise CheckpointError(p, f"close-head weights malformed (expected {n} finite numbers each, scales > 0)")
    return CloseHead(*vecs, float(doc["bias"]), dict(doc.get("metrics") or {}), dict(doc.get("sources") or {}))


def train_close_head(examples: Sequence[CloseExample], *, l2: float = 1.0, iterations: int = 50) -> CloseHead:
    """Fit the head on ``examples`` (needs both labels): Newton's method on the L2-penalised log-loss
    (``l2`` on the standardised weights, not on the bias)."""
    import numpy as np

    labels = {ex.label for ex in examples}
    if labels != {True, False}:
        raise ValueError(f"training needs positives and negatives; got {len(examples)} examples of {labels or '{}'}")
    x = np.array([features(ex.state, ex.history) for ex in examples], dtype=np.float64)
    y = np.array([float(ex.label) for ex in examples])
    mean, scale = x.mean(0), np.maximum(x.std(0), 1e-3)
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 1e-6
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        grad = z.T @ (p - y) + penalty * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    sources: dict[str, int] = {}
    for ex in examples:
        sources[ex.source] = sources.get(ex.source, 0) + 1
    return CloseHead(mean.tolist(), scale.tolist(), w[:-1].tolist(), float(w[-1]), {}, sources)


def binary_metrics(labels: Sequence[bool], probs: Sequence[float]) -> dict[str, float]:
    """AUC (ties count half), log-loss (probabilities clipped to [1e-6, 1 − 1e-6]) and accuracy at 0.5."""
    n = len(labels)
    pos = [p for y, p in zip(labels, probs, strict=True) if y]
    neg = [p for y, p in zip(labels, probs, strict=True) if not y]
    # AUC through ranks (average rank for ties): O(n log n)
    order = sorted(range(n), key=lambda i: probs[i])
    ranks = [0.0] * n
    i = 0
    while i < n:
        j = i
        while j + 1 < n and probs[order[j + 1]] == probs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    auc = float("nan")
    if pos and neg:
        rank_sum = sum(r for r, y in zip(ranks, labels, strict=True) if y)
        auc = (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))
    clip = [min(max(p, 1e-6), 1 - 1e-6) for p in probs]
    loss = -sum(math.log(p) if y else math.log(1 - p) for y, p in zip(labels, clip, strict=True)) / max(n, 1)
    acc = sum((p >= 0.5) == y for y, p in zip(labels, probs, strict=True)) / max(n, 1)
    return {"n": n, "positives": len(pos), "auc": auc, "log_loss": loss, "accuracy": acc}


def _sigmoid(t: float) -> float:
    return 1.0 / (1.0 + math.exp(-t)) if t >= 0 else math.exp(t) / (1.0 + math.exp(t))


def _finite(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
