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
    return read_turtle(ontology_dir() / "govkg.ttl")


@cache
def shapes_graph() -> Graph:
    return read_turtle(ontology_dir() / "shapes.ttl")


def read_turtle(path: Path) -> Graph:
    """A Turtle file as an rdflib.Graph with its prefixes bound, parsed by pyoxigraph: the same triples as
    rdflib's own parser gives (a test compares them), in a fraction of the time every process would spend. Two
    forms that RDF 1.1 makes one term come back as that term, where rdflib keeps them apart: "x"^^xsd:string as
    "x", and a language tag in lower case (@en-GB as @en-gb). Our files use neither."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import RDF, XSD

    plain, tagged = XSD.string, RDF.langString
    nodes: dict[str, URIRef] = {}

    def term(t: ox.NamedNode | ox.BlankNode | ox.Literal) -> URIRef | BNode | Literal:
        if isinstance(t, ox.NamedNode):
            node = nodes.get(t.value)
            if node is None:
                node = nodes[t.value] = URIRef(t.value)
            return node
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        dt = term(t.datatype)
        if t.language:
            return Literal(t.value, lang=t.language)
        return Literal(t.value) if dt == plain else Literal(t.value, datatype=dt if dt != tagged else None)

    parser = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    g = Graph()
    for q in parser:
        g.add((term(q.subject), term(q.predicate), term(q.object)))
    for prefix, ns in parser.prefixes.items():
        g.bind(prefix, ns)
    return g
