"""The RDF formats govkg reads and writes: one table of name, file suffixes, media type and pyoxigraph format.

Every place that maps a suffix to a parser, a format name to a writer or a file to a Content-Type reads it here:
`govkg build --format`, `govkg load`/`push`/`query --data`, the Graph Store requests and the writers of
`govkg.export.rdf`. Importing this module loads pyoxigraph only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox


@dataclass(frozen=True)
class RdfFormat:
    """One RDF syntax."""

    name: str  #: the name `--format` takes
    suffixes: tuple[str, ...]  #: file suffixes, the first one written
    media_type: str
    parser: ox.RdfFormat
    quads: bool  #: holds named graphs
    written: bool  #: govkg writes it (the others it only reads)

    @property
    def suffix(self) -> str:
        return self.suffixes[0]


REGISTRY: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", (".ttl",), "text/turtle", ox.RdfFormat.TURTLE, quads=False, written=True),
    RdfFormat("nt", (".nt",), "application/n-triples", ox.RdfFormat.N_TRIPLES, quads=False, written=True),
    RdfFormat("trig", (".trig",), "application/trig", ox.RdfFormat.TRIG, quads=True, written=True),
    RdfFormat("nq", (".nq",), "application/n-quads", ox.RdfFormat.N_QUADS, quads=True, written=True),
    RdfFormat("jsonld", (".jsonld", ".json"), "application/ld+json", ox.RdfFormat.JSON_LD, quads=True, written=True),
    RdfFormat("rdfxml", (".rdf", ".owl"), "application/rdf+xml", ox.RdfFormat.RDF_XML, quads=False, written=False),
)
_BY_NAME = {f.name: f for f in REGISTRY}
_BY_SUFFIX = {s: f for f in REGISTRY for s in f.suffixes}

#: What `govkg build --format` can write beside the Turtle it always writes (one report: N-Quads is TriG's twin).
BUILD_EXTRAS: tuple[str, ...] = ("nt", "trig", "jsonld")


def by_name(name: str) -> RdfFormat:
    """The format called `name` (KeyError for an unknown one)."""
    return _BY_NAME[name]


def for_path(path: str | Path) -> RdfFormat | None:
    """The format a file's suffix names, or None."""
    return _BY_SUFFIX.get(Path(path).suffix.lower())


def suffixes() -> list[str]:
    """Every suffix govkg reads, in table order."""
    return list(_BY_SUFFIX)
