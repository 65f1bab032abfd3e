"""Extraction -> Extraction that the shapes accept: a detail our own reading got inconsistent is dropped or mended
with a warning naming its line, so that it costs that detail, never the report. SHACL stays strict for the rest.

What the extraction can get wrong against ontology/shapes.ttl, and what is done here:

- a counted group lists more distinct members than its count (gksh:ReportConsistencyShape): its members are dropped,
  its name and count are kept;
- a metric's range is empty or reversed (gk:value sh:lessThan gk:valueMax) or its range qualifier and upper end
  disagree (gksh:MetricRangeShape, gksh:MetricValueMaxShape): the upper end and the range qualifier are dropped;
- a statement's text starts or ends with whitespace (gksh:StatementShape, "text trimmed"): text and span are trimmed;
- a link names an entity that is not in the extraction, or gk:locatedIn / the report's region names one that is not
  an Area (sh:class): the link is dropped;
- a metric without a year because the report's year is unknown: kept (gk:year is optional), with one warning.
"""

from __future__ import annotations

from govkg.graph import entity_iri
from govkg.models import Extraction, ReadingWarning, Span


def repair(x: Extraction) -> tuple[Extraction, list[ReadingWarning]]:
    """Mend or drop every inconsistent detail of `x` (in place, like `metadata.apply`); return it and one warning
    per repair."""
    doc = x.document
    warnings: list[ReadingWarning] = []

    def warn(code: str, span: Span, message: str) -> None:
        warnings.append(ReadingWarning(code=code, line=doc.raw_line(span), message=message))

    names = {e.name: e for e in x.entities}
    first_span = {e.name: e.mentions[0].span for e in x.entities if e.mentions}
    stmt_span = {s.id: s.span for s in x.outline.statements}

    # statements: no surrounding whitespace (the text stays text[start:end])
    for s in x.outline.statements:
        trimmed = s.text.strip()
        if trimmed and trimmed != s.text:
            lead = len(s.text) - len(s.text.lstrip())
            s.span = Span(start=s.span.start + lead, end=s.span.start + lead + len(trimmed))
            s.text = trimmed
            warn("statement-text", s.span, f"statement {s.id}: surrounding whitespace trimmed")

    # links to entities: each must name an entity of the extraction (and an Area where the shapes say so)
    def known(name: str | None, area: bool = False) -> bool:
        e = names.get(name or "")
        return e is not None and (not area or e.type == "Area")

    for e in x.entities:
        span = first_span.get(e.name, Span(start=0, end=0))
        for name in [a for a in e.located_in if not known(a, area=True)]:
            warn("dangling-link", span, f"{e.name} located in {name}: not an extracted Area; link dropped")
        for name in [a for a in e.associated_with if not known(a)]:
            warn("dangling-link", span, f"{e.name} associated with {name}: not an extracted entity; link dropped")
        e.located_in = [a for a in e.located_in if known(a, area=True)]
        e.associated_with = [a for a in e.associated_with if known(a)]
    for m in x.metrics:
        if m.about is not None and not known(m.about):
            warn("dangling-link", m.span, f"metric {m.raw}: measures {m.about}, not an extracted entity; link dropped")
            m.about = None
    for st in list(x.statuses):
        if not known(st.entity):
            warn("dangling-link", st.span, f"status of {st.entity}: not an extracted entity; dropped")
    x.statuses = [st for st in x.statuses if known(st.entity)]
    for r in x.roles:
        if not known(r.entity):
            warn("dangling-link", stmt_span.get(r.statement, Span(start=0, end=0)),
                 f"{r.role} unit {r.entity}: not an extracted entity; dropped")
    x.roles = [r for r in x.roles if known(r.entity)]
    if x.region is not None and not known(x.region, area=True):
        what = f"a {names[x.region].type}" if x.region in names else "no entity"
        warn("dangling-link", first_span.get(x.region, Span(start=0, end=0)),
             f"the report's region {x.region} is extracted as {what}, not an Area; the report gets no gk:region")
        x.region = None

    # counted groups: no more distinct members than the count (六大产业集群 lists six at most)
    for cg in x.groups:
        members = [m for m in cg.members if known(m)]
        if len(members) != len(cg.members):
            warn("dangling-link", cg.span, f"counted group {cg.label}: members that are not extracted entities dropped")
        distinct = {entity_iri(m, x.region, x.meta.id if x.meta else None) for m in members}
        if len(distinct) > cg.count:
            warn("group-members", cg.span, f"counted group {cg.label} names {len(distinct)} members for a count of "
                 f"{cg.count}; its members are left out (its name and count are kept)")
            members = []
        cg.members = members

    # metric ranges: an upper end above the value, and only with the range qualifier
    for m in x.metrics:
        if m.value_max is not None and (m.value_max <= m.value or m.qualifier != "range"):
            warn("metric-range", m.span, f"metric {m.raw}: the range {m.value}–{m.value_max} is not a range; "
                 f"its upper end is dropped")
            m.value_max = None
            if m.qualifier == "range":
                m.qualifier, m.qualifier_text = None, None
        elif m.qualifier == "range" and m.value_max is None:
            warn("metric-range", m.span, f"metric {m.raw}: a range without an upper end; the range qualifier is dropped")
            m.qualifier, m.qualifier_text = None, None

    # metrics without a year: the report's year is unknown
    years = {"review": x.outline.review_year, "plan": x.outline.plan_year}
    part = {s.id: s.part for s in x.outline.statements} | {c.id: c.part for c in x.outline.contexts if c.part}
    yearless = [m for m in x.metrics if m.year is None and years.get(part.get(m.statement, "plan")) is None]
    if yearless:
        warn("metric-year", yearless[0].span,
             f"{len(yearless)} metric{'s' if len(yearless) != 1 else ''} without a year: the report's year is "
             f"unknown (give it with --year)")
    return x, warnings
