"""Deterministic RDF serialisation: triples sorted, then written by pyoxigraph (fast, stable layout)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from govkg import vocab as V

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
}


def _term(t):
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


def _key(t) -> tuple[int, str, str]:
    if isinstance(t, URIRef):
        return (0, str(t), "")
    if isinstance(t, Literal):
        return (1, str(t), f"{t.language or ''}|{t.datatype or ''}")
    return (2, str(t), "")


def sorted_triples(g: Graph) -> list[ox.Triple]:
    triples = sorted(g, key=lambda tr: (_key(tr[0]), _key(tr[1]), _key(tr[2])))
    return [ox.Triple(_term(s), _term(p), _term(o)) for s, p, o in triples]


def serialize(g: Graph, fmt: str = "turtle") -> bytes:
    """Same graph, same bytes: sorted triples, fixed prefixes."""
    prefixes = {k: str(v) for k, v in V.PREFIXES.items()}
    out = ox.serialize(sorted_triples(g), format=FORMATS[fmt], prefixes=prefixes if fmt == "turtle" else None)
    assert out is not None
    return out
