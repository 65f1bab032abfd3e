"""Graph -> CheckReport: SHACL conformance and terms missing from the ontology, as values with severities."""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, Field
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from govkg import vocab as V
from govkg.ontology_files import ontology_graph, shapes_graph

Severity = Literal["violation", "warning", "info"]


class Finding(BaseModel):
    severity: Severity
    message: str
    focus: str | None = None
    path: str | None = None


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


def undeclared_terms(g: Graph) -> list[URIRef]:
    """Our-namespace classes, properties and concepts used in `g` that the ontology does not declare."""
    declared = _declared()
    used = {p for p in g.predicates(unique=True)} | {o for o in g.objects(unique=True) if isinstance(o, URIRef)}
    ns = str(V.GK)
    return sorted(t for t in used if isinstance(t, URIRef) and t not in declared and t.startswith(ns))


@cache
def _declared() -> frozenset[URIRef]:
    return frozenset(s for s in ontology_graph().subjects(RDF.type, None) if isinstance(s, URIRef))


def check(g: Graph, shacl: bool = True) -> CheckReport:
    """Validate a built graph against the shapes (pyshacl, no inference: targets are explicit) and the ontology."""
    report = CheckReport()
    for t in undeclared_terms(g):
        report.findings.append(Finding(severity="violation", message=f"term not declared in the ontology: {t}"))
    if shacl:
        from pyshacl import validate

        # sh:class follows rdfs:subClassOf in the data graph: lend it the ontology's subclass links for the run
        # instead of passing the whole ontology (pyshacl would copy the data graph to mix it in)
        lent = [link for link in subclass_links() if link not in g]
        for link in lent:
            g.add(link)
        try:
            conforms, results, _text = validate(
                g, shacl_graph=shapes_graph(), inference="none", allow_warnings=True, inplace=True
            )
        finally:
            for link in lent:
                g.remove(link)
        if not conforms:
            SH = V.SH
            for r in results.subjects(RDF.type, SH.ValidationResult):
                sev = results.value(r, SH.resultSeverity)
                report.findings.append(
                    Finding(
                        severity="violation" if sev == SH.Violation else "warning" if sev == SH.Warning else "info",
                        message=str(results.value(r, SH.resultMessage) or "SHACL constraint not met"),
                        focus=str(results.value(r, SH.focusNode)),
                        path=str(results.value(r, SH.resultPath)),
                    )
                )
    return report
