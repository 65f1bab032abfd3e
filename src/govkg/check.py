"""Graph -> CheckReport: SHACL conformance and terms missing from the ontology, as values with severities."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

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


def undeclared_terms(g: Graph) -> list[URIRef]:
    """Our-namespace classes, properties and concepts used in `g` that the ontology does not declare."""
    ont = ontology_graph()
    declared = set(ont.subjects(RDF.type, None))
    used: set[URIRef] = set()
    for s, p, o in g:
        for t in (p, o if p == RDF.type else None, o):
            if isinstance(t, URIRef) and str(t).startswith(str(V.GK)):
                used.add(t)
        _ = s
    return sorted(t for t in used if t not in declared)


def check(g: Graph, shacl: bool = True) -> CheckReport:
    """Validate a built graph against the shapes (pyshacl, no inference: targets are explicit) and the ontology."""
    report = CheckReport()
    for t in undeclared_terms(g):
        report.findings.append(Finding(severity="violation", message=f"term not declared in the ontology: {t}"))
    if shacl:
        from pyshacl import validate

        conforms, results, _text = validate(
            g, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none", allow_warnings=True
        )
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
