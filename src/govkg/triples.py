"""Triples: what `graph.triples` builds for one report, held as a plain set, with an rdflib.Graph made on request.

Filling an rdflib.Graph costs about ten times as much as making the triples: its store keeps three indexes and a
context per triple. The build pipeline never needs them. It checks the graph (`govkg.shapes.DataIndex` reads the
triples once), draws the page (`export.graphindex` asks the few lookups below) and writes files (sorted pyoxigraph
triples, made once here and shared by every format and the dataset's sidecar). Code that wants rdflib, a notebook,
a test, `govkg.graph.build`, calls `graph()`; the Graph it gets holds exactly these triples.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from govkg import vocab as V

Triple = tuple[Node, Node, Node]
_NONE: tuple[Node, ...] = ()


class Triples:
    """A set of triples in the order they were first added (rdflib terms), with rdflib.Graph's `add`, `len`, `in`
    and iteration, and the read-only lookups `subjects`, `objects`, `subject_objects` and `value` for one predicate
    (the predicate index is made on first use and dropped by the next `add`)."""

    __slots__ = ("_triples", "_by_p", "_graph", "_ranked", "_sorted")

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self._triples: dict[Triple, None] = dict.fromkeys(triples)
        self._by_p: dict[Node, dict[Node, list[Node]]] | None = None
        self._graph: Graph | None = None
        self._ranked: Ranked | None = None
        self._sorted: list[ox.Triple] | None = None

    def add(self, triple: Triple) -> None:
        n = len(self._triples)
        self._triples.setdefault(triple, None)  # hashed once (an rdflib Literal's hash is Python code)
        if len(self._triples) != n:
            self._by_p = self._graph = self._ranked = self._sorted = None

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def __contains__(self, triple: object) -> bool:
        return triple in self._triples

    # ------------------------------------------------------------------ lookups for one predicate
    def _index(self) -> dict[Node, dict[Node, list[Node]]]:
        if self._by_p is None:
            by_p: dict[Node, dict[Node, list[Node]]] = {}
            for s, p, o in self._triples:
                by_p.setdefault(p, {}).setdefault(s, []).append(o)
            self._by_p = by_p
        return self._by_p

    def by_predicate(self) -> dict[Node, dict[Node, list[Node]]]:
        """predicate -> subject -> objects, in the order the triples were added (shared: do not change it)."""
        return self._index()

    def subject_objects(self, p: Node) -> list[tuple[Node, Node]]:
        return [(s, o) for s, objs in self._index().get(p, {}).items() for o in objs]

    def subjects(self, p: Node, o: Node) -> list[Node]:
        return [s for s, objs in self._index().get(p, {}).items() if o in objs]

    def objects(self, s: Node, p: Node) -> tuple[Node, ...] | list[Node]:
        return self._index().get(p, {}).get(s, _NONE)

    def value(self, s: Node, p: Node) -> Node | None:
        objs = self.objects(s, p)
        return objs[0] if objs else None

    # ------------------------------------------------------------------ on request
    def graph(self) -> Graph:
        """The same triples in an rdflib.Graph with govkg's prefixes bound (made once, then shared: copy it
        before changing it)."""
        if self._graph is None:
            g = Graph()
            for prefix, ns in V.PREFIXES.items():
                g.bind(prefix, ns, override=True)
            for t in self._triples:
                g.add(t)
            self._graph = g
        return self._graph

    def ranked(self) -> Ranked:
        """The distinct terms and the triples as indexes into them, in writing order (`ranked`); made once."""
        if self._ranked is None:
            self._ranked = ranked(self._triples)
        return self._ranked

    def sorted_ox(self) -> list[ox.Triple]:
        """The triples as pyoxigraph triples in the order every writer uses (`export.rdf`); made once."""
        if self._sorted is None:
            self._sorted = ox_triples(self.ranked())
        return self._sorted


# ---------------------------------------------------------------------- rdflib terms -> sorted pyoxigraph triples
def term_key(t: Node) -> tuple[int, str, str]:
    """The sort key of a term: IRIs, then literals (by lexical form, then language or datatype), then blank nodes."""
    if isinstance(t, URIRef):
        return (0, str(t), "")
    if isinstance(t, Literal):
        return (1, str(t), f"{t.language or ''}|{t.datatype or ''}")
    return (2, str(t), "")


def ox_term(t: Node) -> Any:
    """An rdflib term as the pyoxigraph term of the same value."""
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype is not None:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    raise TypeError(f"not an RDF term: {t!r}")


#: Triples in writing order as indexes into a list of distinct terms (see `ranked`).
Ranked = tuple[list[Node], list[tuple[int, int, int]]]


def ranked(triples: Iterable[Triple]) -> Ranked:
    """The distinct terms in their sort order (`term_key`), and the triples as the indexes of their terms in that
    list, sorted: the order every writer uses. Each distinct term is keyed once (a report repeats its predicates,
    classes and subjects thousands of times), and triples are compared as one integer each."""
    rows = list(triples)
    ordered = sorted({t: None for row in rows for t in row}, key=term_key)
    n = len(ordered)
    rank = {t: i for i, t in enumerate(ordered)}
    nn = n * n
    return ordered, [(k // nn, k // n % n, k % n) for k in sorted((rank[s] * n + rank[p]) * n + rank[o] for s, p, o in rows)]


def ox_triples(r: Ranked) -> list[ox.Triple]:
    """Ranked triples as pyoxigraph triples, each distinct term converted once."""
    terms, rows = r
    converted = [ox_term(t) for t in terms]
    return [ox.Triple(converted[s], converted[p], converted[o]) for s, p, o in rows]


def sorted_ox(triples: Iterable[Triple]) -> list[ox.Triple]:
    """Triples of rdflib terms as pyoxigraph triples, in writing order."""
    return ox_triples(ranked(triples))


__all__ = ["Ranked", "Triple", "Triples", "ox_term", "ox_triples", "ranked", "sorted_ox", "term_key"]
