"""``prover batch BENCHMARK --out DIR``: prove a whole benchmark, resumably, and write its report.

``BENCHMARK`` is ``demo`` (the project's problem set), ``minif2f``, ``proofnet``, ``proofnet-lean4``, a
``.jsonl`` of statements or a folder of ``.lean`` files. Results go to ``DIR/results.sqlite`` one attempt at a
time; running the same command again resumes (finished attempts are skipped). Ctrl-C stops cleanly: what
finished is kept and the report is written from it. With ``--json`` one JSON document (the run and the
report) goes to stdout; human output goes to stderr.
"""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(help="Prove a benchmark in batch (resumable; results, pass@k, audit, HTML index).",
                  invoke_without_command=True, context_settings={"allow_interspersed_args": True})
err = Console(stderr=True)


@app.callback()
def batch_command(
    benchmark: Annotated[str, typer.Argument(help="demo, minif2f, proofnet, proofnet-lean4, FILE.jsonl or DIR.")],
    out: Annotated[Path, typer.Option("--out", help="Run folder (result store, graphs, report).")],
    split: Annotated[str | None, typer.Option(help="valid or test (miniF2F, ProofNet); default valid.")] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N problems.")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (or Ray actors).")] = 2,
    attempts: Annotated[int, typer.Option(help="Attempts per problem (pass@k up to k = attempts).")] = 1,
    strategy: Annotated[str, typer.Option(
        help="best-first, whole-proof, sketch, hammer-first (the proof search), hammer (audit + SMT hammer, "
             "no search), audit (the statement audit alone), or module:function.")] = "best-first",
    env: Annotated[str, typer.Option(help="auto (Lean when a toolchain is found, else symbolic), symbolic or "
                                          "lean.")] = "auto",
    llm: Annotated[str, typer.Option(help="local (the embedded model), none, or an OpenAI-compatible base "
                                          "URL.")] = "local",
    time_per_problem: Annotated[float, typer.Option("--time-per-problem", help="Seconds per attempt.")] = 60.0,
    seed: Annotated[int, typer.Option(help="Seed of attempt 0 (attempt k uses seed + k).")] = 0,
    audit: Annotated[bool, typer.Option("--audit/--no-audit", help="Audit statements before proving.")] = True,
    executor: Annotated[str, typer.Option(help="process or ray (needs the \\[cluster] extra).")] = "process",
    ray_address: Annotated[str | None, typer.Option(help="Address of a running Ray cluster (default: local).")] = None,
    data: Annotated[Path | None, typer.Option(help="Benchmark data folder (default: PROVER_DATA_DIR).")] = None,
    download: Annotated[bool, typer.Option(help="Fetch a missing benchmark from its pinned source.")] = False,
    retry_errors: Annotated[bool, typer.Option("--retry-errors", help="Run again the attempts recorded as "
                                                                      "error (a crash, a dead server).")] = False,
    predictor: Annotated[bool | None, typer.Option(
        "--predictor/--no-predictor", help="Order the search with the progress predictor (default: the "
                                           "search's default, off).")] = None,
    html: Annotated[bool, typer.Option("--html/--no-html", help="Write the HTML index and graph pages.")] = True,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Run (or resume) a batch and write its report."""
    from prover.batch import BatchConfig, run_batch, write_report
    from prover.cli import emit_json

    config = BatchConfig(benchmark, out, split, limit, workers, attempts, strategy, env, llm, time_per_problem,
                         seed, audit, executor, ray_address, download, data, retry_errors=retry_errors,
                         predictor=predictor)
    # `timeout`, `kill` and schedulers send SIGTERM: stop as cleanly as on Ctrl-C (the report is written)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        run = run_batch(config, console=err, show_progress=not json_out)
    finally:
        signal.signal(signal.SIGTERM, previous)
    report = write_report(out, html=html)
    s = report.summary
    if json_out:
        emit_json({"run": run.to_json(), "report": s})
    else:
        err.print(f"{'stopped: ' if run.interrupted else ''}solved {s['solved']}/{s['problems']} "
                  f"({run.ran} attempts run, {run.skipped} resumed) · "
                  + " ".join(f"{k} {v}" for k, v in s["pass_at_k"].items()))
        err.print(f"outcomes: {', '.join(f'{k} {v}' for k, v in s['by_checker'].items())}")
        findings = s["audit_findings"]
        for f in findings[:5]:
            err.print(f"audit: {f['problem']}: {f['outcome']}: {f['detail']}", markup=False)
        if len(findings) > 5:
            err.print(f"audit: {len(findings) - 5} more findings in {out / 'report.md'}")
        if s["input_errors"]:
            err.print(f"{len(s['input_errors'])} input rows refused (see {out / 'report.md'})")
        err.print(f"report: {out / 'report.md'} · index: {out / 'index.html'} · results: {out / 'results.jsonl'}")
    if run.interrupted:
        raise typer.Exit(130)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
