"""Benchmark loaders on the real files, on malformed input, and the pinned-source downloader over loopback."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import threading
from collections import Counter
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from prover.benchmarks import BenchmarkError, load_benchmark, load_manifest
from prover.benchmarks.loaders import load_demo, load_jsonl, load_lean_dir
from prover.benchmarks.manifest import fetch


def test_minif2f_lean_files_give_488_statements_with_headers(shared_data: Path) -> None:
    valid = load_benchmark("minif2f", "valid", data=shared_data)
    test = load_benchmark("minif2f", "test", data=shared_data)
    assert len(valid.problems) == 244 and len(test.problems) == 244
    assert not valid.errors and not test.errors
    p = next(p for p in test.problems if p.name == "mathd_algebra_289")
    assert p.header.startswith("import Mathlib") and "theorem mathd_algebra_289" not in p.header
    assert p.statement.startswith("theorem mathd_algebra_289") and p.statement.rstrip().endswith("sorry")
    cats = Counter(p.category for p in valid.problems)
    assert cats["mathd_algebra"] == 70 and cats["mathd_numbertheory"] == 60 and cats["amc12"] == 45
    assert cats["imo"] == 20 and cats["aime"] == 15 and cats["induction"] == 8 and cats["algebra"] == 18


def test_minif2f_jsonl_has_both_splits(shared_data: Path) -> None:
    rows = load_jsonl(shared_data / "minif2f" / "minif2f_with_goals_lean4.9.jsonl", benchmark="minif2f")
    assert len(rows.problems) == 488 and not rows.errors
    assert Counter(p.split for p in rows.problems) == {"valid": 244, "test": 244}
    assert all(p.goal and "⊢" in p.goal for p in rows.problems)


def test_proofnet_keys_are_unique_on_name_split_and_book(shared_data: Path) -> None:
    valid = load_benchmark("proofnet", "valid", data=shared_data)
    test = load_benchmark("proofnet", "test", data=shared_data)
    assert (len(valid.problems), len(test.problems)) == (185, 186)
    assert not valid.errors and not test.errors
    everything = valid.problems + test.problems
    assert len({p.key for p in everything}) == 371
    # names repeat across books: (name, split) alone is not a key
    assert len({(p.name, p.split) for p in everything}) < 371
    books = Counter(p.source for p in everything)
    assert books["Dummit-Foote"] == 87 and books["Rudin"] == 58 and not any(b.startswith("row") for b in books)
    rahul = load_benchmark("proofnet-lean4", data=shared_data)
    assert len(rahul.problems) == 374 and {p.split for p in rahul.problems} == {"all"}


def test_malformed_rows_are_recorded_and_good_rows_kept(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    good = {"name": "a", "split": "valid", "formal_statement": "theorem a : 1 = 1 := by sorry"}
    path.write_text("\n".join([
        json.dumps(good),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"name": "b", "split": "valid"}),
        json.dumps(good),  # duplicate key
        "",
        json.dumps({**good, "name": "c"}),
    ]) + "\n", encoding="utf-8")
    loaded = load_jsonl(path, benchmark="b")
    assert [p.name for p in loaded.problems] == ["a", "c"]
    messages = [str(e) for e in loaded.errors]
    assert len(messages) == 4
    assert "b.jsonl:2: not JSON" in messages[0]
    assert "expected a JSON object" in messages[1]
    assert "formal_statement" in messages[2]
    assert "duplicate problem 'valid/a'" in messages[3]


def test_missing_files_and_folders_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(BenchmarkError, match="benchmark file not found"):
        load_jsonl(tmp_path / "nope.jsonl", benchmark="x")
    with pytest.raises(BenchmarkError, match="benchmark folder not found"):
        load_lean_dir(tmp_path / "nope", benchmark="x", split="valid")
    (tmp_path / "empty").mkdir()
    with pytest.raises(BenchmarkError, match=r"no \.lean files"):
        load_lean_dir(tmp_path / "empty", benchmark="x", split="valid")
    with pytest.raises(BenchmarkError, match="no benchmark manifest"):
        load_benchmark("nosuch")
    with pytest.raises(BenchmarkError, match="no split 'dev'"):
        load_benchmark("minif2f", "dev")
    with pytest.raises(BenchmarkError, match="benchmark files not found"):
        load_benchmark("minif2f", "valid", data=tmp_path, cache=tmp_path / "cache")


def test_lean_folder_without_theorem_is_a_row_error(tmp_path: Path) -> None:
    (tmp_path / "a.lean").write_text("import Mathlib\n\n-- theorem in a comment\ntheorem a : 1 = 1 := by sorry\n")
    (tmp_path / "b.lean").write_text("import Mathlib\n-- theorem only mentioned here\n")
    loaded = load_lean_dir(tmp_path, benchmark="x", split="valid")
    assert [p.name for p in loaded.problems] == ["a"]
    assert loaded.problems[0].header == "import Mathlib\n\n-- theorem in a comment\n"
    assert len(loaded.errors) == 1 and "no theorem" in str(loaded.errors[0])


def test_demo_set_has_true_problems_and_false_twins() -> None:
    demo = load_demo()
    assert len(demo.problems) >= 30 and not demo.errors
    assert {p.expect for p in demo.problems} == {"true", "false"}
    assert all(p.split == "demo" for p in demo.problems)


# -- the downloader -----------------------------------------------------------------------------------------
LEAN = "import Mathlib\n\ntheorem t1 (x : ℕ) (h : x = 2) : x + 1 = 3 := by sorry\n"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _archive(tmp: Path) -> Path:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, text in (("repo-abc/MiniF2F/Valid/t1.lean", LEAN), ("repo-abc/README.md", "readme"),
                           ("repo-abc/../evil.lean", "x")):
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    path = tmp / "served" / "repo.tar.gz"
    path.parent.mkdir(parents=True)
    path.write_bytes(buf.getvalue())
    return path


def _manifest(folder: Path, url: str, sha: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mini.json").write_text(json.dumps({
        "name": "mini", "kind": "lean_dir", "license": "MIT",
        "splits": {"valid": {"local": "mini/Valid", "cache": "MiniF2F/Valid"}},
        "sources": [{"repository": "https://example.invalid/repo", "commit": "abc", "url": url,
                     "format": "tar.gz", "strip": 1, "files": {"MiniF2F/Valid/t1.lean": sha}}],
    }))
    return folder


@pytest.fixture()
def server(tmp_path: Path):
    archive = _archive(tmp_path)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(archive.parent)))
    httpd.RequestHandlerClass.log_message = lambda *a: None  # type: ignore[method-assign]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/repo.tar.gz", archive
    httpd.shutdown()
    httpd.server_close()


def test_download_over_http_verifies_sha256_and_loads(tmp_path: Path, server) -> None:
    url, _ = server
    manifests = _manifest(tmp_path / "manifests", url, _sha(LEAN.encode()))
    cache = tmp_path / "cache"
    with pytest.raises(BenchmarkError, match="pass --download"):
        load_benchmark("mini", "valid", data=tmp_path / "nodata", cache=cache, manifests=manifests)
    loaded = load_benchmark("mini", "valid", data=tmp_path / "nodata", cache=cache, manifests=manifests,
                            download=True)
    assert [p.name for p in loaded.problems] == ["t1"]
    # only the listed files were extracted; nothing escaped the cache
    files = sorted(str(p.relative_to(cache)) for p in cache.rglob("*") if p.is_file())
    assert files == ["benchmarks/mini/MiniF2F/Valid/t1.lean"]
    assert not (tmp_path / "evil.lean").exists()
    # now cached: loads without the network
    again = load_benchmark("mini", "valid", data=tmp_path / "nodata", cache=cache, manifests=manifests)
    assert again.problems == loaded.problems


def test_download_with_a_wrong_sha256_leaves_nothing(tmp_path: Path, server) -> None:
    url, _ = server
    manifests = _manifest(tmp_path / "manifests", url, "0" * 64)
    cache = tmp_path / "cache"
    with pytest.raises(BenchmarkError, match=r"sha256 .* does not match"):
        load_benchmark("mini", "valid", data=tmp_path / "nodata", cache=cache, manifests=manifests, download=True)
    assert not any(p.is_file() for p in cache.rglob("*"))


def test_download_from_file_url_and_unreachable_url(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    manifests = _manifest(tmp_path / "m1", archive.as_uri(), _sha(LEAN.encode()))
    folder = fetch(load_manifest("mini", manifests), tmp_path / "cache")
    assert (folder / "MiniF2F/Valid/t1.lean").read_text() == LEAN
    manifests = _manifest(tmp_path / "m2", "http://127.0.0.1:9/none.tar.gz", _sha(LEAN.encode()))
    with pytest.raises(BenchmarkError, match="download failed"):
        fetch(load_manifest("mini", manifests), tmp_path / "cache2", timeout_s=2)


def test_shipped_manifests_pin_the_shared_files(shared_data: Path) -> None:
    """The manifests' sha256 values are those of the copies in the shared data folder (copied unchanged)."""
    for name in ("minif2f", "proofnet", "proofnet-lean4"):
        manifest = load_manifest(name)
        assert manifest.sources and all(len(s.commit) >= 7 for s in manifest.sources)
        for split in manifest.splits.values():
            local = shared_data / split.local
            assert local.exists(), local
        for source in manifest.sources:
            for rel, sha in list(source.files.items())[:40]:
                if source.format == "file":  # the single files sit in the benchmark's folder
                    path = shared_data / "proofnet" / rel
                else:
                    split = next(s for s in manifest.splits.values() if rel.startswith(s.cache))
                    path = shared_data / split.local / rel.removeprefix(split.cache).lstrip("/")
                assert _sha(path.read_bytes()) == sha, rel
