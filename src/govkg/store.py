"""Where graphs live beyond a file: an embedded pyoxigraph store on disk and remote SPARQL endpoints (the only network I/O)."""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from govkg import formats as F
from govkg import vocab as V
from govkg.errors import AuthError, EndpointError, InputError, QueryError, StoreError, UsageError
from govkg.export.rdf import serialize_triples
from govkg.iris import PROMISES_GRAPH, report_iri_of_stem
from govkg.query import Result, query_form, with_values

USER_VAR = "GOVKG_ENDPOINT_USER"
PASSWORD_VAR = "GOVKG_ENDPOINT_PASSWORD"
TIMEOUT = 30.0
#: Attempts of one HTTP request, and the pause before each retry (seconds), for transient failures only.
RETRY_PAUSES = (0.5, 1.0)
TRANSIENT_STATUS = {429, 502, 503, 504}
_RDF_TYPE = ox.NamedNode(str(V.REUSED["type"]))
_REPORT = ox.NamedNode(str(V.Report))
_PROMISE_CHECK = ox.NamedNode(str(V.PromiseCheck))


@dataclass
class GraphData:
    """The triples of one named graph, read from a file."""

    path: Path
    graph: ox.NamedNode
    triples: list[ox.Triple]


# ---------------------------------------------------------------- reading RDF files
def read_graphs(path: str | Path) -> list[GraphData]:
    """An RDF file as named graphs: its default graph goes to the graph of the report it describes
    (gkid:report/<stem>, the report's own IRI), named graphs of a TriG or N-Quads file keep their names."""
    path = Path(path)
    known = F.for_path(path)
    if known is None:
        raise InputError(f"unknown RDF file type {path.suffix!r}; use one of {', '.join(F.suffixes())}", path)
    fmt = known.parser
    if not path.is_file():
        raise InputError("no such file" if not path.exists() else "not a file", path)
    try:
        quads = list(ox.parse(path=path, format=fmt))
    except SyntaxError as exc:
        raise InputError(f"not valid {fmt.name}: {exc.msg}", path, exc.lineno) from exc
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read: {exc}", path) from exc
    if not quads:
        raise InputError("holds no triples", path)
    graphs: dict[ox.NamedNode, list[ox.Triple]] = {}
    default = [q.triple for q in quads if isinstance(q.graph_name, ox.DefaultGraph)]
    if default:
        reports = sorted({t.subject.value for t in default if t.predicate == _RDF_TYPE and t.object == _REPORT})
        if len(reports) > 1:
            raise InputError(
                f"describes {len(reports)} reports in one graph; write one file (or TriG graph) per report", path
            )
        if reports:
            name = ox.NamedNode(reports[0])
        elif any(t.predicate == _RDF_TYPE and t.object == _PROMISE_CHECK for t in default):
            name = ox.NamedNode(PROMISES_GRAPH)  # promises.ttl of a batch build
        else:
            name = ox.NamedNode(str(report_iri_of_stem(path.stem)))
        graphs[name] = default
    for q in quads:
        if isinstance(q.graph_name, ox.NamedNode):
            graphs.setdefault(q.graph_name, []).append(q.triple)
    return [GraphData(path, name, triples) for name, triples in graphs.items()]


def memory_store(paths: list[Path]) -> ox.Store:
    """Files loaded into an in-memory store, one named graph per report, as `govkg load` would."""
    store = ox.Store()
    for data in [g for p in paths for g in read_graphs(p)]:
        store.extend(ox.Quad(t.subject, t.predicate, t.object, data.graph) for t in data.triples)
    return store


# ---------------------------------------------------------------- the embedded store
def open_store(directory: str | Path, write: bool = False) -> ox.Store:
    """An on-disk store; writing takes its lock (one writer at a time), reading does not."""
    directory = Path(directory)
    if not write and not (directory / "CURRENT").is_file():
        raise StoreError("no store here; create one with 'govkg load FILE... --store DIR'", directory)
    if directory.exists() and not directory.is_dir():
        raise StoreError("not a directory", directory)
    if write and directory.is_dir() and any(directory.iterdir()) and not (directory / "CURRENT").is_file():
        raise StoreError("directory holds other files and no store; give an empty or new directory", directory)
    try:
        return ox.Store(str(directory)) if write else ox.Store.read_only(str(directory))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise StoreError(
                "store is in use by another process (its LOCK is held); try again when it has finished", directory
            ) from exc
        raise StoreError(f"cannot open store: {exc}", directory) from exc


def load(paths: list[Path], directory: str | Path) -> list[GraphData]:
    """Load files into the store at `directory`, each report into its own named graph.

    Every file is read before the store is touched. Each graph is replaced in one transaction (a SPARQL update
    that drops the graph and inserts the triples), so loading a report again never duplicates a triple.
    """
    graphs = [g for p in paths for g in read_graphs(p)]
    store = open_store(directory, write=True)
    try:
        for data in graphs:
            body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in data.triples)
            store.update(f"DROP SILENT GRAPH {data.graph} ;\nINSERT DATA {{ GRAPH {data.graph} {{\n{body}\n}} }}")
        store.flush()
    except OSError as exc:
        raise StoreError(f"cannot write to the store: {exc}", directory) from exc
    finally:
        del store
    return graphs


def store_summary(directory: str | Path) -> tuple[int, int]:
    """(named graphs, triples) in a store."""
    store = open_store(directory)
    return len(list(store.named_graphs())), len(store)


def run_local(store: ox.Store, text: str, terms: dict[str, ox.NamedNode | ox.Literal], source: str = "query") -> Result:
    """Run a query over the union of the store's graphs; parameters are pyoxigraph substitutions (RDF terms)."""
    prefixes = {k: str(v) for k, v in V.PREFIXES.items()}
    try:
        result = store.query(
            text,
            use_default_graph_as_union=True,
            prefixes=prefixes,
            substitutions={ox.Variable(k): v for k, v in terms.items()} or None,
        )
    except SyntaxError as exc:
        raise syntax_error(exc, source) from exc
    except RuntimeError as exc:  # e.g. a parameter the SELECT clause does not project
        raise QueryError(f"cannot run the query: {exc}", source) from exc
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return list(result)
    return result


def syntax_error(exc: SyntaxError, source: str) -> QueryError:
    """pyoxigraph's "error at 3:14: expected …" as `source:3:14: SPARQL syntax error: expected …`, on one line."""
    message = " ".join(str(exc).split())
    line = column = None
    if message.startswith("error at "):
        where, _, message = message[len("error at ") :].partition(": ")
        line_s, _, column_s = where.partition(":")
        if line_s.isdigit() and column_s.isdigit():
            line, column = int(line_s), int(column_s)
    if "Prefix not found" in message:
        message = "undeclared prefix (add a PREFIX line)"
    elif message.startswith("expected one of"):  # keep the tokens, drop the character classes
        tokens = re.findall(r'"[^"\s]+"', message)
        message = "expected one of " + " ".join(tokens[:12]) if tokens else "unexpected text"
    if len(message) > 160:
        message = message[:157] + "…"
    return QueryError(f"SPARQL syntax error: {message}", source, line, column)


# ---------------------------------------------------------------- remote endpoints
def _opener(url: str) -> urllib.request.OpenerDirector:
    """Digest and basic auth with credentials from the environment only (never from the command line)."""
    user = os.environ.get(USER_VAR)
    if not user:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, user, os.environ.get(PASSWORD_VAR, ""))
    return urllib.request.build_opener(
        urllib.request.HTTPDigestAuthHandler(passwords), urllib.request.HTTPBasicAuthHandler(passwords)
    )


def _authorization(url: str, method: str, timeout: float) -> str | None:
    """The Authorization header for an upload, from the challenge a HEAD request gets.

    Without it the body would go out unauthenticated first; a server that answers 401 and closes the
    connection before reading it all (Virtuoso does) then resets the upload, and nothing says why.
    """
    user = os.environ.get(USER_VAR)
    if not user:
        return None
    try:
        with urllib.request.build_opener().open(urllib.request.Request(url, method="HEAD"), timeout=timeout):
            return None
    except urllib.error.HTTPError as exc:
        challenge = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
    except TimeoutError as exc:
        raise EndpointError(f"{_where(url)} did not answer within {timeout:g} s") from exc
    except (urllib.error.URLError, http.client.HTTPException, OSError):
        return None  # the upload itself says what is wrong
    scheme, _, params = challenge.partition(" ")
    password = os.environ.get(PASSWORD_VAR, "")
    if scheme.lower() == "basic":
        return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    if scheme.lower() == "digest":
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, user, password)
        fields = urllib.request.parse_keqv_list([f for f in urllib.request.parse_http_list(params) if f])
        answer = urllib.request.HTTPDigestAuthHandler(passwords).get_authorization(
            urllib.request.Request(url, method=method), fields
        )
        return f"Digest {answer}" if answer else None
    return None


def _login_refused(url: str, timeout: float) -> bool:
    """Whether the server refuses our login for `url`: a HEAD request with a fresh answer to its challenge gets
    401 or 403."""
    auth = _authorization(url, "HEAD", timeout)
    if auth is None:
        return False
    try:
        req = urllib.request.Request(url, method="HEAD", headers={"Authorization": auth})
        with urllib.request.build_opener().open(req, timeout=timeout):
            return False
    except urllib.error.HTTPError as exc:
        return exc.code in (401, 403)
    except (urllib.error.URLError, http.client.HTTPException, OSError):
        return False


def _where(url: str) -> str:
    return urllib.parse.urlsplit(url)._replace(query="").geturl()


def _request(method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float) -> tuple[str, bytes]:
    """One HTTP exchange with retries on transient failures; every failure becomes one of our errors."""
    opener = _opener(url)
    where = _where(url)
    if method == "PUT" and (auth := _authorization(url, method, timeout)):
        headers = {**headers, "Authorization": auth}
        opener = urllib.request.build_opener()  # a refusal of these credentials is final
    for attempt in range(len(RETRY_PAUSES) + 1):
        retry = attempt < len(RETRY_PAUSES)
        try:
            req = urllib.request.Request(url, data=body, headers=headers, method=method)
            with opener.open(req, timeout=timeout) as resp:
                return resp.headers.get_content_type(), resp.read()
        except urllib.error.HTTPError as exc:
            detail = _first_line(exc.read() if exc.fp else b"") or exc.reason
            if exc.code in (401, 403):
                if not os.environ.get(USER_VAR):
                    raise AuthError(f"{where} asks for a login: set {USER_VAR} and {PASSWORD_VAR}") from exc
                raise AuthError(
                    f"{where} refused the login of user {os.environ[USER_VAR]!r} (HTTP {exc.code})"
                ) from exc
            if exc.code in TRANSIENT_STATUS and retry:
                time.sleep(RETRY_PAUSES[attempt])
                continue
            if exc.code == 400 and method == "POST":
                raise QueryError(f"the endpoint rejected the query: {detail}", where) from exc
            raise EndpointError(f"{where} answered HTTP {exc.code}: {detail}") from exc
        except ValueError as exc:  # urllib's digest handler meets an auth scheme it does not know
            raise AuthError(f"{where} asks for a login govkg cannot give (digest and basic only): {exc}") from exc
        except TimeoutError as exc:
            raise EndpointError(f"{where} did not answer within {timeout:g} s") from exc
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                raise EndpointError(f"{where} did not answer within {timeout:g} s") from exc
            transient = isinstance(reason, ConnectionError | http.client.HTTPException)
            if transient and "Authorization" in headers and _login_refused(url, timeout):
                # a server that refuses the login may close the connection while the body is still going out
                raise AuthError(f"{where} refused the login of user {os.environ.get(USER_VAR)!r}") from exc
            if transient and retry:
                time.sleep(RETRY_PAUSES[attempt])
                continue
            raise EndpointError(f"cannot reach {where}: {getattr(reason, 'strerror', None) or reason}") from exc
    raise AssertionError("unreachable")


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    return " ".join(text.splitlines()[0].split())[:200] if text else ""


def query_endpoint(
    url: str, text: str, terms: dict[str, ox.NamedNode | ox.Literal], timeout: float = TIMEOUT
) -> Result:
    """SPARQL 1.1 Protocol (POST form); parameters go in as a VALUES block of terms written by pyoxigraph."""
    form = query_form(text)
    prologue = " ".join(f"PREFIX {k}: <{v}>" for k, v in V.PREFIXES.items())  # on line 1: user lines keep numbers
    body = urllib.parse.urlencode({"query": f"{prologue} {with_values(text, terms)}"}).encode("ascii")
    accept = (
        "application/sparql-results+json"
        if form in ("select", "ask")
        else "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
    )
    headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    ctype, data = _request("POST", url, body, headers, timeout)
    try:
        if form in ("construct", "describe"):
            fmt = ox.RdfFormat.from_media_type(ctype) or ox.RdfFormat.TURTLE
            return [q.triple for q in ox.parse(data, format=fmt)]
        results = json.loads(data)
        if form == "ask":
            return _ask_answer(results)
        for row in results["results"]["bindings"]:  # Virtuoso writes the 2008 draft's "typed-literal"
            for cell in row.values():
                if cell.get("type") == "typed-literal":
                    cell["type"] = "literal"
        parsed = ox.parse_query_results(json.dumps(results).encode("utf-8"), format=ox.QueryResultsFormat.JSON)
        return bool(parsed) if isinstance(parsed, ox.QueryBoolean) else parsed
    except (ValueError, KeyError, TypeError, SyntaxError) as exc:
        raise EndpointError(f"{url} sent an answer that is not SPARQL results ({ctype}): {exc}") from exc


def _ask_answer(results: dict) -> bool:
    if "boolean" in results:
        return bool(results["boolean"])
    rows = results["results"]["bindings"]  # Virtuoso answers ASK with one row holding 1 or 0
    return bool(rows) and next(iter(rows[0].values()))["value"] in ("1", "true")


def graph_url(endpoint: str, graph: str) -> str:
    """The SPARQL 1.1 Graph Store HTTP Protocol address of one named graph (indirect identification)."""
    return endpoint + ("&" if "?" in endpoint else "?") + urllib.parse.urlencode({"graph": graph})


def push(path: str | Path, endpoint: str, graph: str | None = None, timeout: float = TIMEOUT) -> list[GraphData]:
    """Upload a file with HTTP PUT, replacing each named graph it holds (the report's, or `graph`).

    The file is read and serialised before anything is sent; the body is N-Triples, which every Turtle
    parser reads, sent as text/turtle.
    """
    graphs = read_graphs(path)
    if graph is not None:
        if len(graphs) > 1:
            raise UsageError(f"{path} holds {len(graphs)} graphs; --graph names only one")
        try:
            graphs[0].graph = ox.NamedNode(graph)
        except ValueError as exc:
            raise UsageError(f"--graph {graph!r} is not an IRI: {exc}") from exc
    bodies = [(g, serialize_triples(g.triples, "nt")) for g in graphs]
    refuse_query_endpoint(endpoint, timeout)
    for g, body in bodies:
        _request(
            "PUT", graph_url(endpoint, g.graph.value), body, {"Content-Type": "text/turtle; charset=utf-8"}, timeout
        )
    return graphs


def delete_graph(endpoint: str, graph: str, timeout: float = TIMEOUT) -> None:
    """Remove a named graph from a Graph Store endpoint (HTTP DELETE)."""
    refuse_query_endpoint(endpoint, timeout)
    _request("DELETE", graph_url(endpoint, graph), None, {}, timeout)


#: Where each store takes uploads (the SPARQL 1.1 Graph Store HTTP Protocol), for the message of a wrong address.
GRAPH_STORE_ADDRESSES = ("Virtuoso …/sparql-graph-crud-auth, Fuseki …/<dataset>/data, Oxigraph …/store, "
                         "GraphDB …/repositories/<id>/rdf-graphs/service")
#: A graph no store holds: a Graph Store answers 404 for it, a query-only endpoint 400.
_ABSENT_GRAPH = "urn:govkg:probe:absent-graph"
PROBE_TIMEOUT = 5.0


def refuse_query_endpoint(endpoint: str, timeout: float = TIMEOUT) -> None:
    """Fail at once when `endpoint` is a SPARQL query endpoint and not a Graph Store.

    Some query endpoints (Virtuoso's /sparql) take a PUT and never answer it, so a push would wait out its time
    and blame a timeout. Two quick GETs tell them apart: the endpoint answers `ASK {}` with SPARQL results, and
    a GET of a graph no store holds gets 400 where a Graph Store says 404 (Fuseki's dataset address, which
    serves both protocols, passes). Anything else, including an unreachable server, is left to the request
    itself to report.
    """
    probe = min(timeout, PROBE_TIMEOUT)
    opener = _opener(endpoint)
    sep = "&" if "?" in endpoint else "?"
    ask = urllib.request.Request(endpoint + sep + urllib.parse.urlencode({"query": "ASK {}"}),
                                 headers={"Accept": "application/sparql-results+json, application/sparql-results+xml"})
    try:
        with opener.open(ask, timeout=probe) as resp:
            ctype, data = resp.headers.get_content_type(), resp.read(4096)
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        timed_out = isinstance(exc, TimeoutError) or isinstance(getattr(exc, "reason", None), TimeoutError)
        if timed_out and probe >= timeout:  # the upload would get no more time than this
            raise EndpointError(f"{_where(endpoint)} did not answer within {timeout:g} s") from exc
        return
    if not _sparql_results(ctype, data):
        return
    graph = urllib.request.Request(graph_url(endpoint, _ABSENT_GRAPH), headers={"Accept": "application/n-triples"})
    try:
        with opener.open(graph, timeout=probe):
            return  # it serves graphs too
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403, 404):
            return
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError):
        pass
    raise UsageError(f"{_where(endpoint)} is a SPARQL query endpoint; push and delete need a Graph Store "
                     f"endpoint ({GRAPH_STORE_ADDRESSES})")


def _sparql_results(ctype: str, data: bytes) -> bool:
    if ctype.startswith("application/sparql-results"):
        return True
    head = data[:4096].decode("utf-8", "replace")
    return '"boolean"' in head or "http://www.w3.org/2005/sparql-results#" in head
