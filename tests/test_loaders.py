"""Every store holds exactly what our files say: Virtuoso's own loaders (TTLP and the bulk loader, the ways its
documentation and our README load a file) and an Oxigraph server, compared with the file triple for triple,
graph names included. Before issue 12, Virtuoso kept the backslash of escaped prefixed names
(gkid:report\\/110112\\/…) and broke 5,147 of the bundled graph's 5,511 triples."""

from __future__ import annotations

import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest
from servers import (
    OxigraphServer,
    Virtuoso,
    describe_difference,
    file_quads,
    oxigraph_server,
    store_quads,
)
from typer.testing import CliRunner

from govkg.cli import app

#: Graph names a test may load: ours, and the test's own default graph for a TriG file.
OURS = ("https://w3id.org/govkg/", "urn:govkg-test:")
REPORT = "https://w3id.org/govkg/id/report/110112/2023/summary"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def series(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dataset.trig of the three-year series: three reports (Chinese region names in their IRIs) and the
    promise checks, four named graphs."""
    from govkg.batch import build_batch

    out = tmp_path_factory.mktemp("series")
    assert not build_batch([data_dir / "series"], out, jobs=1, html=False).failed
    return out / "dataset.trig"


def _clear(v: Virtuoso) -> None:
    for g in sorted({g for g, _ in store_quads(v.sparql, OURS)}):
        v.isql(f"SPARQL CLEAR GRAPH <{g}>;")
    assert not store_quads(v.sparql, OURS)


def _rows(text: str) -> list[str]:
    return sorted(text.splitlines()[1:])


@pytest.fixture
def clean_virtuoso(virtuoso: Virtuoso) -> Virtuoso:
    _clear(virtuoso)
    yield virtuoso
    _clear(virtuoso)


def _copy_in(v: Virtuoso, path: Path, folder: str) -> Path:
    """A file where Virtuoso may read it (under its database directory, DirsAllowed)."""
    target = v.home / folder
    target.mkdir(exist_ok=True)
    return Path(shutil.copy(path, target / path.name))


def test_ttlp_loads_the_turtle_as_written(clean_virtuoso: Virtuoso, bundled_ttl: Path, runner: CliRunner) -> None:
    v = clean_virtuoso
    path = _copy_in(v, bundled_ttl, "ttlp")
    v.isql(f"DB.DBA.TTLP(file_to_string_output('{path}'), '', '{REPORT}', 0);")
    want = file_quads(bundled_ttl, REPORT)
    got = store_quads(v.sparql, OURS)
    assert got == want, describe_difference(got, want)
    assert len(want) > 5000
    # the query the issue saw fail with an internal error after such a load
    remote = runner.invoke(app, ["query", "provenance", "--endpoint", v.sparql, "-f", "csv"])
    local = runner.invoke(app, ["query", "provenance", "--data", str(bundled_ttl), "-f", "csv"])
    assert remote.exit_code == 0, remote.stderr
    assert len(_rows(local.stdout)) > 5 and _rows(remote.stdout) == _rows(local.stdout)


def test_ttlp_loads_the_trig_with_its_graph_names(clean_virtuoso: Virtuoso, series: Path) -> None:
    v = clean_virtuoso
    path = _copy_in(v, series, "ttlp-trig")
    v.isql(f"DB.DBA.TTLP(file_to_string_output('{path}'), '', 'urn:govkg-test:default', 256);")  # 256: TriG
    want = file_quads(series)
    got = store_quads(v.sparql, OURS)
    assert {g for g, _ in want} == {g for g, _ in got}
    assert len({g for g, _ in want}) == 4
    assert got == want, describe_difference(got, want)


def test_the_bulk_loader_loads_turtle_and_trig(clean_virtuoso: Virtuoso, bundled_ttl: Path, series: Path) -> None:
    """ld_dir + rdf_loader_run, as Virtuoso's documentation loads files: a Turtle file into a graph we name, a TriG
    file into the graphs it names."""
    v = clean_virtuoso
    folder = v.home / "bulk"
    _copy_in(v, bundled_ttl, "bulk")
    _copy_in(v, series, "bulk")
    v.isql(f"ld_dir('{folder}', '*.ttl', '{REPORT}'); ld_dir('{folder}', '*.trig', 'urn:govkg-test:default'); "
           "rdf_loader_run(); checkpoint;", timeout=300)
    errors = v.isql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
    assert "0 Rows" in errors, errors
    want = file_quads(bundled_ttl, REPORT) | file_quads(series)
    got = store_quads(v.sparql, OURS)
    assert got == want, describe_difference(got, want)


# ---------------------------------------------------------------- Oxigraph server
def _post(url: str, data: bytes, media_type: str) -> None:
    req = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": media_type})
    with urllib.request.urlopen(req, timeout=120) as resp:
        assert resp.status in (200, 201, 204)


def test_oxigraph_server_holds_what_the_files_say(oxigraph_bin: str, tmp_path: Path, bundled_ttl: Path,
                                                  series: Path) -> None:
    """Loaded offline with `oxigraph load` (TriG with its graphs, Turtle into a named graph) and over HTTP into a
    running server (the Graph Store protocol): both stores hold exactly the files' quads."""
    want = file_quads(bundled_ttl, REPORT) | file_quads(series)
    offline = tmp_path / "offline"
    for args in (["--file", str(series)], ["--file", str(bundled_ttl), "--graph", REPORT]):
        proc = subprocess.run([oxigraph_bin, "load", "--location", str(offline), *args], capture_output=True,
                              text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
    with oxigraph_server(oxigraph_bin, offline) as ox_server:
        got = store_quads(ox_server.sparql, OURS)
        assert got == want, describe_difference(got, want)

    with oxigraph_server(oxigraph_bin, tmp_path / "online") as ox_server:
        _load_over_http(ox_server, bundled_ttl, series)
        got = store_quads(ox_server.sparql, OURS)
        assert got == want, describe_difference(got, want)


def _load_over_http(server: OxigraphServer, ttl: Path, trig: Path) -> None:
    _post(f"{server.graph_store}?graph={REPORT}", ttl.read_bytes(), "text/turtle")
    _post(server.graph_store, trig.read_bytes(), "application/trig")


def test_push_to_oxigraph_query_endpoint_is_refused_and_to_its_store_works(
        oxigraph_bin: str, tmp_path: Path, bundled_ttl: Path, runner: CliRunner) -> None:
    with oxigraph_server(oxigraph_bin, tmp_path / "db") as server:
        wrong = runner.invoke(app, ["push", str(bundled_ttl), "--endpoint", server.sparql])
        assert wrong.exit_code == 2 and "is a SPARQL query endpoint" in wrong.stderr, wrong.stderr
        assert "Oxigraph …/store" in wrong.stderr
        right = runner.invoke(app, ["push", str(bundled_ttl), "--endpoint", server.graph_store])
        assert right.exit_code == 0, right.stderr
        got = store_quads(server.sparql, OURS)
        want = file_quads(bundled_ttl, REPORT)
        assert got == want, describe_difference(got, want)
