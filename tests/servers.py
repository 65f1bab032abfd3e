"""Real servers for the tests, each started on 127.0.0.1 with free ports and a temporary directory, stopped by PID.

- OpenLink Virtuoso (Debian virtuoso-opensource): a temporary database, its own ports and a dba password set
  with +pwddba; ResultSetMaxRows is raised above its default of 10000, which would silently truncate results.
  `isql` runs SQL (TTLP, the bulk loader) through Debian's isql-vt.
- Oxigraph server (the `oxigraph` package of PyPI, the same engine as pyoxigraph): `oxigraph serve`.

What a store holds is compared with a file by `store_quads`/`file_quads`, triple for triple with graph names.
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import pytest

PASSWORD = "govkg-test-dba"
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
    sql_port: int
    home: Path  # the database directory: files the bulk loader reads must be under it (DirsAllowed)

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    @property
    def graph_store(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"  # the Graph Store endpoint that takes digest auth

    def isql(self, sql: str, timeout: float = 120) -> str:
        """Run SQL statements as dba through isql-vt; fail the test on an error."""
        binary = shutil.which("isql-vt") or shutil.which("isql")
        assert binary, "isql-vt (Debian package virtuoso-opensource) is not installed"
        proc = subprocess.run([binary, f"127.0.0.1:{self.sql_port}", "dba", PASSWORD, f"exec={sql}"],
                              capture_output=True, text=True, timeout=timeout)
        out = proc.stdout + proc.stderr
        assert proc.returncode == 0 and "*** Error" not in out, out
        return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, proc: subprocess.Popen[bytes], what: str, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if proc.poll() is not None:
            pytest.fail(f"{what} exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not answer {url} within {seconds:.0f} s")
        time.sleep(0.3)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=30)


@contextmanager
def virtuoso_server(binary: str, db: Path) -> Iterator[Virtuoso]:
    http_port, sql_port = free_port(), free_port()
    ini = db / "virtuoso.ini"
    ini.write_text(INI.format(db=db, http_port=http_port, sql_port=sql_port), encoding="utf-8")
    log_path = db / "server.out"
    with log_path.open("wb") as log:
        # Creates the database, changes the dba password and exits.
        subprocess.run([binary, "+foreground", "+configfile", str(ini), "+pwdold", "dba", "+pwddba", PASSWORD],
                       cwd=db, stdout=log, stderr=subprocess.STDOUT, check=True, timeout=120)
        proc = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=db, stdout=log,
                                stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{http_port}"
        try:
            _wait_for(f"{base}/sparql?query=ASK%7B%7D", proc, "virtuoso-t", db / "virtuoso.log")
            yield Virtuoso(base, sql_port, db)
        finally:
            _stop(proc)


def oxigraph_binary() -> str | None:
    """The `oxigraph` command of the test environment (installed by pip beside this interpreter)."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


@dataclass
class OxigraphServer:
    base: str
    location: Path

    @property
    def sparql(self) -> str:
        return f"{self.base}/query"

    @property
    def graph_store(self) -> str:
        return f"{self.base}/store"


@contextmanager
def oxigraph_server(binary: str, location: Path, union: bool = False) -> Iterator[OxigraphServer]:
    port = free_port()
    log_path = location.parent / f"{location.name}.out"
    args = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if union:
        args.append("--union-default-graph")
    with log_path.open("wb") as log:
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_for(f"{base}/query?query=ASK%7B%7D", proc, "oxigraph serve", log_path)
            yield OxigraphServer(base, location)
        finally:
            _stop(proc)


# ---------------------------------------------------------------- what a store holds, against a file
XSD = "http://www.w3.org/2001/XMLSchema#"
Quad = tuple[str, ox.Triple]


def canonical(t: object) -> object:
    """A term with its literal in canonical form: Virtuoso keeps xsd:boolean as 0/1 and numbers as numbers, so
    "true" comes back as "1". Values are compared, not spellings, for booleans and numbers only."""
    if not isinstance(t, ox.Literal) or t.language:
        return t
    dt = t.datatype.value
    if dt == XSD + "boolean":
        return ox.Literal({"1": "true", "0": "false"}.get(t.value, t.value), datatype=t.datatype)
    if dt in (XSD + "decimal", XSD + "integer"):
        try:
            d = Decimal(t.value)
        except InvalidOperation:
            return t
        return ox.Literal(format(d.normalize(), "f"), datatype=t.datatype)
    return t


def _canonical(graph: str, t: ox.Triple) -> Quad:
    return graph, ox.Triple(t.subject, t.predicate, canonical(t.object))  # type: ignore[arg-type]


def file_quads(path: Path, default_graph: str | None = None) -> set[Quad]:
    """The quads of an RDF file; a Turtle file's triples go to `default_graph`."""
    from govkg import formats as F

    fmt = F.for_path(path)
    assert fmt is not None
    out = set()
    for q in ox.parse(path=path, format=fmt.parser):
        name = default_graph if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        assert name is not None, f"{path} has a default graph"
        out.add(_canonical(name, q.triple))
    return out


def _term(b: dict[str, str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if b["type"] == "uri":
        return ox.NamedNode(b["value"])
    if b["type"] == "bnode":
        return ox.BlankNode(b["value"])
    if "xml:lang" in b:
        return ox.Literal(b["value"], language=b["xml:lang"])
    if "datatype" in b:
        return ox.Literal(b["value"], datatype=ox.NamedNode(b["datatype"]))
    return ox.Literal(b["value"])


def sparql_json(endpoint: str, query: str) -> list[dict[str, dict[str, str]]]:
    url = endpoint + "?" + urllib.parse.urlencode({"query": query})
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        return list(json.load(resp)["results"]["bindings"])


def store_quads(endpoint: str, prefixes: tuple[str, ...]) -> set[Quad]:
    """Every quad of the store's named graphs whose name starts with one of `prefixes` (a store has graphs of its
    own: Virtuoso's system graphs are left out this way)."""
    graphs = [r["g"]["value"] for r in sparql_json(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")]
    out = set()
    for g in sorted(x for x in graphs if x.startswith(prefixes)):
        rows = sparql_json(endpoint, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
        out |= {_canonical(g, ox.Triple(_term(r["s"]), _term(r["p"]), _term(r["o"]))) for r in rows}  # type: ignore[arg-type]
    return out


def describe_difference(got: set[Quad], want: set[Quad]) -> str:
    extra, missing = sorted(map(str, got - want))[:5], sorted(map(str, want - got))[:5]
    return f"{len(got - want)} extra, {len(want - got)} missing; extra {extra}; missing {missing}"
