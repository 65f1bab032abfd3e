"""SHACL Core constraint components as Python tests, each one deciding a value node as pyshacl 0.40 does.

Where pyshacl reads a value in a particular way (a literal's Python value, rdflib's literal order, the first subtag of
a language), the test here reads it the same way: the fast validator must never accept what pyshacl rejects.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from decimal import Decimal

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from govkg.shapes.index import DataIndex, canonical
from govkg.shapes.model import Constraint, Shape, Test, UnsupportedShapes
from govkg.vocab import SH

_OK: tuple[Node, ...] = ()
_NO_VALUE: tuple[None] = (None,)
# namespace attributes cost a call each time: the tests below run tens of thousands of times per graph
_RDFS_LITERAL, _RDFS_DATATYPE, _XSD_STRING, _LANG_STRING = RDFS.Literal, RDFS.Datatype, XSD.string, RDF.langString
_STRING_TYPES = (None, _LANG_STRING, _XSD_STRING)

# ---------------------------------------------------------------- value readings shared with pyshacl


#: The Python type pyshacl expects of a literal's value, per datatype (pyshacl does not check the others). Keyed by
#: the process's own objects of these IRIs (`canonical`), as `_datatype` looks them up.
_PYTHON_TYPE_OF: dict[Node, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
}
_PYTHON_TYPES = {canonical(k): v for k, v in _PYTHON_TYPE_OF.items()}


def _actual_datatype(v: Literal, dt: Node) -> bool:
    """pyshacl's DatatypeConstraintComponent._assert_actual_datatype: the Python value has the datatype's type."""
    kind = _PYTHON_TYPES.get(dt)
    return True if kind is None else isinstance(v.value, kind)


def _same_iri(a: object, b: object) -> bool:
    """rdflib's equality of two IRIs (same type, same text), without its Python-level __eq__."""
    return a is b or (isinstance(a, URIRef) and isinstance(b, URIRef) and type(a) is type(b) and str.__eq__(a, b))


def datatype_matches(v: Node, dt: Node) -> bool:
    """sh:datatype: a literal of that datatype and not ill-typed (a plain literal is an xsd:string)."""
    if not isinstance(v, Literal):
        return False
    if _same_iri(v.datatype, dt) if isinstance(dt, URIRef) else v.datatype == dt:
        return getattr(v, "ill_typed", None) is not True and _actual_datatype(v, dt)
    # `dt` is an IRI (`_datatype` refuses anything else): compared as rdflib would, without its Python __eq__
    if _same_iri(dt, _RDFS_LITERAL):
        return True
    if _same_iri(dt, _RDFS_DATATYPE):
        return v.datatype is not None
    if v.datatype is None and v.language is None and _same_iri(dt, _XSD_STRING):
        return _actual_datatype(v, dt)
    return bool(_same_iri(dt, _LANG_STRING) and v.language) and _actual_datatype(v, dt)


def as_string(v: Node) -> str:
    """The string a string-based constraint reads (pyshacl's value_node_to_string)."""
    if isinstance(v, Literal) and v.value is not None and v.datatype in _STRING_TYPES:
        return str(v.value)
    return str(v)


def compare_literal(a: Literal, b: Literal) -> int:
    """pyshacl.rdfutil.compare.compare_literal: 0 when equal, 1 when `a` is greater, else -1 (may raise TypeError)."""
    av, bv = a.value, b.value
    if type(av) is int and type(bv) is int and _same_iri(a.datatype, b.datatype):  # noqa: E721 (bool is no int here)
        return (av > bv) - (av < bv)  # what eq and rdflib's order give for two integers of one datatype
    if a.eq(b):
        return 0
    if a.value.__class__ in (datetime, time):
        if a.value == b.value:
            return 0
        if a.value > b.value:
            return 1
    elif a > b:
        return 1
    return -1


def _in_range(v: Node, bound: Literal, ok: Callable[[int], bool]) -> bool:
    """sh:minInclusive, sh:maxInclusive: a literal, both or neither strings, ordered as pyshacl orders them."""
    if not isinstance(v, Literal):
        return False
    if isinstance(bound.value, str) != isinstance(v.value, str):
        return False
    try:
        return ok(compare_literal(v, bound))
    except (TypeError, NotImplementedError):
        return False


def _less_than(v: Node, other: Node) -> bool:
    """sh:lessThan for one pair, as pyshacl's _compare_lt: IRIs and string literals compare as strings, a string never
    compares with a non-string, other literals by rdflib's order. A blank node fails (pyshacl raises)."""
    if isinstance(v, BNode) or isinstance(other, BNode):
        return False
    a, a_is_string = _comparable(v)
    b, b_is_string = _comparable(other)
    if a_is_string != b_is_string:
        return False
    return bool(a < b)  # type: ignore[operator]


def _comparable(v: Node) -> tuple[object, bool]:
    """What sh:lessThan compares (rdflib terms are str subclasses: whether it is a string is said apart)."""
    if isinstance(v, URIRef):
        return str(v), True
    if isinstance(v, Literal) and isinstance(v.value, str):
        return v.value, True
    return v, False


# ---------------------------------------------------------------- parameters


def _int(value: Node, name: str) -> int:
    if not (isinstance(value, Literal) and isinstance(value.value, int) and not isinstance(value.value, bool)
            and value.value >= 0):
        raise UnsupportedShapes(f"sh:{name} {value!r}: expected a non-negative xsd:integer")
    return int(value.value)


def _iri(value: Node, name: str) -> URIRef:
    if not isinstance(value, URIRef):
        raise UnsupportedShapes(f"sh:{name} {value!r}: expected an IRI")
    return value


def _literal(value: Node, name: str) -> Literal:
    if not isinstance(value, Literal):
        raise UnsupportedShapes(f"sh:{name} {value!r}: expected a literal")
    return value


# ---------------------------------------------------------------- components

Builder = Callable[[Node, "Context"], Test]


class Context:
    """What a component builder may need beyond its parameter: the shape it sits on, RDF lists, nested shapes."""

    def __init__(self, is_property: bool, items: Callable[[Node], list[Node]], shape: Callable[[Node], Shape]) -> None:
        self.is_property = is_property
        self.items = items
        self.shape = shape


def _min_count(value: Node, ctx: Context) -> Test:
    n = _int(value, "minCount")
    return lambda ix, f, vs: _NO_VALUE if len(vs) < n else _OK


def _max_count(value: Node, ctx: Context) -> Test:
    n = _int(value, "maxCount")
    return lambda ix, f, vs: _NO_VALUE if len(vs) > n else _OK


def _datatype(value: Node, ctx: Context) -> Test:
    dt = canonical(_iri(value, "datatype"))
    return lambda ix, f, vs: [v for v in vs if not datatype_matches(v, dt)] if vs else _OK


def _class(value: Node, ctx: Context) -> Test:
    cls = canonical(_iri(value, "class"))
    return lambda ix, f, vs: [v for v in vs if not ix.is_instance(v, cls)] if vs else _OK


NODE_KINDS: dict[Node, tuple[type, ...]] = {
    SH.IRI: (URIRef,), SH.Literal: (Literal,), SH.BlankNode: (BNode,),
    SH.BlankNodeOrIRI: (BNode, URIRef), SH.BlankNodeOrLiteral: (BNode, Literal), SH.IRIOrLiteral: (URIRef, Literal),
}


def _node_kind(value: Node, ctx: Context) -> Test:
    kinds = NODE_KINDS.get(value)
    if kinds is None:
        raise UnsupportedShapes(f"sh:nodeKind {value!r}: not a SHACL node kind")
    return lambda ix, f, vs: [v for v in vs if not isinstance(v, kinds)] if vs else _OK


def _in(value: Node, ctx: Context) -> Test:
    allowed = frozenset(ctx.items(value))
    return lambda ix, f, vs: [v for v in vs if v not in allowed] if vs else _OK


def _has_value(value: Node, ctx: Context) -> Test:
    return lambda ix, f, vs: _OK if value in vs else _NO_VALUE


def _pattern(value: Node, ctx: Context) -> Test:
    regex = re.compile(str(_literal(value, "pattern")))

    def test(ix: DataIndex, f: Node, vs: Sequence[Node]) -> Sequence[Node | None]:
        return [v for v in vs if isinstance(v, BNode) or regex.search(as_string(v)) is None] if vs else _OK

    return test


def _min_length(value: Node, ctx: Context) -> Test:
    n = _int(value, "minLength")
    if n == 0:
        return lambda ix, f, vs: _OK
    return lambda ix, f, vs: [v for v in vs if isinstance(v, BNode) or len(as_string(v)) < n] if vs else _OK


def _min_inclusive(value: Node, ctx: Context) -> Test:
    bound = _literal(value, "minInclusive")
    return lambda ix, f, vs: [v for v in vs if not _in_range(v, bound, lambda c: c >= 0)] if vs else _OK


def _max_inclusive(value: Node, ctx: Context) -> Test:
    bound = _literal(value, "maxInclusive")
    return lambda ix, f, vs: [v for v in vs if not _in_range(v, bound, lambda c: c <= 0)] if vs else _OK


def _language_in(value: Node, ctx: Context) -> Test:
    """As pyshacl: a tag matches when it, or its first subtag, is in the list (case-insensitive); '*' matches any."""
    tags = set()
    for tag in ctx.items(value):
        if not (isinstance(tag, Literal) and isinstance(tag.value, str)):
            raise UnsupportedShapes(f"sh:languageIn member {tag!r}: expected a string")
        tags.add(tag.value.lower())

    def ok(v: Node) -> bool:
        if not isinstance(v, Literal) or not v.language:
            return False
        lang = v.language.lower()
        return "*" in tags or lang in tags or lang.split("-")[0] in tags

    return lambda ix, f, vs: [v for v in vs if not ok(v)] if vs else _OK


def _unique_lang(value: Node, ctx: Context) -> Test:
    if not ctx.is_property:
        raise UnsupportedShapes("sh:uniqueLang on a node shape")
    if not (isinstance(value, Literal) and isinstance(value.value, bool)):
        raise UnsupportedShapes(f"sh:uniqueLang {value!r}: expected an xsd:boolean")
    if not value.value:
        return lambda ix, f, vs: _OK

    def test(ix: DataIndex, f: Node, vs: Sequence[Node]) -> Sequence[Node | None]:
        seen: set[str] = set()
        twice: set[str] = set()
        for v in vs:
            if isinstance(v, Literal) and v.language:
                lang = v.language.lower()
                (twice if lang in seen else seen).add(lang)
        return [None] * len(twice)  # one result per language used twice, without sh:value

    return test


def _less_than_param(value: Node, ctx: Context) -> Test:
    if not ctx.is_property:
        raise UnsupportedShapes("sh:lessThan on a node shape")
    other = _iri(value, "lessThan")

    def test(ix: DataIndex, f: Node, vs: Sequence[Node]) -> Sequence[Node | None]:
        if not vs:
            return _OK
        others = ix.objects(f, other)
        return [v for v in vs for o in others if not _less_than(v, o)]  # one result per failing pair, as pyshacl

    return test


def _or(value: Node, ctx: Context) -> Test:
    shapes = [ctx.shape(s) for s in dict.fromkeys(ctx.items(value))]  # a member listed twice counts once
    return lambda ix, f, vs: [v for v in vs if not any(s.conforms(ix, v) for s in shapes)]


def _xone(value: Node, ctx: Context) -> Test:
    shapes = [ctx.shape(s) for s in dict.fromkeys(ctx.items(value))]
    return lambda ix, f, vs: [v for v in vs if sum(s.conforms(ix, v) for s in shapes) != 1]


def _not(value: Node, ctx: Context) -> Test:
    shape = ctx.shape(value)
    return lambda ix, f, vs: [v for v in vs if shape.conforms(ix, v)]


#: parameter -> (constraint component, builder). Exactly the SHACL Core features ontology/shapes.ttl uses.
COMPONENTS: dict[URIRef, tuple[URIRef, Builder]] = {
    SH.minCount: (SH.MinCountConstraintComponent, _min_count),
    SH.maxCount: (SH.MaxCountConstraintComponent, _max_count),
    SH.datatype: (SH.DatatypeConstraintComponent, _datatype),
    SH["class"]: (SH.ClassConstraintComponent, _class),
    SH.nodeKind: (SH.NodeKindConstraintComponent, _node_kind),
    SH["in"]: (SH.InConstraintComponent, _in),
    SH.hasValue: (SH.HasValueConstraintComponent, _has_value),
    SH.pattern: (SH.PatternConstraintComponent, _pattern),
    SH.minLength: (SH.MinLengthConstraintComponent, _min_length),
    SH.minInclusive: (SH.MinInclusiveConstraintComponent, _min_inclusive),
    SH.maxInclusive: (SH.MaxInclusiveConstraintComponent, _max_inclusive),
    SH.languageIn: (SH.LanguageInConstraintComponent, _language_in),
    SH.uniqueLang: (SH.UniqueLangConstraintComponent, _unique_lang),
    SH.lessThan: (SH.LessThanConstraintComponent, _less_than_param),
    SH["or"]: (SH.OrConstraintComponent, _or),
    SH.xone: (SH.XoneConstraintComponent, _xone),
    SH["not"]: (SH.NotConstraintComponent, _not),
}


def build(param: URIRef, value: Node, ctx: Context) -> Constraint:
    component, builder = COMPONENTS[param]
    return Constraint(component, param, value, builder(value, ctx))
