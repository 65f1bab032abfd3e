"""Built graphs -> GraphIndex: the goals, statements, entities, metrics and statuses a view needs, read once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.util import guess_format

from govkg import vocab as V
from govkg.errors import InputError
from govkg.triples import Triples

#: The classes a node of a view can have, most specific first (a node typed twice takes the first).
NODE_KINDS = ["Part", "Goal", "Task", "Achievement", "Facility", "Project", "Area", "Institution", "Program",
              "IndustryCluster", "Event"]
GOAL_KINDS = {"Part", "Goal"}
STATEMENT_KINDS = {"Task", "Achievement"}
PARTS = {V.ReviewPart: "review", V.PlanPart: "plan"}
LEVELS = {V.PartLevel: "part", V.ChapterLevel: "chapter", V.SectionLevel: "section", V.SubsectionLevel: "subsection"}


@dataclass(frozen=True)
class MetricRow:
    value: str
    value_max: str | None
    unit: str
    raw: str
    year: str | None
    kind: str | None  # "Achieved" or "Target"
    qualifier: str | None
    measure: str
    about: URIRef | None
    stated_in: URIRef | None
    start: int


@dataclass(frozen=True)
class StatusRow:
    status: str  # local name of the gk:status concept: Planned, Started, …
    year: str | None
    stated_in: URIRef | None


@dataclass(frozen=True)
class GroupRow:
    label: str
    count: int
    members: tuple[URIRef, ...]


def _list() -> defaultdict[URIRef, list[URIRef]]:
    return defaultdict(list)


@dataclass
class GraphIndex:
    """Lookup tables over one or more built report graphs; every list is in a fixed order (see `rank`)."""

    kind: dict[URIRef, str] = field(default_factory=dict)
    text: dict[URIRef, str] = field(default_factory=dict)  # rdfs:label of goals and entities, gk:text of statements
    aliases: dict[URIRef, list[str]] = field(default_factory=dict)
    part: dict[URIRef, str] = field(default_factory=dict)  # goals and statements: "review" or "plan"
    level: dict[URIRef, str] = field(default_factory=dict)
    line: dict[URIRef, int] = field(default_factory=dict)
    report: dict[URIRef, URIRef] = field(default_factory=dict)
    reports: dict[URIRef, str] = field(default_factory=dict)  # report IRI -> label
    parent: dict[URIRef, URIRef] = field(default_factory=dict)  # goal -> goal (gk:subGoalOf)
    children: defaultdict[URIRef, list[URIRef]] = field(default_factory=_list)
    serves: dict[URIRef, URIRef] = field(default_factory=dict)  # statement -> goal
    served_by: defaultdict[URIRef, list[URIRef]] = field(default_factory=_list)  # goal -> statements
    paragraph: dict[URIRef, URIRef] = field(default_factory=dict)  # sentence -> paragraph (dcterms:isPartOf)
    mentions: defaultdict[URIRef, list[URIRef]] = field(default_factory=_list)  # statement or goal -> entities
    mentioned_by: defaultdict[URIRef, list[URIRef]] = field(default_factory=_list)
    units: defaultdict[URIRef, list[tuple[str, URIRef]]] = field(default_factory=lambda: defaultdict(list))
    unit_of: defaultdict[URIRef, list[URIRef]] = field(default_factory=_list)  # institution -> statements
    entity_goals: defaultdict[URIRef, list[URIRef]] = field(default_factory=_list)  # entity -> goals (gk:serves)
    located_in: defaultdict[URIRef, list[URIRef]] = field(default_factory=_list)
    associated_with: defaultdict[URIRef, list[URIRef]] = field(default_factory=_list)
    metrics: list[MetricRow] = field(default_factory=list)
    metrics_of: defaultdict[URIRef, list[int]] = field(default_factory=lambda: defaultdict(list))
    statuses: defaultdict[URIRef, list[StatusRow]] = field(default_factory=lambda: defaultdict(list))
    groups: defaultdict[URIRef, list[GroupRow]] = field(default_factory=lambda: defaultdict(list))
    rank: dict[URIRef, int] = field(default_factory=dict)  # the order of nodes everywhere: goals, statements, entities

    def nodes(self, kinds: Iterable[str] | None = None) -> list[URIRef]:
        wanted = set(kinds) if kinds is not None else None
        return sorted((n for n, k in self.kind.items() if wanted is None or k in wanted), key=self.rank.__getitem__)

    def sort(self, nodes: Iterable[URIRef]) -> list[URIRef]:
        """Distinct nodes of this index in rank order (nodes the index does not know are dropped)."""
        return sorted({n for n in nodes if n in self.rank}, key=self.rank.__getitem__)

    def descendants(self, goal: URIRef) -> list[URIRef]:
        """The goal and every goal under it through gk:subGoalOf, in rank order."""
        seen, todo = {goal}, [goal]
        while todo:
            for child in self.children.get(todo.pop(), []):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        return self.sort(seen)

    def ancestors(self, goal: URIRef) -> list[URIRef]:
        out: list[URIRef] = []
        while goal in self.parent and self.parent[goal] not in out:
            goal = self.parent[goal]
            out.append(goal)
        return out

    def entity_parts(self, entity: URIRef) -> list[str]:
        return sorted({self.part[g] for g in self.entity_goals.get(entity, []) if g in self.part})


def load_graph(paths: Iterable[str | Path]) -> Graph:
    """Parse built graphs (Turtle, N-Triples, RDF/XML, JSON-LD, TriG, N-Quads) into one graph, every dataset merged."""
    merged = Graph()
    for given in paths:
        path = Path(given)
        if not path.is_file():
            raise InputError("no such file" if not path.exists() else "not a file", path)
        fmt = guess_format(str(path)) or "turtle"
        try:
            if fmt in ("trig", "nquads"):
                ds = Dataset()
                ds.parse(path, format=fmt)
                for s, p, o, _ in ds.quads((None, None, None, None)):
                    merged.add((s, p, o))
            else:
                merged.parse(path, format=fmt)
        except Exception as exc:  # rdflib raises many types for bad syntax or bad bytes
            why = " ".join(str(exc).split())[:200] or type(exc).__name__
            raise InputError(f"cannot read as {fmt} (is it a graph govkg built?): {why}", path) from exc
    return merged


def _number(lit: object) -> str:
    """A decimal as plain digits, whatever lexical form the file used (4.14E8, 414000000.0 -> 414000000)."""
    try:
        d = Decimal(str(lit))
    except InvalidOperation:
        return str(lit)
    if not d.is_finite():
        return str(lit)
    # exact, however many digits: quantize and normalize would round past the context's 28 digits, or refuse
    if d == d.to_integral_value():
        return f"{d.to_integral_value():f}"
    return f"{d:f}".rstrip("0")


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1]


def _int(lit: object) -> int:
    try:
        return int(str(lit))
    except ValueError:
        return 0


def index_graph(g: Graph | Triples) -> GraphIndex:
    """Read a built graph once; nothing after this touches rdflib."""
    ix = GraphIndex()
    by_class = {getattr(V, k): k for k in NODE_KINDS}
    for s, o in g.subject_objects(RDF.type):
        k = by_class.get(o)
        if isinstance(s, URIRef) and k is not None:
            old = ix.kind.get(s)
            if old is None or NODE_KINDS.index(k) < NODE_KINDS.index(old):
                ix.kind[s] = k
    for s in g.subjects(RDF.type, V.Paragraph):
        # a paragraph divided into sentences (gk:Paragraph, neither gk:Task nor gk:Achievement) is drawn as a
        # statement of its part, with its sentences hanging from it (dcterms:isPartOf)
        if isinstance(s, URIRef) and s not in ix.kind:
            ix.kind[s] = "Achievement" if (s, V.part, V.ReviewPart) in g else "Task"
    for s in g.subjects(RDF.type, V.Report):
        if isinstance(s, URIRef):
            ix.reports[s] = str(g.value(s, RDFS.label) or _local(s).rsplit("/", 1)[-1])

    def text(node: URIRef) -> str:
        prop = V.text if ix.kind[node] in STATEMENT_KINDS else RDFS.label
        values = sorted(str(o) for o in g.objects(node, prop))
        return values[0] if values else _local(node).rsplit("/", 1)[-1]

    order: dict[URIRef, int] = {}
    for node in ix.kind:
        ix.text[node] = text(node)
    for s, o in g.subject_objects(SKOS.altLabel):
        if isinstance(s, URIRef) and s in ix.kind:
            ix.aliases.setdefault(s, []).append(str(o))
    for values in ix.aliases.values():
        values[:] = sorted(set(values))
    for prop, table in ((V.part, ix.part), (V.level, ix.level)):
        names = PARTS if prop == V.part else LEVELS
        for s, o in g.subject_objects(prop):
            if s in ix.kind and o in names:
                table[s] = names[o]  # type: ignore[index]
    for s, o in g.subject_objects(V.line):
        if s in ix.kind:
            ix.line[s] = _int(o)  # type: ignore[index]
    for s, o in g.subject_objects(V.order):
        if s in ix.kind:
            order[s] = _int(o)  # type: ignore[index]
    for s, o in g.subject_objects(V.inReport):
        if s in ix.kind and isinstance(o, URIRef):
            ix.report[s] = o  # type: ignore[index]

    def node_pairs(prop: URIRef) -> list[tuple[URIRef, URIRef]]:
        return [(s, o) for s, o in g.subject_objects(prop) if s in ix.kind and o in ix.kind]  # type: ignore[misc]

    for s, o in node_pairs(V.subGoalOf):
        ix.parent[s] = o
    for s, o in node_pairs(V.serves):
        if ix.kind[s] in STATEMENT_KINDS:
            ix.serves[s] = o
        else:
            ix.entity_goals[s].append(o)
    for s, o in node_pairs(DCTERMS.isPartOf):
        ix.paragraph[s] = o
    for s, o in node_pairs(V.mentions):
        ix.mentions[s].append(o)
    for role, prop in (("lead", V.leadUnit), ("support", V.supportUnit)):
        for s, o in node_pairs(prop):
            ix.units[s].append((role, o))
    for s, o in node_pairs(V.locatedIn):
        ix.located_in[s].append(o)
    for s, o in node_pairs(V.associatedWith):
        ix.associated_with[s].append(o)

    # rank: goals depth-first in document order per report, then statements, then entities by class and name
    reports = sorted(ix.reports, key=lambda r: (ix.reports[r], str(r)))
    report_rank = {r: i for i, r in enumerate(reports)}

    def doc_key(n: URIRef) -> tuple[int, int, str]:
        return (report_rank.get(ix.report.get(n), len(reports)), order.get(n, 0), str(n))  # type: ignore[arg-type]

    for child, parent in ix.parent.items():
        ix.children[parent].append(child)
    for kids in ix.children.values():
        kids.sort(key=doc_key)
    goals = [n for n, k in ix.kind.items() if k in GOAL_KINDS]
    ranked: list[URIRef] = []
    stack = sorted((n for n in goals if n not in ix.parent), key=doc_key, reverse=True)
    while stack:
        n = stack.pop()
        if n in ix.rank:
            continue
        ix.rank[n] = len(ranked)
        ranked.append(n)
        stack.extend(reversed(ix.children.get(n, [])))
    for n in sorted((n for n in goals if n not in ix.rank), key=doc_key):  # goals in a gk:subGoalOf cycle
        ix.rank[n] = len(ranked)
        ranked.append(n)
    rest = sorted((n for n, k in ix.kind.items() if k in STATEMENT_KINDS), key=doc_key)
    kind_rank = {k: i for i, k in enumerate(NODE_KINDS)}
    rest += sorted((n for n, k in ix.kind.items() if k not in GOAL_KINDS | STATEMENT_KINDS),
                   key=lambda n: (kind_rank[ix.kind[n]], ix.text[n], str(n)))
    for n in rest:
        ix.rank[n] = len(ranked)
        ranked.append(n)

    for s, goal in ix.serves.items():
        ix.served_by[goal].append(s)
    for s, ents in ix.mentions.items():
        for e in ents:
            ix.mentioned_by[e].append(s)
    for s, pairs in ix.units.items():
        for _, e in pairs:
            ix.unit_of[e].append(s)
        pairs.sort(key=lambda p: (p[0], ix.rank[p[1]]))
    for links in (ix.served_by, ix.mentions, ix.mentioned_by, ix.unit_of, ix.entity_goals, ix.located_in,
                  ix.associated_with):
        for key in list(links):
            links[key] = ix.sort(links[key])
    _read_claims(g, ix)
    return ix


def _read_claims(g: Graph | Triples, ix: GraphIndex) -> None:
    """Metrics (on their statement and entity), project statuses and counted groups."""

    def one(node: object, prop: URIRef) -> object | None:
        values = list(g.objects(node, prop))  # type: ignore[arg-type]
        if len(values) <= 1:
            return values[0] if values else None
        return min(values, key=str)  # the first by text, as sorting them would give

    def ref(node: object) -> URIRef | None:
        return node if isinstance(node, URIRef) and node in ix.kind else None

    rows = []
    for m in g.subjects(RDF.type, V.Metric):
        value, vmax, year, kind = one(m, V.value), one(m, V.valueMax), one(m, V.year), one(m, V.kind)
        rows.append(MetricRow(
            value=_number(value) if value is not None else "", value_max=_number(vmax) if vmax is not None else None,
            unit=str(one(m, V.unit) or ""), raw=str(one(m, V.rawText) or ""),
            year=str(year) if year is not None else None, kind=_local(kind) if kind is not None else None,
            qualifier=str(q) if (q := one(m, V.qualifierText)) is not None else None,
            measure=str(one(m, V.measure) or ""), about=ref(one(m, V.about)), stated_in=ref(one(m, V.statedIn)),
            start=_int(one(m, V.startOffset) or 0),
        ))
    end = len(ix.rank)
    rows.sort(key=lambda r: (ix.rank.get(r.stated_in, end) if r.stated_in else end, r.start, r.raw, r.value))
    ix.metrics = rows
    for i, r in enumerate(rows):
        for node in (r.stated_in, r.about):
            if node is not None and i not in ix.metrics_of[node]:
                ix.metrics_of[node].append(i)
    for claim in g.subjects(RDF.type, V.StatusAssertion):
        entity, status, year = ref(one(claim, V.statusOf)), one(claim, V.status), one(claim, V.year)
        if entity is not None and status is not None:
            ix.statuses[entity].append(StatusRow(_local(status), str(year) if year is not None else None,
                                                 ref(one(claim, V.statedIn))))
    for entity_rows in ix.statuses.values():
        entity_rows.sort(key=lambda r: (r.year or "", ix.rank.get(r.stated_in, end) if r.stated_in else end, r.status))
    for group in g.subjects(RDF.type, V.CountedGroup):
        stmt = ref(one(group, V.statedIn))
        if stmt is not None:
            members = tuple(ix.sort(m for m in g.objects(group, V.member) if isinstance(m, URIRef)))
            ix.groups[stmt].append(GroupRow(str(one(group, RDFS.label) or ""), _int(one(group, V.memberCount) or 0),
                                            members))
    for group_rows in ix.groups.values():
        group_rows.sort(key=lambda r: (r.label, r.count))


__all__ = ["GraphIndex", "index_graph", "load_graph"]
