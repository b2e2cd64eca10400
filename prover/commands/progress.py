"""``prover progress``: build datasets, train, evaluate and query the proof-progress predictor.

Heavy imports (torch) happen inside the commands so ``prover --help`` stays fast.  Results go to stdout as
one JSON document with ``--json``; human output goes to stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from prover.errors import UserError
from prover.output import emit_json
from symbolic.limits import iter_json_lines

app = typer.Typer(
    help="Proof-progress predictor: how many tactic steps remain from a proof state.", no_args_is_help=True
)
err = Console(stderr=True)

DataOpt = Annotated[
    Path | None,
    typer.Option("--data", help="Benchmark data folder (default: ../shared/data beside the checkout)."),
]
RecordsOpt = Annotated[
    Path | None, typer.Option("--records", help="Use this records JSONL instead of building from --data.")
]
CheckpointOpt = Annotated[
    Path | None, typer.Option("--checkpoint", help="Checkpoint file (default: the shipped one).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document.")]


def _load_records(data: Path | None, records: Path | None) -> tuple[list[Any], dict[str, Any]]:
    """Records from a JSONL file, or built from the benchmark proofs; plus a small provenance report."""
    from prover.progress.pipeline import build_default_dataset, find_data_root
    from prover.progress.records import read_jsonl

    if records is not None:
        rs = read_jsonl(records)
        return rs, {"records_file": str(records), "records": len(rs)}
    root = data if data is not None else find_data_root()
    if root is None:
        raise UserError(
            "benchmark data not found: pass --data DIR or --records FILE (or set PROVER_DATA_DIR)"
        )
    ds = build_default_dataset(root)
    for path, reason in ds.skipped:
        err.print(f"skipped {path}: {reason}", markup=False, highlight=False)
    return ds.records, {
        "data": str(root),
        "proofs": ds.proofs,
        "skipped": len(ds.skipped),
        "records": len(ds.records),
    }


@app.command()
def dataset(
    out: Annotated[Path, typer.Option("-o", "--out", help="Output JSONL file.")],
    data: DataOpt = None,
    leandojo: Annotated[
        list[Path] | None, typer.Option("--leandojo", help="Also add a LeanDojo-benchmark traced file.")
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Write the training records ({problem, state, history, steps_remaining, source}) as JSONL."""
    from prover.progress.datasets import load_leandojo
    from prover.progress.records import write_jsonl

    records, report = _load_records(data, None)
    for path in leandojo or []:
        ld = load_leandojo(path)
        records.extend(ld.records)
        report[f"leandojo:{path}"] = {
            "theorems": ld.proofs,
            "skipped": len(ld.skipped),
            "records": len(ld.records),
        }
    report["written"] = write_jsonl(records, out)
    report["out"] = str(out)
    if json_out:
        emit_json(report)
    else:
        err.print(f"wrote {report['written']} records to {out} (skipped proofs: {report.get('skipped', 0)})")


@app.command()
def train(
    out: Annotated[Path, typer.Option("-o", "--out", help="Where to write the checkpoint.")],
    data: DataOpt = None,
    records: RecordsOpt = None,
    extra: Annotated[
        list[Path] | None,
        typer.Option("--add", help="Also train on this records JSONL (e.g. search traces); repeatable."),
    ] = None,
    epochs: Annotated[int, typer.Option(min=1, help="Training epochs.")] = 5,
    threads: Annotated[int, typer.Option(min=1, help="Torch CPU threads.")] = 1,
    seed: Annotated[int, typer.Option(help="Seed of initialisation and sampling (not of the split).")] = 0,
    time_limit: Annotated[
        float, typer.Option(help="Stop after the epoch that passes this many seconds.")
    ] = 540.0,
    balance: Annotated[bool, typer.Option(help="Resample each epoch by remaining-steps bucket.")] = True,
    rank_weight: Annotated[
        float, typer.Option(min=0.0, help="Weight of the within-proof ranking loss.")
    ] = 0.1,
    select_epoch: Annotated[
        bool, typer.Option(help="Keep the epoch with the best validation score instead of the last.")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Train on the problem-disjoint train split, select on validation, report held-out test scores."""
    from prover.progress.checkpoint import save_checkpoint
    from prover.progress.metrics import countdown_baseline, median_baseline
    from prover.progress.pipeline import make_splits
    from prover.progress.predictor import ProgressPredictor
    from prover.progress.records import read_jsonl
    from prover.progress.training import TrainConfig
    from prover.progress.training import train as run_training

    rs, report = _load_records(data, records)
    for path in extra or []:
        more = read_jsonl(path)
        rs = [*rs, *more]
        report[f"added:{path}"] = len(more)
    splits = make_splits(rs)
    if not splits.train:
        raise UserError("no training records after the split (dataset too small?)")
    cfg = TrainConfig(
        epochs=epochs,
        threads=threads,
        seed=seed,
        time_limit_s=time_limit,
        balance=balance,
        rank_weight=rank_weight,
        select_epoch=select_epoch,
    )
    result = run_training(splits.train, splits.val, config=cfg, log=lambda m: err.print(m, highlight=False))
    metrics: dict[str, Any] = {
        "splits": splits.summary(),
        "sources": _source_counts(rs),
        "train_seconds": result.seconds,
        "best_epoch": result.best_epoch,
        "history": result.history,
        "train_median": median_baseline(splits.train),
        "train_countdown_c": countdown_baseline(splits.train),
    }
    path = save_checkpoint(out, result.model, train_config=cfg.to_dict(), metrics=metrics)
    if splits.test:
        from prover.progress.paths import estimate_in_order

        scorer = ProgressPredictor(path)
        preds = scorer.estimate([r.state for r in splits.test], [r.history for r in splits.test])
        chained = estimate_in_order(scorer, splits.test)
        metrics.update(_scores_with_baselines(preds, splits.test, metrics, prefix="test_", chained=chained))
        save_checkpoint(out, result.model, train_config=cfg.to_dict(), metrics=metrics)
    summary = {"checkpoint": str(path), "data": report, **metrics}
    if json_out:
        emit_json(summary)
    else:
        err.print(f"wrote {path} in {result.seconds:.0f}s (best epoch {result.best_epoch})")
        if "test_model" in metrics:
            _print_scores("test", metrics, prefix="test_")


def _source_counts(records: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in records:
        counts[r.source] = counts.get(r.source, 0) + 1
    return counts


def _scores_with_baselines(
    preds: list[float], chosen: list[Any], base: dict[str, Any], *, prefix: str = "",
    chained: list[float] | None = None,
) -> dict[str, Any]:
    """Model and both baselines (training median, fitted countdown) scored on the same records: keys
    ``{prefix}model``, ``{prefix}median_baseline``, ``{prefix}countdown_baseline``, and with ``chained``
    (each proof's states fed in order with their predecessor's estimate, as the search does)
    ``{prefix}model_chained``."""
    from prover.progress.metrics import countdown, evaluate

    median, c = base["train_median"], base["train_countdown_c"]
    return {
        f"{prefix}model": evaluate(preds, chosen),
        **({f"{prefix}model_chained": evaluate(chained, chosen)} if chained is not None else {}),
        f"{prefix}median_baseline": {"value": median, **evaluate([median] * len(chosen), chosen)},
        f"{prefix}countdown_baseline": {
            "c": c,
            **evaluate([countdown(c, len(r.history)) for r in chosen], chosen),
        },
    }


def _print_scores(name: str, doc: dict[str, Any], *, prefix: str = "") -> None:
    for label in ("model", "model_chained", "median_baseline", "countdown_baseline"):
        if f"{prefix}{label}" not in doc:
            continue
        e = doc[f"{prefix}{label}"]
        a = e["all"]
        err.print(
            f"{name} {label.removesuffix('_baseline'):<13}: n={a['n']}  MAE {a['mae']:.2f}  exact {a['exact']:.1%}  "
            f"±1 {a['within1']:.1%}  Spearman {e['spearman']:.3f}  "
            f"within a proof {e['problem_mean']['spearman']:.3f}",
            highlight=False,
        )


@app.command("eval")
def eval_cmd(
    checkpoint: CheckpointOpt = None,
    data: DataOpt = None,
    records: RecordsOpt = None,
    split: Annotated[str, typer.Option(help="Which split to score: test, val, train or all.")] = "test",
    json_out: JsonOpt = False,
) -> None:
    """Score a checkpoint on a problem-disjoint split, next to the median and countdown baselines.

    The baselines' constants come from the checkpoint's own training labels (stored in it), never from
    the records being scored.
    """
    from prover.progress.metrics import countdown_baseline, median_baseline
    from prover.progress.pipeline import make_splits
    from prover.progress.predictor import ProgressPredictor

    if split not in ("test", "val", "train", "all"):
        raise UserError(f"--split {split!r}: expected one of test, val, train, all")
    rs, report = _load_records(data, records)
    splits = make_splits(rs)
    chosen = rs if split == "all" else getattr(splits, split)
    if not chosen:
        raise UserError(f"split {split!r} is empty")
    predictor = ProgressPredictor(checkpoint)
    stored = predictor.meta.get("metrics") or {}
    if "train_median" in stored and "train_countdown_c" in stored:
        base = {k: stored[k] for k in ("train_median", "train_countdown_c")}
        base_from = "checkpoint training labels"
    elif splits.train:
        base = {
            "train_median": median_baseline(splits.train),
            "train_countdown_c": countdown_baseline(splits.train),
        }
        base_from = "train split of these records"
    else:
        raise UserError(
            "no baseline constants: the checkpoint stores none and these records have no train split"
        )
    from prover.progress.paths import estimate_in_order

    preds = predictor.estimate([r.state for r in chosen], [r.history for r in chosen])
    chained = estimate_in_order(predictor, chosen)
    doc = {
        "checkpoint": str(predictor.checkpoint),
        "split": split,
        "data": report,
        "baselines_from": base_from,
        **_scores_with_baselines(preds, chosen, base, chained=chained),
    }
    if json_out:
        emit_json(doc)
    else:
        _print_scores(split, doc)


@app.command()
def predict(
    states: Annotated[list[str] | None, typer.Argument(help="Proof states (goal text).")] = None,
    history: Annotated[
        list[str] | None,
        typer.Option("--history", help="A tactic already applied (repeat; applies to all states)."),
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="JSONL of {state, history?} objects to score.")
    ] = None,
    checkpoint: CheckpointOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Predict the remaining steps for proof states given as arguments or in a JSONL file."""
    from prover.progress.predictor import ProgressPredictor

    items: list[tuple[str, list[str]]] = [(s, list(history or [])) for s in states or []]
    if file is not None:
        items.extend(_read_queries(file))
    if not items:
        raise UserError("no states given: pass STATE arguments or --file FILE")
    preds = ProgressPredictor(checkpoint).estimate([s for s, _ in items], [h for _, h in items])
    if json_out:
        emit_json(
            {
                "predictions": [
                    {"state": s, "steps_remaining": p} for (s, _), p in zip(items, preds, strict=True)
                ]
            }
        )
    else:
        for (s, _), p in zip(items, preds, strict=True):
            first = s.strip().splitlines()[-1] if s.strip() else ""
            err.print(f"{p:6.2f}  {first[:100]}", markup=False, highlight=False)


def _read_queries(path: Path) -> list[tuple[str, list[str]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset {exc.start})") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    out: list[tuple[str, list[str]]] = []
    for lineno, obj in iter_json_lines(lines, source=str(path)):
        if not isinstance(obj, dict) or not isinstance(obj.get("state"), str):
            raise UserError(f"{path}:{lineno}: expected an object with a string field 'state'")
        hist = obj.get("history", [])
        if not isinstance(hist, list) or not all(isinstance(h, str) for h in hist):
            raise UserError(f"{path}:{lineno}: field 'history' must be a list of strings")
        out.append((obj["state"], hist))
    return out
