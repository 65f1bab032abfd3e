"""Turtle and TriG that every loader reads alike.

A prefixed name is written only where its local part needs no backslash escape: Virtuoso's TTLP and bulk loader
keep the backslash of an escaped local name (`gkid:report\\/110112\\/2023` becomes an IRI with backslashes in it),
so an IRI whose local part would hold `/`, `.`, `%`, `(` or any other character that Turtle must escape is
written in full, `<https://w3id.org/govkg/id/report/110112/2023/summary>`. The IRIs themselves do not change.

The layout is pyoxigraph's (a subject, then its predicates after `;` and its objects after `,`), over triples in
the order given: the caller sorts them, so the same graph gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_STRING = _XSD + "string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# PN_CHARS_BASE of the Turtle grammar (https://www.w3.org/TR/turtle/#grammar-production-PN_CHARS_BASE)
_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f"
         "\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
#: A local name written as is: it starts with a letter, `_` or a digit and goes on with letters, digits, `_`, `-`
#: and the combining marks PN_CHARS allows. `.`, `:` and percent escapes are legal but left out on purpose: a
#: local name that needs none of them is one every parser we know reads the same way.
SAFE_LOCAL = re.compile(f"[{_BASE}_0-9][{_BASE}_0-9\\-\u00b7\u0300-\u036f\u203f-\u2040]*")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")
_BARE = {_XSD + "integer": _INTEGER, _XSD + "decimal": _DECIMAL}


class TermWriter:
    """Writes terms as Turtle: a prefixed name where it needs no escape, else the full IRI."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = dict(sorted(prefixes.items()))
        # the longest namespace first, so that gkid:indicator/… would never hide a longer namespace
        self._by_length = sorted(((ns, p) for p, ns in self.prefixes.items()), key=lambda x: (-len(x[0]), x[1]))
        self._cache: dict[Any, str] = {}
        # the first namespace of that order that opens an IRI, found by one regex instead of a loop
        self._namespace = re.compile("|".join(re.escape(ns) for ns, _ in self._by_length)) if self._by_length else None
        self._prefix_of: dict[str, str] = {}
        for ns, p in self._by_length:
            self._prefix_of.setdefault(ns, p)

    def iri(self, value: str) -> str:
        m = self._namespace.match(value) if self._namespace is not None else None
        if m is not None:
            local = value[m.end():]
            if local == "" or SAFE_LOCAL.fullmatch(local):
                return f"{self._prefix_of[m.group()]}:{local}"
        return f"<{value}>"

    def term(self, t: Any) -> str:
        out = self._cache.get(t)
        if out is None:
            out = self._cache[t] = self._write(t)
        return out

    def _write(self, t: Any) -> str:
        if isinstance(t, ox.NamedNode):
            return self.iri(t.value)
        if isinstance(t, ox.BlankNode):
            return f"_:{t.value}"
        if isinstance(t, ox.Literal):
            return self.literal(t.value, t.language, t.datatype.value)
        raise TypeError(f"not an RDF term: {t!r}")

    def literal(self, value: str, language: str | None, datatype: str) -> str:
        quoted = str(ox.Literal(value))  # pyoxigraph's N-Triples string escapes, valid in Turtle too
        if language:
            return f"{quoted}@{language}"
        if datatype in (_STRING, _LANG_STRING):
            return quoted
        bare = _BARE.get(datatype)
        if bare is not None and bare.fullmatch(value):
            return value
        if datatype == _XSD + "boolean" and value in ("true", "false"):
            return value
        return f"{quoted}^^{self.iri(datatype)}"

    def rdflib_term(self, t: Any) -> str:
        """An rdflib term, written as `term` writes the pyoxigraph term of the same value."""
        if isinstance(t, URIRef):
            return self.iri(str(t))
        if isinstance(t, Literal):
            return self.literal(str(t), t.language, str(t.datatype) if t.datatype is not None else _STRING)
        if isinstance(t, BNode):
            return f"_:{t}"
        raise TypeError(f"not an RDF term: {t!r}")

    def header(self) -> str:
        return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in self.prefixes.items())

    def predicate(self, p: Any) -> str:
        return "a" if isinstance(p, ox.NamedNode) and p.value == _RDF_TYPE else self.term(p)

    def block(self, triples: Iterable[ox.Triple], indent: str = "") -> str:
        """The triples as Turtle statements (no prefixes), grouped by subject and predicate in the order given."""
        return self.rows(((t.subject, t.predicate, t.object) for t in triples), self.term, self.predicate, indent)

    @staticmethod
    def rows(rows: Iterable[tuple[Any, Any, Any]], text: Callable[[Any], str], predicate: Callable[[Any], str],
             indent: str = "") -> str:
        """Rows of subject, predicate and object keys (terms, or indexes of terms) as Turtle statements, written
        with `text` and, for predicates, `predicate`; grouped by subject and predicate in the order given."""
        lines: list[str] = []
        subject = pred = None
        parts: list[str] = []
        for s, p, o in rows:
            if s != subject:
                if parts:
                    lines.append("".join(parts) + " .")
                parts = [f"{indent}{text(s)} {predicate(p)} {text(o)}"]
                subject, pred = s, p
            elif p != pred:
                parts.append(f" ;\n{indent}\t{predicate(p)} {text(o)}")
                pred = p
            else:
                parts.append(f" , {text(o)}")
        if parts:
            lines.append("".join(parts) + " .")
        return "\n".join(lines) + ("\n" if lines else "")


def turtle_ranked(terms: Sequence[Any], rows: Iterable[tuple[int, int, int]], prefixes: Mapping[str, str]) -> bytes:
    """A Turtle document of triples given as indexes into `terms`, rdflib terms (`govkg.triples.ranked`), in the
    order given: each distinct term is written once, and no triple object is made."""
    w = TermWriter(prefixes)
    texts = [w.rdflib_term(t) for t in terms]
    type_text = w.iri(_RDF_TYPE)
    preds = ["a" if text == type_text else text for text in texts]
    return (w.header() + w.rows(rows, texts.__getitem__, preds.__getitem__)).encode("utf-8")


def turtle(triples: Sequence[ox.Triple], prefixes: Mapping[str, str]) -> bytes:
    """A Turtle document: the prefixes, then the triples in the order given."""
    w = TermWriter(prefixes)
    return (w.header() + w.block(triples)).encode("utf-8")


def trig(quads: Sequence[ox.Quad], prefixes: Mapping[str, str]) -> bytes:
    """A TriG document: the prefixes, then one block per graph name, in the order the quads come."""
    w = TermWriter(prefixes)
    out = [w.header()]
    i = 0
    while i < len(quads):
        name = quads[i].graph_name
        j = i
        while j < len(quads) and quads[j].graph_name == name:
            j += 1
        triples = [q.triple for q in quads[i:j]]
        if isinstance(name, ox.DefaultGraph):
            out.append(w.block(triples))
        else:
            out.append(f"{w.term(name)} {{\n{w.block(triples, indent=chr(9))}}}\n")
        i = j
    return "".join(out).encode("utf-8")
