"""The SHACL-SPARQL constraints of ontology/shapes.ttl, translated into Python and found by their exact text.

Each translation answers the SELECT for one focus node ($this pre-bound, as pyshacl runs it) in a few dictionary
look-ups instead of a SPARQL parse and evaluation. A constraint whose text (whitespace aside) or prefixes differ from
every translation here is refused when the shapes are compiled: an edited query is never skipped, and never run
with an old meaning. To change one, edit the query here and in shapes.ttl together; the agreement tests run both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rdflib import Literal
from rdflib.namespace import SKOS
from rdflib.term import Node

from govkg.shapes.index import DataIndex
from govkg.vocab import GK


def normalize(query: str) -> str:
    return " ".join(query.split())


@dataclass(frozen=True)
class Translation:
    name: str
    query: str  # as in shapes.ttl
    prefixes: dict[str, str]  # the prefixes the query uses, as sh:declare must bind them
    run: Callable[[DataIndex, Node], Sequence[Node]]


_PREFIXES = {"gk": str(GK), "skos": str(SKOS)}
IN_REPORT, GOAL_TREE, IN_SCHEME, SUB_GOAL_OF = GK.inReport, GK.goalTree, SKOS.inScheme, GK.subGoalOf
MEMBER, MEMBER_COUNT = GK.member, GK.memberCount


def goals_outside_tree(ix: DataIndex, this: Node) -> list[Node]:
    trees = ix.objects(this, GOAL_TREE)
    return [v for v in ix.subjects(IN_REPORT, this) if any(s not in trees for s in ix.objects(v, IN_SCHEME))]


_LINKS = (SUB_GOAL_OF, GK.serves, GK.statedIn)


def links_leaving_report(ix: DataIndex, this: Node) -> list[Node]:
    return [v for v in ix.subjects(IN_REPORT, this)
            if any(this not in ix.objects(t, IN_REPORT) for p in _LINKS for t in ix.objects(v, p))]


def _count_exceeds(count: int, n: Node) -> bool:
    """`COUNT(DISTINCT ?m) > ?n` as rdflib evaluates it (pyshacl's engine): the count, an xsd:integer, ordered against
    ?n by rdflib's literal order (by value for numbers, by datatype IRI for others); a non-literal ?n is an error."""
    if not isinstance(n, Literal):
        return False
    try:
        return Literal(count).__gt__(n) is True
    except TypeError:
        return False


def groups_over_count(ix: DataIndex, this: Node) -> list[Node]:
    out = []
    for v in ix.subjects(IN_REPORT, this):
        members = len(ix.objects(v, MEMBER))  # distinct: the index holds each triple once
        if members and any(_count_exceeds(members, n) for n in ix.objects(v, MEMBER_COUNT)):
            out.append(v)
    return out


def _reaches(ix: DataIndex, start: Node, goal: Node) -> bool:
    """`start gk:subGoalOf* goal` (zero or more steps)."""
    seen = {start}
    todo = [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        for parent in ix.objects(node, SUB_GOAL_OF):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return False


def goals_on_cycle(ix: DataIndex, this: Node) -> list[Node]:
    return [v for v in ix.subjects(IN_REPORT, this) if any(_reaches(ix, p, v) for p in ix.objects(v, SUB_GOAL_OF))]


TRANSLATIONS = (
    Translation("goal outside the goal tree", """
              SELECT $this ?value WHERE {
                  ?value gk:inReport $this ;
                         skos:inScheme ?scheme .
                  FILTER NOT EXISTS { $this gk:goalTree ?scheme }
              }""", _PREFIXES, goals_outside_tree),
    Translation("link leaving the report", """
              SELECT DISTINCT $this ?value WHERE {
                  ?value gk:inReport $this ;
                         gk:subGoalOf|gk:serves|gk:statedIn ?target .
                  FILTER NOT EXISTS { ?target gk:inReport $this }
              }""", _PREFIXES, links_leaving_report),
    Translation("counted group over its count", """
              SELECT $this ?value WHERE {
                  ?value gk:inReport $this ;
                         gk:memberCount ?n ;
                         gk:member ?m .
              }
              GROUP BY $this ?value ?n
              HAVING (COUNT(DISTINCT ?m) > ?n)""", _PREFIXES, groups_over_count),
    Translation("goal on a subGoalOf cycle", """
              SELECT DISTINCT $this ?value WHERE {
                  ?value gk:inReport $this ;
                         gk:subGoalOf ?parent .
                  ?parent gk:subGoalOf* ?value .
              }""", _PREFIXES, goals_on_cycle),
)

BY_TEXT = {normalize(t.query): t for t in TRANSLATIONS}
