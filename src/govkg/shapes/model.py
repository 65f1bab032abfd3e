"""Compiled shapes: a shape is its value nodes' path, its constraints as Python tests and its nested property shapes."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from rdflib import Literal, URIRef
from rdflib.term import Node

from govkg.shapes.index import DataIndex
from govkg.vocab import SH

#: A constraint's test: (index, focus node, value nodes) -> the value nodes that fail it; None stands for a result
#: without sh:value (sh:minCount, sh:maxCount, sh:hasValue, sh:uniqueLang, as pyshacl reports them).
Test = Callable[[DataIndex, Node, Sequence[Node]], Sequence[Node | None]]


class UnsupportedShapes(Exception):  # noqa: N818 - the name says what happened
    """The shapes graph uses something the compiler does not check: refused at compile time, never skipped."""


class Result(NamedTuple):
    """One validation result, in pyshacl's terms (sh:resultSeverity, sh:focusNode, sh:resultPath,
    sh:sourceConstraintComponent, sh:value, sh:resultMessage)."""

    severity: URIRef
    focus: Node
    path: URIRef | None
    component: URIRef
    value: Node | None
    message: str | None  # the shape's sh:message ({?value} filled in for SPARQL); None when it declares none


@dataclass(frozen=True)
class Constraint:
    component: URIRef  # sh:MinCountConstraintComponent …
    parameter: URIRef  # sh:minCount …
    value: Node  # the parameter's value in the shapes graph (for sh:in, sh:or …: the list)
    test: Test


@dataclass(frozen=True)
class SparqlCheck:
    """A SHACL-SPARQL constraint translated into Python: `run(index, $this)` returns the ?value of each solution."""

    name: str
    message: str | None
    run: Callable[[DataIndex, Node], Sequence[Node]]

    def text(self, this: Node, value: Node) -> str | None:
        """sh:message with {?this}/{$this} and {?value}/{$value} replaced by the solution's terms, as pyshacl does."""
        if self.message is None:
            return None
        bound = {"this": this, "value": value}
        return _VAR.sub(lambda m: str(bound[m.group(1)]) if m.group(1) in bound else m.group(0), self.message)


_VAR = re.compile(r"\{[?$](\w+)\}")
_SPARQL = SH.SPARQLConstraintComponent


@dataclass(eq=False)
class Shape:
    node: Node  # the shape in the shapes graph
    path: URIRef | None  # None: a node shape, whose only value node is the focus node
    severity: URIRef = SH.Violation
    message: str | None = None
    targets: tuple[URIRef, ...] = ()  # sh:targetClass
    constraints: list[Constraint] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    sparql: list[SparqlCheck] = field(default_factory=list)

    def evaluate(self, ix: DataIndex, focus: Node, out: list[Result]) -> None:
        """Append the results of validating `focus` against this shape."""
        values: Sequence[Node] = (focus,) if self.path is None else ix.objects(focus, self.path)
        for c in self.constraints:
            failed = c.test(ix, focus, values)
            for v in failed:
                out.append(Result(self.severity, focus, self.path, c.component, v, self.message))
        for ps in self.properties:
            for v in values:
                ps.evaluate(ix, v, out)
        for q in self.sparql:
            for v in q.run(ix, focus):
                out.append(Result(self.severity, focus, None, _SPARQL, v, q.text(focus, v)))

    def conforms(self, ix: DataIndex, node: Node) -> bool:
        """Conformance checking (sh:or, sh:xone, sh:not): no result at all."""
        out: list[Result] = []
        self.evaluate(ix, node, out)
        return not out


def choose_message(messages: Iterable[Node]) -> str | None:
    """The one message a Finding shows of a shape's sh:message values: English, else untagged, else the first."""
    texts = sorted((0 if m.language == "en" else 1 if not m.language else 2, str(m))
                   for m in messages if isinstance(m, Literal))
    return texts[0][1] if texts else None


def describe(r: Result) -> str:
    """A message for a result whose shape declares no sh:message."""
    kind = str(r.component).removeprefix(str(SH)).removesuffix("ConstraintComponent")
    where = f"{r.focus}" + (f" -> {r.path}" if r.path is not None else "")
    return f"sh:{kind[:1].lower()}{kind[1:]} not met on {where}" + (f" (value {r.value})" if r.value is not None else "")
