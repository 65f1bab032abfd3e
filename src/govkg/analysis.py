"""Network analysis of built graphs with networkx: which entities and goals are central, which bridge goals, and
which communities the report's things form.

The network is the one an analyst reads off the report: a node per named entity and per goal (heading), an edge
from an entity to every goal it serves (`gk:serves`, directly or through a statement under it), weighted by the
number of statements that link them, and an edge between two entities named in the same statement.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from govkg import vocab as V

ENTITY_CLASSES = {str(c): name for name, c in V.ENTITY_CLASSES.items()}


@dataclass(frozen=True)
class Ranked:
    name: str
    kind: str  # an entity class (Project, Area …) or Goal
    score: float
    detail: str = ""


def load(paths: list[Path] | list[str]) -> Graph:
    """Built graphs (.ttl, .trig, .nt, .jsonld) merged into one rdflib graph."""
    from govkg.export.graphindex import load_graph

    return load_graph([Path(p) for p in paths])


def network(g: Graph) -> nx.Graph:
    """Entities and goals as an undirected weighted graph (see the module docstring). Node attributes: `label`,
    `kind` (entity class or Goal) and, for goals, `level` (chapter, section …)."""
    net = nx.Graph()
    kind: dict[URIRef, str] = {}
    for s, o in g.subject_objects(RDF.type):
        if isinstance(s, URIRef) and str(o) in ENTITY_CLASSES:
            # Facility is a kind of Project: keep the most specific class a node has
            if kind.get(s) != "Facility":
                kind[s] = ENTITY_CLASSES[str(o)]
        elif isinstance(s, URIRef) and o == V.Goal:
            kind[s] = "Goal"

    def add(node: URIRef) -> None:
        if node not in net:
            level = g.value(node, V.level)
            net.add_node(node, label=str(g.value(node, RDFS.label) or node), kind=kind[node],
                         level=str(level).rsplit("#", 1)[-1].removesuffix("Level").lower() if level else "")

    # a divided paragraph (gk:Paragraph) names the units of a task-division item: its links count as before
    statements = {s for cls in (V.Task, V.Achievement, V.Paragraph) for s in g.subjects(RDF.type, cls)
                  if isinstance(s, URIRef)}
    for st in sorted(statements):
        named = sorted({e for e in g.objects(st, V.mentions) if isinstance(e, URIRef) and kind.get(e, "Goal") != "Goal"})
        goals = sorted({go for go in g.objects(st, V.serves) if isinstance(go, URIRef) and kind.get(go) == "Goal"})
        for e in named:
            add(e)
            for go in goals:
                add(go)
                w = net.edges[e, go]["weight"] + 1 if net.has_edge(e, go) else 1
                net.add_edge(e, go, weight=w)
        for i, a in enumerate(named):
            for b in named[i + 1 :]:
                w = net.edges[a, b]["weight"] + 1 if net.has_edge(a, b) else 1
                net.add_edge(a, b, weight=w)
    return net


def central(net: nx.Graph, top: int = 10, kinds: set[str] | None = None) -> list[Ranked]:
    """The most central nodes by weighted degree (how many statement links meet at them; ties by name),
    optionally of some kinds. `detail` names their strongest neighbours."""
    if not net:
        return []
    strength = dict(net.degree(weight="weight"))
    nodes = [n for n in net if kinds is None or net.nodes[n]["kind"] in kinds]
    nodes.sort(key=lambda n: (-strength[n], net.nodes[n]["label"]))

    def neighbours(n: URIRef) -> str:
        near = sorted(net[n], key=lambda m: (-net.edges[n, m]["weight"], net.nodes[m]["label"]))[:3]
        return "、".join(net.nodes[m]["label"] for m in near)

    return [Ranked(net.nodes[n]["label"], net.nodes[n]["kind"], float(strength[n]), neighbours(n))
            for n in nodes[:top]]


def bridges(net: nx.Graph, top: int = 10, kinds: set[str] | None = None) -> list[Ranked]:
    """Entities that link the most distinct chapters (top-level goals under a part), then by betweenness:
    the areas and institutions whose work spans the report."""
    if not net:
        return []
    between = nx.betweenness_centrality(net, weight=None, seed=0)
    out = []
    for n, data in net.nodes(data=True):
        if data["kind"] == "Goal" or (kinds is not None and data["kind"] not in kinds):
            continue
        goals = [m for m in net[n] if net.nodes[m]["kind"] == "Goal"]
        out.append((len(goals), between[n], data["label"], data["kind"],
                    "、".join(sorted(net.nodes[m]["label"] for m in goals)[:3])))
    out.sort(key=lambda r: (-r[0], -r[1], r[2]))
    return [Ranked(label, kind, float(n_goals), goals) for n_goals, _b, label, kind, goals in out[:top]]


def communities(net: nx.Graph, min_size: int = 3) -> list[list[str]]:
    """Groups of entities and goals more linked among themselves than to the rest (greedy modularity), largest
    first; each group's labels sorted."""
    if net.number_of_edges() == 0:
        return []
    groups = nx.algorithms.community.greedy_modularity_communities(net, weight="weight")
    out = [sorted(net.nodes[n]["label"] for n in grp) for grp in groups if len(grp) >= min_size]
    return sorted(out, key=lambda grp: (-len(grp), grp))


def kind_counts(net: nx.Graph) -> Counter[str]:
    return Counter(data["kind"] for _n, data in net.nodes(data=True))
