"""Network analysis: the entity-goal network read off a built graph, centrality, bridges and communities."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from govkg import analysis as A
from govkg import vocab as V


def _tiny() -> Graph:
    """Two goals; statement s1 (goal a) names P and Q, s2 (goal a) names P, s3 (goal b) names P and R."""
    g = Graph()
    n = V.ID

    def node(name: str, cls: URIRef) -> URIRef:
        iri = n[name]
        g.add((iri, RDF.type, cls))
        g.add((iri, RDFS.label, Literal(name, lang="zh")))
        return iri

    a, b = node("goal-a", V.Goal), node("goal-b", V.Goal)
    p, q, r = node("P", V.Project), node("Q", V.Area), node("R", V.Institution)
    for st, goal, named in (("s1", a, (p, q)), ("s2", a, (p,)), ("s3", b, (p, r))):
        s = n[st]
        g.add((s, RDF.type, V.Task))
        g.add((s, V.serves, goal))
        for e in named:
            g.add((s, V.mentions, e))
    return g


def test_network_weights_count_statements() -> None:
    net = A.network(_tiny())
    p, a = V.ID["P"], V.ID["goal-a"]
    assert net.edges[p, a]["weight"] == 2  # s1 and s2
    assert net.edges[p, V.ID["Q"]]["weight"] == 1  # named together once
    assert not net.has_edge(V.ID["Q"], V.ID["R"])
    assert A.kind_counts(net) == {"Goal": 2, "Project": 1, "Area": 1, "Institution": 1}


def test_central_and_bridges() -> None:
    net = A.network(_tiny())
    top = A.central(net, 2)
    assert [r.name for r in top] == ["P", "goal-a"]  # P: 2 + 1 + 1 + 1 = 5; goal-a: 2 + 1 = 3
    assert top[0].score == 5
    bridge = A.bridges(net, 1)
    assert bridge[0].name == "P" and bridge[0].score == 2  # the only entity serving both goals


def test_on_the_bundled_report(bundled_ttl: Path) -> None:
    net = A.network(A.load([bundled_ttl]))
    assert net.number_of_nodes() > 100
    areas = A.bridges(net, 5, kinds={"Area"})
    assert areas and all(r.kind == "Area" for r in areas)
    assert [r.score for r in areas] == sorted((r.score for r in areas), reverse=True)
    groups = A.communities(net)
    assert len(groups) >= 3
    labels = [x for grp in groups for x in grp]
    assert len(labels) == len(set(labels))  # a partition: no node in two communities


@pytest.mark.parametrize("kinds", [{"Goal"}, {"Project", "Facility"}])
def test_central_respects_kinds(bundled_ttl: Path, kinds: set[str]) -> None:
    net = A.network(A.load([bundled_ttl]))
    assert {r.kind for r in A.central(net, 5, kinds=kinds)} <= kinds
