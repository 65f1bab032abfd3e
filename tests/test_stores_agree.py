"""The same answer everywhere (issue 17): every named query, on a dataset of four reports that share entities
across their graphs (the three-year series and the bundled report, with the series' promise checks), gives the
same rows

- as its .rq file, run as written by rdflib over the RDF merge of all the dataset's graphs;
- through `govkg query NAME --data dataset.trig`;
- through `govkg query NAME --endpoint` against an Oxigraph server started with nothing but
  `oxigraph serve --location DB`, after `govkg push dataset.trig`;
- through `govkg query NAME --endpoint` against Virtuoso, after the same push.

Rows are compared as multisets (ORDER BY leaves ties to the store), and the items of a GROUP_CONCAT as sets
(SPARQL leaves their order open); numbers by value (Virtuoso writes 4.40 as 4.4).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from typer.testing import CliRunner

from govkg import store as S
from govkg.cli import app
from govkg.query import named_queries

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBERS = {XSD + t for t in ("integer", "decimal", "double", "float", "long", "int")}
#: Columns made by GROUP_CONCAT (separator "; "), by query.
CONCATENATED = {"targets-vs-achievements": {"achieved", "target"}}
NAMES = sorted(named_queries())

Cell = tuple[str, str, str] | None
Row = tuple[Cell, ...]


def cell(kind: str, value: str, extra: str, column: str, query: str) -> Cell:
    if kind == "literal" and extra in NUMBERS:
        try:
            return ("number", str(Decimal(value).normalize()), "")
        except InvalidOperation:
            pass
    if column in CONCATENATED.get(query, ()):
        value = "; ".join(sorted(value.split("; ")))
    return (kind, value, extra)


def from_json(text: str, query: str) -> Counter[Row]:
    data = json.loads(text)
    columns = data["head"]["vars"]
    rows: Counter[Row] = Counter()
    for b in data["results"]["bindings"]:
        row = []
        for c in columns:
            t = b.get(c)
            if t is None:
                row.append(None)
                continue
            kind = {"typed-literal": "literal"}.get(t["type"], t["type"])
            extra = t.get("xml:lang", "").lower() or (t.get("datatype", "") if kind == "literal" else "")
            if kind == "literal" and extra == XSD + "string":
                extra = ""
            row.append(cell(kind, t["value"], extra, c, query))
        rows[tuple(row)] += 1
    return rows


def from_rdflib(graph: Graph, text: str, query: str) -> Counter[Row]:
    result = graph.query(text)
    columns = [str(v) for v in result.vars or []]
    rows: Counter[Row] = Counter()
    for r in result:
        row = []
        for c, t in zip(columns, r, strict=True):
            if t is None:
                row.append(None)
            elif isinstance(t, URIRef):
                row.append(cell("uri", str(t), "", c, query))
            elif isinstance(t, BNode):
                row.append(cell("bnode", str(t), "", c, query))
            else:
                assert isinstance(t, Literal)
                dt = str(t.datatype) if t.datatype and str(t.datatype) != XSD + "string" else ""
                row.append(cell("literal", str(t), (t.language or "").lower() or dt, c, query))
        rows[tuple(row)] += 1
    return rows


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory, data_dir: Path, bundled: Path) -> Path:
    from govkg.batch import build_batch

    src = tmp_path_factory.mktemp("agree-in")
    for p in [*sorted((data_dir / "series").glob("*.txt")), bundled]:
        (src / p.name).write_bytes(p.read_bytes())
    out = tmp_path_factory.mktemp("agree-out")
    assert not build_batch([src], out, jobs=1, html=False).failed
    return out / "dataset.trig"


@pytest.fixture(scope="module")
def merged(dataset: Path) -> Graph:
    """The RDF merge of every graph of the dataset: one set of triples."""
    ds = Dataset()
    ds.parse(dataset, format="trig")
    graph = Graph()
    for g in ds.graphs():
        for t in g:
            graph.add(t)
    return graph


@pytest.fixture(scope="module")
def local_rows(dataset: Path) -> dict[str, Counter[Row]]:
    runner = CliRunner()
    rows = {}
    for name in NAMES:
        result = runner.invoke(app, ["query", name, "--data", str(dataset), "-f", "json"])
        assert result.exit_code == 0, (name, result.stderr)
        rows[name] = from_json(result.stdout, name)
    return rows


def test_the_dataset_shares_entities_across_graphs(dataset: Path) -> None:
    """The case the issue is about: one entity's label stated in several report graphs."""
    graphs = S.read_graphs(dataset)
    assert len(graphs) >= 4
    labels: Counter[str] = Counter()
    for g in graphs:
        labels.update({t.subject.value for t in g.triples if t.predicate.value.endswith("#label")
                       and "/id/" in t.subject.value and "/report/" not in t.subject.value})
    assert sum(1 for n in labels.values() if n >= 2) >= 10


@pytest.mark.parametrize("name", NAMES)
def test_the_file_as_written_gives_what_govkg_gives(name: str, merged: Graph,
                                                    local_rows: dict[str, Counter[Row]]) -> None:
    """Pasted into another client (rdflib here) over the merge of the graphs, the .rq file alone answers as
    `govkg query NAME --data` does: its defaults are in its text, and where one fact is met through several
    graphs it selects DISTINCT answers."""
    path = Path(named_queries()[name].source)
    text = (Path(__file__).parents[1] / "ontology" / "queries" / f"{path.name}.rq").read_text(encoding="utf-8")
    assert from_rdflib(merged, text, name) == local_rows[name]
    assert sum(local_rows[name].values()) > 0, f"{name} gives no rows: nothing is compared"


@pytest.fixture(scope="module")
def plain_oxigraph(oxigraph_bin: str, tmp_path_factory: pytest.TempPathFactory, dataset: Path) -> Iterator[str]:
    """`oxigraph serve --location DB` with no other option, the dataset pushed to it; its query endpoint."""
    from servers import oxigraph_server

    with oxigraph_server(oxigraph_bin, tmp_path_factory.mktemp("plain") / "db") as server:
        result = CliRunner().invoke(app, ["push", str(dataset), "--endpoint", server.graph_store])
        assert result.exit_code == 0, result.stderr
        yield server.sparql




def test_the_store_default_graph_says_why_it_is_empty(plain_oxigraph: str) -> None:
    """Asked to use the server's own default graph, which holds nothing, govkg answers no rows and says why."""
    result = CliRunner().invoke(app, ["query", "entity", "--endpoint", plain_oxigraph, "--default-graph", "store"])
    assert result.exit_code == 0
    assert "holds 5 report graph(s), which its own default graph may not include" in result.stderr


def test_a_query_naming_its_own_dataset_is_sent_as_written(plain_oxigraph: str) -> None:
    q = ("SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/govkg/id/dataset/promise-checks> "
         "WHERE { ?c a gk:PromiseCheck }")
    result = CliRunner().invoke(app, ["query", q, "--endpoint", plain_oxigraph, "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    assert int(result.stdout.split()[1]) > 10


@pytest.fixture(scope="module")
def virtuoso_with_dataset(virtuoso: object, dataset: Path) -> Iterator[str]:
    from servers import PASSWORD

    mp = pytest.MonkeyPatch()
    mp.setenv(S.USER_VAR, "dba")
    mp.setenv(S.PASSWORD_VAR, PASSWORD)
    graphs = S.read_graphs(dataset)
    result = CliRunner().invoke(app, ["push", str(dataset), "--endpoint", virtuoso.graph_store])  # type: ignore[attr-defined]
    assert result.exit_code == 0, result.stderr
    try:
        yield virtuoso.sparql  # type: ignore[attr-defined]
    finally:
        for g in graphs:
            S.delete_graph(virtuoso.graph_store, g.graph.value)  # type: ignore[attr-defined]
        mp.undo()


@pytest.mark.parametrize("store", ["plain_oxigraph", pytest.param("virtuoso_with_dataset", marks=pytest.mark.slow)])
@pytest.mark.parametrize("name", NAMES)
def test_a_store_answers_as_the_file(store: str, name: str, request: pytest.FixtureRequest,
                                     local_rows: dict[str, Counter[Row]]) -> None:
    """`govkg query NAME --endpoint` against each store, after `govkg push dataset.trig`, with no union setting."""
    endpoint = request.getfixturevalue(store)
    result = CliRunner().invoke(app, ["query", name, "--endpoint", endpoint, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert from_json(result.stdout, name) == local_rows[name]
