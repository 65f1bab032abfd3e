"""Extraction -> Triples (pure: no I/O), and an rdflib.Graph of them on request. Every term comes from `vocab`."""

from __future__ import annotations

from bisect import bisect_left
from decimal import Decimal
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from govkg import __version__, iris
from govkg import vocab as V
from govkg.extract import lexicon
from govkg.iris import indicator_iri, report_iri
from govkg.metadata import describe
from govkg.metadata import label as report_label
from govkg.models import Extraction, Reading, Span
from govkg.resolve import region_relative
from govkg.triples import Triples

QUDT_UNITS = {
    "%": V.UNIT.PERCENT,
    "平方米": V.UNIT.M2,
    "平方公里": V.UNIT.KiloM2,
    "公里": V.UNIT.KiloM,
    "米": V.UNIT.M,
    "公顷": V.UNIT.HA,
    "吨": V.UNIT.TONNE,
    "千瓦": V.UNIT.KiloW,
    "兆瓦": V.UNIT.MegaW,
    "千瓦时": V.UNIT["KiloW-HR"],
    "立方米": V.UNIT.M3,
    "公斤": V.UNIT.KiloGM,
    "微克": V.UNIT.MicroGM,
    "毫克": V.UNIT.MilliGM,
    "微克/立方米": V.UNIT["MicroGM-PER-M3"],
    "兆瓦时": V.UNIT["MegaW-HR"],
    "天": V.UNIT.DAY,
    "小时": V.UNIT.HR,
    "分钟": V.UNIT.MIN,
    "月": V.UNIT.MO,
    "元": URIRef("http://qudt.org/vocab/currency/CNY"),
    "美元": URIRef("http://qudt.org/vocab/currency/USD"),
}
COUNT_UNITS = {"个", "家", "项", "条", "所", "处", "座", "张", "套", "件", "人", "名", "户", "辆", "台", "栋", "间", "场",
               "次", "类", "支", "株", "棵", "宗", "笔", "批", "部", "门", "届", "位", "只", "头", "册", "期", "人次",
               "口", "起", "例", "艘", "架"}


def entity_iri(name: str, region: str | None = None, report_id: str | None = None) -> URIRef:
    """gkid:<name>, qualified by the region (or the report) when the name is region-relative (`govkg.iris`)."""
    return iris.entity_iri(name, region, report_id, relative=region_relative(name))


# rdflib's namespace objects look each attribute up with a call; the builder reads these thousands of times
TYPE, LABEL, ALT_LABEL, IN_SCHEME, PREF_LABEL = RDF.type, RDFS.label, SKOS.altLabel, SKOS.inScheme, SKOS.prefLabel
TITLE, IS_PART_OF = DCTERMS.title, DCTERMS.isPartOf
PROV_ENTITY, PROV_ACTIVITY, PROV_AGENT = PROV.Entity, PROV.Activity, PROV.SoftwareAgent
GENERATED_BY, ASSOCIATED_WITH, USED, DERIVED_FROM = (PROV.wasGeneratedBy, PROV.wasAssociatedWith, PROV.used,
                                                     PROV.wasDerivedFrom)
CONCEPT_SCHEME, CONCEPT = SKOS.ConceptScheme, SKOS.Concept
INTEGER, GYEAR, DECIMAL, XSD_DATE = XSD.integer, XSD.gYear, XSD.decimal, XSD.date


# Literals repeat (offsets, orders, years, short labels), and rdflib checks each one it makes: make each once.
@lru_cache(maxsize=4096)
def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


@lru_cache(maxsize=65536)
def _int(n: int) -> Literal:
    return Literal(n, datatype=INTEGER)


@lru_cache(maxsize=1024)
def _year(y: int) -> Literal:
    return Literal(f"{y:04d}", datatype=GYEAR)


def _dec(d: Decimal) -> Literal:
    return Literal(d, datatype=DECIMAL)


@lru_cache(maxsize=4096)
def _plain(text: str) -> Literal:
    return Literal(text)


def build(x: Extraction) -> Graph:
    """The RDF graph of one report, as an rdflib.Graph (what `triples` makes, in the form rdflib users expect)."""
    return triples(x).graph()


def triples(x: Extraction) -> Triples:
    """The triples of one report's graph."""
    g = Triples()
    doc, ol = x.document, x.outline

    def eiri(name: str) -> URIRef:
        return entity_iri(name, x.region, meta.id)

    meta = x.meta or describe(x)
    report = report_iri(meta.id)
    scheme = iris.node_iri(report, "goals")
    activity = iris.node_iri(report, "extraction")
    agent = iris.agent_iri(__version__)

    newlines = doc.newlines()  # for `raw_line`, read once (the document's private attribute costs a call)

    def offsets(node: URIRef, span: Span, raw: bool = True) -> None:
        g.add((node, V.startOffset, _int(span.start)))
        g.add((node, V.endOffset, _int(span.end)))
        if raw:
            rs, re_ = doc.raw_span(span)
            g.add((node, V.rawStartOffset, _int(rs)))
            g.add((node, V.rawEndOffset, _int(re_)))
            g.add((node, V.line, _int(bisect_left(newlines, rs) + 1)))  # doc.raw_line(span)

    # report, provenance
    g.add((report, TYPE, V.Report))
    g.add((report, TYPE, PROV_ENTITY))  # stated, not only inferred: PROV tools need no reasoner
    g.add((report, TYPE, V.REPORT_KINDS[meta.kind]))
    label = report_label(meta)
    g.add((report, LABEL, _zh(label)))
    g.add((report, TITLE, _zh(meta.title)))
    if meta.presenter:
        g.add((report, V.presenter, _zh(meta.presenter)))
    if meta.presenter_title:
        g.add((report, V.presenterTitle, _zh(meta.presenter_title)))
    g.add((report, V.sourceFile, _plain(doc.name)))
    g.add((report, V.sha256, Literal(doc.sha256)))
    g.add((report, V.encoding, Literal(doc.encoding)))
    g.add((report, V.cleanText, Literal(doc.text)))
    g.add((report, V.goalTree, scheme))
    g.add((report, GENERATED_BY, activity))
    if ol.review_year:
        g.add((report, V.reviewYear, _year(ol.review_year)))
    if ol.plan_year:
        g.add((report, V.planYear, _year(ol.plan_year)))
    if x.region:
        g.add((report, V.region, eiri(x.region)))
        if meta.region_code and meta.region == x.region:
            g.add((eiri(x.region), V.divisionCode, Literal(meta.region_code)))
        if meta.level and meta.region == x.region:
            g.add((eiri(x.region), V.administrativeLevel, V.ADMIN_LEVELS[meta.level]))
    # what decided the report's identity, and its date and session as the title block gives them
    for name, prop in V.EVIDENCE_PROPERTIES.items():
        if name in meta.evidence:
            g.add((report, prop, V.IDENTITY_EVIDENCE[meta.evidence[name]]))
    if meta.delivered:
        g.add((report, V.deliveredOn, Literal(meta.delivered, datatype=XSD_DATE)))
    if meta.session:
        g.add((report, V.session, _zh(meta.session)))
    g.add((scheme, TYPE, CONCEPT_SCHEME))
    g.add((scheme, LABEL, _zh(f"{label}：目标体系")))
    g.add((activity, TYPE, V.ExtractionActivity))
    g.add((activity, TYPE, PROV_ACTIVITY))
    g.add((activity, ASSOCIATED_WITH, agent))
    g.add((activity, USED, report))
    g.add((activity, V.softwareVersion, Literal(__version__)))
    g.add((agent, TYPE, PROV_AGENT))
    g.add((agent, LABEL, Literal(f"govkg {__version__}")))
    g.add((agent, V.softwareVersion, Literal(__version__)))

    # goals
    goal_iri = {gl.id: iris.goal_iri(report, gl.id) for gl in ol.goals}
    for gl in ol.goals:
        n = goal_iri[gl.id]
        g.add((n, TYPE, V.Part if gl.level == "part" else V.Goal))
        g.add((n, LABEL, _zh(gl.title)))
        g.add((n, V.text, _zh(gl.title)))
        g.add((n, V.inReport, report))
        g.add((n, V.part, V.PARTS[gl.part]))
        g.add((n, V.level, V.LEVELS[gl.level]))
        g.add((n, IN_SCHEME, scheme))
        g.add((n, V.order, _int(gl.order)))
        if gl.parent:
            g.add((n, V.subGoalOf, goal_iri[gl.parent]))
        if gl.marker:
            g.add((n, V.marker, _plain(gl.marker)))
        if gl.year:
            g.add((n, V.year, _year(gl.year)))
        offsets(n, gl.span)

    # statements
    stmt_iri = {s.id: iris.statement_iri(report, s.id) for s in ol.statements}
    goal_of = {s.id: s.goal for s in ol.statements}
    goal_year = {gl.id: gl.year for gl in ol.goals}
    year_of_stmt = {s.id: goal_year.get(s.goal) for s in ol.statements}
    for s in ol.statements:
        n = stmt_iri[s.id]
        # a paragraph divided into sentences is not a statement itself: `?s a gk:Task` matches each sentence once
        g.add((n, TYPE, V.Paragraph if s.has_parts else V.Achievement if s.part == "review" else V.Task))
        g.add((n, V.text, _zh(s.text)))
        g.add((n, V.serves, goal_iri[s.goal]))
        g.add((n, V.inReport, report))
        g.add((n, V.part, V.PARTS[s.part]))
        g.add((n, V.order, _int(s.order)))
        g.add((n, DERIVED_FROM, report))
        if s.marker:
            g.add((n, V.marker, _plain(s.marker)))
        if s.parent:
            g.add((n, IS_PART_OF, stmt_iri[s.parent]))
        y = year_of_stmt[s.id]
        if y:
            g.add((n, V.year, _year(y)))
        offsets(n, s.span)

    # contexts: sidebars, appendices, the shortcomings paragraph
    context_iri = {c.id: iris.node_iri(report, c.id) for c in ol.contexts}
    for c in ol.contexts:
        n = context_iri[c.id]
        g.add((n, TYPE, V.Context))
        g.add((n, V.text, _zh(c.text)))
        g.add((n, V.contextKind, _plain(c.kind)))
        g.add((n, V.inReport, report))
        if c.part:
            g.add((n, V.part, V.PARTS[c.part]))
        offsets(n, c.span)

    # entities
    for e in x.entities:
        n = eiri(e.name)
        g.add((n, TYPE, V.ENTITY_CLASSES[e.type]))
        g.add((n, LABEL, _zh(e.name)))
        for alias in e.aliases:
            g.add((n, ALT_LABEL, _zh(alias)))
        if x.region and e.name != x.region and x.region[-1] == e.name[0] and region_relative(e.name):
            g.add((n, ALT_LABEL, _zh(x.region + e.name[1:])))  # 区财政局 of 顺义区 is 顺义区财政局
        for mention in e.mentions:
            if mention.statement is not None:
                g.add((stmt_iri[mention.statement], V.mentions, n))
            elif mention.goal is not None:
                g.add((goal_iri[mention.goal], V.mentions, n))
            elif mention.context is not None:
                g.add((context_iri[mention.context], V.mentions, n))
                continue  # a sidebar names things; they serve no goal through it
            if mention.nested_in is not None:
                continue
            goal = goal_of.get(mention.statement) if mention.statement else mention.goal
            if goal is not None:
                g.add((n, V.serves, goal_iri[goal]))
        for area in e.located_in:
            g.add((n, V.locatedIn, eiri(area)))
        for other in e.associated_with:
            g.add((n, V.associatedWith, eiri(other)))

    # task-division fields
    for r in x.roles:
        g.add((stmt_iri[r.statement], V.leadUnit if r.role == "lead" else V.supportUnit, eiri(r.entity)))
    for asg in ol.assignments:
        if asg.role == "deadline" and asg.text:
            g.add((stmt_iri[asg.statement], V.deadline, Literal(asg.text)))

    # nodes numbered within their statement: metric/review-1.2-1, group/…, status/…
    counters: dict[tuple[str, str], int] = {}

    def numbered(kind: str, statement: str) -> URIRef:
        counters[(kind, statement)] = counters.get((kind, statement), 0) + 1
        return iris.numbered_iri(report, kind, statement, counters[(kind, statement)])

    part_of = {s.id: s.part for s in ol.statements}
    # a newspaper's lead (gk:Context 导语) states figures too: they are stated in the context
    for c in ol.contexts:
        if c.part is not None:
            part_of[c.id] = c.part
            year_of_stmt[c.id] = ol.review_year if c.part == "review" else ol.plan_year
            stmt_iri[c.id] = context_iri[c.id]

    # metrics
    indicators: set[str] = set()
    for m in x.metrics:
        n = numbered("metric", m.statement)
        part = part_of[m.statement]
        g.add((n, TYPE, V.Metric))
        g.add((n, V.value, _dec(m.value)))
        if m.value_max is not None:
            g.add((n, V.valueMax, _dec(m.value_max)))
        g.add((n, V.unit, _plain(m.unit)))
        q = QUDT_UNITS.get(m.unit) or (V.UNIT.NUM if m.unit in COUNT_UNITS else None)
        if q is not None:
            g.add((n, V.qudtUnit, q))
            g.add((q, TYPE, V.QUDT.Unit))  # stated, so that gk:qudtUnit's range infers nothing new
        y = m.year or year_of_stmt[m.statement]
        if y:
            g.add((n, V.year, _year(y)))
        g.add((n, V.kind, V.METRIC_KINDS[m.kind] if m.kind else V.KINDS[part]))
        if m.threshold:
            g.add((n, V.threshold, Literal(m.threshold)))
        if m.qualifier:
            g.add((n, V.qualifier, V.QUALIFIERS[m.qualifier]))
        if m.qualifier_text:
            g.add((n, V.qualifierText, Literal(m.qualifier_text)))
        if m.about:
            g.add((n, V.about, eiri(m.about)))
        if m.indicator:
            g.add((n, V.indicator, indicator_iri(m.indicator)))
            indicators.add(m.indicator)
        g.add((n, V.statedIn, stmt_iri[m.statement]))
        g.add((n, V.rawText, Literal(m.raw)))
        if m.measure:
            g.add((n, V.measure, Literal(m.measure)))
        if m.counted:
            g.add((n, V.counted, Literal(m.counted)))
        g.add((n, V.inReport, report))
        offsets(n, m.span)

    for ind_id in sorted(indicators):
        ind = lexicon.indicator(ind_id)
        n = indicator_iri(ind_id)
        g.add((n, TYPE, V.Indicator))
        g.add((n, TYPE, CONCEPT))
        g.add((n, IN_SCHEME, V.IndicatorScheme))
        g.add((n, LABEL, _zh(ind.name)))
        g.add((n, LABEL, Literal(ind.english, lang="en")))
        g.add((n, PREF_LABEL, _zh(ind.name)))
        g.add((n, V.lowerIsBetter, Literal(ind.lower_is_better)))

    # counted groups
    for cg in x.groups:
        n = numbered("group", cg.statement)
        g.add((n, TYPE, V.CountedGroup))
        g.add((n, LABEL, _zh(cg.label)))
        g.add((n, V.memberCount, _int(cg.count)))
        for mem in cg.members:
            g.add((n, V.member, eiri(mem)))
        g.add((n, V.statedIn, stmt_iri[cg.statement]))
        g.add((n, V.rawText, Literal(cg.raw)))
        g.add((n, V.inReport, report))
        offsets(n, cg.span)

    # project statuses
    for st in x.statuses:
        n = numbered("status", st.statement)
        part = part_of[st.statement]
        g.add((n, TYPE, V.StatusAssertion))
        g.add((n, V.statusOf, eiri(st.entity)))
        g.add((n, V.status, V.STATUSES[st.status]))
        g.add((n, V.assertionKind, V.KINDS[part]))
        y = year_of_stmt[st.statement]
        if y:
            g.add((n, V.year, _year(y)))
        g.add((n, V.statedIn, stmt_iri[st.statement]))
        g.add((n, V.inReport, report))

    if x.reading is not None:
        measured = x.reading
    else:  # an extraction made without the pipeline: measure it here
        from govkg.quality import reading

        measured = reading(x)
    _reading(g, report, iris.node_iri(report, "reading"), measured)
    return g


def _reading(g: Triples, report: URIRef, node: URIRef, r: Reading) -> None:
    """gk:reading: the report's counts, coverage and warnings (govkg.quality), warnings numbered in line order."""
    g.add((report, V.reading, node))
    g.add((node, TYPE, V.ReadingReport))
    for prop, n in ((V.goalCount, r.goals), (V.statementCount, r.statements), (V.entityCount, r.entities),
                    (V.metricCount, r.metrics), (V.unreadQuantityCount, r.unread_count)):
        g.add((node, prop, _int(n)))
    g.add((node, V.coverage, _dec(r.coverage)))
    g.add((node, V.headingShare, _dec(r.heading_share)))
    for k, w in enumerate(r.warnings, 1):
        wn = iris.warning_iri(node, k)
        g.add((node, V.warning, wn))
        g.add((wn, TYPE, V.ReadingWarning))
        g.add((wn, V.warningCode, Literal(w.code)))
        g.add((wn, V.warningMessage, Literal(w.message)))
        g.add((wn, V.line, _int(w.line)))
