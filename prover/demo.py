"""``prover demo``: the main job on the embedded default problems.

Each section runs one real component on a few problems written for this project and writes, per problem, a
provenance graph (JSON) and its offline HTML page; an index page links them all. Sections whose optional
dependencies are missing are reported as skipped with the reason, never silently dropped.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console

from symbolic.provenance import EdgeKind, IndexEntry, NodeKind, ProvenanceGraph, write_graph, write_index

__all__ = ["DemoItem", "neural_source", "run_demo"]

# Small Lean statements for the neural section (written for this project).
NEURAL_PROBLEMS = [
    {
        "name": "demo_add_comm",
        "statement": "theorem demo_add_comm (a b : ℕ) : a + b = b + a := by",
        "goal": "a b : ℕ\n⊢ a + b = b + a",
    },
    {
        "name": "demo_linear",
        "statement": "theorem demo_linear (x : ℝ) (h₀ : 2 * x + 3 = 7) : x = 2 := by",
        "goal": "x : ℝ\nh₀ : 2 * x + 3 = 7\n⊢ x = 2",
    },
]


@dataclass
class DemoItem:
    """One problem's outcome in the demo."""

    section: str
    name: str
    status: str
    checker: str
    summary: str
    graph: str = ""
    html: str = ""
    seconds: float = 0.0


@dataclass
class DemoSection:
    name: str
    run: Callable[[Path, Console], list[tuple[DemoItem, ProvenanceGraph]]]
    skipped: str | None = None
    items: list[DemoItem] = field(default_factory=list)


def neural_source(statement: str, tactics: str) -> str:
    """The whole Lean file checked for one proposal: the import header, the statement, the tactic block."""
    from prover.search.environment import DEFAULT_HEADER

    return DEFAULT_HEADER + "\n" + statement + "\n" + "\n".join("  " + ln for ln in tactics.splitlines())


def _neural(out: Path, console: Console) -> list[tuple[DemoItem, ProvenanceGraph]]:
    """LLM tactic proposals + progress estimates + the soundness guard / Lean check of each proposal."""
    from prover.commands.lean import check_with_lean
    from prover.llm import LLMError, TacticProposer, open_client
    from prover.progress import load_predictor_or_none

    predictor = load_predictor_or_none()
    results = []
    with open_client() as client:
        proposer = TacticProposer(client, proof_max_tokens=160, max_tokens=48)
        for prob in NEURAL_PROBLEMS:
            t0 = time.perf_counter()
            g = ProvenanceGraph(title=f"{prob['name']} (LLM proposals)")
            remaining = predictor.estimate([prob["goal"]])[0] if predictor is not None else None
            goal = g.add_node(NodeKind.GOAL, prob["goal"], lean=prob["statement"], status="open",
                              estimated_remaining_steps=remaining)
            try:
                proposals = proposer.propose_tactics(prob["goal"], n=4)
            except LLMError as exc:  # proposers already swallow these; belt and braces for the demo
                console.print(f"  {prob['name']}: LLM failed: {exc}", markup=False)
                proposals = []
            verdicts = []
            for p in proposals:
                pid = g.add_node(NodeKind.PROPOSAL, p.text, model=p.model, prompt_id=p.prompt_id,
                                 logprob=p.logprob)
                tid = g.add_node(NodeKind.TACTIC, p.text, lean=p.text)
                g.add_edge(pid, tid, EdgeKind.PROPOSED_BY)
                source = neural_source(prob["statement"], p.text)
                result = check_with_lean(source, prob["statement"].removesuffix(" := by"), None, 60.0)
                verdicts.append(result.verdict.value)
                cid = g.add_node(NodeKind.LEAN_CHECK, source, lean=source, verdict=result.verdict.value,
                                 messages=[result.detail] if result.detail else [])
                g.add_edge(tid, cid, EdgeKind.DERIVED_FROM)
                if result.verdict.value == "valid":
                    g.add_edge(cid, goal, EdgeKind.CLOSES)
            status = "proved" if "valid" in verdicts else "open"
            summary = f"{len(proposals)} proposals; verdicts: {', '.join(verdicts) or 'none'}"
            if remaining is not None:
                summary += f"; predicted remaining steps {remaining:.1f}"
            results.append((DemoItem("neural", prob["name"], status, "lean" if status == "proved" else "none",
                                     summary, seconds=time.perf_counter() - t0), g))
    return results


DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def _gl(out: Path, console: Console) -> list[tuple[DemoItem, ProvenanceGraph]]:
    """Generative Logic: the quick Peano targets, each proof replayed by the independent checker."""
    from symbolic.gl import GLConfig, load_targets, load_theory, run_theory, theorem_graph

    theory = load_theory(DATA_DIR / "theories" / "peano.mpl")
    targets = load_targets(DATA_DIR / "theories" / "peano_quick.targets", theory)
    t0 = time.perf_counter()
    result, _phases = run_theory(theory, targets, GLConfig(time_budget=120.0))
    seconds = time.perf_counter() - t0
    items = []
    cited = {t.name: t.statement for t in result.theorems}
    for th in result.theorems:
        items.append((DemoItem("gl", th.name, "proved", th.checker, f"proved by the GL grid in a {seconds:.2f} s run",
                               seconds=seconds), theorem_graph(th, theory, cited)))
    for name in result.unproved:
        g = ProvenanceGraph(title=f"GL target {name} (not proved)")
        g.add_node(NodeKind.GOAL, name, status="open")
        items.append((DemoItem("gl", name, "open", "none", f"not proved ({result.stopped})"), g))
    return items


def _hammer(out: Path, console: Console) -> list[tuple[DemoItem, ProvenanceGraph]]:
    """The SMT hammer on Lean statements with known truth values: translate, decide, reconstruct a script."""
    from symbolic.bridge import HammerConfig, hammer

    rows = [json.loads(line) for line in (DATA_DIR / "hammer" / "statements.jsonl").read_text().splitlines()
            if line.strip()][:10]
    items = []
    for row in rows:
        g = ProvenanceGraph(title=f"{row['name']} (SMT hammer)")
        res = hammer(row["statement"], name=row["name"], config=HammerConfig(timeout=5.0), graph=g)
        truth = "true" if row.get("truth") else "false"
        summary = f"known {truth}; {res.outcome.value}"
        if res.scripts:
            tactics = " ".join(res.scripts[0].tactics.split())
            summary += f"; script `{tactics[:70]}` (not checked by Lean)"
        if res.model:
            summary += f"; counter-model {res.model}"
        if g.number_of_nodes() == 0:
            g.add_node(NodeKind.GOAL, row["statement"], status=res.outcome.value)
        checker = res.checker.value if res.checker else "none"
        items.append((DemoItem("hammer", row["name"], res.outcome.value, checker, summary,
                               seconds=res.seconds), g))
    return items


AQUAFORTE_DEMO = ["lin_step", "lin_step_wrong_value", "reciprocal", "two_functions", "cauchy_real"]


def _aquaforte(out: Path, console: Console) -> list[tuple[DemoItem, ProvenanceGraph]]:
    """AquaForte (template proposer) on quantified problems with uninterpreted functions."""
    from symbolic.aquaforte import AquaForte, AquaForteConfig

    items = []
    for name in AQUAFORTE_DEMO:
        path = DATA_DIR / "smt" / f"{name}.smt2"
        res = AquaForte(config=AquaForteConfig(timeout=10)).solve_file(path)
        summary = f"{res.status.value} (decided by {res.decided_by})"
        if res.definitions:
            summary += "; " + "; ".join(res.definitions.values())
        if res.verified_by:
            summary += f"; model verified by {', '.join(res.verified_by)}"
        g = res.graph if res.graph is not None else ProvenanceGraph(title=f"{name} (AquaForte)")
        if g.number_of_nodes() == 0:
            g.add_node(NodeKind.GOAL, path.name, status=res.status.value)
        status = res.status.value
        items.append((DemoItem("aquaforte", name, status, "smt" if status != "unknown" else "none", summary,
                               seconds=res.seconds), g))
    return items


# (section name, "module:function" returning list[(DemoItem, ProvenanceGraph)] for (out, console))
SECTIONS: list[tuple[str, str]] = [
    ("aquaforte", "prover.demo:_aquaforte"),
    ("hammer", "prover.demo:_hammer"),
    ("gl", "prover.demo:_gl"),
    ("neural", "prover.demo:_neural"),
]


def _load(spec: str) -> Callable[[Path, Console], list[tuple[DemoItem, ProvenanceGraph]]]:
    import importlib

    module, func = spec.split(":")
    return getattr(importlib.import_module(module), func)


def run_demo(out: Path, console: Console | None = None, sections: list[str] | None = None) -> dict[str, Any]:
    """Run every section, write graphs, pages and ``index.html`` under ``out``; return a JSON-able summary."""
    console = console or Console(stderr=True)
    out.mkdir(parents=True, exist_ok=True)
    items: list[DemoItem] = []
    skipped: dict[str, str] = {}
    t_all = time.perf_counter()
    for name, spec in SECTIONS:
        if sections and name not in sections:
            continue
        console.print(f"[bold]{name}[/bold]")
        try:
            fn = _load(spec)
            produced = fn(out, console)
        except ImportError as exc:
            skipped[name] = f"missing dependency {exc.name or exc}"
            console.print(f"  skipped: {skipped[name]}", markup=False)
            continue
        except Exception as exc:  # one failing section must not lose the others
            skipped[name] = f"failed: {type(exc).__name__}: {exc}"
            console.print(f"  {skipped[name]}", markup=False)
            continue
        for item, graph in produced:
            stem = f"{item.section}-{item.name}"
            files = write_graph(graph, out / f"{stem}.json")
            item.graph, item.html = files.json.name, files.html.name
            items.append(item)
            console.print(f"  {item.name}: {item.status} ({item.checker}) — {item.summary}", markup=False)
    index = write_index(
        [IndexEntry(f"[{i.section}] {i.name}", i.html, i.status, f"checker: {i.checker}; {i.summary}") for i in items],
        out / "index.html", title="prover demo")
    summary = {
        "out": str(out),
        "index": str(index),
        "items": [asdict(i) for i in items],
        "skipped": skipped,
        "proved": sum(i.status == "proved" for i in items),
        "total": len(items),
        "seconds": round(time.perf_counter() - t_all, 2),
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    console.print(f"wrote {index} ({summary['proved']}/{summary['total']} proved)")
    return summary
