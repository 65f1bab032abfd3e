"""govkg load / query --store / push / query --endpoint: one graph per report, no duplicates, clear failures.

Endpoint failures are played by small HTTP servers on 127.0.0.1 that each test starts and stops itself.
"""

from __future__ import annotations

import base64
import json
import socket
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from servers import free_port
from typer.testing import CliRunner

from govkg import store as S
from govkg.cli import app
from govkg.errors import AuthError, EndpointError, InputError, StoreError

Handler = Callable[[BaseHTTPRequestHandler, bytes], tuple[int, dict[str, str], bytes]]


@contextmanager
def http_server(handle: Handler) -> Iterator[tuple[str, list[dict[str, str]]]]:
    """A threaded HTTP server on 127.0.0.1; yields its URL and the requests it saw (method, path, headers, body)."""
    seen: list[dict[str, str]] = []

    class H(BaseHTTPRequestHandler):
        def _any(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append({"method": self.command, "path": self.path, "auth": self.headers.get("Authorization", ""),
                         "type": self.headers.get("Content-Type", ""), "body": body.decode("utf-8", "replace")})
            status, headers, data = handle(self, body)
            try:
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = do_POST = do_PUT = do_DELETE = _any

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), H)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def triples(path: Path) -> int:
    return len(Graph().parse(path))


# ---------------------------------------------------------------- the embedded store
def test_load_twice_gives_no_duplicates(runner: CliRunner, bundled_ttl: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    for _ in range(2):
        result = runner.invoke(app, ["load", str(bundled_ttl), "--store", str(store)])
        assert result.exit_code == 0, result.stderr
    n = triples(bundled_ttl)
    assert f"store {store}: 1 graphs, {n} triples" in result.stdout
    st = ox.Store.read_only(str(store))
    assert [g.value for g in st.named_graphs()] == ["https://w3id.org/govkg/id/report/110112/2023/summary"]
    assert len(st) == n
    del st


def test_two_reports_two_graphs(runner: CliRunner, bundled_ttl: Path, second_ttl: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert runner.invoke(app, ["load", str(bundled_ttl), str(second_ttl), "--store", str(store)]).exit_code == 0
    assert runner.invoke(app, ["load", str(second_ttl), "--store", str(store), "-q"]).stdout == ""
    assert S.store_summary(store) == (2, triples(bundled_ttl) + triples(second_ttl))
    q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    result = runner.invoke(app, ["query", q, "--store", str(store), "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1:] == [
        f"https://w3id.org/govkg/id/report/110112/2023/summary,{triples(bundled_ttl)}",
        f"https://w3id.org/govkg/id/report/510107/2024/summary,{triples(second_ttl)}",
    ]
    # named queries run over the union of the graphs
    result = runner.invoke(app, ["query", "entity", "--store", str(store), "-f", "csv", "-p", "name=武侯科创中心"])
    assert result.exit_code == 0 and "武侯科创中心" in result.stdout


def test_a_bad_file_leaves_the_store_untouched(runner: CliRunner, bundled_ttl: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    result = runner.invoke(app, ["load", str(bundled_ttl), str(bad), "--store", str(store)])
    assert result.exit_code == InputError.exit_code
    assert not store.exists()


def test_store_held_by_another_process(runner: CliRunner, bundled_ttl: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert runner.invoke(app, ["load", str(bundled_ttl), "--store", str(store), "-q"]).exit_code == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); print('ready', flush=True); "
         "sys.stdin.read()", str(store)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        result = runner.invoke(app, ["load", str(bundled_ttl), "--store", str(store)])
        assert result.exit_code == StoreError.exit_code
        assert "in use by another process" in result.stderr and len(result.stderr.splitlines()) == 1
        # reading does not need the lock
        result = runner.invoke(app, ["query", "ASK { ?r a gk:Report }", "--store", str(store)])
        assert result.exit_code == 0 and result.stdout == "true\n"
    finally:
        holder.communicate("", timeout=30)
    assert runner.invoke(app, ["load", str(bundled_ttl), "--store", str(store), "-q"]).exit_code == 0


def test_store_that_is_not_there(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "entity", "--store", str(tmp_path / "none")])
    assert result.exit_code == StoreError.exit_code and "govkg load" in result.stderr
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match="holds other files"):
        S.open_store(tmp_path, write=True)


def test_trig_file_keeps_its_graphs(bundled_ttl: Path, second_ttl: Path, tmp_path: Path) -> None:
    from govkg.export.rdf import serialize_reports

    trig = tmp_path / "both.trig"
    trig.write_bytes(serialize_reports([Graph().parse(bundled_ttl), Graph().parse(second_ttl)], "trig"))
    loaded = S.load([trig], tmp_path / "store")
    assert sorted(g.graph.value.split("/report/", 1)[1] for g in loaded) == ["110112/2023/summary", "510107/2024/summary"]
    assert S.store_summary(tmp_path / "store")[0] == 2


# ---------------------------------------------------------------- remote endpoints, played by local servers
def sparql_endpoint(store: ox.Store) -> Handler:
    """A minimal SPARQL 1.1 Protocol endpoint over a pyoxigraph store (POST form, JSON results)."""

    def handle(h: BaseHTTPRequestHandler, body: bytes) -> tuple[int, dict[str, str], bytes]:
        query = urllib.parse.parse_qs(body.decode("utf-8"))["query"][0]
        try:
            result = store.query(query, use_default_graph_as_union=True)
        except SyntaxError as exc:
            return 400, {"Content-Type": "text/plain"}, f"Virtuoso 37000 Error SP030: {exc}".encode()
        data = result.serialize(format=ox.QueryResultsFormat.JSON)
        return 200, {"Content-Type": "application/sparql-results+json"}, data or b""

    return handle


def test_query_endpoint_with_parameters(runner: CliRunner, bundled_ttl: Path) -> None:
    store = S.memory_store([bundled_ttl])
    with http_server(sparql_endpoint(store)) as (url, seen):
        value = '运河商务区"@zh } ; DROP ALL #'
        for name in (value, "运河商务区"):
            local = runner.invoke(app, ["query", "entity", "--data", str(bundled_ttl), "-f", "csv", "-p", f"name={name}"])
            remote = runner.invoke(app, ["query", "entity", "--endpoint", url, "-f", "csv", "-p", f"name={name}"])
            assert remote.exit_code == 0, remote.stderr
            assert remote.stdout == local.stdout
        # the value takes the place of the default row of the query's own VALUES block, as one RDF term
        sent = urllib.parse.parse_qs(seen[-1]["body"])["query"][0]
        assert 'VALUES ?name { "运河商务区"@zh }' in sent and sent.count("VALUES ?name") == 1
        bad = runner.invoke(app, ["query", "SELECT * WHERE { ?s ?p }", "--endpoint", url])
        assert bad.exit_code == 7 and "rejected the query" in bad.stderr


def test_unreachable_endpoint(runner: CliRunner, bundled_ttl: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    result = runner.invoke(app, ["query", "entity", "--endpoint", url])
    assert result.exit_code == EndpointError.exit_code
    assert result.stderr.startswith(f"govkg: error: cannot reach {url}") and len(result.stderr.splitlines()) == 1
    result = runner.invoke(app, ["push", str(bundled_ttl), "--endpoint", url])
    assert result.exit_code == EndpointError.exit_code and "cannot reach" in result.stderr


def test_timeout(runner: CliRunner, bundled_ttl: Path) -> None:
    release = threading.Event()

    def hang(h: BaseHTTPRequestHandler, body: bytes) -> tuple[int, dict[str, str], bytes]:
        release.wait(10)  # bounded: the test releases it as soon as the client has given up
        return 200, {}, b""

    with http_server(hang) as (url, seen):
        try:
            result = runner.invoke(app, ["query", "entity", "--endpoint", url, "--timeout", "0.5"])
            assert result.exit_code == EndpointError.exit_code
            assert "did not answer within 0.5 s" in result.stderr and len(result.stderr.splitlines()) == 1
            result = runner.invoke(app, ["push", str(bundled_ttl), "--endpoint", url, "--timeout", "0.5"])
            assert result.exit_code == EndpointError.exit_code
        finally:
            release.set()
    assert len(seen) == 2  # no retry after a timeout


@pytest.mark.parametrize("scheme", ["Basic", "Digest"])
def test_refused_login(runner: CliRunner, bundled_ttl: Path, monkeypatch: pytest.MonkeyPatch, scheme: str) -> None:
    challenge = {"Basic": 'Basic realm="triples"', "Digest": 'Digest realm="triples", nonce="abc", qop="auth"'}

    def refuse(h: BaseHTTPRequestHandler, body: bytes) -> tuple[int, dict[str, str], bytes]:
        return 401, {"WWW-Authenticate": challenge[scheme]}, b"no"

    with http_server(refuse) as (url, seen):
        monkeypatch.delenv(S.USER_VAR, raising=False)
        result = runner.invoke(app, ["push", str(bundled_ttl), "--endpoint", url])
        assert result.exit_code == AuthError.exit_code
        assert f"asks for a login: set {S.USER_VAR} and {S.PASSWORD_VAR}" in result.stderr
        monkeypatch.setenv(S.USER_VAR, "reader")
        monkeypatch.setenv(S.PASSWORD_VAR, "wrong")
        result = runner.invoke(app, ["push", str(bundled_ttl), "--endpoint", url])
        assert result.exit_code == AuthError.exit_code
        assert "refused the login of user 'reader'" in result.stderr and len(result.stderr.splitlines()) == 1
    assert any(r["auth"].startswith(scheme) for r in seen)  # the credentials were offered, in that scheme
    assert "wrong" not in " ".join(r["path"] for r in seen)


def test_push_puts_the_report_graph_with_basic_auth(
    runner: CliRunner, bundled_ttl: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = "Basic " + base64.b64encode(b"writer:s3cret").decode()

    def store(h: BaseHTTPRequestHandler, body: bytes) -> tuple[int, dict[str, str], bytes]:
        if h.headers.get("Authorization") != token:
            return 401, {"WWW-Authenticate": 'Basic realm="triples"'}, b""
        return 201, {}, b""

    monkeypatch.setenv(S.USER_VAR, "writer")
    monkeypatch.setenv(S.PASSWORD_VAR, "s3cret")
    with http_server(store) as (url, seen):
        result = runner.invoke(app, ["push", str(bundled_ttl), "--endpoint", url + "/rdf-graphs/service"])
        assert result.exit_code == 0, result.stderr
        put = seen[-1]
        assert put["method"] == "PUT" and put["type"].startswith("text/turtle")
        assert urllib.parse.parse_qs(urllib.parse.urlsplit(put["path"]).query) == {
            "graph": ["https://w3id.org/govkg/id/report/110112/2023/summary"]
        }
        assert len(Graph().parse(data=put["body"], format="turtle")) == triples(bundled_ttl)
        result = runner.invoke(app, ["push", str(bundled_ttl), "--endpoint", url, "--graph", "urn:x:mine"])
        assert result.exit_code == 0 and "graph=urn%3Ax%3Amine" in seen[-1]["path"]


def test_transient_errors_are_retried(bundled_ttl: Path) -> None:
    answers = [503, 502, 200]

    def flaky(h: BaseHTTPRequestHandler, body: bytes) -> tuple[int, dict[str, str], bytes]:
        status = answers.pop(0) if answers else 500
        data = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "1"}}]}})
        return status, {"Content-Type": "application/sparql-results+json"}, data.encode() if status == 200 else b"busy"

    with http_server(flaky) as (url, seen):
        result = S.query_endpoint(url, "SELECT ?n WHERE {}", {}, dataset=[])
        assert isinstance(result, ox.QuerySolutions) and [s["n"].value for s in result] == ["1"]
        assert len(seen) == 3
        with pytest.raises(EndpointError, match="HTTP 500"):
            S.query_endpoint(url, "SELECT ?n WHERE {}", {}, dataset=[])


def test_a_refusal_that_resets_the_upload_is_a_refused_login(
    runner: CliRunner, bundled_ttl: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server that refuses the login of a PUT answers before reading the body and drops the connection (Virtuoso
    sometimes does): the upload breaks with a reset or a broken pipe. govkg asks again with a HEAD and reports the
    refused login (exit 9), not an unreachable server (exit 8)."""
    import struct

    class Refuse(BaseHTTPRequestHandler):
        def _refuse(self, drop: bool) -> None:
            if drop:  # reset at once, the body unread: the client meets a reset, not the answer
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True
                return
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="triples"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_PUT(self) -> None:
            self._refuse(drop=True)

        def do_HEAD(self) -> None:
            self._refuse(drop=False)

        def do_GET(self) -> None:
            self._refuse(drop=False)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Refuse)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv(S.USER_VAR, "writer")
        monkeypatch.setenv(S.PASSWORD_VAR, "wrong")
        url = f"http://127.0.0.1:{server.server_address[1]}/store"
        result = runner.invoke(app, ["push", str(bundled_ttl), "--endpoint", url])
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == AuthError.exit_code, result.stderr
    assert "refused the login of user 'writer'" in result.stderr and len(result.stderr.splitlines()) == 1
