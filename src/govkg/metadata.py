"""Extraction -> ReportMeta: the report's region, years, kind, title and presenter, and the IRI they give it."""

from __future__ import annotations

import re

from govkg.extract import lexicon, report_text
from govkg.iris import iri_name
from govkg.models import Entity, Extraction, MetaOverrides, ReportKind, ReportMeta
from govkg.patterns import CN_ORDINAL_CLASS, HAN, HAN_CLASS, YEAR
from govkg.resolve import region_of

#: A title names the document: 政府工作报告, …分工方案, …要点, …清单.
TITLE_WORDS = re.compile(r"报告|方案|清单|要点|摘要|速览|计划")
TASK_DIVISION = re.compile(r"分工|任务清单|责任清单|任务分解")
#: A digest of a report rather than the report: 要点, 摘要, 一图读懂, 节选 …
SUMMARY = re.compile(r"要点|摘要|速览|一图|图解|节选|清单|解读|简报")
#: 区长 孟景伟 / 区长孟景伟作政府工作报告 / 代市长 某某: the head of government who presented the report.
PRESENTER = re.compile(
    rf"(?<![副{HAN_CLASS}])(?P<title>代?(?:省|市|区|县|州|旗|盟)长)[\s\u3000]*"
    rf"(?P<name>[{HAN_CLASS}·]{{2,4}}?)(?=作|代表|在|[\s\u3000，。、：]|$)"
)
#: 江州市清河区2023年政府工作报告: a region named in a title, before its year.
TITLE_REGION = re.compile(rf"^(?P<region>{HAN}{{2,12}}?(?:省|市|区|县|州|旗|盟))(?:人民政府)?{YEAR}年")
UNKNOWN_UNIT = re.compile(rf"({HAN}{{1,8}}?(?:自治县|自治旗|新区|区|县|市|旗))(?=人民政府|政府|{YEAR}年|[（(《])")
BYLINE = re.compile(rf"在(?P<place>{HAN}{{2,20}}?)第[{CN_ORDINAL_CLASS}\d]+届人民代表大会")
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


def _kind(x: Extraction, title: str) -> ReportKind:
    if TASK_DIVISION.search(title) or (x.outline.assignments and not x.outline.review_year):
        return "task-division"
    if SUMMARY.search(title):
        return "summary"
    return "work-report"


def _place(name: str | None, text: str = "") -> lexicon.Place | None:
    """The dictionary's place of that name; where several share it (清河区), the one whose parents the text names."""
    if not name:
        return None
    same = [p for p in lexicon.places() if p.name == name]
    by_code = {p.code: p for p in lexicon.places() if p.code}

    def context(p: lexicon.Place) -> tuple[int, str]:
        parent = by_code.get(p.parent_code)
        if parent is None:
            return 0, p.code
        return text.count(parent.name) + (text.count(parent.short) if len(parent.short) >= 2 else 0), p.code

    return max(same, key=context) if same else None


def byline_region(text: str) -> str | None:
    """——2018年1月27日在西安市东北区第十六届人民代表大会…: the region whose congress heard the report."""
    m = BYLINE.search(text[:600])
    return title_region(m.group("place") + "政府") if m else None


def title_region(title: str) -> str | None:
    """The region a title starts with: 芜湖市政府工作报告要点, 宜昌市2024年…, 江州市清河区2023年政府工作报告."""
    m = TITLE_REGION.match(title)
    if m:
        name = m.group("region")
        # 江州市清河区: the smallest unit named is the report's own
        parts = re.findall(rf"{HAN}+?(?:自治州|自治县|自治旗|省|市|区|县|州|旗|盟)", name)
        return parts[-1] if parts and "".join(parts) == name else name
    # 北京市怀柔区政府工作报告（2018年）: the places the title opens with, one after another; the last is the report's
    names = {p.name for p in lexicon.places() if p.level in ("province", "city", "county") and len(p.name) >= 2}
    found, i = None, 0
    while True:
        here = [n for n in names if title.startswith(n, i)]
        if not here:
            break
        found = max(here, key=len)
        i += len(found)
    # 长沙市宝松区政府工作报告: a unit the dictionary does not know, right before the document's name
    m = UNKNOWN_UNIT.match(title, i)
    return m.group(1) if m else found


def report_id(region: str | None, code: str | None, year: int | None, kind: ReportKind, stem: str) -> str:
    """<division code>/<year>/<kind> (110112/2023/work-report); the region's name stands in for an unknown code
    (柳岸区/2023/work-report, readable like entity IRIs); the file stem when the region or year is unknown."""
    if year is None or not (code or region):
        return iri_name(stem)
    return f"{code or iri_name(region or '')}/{year}/{kind}"


def describe(x: Extraction, overrides: MetaOverrides | None = None) -> ReportMeta:
    """The report's metadata, from the text, with each override replacing what the text says."""
    o = overrides or MetaOverrides()
    ol = x.outline
    title = o.title or printed_title(x)
    kind = o.kind or _kind(x, title)
    # what the report says of itself outranks the place counted in its text: a city's report names its counties
    # more often than itself, and an invented or new district is in no dictionary
    region = o.region or title_region(title) or byline_region(x.document.raw or x.document.text) or x.region
    review_year, plan_year = ol.review_year, ol.plan_year
    if o.year is not None:
        plan_year = o.year
        review_year = o.year - 1 if review_year is not None or any(g.part == "review" for g in ol.goals) else None
    year = plan_year if plan_year is not None else review_year + 1 if review_year is not None else None
    found = region_of(report_text(x.document.text, x.outline)) if region == x.region else None
    place = found if found is not None and found.name == region else _place(region, x.document.text)
    code = place.code if place is not None and place.code else None
    who = (None, o.presenter) if o.presenter else presenter(x.document.raw or x.document.text)
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
    )


def label(meta: ReportMeta) -> str:
    """A label that tells reports apart in a list: 通州区2023年政府工作报告; the printed title when region or year
    is unknown."""
    if meta.region and meta.year:
        return f"{meta.region}{meta.year}年{KIND_NAMES[meta.kind]}"
    return meta.title


def apply(x: Extraction, overrides: MetaOverrides | None = None) -> Extraction:
    """Set x.meta, and make the report's region an Area of the graph when only the title or the user names it."""
    meta = describe(x, overrides)
    x.meta = meta
    shift = meta.plan_year - x.outline.plan_year if meta.plan_year and x.outline.plan_year else 0
    x.outline.review_year, x.outline.plan_year = meta.review_year, meta.plan_year
    for g in x.outline.goals:  # --year moves every year the outline read by the same amount (2030 stays 5 years on)
        if g.year is not None and shift:
            g.year += shift
        elif g.year is None:
            g.year = meta.review_year if g.part == "review" else meta.plan_year
    for m in x.metrics:
        if m.year is not None and shift:
            m.year += shift
    if meta.region and meta.region != x.region:
        x.region = meta.region
        if not any(e.name == meta.region for e in x.entities):
            x.entities = sorted([*x.entities, Entity(name=meta.region, type="Area", sources=["metadata"])],
                                key=lambda e: e.name)
    return x
