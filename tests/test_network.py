"""Endpoints that misbehave: every way a server can fail `govkg query --endpoint` and `govkg push --endpoint` ends
in one line on stderr, the right exit code, and no more than a few timeouts' wait.

Each server is a raw TCP server on 127.0.0.1 (a free port, threads of its own) that treats every connection the
same way. `NETWORK_CASES` is the table of what each does and what govkg says; the README's reliability table can be
generated from it (`name`, `server`, `command`, `exit_code`, `message`, `govkg`).
"""

from __future__ import annotations

import random
import re
import socket
import struct
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
from servers import free_port
from typer.testing import CliRunner

from govkg import store as S
from govkg import transport as T
from govkg.cli import app
from govkg.errors import EndpointError, UsageError

#: The --timeout every case runs with (seconds).
TIMEOUT = 1.0
#: A hang guard, not a speed measure: a few timeouts, the pauses between retries, and slack for a busy machine.
HANG_GUARD = 5 * TIMEOUT + sum(S.RETRY_PAUSES)


# ---------------------------------------------------------------- a raw TCP server that misbehaves
class Server:
    """Listens on 127.0.0.1 and hands every connection to `behave` in a thread; `stopping` ends every wait."""

    def __init__(self, behave: Callable[[socket.socket, Server], None], backlog: int = 16,
                 accept: bool = True) -> None:
        self.behave = behave
        self.stopping = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=backlog)
        self.listener.settimeout(0.1)  # closing a socket does not wake a thread blocked in accept()
        self.port = self.listener.getsockname()[1]
        self.conns: list[socket.socket] = []
        self.threads: list[threading.Thread] = []
        self.requests: list[bytes] = []
        self.accept = accept  # a server that never accepts: connections stay in (or beyond) the listen queue

    def url(self, path: str = "/sparql", scheme: str = "http") -> str:
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def serve(self) -> None:
        while not self.stopping.is_set():
            if not self.accept:
                self.stopping.wait(0.1)
                continue
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(10)
            self.conns.append(conn)
            t = threading.Thread(target=self._handle, args=(conn,), daemon=True)
            self.threads.append(t)
            t.start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            self.behave(conn, self)
        except OSError:
            pass
        finally:
            conn.close()

    def wait(self, seconds: float) -> None:
        self.stopping.wait(seconds)

    def stop(self) -> None:
        self.stopping.set()
        self.listener.close()
        for c in self.conns:
            with suppress(OSError):
                c.shutdown(socket.SHUT_RDWR)
        for t in self.threads:
            t.join(5)


@contextmanager
def serving(behave: Callable[[socket.socket, Server], None], backlog: int = 16,
            accept: bool = True) -> Iterator[Server]:
    server = Server(behave, backlog, accept)
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop()
        thread.join(5)


def read_request(conn: socket.socket, server: Server) -> tuple[str, bytes]:
    """The request line and headers, and the body (by its Content-Length); the request line comes first."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return "", b""
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    while length and len(body) < int(length.group(1)):
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    server.requests.append(head.split(b"\r\n", 1)[0])
    return head.decode("latin-1"), body


def answer(conn: socket.socket, status: str, headers: dict[str, str], body: bytes, length: int | None = None) -> None:
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers.items()),
             f"Content-Length: {len(body) if length is None else length}", "Connection: close", "", ""]
    conn.sendall("\r\n".join(lines).encode("latin-1") + body)


def drain(conn: socket.socket, server: Server) -> None:
    """Read until the client closes, so that closing this end sends a FIN and no reset."""
    conn.settimeout(0.2)
    while not server.stopping.is_set():
        try:
            if not conn.recv(65536):
                return
        except TimeoutError:
            continue


def finish(conn: socket.socket, server: Server) -> None:
    conn.shutdown(socket.SHUT_WR)
    drain(conn, server)


# ---------------------------------------------------------------- how each server misbehaves
LOGIN_PAGE = (b"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Login</title></head>\n"
              b"<body><form action='/login' method='post'><input name='user'></form></body></html>\n")
RESULTS = b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "urn:govkg:a"}}]}}'
GARBAGE = random.Random(14).randbytes(64)
SSH_BANNER = b"SSH-2.0-OpenSSH_9.6p1 Debian-3\r\n"
TLS_ALERT = b"\x15\x03\x01\x00\x02\x02\x46"  # TLS: alert, protocol_version


def login_page(conn: socket.socket, server: Server) -> None:
    read_request(conn, server)
    answer(conn, "200 OK", {"Content-Type": "text/html; charset=utf-8"}, LOGIN_PAGE)
    finish(conn, server)


def redirect_to_login(conn: socket.socket, server: Server) -> None:
    head, _ = read_request(conn, server)
    if head.split(" ", 2)[1].startswith("/login"):
        answer(conn, "200 OK", {"Content-Type": "text/html; charset=utf-8"}, LOGIN_PAGE)
    else:
        answer(conn, "302 Found", {"Location": "/login?next=%2Fsparql", "Content-Type": "text/html"}, b"")
    finish(conn, server)


def proxy_error(conn: socket.socket, server: Server) -> None:
    read_request(conn, server)
    page = (b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
            b"<hr><center>nginx/1.24.0</center></body></html>")
    answer(conn, "502 Bad Gateway", {"Content-Type": "text/html"}, page)
    finish(conn, server)


def garbage(conn: socket.socket, server: Server) -> None:
    read_request(conn, server)
    answer(conn, "200 OK", {"Content-Type": "application/sparql-results+json"}, GARBAGE)
    finish(conn, server)


def truncated_json(conn: socket.socket, server: Server) -> None:
    read_request(conn, server)
    answer(conn, "200 OK", {"Content-Type": "application/sparql-results+json"}, RESULTS[:60])
    finish(conn, server)


def broken_off(conn: socket.socket, server: Server) -> None:
    read_request(conn, server)
    answer(conn, "200 OK", {"Content-Type": "application/sparql-results+json"}, RESULTS[:60], length=len(RESULTS))
    finish(conn, server)


def csv_answer(conn: socket.socket, server: Server) -> None:
    read_request(conn, server)
    answer(conn, "200 OK", {"Content-Type": "text/csv"}, b"s\r\nurn:govkg:a\r\n")
    finish(conn, server)


def empty_answer(conn: socket.socket, server: Server) -> None:
    read_request(conn, server)
    answer(conn, "200 OK", {"Content-Type": "application/sparql-results+json"}, b"")
    finish(conn, server)


def redirect_loop(conn: socket.socket, server: Server) -> None:
    head, _ = read_request(conn, server)
    answer(conn, "302 Found", {"Location": head.split(" ", 2)[1]}, b"")
    finish(conn, server)


def server_error(conn: socket.socket, server: Server) -> None:
    read_request(conn, server)
    page = b"<!DOCTYPE html><html><head><title>Internal Server Error</title></head><body><p>java.lang.OutOfMemory</p>"
    answer(conn, "500 Internal Server Error", {"Content-Type": "text/html"}, page)
    finish(conn, server)


def silent(conn: socket.socket, server: Server) -> None:
    read_request(conn, server)
    server.wait(30)


def trickle(conn: socket.socket, server: Server) -> None:
    read_request(conn, server)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n")
    for byte in RESULTS * 10:
        if server.stopping.wait(0.2):
            return
        conn.sendall(bytes([byte]))


def closes(conn: socket.socket, server: Server) -> None:
    read_request(conn, server)
    conn.shutdown(socket.SHUT_WR)


def resets(conn: socket.socket, server: Server) -> None:
    read_request(conn, server)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def random_bytes(conn: socket.socket, server: Server) -> None:
    read_request(conn, server)
    conn.sendall(GARBAGE)
    finish(conn, server)


def ssh(conn: socket.socket, server: Server) -> None:
    conn.sendall(SSH_BANNER)
    drain(conn, server)


def tls_at_http(conn: socket.socket, server: Server) -> None:
    read_request(conn, server)
    conn.sendall(TLS_ALERT)
    finish(conn, server)


def http_at_https(conn: socket.socket, server: Server) -> None:
    conn.recv(65536)  # a TLS ClientHello
    conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    finish(conn, server)


def never_accepts(conn: socket.socket, server: Server) -> None:
    raise AssertionError("never called: the server accepts no connection")


def query_endpoint(conn: socket.socket, server: Server) -> None:
    """Virtuoso's /sparql: answers queries, 400 without one, and reads a PUT's body until the client closes."""
    head, _ = read_request(conn, server)
    method, target = head.split(" ", 2)[:2]
    if method == "PUT":
        server.wait(30)
    elif "query=" in target:
        answer(conn, "200 OK", {"Content-Type": "application/sparql-results+json"}, b'{"head": {}, "boolean": true}')
    else:
        answer(conn, "400 Bad Request", {"Content-Type": "text/plain"}, b"Virtuoso 22023 Error: no query")
    finish(conn, server)


def post_only_query_endpoint(conn: socket.socket, server: Server) -> None:
    """A query endpoint that takes queries by POST only (GET: 405, Allow: POST) and never answers a PUT."""
    head, _ = read_request(conn, server)
    if head.startswith("PUT"):
        server.wait(30)
    else:
        answer(conn, "405 Method Not Allowed", {"Allow": "POST, OPTIONS"}, b"")
        finish(conn, server)


def silent_to_uploads(conn: socket.socket, server: Server) -> None:
    """Answers a GET as a Graph Store would for a missing graph (404), takes a PUT and never answers it."""
    head, _ = read_request(conn, server)
    if head.startswith("PUT"):
        server.wait(30)
    else:
        answer(conn, "404 Not Found", {"Content-Type": "text/plain"}, b"no such graph")
        finish(conn, server)


# ---------------------------------------------------------------- the cases
@dataclass(frozen=True)
class NetworkCase:
    name: str
    server: str  # how the server misbehaves
    behave: Callable[[socket.socket, Server], None] | None  # None: nothing listens
    command: str  # query or push
    exit_code: int
    message: str  # a fragment of the one line on stderr (for exit code 0, of stdout)
    govkg: str  # what govkg does, in a line
    scheme: str = "http"


NETWORK_CASES: list[NetworkCase] = [
    NetworkCase("html-page", "answers 200 with an HTML page (a login portal)", login_page, "query", 8,
                'returned an HTML page (text/html): "<title>Login</title>',
                "names the page by its title; never reads a web page as results"),
    NetworkCase("html-page", "answers 200 with an HTML page (a login portal)", login_page, "push", 8,
                'returned an HTML page (text/html): "<title>Login</title>',
                "asks for a graph before uploading: a web page is no graph, so nothing is sent"),
    NetworkCase("redirect-to-login", "redirects (302) to a login page", redirect_to_login, "query", 8,
                "redirected to http://127.0.0.1:{port}/login, which returned an HTML page",
                "follows the redirect with the query, and names where it led and the page found there"),
    NetworkCase("redirect-to-login", "redirects (302) to a login page", redirect_to_login, "push", 8,
                "redirected to http://127.0.0.1:{port}/login, which returned an HTML page",
                "the GET of a graph leads to a web page: no Graph Store, nothing is uploaded"),
    NetworkCase("proxy-error", "answers 502 with a proxy's HTML error page", proxy_error, "query", 8,
                "answered HTTP 502: 502 Bad Gateway nginx/1.24.0",
                "tries twice more (502 may pass), then quotes the page's text"),
    NetworkCase("proxy-error", "answers 502 with a proxy's HTML error page", proxy_error, "push", 8,
                "answered HTTP 502: 502 Bad Gateway", "tries twice more (502 may pass), then quotes the page's text"),
    NetworkCase("server-error", "answers 500 with an HTML error page", server_error, "query", 8,
                "answered HTTP 500: Internal Server Error java.lang.OutOfMemory",
                "quotes the page's text without its tags"),
    NetworkCase("garbage", "answers 200 with binary garbage as application/sparql-results+json", garbage, "query", 8,
                "returned 64 bytes of binary data (application/sparql-results+json): " + GARBAGE[:8].hex(" "),
                "shows the first bytes in hex"),
    NetworkCase("garbage", "answers 200 with binary garbage as application/sparql-results+json", garbage, "push", 8,
                "returned 64 bytes of binary data (application/sparql-results+json)",
                "asks for a graph before uploading: binary data is no graph, so nothing is sent"),
    NetworkCase("truncated-json", "answers 200 with SPARQL JSON cut in the middle (Content-Length agrees)",
                truncated_json, "query", 8, "returned SPARQL results that stop in the middle",
                "says the JSON stops in the middle and quotes its last characters"),
    NetworkCase("truncated-json", "answers 200 with SPARQL JSON cut in the middle (Content-Length agrees)",
                truncated_json, "push", 8,
                'returned application/sparql-results+json: "{', "a GET of a graph gets no RDF: nothing is sent"),
    NetworkCase("broken-off", "promises more bytes (Content-Length) than it sends, then closes", broken_off,
                "query", 8, f"broke off its answer after 60 of {len(RESULTS)} bytes",
                "tries twice more, then says how much of the answer came"),
    NetworkCase("wrong-content-type", "answers 200 with text/csv", csv_answer, "query", 8,
                'returned text/csv: "s urn:govkg:a", not SPARQL results',
                "reads SPARQL JSON, XML or TSV (JSON and XML also when mislabelled); names anything else"),
    NetworkCase("wrong-content-type", "answers 200 with text/csv", csv_answer, "push", 8,
                'returned text/csv: "s urn:govkg:a" when asked for a graph',
                "a GET of a graph gets no RDF: nothing is sent"),
    NetworkCase("empty", "answers 200 with an empty body", empty_answer, "query", 8,
                "returned an empty answer (application/sparql-results+json), not SPARQL results",
                "an empty body is no results"),
    NetworkCase("empty", "answers 200 with an empty body", empty_answer, "push", 0, "pushed ",
                "succeeds: an empty 2xx is how Graph Stores (Virtuoso, Oxigraph) answer an upload"),
    NetworkCase("redirect-loop", "redirects (302) to itself, forever", redirect_loop, "query", 8,
                "redirects in a loop (HTTP 302, last to http://127.0.0.1:{port}/sparql)",
                f"follows at most {T.MAX_REDIRECTS} redirects and stops at a loop"),
    NetworkCase("redirect-loop", "redirects (302) to itself, forever", redirect_loop, "push", 8,
                "redirects in a loop (HTTP 302, last to http://127.0.0.1:{port}/sparql)",
                "the GET of a graph loops: nothing is uploaded"),
    NetworkCase("silent", "accepts the connection and never answers", silent, "query", 8,
                "did not answer within 1 s", "gives up after --timeout, and does not try again"),
    NetworkCase("silent", "accepts the connection and never answers", silent, "push", 8,
                "did not answer within 1 s", "gives up after --timeout (the first GET of its check), uploads nothing"),
    NetworkCase("trickle", "sends the headers, then a byte every 0.2 s", trickle, "query", 8,
                "did not finish its answer within 1 s",
                "the whole answer must come within --timeout, not only each byte"),
    NetworkCase("trickle", "sends the headers, then a byte every 0.2 s", trickle, "push", 8,
                "did not finish its answer within 1 s", "the whole answer must come within --timeout"),
    NetworkCase("closes", "closes the connection without a byte", closes, "query", 8,
                "closed the connection without answering", "tries twice more, then says so"),
    NetworkCase("closes", "closes the connection without a byte", closes, "push", 8,
                "closed the connection without answering", "tries twice more, then says so"),
    NetworkCase("resets", "resets the connection (TCP RST)", resets, "query", 8,
                "reset the connection", "tries twice more, then says so"),
    NetworkCase("not-http", "sends 64 random bytes, no HTTP", random_bytes, "query", 8,
                "is not an HTTP server: it sent binary data: " + GARBAGE[:8].hex(" "), "shows the first bytes in hex"),
    NetworkCase("not-http", "sends 64 random bytes, no HTTP", random_bytes, "push", 8,
                "is not an HTTP server: it sent binary data: " + GARBAGE[:8].hex(" "), "shows the first bytes in hex"),
    NetworkCase("ssh", "is an SSH server (sends its banner)", ssh, "query", 8,
                'is not an HTTP server: it sent "SSH-2.0-OpenSSH_9.6p1 Debian-3"', "quotes what it sent"),
    NetworkCase("tls-at-http", "speaks TLS, given as http://", tls_at_http, "query", 8,
                "speaks HTTPS: use https://127.0.0.1:{port}/sparql", "says to use https://"),
    NetworkCase("http-at-https", "speaks plain HTTP, given as https://", http_at_https, "query", 8,
                "does not speak HTTPS: use http://127.0.0.1:{port}/sparql", "says to use http://", scheme="https"),
    NetworkCase("refused", "nothing listens on the port", None, "query", 8,
                "cannot reach http://127.0.0.1:{port}/sparql: connection refused",
                "tries twice more (a restarting server), then says nothing listens there"),
    NetworkCase("refused", "nothing listens on the port", None, "push", 8,
                "cannot reach http://127.0.0.1:{port}/sparql: connection refused",
                "tries twice more, then says nothing listens there"),
    NetworkCase("never-accepts", "its listen queue is full: the TCP connection never completes", never_accepts,
                "query", 8, "cannot reach http://127.0.0.1:{port}/sparql: no connection within 1 s",
                f"waits for a connection at most --timeout (and never more than {T.CONNECT_TIMEOUT:g} s)"),
    NetworkCase("never-accepts", "its listen queue is full: the TCP connection never completes", never_accepts,
                "push", 8, "cannot reach http://127.0.0.1:{port}/sparql: no connection within 1 s",
                "waits for a connection at most --timeout"),
    NetworkCase("query-endpoint", "a SPARQL query endpoint that never answers a PUT (Virtuoso's /sparql)",
                query_endpoint, "push", 2, "is a SPARQL query endpoint; push and delete need a Graph Store endpoint",
                "two GETs tell it from a Graph Store: refuses at once and names each store's Graph Store address"),
    NetworkCase("post-only-query-endpoint", "a query endpoint that takes POST only (GET: 405, Allow: POST)",
                post_only_query_endpoint, "push", 2, "does not take uploads (it allows POST, OPTIONS)",
                "reads the Allow header of the 405 its GET gets: refuses at once and names the Graph Store addresses"),
    NetworkCase("silent-to-uploads", "answers GETs as a Graph Store would, takes the upload and never answers",
                silent_to_uploads, "push", 8,
                "did not answer within 1 s; if it is a SPARQL query endpoint, give its Graph Store endpoint",
                "cannot tell it by GET: waits --timeout for the upload, then says what to give if it is no Graph Store"),
]


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The servers are on 127.0.0.1: a proxy from the environment would stand between."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def small_ttl(tmp_path: Path) -> Path:
    path = tmp_path / "small.ttl"
    path.write_text("<urn:govkg:a> <urn:x:b> <urn:x:c> .\n", encoding="utf-8")
    return path


def table() -> str:
    """The README's table of misbehaving endpoints (Markdown), from NETWORK_CASES: one row per way a server
    misbehaves, with what `query --endpoint` and `push --endpoint` each do."""
    rows = ["| the endpoint | command | exit code | what govkg does |", "|---|---|---:|---|"]
    for c in NETWORK_CASES:
        says = c.message.replace("{port}", "PORT").replace("|", "\\|")
        shown = f": `…{says}…`" if c.exit_code and "`" not in says else ""
        rows.append(f"| {c.server} | {c.command} | {c.exit_code} | {c.govkg}{shown} |")
    return "\n".join(rows) + "\n"


@contextmanager
def case_server(case: NetworkCase) -> Iterator[int]:
    """The port of the case's server, running while the block runs."""
    if case.behave is None:
        yield free_port()
        return
    full = case.behave is never_accepts
    with serving(case.behave, backlog=0 if full else 16, accept=not full) as server:
        held = []
        if full:  # one connection fills a queue of 0; the next never completes
            held.append(socket.create_connection(("127.0.0.1", server.port), timeout=2))
        try:
            yield server.port
        finally:
            for s in held:
                s.close()


@pytest.mark.parametrize("case", NETWORK_CASES, ids=[f"{c.command}-{c.name}" for c in NETWORK_CASES])
def test_misbehaving_endpoint(case: NetworkCase, runner: CliRunner, small_ttl: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(S.USER_VAR, raising=False)
    monkeypatch.delenv(S.PASSWORD_VAR, raising=False)
    with case_server(case) as port:
        url = f"{case.scheme}://127.0.0.1:{port}/sparql"
        args = (["query", "SELECT ?s WHERE { ?s ?p ?o }"] if case.command == "query" else ["push", str(small_ttl)])
        t0 = time.monotonic()
        result = runner.invoke(app, [*args, "--endpoint", url, "--timeout", str(TIMEOUT)])
        elapsed = time.monotonic() - t0
    assert elapsed < HANG_GUARD, f"took {elapsed:.1f} s"
    assert result.exit_code == case.exit_code, (result.exception, result.stdout, result.stderr)
    message = case.message.replace("{port}", str(port))
    if case.exit_code == 0:
        assert message in result.stdout
        return
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("govkg: error: "), lines[0]
    assert message in lines[0], lines[0]
    assert f"127.0.0.1:{port}" in lines[0]


def test_cases_are_a_table() -> None:
    """Each case has what the README's table needs, and each misbehaviour is checked for query."""
    for c in NETWORK_CASES:
        assert c.name and c.server and c.govkg and c.command in ("query", "push"), c
        assert "\n" not in c.server + c.govkg + c.message
    pushed_only = {"query-endpoint", "post-only-query-endpoint", "silent-to-uploads"}
    assert {c.name for c in NETWORK_CASES if c.command == "query"} == {c.name for c in NETWORK_CASES} - pushed_only


# ---------------------------------------------------------------- the parts, one at a time
def test_a_host_that_takes_long_to_look_up_is_given_the_connect_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Name lookups (getaddrinfo) are not bounded by socket timeouts: govkg gives them the connect timeout."""
    real = socket.getaddrinfo
    release = threading.Event()

    def slow(host: str, *args: object, **kwargs: object) -> object:
        if host == "slow.example":
            release.wait(10)
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    t0 = time.monotonic()
    try:
        with pytest.raises(T.NetworkError, match=r"cannot reach http://slow.example/sparql: no address for host "
                                                 r"'slow.example' within 0.5 s"):
            T.exchange("GET", "http://slow.example/sparql", timeout=0.5)
    finally:
        release.set()
    assert time.monotonic() - t0 < 5


@pytest.mark.parametrize("url", ["localhost:8890/sparql", "ftp://127.0.0.1/sparql", "http:///sparql",
                                 "http://127.0.0.1:port/sparql", "http://127.0.0.1/spa rql"])
def test_an_address_that_is_no_http_url(runner: CliRunner, small_ttl: Path, url: str) -> None:
    for args in (["query", "ASK {}"], ["push", str(small_ttl)]):
        result = runner.invoke(app, [*args, "--endpoint", url])
        assert result.exit_code == UsageError.exit_code, result.stderr
        assert result.stderr.startswith("govkg: error: --endpoint ") and len(result.stderr.splitlines()) == 1


def test_a_slow_answer_within_the_timeout_is_read_whole() -> None:
    """The answer's time limit is for the whole answer: one that comes in pieces within it is read to the end."""

    def pieces(conn: socket.socket, server: Server) -> None:
        read_request(conn, server)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                     b"Content-Length: " + str(len(RESULTS)).encode() + b"\r\n\r\n")
        for i in range(0, len(RESULTS), 25):
            server.wait(0.1)
            conn.sendall(RESULTS[i : i + 25])
        finish(conn, server)

    with serving(pieces) as server:
        result = S.query_endpoint(server.url(), "SELECT ?s WHERE { ?s ?p ?o }", {}, timeout=3)
    assert [s["s"].value for s in result] == ["urn:govkg:a"]  # type: ignore[union-attr]


def test_a_query_follows_a_redirect_with_its_body() -> None:
    """A query's POST that meets 301, 302, 307 or 308 is sent again, form and all, to the new address (http to
    https, a moved endpoint); 303 ("see other") is not followed."""
    bodies: list[bytes] = []

    def moved(conn: socket.socket, server: Server) -> None:
        head, body = read_request(conn, server)
        if head.split(" ", 2)[1] == "/old":
            answer(conn, "301 Moved Permanently", {"Location": "/new"}, b"")
        else:
            bodies.append(body)
            answer(conn, "200 OK", {"Content-Type": "application/sparql-results+json"}, RESULTS)
        finish(conn, server)

    with serving(moved) as server:
        result = S.query_endpoint(server.url("/old"), "SELECT ?s WHERE { ?s ?p ?o }", {}, timeout=3, dataset=[])
        assert [s["s"].value for s in result] == ["urn:govkg:a"]  # type: ignore[union-attr]
    assert len(bodies) == 1 and "SELECT" in urllib.parse.parse_qs(bodies[0].decode())["query"][0]


def test_results_in_xml_and_mislabelled_json_are_read() -> None:
    xml = (b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="s"/>'
           b'</head><results><result><binding name="s"><uri>urn:govkg:a</uri></binding></result></results></sparql>')
    for ctype, body in (("application/sparql-results+xml", xml), ("text/plain", RESULTS), ("", RESULTS)):

        def respond(conn: socket.socket, server: Server, ctype: str = ctype, body: bytes = body) -> None:
            read_request(conn, server)
            answer(conn, "200 OK", {"Content-Type": ctype} if ctype else {}, body)
            finish(conn, server)

        with serving(respond) as server:
            result = S.query_endpoint(server.url(), "SELECT ?s WHERE { ?s ?p ?o }", {}, timeout=3)
        assert [s["s"].value for s in result] == ["urn:govkg:a"], ctype  # type: ignore[union-attr]


def test_a_login_header_does_not_follow_a_redirect_to_another_host() -> None:
    seen: list[str] = []

    def elsewhere(conn: socket.socket, server: Server) -> None:
        head, _ = read_request(conn, server)
        seen.append(head)
        answer(conn, "200 OK", {"Content-Type": "application/sparql-results+json"}, RESULTS)
        finish(conn, server)

    with serving(elsewhere) as other:

        def moved(conn: socket.socket, server: Server) -> None:
            read_request(conn, server)
            answer(conn, "307 Temporary Redirect", {"Location": other.url().replace("127.0.0.1", "localhost")}, b"")
            finish(conn, server)

        with serving(moved) as server:
            T.exchange("HEAD", server.url(), timeout=3, headers={"Authorization": "Basic c2VjcmV0"})
            T.exchange("POST", server.url(), timeout=3, body=b"query=ASK%7B%7D",
                       headers={"Authorization": "Basic c2VjcmV0"})
    assert len(seen) == 2 and not any("authorization" in h.lower() for h in seen)


def test_an_upload_answered_with_a_web_page_is_no_success(small_ttl: Path) -> None:
    """A 2xx to a PUT with a web page (not a status page such as "201 Created") does not say the graph was stored."""

    def portal(conn: socket.socket, server: Server) -> None:
        head, _ = read_request(conn, server)
        if head.startswith("PUT"):
            answer(conn, "200 OK", {"Content-Type": "text/html"}, LOGIN_PAGE)
        else:
            answer(conn, "404 Not Found", {}, b"")
        finish(conn, server)

    with serving(portal) as server, pytest.raises(EndpointError, match=r'returned an HTML page \(text/html\): '
                                                                        r'"<title>Login</title>.* to the upload'):
        S.push(small_ttl, server.url("/store"), timeout=3)

    def created(conn: socket.socket, server: Server) -> None:
        head, _ = read_request(conn, server)
        if head.startswith("PUT"):
            answer(conn, "201 Created", {"Content-Type": "text/html"}, b"<html><title>201 Created</title></html>")
        else:
            answer(conn, "404 Not Found", {}, b"")
        finish(conn, server)

    with serving(created) as server:
        assert len(S.push(small_ttl, server.url("/store"), timeout=3)) == 1


def test_describe() -> None:
    assert T.describe("text/html", LOGIN_PAGE) == 'an HTML page (text/html): "<title>Login</title>"'
    assert T.describe("text/html", b"<html><body>Please log in</body></html>") == (
        'an HTML page (text/html): "<html><body>Please log in</body></html>"')
    assert T.describe("", b"") == "an empty answer (no Content-Type)"
    assert T.describe("text/plain", b"line one\n\x00\tline two") == 'text/plain: "line one line two"'
    assert T.describe("application/octet-stream", bytes(range(200, 256))) == (
        "56 bytes of binary data (application/octet-stream): c8 c9 ca cb cc cd ce cf …")
    assert T.error_text("text/html", b"<html><style>p{}</style><h1>Oops &amp; co</h1></html>") == "Oops & co"


def test_an_endpoint_that_goes_silent_after_the_answer_costs_the_hints_one_timeout(runner: CliRunner) -> None:
    """A query that finds nothing asks the endpoint why (one ASK per hint); the first that fails ends the asking,
    and the answer stands without a hint. (The first request asks which report graphs the endpoint holds; the
    second is the query.)"""
    empty = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'

    def answers_once(conn: socket.socket, server: Server) -> None:
        read_request(conn, server)
        if len(server.requests) > 2:
            server.wait(30)
            return
        answer(conn, "200 OK", {"Content-Type": "application/sparql-results+json"}, empty)
        finish(conn, server)

    query = 'SELECT ?s WHERE { ?s rdfs:label "运河商务区" ; gk:year 2023 ; gk:value 34 }'
    with serving(answers_once) as server:
        t0 = time.monotonic()
        result = runner.invoke(app, ["query", query, "--endpoint", server.url(), "--timeout", str(TIMEOUT)])
        elapsed = time.monotonic() - t0
        asked = len(server.requests) - 2
    assert result.exit_code == 0 and result.stderr == "", result.stderr
    assert asked == 1 and elapsed < HANG_GUARD, (asked, elapsed)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A self-signed certificate for 127.0.0.1, made by the openssl command (cert.pem and key.pem)."""
    import shutil
    import subprocess

    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("no openssl command to make a certificate")
    where = tmp_path_factory.mktemp("tls")
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(where / "key.pem"),
                    "-out", str(where / "cert.pem"), "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True, timeout=60)
    return where


def test_https(runner: CliRunner, certificate: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over TLS the same time limits hold (the answer's deadline reads through the TLS socket), and a certificate
    that is not trusted is one line."""
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate / "cert.pem", certificate / "key.pem")

    def over_tls(behave: Callable[[socket.socket, Server], None]) -> Callable[[socket.socket, Server], None]:
        def run(conn: socket.socket, server: Server) -> None:
            try:
                tls = context.wrap_socket(conn, server_side=True)
            except (ssl.SSLError, OSError):
                return  # the client did not trust the certificate
            behave(tls, server)

        return run

    def results(conn: socket.socket, server: Server) -> None:
        read_request(conn, server)
        answer(conn, "200 OK", {"Content-Type": "application/sparql-results+json"}, RESULTS)

    args = ["query", "SELECT ?s WHERE { ?s ?p ?o }", "-f", "csv", "--timeout", str(TIMEOUT)]
    with serving(over_tls(results)) as server:
        result = runner.invoke(app, [*args, "--endpoint", server.url(scheme="https")])
        assert result.exit_code == EndpointError.exit_code
        assert result.stderr == (f"govkg: error: cannot reach {server.url(scheme='https')}: its TLS certificate is "
                                 "not trusted (self-signed certificate)\n")
        monkeypatch.setenv("SSL_CERT_FILE", str(certificate / "cert.pem"))
        result = runner.invoke(app, [*args, "--endpoint", server.url(scheme="https")])
        assert result.exit_code == 0 and result.stdout.splitlines() == ["s", "urn:govkg:a"], result.stderr
    with serving(over_tls(trickle)) as server:
        t0 = time.monotonic()
        result = runner.invoke(app, [*args, "--endpoint", server.url(scheme="https")])
        assert time.monotonic() - t0 < HANG_GUARD
        assert result.exit_code == EndpointError.exit_code
        assert "did not finish its answer within 1 s" in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_proxy_that_cannot_be_reached_is_named(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """With http_proxy set, the connection goes to the proxy: the message names it, and where nothing listens."""
    proxy = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("http_proxy", proxy)
    result = runner.invoke(app, ["query", "ASK {}", "--endpoint", "http://sparql.example/sparql", "--timeout", "1"])
    assert result.exit_code == EndpointError.exit_code
    port = proxy.rsplit(":", 1)[1]
    assert result.stderr == (f"govkg: error: cannot reach http://sparql.example/sparql through the proxy {proxy}: "
                             f"connection refused (nothing listens at 127.0.0.1:{port})\n")
