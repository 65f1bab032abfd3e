"""Deterministic RDF serialisation: triples sorted, then written in the format `govkg.formats` names.

Turtle and N-Triples hold one graph; TriG puts each report's triples in a named graph whose IRI is the report's
(gkid:report/<stem>); JSON-LD is compacted with ontology/context.jsonld, embedded so that it reads offline.
Turtle and TriG are written by `govkg.export.turtle` (prefixed names only where they need no escape), N-Triples
and N-Quads by pyoxigraph.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from govkg import formats as F
from govkg import vocab as V
from govkg.export import turtle as T
from govkg.triples import Triples, sorted_ox


def prefixes() -> dict[str, str]:
    """The prefixes every Turtle and TriG file declares."""
    return {k: str(v) for k, v in V.PREFIXES.items()}


def sorted_triples(g: Graph | Triples) -> list[ox.Triple]:
    """The graph's triples as pyoxigraph terms, in a fixed order (a built report's `Triples` keep theirs)."""
    return g.sorted_ox() if isinstance(g, Triples) else sorted_ox(g)


def serialize(g: Graph | Triples, fmt: str = "turtle") -> bytes:
    """Same graph, same bytes: sorted triples, fixed prefixes."""
    if F.by_name(fmt).quads and fmt != "jsonld":
        return serialize_reports([g], fmt)
    if isinstance(g, Triples) and F.by_name(fmt).name == "turtle":
        return T.turtle_ranked(*g.ranked(), prefixes())
    return write_sorted(sorted_triples(g), fmt)


def write_sorted(triples: list[ox.Triple], fmt: str) -> bytes:
    """Triples already in their order, written as one graph in the format called `fmt`."""
    f = F.by_name(fmt)
    if f.name == "turtle":
        return T.turtle(triples, prefixes())
    if f.name == "jsonld":
        return _jsonld(triples)
    if not f.written:
        raise ValueError(f"govkg does not write {fmt}")
    out = ox.serialize(triples, format=f.parser)
    assert out is not None
    return out


# ---------------------------------------------------------------- pyoxigraph terms, TriG, JSON-LD
def _ox_key(t: Any) -> tuple[int, str, str]:
    if isinstance(t, ox.NamedNode):
        return (0, t.value, "")
    if isinstance(t, ox.Literal):
        return (1, t.value, f"{t.language}|" if t.language else f"|{t.datatype.value}")
    return (2, str(t), "")


def _triple_key(t: ox.Triple) -> tuple[tuple[int, str, str], ...]:
    return (_ox_key(t.subject), _ox_key(t.predicate), _ox_key(t.object))


def serialize_triples(triples: Iterable[ox.Triple], fmt: str = "turtle") -> bytes:
    """Triples from pyoxigraph (a CONSTRUCT result, a store's graph), sorted and written like `serialize`."""
    ordered = sorted(triples, key=_triple_key)
    if F.by_name(fmt).quads and fmt != "jsonld":
        return write_quads([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in ordered], fmt)
    return write_sorted(ordered, fmt)


def report_of(g: Graph | Triples) -> URIRef | None:
    """The gk:Report a report's graph describes (None for a graph without one)."""
    reports = sorted(s for s in g.subjects(RDF.type, V.Report) if isinstance(s, URIRef))
    return reports[0] if reports else None


def serialize_reports(graphs: Sequence[Graph | Triples], fmt: str = "trig") -> bytes:
    """Several reports in one TriG (or N-Quads, fmt="nq") file: each in the named graph of its report."""
    quads: list[ox.Quad] = []
    for g in graphs:
        report = report_of(g)
        name = ox.NamedNode(str(report)) if report is not None else ox.DefaultGraph()
        quads += [ox.Quad(t.subject, t.predicate, t.object, name) for t in sorted_triples(g)]
    quads.sort(key=lambda q: (_ox_key(q.graph_name), _triple_key(q.triple)))
    return write_quads(quads, fmt)


def write_quads(quads: list[ox.Quad], fmt: str = "trig") -> bytes:
    """Quads already in their order, written as TriG or N-Quads."""
    if fmt == "trig":
        return T.trig(quads, prefixes())
    if fmt != "nq":
        raise ValueError(f"{fmt} holds one graph; use turtle, nt or jsonld")
    out = ox.serialize(quads, format=F.by_name("nq").parser)
    assert out is not None
    return out


@cache
def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context of ontology/context.jsonld: our prefixes and a term for each property."""
    from govkg.ontology_files import ontology_dir

    data = json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))
    return dict(data["@context"])


def _compact(iri: str, prefixes: dict[str, str]) -> str:
    best = max((p for p, ns in prefixes.items() if iri.startswith(ns)), key=lambda p: len(prefixes[p]), default=None)
    return f"{best}:{iri[len(prefixes[best]) :]}" if best else iri


def _jsonld(triples: list[ox.Triple]) -> bytes:
    """Compact JSON-LD with the embedded context: one node object per subject, keys and values sorted."""
    context = jsonld_context()
    prefixes = {k: v for k, v in context.items() if isinstance(v, str)}
    terms = {}
    for name, d in context.items():
        if isinstance(d, dict):
            prefix, _, local = d["@id"].partition(":")
            terms[prefixes[prefix] + local] = (name, d)

    def node_id(t: Any) -> str:
        return _compact(t.value, prefixes) if isinstance(t, ox.NamedNode) else str(t)

    def value(o: Any, d: dict[str, Any]) -> Any:
        if not isinstance(o, ox.Literal):
            return node_id(o) if d.get("@type") == "@id" else {"@id": node_id(o)}
        if o.language:
            return o.value if d.get("@language") == o.language else {"@value": o.value, "@language": o.language}
        datatype = _compact(o.datatype.value, prefixes)
        if d.get("@type") == datatype or (datatype == "xsd:string" and not d.get("@type") and not d.get("@language")):
            return o.value
        return {"@value": o.value, "@type": datatype}

    nodes: dict[str, dict[str, Any]] = {}
    for t in triples:
        node = nodes.setdefault(node_id(t.subject), {"@id": node_id(t.subject)})
        if t.predicate.value == str(RDF.type) and isinstance(t.object, ox.NamedNode):
            node.setdefault("@type", []).append(node_id(t.object))
            continue
        key, d = terms.get(t.predicate.value, (_compact(t.predicate.value, prefixes), {}))
        node.setdefault(key, []).append(value(t.object, d))
    graph = []
    for node in nodes.values():
        out = {"@id": node.pop("@id")}
        if "@type" in node:
            out["@type"] = node.pop("@type")
        out.update((k, v[0] if len(v) == 1 else v) for k, v in sorted(node.items()))
        graph.append(out)
    doc = {"@context": context, "@graph": graph}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
