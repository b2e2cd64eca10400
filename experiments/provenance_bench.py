"""Benchmark: build, save and export a 5,000-node provenance graph; parse 10,000 terms.

Targets (issue): build + JSON save + HTML export of 5,000 nodes under 2 s; parse 10,000 terms under 1 s.
Prints one table of measured seconds (best of --repeat runs).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from symbolic.logic import INT, REAL, FunSort, parse_term, to_text, var
from symbolic.provenance import ProvenanceGraph, write_html


def build_graph(n: int, seed: int = 0) -> ProvenanceGraph:
    rng = random.Random(seed)
    g = ProvenanceGraph(title=f"synthetic {n}")
    ids = [g.add_node("axiom", f"axiom {i}: forall x : Int. x + {i} >= x") for i in range(50)]
    for i in range(n - 51):
        kind = "gl-inference" if i % 3 else "fact"
        nid = g.add_node(kind, f"fact {i}: a{i} + b = b + a{i} <script>alert({i})</script>", rule="r", block="b0")
        for s in rng.sample(ids[-200:], 2):
            g.add_edge(s, nid, "derived-from")
        ids.append(nid)
    g.add_node("goal", "goal", id="goal")
    g.add_edge(ids[-1], "goal", "closes")
    g.conclude("goal")
    return g


def corpus(n: int, seed: int = 0) -> tuple[list[str], dict]:
    rng = random.Random(seed)
    env = {"x": INT, "y": INT, "z": REAL, "f": var("f", FunSort((INT,), INT))}
    texts = []
    for i in range(n):
        a, b = rng.randint(0, 99), rng.randint(1, 9)
        texts.append(rng.choice([
            f"forall n : Int. f(n + {b}) = f(n) + {a} /\\ f(0) = {b} -> f(x) > y",
            f"x * {a} + y div {b} <= {a} \\/ ~(y = x - {i})",
            f"exists w : Real. w * w = z + {a}.5 /\\ z >= 0",
            f"f(f(x)) mod {b} = {a} <-> x ^ 2 != y + {a}",
        ]))
    return texts, env


CPU: list[float] = []


def best(fn, repeat: int) -> float:
    """Best wall-clock seconds of ``repeat`` runs; the CPU seconds of that run go to ``CPU`` (noisy machines)."""
    runs = []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        runs.append((time.perf_counter() - t, time.process_time() - c))
    wall, cpu = min(runs)
    CPU.append(cpu)
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--terms", type=int, default=10000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    out = Path(tempfile.mkdtemp())
    t_build = best(lambda: build_graph(args.nodes), args.repeat)
    g = build_graph(args.nodes)
    t_save = best(lambda: g.save(out / "g.json"), args.repeat)
    t_html = best(lambda: write_html(g, out / "g.html"), args.repeat)
    t_load = best(lambda: ProvenanceGraph.load(out / "g.json"), args.repeat)
    texts, env = corpus(args.terms)
    t_parse = best(lambda: [parse_term(t, env) for t in texts], args.repeat)
    terms = [parse_term(t, env) for t in texts]
    t_print = best(lambda: [to_text(t) for t in terms], args.repeat)
    table = Table(title=f"provenance + term language ({args.nodes} nodes, {args.terms} terms, best of {args.repeat})")
    for c in ("measure", "wall s", "target"):
        table.add_column(c)
    total = t_build + t_save + t_html
    table.add_row("build graph", f"{t_build:.3f}", "")
    table.add_row("save JSON", f"{t_save:.3f}", "")
    table.add_row("export HTML", f"{t_html:.3f}", "")
    table.add_row("build + save + HTML", f"{total:.3f}", "< 2 s")
    table.add_row("load JSON (validated)", f"{t_load:.3f}", "")
    table.add_row(f"parse {args.terms} terms", f"{t_parse:.3f}", "< 1 s")
    table.add_row(f"print {args.terms} terms", f"{t_print:.3f}", "")
    Console().print(table)
    print(f"CPU seconds of the best runs: build+save+HTML {sum(CPU[:3]):.3f}, "
          f"parse {CPU[4]:.3f}")
    print(f"HTML size: {(out / 'g.html').stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
