"""govkg.graph and govkg.check: the built bundled graph validates, uses only declared terms, and keeps provenance."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import unicodedata
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from govkg import vocab as V
from govkg.check import check, undeclared_terms
from govkg.export.rdf import serialize
from govkg.graph import build
from govkg.pipeline import Built, run_extraction
from govkg.read import read

GK = str(V.GK)
XSD = "http://www.w3.org/2001/XMLSchema#"
ENTITY_CLASSES = " ".join(f"gk:{c}" for c in V.ENTITY_CLASSES)
PREFIXES = f"PREFIX gk: <{GK}>\nPREFIX rdfs: <{RDFS}>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"

#: Provenance queries: each must return no row. Paths are at most two hops from the node to the sentence text.
ORPHAN_QUERIES = {
    "entity without a mentioning sentence": f"""
        SELECT ?x WHERE {{
          VALUES ?cls {{ {ENTITY_CLASSES} }}
          ?x a ?cls .
          FILTER NOT EXISTS {{ ?s gk:mentions ?x . ?s gk:text ?t . }}
        }}""",
    "entity whose sentences do not contain its name": f"""
        SELECT ?x WHERE {{
          VALUES ?cls {{ {ENTITY_CLASSES} }}
          ?x a ?cls .
          FILTER NOT EXISTS {{
            ?s gk:mentions ?x ; gk:text ?t .
            {{ ?x rdfs:label ?name }} UNION {{ ?x skos:altLabel ?name }}
            FILTER(CONTAINS(STR(?t), STR(?name)))
          }}
        }}""",
    "metric without a sentence": """
        SELECT ?x WHERE {
          ?x a gk:Metric .
          FILTER NOT EXISTS { ?x gk:statedIn ?s . ?s gk:text ?t . }
        }""",
    "metric whose sentence does not contain it": """
        SELECT ?x WHERE {
          ?x a gk:Metric ; gk:rawText ?raw ; gk:statedIn ?s .
          ?s gk:text ?t .
          FILTER(!CONTAINS(STR(?t), STR(?raw)))
        }""",
}
COUNT_QUERY = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ VALUES ?cls {{ {ENTITY_CLASSES} gk:Metric }} ?x a ?cls . }}"


@pytest.fixture(scope="module")
def graph(built_bundled: Built) -> Graph:
    return built_bundled.graph


@pytest.fixture(scope="module")
def ontology(ontology_path: Path) -> Graph:
    return Graph().parse(ontology_path, format="turtle")


def _from_oxigraph(data: bytes, fmt: ox.RdfFormat) -> Graph:
    """The same bytes read by pyoxigraph, as an rdflib graph (xsd:string literals as plain literals)."""

    def term(t):  # type: ignore[no-untyped-def]
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        if t.language:
            return Literal(t.value, lang=t.language)
        if t.datatype.value == XSD + "string":
            return Literal(t.value)
        return Literal(t.value, datatype=URIRef(t.datatype.value))

    g = Graph()
    for q in ox.parse(data, format=fmt):
        g.add((term(q.subject), term(q.predicate), term(q.object)))
    return g


def _langs(g: Graph, node: URIRef, prop: URIRef) -> set[str]:
    return {
        (o.language or "").split("-")[0] for o in g.objects(node, prop) if isinstance(o, Literal) and str(o).strip()
    }


def test_graph_module_imports_on_its_own() -> None:
    """`import govkg.graph` works in a fresh interpreter, whatever was imported before."""
    proc = subprocess.run([sys.executable, "-c", "import govkg.graph"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.strip().splitlines()[-1:]


# ---------------------------------------------------------------- validation
def test_bundled_graph_conforms(built_bundled: Built, graph: Graph) -> None:
    assert built_bundled.report.conforms, built_bundled.report.summary()
    report = check(graph)
    assert report.conforms, report.summary()
    assert [f for f in report.findings if f.severity == "violation"] == []


def test_bundled_graph_conforms_to_the_shape_files(graph: Graph, ontology: Graph, shapes_path: Path) -> None:
    """Independent of govkg.check: pySHACL with the repository's shape and ontology files."""
    from pyshacl import validate

    shapes = Graph().parse(shapes_path, format="turtle")
    conforms, _, text = validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="none")
    assert conforms, text[:2000]


def test_check_reports_an_undeclared_term(reports_dir: Path) -> None:
    g = build(run_extraction(read(reports_dir / "tiny-plan.txt")))
    assert check(g, shacl=False).conforms
    bogus = V.GK.notATermOfOurs
    report_node = next(g.subjects(RDF.type, V.Report))
    g.add((report_node, bogus, Literal("x")))
    assert undeclared_terms(g) == [bogus]
    report = check(g, shacl=False)
    assert not report.conforms
    assert any(str(bogus) in f.message for f in report.findings)


def test_check_reports_a_shape_violation(reports_dir: Path) -> None:
    g = build(run_extraction(read(reports_dir / "tiny-plan.txt")))
    statement = next(g.subjects(RDF.type, V.Task))
    g.remove((statement, V.text, None))
    report = check(g)
    assert not report.conforms
    assert any(f.focus == str(statement) for f in report.findings if f.severity == "violation")


# ---------------------------------------------------------------- terms
def test_every_term_of_ours_is_declared_and_documented(graph: Graph, ontology: Graph) -> None:
    used: set[URIRef] = set()
    for _, p, o in graph:
        for t in (p, o):
            if isinstance(t, URIRef) and str(t).startswith(GK):
                used.add(t)
    assert used, "the graph uses no term of our namespace"
    problems = []
    for t in sorted(used):
        if (t, RDF.type, None) not in ontology:
            problems.append((str(t), "not declared"))
            continue
        if not {"zh", "en"} <= _langs(ontology, t, RDFS.label):
            problems.append((str(t), "needs rdfs:label @zh and @en"))
        if not _langs(ontology, t, RDFS.comment):
            problems.append((str(t), "needs an rdfs:comment"))
    assert problems == []
    assert undeclared_terms(graph) == []


def test_every_term_the_shapes_use_is_declared(ontology: Graph, shapes_path: Path) -> None:
    shapes = Graph().parse(shapes_path, format="turtle")
    terms = {t for triple in shapes for t in triple if isinstance(t, URIRef) and str(t).startswith(GK)}
    assert sorted(str(t) for t in terms if (t, RDF.type, None) not in ontology) == []


def test_classes_used_are_owl_classes(graph: Graph, ontology: Graph) -> None:
    classes = {o for o in graph.objects(None, RDF.type) if str(o).startswith(GK)}
    assert sorted(str(c) for c in classes if (c, RDF.type, OWL.Class) not in ontology) == []


def test_no_blank_nodes(graph: Graph) -> None:
    assert [tr for tr in graph if any(isinstance(t, BNode) for t in tr)] == []


# ---------------------------------------------------------------- provenance
@pytest.mark.parametrize("name", list(ORPHAN_QUERIES))
def test_provenance_with_rdflib(name: str, graph: Graph) -> None:
    assert int(next(iter(graph.query(PREFIXES + COUNT_QUERY)))[0]) > 0
    rows = [str(r[0]) for r in graph.query(PREFIXES + ORPHAN_QUERIES[name])]
    assert rows == []


@pytest.mark.parametrize("name", list(ORPHAN_QUERIES))
def test_provenance_with_oxigraph(name: str, bundled_turtle: bytes) -> None:
    store = ox.Store()
    store.load(bundled_turtle, format=ox.RdfFormat.TURTLE)
    count = next(iter(store.query(PREFIXES + COUNT_QUERY)))
    assert int(count["n"].value) > 0
    rows = [str(sol["x"]) for sol in store.query(PREFIXES + ORPHAN_QUERIES[name])]
    assert rows == []


def test_report_node(graph: Graph, bundled: Path) -> None:
    (report,) = list(graph.subjects(RDF.type, V.Report))
    assert graph.value(report, V.sourceFile) == Literal(bundled.name)
    assert str(graph.value(report, V.sha256)) == hashlib.sha256(bundled.read_bytes()).hexdigest()
    # the bundled report reviews 2022 and plans 2023 (its headings: 2022年，重点做了以下工作 … 2023年是…)
    assert graph.value(report, V.reviewYear) == Literal("2022", datatype=URIRef(XSD + "gYear"))
    assert graph.value(report, V.planYear) == Literal("2023", datatype=URIRef(XSD + "gYear"))
    region = graph.value(report, V.region)
    assert isinstance(region, URIRef)
    assert (region, RDF.type, V.Area) in graph
    assert graph.value(region, RDFS.label) == Literal("通州区", lang="zh")


def test_offsets_slice_clean_text(graph: Graph) -> None:
    (report,) = list(graph.subjects(RDF.type, V.Report))
    clean_text = str(graph.value(report, V.cleanText))
    checked = 0
    for node in set(graph.subjects(V.startOffset, None)):
        start, end = int(graph.value(node, V.startOffset)), int(graph.value(node, V.endOffset))
        quoted = graph.value(node, V.text) or graph.value(node, V.rawText) or graph.value(node, RDFS.label)
        assert quoted is not None, node
        assert clean_text[start:end] == str(quoted), node
        checked += 1
    statements = set(graph.subjects(RDF.type, V.Task)) | set(graph.subjects(RDF.type, V.Achievement))
    assert statements and all((s, V.startOffset, None) in graph for s in statements)
    assert checked >= len(statements)


def test_raw_offsets_and_lines_point_into_the_file(graph: Graph, bundled: Path) -> None:
    raw = read(bundled).raw
    for node in set(graph.subjects(V.rawStartOffset, None)):
        start, end = int(graph.value(node, V.rawStartOffset)), int(graph.value(node, V.rawEndOffset))
        quoted = str(graph.value(node, V.text) or graph.value(node, V.rawText) or graph.value(node, RDFS.label))
        assert 0 <= start < end <= len(raw)
        assert quoted[0] in (raw[start], unicodedata.normalize("NFKC", raw[start])), node
        assert quoted[-1] in (raw[end - 1], unicodedata.normalize("NFKC", raw[end - 1])), node
        assert int(graph.value(node, V.line)) == raw.count("\n", 0, start) + 1


# ---------------------------------------------------------------- serialisation
def test_turtle_parses_alike_in_rdflib_and_oxigraph(graph: Graph, bundled_turtle: bytes) -> None:
    by_rdflib = Graph().parse(data=bundled_turtle, format="turtle")
    by_oxigraph = _from_oxigraph(bundled_turtle, ox.RdfFormat.TURTLE)
    assert len(by_rdflib) == len(graph) == len(by_oxigraph)
    assert isomorphic(by_rdflib, by_oxigraph)
    assert isomorphic(by_rdflib, graph)


def test_ntriples_parse_to_the_same_graph(graph: Graph) -> None:
    nt = serialize(graph, "nt")
    assert isomorphic(Graph().parse(data=nt, format="nt"), graph)
    assert isomorphic(_from_oxigraph(nt, ox.RdfFormat.N_TRIPLES), graph)


@pytest.mark.parametrize(("sentence", "unit", "qudt"), [
    ("全年PM2.5平均浓度下降至32微克/立方米。", "微克/立方米", V.UNIT["MicroGM-PER-M3"]),
    ("清淤山塘二十三口。", "口", V.UNIT.NUM),
    ("企业开办时间压缩至3天。", "天", V.UNIT.DAY),
    ("亿元GDP生产安全事故死亡率0.6人/百亿元。", "人/百亿元", None),  # an unknown compound unit has no QUDT unit
])
def test_metric_units_map_to_qudt(sentence: str, unit: str, qudt: URIRef | None) -> None:
    from govkg.read import from_text

    g = build(run_extraction(from_text(f"桐州市2024年政府工作报告\n\n一、2023年工作回顾\n{sentence}\n")))
    (metric,) = g.subjects(RDF.type, V.Metric)
    assert g.value(metric, V.unit) == Literal(unit)
    assert g.value(metric, V.qudtUnit) == qudt
    if qudt is not None:
        assert (qudt, RDF.type, V.QUDT.Unit) in g  # stated: gk:qudtUnit's range then infers nothing new


# ---------------------------------------------------------------- statements and paragraphs, metrics and statuses
def test_a_divided_paragraph_is_no_statement(built_bundled: Built, graph: Graph) -> None:
    """A paragraph split into sentences is a gk:Paragraph, never a gk:Task or gk:Achievement; its sentences and the
    paragraphs that are not divided are, so `?s a gk:Task` counts each sentence once (issue 12)."""
    ol = built_bundled.extraction.outline
    paragraphs = {s.id for s in ol.statements if s.has_parts}
    assert paragraphs, "the bundled report has divided paragraphs"
    base = str(next(graph.subjects(RDF.type, V.Report)))
    for s in ol.statements:
        node = URIRef(f"{base}/statement/{s.id}")
        types = set(graph.objects(node, RDF.type))
        expected = V.Paragraph if s.has_parts else V.Achievement if s.part == "review" else V.Task
        assert types == {expected}, s.id
        if s.parent is not None:
            assert graph.value(node, DCTERMS.isPartOf) == URIRef(f"{base}/statement/{s.parent}")
    counts = {}
    for cls in ("gk:Task", "gk:Achievement", "gk:Paragraph"):  # the queries users write
        row = next(iter(graph.query(PREFIXES + f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s a {cls} }}")))
        counts[cls] = int(row[0])  # type: ignore[index]
    leaves = ol.leaves()
    assert counts["gk:Task"] == sum(1 for s in leaves if s.part == "plan")
    assert counts["gk:Achievement"] == sum(1 for s in leaves if s.part == "review")
    assert counts["gk:Paragraph"] == len(paragraphs)


def test_a_status_assertion_has_an_assertion_kind_and_no_metric_kind(graph: Graph) -> None:
    """gk:kind belongs to metrics (its domain is gk:Metric): `?m gk:kind gk:Target` finds target metrics only."""
    statuses = set(graph.subjects(RDF.type, V.StatusAssertion))
    assert statuses
    for st in statuses:
        assert graph.value(st, V.kind) is None
        assert graph.value(st, V.assertionKind) in (V.Achieved, V.Target)
    assert {s for s in graph.subjects(V.kind, None)} == set(graph.subjects(RDF.type, V.Metric))
    plan = {st for st in statuses if graph.value(graph.value(st, V.statedIn), V.part) == V.PlanPart}
    assert plan and all(graph.value(st, V.assertionKind) == V.Target for st in plan)
