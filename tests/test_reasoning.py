"""The ontology survives reasoning: the OWL RL closure (owlrl) of ontology/govkg.ttl with a graph govkg builds puts
no node into two classes the ontology declares disjoint, and gives no node an rdf:type that the graph did not state
or imply through rdfs:subClassOf (rdfs:domain and rdfs:range infer nothing new). Literals keep to the datatype
ranges. Checked on the bundled graph, the six shared development reports, a dataset of three reports with its
promise checks, and small broken graphs that show the checker fails when it should.
"""

from __future__ import annotations

import time
from collections import defaultdict
from functools import cache
from pathlib import Path

import owlrl
import pytest
from conftest import DATA, SHARED, skip_or_fail
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from govkg import vocab as V
from govkg.batch import build_batch
from govkg.dataset import DATASET
from govkg.ontology_files import ontology_graph
from govkg.pipeline import Built, build_path

DEV = SHARED / "eval" / "dev"
DEV_REPORTS = [f"dev-0{i}.txt" for i in range(1, 7)]
#: Types every node has under OWL RL or RDFS, and the namespaces of classes about terms, not about data.
TRIVIAL = {OWL.Thing, RDFS.Resource}
META = (str(OWL), str(RDF), str(RDFS), str(XSD), "http://www.daml.org/2002/03/agents/agent-ont#")
OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
#: A literal of the first datatype also fits a range of the second (XSD's derivation tree, the part we use).
XSD_SUPER = {XSD.integer: {XSD.decimal}, XSD.nonNegativeInteger: {XSD.integer, XSD.decimal}}
#: Annotations do not take part in reasoning; leaving them out makes the closure about five times faster.
ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.isDefinedBy, RDFS.seeAlso, SKOS.prefLabel, SKOS.hiddenLabel,
               SKOS.altLabel, DCTERMS.title, DCTERMS.description, DCTERMS.created, DCTERMS.license}
TIMINGS: dict[str, float] = {}


@cache
def axioms() -> Graph:
    """The ontology without its annotations: classes, properties, domains, ranges, unions, disjointness."""
    g = Graph()
    for t in ontology_graph():
        if t[1] not in ANNOTATIONS and not str(t[1]).startswith("http://purl.org/vocab/vann/"):
            g.add(t)
    return g


@cache
def closed_ontology() -> Graph:
    """The ontology's own OWL RL closure: a union class is above each of its members, and a property has the
    domains and ranges of its super-properties and every superclass of them."""
    g = Graph()
    g += axioms()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    return g


@cache
def superclasses() -> dict[Node, frozenset[Node]]:
    """Every class's superclasses, as the ontology's OWL RL closure has them."""
    out: defaultdict[Node, set[Node]] = defaultdict(set)
    for c, d in closed_ontology().subject_objects(RDFS.subClassOf):
        out[c].add(d)
    return {c: frozenset(ds) for c, ds in out.items()}


@cache
def disjoint_pairs() -> frozenset[tuple[Node, Node]]:
    """Class pairs the ontology declares disjoint: owl:disjointWith and the members of each owl:AllDisjointClasses."""
    ont = ontology_graph()
    pairs = set(ont.subject_objects(OWL.disjointWith))
    for group in ont.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(ont.items(ont.value(group, OWL.members)))
        pairs |= {(a, b) for a in members for b in members if a != b}
    return frozenset(pairs | {(b, a) for a, b in pairs})


@cache
def _names() -> Graph:
    g = Graph()
    for prefix, ns in V.PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def _name(node: Node) -> str:
    return "a union class" if isinstance(node, BNode) else node.n3(_names().namespace_manager)


def literal_faults(data: Graph) -> list[str]:
    """Literals outside their property's datatype range (rdf:langString, xsd:string, xsd:integer …)."""
    ont = ontology_graph()
    out = []
    for p in sorted(set(ont.subjects(RDF.type, OWL.DatatypeProperty))):
        rng = ont.value(p, RDFS.range)
        if rng is None:
            continue
        for s, o in data.subject_objects(p):
            if not isinstance(o, Literal):
                out.append(f"{_name(p)} of {s} is {o}, not a literal")
                continue
            dt = RDF.langString if o.language else o.datatype or XSD.string
            if rng != dt and rng not in XSD_SUPER.get(dt, set()):
                out.append(f"{_name(p)} of {s} is a {_name(dt)}, outside its range {_name(rng)}")
    return sorted(out)


def reasoning_faults(data: Graph, label: str = "graph") -> list[str]:
    """What an OWL RL reasoner would find wrong with `data` and the ontology: nodes in two disjoint classes, types
    that domain or range inference adds (neither stated nor a superclass of a stated type), owlrl's own
    inconsistency reports, and literals outside their datatype range. Empty when the graph survives reasoning.

    The closure leaves out the literal values of properties without a domain (offsets, lines, labels, years …):
    from those OWL RL can only type the literal itself, which `literal_faults` checks directly, and leaving them
    out halves the time owlrl takes."""
    ont = axioms()
    with_domain = set(closed_ontology().subjects(RDFS.domain, None))
    g = Graph()
    g += ont
    for t in data:
        if not isinstance(t[2], Literal) or t[1] in with_domain:
            g.add(t)
    start = time.perf_counter()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    TIMINGS[label] = time.perf_counter() - start
    stated: defaultdict[Node, set[Node]] = defaultdict(set)
    for graph in (ont, data):
        for s, c in graph.subject_objects(RDF.type):
            stated[s].add(c)
    supers = superclasses()
    pairs = disjoint_pairs()
    nodes = {n for s, _, o in data for n in (s, o) if not isinstance(n, Literal)}
    faults: set[str] = set()
    for node in nodes:
        types = set(g.objects(node, RDF.type))
        implied = set(stated[node])
        for c in stated[node]:
            implied |= supers.get(c, frozenset())
        for c in types - implied - TRIVIAL:
            if isinstance(c, URIRef) and str(c).startswith(META):
                continue
            why = ", ".join(sorted(_name(t) for t in stated[node])) or "nothing"
            faults.add(f"inferred type: {node} becomes {_name(c)} (stated: {why})")
        for a, b in pairs:
            if a in types and b in types and str(a) < str(b):
                faults.add(f"disjoint classes: {node} is both {_name(a)} and {_name(b)}")
    for err in g.subjects(RDF.type, OWLRL_ERROR):
        for msg in g.objects(err, None):
            if isinstance(msg, Literal):
                faults.add(f"owlrl: {' '.join(str(msg).split())[:300]}")
    return sorted(faults) + literal_faults(data)


def _checked(c: Node) -> bool:
    return c not in TRIVIAL and not (isinstance(c, URIRef) and str(c).startswith(META))


def schema_faults(data: Graph) -> list[str]:
    """The faults of `reasoning_faults` found without a reasoner, in well under a second: each subject (object) of
    a property must already have, stated or through rdfs:subClassOf, every domain (range) the ontology's closure
    gives the property, and no node may have two disjoint classes. For this ontology (no restrictions, no
    inverse, symmetric or transitive properties) that is what OWL RL's prp-dom, prp-rng and cax-dw rules check;
    the tests below run both checkers on the same graphs."""
    closed, supers, pairs = closed_ontology(), superclasses(), disjoint_pairs()
    stated: defaultdict[Node, set[Node]] = defaultdict(set)
    for graph in (ontology_graph(), data):
        for s, c in graph.subject_objects(RDF.type):
            stated[s].add(c)
    implied: dict[Node, set[Node]] = {}

    def types(node: Node) -> set[Node]:
        if node not in implied:
            implied[node] = set(stated[node]).union(*(supers.get(c, frozenset()) for c in stated[node]))
        return implied[node]

    axioms_of: dict[Node, tuple[list[Node], list[Node]]] = {}
    faults: set[str] = set()
    for s, p, o in data:
        if p not in axioms_of:
            axioms_of[p] = ([d for d in closed.objects(p, RDFS.domain) if _checked(d)],
                            [r for r in closed.objects(p, RDFS.range) if _checked(r)])
        domains, ranges = axioms_of[p]
        for node, wanted in ((s, domains), (o, [] if isinstance(o, Literal) else ranges)):
            for c in wanted:
                if c not in types(node):
                    why = ", ".join(sorted(_name(t) for t in stated[node])) or "nothing"
                    faults.add(f"inferred type: {node} becomes {_name(c)} (stated: {why})")
    for node in {n for s, _, o in data for n in (s, o) if not isinstance(n, Literal)}:
        for a, b in pairs:
            if a in types(node) and b in types(node) and str(a) < str(b):
                faults.add(f"disjoint classes: {node} is both {_name(a)} and {_name(b)}")
    return sorted(faults) + literal_faults(data)


def assert_survives(data: Graph, label: str) -> None:
    faults = reasoning_faults(data, label)
    assert schema_faults(data) == [], f"{label}: the fast checker disagrees with owlrl"
    shown = "\n  ".join(faults[:20])
    assert faults == [], f"{label}: {len(faults)} fault(s) under OWL RL reasoning:\n  {shown}"


def _merged(trig: Path) -> Graph:
    ds = Dataset()
    ds.parse(trig, format="trig")
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


# ---------------------------------------------------------------- the checker catches what it must
GK, ID = V.GK, V.ID


def _tiny(*triples: tuple[Node, Node, Node]) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


def test_checker_catches_two_disjoint_classes() -> None:
    """A node stated both gk:Task and gk:Achievement, or a status assertion carrying a metric's gk:kind (the
    fault of issue 12: its domain makes the assertion a gk:Metric, disjoint from gk:StatusAssertion)."""
    both = _tiny((ID.s, RDF.type, V.Task), (ID.s, RDF.type, V.Achievement))
    assert any("disjoint classes" in f and "gk:Achievement" in f and "gk:Task" in f for f in reasoning_faults(both))
    assert any("disjoint classes" in f for f in schema_faults(both))
    status = _tiny((ID.a, RDF.type, V.StatusAssertion), (ID.a, V.kind, V.Target))
    faults = reasoning_faults(status)
    assert any("disjoint classes" in f and "gk:Metric" in f and "gk:StatusAssertion" in f for f in faults), faults
    assert any("inferred type" in f and "becomes gk:Metric" in f for f in faults), faults
    fast = schema_faults(status)
    assert {f for f in faults if f.startswith("inferred type")} == set(fast)  # the first fault, the root of the rest


def test_checker_catches_a_type_added_by_domain_or_range() -> None:
    """An untyped subject of gk:value (domain gk:Metric), an untyped object of gk:qudtUnit (range qudt:Unit), and a
    paragraph typed gk:Paragraph that carries gk:leadUnit's range but names something that is no institution."""
    untyped = _tiny((ID.m, V.value, Literal("3", datatype=XSD.decimal)))
    assert any("inferred type" in f and "becomes gk:Metric" in f for f in reasoning_faults(untyped))
    unit = _tiny((ID.m, RDF.type, V.Metric), (ID.m, V.qudtUnit, V.UNIT.M2))
    assert any("inferred type" in f and "unit/M2" in f for f in reasoning_faults(unit))
    led = _tiny((ID.p, RDF.type, V.Paragraph), (ID.p, V.leadUnit, ID.x), (ID.x, RDF.type, V.Area))
    assert any("becomes gk:Institution" in f for f in reasoning_faults(led))
    for g in (untyped, unit, led):
        slow = [f for f in reasoning_faults(g) if f.startswith("inferred type")]
        assert slow and set(slow) <= set(schema_faults(g))


def test_checker_catches_a_literal_outside_its_range() -> None:
    bad = _tiny((ID.g, RDF.type, V.Goal), (ID.g, V.order, Literal("1.5", datatype=XSD.decimal)))
    assert any("outside its range xsd:integer" in f for f in reasoning_faults(bad))


def test_checker_passes_a_well_typed_graph() -> None:
    """Stated types and their superclasses are fine, and so is a union class above a stated type."""
    ok = _tiny((ID.p, RDF.type, V.Paragraph), (ID.s, RDF.type, V.Task), (ID.s, DCTERMS.isPartOf, ID.p),
               (ID.p, V.serves, ID.g), (ID.g, RDF.type, V.Goal), (ID.s, V.serves, ID.g),
               (ID.p, V.text, Literal("段落", lang="zh")), (ID.p, V.part, V.PlanPart),
               (ID.a, RDF.type, V.StatusAssertion), (ID.a, V.assertionKind, V.Target), (ID.a, V.statedIn, ID.s))
    assert reasoning_faults(ok) == [] == schema_faults(ok)


# ---------------------------------------------------------------- what govkg builds
def test_bundled_graph_survives_reasoning(built_bundled: Built) -> None:
    assert_survives(built_bundled.graph, "bundled")


@pytest.mark.parametrize("name", DEV_REPORTS)
def test_dev_report_survives_reasoning(name: str) -> None:
    path = DEV / name
    if not path.is_file():
        skip_or_fail(f"shared development report absent: {path}")
    assert_survives(build_path(path).graph, name)


def test_task_division_item_divided_into_tasks_survives_reasoning(reports_dir: Path, tmp_path: Path) -> None:
    """A numbered item of two sentences is a gk:Paragraph that carries the lead and supporting units (gk:leadUnit's
    domain is gk:Task or gk:Paragraph); its sentences are the tasks."""
    text = (reports_dir / "task-division.txt").read_text(encoding="utf-8")
    item = "2.加快新国展二期建设，全年举办展会不少于40场。"
    assert item in text
    path = tmp_path / "task-division-paragraph.txt"
    path.write_text(text.replace(item, "2.加快新国展二期建设，全年举办展会不少于40场；推动会展业发展。"), encoding="utf-8")
    g = build_path(path).graph
    paragraphs = set(g.subjects(RDF.type, V.Paragraph))
    assert len(paragraphs) == 1 and all(g.value(p, V.leadUnit) is not None for p in paragraphs)
    assert_survives(g, "task-division paragraph")


def test_dataset_survives_reasoning(data_dir: Path, tmp_path: Path) -> None:
    """Three reports of one region and their promise checks (gk:promise, gk:outcome into the reports' graphs)."""
    result = build_batch([data_dir / "series"], tmp_path, jobs=2)
    assert not result.failed, [o.error for o in result.failed]
    merged = _merged(tmp_path / DATASET)
    assert next(merged.subjects(RDF.type, V.PromiseCheck), None) is not None
    assert_survives(merged, "dataset")


# ---------------------------------------------------------------- every other report the tests read, without owlrl
OTHER_REPORTS = sorted((DATA / "reports").glob("*.txt")) + sorted(DATA.glob("holdout*/reports/*.txt"))


@pytest.mark.parametrize("path", OTHER_REPORTS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_test_report_passes_the_fast_checker(path: Path) -> None:
    """The test reports and held-out reports, by the reasoner-free checker (a build and a check: about a second)."""
    faults = schema_faults(build_path(path, validate=False).graph)
    assert faults == [], "\n".join(faults[:20])
