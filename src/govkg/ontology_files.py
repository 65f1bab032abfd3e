"""Where the ontology, shapes and named queries live, whether govkg runs from a checkout or an installed wheel."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import Graph


def ontology_dir() -> Path:
    packaged = Path(str(resources.files("govkg"))) / "ontology"
    if (packaged / "govkg.ttl").exists():
        return packaged
    return Path(__file__).resolve().parents[2] / "ontology"


@cache
def ontology_graph() -> Graph:
    return Graph().parse(ontology_dir() / "govkg.ttl", format="turtle")


@cache
def shapes_graph() -> Graph:
    return Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
