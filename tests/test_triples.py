"""govkg.triples: the built triples are the rdflib graph's triples, their lookups answer as rdflib does, and every
writer gives the same bytes from either."""

from __future__ import annotations

import random
import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from govkg import vocab as V
from govkg.export.rdf import serialize, serialize_reports
from govkg.extract import _clause_bounds
from govkg.extract.entities import CLAUSE_BREAK
from govkg.pipeline import Built
from govkg.triples import Triples, sorted_ox

PREDICATES = [RDF.type, RDFS.label, V.serves, V.mentions, V.startOffset, V.subGoalOf, V.part, V.member, V.text]


def test_the_graph_holds_exactly_the_triples(built_bundled: Built) -> None:
    t = built_bundled.triples
    g = t.graph()
    assert isinstance(g, Graph)
    assert len(g) == len(t) > 1000
    assert set(g) == set(t)
    assert dict(g.namespaces())["gk"] == URIRef(str(V.GK))


def test_the_lookups_answer_as_rdflib_does(built_bundled: Built) -> None:
    t = built_bundled.triples
    g = t.graph()
    for p in PREDICATES:
        assert sorted(t.subject_objects(p)) == sorted(g.subject_objects(p)), p
        for s in sorted({s for s, _ in g.subject_objects(p)})[:20]:
            assert sorted(t.objects(s, p)) == sorted(g.objects(s, p))
    for cls in (V.Task, V.Goal, V.Metric, V.Project, V.Report):
        assert sorted(t.subjects(RDF.type, cls)) == sorted(g.subjects(RDF.type, cls)), cls
    report = next(iter(g.subjects(RDF.type, V.Report)))
    assert t.value(report, RDFS.label) == g.value(report, RDFS.label)
    assert t.value(report, V.member) is None
    assert t.objects(URIRef("https://example.org/nothing"), RDFS.label) == ()


@pytest.mark.parametrize("fmt", ["turtle", "nt", "trig", "jsonld"])
def test_every_format_is_the_same_bytes_from_the_triples_or_the_graph(built_bundled: Built, fmt: str) -> None:
    t = built_bundled.triples
    assert serialize(t, fmt) == serialize(t.graph(), fmt)


def test_a_dataset_is_the_same_bytes_from_triples_or_graphs(built_bundled: Built) -> None:
    t = built_bundled.triples
    assert serialize_reports([t], "trig") == serialize_reports([t.graph()], "trig")


def test_adding_keeps_each_triple_once_and_refreshes_what_was_made() -> None:
    a, b = URIRef("https://example.org/a"), URIRef("https://example.org/b")
    t = Triples()
    t.add((a, RDFS.label, Literal("甲", lang="zh")))
    t.add((a, RDFS.label, Literal("甲", lang="zh")))
    assert len(t) == 1
    assert t.objects(a, RDFS.label) == [Literal("甲", lang="zh")]
    assert len(t.sorted_ox()) == 1 and len(t.graph()) == 1
    t.add((b, RDFS.label, Literal("乙", lang="zh")))
    t.add((a, V.order, Literal(2, datatype=XSD.integer)))
    assert (b, RDFS.label, Literal("乙", lang="zh")) in t
    assert t.subjects(RDFS.label, Literal("乙", lang="zh")) == [b]
    assert t.value(a, V.order) == Literal(2, datatype=XSD.integer)
    assert len(t.sorted_ox()) == 3 and len(t.graph()) == 3
    assert isomorphic(t.graph(), Triples(t).graph())


def test_sorted_terms_are_in_writing_order() -> None:
    """IRIs, then literals (by text, then language or datatype), then blank nodes; whatever order they came in."""
    a, b = URIRef("https://example.org/a"), URIRef("https://example.org/b")
    rows = [(b, RDFS.label, Literal("x")), (a, RDFS.label, Literal("y", lang="zh")), (a, RDFS.label, Literal("x")),
            (a, RDFS.label, a), (a, RDFS.comment, Literal("x"))]
    for _ in range(5):
        random.shuffle(rows)
        got = [(str(t.subject.value), str(t.predicate.value), str(t.object.value)) for t in sorted_ox(rows)]
        assert got == [(str(a), str(RDFS.comment), "x"), (str(a), str(RDFS.label), str(a)),
                       (str(a), str(RDFS.label), "x"), (str(a), str(RDFS.label), "y"), (str(b), str(RDFS.label), "x")]


# ---------------------------------------------------------------- the clause around a number: searched on its line only
def _clause_bounds_whole_text(text: str, pos: int) -> tuple[int, int]:
    """The definition before the clause search was bounded by the line: every break from the start of the text."""
    lo = max((m.end() for m in CLAUSE_BREAK.finditer(text, 0, pos)), default=0)
    lo = max(lo, text.rfind("\n", 0, pos) + 1)
    m = CLAUSE_BREAK.search(text, pos)
    hi = m.start() if m else len(text)
    nl = text.find("\n", pos)
    return lo, min(hi, nl) if nl != -1 else hi


def test_the_clause_search_on_the_line_finds_what_the_whole_text_search_found() -> None:
    rng = random.Random(7)
    alphabet = "通州区新建学校，。；：（）\n12个%" + "a"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        for pos in range(len(text) + 1):
            assert _clause_bounds(text, pos) == _clause_bounds_whole_text(text, pos), (text, pos)


def test_the_clause_of_a_number_on_a_later_line() -> None:
    text = "一、回顾\n全区新建学校5所，增加学位8730个。\n"
    pos = text.index("8730")
    lo, hi = _clause_bounds(text, pos)
    assert text[lo:hi] == "增加学位8730个"
    assert re.fullmatch(r"全区新建学校5所", text[slice(*_clause_bounds(text, text.index("5所")))])


# ---------------------------------------------------------------- entity links: by substring lookup, as by every pair
def test_entity_links_by_substring_lookup_equal_the_pairwise_definition() -> None:
    """`resolve._links` looks each name's substrings up instead of testing every pair of entities; the links are
    the pairwise rule's: an entity whose name holds another's name or alias (two characters or more, shorter)."""
    from govkg.models import Entity
    from govkg.resolve import _links

    rng = random.Random(3)
    chars = "通州区运河商务区张家湾设计小镇学校"
    for _ in range(200):
        names = {"".join(rng.choice(chars) for _ in range(rng.randint(1, 7))) for _ in range(rng.randint(1, 12))}
        entities = {n: Entity(name=n, type=rng.choice(["Area", "Project", "Institution"]),
                              aliases=[a for a in ("".join(rng.choice(chars) for _ in range(rng.randint(1, 4))),)
                                       if rng.random() < 0.3])
                    for n in names}
        _links(entities, {})
        for k, e in entities.items():
            want_area, want_other = set(), set()
            for other, o in entities.items():
                if other != k and any(2 <= len(f) < len(k) and f in k for f in (other, *o.aliases)):
                    (want_area if o.type == "Area" else want_other).add(other)
            assert e.located_in == sorted(want_area), (k, entities)
            assert e.associated_with == sorted(want_other), (k, entities)
