"""Which nodes and edges a view shows: the whole report, one goal and all that serves it, one entity's
neighbourhood, or one class."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from govkg import iris
from govkg import vocab as V
from govkg.errors import InputError, UsageError
from govkg.export.graphindex import GOAL_KINDS, NODE_KINDS, STATEMENT_KINDS, GraphIndex, index_graph
from govkg.triples import Triples

#: Edge kinds, named after the RDF property each one draws (partOf is dcterms:isPartOf, sentence -> paragraph).
EDGE_KINDS = ["subGoalOf", "serves", "partOf", "mentions", "leadUnit", "supportUnit", "locatedIn", "associatedWith"]


@dataclass
class View:
    """The nodes (in rank order) and edges of one view over a GraphIndex."""

    index: GraphIndex
    nodes: list[URIRef]
    edges: list[tuple[URIRef, URIRef, str, int]]  # source, target, kind, weight
    scope: str  # report, goal, entity or type
    title: str  # the reports' labels
    description: str  # what this view shows, in Chinese
    focus: URIRef | None = None  # the goal or entity a --goal or --entity view is about


@cache
def term_labels(local: str) -> tuple[str, str]:
    """(Chinese, English) rdfs:label of an ontology term by local name (Project, Completed, ChapterLevel)."""
    from govkg.ontology_files import ontology_graph

    labels = {getattr(o, "language", None): str(o) for o in ontology_graph().objects(V.GK[local], RDFS.label)}
    return labels.get("zh", local), labels.get("en", local)


def class_labels() -> dict[str, tuple[str, str]]:
    """Node kind -> (Chinese label, English label), from the ontology."""
    return {k: term_labels(k) for k in NODE_KINDS}


@cache
def subclasses(kind: str) -> frozenset[str]:
    """The node kinds that are `kind` or a subclass of it in the ontology (Project -> Project, Facility)."""
    from govkg.ontology_files import ontology_graph

    onto = ontology_graph()
    return frozenset(k for k in NODE_KINDS if getattr(V, kind) in set(onto.transitive_objects(getattr(V, k),
                                                                                            RDFS.subClassOf)))


def goal_id(iri: URIRef) -> str:
    """The id a goal has in its report (review-1, plan-2-1), as `govkg.iris` parses it."""
    return iris.goal_id(str(iri))


def _pick(what: str, given: str, stages: list[list[URIRef]], name: dict[URIRef, str]) -> URIRef:
    for found in stages:
        distinct = sorted(set(found), key=str)
        if len(distinct) == 1:
            return distinct[0]
        if len(distinct) > 1:
            shown = "; ".join(name[n] for n in distinct[:8]) + ("; …" if len(distinct) > 8 else "")
            raise UsageError(f"{len(distinct)} {what}s match {given!r}, say which: {shown}")
    raise UsageError(f"no {what} matches {given!r} in the graph")


def find_goal(ix: GraphIndex, given: str) -> URIRef:
    """A goal by IRI, by id (plan-2-1), by exact title, or by a part of its title that only one goal has."""
    goals = ix.nodes(GOAL_KINDS)
    name = {g: f"{goal_id(g)} {ix.text[g]}" for g in goals}
    return _pick("goal", given, [
        [g for g in goals if str(g) == given],
        [g for g in goals if goal_id(g) == given],
        [g for g in goals if ix.text[g] == given],
        [g for g in goals if given in ix.text[g]],
    ], name)


def find_entity(ix: GraphIndex, given: str) -> URIRef:
    """An entity by IRI, canonical name or alias, or by a part of a name that only one entity has."""
    entities = ix.nodes(set(NODE_KINDS) - GOAL_KINDS - STATEMENT_KINDS)
    name = {e: ix.text[e] for e in entities}
    return _pick("entity", given, [
        [e for e in entities if str(e) == given or ix.text[e] == given],
        [e for e in entities if given in ix.aliases.get(e, [])],
        [e for e in entities if given in ix.text[e] or any(given in a for a in ix.aliases.get(e, []))],
    ], name)


def find_kind(given: str) -> str:
    """A node class by local name (Project, project) or Chinese label (项目)."""
    for k, (zh, en) in class_labels().items():
        if given.lower() in (k.lower(), en.lower()) or given == zh:
            return k
    raise UsageError(f"unknown class {given!r}; one of: {', '.join(NODE_KINDS)}")


def select_goal(ix: GraphIndex, goal: URIRef) -> list[URIRef]:
    """The goal, its sub-goals at every depth, the statements that serve them and the entities those name."""
    goals = ix.descendants(goal)
    statements = [s for g in goals for s in ix.served_by.get(g, [])]
    entities = [e for n in goals + statements for e in ix.mentions.get(n, [])]
    entities += [e for s in statements for _, e in ix.units.get(s, [])]
    wanted = set(goals)
    entities += [e for e, served in ix.entity_goals.items() if wanted.intersection(served)]
    return ix.sort(goals + statements + entities)


def select_entity(ix: GraphIndex, entity: URIRef) -> list[URIRef]:
    """The entity, what mentions it, the goals those serve, the entities named beside it, its places and parts."""
    around = ix.mentioned_by.get(entity, []) + ix.unit_of.get(entity, [])
    statements = [n for n in around if ix.kind[n] in STATEMENT_KINDS]
    goals = [n for n in around if ix.kind[n] in GOAL_KINDS] + [ix.serves[s] for s in statements if s in ix.serves]
    goals += ix.entity_goals.get(entity, [])
    others = [e for s in statements for e in ix.mentions.get(s, [])]
    others += [e for s in statements for _, e in ix.units.get(s, [])]
    others += ix.located_in.get(entity, []) + ix.associated_with.get(entity, [])
    others += [e for e, areas in ix.located_in.items() if entity in areas]
    others += [e for e, inner in ix.associated_with.items() if entity in inner]
    return ix.sort([entity, *statements, *goals, *others])


def select_kind(ix: GraphIndex, kind: str) -> list[URIRef]:
    """Every node of the class (and its subclasses), with the goals they serve and those goals' ancestors."""
    members = ix.nodes(subclasses(kind))
    goals = [g for n in members for g in ix.entity_goals.get(n, [])]
    goals += [ix.serves[n] for n in members if n in ix.serves]
    goals += [a for g in list(goals) + [n for n in members if ix.kind[n] in GOAL_KINDS] for a in ix.ancestors(g)]
    return ix.sort(members + goals)


def edges_among(ix: GraphIndex, nodes: Iterable[URIRef]) -> list[tuple[URIRef, URIRef, str, int]]:
    """The edges between the chosen nodes. An entity gets a direct edge to a goal it serves only when no chosen
    statement or heading already links the two (as in a class view, which has no statements)."""
    chosen = set(nodes)
    out: list[tuple[URIRef, URIRef, str, int]] = []
    for n in ix.sort(chosen):
        k = ix.kind[n]
        if k in GOAL_KINDS and ix.parent.get(n) in chosen:
            out.append((n, ix.parent[n], "subGoalOf", 1))
        if k in STATEMENT_KINDS:
            if ix.paragraph.get(n) in chosen:
                out.append((n, ix.paragraph[n], "partOf", 1))
            elif ix.serves.get(n) in chosen:
                out.append((n, ix.serves[n], "serves", 1))
        out += [(n, e, "mentions", 1) for e in ix.mentions.get(n, []) if e in chosen]
        out += [(n, e, f"{role}Unit", 1) for role, e in ix.units.get(n, []) if e in chosen]
        if k in GOAL_KINDS or k in STATEMENT_KINDS:
            continue
        out += [(n, a, "locatedIn", 1) for a in ix.located_in.get(n, []) if a in chosen]
        out += [(n, e, "associatedWith", 1) for e in ix.associated_with.get(n, []) if e in chosen]
        through: dict[URIRef, int] = {}
        linked: set[URIRef] = set()
        for s in ix.mentioned_by.get(n, []):
            goal = ix.serves.get(s, s)
            through[goal] = through.get(goal, 0) + 1
            if s in chosen:
                linked.add(goal)
        out += [(n, g, "serves", through.get(g, 1)) for g in ix.entity_goals.get(n, [])
                if g in chosen and g not in linked]
    return out


def make_view(
    source: Graph | Triples | GraphIndex, goal: str | None = None, entity: str | None = None, kind: str | None = None
) -> View:
    """The whole report, or the view one of --goal, --entity or --type asks for. A graph with no goal, statement
    or entity is an InputError; a selection that matches nothing, or several, a UsageError."""
    ix = source if isinstance(source, GraphIndex) else index_graph(source)
    if not ix.kind:
        raise InputError("the graph holds no goal, statement or entity of a report (is it a graph govkg built?)")
    if sum(x is not None for x in (goal, entity, kind)) > 1:
        raise UsageError("give at most one of --goal, --entity and --type")
    title = "、".join(sorted(ix.reports.values())) or "govkg"
    focus = None
    if goal is not None:
        g = focus = find_goal(ix, goal)
        nodes, scope, what = select_goal(ix, g), "goal", f"目标 {goal_id(g)}：{ix.text[g]}，及服务它的一切"
    elif entity is not None:
        e = focus = find_entity(ix, entity)
        nodes, scope, what = select_entity(ix, e), "entity", f"实体：{ix.text[e]} 及其邻域"
    elif kind is not None:
        k = find_kind(kind)
        zh, en = class_labels()[k]
        nodes, scope, what = select_kind(ix, k), "type", f"类别：{zh}（{en}）及其服务的目标"
    else:
        nodes, scope, what = ix.nodes(), "report", "整份报告"
    return View(ix, nodes, edges_among(ix, nodes), scope, title, what, focus)
