"""Shared fixtures: test data paths, the bundled report built once, a text -> Document helper, a CLI runner.

Fragment tests are parametrized from `tests/data/fragments/EXPECTED.md`: a test that asks for an argument
named `expected_<block>` (expected_cleaned, expected_items, expected_metrics …) runs once per fragment that has
such a block, with `fragment` (the fragment's path) and the block's lines (metrics: parsed JSON objects).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govkg.clean import clean
from govkg.models import Document
from govkg.pipeline import Built, build_path, bundled_report
from govkg.read import from_text

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
DATA = TESTS / "data"
FRAGMENTS = DATA / "fragments"
REPORTS = DATA / "reports"
GOLD = DATA / "gold"
ONTOLOGY = REPO / "ontology" / "govkg.ttl"
SHAPES = REPO / "ontology" / "shapes.ttl"
SHARED = REPO.parent / "shared"
SHARED_GOLD = SHARED / "eval" / "tongzhou-2023-review.gold.json"

#: Block kinds of EXPECTED.md, as the argument names tests use for them.
BLOCK_ARGS = {
    "decoded": "expected_decoded",
    "cleaned": "expected_cleaned",
    "titles": "expected_titles",
    "items": "expected_items",
    "entities": "expected_entities",
    "metrics": "expected_metrics",
    "not-metrics": "expected_not_metrics",
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: takes more than about two seconds (full builds, subprocesses, hypothesis)"
    )


@cache
def expected_blocks() -> dict[str, dict[str, list[Any]]]:
    """EXPECTED.md as {fragment file name: {block kind: lines}}; metrics blocks hold parsed JSON objects."""
    out: dict[str, dict[str, list[Any]]] = {}
    current: str | None = None
    info: str | None = None
    lines: list[str] = []
    for line in (FRAGMENTS / "EXPECTED.md").read_text(encoding="utf-8").splitlines():
        if info is not None:
            if line.startswith("```"):
                assert current is not None, f"block {info!r} before any fragment heading"
                out[current][info] = [json.loads(x) for x in lines] if info == "metrics" else lines
                info, lines = None, []
            else:
                lines.append(line)
            continue
        heading = re.fullmatch(r"## `([^`]+)`", line)
        if heading:
            current = heading.group(1)
            out[current] = {}
        elif line.startswith("```") and current is not None:
            info = line[3:].strip()
            assert info in BLOCK_ARGS, f"unknown block kind {info!r} in EXPECTED.md"
    return out


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for kind, arg in BLOCK_ARGS.items():
        if arg not in metafunc.fixturenames:
            continue
        cases = [
            (FRAGMENTS / name, blocks[kind]) for name, blocks in sorted(expected_blocks().items()) if kind in blocks
        ]
        metafunc.parametrize(("fragment", arg), cases, ids=[p.name for p, _ in cases])


# ---------------------------------------------------------------- paths
@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def fragments_dir() -> Path:
    return FRAGMENTS


@pytest.fixture(scope="session")
def reports_dir() -> Path:
    return REPORTS


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return GOLD


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    return REPO


@pytest.fixture(scope="session")
def ontology_path() -> Path:
    return ONTOLOGY


@pytest.fixture(scope="session")
def shapes_path() -> Path:
    return SHAPES


@pytest.fixture(scope="session")
def bundled() -> Path:
    """The bundled 2023 Tongzhou report file."""
    path = bundled_report()
    assert path.is_file(), f"bundled report missing: {path}"
    return path


def skip_or_fail(reason: str) -> None:
    """Skip on a developer's machine that lacks something outside the repository; fail in CI.

    `.ci/run` sets GOVKG_REQUIRE_INTEGRATION=1: there the shared gold, the scorer (and later a browser and a
    triple store) must be present, so a skip would hide a test that did not run.
    """
    if os.environ.get("GOVKG_REQUIRE_INTEGRATION") == "1":
        pytest.fail(f"required in CI (GOVKG_REQUIRE_INTEGRATION=1): {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_gold() -> dict[str, Any]:
    """The shared gold annotation of the bundled report (outside the repository)."""
    if not SHARED_GOLD.is_file():
        skip_or_fail(f"shared gold file absent: {SHARED_GOLD}")
    return json.loads(SHARED_GOLD.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- built objects
@pytest.fixture(scope="session")
def built_bundled(bundled: Path) -> Built:
    """The bundled report built once per session, with validation."""
    return build_path(bundled)


@pytest.fixture(scope="session")
def bundled_turtle(built_bundled: Built) -> bytes:
    from govkg.export.rdf import serialize

    return serialize(built_bundled.graph, "turtle")


@pytest.fixture
def make_doc() -> Callable[..., Document]:
    """Build a cleaned Document from a Python string: make_doc("○新建公园3个。")."""

    def make(text: str, name: str = "report.txt") -> Document:
        return clean(from_text(text, name))

    return make


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


# ---------------------------------------------------------------- RDF files of built reports (query, store, formats)
@pytest.fixture(scope="session")
def bundled_ttl(bundled_turtle: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled report's graph as a Turtle file, `tongzhou-2023.ttl`, as `govkg build` writes it."""
    path = tmp_path_factory.mktemp("graph") / "tongzhou-2023.ttl"
    path.write_bytes(bundled_turtle)
    return path


@pytest.fixture(scope="session")
def second_ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second, small report's graph (tests/data/reports/tiny-plan.txt) as a Turtle file."""
    from govkg.export.rdf import serialize

    path = tmp_path_factory.mktemp("graph2") / "tiny-plan.ttl"
    path.write_bytes(serialize(build_path(REPORTS / "tiny-plan.txt").graph, "turtle"))
    return path


# ---------------------------------------------------------------- real servers (tests/servers.py)
@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One Virtuoso server for the session (test_virtuoso.py, test_loaders.py)."""
    from servers import virtuoso_server

    binary = shutil.which("virtuoso-t")
    if binary is None:
        skip_or_fail("virtuoso-t (Debian package virtuoso-opensource) is not installed")
        return
    with virtuoso_server(binary, tmp_path_factory.mktemp("virtuoso")) as v:
        yield v


@pytest.fixture(scope="session")
def oxigraph_bin() -> str:
    from servers import oxigraph_binary

    binary = oxigraph_binary()
    if binary is None:
        skip_or_fail("the oxigraph command (pip package oxigraph, in the test extra) is not installed")
    assert binary is not None
    return binary
