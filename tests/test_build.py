"""govkg.pipeline and govkg.export: deterministic outputs, the committed graph, the offline HTML, atomic writes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from govkg import vocab as V
from govkg.errors import InputError, OutputError, StructureError, UsageError, ValidationError
from govkg.export import write_atomic
from govkg.export.html import render
from govkg.export.rdf import serialize
from govkg.pipeline import Built, build_files, build_path, write_outputs

SVG_NS = "http://www.w3.org/2000/svg"


@pytest.fixture(scope="module")
def page(built_bundled: Built) -> str:
    return render(built_bundled.extraction)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# ---------------------------------------------------------------- determinism
@pytest.mark.slow
def test_two_builds_in_one_process_are_byte_identical(built_bundled: Built, bundled: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    write_outputs(built_bundled, first)
    write_outputs(build_path(bundled, validate=False), second)
    assert sorted(_files(first)) == ["tongzhou-2023.html", "tongzhou-2023.ttl"]
    assert _files(first) == _files(second)


@pytest.mark.slow
def test_builds_in_two_processes_are_byte_identical(tmp_path: Path) -> None:
    """Different hash seeds must not change a byte: no set or dict order leaks into the output."""
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "govkg", "build", "--out", str(out), "-q", "--no-validate"],
            check=True,
            env=env,
            capture_output=True,
            timeout=300,
        )
        outs.append(_files(out))
    assert outs[0] and outs[0] == outs[1]


def test_committed_graph_equals_a_fresh_build(repo_dir: Path, built_bundled: Built, bundled_turtle: bytes) -> None:
    """graph/tongzhou-2023.ttl is rebuilt whenever the code changes: `govkg build` then commit."""
    committed = repo_dir / "graph" / f"{built_bundled.extraction.document.stem}.ttl"
    assert committed.is_file(), f"{committed} is missing: run `govkg build` and commit graph/"
    old, fresh = Graph().parse(committed, format="turtle"), built_bundled.graph
    same = isomorphic(old, fresh)
    assert same, f"committed graph is stale ({len(old)} triples, a fresh build has {len(fresh)}): rebuild and commit"
    same_bytes = committed.read_bytes() == bundled_turtle
    assert same_bytes, "committed Turtle differs in layout from a fresh build: rebuild and commit"


def test_committed_page_equals_a_fresh_build(repo_dir: Path, built_bundled: Built, page: str) -> None:
    committed = repo_dir / "graph" / f"{built_bundled.extraction.document.stem}.html"
    assert committed.is_file(), f"{committed} is missing: run `govkg build` and commit graph/"
    same = committed.read_text(encoding="utf-8") == page
    assert same, "committed page differs from a fresh render: rebuild and commit"


def test_serialize_is_stable(built_bundled: Built) -> None:
    g = built_bundled.graph
    assert serialize(g, "turtle") == serialize(g, "turtle")
    copy = Graph()
    for triple in reversed(sorted(g)):
        copy.add(triple)
    assert serialize(copy, "turtle") == serialize(g, "turtle")


# ---------------------------------------------------------------- validation modes
@pytest.mark.parametrize(("validate", "refused"), [(True, True), ("fast", True), ("full", True), ("none", False),
                                                    (False, False)])
def test_a_graph_that_breaks_the_shapes_fails_the_build(validate: bool | str, refused: bool, reports_dir: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Both validators refuse a statement without its text (ValidationError, exit code 6); "none" builds it."""
    import govkg.pipeline as P
    from govkg.triples import Triples

    real = P.triples

    def textless(x):  # type: ignore[no-untyped-def]
        g = real(x)
        task = min(g.subjects(V.REUSED["type"], V.Task))
        return Triples(t for t in g if not (t[0] == task and t[1] == V.text))

    monkeypatch.setattr(P, "triples", textless)
    if refused:
        with pytest.raises(ValidationError, match="gk:text"):
            build_path(reports_dir / "tiny-plan.txt", validate=validate)  # type: ignore[arg-type]
    else:
        assert build_path(reports_dir / "tiny-plan.txt", validate=validate).report.conforms  # type: ignore[arg-type]


def test_an_unknown_validation_is_a_usage_error(reports_dir: Path) -> None:
    with pytest.raises(UsageError, match="fast, full, none"):
        build_path(reports_dir / "tiny-plan.txt", validate="quick")  # type: ignore[arg-type]


# ---------------------------------------------------------------- the HTML page
def test_page_loads_nothing_from_the_network(page: str) -> None:
    urls = re.findall(r"https?://[^\s\"'<>)]*", page)
    assert [u for u in urls if not u.startswith(SVG_NS)] == []
    assert re.findall(r"<script\b[^>]*\bsrc\s*=", page, re.I) == []
    assert re.findall(r"<link\b[^>]*\bhref\s*=", page, re.I) == []
    assert re.findall(r"@import", page) == []


def test_page_declares_utf8(page: str) -> None:
    assert re.search(r"<meta\s+charset=[\"']?utf-8", page, re.I)


def test_page_shows_chinese_names(page: str, built_bundled: Built) -> None:
    """Entity names appear as Chinese text in the page, not only as \\u escapes."""
    missing = [e.name for e in built_bundled.extraction.entities if e.name not in page]
    assert missing == []
    goals = [g.title for g in built_bundled.extraction.outline.goals if g.title and g.title not in page]
    assert goals == []


# ---------------------------------------------------------------- nothing half-done
def _bad_file(tmp_path: Path) -> Path:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    return bad


@pytest.mark.parametrize("out_exists", [False, True], ids=["absent-out", "empty-out"])
def test_bad_input_is_skipped_and_raised(out_exists: bool, tmp_path: Path, reports_dir: Path) -> None:
    """The good report is built; the bad one leaves no file of its own, and its error is raised at the end."""
    out = tmp_path / "out"
    if out_exists:
        out.mkdir()
    with pytest.raises(InputError) as info:
        build_files([reports_dir / "tiny-plan.txt", _bad_file(tmp_path)], out)
    assert "empty.txt" in str(info.value)
    names = sorted(p.name for p in out.iterdir())
    assert "tiny-plan.ttl" in names and not [n for n in names if n.startswith("empty") or n.endswith(".tmp")]


def test_structureless_input_is_skipped(tmp_path: Path, reports_dir: Path) -> None:
    text = tmp_path / "hello.txt"
    text.write_text("hello world\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(StructureError):
        build_files([reports_dir / "tiny-plan.txt", text], out)
    assert not list(out.glob("hello*"))


def test_unwritable_out_fails_before_any_work(tmp_path: Path, reports_dir: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a directory", encoding="utf-8")
    with pytest.raises(OutputError) as info:
        build_files([reports_dir / "tiny-plan.txt"], blocker / "sub")
    assert info.value.exit_code == 5
    assert blocker.read_text(encoding="utf-8") == "not a directory"


def test_build_files_writes_ttl_and_html_per_report(tmp_path: Path, reports_dir: Path) -> None:
    inputs = [reports_dir / "tiny-plan.txt", reports_dir / "bullet-summary.txt"]
    written = build_files(inputs, tmp_path / "out")
    names = sorted(p.name for p in written)
    assert names == ["bullet-summary.html", "bullet-summary.ttl", "tiny-plan.html", "tiny-plan.ttl"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([".govkg-cache", "dataset.trig", *names])
    for p in written:
        assert p.stat().st_size > 0


# ---------------------------------------------------------------- atomic writes
def test_write_atomic_leaves_only_the_file(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "graph.ttl"
    write_atomic(target, b"first")
    write_atomic(target, "第二版".encode())
    assert target.read_bytes() == "第二版".encode()
    assert [p.name for p in target.parent.iterdir()] == ["graph.ttl"]


def test_write_atomic_failure_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.mkdir()  # a directory where the file should go: the final rename fails
    with pytest.raises(OutputError):
        write_atomic(target, b"data")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
    assert list(target.iterdir()) == []


def test_write_atomic_under_a_file_raises_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_bytes(b"x")
    with pytest.raises(OutputError):
        write_atomic(blocker / "sub" / "graph.ttl", b"data")
    assert [p.name for p in tmp_path.iterdir()] == ["file.txt"]
