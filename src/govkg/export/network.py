"""A view as a networkx graph, written as GraphML or GEXF for Gephi, Cytoscape and yEd.

Nodes carry `label` (name or statement text), `class` (Project, Goal, Task …), `class_zh`, `part` (review, plan
or both, comma-separated), `aliases` (joined by "|"), `level` (goals), `line` (in the report), `goals_served`
and `weight`. Edges carry `kind` (subGoalOf, serves, mentions …) and `weight`. Besides the page's edges, every
entity has a `serves` edge to each goal of the view it serves, weighted by the number of statements under that
goal that name it, so the entity-goal network can be analysed on its own.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import URIRef

from govkg import iris
from govkg.errors import UsageError
from govkg.export import write_atomic
from govkg.export.graphindex import GOAL_KINDS, STATEMENT_KINDS, load_graph
from govkg.export.view import View, make_view, term_labels

FORMATS = ("graphml", "gexf")


def node_id(view: View, node: URIRef) -> str:
    """Readable, stable ids: 110112/2023/summary/goal/plan-2, …/statement/review-1.4, entity/运河商务区 (the
    IRI's own path, so that 顺义区's and 望川区's 区财政局 stay apart: entity/顺义区/区财政局)."""
    ix, text = view.index, str(node)
    parsed = iris.parse(text)
    if ix.kind[node] in GOAL_KINDS | STATEMENT_KINDS:
        return f"{parsed.report_id}/{parsed.local}" if parsed.kind == "node" else text
    local = iris.path(text)
    return f"entity/{local}" if local is not None else f"entity/{ix.text[node]}"


def _link(g: nx.DiGraph, source: str, target: str, kind: str, weight: float) -> None:
    """One edge per ordered pair: a second kind between the same two nodes joins the first (mentions+leadUnit)."""
    if g.has_edge(source, target):
        edge = g.edges[source, target]
        edge["kind"] = f"{edge['kind']}+{kind}"
        edge["weight"] = max(edge["weight"], weight)
    else:
        g.add_edge(source, target, kind=kind, weight=weight)


def to_networkx(view: View) -> nx.DiGraph:
    """The view's nodes and edges with their attributes (see the module docstring), in the view's order."""
    ix = view.index
    g = nx.DiGraph(name=view.title, description=view.description)
    ids = {n: node_id(view, n) for n in view.nodes}
    chosen = set(view.nodes)
    for n in view.nodes:
        k = ix.kind[n]
        parts = [ix.part[n]] if n in ix.part else ix.entity_parts(n)
        served = len(ix.entity_goals.get(n, [])) if k not in GOAL_KINDS | STATEMENT_KINDS else 0
        attrs: dict[str, Any] = {
            "label": ix.text[n],
            "class": k,
            "class_zh": term_labels(k)[0],
            "part": ",".join(parts),
            "aliases": "|".join(ix.aliases.get(n, [])),
            "level": ix.level.get(n, ""),
            "line": ix.line.get(n, 0),
            "goals_served": served,
            "weight": float(max(1, served) if k not in GOAL_KINDS else len(ix.served_by.get(n, [])) or 1),
            "iri": str(n),
        }
        g.add_node(ids[n], **attrs)
    seen = set()
    for s, t, kind, weight in view.edges:
        _link(g, ids[s], ids[t], kind, float(weight))
        seen.add((s, t, kind))
    for n in view.nodes:
        if ix.kind[n] in GOAL_KINDS | STATEMENT_KINDS:
            continue
        counts: dict[URIRef, int] = {}
        for s in ix.mentioned_by.get(n, []):
            goal = ix.serves.get(s, s)
            counts[goal] = counts.get(goal, 0) + 1
        for goal in ix.entity_goals.get(n, []):
            if goal in chosen and (n, goal, "serves") not in seen:
                _link(g, ids[n], ids[goal], "serves", float(counts.get(goal, 1)))
    return g


def serialize(view: View, fmt: str) -> bytes:
    """GraphML or GEXF bytes (UTF-8); the same view always gives the same bytes."""
    g = to_networkx(view)
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(g, buf, encoding="utf-8", prettyprint=True)
    elif fmt == "gexf":
        nx.write_gexf(g, buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    else:
        raise ValueError(f"unknown network format {fmt!r}; one of {', '.join(FORMATS)}")
    data = buf.getvalue()
    if fmt == "gexf":  # networkx stamps the day of writing; a rebuild must give the same bytes
        data = re.sub(rb'\s*lastmodifieddate="[^"]*"', b"", data, count=1)
    return data


def write_network(paths: list[Path], out: Path, fmt: str, goal: str | None = None, entity: str | None = None,
                  kind: str | None = None) -> View:
    """`govkg export`: read built graphs, write the chosen view as GraphML or GEXF to `out`, return the view."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown --format {fmt!r}; use one of {', '.join(FORMATS)}")
    view = make_view(load_graph(paths), goal=goal, entity=entity, kind=kind)
    write_atomic(out, serialize(view, fmt))
    return view
