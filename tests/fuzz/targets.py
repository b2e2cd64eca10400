"""Parsers under fuzzing: seed inputs, the entry point, and the error types each one documents.

Shared by the fuzz tests and ``experiments/hardening_bench.py`` (which counts crashes on a fixed seed).
A *crash* is any exception outside the documented types (a traceback for a user).
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

INTERESTING = [
    *"()[]{}:;,.'\"|\\#-/+*^=<>!?_ \n\t0123456789", "⊢", "∀", "∃", "→", "↔", "¬", "∧", "∨", "≤", "≥", "≠", "∑", "∈", "«", "»", "λ", "ℝ", "ℕ", "₀", "⁻¹", "↑",
    "/-", "-/", "--", ":=", "by", "theorem", "forall", "assert", "check-sat", "declare-fun", "\x00", "\u202e"]


@dataclass(frozen=True)
class Target:
    """A parser entry point: ``run(text_or_bytes)``; ``allowed``: the exception types it documents."""

    name: str
    seeds: tuple[str, ...]
    run: Callable[[Any], object]
    allowed: tuple[type[BaseException], ...]
    takes_bytes: bool = False


def mutate(text: str, rng: random.Random, steps: int) -> str:
    """Apply ``steps`` random edits: insert/delete/duplicate spans, deep nesting, huge numerals, blank lines."""
    for _ in range(steps):
        n = len(text)
        i = rng.randint(0, n)
        j = min(n, i + rng.randint(0, 12))
        op = rng.randrange(10)
        if op == 0:
            text = text[:i] + rng.choice(INTERESTING) + text[i:]
        elif op == 1:
            text = text[:i] + text[j:]
        elif op == 2:
            text = text[:i] + text[i:j] * rng.randint(2, 5) + text[i:]
        elif op == 3:
            text = text[:i]
        elif op == 4:
            k = rng.choice([50, 300, 1200, 3000])
            opener, closer = rng.choice([("(", ")"), ("[", "]"), ("{", "}"), ("(not ", ")"), ("¬(", ")"),
                                         ("(- ", ")"), ("-", "")])
            text = text[:i] + opener * k + text[i:j] + closer * k + text[j:]
        elif op == 5:
            text = text[:i] + "9" * rng.choice([4301, 5000, 8000]) + text[i:]
        elif op == 6:
            text = text[:i] + "\n" * rng.choice([10, 1000, 20000]) + text[i:]
        elif op == 7:
            text = text[:i] + chr(rng.randint(0x20, 0x2FFF)) + text[i:]
        elif op == 8:
            text = text[:i] + text[i:j] * rng.choice([300, 1500]) + text[i:]
        else:
            a, b = sorted((rng.randint(0, n), rng.randint(0, n)))
            text = text[:a] + text[b:] + text[a:b]
    return text


def mutate_bytes(text: str, rng: random.Random, steps: int) -> bytes:
    data = mutate(text, rng, steps).encode("utf-8")
    if rng.random() < 0.3:
        i = rng.randint(0, len(data))
        data = data[:i] + rng.choice([b"\xff", b"\xc3", b"\xfe\xff"]) + data[i:]
    return data


def _file(suffix: str, data: bytes) -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="fuzz-")) / f"input{suffix}"
    tmp.write_bytes(data)
    return tmp


def _smt(text: str) -> object:
    from symbolic.smt.smtlib_reader import read_script, solver_text

    solver_text(text)
    return read_script(text)


def _smt_file(data: bytes) -> object:
    from symbolic.smt.smtlib_reader import read_script_file

    return read_script_file(_file(".smt2", data))


def _theory(text: str) -> object:
    from symbolic.gl.parser import parse_theory

    return parse_theory(text)


def _peano() -> Any:
    from symbolic.gl.parser import load_theory

    return load_theory(ROOT / "data" / "theories" / "peano.mpl")


def _targets(text: str) -> object:
    from symbolic.gl.parser import parse_targets

    return parse_targets(text, _peano())


def _targets_file(data: bytes) -> object:
    from symbolic.gl.parser import load_targets

    return load_targets(_file(".targets", data), _peano())


def _term(text: str) -> object:
    from symbolic.logic import INT, REAL, FunSort
    from symbolic.logic.parser import parse_term

    return parse_term(text, {"x": INT, "y": INT, "a": REAL, "f": FunSort((INT,), INT)})


def _lean_statement(text: str) -> object:
    from symbolic.bridge import translate

    return translate(text)


def _lean_guard(text: str) -> object:
    from prover.lean.guard import check_proof_text
    from prover.lean.statements import declarations

    declarations(text)
    return check_proof_text(text, original="theorem t (x : ℕ) : x = x := by sorry")


def _goal_state(text: str) -> object:
    from prover.lean.goals import parse_goals
    from symbolic.bridge.parser import parse_goal_state

    try:
        parse_goals(text)
    finally:
        parse_goal_state(text)
    return None


def _graph(data: bytes) -> object:
    from symbolic.provenance import ProvenanceGraph

    return ProvenanceGraph.load(_file(".json", data))


def _records(data: bytes) -> object:
    from prover.progress.records import read_jsonl

    return read_jsonl(_file(".jsonl", data))


def _graph_seed() -> str:
    from symbolic.provenance import ProvenanceGraph

    g = ProvenanceGraph(title="seed")
    h = g.add_node("hypothesis", "x = 1")
    c = g.add_node("fact", "x + 1 = 2", solver="z3")
    g.add_edge(h, c)
    path = Path(tempfile.mkdtemp(prefix="fuzz-")) / "seed.json"
    g.save(path)
    return path.read_text(encoding="utf-8")


def targets() -> list[Target]:
    """Every parser with its seeds; imported lazily so a missing optional part fails only its own target."""
    from prover.errors import UserError
    from symbolic.errors import InputError

    smt_seeds = tuple(p.read_text() for p in sorted((ROOT / "data" / "smt").glob("*.smt2"))[:6])
    theory = (ROOT / "data" / "theories" / "peano.mpl").read_text()
    target_text = (ROOT / "data" / "theories" / "peano_quick.targets").read_text()
    lean = ("theorem t (x : ℝ) (h₀ : x ≠ -2) (h₁ : ∑ i in Finset.range 5, i = 10) : |x - 1| ^ 2 ≥ 0 := by sorry",
            "theorem q : Nat.Prime 7 := by norm_num",
            "import Mathlib\nopen Real\n/- c -/\ntheorem u (a b : ℕ) (h : a % 4 = 3) : (a * b)⁻¹ ≤ 2 := by\n  simp")
    goals = ("x y : ℝ\nh₀ : x + y = 2\n  ∧ x = 1\n⊢ y = 1", "case h\nn : ℕ\nh : 0 < n\n⊢ n ! ≥ 1\n\nm : ℕ\n⊢ m = m")
    record = json.dumps({"problem": "p", "state": "⊢ 1 = 1", "history": ["norm_num"], "steps_remaining": 1,
                         "source": "test", "meta": {}})
    return [
        Target("smt-lib", smt_seeds, _smt, (InputError,)),
        Target("smt-lib file", smt_seeds[:2], _smt_file, (InputError,), takes_bytes=True),
        Target("mpl theory", (theory,), _theory, (InputError,)),
        Target("mpl targets", (target_text,), _targets, (InputError,)),
        Target("mpl targets file", (target_text,), _targets_file, (InputError,), takes_bytes=True),
        Target("terms", ("forall i : Int. f(i) + x * 2 <= y -> exists j : Int. j = i", "a / 2 >= 1.5 & x != -3"),
               _term, (InputError,)),
        Target("lean statements", lean, _lean_statement, (InputError,)),
        Target("lean guard", lean, _lean_guard, ()),
        Target("goal states", goals, _goal_state, (InputError, UserError)),
        Target("graph json", (_graph_seed(),), _graph, (InputError,), takes_bytes=True),
        Target("records", (record + "\n" + record + "\n",), _records, (UserError,), takes_bytes=True),
    ]


#: A case slower than this counts as a crash (a parser that is superlinear on its input).
SLOW_CASE_S = 5.0


def run_case(target: Target, seed_index: int, rng: random.Random, steps: int) -> BaseException | None:
    """Run one mutated input; return the undocumented exception it raised (or a ``TimeoutError`` when it
    took longer than :data:`SLOW_CASE_S`), if any."""
    seed = target.seeds[seed_index % len(target.seeds)]
    data = mutate_bytes(seed, rng, steps) if target.takes_bytes else mutate(seed, rng, steps)
    t0 = time.perf_counter()
    try:
        target.run(data)
    except target.allowed:
        pass
    except Exception as exc:  # an undocumented exception is what a fuzz run looks for
        return exc
    took = time.perf_counter() - t0
    return TimeoutError(f"{took:.1f} s on a {len(data)}-character input") if took > SLOW_CASE_S else None
