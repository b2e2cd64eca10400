"""Rules of the house, pinned: ``symbolic`` never imports ``prover``; each exception tree is the one drawn in its
module's docstring; the public names (``__all__``) of every package are the ones recorded in
``tests/data/public_api.json`` (update that file, deliberately, when an export is added or removed:
``python -m tests.test_house_rules --update``)."""

from __future__ import annotations

import ast
import builtins
import importlib
import json
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
API = ROOT / "tests" / "data" / "public_api.json"


def _packages() -> list[str]:
    names = []
    for top in ("symbolic", "prover"):
        names.append(top)
        pkg = importlib.import_module(top)
        for info in pkgutil.walk_packages(pkg.__path__, prefix=f"{top}."):
            if info.ispkg:
                names.append(info.name)
    return sorted(names)


def _public_api() -> dict[str, list[str]]:
    out = {}
    for name in _packages():
        mod = importlib.import_module(name)
        if hasattr(mod, "__all__"):
            out[name] = sorted(mod.__all__)
    return out


def test_no_merge_conflict_markers_in_tracked_text() -> None:
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    if not files:
        pytest.skip("not a git checkout")
    marker = re.compile(r"^(<{7}|>{7}) ", re.M)
    hits = [f for f in files if f.endswith((".py", ".md", ".toml", ".json", ".jsonl", ".lean", ".mpl", ".txt"))
            and (ROOT / f).is_file() and marker.search((ROOT / f).read_text(encoding="utf-8", errors="replace"))]
    assert hits == []


def test_symbolic_never_imports_prover() -> None:
    offenders = []
    for path in sorted((ROOT / "symbolic").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno}: {n}" for n in names
                          if n == "prover" or n.startswith("prover.")]
    assert offenders == []
    code = ("import importlib, pkgutil, sys, symbolic\n"
            "for i in pkgutil.walk_packages(symbolic.__path__, prefix='symbolic.'):\n"
            "    importlib.import_module(i.name)\n"
            "print(sorted(m for m in sys.modules if m == 'prover' or m.startswith('prover.')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def _trees() -> list[tuple[str, list[tuple[int, str, str | None]]]]:
    """(module, [(depth column, class name, extra base or None)]) for every docstring drawing a ``Tree::``."""
    found = []
    for name in _packages():
        pkg = importlib.import_module(name)
        for info in pkgutil.iter_modules(pkg.__path__, prefix=f"{name}."):
            if info.name.rsplit(".", 1)[-1] not in ("errors", "exceptions"):
                continue
            mod = importlib.import_module(info.name)
            doc = mod.__doc__ or ""
            if "Tree::" not in doc:
                continue
            rows = []
            for line in doc.split("Tree::", 1)[1].splitlines()[1:]:
                if line.strip() and not line.startswith("    "):
                    break
                m = re.match(r"^(\s*(?:[│ ]\s*)*(?:[├└]──\s*)?)([\w.]+)(\s*…)?(?:\s*\((\w+)\))?", line)
                if not m or (not m.group(2)[0].isupper() and "." not in m.group(2)):
                    continue
                if m.group(3):  # "Name …": drawn in its own module
                    continue
                rows.append((len(m.group(1)), m.group(2), m.group(4)))
            found.append((info.name, rows))
    return found


def _resolve(module: object, dotted: str) -> type:
    if "." in dotted:
        mod, _, cls = dotted.rpartition(".")
        return getattr(importlib.import_module(mod), cls)
    for where in (module, importlib.import_module("prover.errors"), importlib.import_module("symbolic.errors"),
                  builtins):
        if hasattr(where, dotted):
            return getattr(where, dotted)
    raise AssertionError(f"{dotted} is drawn in a tree but defined nowhere")


@pytest.mark.parametrize(("module", "rows"), _trees(), ids=lambda x: x if isinstance(x, str) else "")
def test_exception_trees_are_as_drawn(module: str, rows: list[tuple[int, str, str | None]]) -> None:
    mod = importlib.import_module(module)
    assert rows, f"{module}: no tree rows parsed"
    stack: list[tuple[int, type]] = []
    drawn = set()
    for depth, name, also in rows:
        cls = _resolve(mod, name)
        drawn.add(cls)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            assert issubclass(cls, stack[-1][1]), f"{module}: {name} is drawn under {stack[-1][1].__name__}"
        if also:
            assert issubclass(cls, _resolve(mod, also)), f"{module}: {name} should also be a {also}"
        stack.append((depth, cls))
    defined = {v for v in vars(mod).values()
               if isinstance(v, type) and issubclass(v, BaseException) and v.__module__ == module}
    assert defined <= drawn, f"{module}: not drawn: {sorted(c.__name__ for c in defined - drawn)}"


def test_public_exceptions_derive_from_their_layer_root() -> None:
    from prover.errors import ProverError
    from symbolic.errors import SymbolicError

    wrong = []
    for package, names in _public_api().items():
        mod = importlib.import_module(package)
        root = SymbolicError if package.startswith("symbolic") else ProverError
        for n in names:
            obj = getattr(mod, n)
            if isinstance(obj, type) and issubclass(obj, Exception) and not issubclass(obj, root):
                wrong.append(f"{package}.{n}")
    assert wrong == []


def test_public_names_are_pinned() -> None:
    recorded = json.loads(API.read_text(encoding="utf-8"))
    current = _public_api()
    for package, names in current.items():
        mod = importlib.import_module(package)
        assert all(hasattr(mod, n) for n in names), f"{package}: __all__ names something missing"
    changes = {p: {"added": sorted(set(current.get(p, [])) - set(recorded.get(p, []))),
                   "removed": sorted(set(recorded.get(p, [])) - set(current.get(p, [])))}
               for p in sorted(set(current) | set(recorded))}
    changes = {p: c for p, c in changes.items() if c["added"] or c["removed"]}
    assert changes == {}, f"public API changed (update {API.relative_to(ROOT)} if intended): {changes}"


if __name__ == "__main__":
    if "--update" in sys.argv:
        API.write_text(json.dumps(_public_api(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {API}")
