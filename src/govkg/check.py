"""Graph -> CheckReport: SHACL conformance and terms missing from the ontology, as values with severities."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Literal

from pydantic import BaseModel, Field
from rdflib import Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from govkg import vocab as V
from govkg.errors import UsageError
from govkg.ontology_files import ontology_graph, shapes_graph
from govkg.shapes.model import Result, choose_message, describe
from govkg.triples import Triples

Severity = Literal["violation", "warning", "info"]
#: How a graph is checked against the shapes: "fast" the shapes compiled into Python (govkg.shapes, the default),
#: "full" pyshacl, "none" not at all (undeclared terms are checked in every mode).
Validation = Literal["fast", "full", "none"]
VALIDATIONS: tuple[Validation, ...] = ("fast", "full", "none")


class Finding(BaseModel):
    severity: Severity
    message: str
    focus: str | None = None
    path: str | None = None
    constraint: str | None = None  # the SHACL constraint component (sh:MinCountConstraintComponent …), as an IRI
    value: str | None = None  # the offending value: an IRI, or a literal in N-Triples form


class CheckReport(BaseModel):
    findings: list[Finding] = Field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "violation" for f in self.findings)

    def summary(self) -> str:
        v = [f for f in self.findings if f.severity == "violation"]
        if not v:
            return "conforms"
        first = v[0]
        return f"{len(v)} violation(s); first: {first.message} (focus {first.focus}, path {first.path})"


@cache
def subclass_links() -> tuple[tuple[URIRef, URIRef, URIRef], ...]:
    """The ontology's rdfs:subClassOf triples between named classes."""
    ont = ontology_graph()
    return tuple(sorted((s, RDFS.subClassOf, o) for s, o in ont.subject_objects(RDFS.subClassOf)
                        if isinstance(s, URIRef) and isinstance(o, URIRef)))


def undeclared_terms(g: Graph | Triples) -> list[URIRef]:
    """Our-namespace classes, properties and concepts used in `g` that the ontology does not declare."""
    used: set[Node] = set()
    for _, p, o in g:
        used.add(p)
        used.add(o)
    return _undeclared(used)


def _used_terms(g: Triples) -> list[Node]:
    """The predicates and objects of the builder's triples, each distinct term once: read from the ranked terms
    that writing the Turtle needs anyway (a set of integers instead of a set of rdflib terms)."""
    terms, rows = g.ranked()
    used = {p for _, p, _ in rows}
    used.update(o for _, _, o in rows)
    return [terms[i] for i in used]


def _undeclared(used: Iterable[Node]) -> list[URIRef]:
    declared = _declared()
    ns = str(V.GK)
    return sorted(t for t in used if isinstance(t, URIRef) and t not in declared and t.startswith(ns))


@cache
def _declared() -> frozenset[URIRef]:
    return frozenset(s for s in ontology_graph().subjects(RDF.type, None) if isinstance(s, URIRef))


def validation_mode(validate: bool | str) -> Validation:
    """True -> "fast", False -> "none"; a mode's name as it is. Anything else is a UsageError."""
    if validate is True:
        return "fast"
    if validate is False:
        return "none"
    if validate in VALIDATIONS:
        return validate
    raise UsageError(f"unknown validation {validate!r}: choose {', '.join(VALIDATIONS)}")


def check(g: Graph | Triples, shacl: bool | Validation = True) -> CheckReport:
    """Validate a built graph against the ontology (undeclared terms) and the shapes: compiled into Python by default
    (`shacl=True` or "fast"), with pyshacl on request ("full"), or not at all (False or "none").

    Both engines see the data graph with the ontology's rdfs:subClassOf links (sh:class and sh:targetClass follow
    them) and no other inference: targets are explicit. Findings are sorted: undeclared terms, then SHACL results.
    """
    mode = validation_mode(shacl)
    report = CheckReport()
    if mode == "fast":
        from govkg.shapes import DataIndex, validate

        ix = DataIndex(g, subclass_links())
        undeclared = _undeclared(_used_terms(g) if isinstance(g, Triples) else set().union(*ix.terms()))
        results = validate(ix)
    else:
        undeclared = undeclared_terms(g)
        results = pyshacl_results(g.graph() if isinstance(g, Triples) else g) if mode == "full" else []
    for t in undeclared:
        report.findings.append(Finding(severity="violation", message=f"term not declared in the ontology: {t}"))
    report.findings += sorted((_finding(r) for r in results), key=_finding_order)
    return report


def pyshacl_results(g: Graph, shapes: Graph | None = None) -> list[Result]:
    """pyshacl's validation results for `g` against `shapes` (default: ontology/shapes.ttl), with no inference and
    the ontology's subclass links lent to `g` for the run."""
    from pyshacl import validate

    # sh:class follows rdfs:subClassOf in the data graph: lend it the ontology's subclass links for the run
    # instead of passing the whole ontology (pyshacl would copy the data graph to mix it in)
    lent = [link for link in subclass_links() if link not in g]
    for link in lent:
        g.add(link)
    try:
        _conforms, results, _text = validate(
            g, shacl_graph=shapes if shapes is not None else shapes_graph(), inference="none", allow_warnings=True, inplace=True
        )
    finally:
        for link in lent:
            g.remove(link)
    SH = V.SH
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        path = results.value(r, SH.resultPath)
        out.append(Result(
            severity=results.value(r, SH.resultSeverity),
            focus=results.value(r, SH.focusNode),
            path=path if isinstance(path, URIRef) else None,
            component=results.value(r, SH.sourceConstraintComponent),
            value=results.value(r, SH.value),
            message=choose_message(results.objects(r, SH.resultMessage)),
        ))
    return out


_SEVERITIES: dict[Node, Severity] = {V.SH.Violation: "violation", V.SH.Warning: "warning", V.SH.Info: "info"}


def _finding(r: Result) -> Finding:
    value = None if r.value is None else r.value.n3() if isinstance(r.value, RDFLiteral) else str(r.value)
    return Finding(severity=_SEVERITIES.get(r.severity, "violation"), message=r.message or describe(r),
                   focus=str(r.focus), path=None if r.path is None else str(r.path), constraint=str(r.component),
                   value=value)


def _finding_order(f: Finding) -> tuple[str, ...]:
    return (f.focus or "", f.path or "", f.constraint or "", f.value or "", f.message, f.severity)
