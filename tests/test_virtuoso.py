"""A real triple store: OpenLink Virtuoso (Debian virtuoso-opensource), started once per session by
tests/servers.py on 127.0.0.1: push, query, delete, and the named queries against the file."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from rdflib import Graph
from servers import PASSWORD, Virtuoso
from typer.testing import CliRunner

from govkg import store as S
from govkg.cli import app
from govkg.errors import AuthError

GRAPH = "https://w3id.org/govkg/id/report/110112/2023/summary"


@pytest.fixture
def dba(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(S.USER_VAR, "dba")
    monkeypatch.setenv(S.PASSWORD_VAR, PASSWORD)


def _count(runner: CliRunner, v: Virtuoso) -> int:
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"
    result = runner.invoke(app, ["query", q, "--endpoint", v.sparql, "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    return int(result.stdout.split()[1])


def _rows(text: str) -> list[list[str]]:
    return sorted(["; ".join(sorted(cell.split("; "))) for cell in row] for row in csv.reader(io.StringIO(text)))


@pytest.mark.slow
def test_push_query_push_again_delete(runner: CliRunner, virtuoso: Virtuoso, bundled_ttl: Path, dba: None) -> None:
    expected = len(Graph().parse(bundled_ttl))
    result = runner.invoke(app, ["push", str(bundled_ttl), "--endpoint", virtuoso.graph_store])
    assert result.exit_code == 0, result.stderr
    assert f"pushed {bundled_ttl} to <{GRAPH}> ({expected} triples)" in result.stdout
    assert _count(runner, virtuoso) == expected

    # a Chinese label, through a named query with a parameter, gives what the file gives
    args = ["entity", "-f", "csv", "-p", "name=运河商务区"]
    remote = runner.invoke(app, ["query", *args, "--endpoint", virtuoso.sparql])
    local = runner.invoke(app, ["query", *args, "--data", str(bundled_ttl)])
    assert remote.exit_code == 0, remote.stderr
    assert "运河商务区总计完工440万平方米" in remote.stdout
    assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines())
    ask = runner.invoke(app, ["query", 'ASK { ?e rdfs:label "运河商务区"@zh }', "--endpoint", virtuoso.sparql])
    assert ask.stdout == "true\n"
    # a hand-written query that finds nothing is told why, by asking the endpoint
    plain = runner.invoke(app, ["query", 'ASK { ?e rdfs:label "运河商务区" }', "--endpoint", virtuoso.sparql])
    assert plain.stdout == "false\n" and 'write "运河商务区"@zh' in plain.stderr

    # every row, beyond Virtuoso's default ResultSetMaxRows of 10000 if there were that many
    rows = runner.invoke(app, ["query", f"SELECT * WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}", "--endpoint",
                               virtuoso.sparql, "-f", "tsv"])
    assert rows.exit_code == 0 and len(rows.stdout.splitlines()) == expected + 1

    # pushing again replaces the graph: no duplicates
    assert runner.invoke(app, ["push", str(bundled_ttl), "--endpoint", virtuoso.graph_store]).exit_code == 0
    assert _count(runner, virtuoso) == expected

    S.delete_graph(virtuoso.graph_store, GRAPH)
    assert _count(runner, virtuoso) == 0


@pytest.mark.slow
def test_named_queries_agree_with_the_file(runner: CliRunner, virtuoso: Virtuoso, bundled_ttl: Path, dba: None) -> None:
    from govkg.query import named_queries

    assert runner.invoke(app, ["push", str(bundled_ttl), "--endpoint", virtuoso.graph_store]).exit_code == 0
    try:
        for name in named_queries():
            remote = runner.invoke(app, ["query", name, "--endpoint", virtuoso.sparql, "-f", "csv"])
            local = runner.invoke(app, ["query", name, "--data", str(bundled_ttl), "-f", "csv"])
            assert remote.exit_code == 0, (name, remote.stderr)
            # row order among equals and GROUP_CONCAT order are the store's own: compare sorted rows of sorted items
            assert _rows(remote.stdout) == _rows(local.stdout), name
    finally:
        S.delete_graph(virtuoso.graph_store, GRAPH)


@pytest.mark.slow
def test_wrong_password_is_refused(runner: CliRunner, virtuoso: Virtuoso, bundled_ttl: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(S.USER_VAR, "dba")
    monkeypatch.setenv(S.PASSWORD_VAR, "not-" + PASSWORD)
    result = runner.invoke(app, ["push", str(bundled_ttl), "--endpoint", virtuoso.graph_store])
    assert result.exit_code == AuthError.exit_code, result.stderr
    assert "refused the login of user 'dba'" in result.stderr
    assert _count(runner, virtuoso) == 0
    assert os.environ[S.PASSWORD_VAR] not in result.stderr


@pytest.mark.slow
def test_a_dataset_of_three_reports_and_its_promises(runner: CliRunner, virtuoso: Virtuoso, data_dir: Path,
                                                     tmp_path: Path, dba: None) -> None:
    """dataset.trig of a series: every named graph arrives (Chinese report IRIs included), and the promises query
    gives what the file gives."""
    from govkg.batch import build_batch

    out = tmp_path / "series"
    assert not build_batch([data_dir / "series"], out, jobs=1, html=False).failed
    dataset = out / "dataset.trig"
    graphs = S.read_graphs(dataset)
    result = runner.invoke(app, ["push", str(dataset), "--endpoint", virtuoso.graph_store])
    assert result.exit_code == 0, result.stderr
    try:
        for g in graphs:
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g.graph.value}> {{ ?s ?p ?o }} }}"
            n = runner.invoke(app, ["query", q, "--endpoint", virtuoso.sparql, "-f", "csv"])
            assert n.stdout.splitlines()[1] == str(len(g.triples)), g.graph.value
        remote = runner.invoke(app, ["query", "promises", "--endpoint", virtuoso.sparql, "-f", "csv"])
        local = runner.invoke(app, ["query", "promises", "--data", str(dataset), "-f", "csv"])
        assert remote.exit_code == 0, remote.stderr
        assert len(local.stdout.splitlines()) > 30
        assert _rows(remote.stdout) == _rows(local.stdout)
    finally:
        for g in graphs:
            S.delete_graph(virtuoso.graph_store, g.graph.value)


def test_push_to_the_query_endpoint_fails_at_once(runner: CliRunner, virtuoso: Virtuoso, bundled_ttl: Path,
                                                  dba: None) -> None:
    """Virtuoso's /sparql takes a PUT and never answers it: govkg sees a query endpoint and says so at once."""
    import time

    t0 = time.monotonic()
    result = runner.invoke(app, ["push", str(bundled_ttl), "--endpoint", virtuoso.sparql])
    elapsed = time.monotonic() - t0
    assert result.exit_code == 2, result.stderr
    assert elapsed < 5, f"took {elapsed:.1f} s"
    assert "is a SPARQL query endpoint" in result.stderr and "sparql-graph-crud-auth" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _count(runner, virtuoso) == 0
