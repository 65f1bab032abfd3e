"""Extraction -> ReportMeta: the report's region, years, kind, title and presenter, and the IRI they give it."""

from __future__ import annotations

import re

from govkg.extract import lexicon, report_text
from govkg.identity import identify, level_of, place_of
from govkg.iris import iri_name
from govkg.models import Entity, Extraction, MetaOverrides, ReportKind, ReportMeta
from govkg.patterns import HAN_CLASS

#: A title names the document: 政府工作报告, …分工方案, …要点, …清单.
TITLE_WORDS = re.compile(r"报告|方案|清单|要点|摘要|速览|计划")
TASK_DIVISION = re.compile(r"分工|任务清单|责任清单|任务分解")
#: A digest of a report rather than the report: 要点, 摘要, 一图读懂, 节选 …
#: Sidebars whose words may name the session a report was delivered at: a newspaper's editor's note (its lead and
#: the opening words that cite the session are read too; the title block and the preamble first).
SESSION_SIDEBARS = ("编者按", "编者的话")
SUMMARY = re.compile(r"要点|摘要|速览|一图|图解|节选|清单|解读|简报")
#: 区长 孟景伟 / 区长孟景伟作政府工作报告 / 代市长 某某 / 鹤川市市长　沈嘉禾: the head of government who presented the
#: report (after a unit's name or nothing Chinese; never 副市长).
PRESENTER = re.compile(
    rf"(?:(?<![{HAN_CLASS}])|(?<=[省市区县州旗盟镇乡]))(?P<title>代?(?:省|市|区|县|州|旗|盟|镇|乡)长)[\s\u3000]*"
    rf"(?P<name>[{HAN_CLASS}·]{{2,4}}?)(?=作|代表|在|[\s\u3000，。、：]|$)"
)
KIND_NAMES: dict[ReportKind, str] = {"work-report": "政府工作报告", "summary": "政府工作报告摘要",
                                     "task-division": "政府工作报告重点任务分工"}


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def printed_title(x: Extraction) -> str:
    """The report's title as printed: a preamble line that names the document, else the first short line."""
    doc, ol = x.document, x.outline
    head = _lines(doc.text[ol.preamble.start : ol.preamble.end]) if ol.preamble else []
    short = [t for t in head if 2 <= len(t) <= 60 and "。" not in t and not t.startswith(("——", "—", "（"))]
    named = [t for t in short if TITLE_WORDS.search(t)]
    return (named or short or [doc.stem])[0]


def presenter(text: str) -> tuple[str, str] | None:
    """(title, name) of the presenter from a byline (区长 某某) or a lead (区长某某作政府工作报告)."""
    for line in _lines(text):
        if len(line) > 16 and "报告" not in line:
            continue
        for m in PRESENTER.finditer(line):
            if len(line) <= 16 or line[m.end() : m.end() + 1] == "作":
                return m.group("title"), m.group("name")
    return None


def _kind(x: Extraction, title: str, lines: list[str] | None = None) -> ReportKind:
    """What the title (or a subtitle: ——青峦区政府工作报告要点速览) calls the document."""
    named = [title, *(ln for ln in lines or () if "报告" in ln or TITLE_WORDS.search(ln))]
    if any(TASK_DIVISION.search(t) for t in named) or (x.outline.assignments and not x.outline.review_year):
        return "task-division"
    if any(SUMMARY.search(t) for t in named):
        return "summary"
    return "work-report"


def report_id(region: str | None, code: str | None, year: int | None, kind: ReportKind, stem: str) -> str:
    """<division code>/<year>/<kind> (110112/2023/work-report); the region's name stands in for an unknown code
    (柳岸区/2023/work-report, readable like entity IRIs); the file stem when the region or year is unknown."""
    if year is None or not (code or region):
        return iri_name(stem)
    return f"{code or iri_name(region or '')}/{year}/{kind}"


def title_lines(x: Extraction) -> list[str]:
    """The lines of the title block (title, subtitle, byline, date, presenter), then the preamble's other short
    lines (a newspaper's headline after its masthead)."""
    from govkg.outline.cues import TITLE_BLOCK

    block = next((c for c in x.outline.contexts if c.kind == TITLE_BLOCK), None)
    lines = _lines(block.text) if block is not None else []
    ol = x.outline
    head = _lines(x.document.text[ol.preamble.start : ol.preamble.end]) if ol.preamble else []
    # a newspaper's headline and subtitle come after its masthead and editor's note, still short lines
    return lines + [t for t in head if len(t) <= 60 and not re.search("[。！？]", t) and t not in lines][:8]


def describe(x: Extraction, overrides: MetaOverrides | None = None) -> ReportMeta:
    """The report's metadata, from the text (`govkg.identity`: each field from the strongest evidence), with each
    override replacing what the text says."""
    o = overrides or MetaOverrides()
    ol = x.outline
    title = o.title or printed_title(x)
    lines = title_lines(x)
    if title not in lines:
        lines = [title, *lines]
    kind = o.kind or _kind(x, title, lines)
    head = x.document.text[ol.preamble.start : ol.preamble.end] if ol.preamble else ""
    # a newspaper's editor's note or lead names the session its page reports on (1月11日，青峦区第三届人民代表大会…)
    from govkg.outline.cues import LEAD, OPENING

    head += "".join("\n" + c.text for c in ol.contexts if c.kind in (*SESSION_SIDEBARS, LEAD, OPENING))
    has_review = ol.review_year is not None or any(g.part == "review" for g in ol.goals)
    ident = identify(lines, head, report_text(x.document.text, ol), (ol.review_year, ol.plan_year), has_review)
    evidence = dict(ident.evidence)
    notes = list(ident.warnings)
    region, level, code = ident.region, ident.level, ident.code
    given = "--region" if o.source == "override" else "the manifest's region"
    if o.region:
        if region and region != o.region:
            notes.append(f"{given} {o.region} given; the text names {region} ({evidence['region']})")
        else:
            notes = [n for n in notes if not n.startswith("region ")]
        region, evidence["region"] = o.region, o.source
        place = lexicon.place_by_code().get(o.region_code or "") or place_of(region, x.document.text)
        level, code = level_of(region, place), place.code if place is not None and place.code else None
    review_year, plan_year = ident.review_year, ident.plan_year
    if o.year is not None:
        if plan_year is not None and plan_year != o.year and evidence.get("year") in ("date", "title"):
            given = "--year" if o.source == "override" else "the manifest's year"
            notes.append(f"{given} {o.year} given; the text dates the report {plan_year} ({evidence['year']})")
        plan_year, evidence["year"] = o.year, o.source
        review_year = o.year - 1 if has_review else None
    if plan_year is None:
        evidence.pop("year", None)
    year = plan_year if plan_year is not None else review_year + 1 if review_year is not None else None
    who = (None, o.presenter) if o.presenter else presenter(x.document.raw or x.document.text)
    if who is not None:
        evidence["presenter"] = "override" if o.presenter else "presenter"
    return ReportMeta(
        id=report_id(region, code, year, kind, x.document.stem),
        title=title,
        kind=kind,
        region=region,
        region_code=code,
        year=year,
        review_year=review_year,
        plan_year=plan_year,
        presenter=who[1] if who else None,
        presenter_title=who[0] if who else None,
        level=level,
        delivered=ident.date,
        session=ident.session,
        evidence=evidence,
        notes=notes,
    )


def label(meta: ReportMeta) -> str:
    """A label that tells reports apart in a list: 通州区2023年政府工作报告; the printed title when region or year
    is unknown."""
    if meta.region and meta.year:
        return f"{meta.region}{meta.year}年{KIND_NAMES[meta.kind]}"
    return meta.title


def apply(x: Extraction, overrides: MetaOverrides | None = None) -> Extraction:
    """Set x.meta, and make the report's region an Area of the graph when only the title or the user names it.

    --year moves every year the outline read by the same amount (2030 stays 5 years on). Where the text's own
    evidence (its date, its title) gives other years than the part headings did, the goals and metrics that had
    their part's year take the new one; a year a heading or a number states stays."""
    meta = describe(x, overrides)
    x.meta = meta
    ol = x.outline
    old = {"review": ol.review_year, "plan": ol.plan_year}
    new = {"review": meta.review_year, "plan": meta.plan_year}
    shift = meta.plan_year - ol.plan_year if meta.evidence.get("year") in ("override", "manifest") and meta.plan_year \
        and ol.plan_year else 0
    ol.review_year, ol.plan_year = meta.review_year, meta.plan_year
    for g in ol.goals:
        if g.year is not None and shift:
            g.year += shift
        elif g.year is None or (g.year == old.get(g.part or "") and new.get(g.part or "") is not None):
            g.year = new.get(g.part or "") if g.part in new else g.year
    parts = {s.id: s.part for s in ol.statements} if not shift else {}
    for m in x.metrics:
        if m.year is not None and shift:
            m.year += shift
        elif not shift and (part := parts.get(m.statement or "")) in old and m.year == old[part] \
                and new[part] is not None:
            m.year = new[part]
    if meta.region and meta.region != x.region:
        x.region = meta.region
        if not any(e.name == meta.region for e in x.entities):
            x.entities = sorted([*x.entities, Entity(name=meta.region, type="Area", sources=["metadata"])],
                                key=lambda e: e.name)
    return x
