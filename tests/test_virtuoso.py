"""A real triple store: OpenLink Virtuoso (Debian virtuoso-opensource), started here on 127.0.0.1 with our own config.

The server gets a temporary database, its own ports and a dba password set with +pwddba; ResultSetMaxRows is
raised above its default of 10000, which would silently truncate results. It is stopped by its PID.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import skip_or_fail
from rdflib import Graph
from typer.testing import CliRunner

from govkg import store as S
from govkg.cli import app
from govkg.errors import AuthError

PASSWORD = "govkg-test-dba"
GRAPH = "https://w3id.org/govkg/id/report/110112/2023/summary"
INI = """\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx
Striping           = 0

[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
DirsAllowed        = ., {db}
NumberOfBuffers    = 20000
MaxDirtyBuffers    = 15000
MaxQueryMem        = 512M
CheckpointInterval = 0

[HTTPServer]
ServerPort         = 127.0.0.1:{http_port}
ServerThreads      = 10
Charset            = UTF-8

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryExecutionTime      = 120
MaxQueryCostEstimationTime = 400
"""


@dataclass
class Virtuoso:
    base: str

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    @property
    def graph_store(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"  # the Graph Store endpoint that takes digest auth


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    binary = shutil.which("virtuoso-t")
    if binary is None:
        skip_or_fail("virtuoso-t (Debian package virtuoso-opensource) is not installed")
        return
    db = tmp_path_factory.mktemp("virtuoso")
    http_port, sql_port = _free_port(), _free_port()
    ini = db / "virtuoso.ini"
    ini.write_text(INI.format(db=db, http_port=http_port, sql_port=sql_port), encoding="utf-8")
    log = (db / "server.out").open("wb")
    # Creates the database, changes the dba password and exits.
    subprocess.run([binary, "+foreground", "+configfile", str(ini), "+pwdold", "dba", "+pwddba", PASSWORD],
                   cwd=db, stdout=log, stderr=subprocess.STDOUT, check=True, timeout=120)
    proc = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=db, stdout=log,
                            stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"virtuoso-t exited with {proc.returncode}: {(db / 'virtuoso.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("virtuoso-t did not answer /sparql?query=ASK{} within 90 s")
            time.sleep(0.3)
        yield Virtuoso(base)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)
        log.close()


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
