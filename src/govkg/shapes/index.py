"""A data graph read once for the compiled shapes: objects by subject and predicate, classes with their superclasses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

_NONE: tuple[Node, ...] = ()
_NO_PREDICATES: dict[Node, list[Node]] = {}
_TYPE, _SUBCLASS_OF = RDF.type, RDFS.subClassOf  # a namespace attribute costs a call each time

#: One object per predicate, class and datatype IRI, shared by the compiled shapes (paths, sh:class, targets,
#: sh:datatype) and every index of this process. A dict or set lookup compares the key it finds with `is` first and
#: only then with rdflib's __eq__, which is Python code: with the same object on both sides, it is never called.
_CANONICAL: dict[Node, Node] = {}
_CANONICAL_MAX = 10_000  # a graph of arbitrary predicates or classes does not grow the table past this


def canonical(term: Node) -> Node:
    """The object this process uses for a predicate, class or datatype IRI (the first one it met of that IRI)."""
    found = _CANONICAL.get(term)
    if found is None:
        if len(_CANONICAL) >= _CANONICAL_MAX:
            return term
        found = _CANONICAL[term] = term
    return found


class DataIndex:
    """subject -> predicate -> objects of `g` plus `links` (the ontology's rdfs:subClassOf triples, which pyshacl
    sees lent into the data graph), built in one pass over the triples; the rest is derived from it on demand."""

    def __init__(self, g: Iterable[tuple[Node, Node, Node]], links: Iterable[tuple[Node, Node, Node]] = ()) -> None:
        spo: dict[Node, dict[Node, list[Node]]] = {}
        predicate_of: dict[int, Node] = {}  # a graph shares a few predicate objects: each is looked up once
        for s, p, o in g:
            q = predicate_of.get(id(p))
            if q is None:
                q = predicate_of[id(p)] = canonical(p)
            p = q
            by_p = spo.get(s)
            if by_p is None:
                spo[s] = {p: [o]}
                continue
            objs = by_p.get(p)
            if objs is None:
                by_p[p] = [o]
            else:
                objs.append(o)
        for s, p, o in links:  # only those the graph lacks: objects stay distinct, as value nodes are a set
            objs = spo.setdefault(s, {}).setdefault(canonical(p), [])
            if o not in objs:
                objs.append(o)
        self.spo = spo
        self._supers: dict[Node, frozenset[Node]] = {}
        self._instances: dict[Node, list[Node]] | None = None
        self._subjects: dict[Node, dict[Node, list[Node]]] = {}

    def objects(self, s: Node, p: Node) -> Sequence[Node]:
        return self.spo.get(s, _NO_PREDICATES).get(p, _NONE)

    def subjects(self, p: Node, o: Node) -> Sequence[Node]:
        """Subjects of (?, p, o); the reverse map of `p` is made on first use."""
        by_o = self._subjects.get(p)
        if by_o is None:
            by_o = {}
            for s, by_p in self.spo.items():
                for obj in by_p.get(p, _NONE):
                    by_o.setdefault(obj, []).append(s)
            self._subjects[p] = by_o
        return by_o.get(o, _NONE)

    def superclasses(self, c: Node) -> frozenset[Node]:
        """`c` and every class it reaches by rdfs:subClassOf (rdfs:subClassOf*)."""
        found = self._supers.get(c)
        if found is None:
            seen = {c}
            todo = [c]
            while todo:
                for sup in self.objects(todo.pop(), _SUBCLASS_OF):
                    if sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
            found = self._supers[c] = frozenset(canonical(x) for x in seen)
        return found

    def is_instance(self, node: Node, cls: Node) -> bool:
        """SHACL instance: `node` has an rdf:type that is `cls` or one of its subclasses."""
        return any(cls in self.superclasses(t) for t in self.objects(node, _TYPE))

    def instances(self, cls: Node) -> Sequence[Node]:
        """Every SHACL instance of `cls` (the focus nodes of sh:targetClass `cls`)."""
        if self._instances is None:
            inst: dict[Node, list[Node]] = {}
            for s, by_p in self.spo.items():
                classes: set[Node] = set()
                for t in by_p.get(_TYPE, _NONE):
                    classes |= self.superclasses(t)
                for c in classes:
                    inst.setdefault(c, []).append(s)
            self._instances = inst
        return self._instances.get(cls, _NONE)

    def terms(self) -> tuple[set[Node], set[URIRef]]:
        """Every predicate, and every IRI used as an object."""
        preds: set[Node] = set()
        iris: set[URIRef] = set()
        for by_p in self.spo.values():
            preds.update(by_p)
            for objs in by_p.values():
                iris.update(o for o in objs if isinstance(o, URIRef))
        return preds, iris
