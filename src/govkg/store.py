"""Where graphs live beyond a file: an embedded pyoxigraph store on disk and remote SPARQL endpoints (whose HTTP
exchanges, the only network I/O, are govkg.transport)."""

from __future__ import annotations

import base64
import json
import os
import re
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from govkg import formats as F
from govkg import transport as T
from govkg import vocab as V
from govkg.errors import AuthError, EndpointError, InputError, QueryError, StoreError, UsageError
from govkg.export.rdf import serialize_triples
from govkg.iris import PROMISES_GRAPH, report_iri_of_stem
from govkg.query import Result, bind_in_text, query_form, query_tokens, with_values

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
    text, terms = bind_in_text(text, terms)
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
def _passwords(url: str) -> urllib.request.HTTPPasswordMgrWithDefaultRealm | None:
    """Digest and basic auth with credentials from the environment only (never from the command line)."""
    user = os.environ.get(USER_VAR)
    if not user:
        return None
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, user, os.environ.get(PASSWORD_VAR, ""))
    return passwords


def check_endpoint(url: str) -> None:
    """An endpoint address govkg can send to: http:// or https://, with a host."""
    problem = T.check_url(url)
    if problem:
        raise UsageError(f"--endpoint {problem}")


def _authorization(url: str, method: str, timeout: float) -> str | None:
    """The Authorization header for an upload, from the challenge a HEAD request gets.

    Without it the body would go out unauthenticated first; a server that answers 401 and closes the
    connection before reading it all (Virtuoso does) then resets the upload, and nothing says why.
    """
    user = os.environ.get(USER_VAR)
    if not user:
        return None
    try:
        answer = T.exchange("HEAD", url, timeout=timeout)
    except T.NetworkError as exc:
        if exc.timed_out:
            raise EndpointError(str(exc)) from exc
        return None  # the upload itself says what is wrong
    challenge = answer.headers.get("WWW-Authenticate", "") if answer.status == 401 else ""
    scheme, _, params = challenge.partition(" ")
    password = os.environ.get(PASSWORD_VAR, "")
    if scheme.lower() == "basic":
        return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    if scheme.lower() == "digest":
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, user, password)
        fields = urllib.request.parse_keqv_list([f for f in urllib.request.parse_http_list(params) if f])
        answer_ = urllib.request.HTTPDigestAuthHandler(passwords).get_authorization(
            urllib.request.Request(url, method=method), fields
        )
        return f"Digest {answer_}" if answer_ else None
    return None


def _login_refused(url: str, timeout: float) -> bool:
    """Whether the server refuses our login for `url`: a HEAD request with a fresh answer to its challenge gets
    401 or 403."""
    auth = _authorization(url, "HEAD", timeout)
    if auth is None:
        return False
    try:
        return T.exchange("HEAD", url, timeout=timeout, headers={"Authorization": auth}).status in (401, 403)
    except T.NetworkError:
        return False


def _request(method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float) -> T.Answer:
    """One HTTP exchange with retries on transient failures; a 2xx answer, or one of our errors."""
    passwords = _passwords(url)
    where = T.where(url)
    if method == "PUT" and (auth := _authorization(url, method, timeout)):
        headers = {**headers, "Authorization": auth}
        passwords = None  # a refusal of these credentials is final
    for attempt in range(len(RETRY_PAUSES) + 1):
        retry = attempt < len(RETRY_PAUSES)
        try:
            answer = T.exchange(method, url, timeout=timeout, body=body, headers=headers, passwords=passwords)
        except ValueError as exc:  # urllib's digest handler meets an auth scheme it does not know
            raise AuthError(f"{where} asks for a login govkg cannot give (digest and basic only): {exc}") from exc
        except T.NetworkError as exc:
            if exc.transient and "Authorization" in headers and _login_refused(url, timeout):
                # a server that refuses the login may close the connection while the body is still going out
                raise AuthError(f"{where} refused the login of user {os.environ.get(USER_VAR)!r}") from exc
            if exc.transient and retry:
                time.sleep(RETRY_PAUSES[attempt])
                continue
            if exc.timed_out and method in ("PUT", "DELETE"):
                raise EndpointError(f"{exc}; if it is a SPARQL query endpoint, give its Graph Store endpoint "
                                    f"({GRAPH_STORE_ADDRESSES})") from exc
            raise EndpointError(str(exc)) from exc
        status = answer.status
        if 200 <= status < 300:
            if method in ("PUT", "DELETE") and _not_a_store_answer(answer):
                raise EndpointError(f"{_who(url, answer)} returned {T.describe(answer.ctype, answer.data)} to "
                                    f"{'the upload' if method == 'PUT' else 'the delete'}, where a Graph Store "
                                    f"says nothing or a count: nothing says it was done")
            return answer
        if status in (401, 403):
            if not os.environ.get(USER_VAR):
                raise AuthError(f"{where} asks for a login: set {USER_VAR} and {PASSWORD_VAR}")
            raise AuthError(f"{where} refused the login of user {os.environ[USER_VAR]!r} (HTTP {status})")
        if 300 <= status < 400:
            raise EndpointError(_redirect_message(method, url, answer))
        if status in TRANSIENT_STATUS and retry:
            time.sleep(RETRY_PAUSES[attempt])
            continue
        detail = T.error_text(answer.ctype, answer.data) or answer.reason or "no reason given"
        if status == 400 and method == "POST":
            raise QueryError(f"the endpoint rejected the query: {detail}", where)
        raise EndpointError(f"{where} answered HTTP {status}: {detail}")
    raise AssertionError("unreachable")


def _redirect_message(method: str, url: str, answer: T.Answer) -> str:
    where, to = T.where(url), answer.location
    if not to:
        return f"{where} answered HTTP {answer.status}, a redirect with no Location"
    if len(to) > 200:
        to = to[:199] + "…"
    if answer.looped or T.where(to) == T.where(answer.url):
        return f"{where} redirects in a loop (HTTP {answer.status}, last to {T.where(to)})"
    what = {"POST": "a query", "PUT": "an upload", "DELETE": "a delete"}.get(method, f"a {method}")
    return (f"{where} answered HTTP {answer.status}, a redirect to {to}, which govkg does not follow for {what}: "
            f"give the address the endpoint answers at")


def _who(url: str, answer: T.Answer) -> str:
    """The endpoint as the subject of a message, with the address that answered when a redirect led there."""
    if T.where(answer.url) == T.where(url):
        return T.where(url)
    return f"{T.where(url)} redirected to {T.where(answer.url)}, which"


#: The graphs govkg writes to a store: each report's (it holds its gk:Report) and a batch's promise checks.
REPORT_GRAPHS = (f"SELECT DISTINCT ?g WHERE {{ {{ GRAPH ?g {{ ?r a <{V.Report}> }} }} "
                 f"UNION {{ GRAPH ?g {{ ?c a <{V.PromiseCheck}> }} }} }} ORDER BY ?g")


def report_graphs(url: str, timeout: float = TIMEOUT) -> list[str]:
    """The names of the graphs of govkg reports (and promise checks) an endpoint holds."""
    try:
        result = query_endpoint(url, REPORT_GRAPHS, {}, timeout, dataset=[])
    except QueryError:  # an endpoint that takes no GRAPH patterns: its own default graph is all there is
        return []
    if not isinstance(result, ox.QuerySolutions):
        return []
    names = []
    for row in result:
        try:
            g = row["g"]
        except KeyError:  # an answer to another question
            continue
        if isinstance(g, ox.NamedNode):
            names.append(g.value)
    return names


def declares_dataset(text: str) -> bool:
    """Does the query name its own dataset (FROM, FROM NAMED)? Then it is sent as written."""
    return any(kind == "word" and tok.upper() == "FROM" for kind, tok, _ in query_tokens(text))


def dataset_for(url: str, text: str, timeout: float = TIMEOUT, store_default: bool = False) -> list[str]:
    """The graphs a query is sent with: the report graphs the endpoint holds, unless the query names its own
    dataset or the endpoint's own default graph is asked for (then none)."""
    return [] if store_default or declares_dataset(text) else report_graphs(url, timeout)


def query_endpoint(
    url: str, text: str, terms: dict[str, ox.NamedNode | ox.Literal], timeout: float = TIMEOUT,
    dataset: list[str] | None = None,
) -> Result:
    """SPARQL 1.1 Protocol (POST form); parameters go in as a VALUES block of terms written by pyoxigraph.

    `dataset`: the graphs to query, sent as the protocol's `default-graph-uri` and `named-graph-uri`, so that the
    default graph is their merge and GRAPH ?g still finds each (None: the report graphs the endpoint holds, looked up
    first; an empty list: the endpoint's own default graph). A query that names its own dataset (FROM) is sent as
    written."""
    check_endpoint(url)
    text, terms = bind_in_text(text, terms)
    form = query_form(text)
    if dataset is None:
        dataset = dataset_for(url, text, timeout)
    prologue = " ".join(f"PREFIX {k}: <{v}>" for k, v in V.PREFIXES.items())  # on line 1: user lines keep numbers
    fields = [("query", f"{prologue} {with_values(text, terms)}")]
    fields += [("default-graph-uri", g) for g in dataset] + [("named-graph-uri", g) for g in dataset]
    body = urllib.parse.urlencode(fields).encode("ascii")
    accept = (
        "application/sparql-results+json, application/sparql-results+xml;q=0.8"
        if form in ("select", "ask")
        else "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
    )
    headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    answer = _request("POST", url, body, headers, timeout)
    if form in ("construct", "describe"):
        return _triples(url, answer)
    return _results(url, answer, form)


def _triples(url: str, answer: T.Answer) -> list[ox.Triple]:
    """The triples of a CONSTRUCT or DESCRIBE answer, in the RDF format its Content-Type names."""
    ctype, data = answer.ctype, answer.data
    fmt = ox.RdfFormat.from_media_type(ctype) if ctype else None
    if T.is_html(ctype, data) or T.is_binary(data) or (fmt is None and (ctype or not data.strip())):
        raise EndpointError(f"{_who(url, answer)} returned {T.describe(ctype, data)}, not RDF")
    try:
        return [q.triple for q in ox.parse(data, format=fmt or ox.RdfFormat.TURTLE)]
    except (SyntaxError, ValueError) as exc:
        name = fmt.name if fmt else "Turtle"
        raise EndpointError(f"{_who(url, answer)} returned broken {name} ({len(data)} bytes): "
                            f"{T.error_text('', str(exc).encode(), 120)}") from exc


#: Media types of SPARQL results govkg reads (what pyoxigraph's from_media_type says of text/plain is not meant).
_RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "text/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


def _results(url: str, answer: T.Answer, form: str) -> Result:
    """SELECT or ASK results from an answer, or an error that names what came back instead."""
    ctype, data = answer.ctype, answer.data
    who = _who(url, answer)
    fmt = _RESULT_TYPES.get(ctype)
    if fmt is None:  # a server that names its answer wrongly: JSON or SPARQL XML are known by their start
        head = data[:512].lstrip()
        if head.startswith(b"{"):
            fmt = ox.QueryResultsFormat.JSON
        elif head.startswith(b"<") and b"http://www.w3.org/2005/sparql-results#" in data[:4096]:
            fmt = ox.QueryResultsFormat.XML
    if fmt is None or not data.strip() or T.is_html(ctype, data) or T.is_binary(data):
        raise EndpointError(f"{who} returned {T.describe(ctype, data)}, not SPARQL results")
    kind = f"{ctype}, {len(data)} bytes" if ctype else f"{len(data)} bytes"
    if fmt != ox.QueryResultsFormat.JSON:
        try:
            parsed = ox.parse_query_results(data, format=fmt)
        except (SyntaxError, ValueError) as exc:
            raise EndpointError(f"{who} returned broken SPARQL results ({kind}): "
                                f"{T.error_text('', str(exc).encode(), 120)}") from exc
        return bool(parsed) if isinstance(parsed, ox.QueryBoolean) else parsed
    try:
        results = json.loads(data)
    except UnicodeDecodeError as exc:
        raise EndpointError(f"{who} returned SPARQL results that are not UTF-8 ({kind})") from exc
    except json.JSONDecodeError as exc:
        if exc.pos >= len(exc.doc.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise EndpointError(f"{who} returned SPARQL results that stop in the middle ({kind}), "
                                f"ending {T.describe_bytes(data[-40:])}") from exc
        raise EndpointError(f"{who} returned broken JSON ({kind}): {exc.msg} at character {exc.pos} of "
                            f"{T.describe_bytes(data)}") from exc
    try:
        if form == "ask":
            return _ask_answer(results)
        for row in results["results"]["bindings"]:  # Virtuoso writes the 2008 draft's "typed-literal"
            for cell in row.values():
                if cell.get("type") == "typed-literal":
                    cell["type"] = "literal"
        parsed = ox.parse_query_results(json.dumps(results).encode("utf-8"), format=ox.QueryResultsFormat.JSON)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, StopIteration, SyntaxError) as exc:
        raise EndpointError(f"{who} returned JSON that is not SPARQL {form.upper()} results ({kind}): "
                            f"{T.describe_bytes(data)}") from exc
    return bool(parsed) if isinstance(parsed, ox.QueryBoolean) else parsed


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
    check_endpoint(endpoint)
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
    check_endpoint(endpoint)
    refuse_query_endpoint(endpoint, timeout)
    _request("DELETE", graph_url(endpoint, graph), None, {}, timeout)


#: Where each store takes uploads (the SPARQL 1.1 Graph Store HTTP Protocol), for the message of a wrong address.
GRAPH_STORE_ADDRESSES = ("Virtuoso …/sparql-graph-crud-auth, Fuseki …/<dataset>/data, Oxigraph …/store, "
                         "GraphDB …/repositories/<id>/rdf-graphs/service")
#: A graph no store holds: a Graph Store answers 404 for it, a query-only endpoint 400.
_ABSENT_GRAPH = "urn:govkg:probe:absent-graph"
PROBE_TIMEOUT = 5.0


def refuse_query_endpoint(endpoint: str, timeout: float = TIMEOUT) -> None:
    """Fail at once when `endpoint` is a SPARQL query endpoint, or a server that is no Graph Store at all.

    Virtuoso's /sparql reads the body of a PUT (or of a POST that is not a form) until the client closes the
    connection, which urllib does not do before the answer: a push would wait out its whole timeout and blame
    the server's silence. Two quick GETs tell a query endpoint from a Graph Store: it answers `ASK {}` with
    SPARQL results, and a GET of a graph no store holds gets 400 (or its HTML query form) where a Graph Store
    says 404 (Fuseki's dataset address, which serves both protocols, passes). A server that answers that GET
    with a web page (a login portal), binary data or something else that is no graph is no Graph Store either.
    An unreachable server, and whatever the GETs cannot tell, is left to the upload itself to report.
    """
    probe = min(timeout, PROBE_TIMEOUT)
    passwords = _passwords(endpoint)
    sep = "&" if "?" in endpoint else "?"
    accept = {"Accept": "application/sparql-results+json, application/sparql-results+xml"}
    try:
        ask = T.exchange("GET", endpoint + sep + urllib.parse.urlencode({"query": "ASK {}"}), timeout=probe,
                         headers=accept, passwords=passwords, limit=4096)
    except ValueError:
        return
    except T.NetworkError as exc:
        if exc.timed_out and probe >= timeout:  # the upload would get no more time than this
            raise EndpointError(str(exc)) from exc
        return
    if _takes_no_put(ask):
        raise UsageError(f"{T.where(endpoint)} does not take uploads (it allows {ask.headers.get('Allow')}); push "
                         f"and delete need a Graph Store endpoint ({GRAPH_STORE_ADDRESSES})")
    queries = ask.status == 200 and _answers_ask(endpoint, ask)
    try:
        graph: T.Answer | None = T.exchange("GET", graph_url(endpoint, _ABSENT_GRAPH), timeout=probe,
                                            headers={"Accept": "application/n-triples"}, passwords=passwords,
                                            limit=4096)
    except (ValueError, T.NetworkError):
        graph = None
    if graph is not None and graph.status in (401, 403, 404):
        return
    if graph is not None and 200 <= graph.status < 300 and not _not_a_graph(graph):
        return  # it serves graphs (and queries too, if it answered the ASK)
    if queries:
        raise UsageError(f"{T.where(endpoint)} is a SPARQL query endpoint; push and delete need a Graph Store "
                         f"endpoint ({GRAPH_STORE_ADDRESSES})")
    if graph is not None and graph.looped:
        raise EndpointError(_redirect_message("GET", endpoint, graph))
    if graph is not None and 200 <= graph.status < 300:
        raise EndpointError(f"{_who(endpoint, graph)} returned {T.describe(graph.ctype, graph.data)} when asked "
                            f"for a graph: it is no Graph Store")


def _takes_no_put(answer: T.Answer) -> bool:
    """A 405 to a GET whose Allow header leaves out PUT: a query endpoint that takes POST only, say."""
    allow = answer.headers.get("Allow")
    return answer.status == 405 and allow is not None and "PUT" not in allow.upper().replace(",", " ").split()


def _answers_ask(endpoint: str, answer: T.Answer) -> bool:
    try:
        return isinstance(_results(endpoint, answer, "ask"), bool)
    except EndpointError:
        return False


def _not_a_graph(answer: T.Answer) -> bool:
    """An answer to a GET of a graph that holds none: a web page, binary data, or text of a type that is no RDF."""
    if not answer.data.strip():
        return False
    return (T.is_html(answer.ctype, answer.data) or T.is_binary(answer.data)
            or (bool(answer.ctype) and answer.ctype != "text/plain" and ox.RdfFormat.from_media_type(answer.ctype) is None))


def _not_a_store_answer(answer: T.Answer) -> bool:
    """A 2xx answer to an upload that no Graph Store gives: a web page (not a status page such as "201 Created")
    or binary data. Graph Stores answer with nothing (Virtuoso, Oxigraph, GraphDB) or a count (Fuseki)."""
    if T.is_binary(answer.data):
        return True
    return T.is_html(answer.ctype, answer.data) and str(answer.status) not in T.title(answer.data)
