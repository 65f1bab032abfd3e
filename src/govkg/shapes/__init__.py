"""ontology/shapes.ttl compiled into Python checks over an index of the data graph: pyshacl's results, fast.

`compiled()` reads the shapes once per process and refuses (UnsupportedShapes) any SHACL feature it cannot check;
`validate(g)` returns the validation results, unsorted, as pyshacl would report them with the ontology's
rdfs:subClassOf links lent to the data graph (`links`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from rdflib import Graph
from rdflib.term import Node

from govkg.shapes.compiler import Compiled, compile_shapes
from govkg.shapes.index import DataIndex
from govkg.shapes.model import Result, UnsupportedShapes, describe

__all__ = ["Compiled", "DataIndex", "Result", "UnsupportedShapes", "compile_shapes", "compiled", "describe", "validate"]


@cache
def compiled() -> Compiled:
    from govkg.ontology_files import shapes_graph

    return compile_shapes(shapes_graph())


def validate(g: Graph | DataIndex, links: Iterable[tuple[Node, Node, Node]] = ()) -> list[Result]:
    ix = g if isinstance(g, DataIndex) else DataIndex(g, links)
    return compiled().validate(ix)
