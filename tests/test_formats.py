"""RDF formats: Turtle, N-Triples, TriG (a named graph per report) and JSON-LD (with our context) round-trip."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import skip_or_fail
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from govkg import formats as F
from govkg import vocab as V
from govkg.export.rdf import jsonld_context, report_of, serialize, serialize_reports

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # a plain Namespace: pytest probes module attributes
RDFLIB_NAMES = {"turtle": "turtle", "nt": "nt", "trig": "trig", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def graph(bundled_ttl: Path) -> Graph:
    return Graph().parse(bundled_ttl, format="turtle")


@pytest.fixture(scope="module")
def second(second_ttl: Path) -> Graph:
    return Graph().parse(second_ttl, format="turtle")


def _rdflib_term(t: object) -> URIRef | BNode | Literal:
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    assert isinstance(t, ox.Literal)
    if t.language:
        return Literal(t.value, lang=t.language)
    return Literal(t.value, datatype=None if t.datatype.value == str(XSD.string) else URIRef(t.datatype.value))


def _from_oxigraph(data: bytes, fmt: str) -> Graph:
    g = Graph()
    for q in ox.parse(data, format=F.by_name(fmt).parser):
        g.add((_rdflib_term(q.subject), _rdflib_term(q.predicate), _rdflib_term(q.object)))
    return g


def _plain(g: Graph) -> Graph:
    """xsd:string literals as plain literals (RDF 1.1 says they are the same; rdflib keeps them apart)."""
    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


@pytest.mark.parametrize("fmt", ["turtle", "nt", "trig", "jsonld"])
def test_round_trip_through_rdflib_and_pyoxigraph(fmt: str, graph: Graph) -> None:
    data = serialize(graph, fmt)
    if fmt == "trig":
        back = Dataset().parse(data=data, format="trig").graph(URIRef(str(report_of(graph))))
        through_rdflib = Graph()
        for t in back:
            through_rdflib.add(t)
    else:
        through_rdflib = Graph().parse(data=data, format=RDFLIB_NAMES[fmt])
    assert len(through_rdflib) == len(graph) > 5000
    assert isomorphic(_plain(through_rdflib), _plain(graph))
    assert isomorphic(_from_oxigraph(data, fmt), _plain(graph))


@pytest.mark.parametrize("fmt", ["turtle", "nt", "trig", "jsonld"])
def test_output_is_deterministic(fmt: str, graph: Graph) -> None:
    shuffled = Graph()
    for t in sorted(graph, key=lambda t: str(t[2]), reverse=True):
        shuffled.add(t)
    assert serialize(shuffled, fmt) == serialize(graph, fmt)


def test_trig_has_a_named_graph_per_report(graph: Graph, second: Graph) -> None:
    data = serialize_reports([graph, second], "trig")
    ds = Dataset().parse(data=data, format="trig")
    names = {str(c.identifier) for c in ds.graphs() if len(c)}
    assert names == {f"{V.ID}report/110112/2023/summary", f"{V.ID}report/510107/2024/summary"}
    assert len(ds.graph(URIRef(f"{V.ID}report/510107/2024/summary"))) == len(second)
    quads = list(ox.parse(data, format=ox.RdfFormat.TRIG))
    assert len(quads) == len(graph) + len(second)


def test_jsonld_uses_the_context_file(graph: Graph, repo_dir: Path) -> None:
    doc = json.loads(serialize(graph, "jsonld"))
    shipped = json.loads((repo_dir / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == shipped["@context"] == jsonld_context()
    node = next(n for n in doc["@graph"] if n["@id"] == "gkid:运河商务区")
    assert node["@type"] == ["gk:Area"]
    assert node["label"] == {"@value": "运河商务区", "@language": "zh"}
    metric = next(n for n in doc["@graph"] if n.get("about") == "gkid:运河商务区" and "value" in n)
    assert metric["value"] == "4400000" and metric["kind"] == "gk:Achieved" and metric["year"] == "2022"


def test_context_has_a_term_for_every_property(ontology_path: Path) -> None:
    """Each gk property has a term whose coercion follows its rdfs:range (gk:unit excepted: `unit` is a prefix)."""
    onto = Graph().parse(ontology_path, format="turtle")
    context = jsonld_context()
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for p in onto.subjects(RDF.type, kind):
            local = str(p)[len(str(V.GK)) :]
            if not str(p).startswith(str(V.GK)) or local == "unit":
                continue
            term = context[local]
            assert term["@id"] == f"gk:{local}"
            rng = onto.value(p, RDFS.range)
            if kind == OWL.ObjectProperty:
                assert term["@type"] == "@id", local
            elif rng == RDF.langString:
                assert term["@language"] == "zh", local
            elif rng != XSD.string:
                assert term["@type"] == f"xsd:{str(rng)[len(str(XSD)) :]}", local
    assert context["unit"] == str(V.UNIT)


@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("nt", "ntriples"), ("trig", "trig")])
def test_rapper_reads_our_files(fmt: str, parser: str, graph: Graph, tmp_path: Path) -> None:
    """An independent parser (Raptor's rapper, Debian raptor2-utils) reads what we write."""
    rapper = shutil.which("rapper")
    if rapper is None:
        skip_or_fail("rapper (Debian package raptor2-utils) is not installed")
        return
    path = tmp_path / f"graph.{fmt}"
    path.write_bytes(serialize(graph, fmt))
    proc = subprocess.run([rapper, "-i", parser, "-c", str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    m = re.search(r"returned (\d+) (triples|statements)", proc.stderr)
    assert m, proc.stderr
    assert int(m.group(1)) == len(graph)
    assert "error" not in proc.stderr.lower() and "warning" not in proc.stderr.lower(), proc.stderr


def test_build_writes_the_other_formats_on_request(tmp_path: Path) -> None:
    """`govkg build --format nt --format trig --format jsonld`: the same graph as the Turtle, in every format."""
    from rdflib import Dataset, Graph
    from rdflib.compare import isomorphic
    from typer.testing import CliRunner

    from govkg.cli import app

    result = CliRunner().invoke(app, ["build", "--out", str(tmp_path), "-q", "-f", "nt", "-f", "trig", "-f", "jsonld"])
    assert result.exit_code == 0, result.output
    turtle = Graph().parse(tmp_path / "tongzhou-2023.ttl", format="turtle")
    assert isomorphic(turtle, Graph().parse(tmp_path / "tongzhou-2023.nt", format="nt"))
    assert isomorphic(turtle, Graph().parse(tmp_path / "tongzhou-2023.jsonld", format="json-ld"))
    ds = Dataset()
    ds.parse(tmp_path / "tongzhou-2023.trig", format="trig")
    named = [g for g in ds.graphs() if len(g)]
    assert len(named) == 1 and isomorphic(turtle, named[0])


def test_build_refuses_an_unknown_format_and_writes_nothing(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from govkg.cli import app

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", "--out", str(out), "-f", "rdfxml"])
    assert result.exit_code == 2
    assert "unknown format" in result.output
    assert not out.exists()


# ---------------------------------------------------------------- Turtle every loader reads alike
_STRING_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"')


def _outside_literals(text: str) -> str:
    return _STRING_LITERAL.sub('""', text)


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_no_name_needs_a_backslash(fmt: str, graph: Graph, second: Graph) -> None:
    """Virtuoso's TTLP and bulk loader keep the backslash of an escaped local name (gkid:report\\/110112): we
    write such IRIs in full, so no backslash is left outside string literals, and the IRIs are the graph's own."""
    data = serialize(graph, fmt) if fmt == "turtle" else serialize_reports([graph, second], "trig")
    text = data.decode("utf-8")
    assert "\\" not in _outside_literals(text)
    assert "<https://w3id.org/govkg/id/report/110112/2023/summary>" in text
    assert "gkid:运河商务区 " in text  # a name that needs no escape stays a prefixed name
    iris = {t.value for q in ox.parse(data, format=F.by_name(fmt).parser) for t in (q.subject, q.object)
            if isinstance(t, ox.NamedNode)}
    assert all("\\" not in iri for iri in iris)


_AWKWARD = [
    "https://w3id.org/govkg/id/report/110112/2023/summary/goal/plan-1-1",
    "https://w3id.org/govkg/id/a.b",
    "https://w3id.org/govkg/id/trailing.",
    "https://w3id.org/govkg/id/%E2%80%9C%E4%B8%A4%E5%8C%BA%E2%80%9D",
    "https://w3id.org/govkg/id/(括号)",
    "https://w3id.org/govkg/id/北京·通州",
    "https://w3id.org/govkg/id/-dash-first",
    "https://w3id.org/govkg/id/7号线",
    "https://w3id.org/govkg/id/a:b",
    "https://w3id.org/govkg/id/",
    "https://w3id.org/govkg/def#Area",
    "http://example.org/no-prefix#x",
]
_LITERALS = [
    ox.Literal('引号"与\\反斜杠\n换行\t制表\r回车\u0001控制'),
    ox.Literal("中文", language="zh"),
    ox.Literal("007", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ox.Literal("+5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ox.Literal(".5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
    ox.Literal("4.14", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
    ox.Literal("1e3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")),
    ox.Literal("2023", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")),
    ox.Literal("false", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
    ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
    ox.Literal("x", datatype=ox.NamedNode("http://example.org/dt/odd.type")),
]


def _awkward_triples() -> list[ox.Triple]:
    p = ox.NamedNode("https://w3id.org/govkg/def#p")
    out = [ox.Triple(ox.NamedNode(s), p, ox.NamedNode(o)) for s in _AWKWARD for o in _AWKWARD[:3]]
    out += [ox.Triple(ox.NamedNode(_AWKWARD[0]), p, lit) for lit in _LITERALS]
    out.append(ox.Triple(ox.BlankNode("b1"), p, ox.NamedNode(_AWKWARD[1])))
    return out


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_awkward_iris_and_literals_read_back_the_same_everywhere(fmt: str, tmp_path: Path) -> None:
    """Names with slashes, dots, percent escapes, brackets, a middle dot, a leading dash or digit, an empty local
    part; literals with quotes, control characters and non-canonical numbers: pyoxigraph, rdflib and rapper read
    back exactly the triples written, and nothing outside a literal holds a backslash."""
    from govkg.export.rdf import serialize_triples

    triples = _awkward_triples()
    data = serialize_triples(triples, fmt)
    assert "\\" not in _outside_literals(data.decode("utf-8"))
    back = {q.triple for q in ox.parse(data, format=F.by_name(fmt).parser)}
    assert {(t.subject, t.predicate, t.object) for t in back if not isinstance(t.subject, ox.BlankNode)} == {
        (t.subject, t.predicate, t.object) for t in triples if not isinstance(t.subject, ox.BlankNode)}
    assert len(back) == len(triples)
    rdflib_back = Dataset().parse(data=data, format="trig") if fmt == "trig" else Graph().parse(data=data, format="turtle")
    assert len(rdflib_back) == len(triples)
    rapper = shutil.which("rapper")
    if rapper is None:
        skip_or_fail("rapper (Debian package raptor2-utils) is not installed")
        return
    path = tmp_path / f"awkward{F.by_name(fmt).suffix}"
    path.write_bytes(data)
    proc = subprocess.run([rapper, "-i", fmt, "-o", "ntriples", str(path)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    nt = "".join(line + "\n" for line in proc.stdout.splitlines())
    assert {q.triple for q in ox.parse(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
            if not isinstance(q.subject, ox.BlankNode)} == {t for t in back if not isinstance(t.subject, ox.BlankNode)}


@pytest.mark.parametrize(("local", "safe"), [
    ("运河商务区", True), ("M101线", True), ("7号线", True), ("_x", True), ("a-b", True), ("北京·通州", True),
    ("report/110112", False), ("a.b", False), ("trailing.", False), ("%E2%80%9C", False), ("(括号)", False),
    ("-dash", False), ("·dot", False), ("a:b", False), ("“两区”", False), ("", False),
])
def test_safe_local_names(local: str, safe: bool) -> None:
    from govkg.export.turtle import SAFE_LOCAL

    assert bool(SAFE_LOCAL.fullmatch(local)) is safe


def test_context_names_each_term_once(repo_dir: Path) -> None:
    """A JSON object with a key twice is read as its last value by most parsers and refused by some: each term of
    ontology/context.jsonld is named once (five were named twice)."""
    def once(pairs: list[tuple[str, object]]) -> dict[str, object]:
        keys = [k for k, _ in pairs]
        assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
        return dict(pairs)

    json.loads((repo_dir / "ontology" / "context.jsonld").read_text(encoding="utf-8"), object_pairs_hook=once)
