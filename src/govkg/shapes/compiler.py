"""A shapes graph -> compiled shapes. Every SHACL term it uses must be one the compiler turns into a test; anything
else (a new constraint component, a property path, a target other than sh:targetClass, an edited SPARQL query, a
triple in the sh: namespace that no shape reads) raises UnsupportedShapes, so nothing is skipped in silence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from govkg.shapes.components import COMPONENTS, Context, build
from govkg.shapes.index import DataIndex, canonical
from govkg.shapes.model import Result, Shape, SparqlCheck, UnsupportedShapes, choose_message
from govkg.shapes.sparql import BY_TEXT, normalize
from govkg.vocab import SH

#: What a shape may say besides its constraint components. sh:name and sh:description are documentation.
STRUCTURE = frozenset({RDF.type, SH.targetClass, SH.property, SH.path, SH.sparql, SH.severity, SH.message,
                       SH.name, SH.description})
SHAPE_TYPES = frozenset({SH.NodeShape, SH.PropertyShape})
SEVERITIES = frozenset({SH.Violation, SH.Warning, SH.Info})
SPARQL_TERMS = frozenset({RDF.type, SH.select, SH.message, SH.prefixes})
#: Subjects of these are shapes (SHACL 2.1, as pyshacl finds them).
SHAPE_MARKS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target, SH.property)


@dataclass(frozen=True)
class Compiled:
    roots: tuple[Shape, ...]  # the shapes with targets, where validation starts
    shapes: tuple[Shape, ...]  # every compiled shape

    def validate(self, ix: DataIndex) -> list[Result]:
        out: list[Result] = []
        for shape in self.roots:
            focus: dict[Node, None] = {}
            for cls in shape.targets:
                focus.update(dict.fromkeys(ix.instances(cls)))
            for f in focus:
                shape.evaluate(ix, f, out)
        return out

    def components(self) -> Counter[URIRef]:
        """How many constraints of each component (sh:SPARQLConstraintComponent: each SPARQL constraint)."""
        n: Counter[URIRef] = Counter(c.component for s in self.shapes for c in s.constraints)
        n[SH.SPARQLConstraintComponent] += sum(len(s.sparql) for s in self.shapes)
        return n


def _is_sh(term: Node) -> bool:
    return isinstance(term, URIRef) and term.startswith(str(SH))


class _Compiler:
    def __init__(self, sg: Graph) -> None:
        self.sg = sg
        self.read: set[tuple[Node, Node]] = set()  # (subject, predicate) pairs the compiler consumed
        self.done: dict[Node, Shape] = {}
        self.stack: list[Node] = []
        self.children: dict[Node, list[Node]] = {}  # shape -> shapes it nests (sh:property, sh:or/xone/not members)
        self.operands: list[Node] = []  # shapes nested in sh:or, sh:xone, sh:not
        self.explicit_severity: set[Node] = set()

    # ------------------------------------------------------------ reading the graph
    def name(self, node: Node) -> str:
        return node.n3(self.sg.namespace_manager)

    def refuse(self, problem: str) -> UnsupportedShapes:
        where = " > ".join(self.name(n) for n in self.stack)
        return UnsupportedShapes(f"{problem}" + (f" (in {where})" if where else "") +
                                 ": the fast validator does not check it; support it in govkg.shapes, or run "
                                 "--validate full")

    def values(self, s: Node, p: Node) -> list[Node]:
        self.read.add((s, p))
        return sorted(self.sg.objects(s, p), key=str)

    def one(self, s: Node, p: Node) -> Node | None:
        found = self.values(s, p)
        if len(found) > 1:
            raise self.refuse(f"{self.name(s)} has {len(found)} values of {self.name(p)}")
        return found[0] if found else None

    def items(self, head: Node) -> list[Node]:
        out: list[Node] = []
        node: Node | None = head
        while node != RDF.nil:
            first = self.sg.value(node, RDF.first) if node is not None else None
            if node is None or first is None:
                raise self.refuse(f"{self.name(head)} is not a well-formed RDF list")
            out.append(first)
            node = self.sg.value(node, RDF.rest)
        return out

    # ------------------------------------------------------------ shapes
    def shape(self, node: Node) -> Shape:
        if node in self.done:
            return self.done[node]
        if node in self.stack:
            raise self.refuse(f"shape {self.name(node)} refers to itself")
        self.stack.append(node)
        try:
            shape = self._shape(node)
        finally:
            self.stack.pop()
        self.done[node] = shape
        return shape

    def _shape(self, node: Node) -> Shape:
        said = set(self.sg.predicates(node))
        for p in sorted(said, key=str):
            if _is_sh(p) and p not in STRUCTURE and p not in COMPONENTS:
                raise self.refuse(f"{self.name(p)} on {self.name(node)}")
        types = set(self.values(node, RDF.type))
        if types - SHAPE_TYPES:
            raise self.refuse(f"{self.name(node)} typed {', '.join(sorted(self.name(t) for t in types - SHAPE_TYPES))}")
        path = self.one(node, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise self.refuse(f"sh:path {self.name(path)} of {self.name(node)}: only a predicate path is supported")
        if SH.NodeShape in types and (path is not None or SH.PropertyShape in types):
            raise self.refuse(f"node shape {self.name(node)} with a sh:path")
        if SH.PropertyShape in types and path is None:
            raise self.refuse(f"property shape {self.name(node)} without sh:path")
        severity = self.one(node, SH.severity)
        if severity is not None:
            if severity not in SEVERITIES:
                raise self.refuse(f"sh:severity {self.name(severity)}")
            self.explicit_severity.add(node)
        messages = self.values(node, SH.message)
        if any(not isinstance(m, Literal) for m in messages):
            raise self.refuse(f"a sh:message of {self.name(node)} is not a literal")
        for documentation in (SH.name, SH.description):
            self.values(node, documentation)
        targets = self.values(node, SH.targetClass)
        if any(not isinstance(t, URIRef) for t in targets):
            raise self.refuse(f"a sh:targetClass of {self.name(node)} is not an IRI")
        if path is not None:
            path = cast(URIRef, canonical(path))
        shape = Shape(node, path, cast(URIRef, severity or SH.Violation), choose_message(messages),
                      tuple(cast(URIRef, canonical(t)) for t in targets if isinstance(t, URIRef)))
        nested = self.children.setdefault(node, [])

        def operand(n: Node) -> Shape:
            nested.append(n)
            self.operands.append(n)
            return self.shape(n)

        ctx = Context(path is not None, self.items, operand)
        for p in sorted((k for k in COMPONENTS if k in said), key=str):
            value = self.one(node, p)
            assert value is not None
            shape.constraints.append(build(p, value, ctx))
        for ps in self.values(node, SH.property):
            nested.append(ps)
            child = self.shape(ps)
            if child.path is None:
                raise self.refuse(f"sh:property {self.name(ps)} of {self.name(node)} has no sh:path")
            shape.properties.append(child)
        for q in self.values(node, SH.sparql):
            if path is not None:
                raise self.refuse(f"sh:sparql on property shape {self.name(node)}")
            if shape.message is not None:
                raise self.refuse(f"{self.name(node)} has both sh:message and sh:sparql (pyshacl reports both messages)")
            shape.sparql.append(self.sparql(q))
        return shape

    def sparql(self, q: Node) -> SparqlCheck:
        for p in sorted(set(self.sg.predicates(q)), key=str):
            if _is_sh(p) and p not in SPARQL_TERMS:
                raise self.refuse(f"{self.name(p)} on SPARQL constraint {self.name(q)}")
        if set(self.values(q, RDF.type)) - {SH.SPARQLConstraint}:
            raise self.refuse(f"SPARQL constraint {self.name(q)} has a type other than sh:SPARQLConstraint")
        select = self.one(q, SH.select)
        if not isinstance(select, Literal):
            raise self.refuse(f"SPARQL constraint {self.name(q)} without one sh:select text")
        translation = BY_TEXT.get(normalize(str(select)))
        if translation is None:
            raise self.refuse(f"SPARQL constraint {self.name(q)} has no Python translation "
                              f"(govkg/shapes/sparql.py): {normalize(str(select))!r}")
        declared = self.prefixes(self.values(q, SH.prefixes))
        for prefix, namespace in translation.prefixes.items():
            if declared.get(prefix) != namespace:
                raise self.refuse(f"SPARQL constraint {self.name(q)}: prefix {prefix}: is declared as "
                                  f"{declared.get(prefix)!r}, its translation reads it as {namespace!r}")
        messages = self.values(q, SH.message)
        return SparqlCheck(translation.name, choose_message(messages), translation.run)

    def prefixes(self, sources: Iterable[Node]) -> dict[str, str]:
        """sh:declare of the sh:prefixes values and of every owl:Ontology of the shapes graph (as pyshacl merges them)."""
        declared: dict[str, str] = {}
        for src in {*sources, *self.sg.subjects(RDF.type, OWL.Ontology)}:
            for d in self.values(src, SH.declare):
                prefix, namespace = self.one(d, SH.prefix), self.one(d, SH.namespace)
                if prefix is None or namespace is None:
                    raise self.refuse(f"sh:declare {self.name(d)} without sh:prefix and sh:namespace")
                if declared.setdefault(str(prefix), str(namespace)) != str(namespace):
                    raise self.refuse(f"prefix {prefix} declared twice, differently")
        return declared

    # ------------------------------------------------------------ the whole graph
    def compile(self) -> Compiled:
        sg = self.sg
        self.prefixes(())
        starts = {s for t in SHAPE_TYPES for s in sg.subjects(RDF.type, t)}
        starts |= {s for p in SHAPE_MARKS for s in sg.subjects(p, None)}
        for node in sorted(starts, key=str):
            self.shape(node)
        self._refuse_severity_in_operands()
        for s, p, o in sg:
            if (_is_sh(p) or (p == RDF.type and _is_sh(o))) and (s, p) not in self.read:
                raise self.refuse(f"{self.name(s)} {self.name(p)} {self.name(o)}: no compiled shape reads it")
        shapes = tuple(self.done[n] for n in sorted(self.done, key=str))
        return Compiled(tuple(s for s in shapes if s.targets), shapes)

    def _refuse_severity_in_operands(self) -> None:
        """A nested shape's severity would decide whether it conforms (pyshacl, allow_warnings): not supported."""
        seen: set[Node] = set()
        todo = list(self.operands)
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            if node in self.explicit_severity:
                raise self.refuse(f"sh:severity on {self.name(node)}, a shape inside sh:or, sh:xone or sh:not")
            todo += self.children.get(node, [])


def compile_shapes(sg: Graph) -> Compiled:
    """Compile every shape of `sg`; raises UnsupportedShapes on anything the compiler does not check."""
    return _Compiler(sg).compile()
