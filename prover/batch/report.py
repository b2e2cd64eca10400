"""Reports of a result store: tables researchers publish, a JSONL export, and an HTML index.

- solved/total per split and per category (miniF2F categories; ProofNet by book): a problem is solved when
  one of its attempts is ``proved``;
- pass@k with the unbiased estimator of Chen et al. (2021): for a problem with n attempts of which c passed,
  ``pass@k = 1 - C(n-c, k) / C(n, k)``, averaged over the problems attempted (k up to the fewest attempts
  recorded for one problem);
- outcome counts by checker (Lean-checked, SMT/GL-checked, failed, error, unsupported, audit findings);
- the time distribution of attempts; the audit findings, each with its counter-model or unsat core;
- ``results.jsonl`` in the layout evaluation harnesses read (``name``, ``split``, ``proof``, ``verified``:
  true only for a proof Lean checked);
- ``index.html`` linking each problem's proof-graph page and Lean proof.
"""

from __future__ import annotations

import html
import json
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from math import comb
from pathlib import Path
from typing import Any

from prover.batch.store import AttemptRow, ResultStore
from symbolic.verdicts import Outcome

__all__ = ["Report", "build_report", "pass_at_k", "write_report"]

AUDIT = (Outcome.VACUOUS, Outcome.FALSE_STATEMENT)


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k for one problem: ``1 - C(n-c, k) / C(n, k)`` (n attempts, c correct, k ≤ n)."""
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError(f"pass@k needs 0 ≤ c ≤ n and 1 ≤ k ≤ n (n={n}, c={c}, k={k})")
    if n - c < k:
        return 1.0
    return 1.0 - comb(n - c, k) / comb(n, k)


@dataclass
class Report:
    summary: dict[str, Any]
    rows: list[AttemptRow]

    def to_json(self) -> dict[str, Any]:
        return self.summary


def _best(attempts: list[AttemptRow]) -> AttemptRow:
    """The attempt that speaks for a problem: a proof, else an audit finding, else the first."""
    order = {Outcome.PROVED: 0, Outcome.VACUOUS: 1, Outcome.FALSE_STATEMENT: 1, Outcome.DISPROVED: 1}
    return min(attempts, key=lambda r: (order.get(r.claim.outcome, 2), r.attempt))


def _checker_class(row: AttemptRow) -> str:
    o = row.claim.outcome
    if o is Outcome.PROVED:
        return "lean-checked" if row.lean_checked else f"proved ({row.claim.checker.value if row.claim.checker else '?'})"
    if o in AUDIT:
        return f"audit: {o.value}"
    if o in (Outcome.UNSUPPORTED, Outcome.PARSE_ERROR):
        return o.value
    if o is Outcome.ERROR:
        return "error"
    if o is Outcome.REJECTED:
        return f"rejected ({row.claim.checker.value if row.claim.checker else '?'})"
    return "failed"


def build_report(store: ResultStore) -> Report:
    rows = list(store.rows())
    by_problem: dict[str, list[AttemptRow]] = defaultdict(list)
    for r in rows:
        by_problem[r.problem].append(r)
    best = {p: _best(rs) for p, rs in by_problem.items()}

    def table(key: str) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for _p, r in sorted(best.items()):
            group = getattr(r, key) or "-"
            cell = out.setdefault(group, {"solved": 0, "total": 0})
            cell["total"] += 1
            cell["solved"] += int(r.claim.outcome is Outcome.PROVED)
        return out

    n_attempts = {p: len(rs) for p, rs in by_problem.items()}
    max_k = min(n_attempts.values()) if n_attempts else 0
    ks = [k for k in (1, 2, 4, 8, 16, 32, 64, 128) if k <= max_k]
    if max_k and max_k not in ks:
        ks.append(max_k)
    passk = {}
    for k in ks:
        vals = [pass_at_k(len(rs), sum(r.claim.outcome is Outcome.PROVED for r in rs), k)
                for rs in by_problem.values()]
        passk[f"pass@{k}"] = round(sum(vals) / len(vals), 4)
    times = sorted(r.seconds for r in rows)
    time_dist = {}
    if times:
        time_dist = {"attempts": len(times), "median_s": round(statistics.median(times), 3),
                     "mean_s": round(statistics.fmean(times), 3), "p90_s": round(_p90(times), 3),
                     "max_s": round(times[-1], 3), "total_s": round(sum(times), 1)}
        solved_times = sorted(r.seconds for r in rows if r.claim.outcome is Outcome.PROVED)
        if solved_times:
            time_dist["median_solved_s"] = round(statistics.median(solved_times), 3)
    findings = [{"problem": p, "name": r.name, "split": r.split, "outcome": r.claim.outcome.value,
                 "checker": r.claim.checker.value if r.claim.checker else None, "detail": r.claim.detail,
                 "model": (r.audit or {}).get("model"), "core": (r.audit or {}).get("core")}
                for p, r in sorted(best.items()) if r.claim.outcome in AUDIT]
    unsupported = Counter(r.claim.detail for r in best.values() if r.claim.outcome is Outcome.UNSUPPORTED)
    summary = {
        "settings": store.settings(),
        "problems": max(int(store.meta("problems", 0) or 0), len(best)), "attempted": len(best),
        "attempts": len(rows),
        "solved": sum(r.claim.outcome is Outcome.PROVED for r in best.values()),
        "by_split": table("split"),
        "by_category": table("category"),
        "pass_at_k": passk,
        "outcomes": dict(sorted(Counter(r.claim.outcome.value for r in rows).items())),
        "by_checker": dict(sorted(Counter(_checker_class(r) for r in rows).items())),
        "time": time_dist,
        "audit_findings": findings,
        "unsupported_constructs": dict(unsupported.most_common(20)),
        "input_errors": [{"where": e.where, "name": e.name, "message": e.message} for e in store.input_errors()],
    }
    return Report(summary, rows)


def write_report(out: Path, *, html: bool = True) -> Report:
    """Write ``report.json``, ``report.md``, ``results.jsonl``, the Lean proofs and ``index.html`` into ``out``."""
    with ResultStore(out / "results.sqlite", create=False) as store:
        report = build_report(store)
    (out / "report.json").write_text(json.dumps(report.summary, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (out / "report.md").write_text(render_markdown(report.summary), encoding="utf-8")
    _write_export(out, report)
    if html:
        write_html_index(out, report)
    return report


def _write_export(out: Path, report: Report) -> None:
    by_problem: dict[str, list[AttemptRow]] = defaultdict(list)
    for r in report.rows:
        by_problem[r.problem].append(r)
    with (out / "results.jsonl").open("w", encoding="utf-8") as fh:
        for _p, rs in sorted(by_problem.items()):
            b = _best(rs)
            fh.write(json.dumps({
                "name": b.name, "split": b.split, "source": b.source, "proof": b.proof,
                "verified": bool(b.claim.outcome is Outcome.PROVED and b.lean_checked),
                "outcome": b.claim.outcome.value, "checker": b.claim.checker.value if b.claim.checker else None,
                "attempts": len(rs), "passed": sum(r.claim.outcome is Outcome.PROVED for r in rs),
            }, ensure_ascii=False) + "\n")


def write_html_index(out: Path, report: Report) -> Path:
    """One offline page per problem's proof graph (its deciding attempt), its Lean proof, and the index
    linking both: a table with the outcome, its checker and the time (no script, no network)."""
    from symbolic.provenance import ProvenanceGraph, write_html

    by_problem: dict[str, list[AttemptRow]] = defaultdict(list)
    for r in report.rows:
        by_problem[r.problem].append(r)
    rows = []
    for p, rs in sorted(by_problem.items()):
        b = _best(rs)
        stem = Path(b.graph).stem if b.graph else p.replace("/", "__")
        graph_link = proof_link = "—"
        if b.graph and (out / b.graph).is_file():
            page = out / "html" / f"{stem}.html"
            if not page.is_file():
                write_html(ProvenanceGraph.load(out / b.graph), page, title=f"{b.name} ({b.claim.outcome.value})")
            graph_link = f'<a class="graph" href="html/{_esc(stem)}.html">graph</a>'
        if b.proof:
            lean = out / "proofs" / f"{stem}.lean"
            lean.parent.mkdir(parents=True, exist_ok=True)
            lean.write_text(b.proof, encoding="utf-8")
            proof_link = f'<a class="lean" href="proofs/{_esc(stem)}.lean">Lean</a>'
        checker = b.claim.checker.value if b.claim.checker else ""
        rows.append(f'<tr data-problem="{_esc(p)}"><td>{_esc(b.name)}</td><td>{_esc(b.split)}</td>'
                    f"<td>{_esc(b.source or b.category)}</td><td class=\"o-{_esc(b.claim.outcome.value)}\">"
                    f"{_esc(b.claim.outcome.value)}</td><td>{_esc(checker)}</td><td>{b.seconds:.2f}</td>"
                    f"<td>{graph_link}</td><td>{proof_link}</td><td>{_esc(b.claim.detail[:160])}</td></tr>")
    s = report.summary
    title = f"{s['settings'].get('benchmark', 'batch')}: solved {s['solved']}/{s['problems']}"
    passk = " · ".join(f"{k} {v}" for k, v in s["pass_at_k"].items())
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{_esc(title)}</title>
<style>body{{font:14px system-ui,sans-serif;margin:20px}}table{{border-collapse:collapse}}
td,th{{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left}}.o-proved{{color:#2e7d32}}
.o-vacuous,.o-false_statement{{color:#e65100;font-weight:bold}}.o-error{{color:#c62828}}</style></head>
<body><h1>{_esc(title)}</h1><p>{_esc(passk)} · proofs are checked by the named checker; "lean" only when Lean
accepted the whole proof</p>
<table><thead><tr><th>problem</th><th>split</th><th>group</th><th>outcome</th><th>checker</th><th>s</th>
<th>graph</th><th>proof</th><th>detail</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""
    path = out / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def _esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def render_markdown(s: dict[str, Any]) -> str:
    lines = [f"# Batch report: {s['settings'].get('benchmark', '?')} ({s['settings'].get('strategy', '?')}, "
             f"env {s['settings'].get('env', '?')})", "",
             f"solved {s['solved']}/{s['problems']} problems ({s['attempted']} attempted); {s['attempts']} attempts",
             ""]
    for title, key in (("split", "by_split"), ("category", "by_category")):
        lines += [f"| {title} | solved | total |", "|---|---:|---:|"]
        lines += [f"| {g} | {c['solved']} | {c['total']} |" for g, c in s[key].items()]
        lines.append("")
    lines += ["| metric | value |", "|---|---:|"] + [f"| {k} | {v} |" for k, v in s["pass_at_k"].items()]
    lines += ["", "| outcome (by checker) | attempts |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in s["by_checker"].items()]
    if s["time"]:
        lines += ["", "time per attempt: " + ", ".join(f"{k} {v}" for k, v in s["time"].items())]
    if s["audit_findings"]:
        lines += ["", "## Audit findings", ""]
        lines += [f"- {f['problem']}: **{f['outcome']}** ({f['checker']}) {f['detail']}" for f in s["audit_findings"]]
    if s["input_errors"]:
        lines += ["", "## Input rows refused", ""] + [f"- {e['where']}: {e['message']}" for e in s["input_errors"]]
    return "\n".join(lines) + "\n"


def _p90(times: list[float]) -> float:
    """The 90th percentile (inclusive method: never below the median, never above the maximum)."""
    return statistics.quantiles(times, n=10, method="inclusive")[-1] if len(times) > 1 else times[0]
