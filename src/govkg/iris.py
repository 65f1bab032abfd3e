"""Every IRI govkg mints, and the parsing of them: one scheme under https://w3id.org/govkg/id/.

    gkid:<name>                              an entity (运河商务区), named by its canonical name
    gkid:<region>/<name>                     a region-relative entity (顺义区/区财政局, 省委 of one province)
    gkid:indicator/<id>                      an indicator of the SKOS scheme (forest-coverage)
    gkid:software/govkg/<version>            the software agent
    gkid:report/<report-id>                  a report: <division code>/<year>/<kind>, or a file stem
    gkid:report/<report-id>/<local>          a node of the report: goal/plan-1-2, statement/review-1.4,
                                             metric/review-1.4-1, context-2, goals, reading, extraction, …
    gkid:report/<report-id>/<name>           a report-qualified entity when the region is unknown
    <promise IRI>/check                      the check of one promise
    gkid:dataset/promise-checks              the named graph of a dataset's promise checks

An entity's name keeps its letters and digits as they are (the IRI reads as the name does) and percent-encodes
every other character. The IRIs are stable across versions; Turtle writes them in full where a prefixed name
would need a backslash escape (`govkg.export.turtle`). This module imports nothing of the extractor, so that
stores and queries can use it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote

from rdflib import URIRef

from govkg import vocab as V

BASE = str(V.ID)
#: The named graph of a dataset's promise checks (dataset.trig, promises.ttl).
PROMISES_GRAPH = f"{BASE}dataset/promise-checks"
#: The kinds of node numbered within a statement: metric/review-1.2-1, group/…, status/….
NUMBERED_KINDS = ("metric", "group", "status")


#: Width folding of digits and letters (０-９, Ａ-ｚ) and the quotation and book-title marks a name drops, as one
#: table: no folded character is one of the marks, so folding and dropping in one pass is folding, then dropping.
_NORMALISE = str.maketrans({**{chr(c): chr(c - 0xFEE0) for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF5B))},
                            **dict.fromkeys("“”\"'‘’《》「」")})


@lru_cache(maxsize=1 << 16)
def normalise(name: str) -> str:
    """Canonical spelling of a name: width-folded digits and letters, no quotation marks or book-title marks."""
    return name.translate(_NORMALISE).strip()


@lru_cache(maxsize=1 << 16)
def iri_name(name: str) -> str:
    """The readable, deterministic local part of an entity IRI: the canonical name itself (运河商务区), with only
    characters that are neither letters nor digits percent-encoded, so that the IRI reads as the name does."""
    out = []
    for ch in normalise(name).replace(" ", "_"):
        if ch in "-_.~" or (ch.isascii() and ch.isalnum()) or (not ch.isascii() and unicodedata.category(ch)[0] in "LN"):
            out.append(ch)
        else:
            out.append(quote(ch, safe=""))
    return "".join(out)


# ---------------------------------------------------------------- minting
def report_iri(report_id: str) -> URIRef:
    """gkid:report/<id>, where <id> is ReportMeta.id (110112/2023/work-report, or the file stem as `iri_name` writes it)."""
    return V.ID[f"report/{report_id}"]


def report_iri_of_stem(stem: str) -> URIRef:
    """The report IRI a file of that stem gets when nothing in it names its report."""
    return report_iri(iri_name(stem))


def node_iri(report: URIRef | str, local: str) -> URIRef:
    """A node of a report: goal/plan-1-2, statement/review-1.4, context-2, goals, reading, extraction."""
    return URIRef(f"{report}/{local}")


def goal_iri(report: URIRef | str, goal_id: str) -> URIRef:
    return node_iri(report, f"goal/{goal_id}")


def statement_iri(report: URIRef | str, statement_id: str) -> URIRef:
    return node_iri(report, f"statement/{statement_id}")


def numbered_iri(report: URIRef | str, kind: str, statement_id: str, n: int) -> URIRef:
    """The n-th metric, counted group or status stated in one statement (metric/review-1.2-1)."""
    if kind not in NUMBERED_KINDS:
        raise ValueError(f"not a numbered kind: {kind!r}")
    return node_iri(report, f"{kind}/{statement_id}-{n}")


def warning_iri(reading: URIRef | str, n: int) -> URIRef:
    return URIRef(f"{reading}/warning-{n}")


def indicator_iri(indicator_id: str) -> URIRef:
    return V.ID[f"indicator/{indicator_id}"]


def agent_iri(version: str) -> URIRef:
    return V.ID[f"software/govkg/{quote(version, safe='')}"]


def entity_iri(name: str, region: str | None = None, report_id: str | None = None, relative: bool = False) -> URIRef:
    """gkid:<name>; a region-relative name (`relative`: 区财政局, 省委, 镇卫生院, 两区) is qualified by the report's
    region, gkid:顺义区/区财政局, so that the finance bureaus of two districts stay two nodes in a dataset; when the
    region is unknown, by the report itself (gkid:report/<id>/省委), so that it never merges with another report's."""
    if relative and name != region:
        if region:
            return V.ID[f"{iri_name(region)}/{iri_name(name)}"]
        if report_id:
            return V.ID[f"report/{report_id}/{iri_name(name)}"]
    return V.ID[iri_name(name)]


def check_iri(promise: str) -> str:
    """The check of one promise (a target metric or status)."""
    return f"{promise}/check"


# ---------------------------------------------------------------- parsing
@dataclass(frozen=True)
class Parsed:
    """What an IRI of ours names. `kind` is report, node, entity, indicator, software, dataset or foreign."""

    kind: str
    report_id: str | None = None  # of a report and its nodes
    local: str = ""  # a node's path within its report (goal/plan-1-2), an entity's decoded name, an indicator's id

    @property
    def node_kind(self) -> str:
        """goal, statement, metric, group, status, context, reading … for a report's node."""
        return re.split(r"[/-]", self.local, maxsplit=1)[0] if self.kind == "node" else ""


_REPORT_ID = re.compile(r"(?P<id>[^/]+/\d{4}/[a-z-]+|[^/]+)(?:/(?P<rest>.+))?")
_NODE_HEADS = ("goal", "statement", "metric", "group", "status", "context", "reading", "goals", "extraction")


def path(iri: str) -> str | None:
    """The decoded path of one of our IRIs under gkid: (运河商务区, 顺义区/区财政局, report/110112/2023/summary/…),
    or None for any other IRI."""
    iri = str(iri)
    return unquote(iri[len(BASE):]) if iri.startswith(BASE) else None


def goal_id(iri: str) -> str:
    """The id a goal has in its report (review-1, plan-2-1)."""
    p = parse(iri)
    return p.local.removeprefix("goal/") if p.kind == "node" else str(iri).rsplit("/", 1)[-1]


def parse(iri: str) -> Parsed:
    """The parts of an IRI minted here (kind "foreign" for any other)."""
    iri = str(iri)
    if not iri.startswith(BASE):
        return Parsed("foreign")
    rest = iri[len(BASE):]
    head, _, tail = rest.partition("/")
    if head == "report" and tail:
        m = _REPORT_ID.fullmatch(tail)
        assert m is not None
        report_id, local = m.group("id"), m.group("rest") or ""
        if not local:
            return Parsed("report", report_id)
        if local.split("/", 1)[0].split("-", 1)[0] in _NODE_HEADS:
            return Parsed("node", report_id, local)
        return Parsed("entity", report_id, unquote(local))
    if head == "indicator" and tail:
        return Parsed("indicator", None, tail)
    if head == "software":
        return Parsed("software", None, tail)
    if head == "dataset":
        return Parsed("dataset", None, tail)
    return Parsed("entity", None, unquote(rest))
