"""Extraction steps: entities, metrics, counted groups and project statuses, over the outline's statements."""

from __future__ import annotations

import re

from govkg.extract import lexicon
from govkg.extract.entities import CLAUSE_BREAK, find_candidates, units_of
from govkg.extract.metrics import CLAUSE_REACH, find_groups, find_metrics
from govkg.extract.tables import label_span, status_cell, table_metrics
from govkg.models import (
    Document,
    Entity,
    Extraction,
    Outline,
    RoleLink,
    Span,
    Statement,
    Status,
    StatusClaim,
    Table,
    TableRow,
)
from govkg.outline.cues import LEAD, OPENING, TITLE_BLOCK
from govkg.patterns import YEAR
from govkg.rules import pattern

#: Words that say a building is going up (not merely that work goes on): they give institutions a stage too.
BUILDING_WORDS = re.compile(r"施工|封顶|主体结构|主体工程|在建")
STATUS_WORDS: list[tuple[re.Pattern[str], Status]] = [
    (re.compile(r"投入使用|投用|启用|开业|运营|运行|开放|通车|亮相"), "in_use"),
    (re.compile(r"建成|完工|竣工|贯通|落成|完成"), "completed"),
    (re.compile(r"开工|启动|开建"), "started"),
    (BUILDING_WORDS, "under_construction"),
    (re.compile(r"建设|推进|实施|改造|加快|冲刺"), "under_construction"),
    (re.compile(r"规划|编制|谋划|前期|储备"), "planned"),
]
#: A stage verb just before the name (开工建设X, 启动X建设, 建成X): it outranks a generic 建设 after the name.
STATUS_BEFORE: list[tuple[re.Pattern[str], Status]] = [
    (re.compile(r"(?:建成投用|投入使用|启用|开放)$"), "in_use"),
    (re.compile(r"(?:建成|完工|竣工|落成)$"), "completed"),
    (re.compile(r"(?:开工建设|开工|启动建设|启动|开建|新开工)$"), "started"),
    (re.compile(r"(?:加快建设|加快推进|推进|续建|建设)$"), "under_construction"),
]
STATUS_TYPES = {"Project", "Facility"}
#: What may follow a place for the place itself to be the work: 启动城北冷链物流园建设, 启动老港片区有机更新.
AREA_WORKS = re.compile(r"(?:建设|改造|有机更新|更新|开发|[，。；,;]|$)")
#: Institutions that are buildings (a hospital, a school, a museum, a care home): only they may get a stage.
BUILDING_INSTITUTION = pattern(
    "building-institution",
    r"(?:医院|卫生院|保健院|学校|中学|小学|学院|大学|幼儿园|敬老院|养老院|福利院|馆|中心|院区|校区|实验室)$",
    doc="An institution that is a building (区第二人民医院, 县第二实验小学) can be built and opened; a company or a body "
        "(华夏银行, 北银理财, 区财政局) cannot.",
    matches=["区第二人民医院", "县第二实验小学", "区文化艺术中心"],
    rejects=["华夏银行", "北银理财", "区财政局", "首旅集团"],
)
#: Institutions (区文化艺术中心, 区第二人民医院) get a stage only from words that speak of building them.
INSTITUTION_STATUS = {"in_use", "completed", "started"}


def _stage(text: str, start: int, end: int) -> tuple[Status, bool] | None:
    """The stage a clause gives the thing named at text[start:end], and whether a verb just before the name said it
    (开工建设X, 启动X建设, 建成X); else the first stage word after the name."""
    lo = max((m.end() for m in CLAUSE_BREAK.finditer(text, max(0, start - 12), start)), default=max(0, start - 12))
    before = text[lo:start]
    for rx, status in STATUS_BEFORE:
        if rx.search(before):
            return status, True
    tail = _clause_after(text, end)
    for rx, status in STATUS_WORDS:
        if rx.search(tail):
            return status, False
    return None


def _clause_after(text: str, start: int) -> str:
    """The rest of the clause after `start`, at most CLAUSE_REACH characters."""
    reach = min(len(text), start + CLAUSE_REACH)
    m = CLAUSE_BREAK.search(text, start, reach)
    return text[start : m.start() if m else reach]


def extract(doc: Document, outline: Outline) -> Extraction:
    """Run every extraction step over a cleaned, outlined document."""
    from govkg.resolve import resolve  # resolve builds on the extractors' rules; imported here to keep no cycle

    units = units_of(outline, doc.text)
    entities, region = resolve(units, find_candidates(units), report_text(doc.text, outline))
    metrics = []
    groups = []
    rows = {row.statement: (table, row) for table in outline.tables for row in table.rows}
    for c in outline.contexts:  # a newspaper's lead restates the report's figures: they are metrics
        if c.kind == LEAD and c.part is not None:
            metrics += find_metrics(Statement(id=c.id, text=c.text, span=c.span, goal=c.id, part=c.part))
    for st in outline.statements:
        if st.id in rows:
            metrics += table_metrics(*rows[st.id], st)
        elif not st.has_parts and st.parent not in rows:
            metrics += find_metrics(st)
            groups += find_groups(st)
    direct = _direct_mentions(entities)
    statement_of = {st.id: st for st in outline.statements}
    goal_year = {g.id: g.year for g in outline.goals}
    for m in metrics:
        if m.statement in rows:  # a table's number measures what its row's label names
            label = label_span(*rows[m.statement])
            m.about = next((name for s, e, name in direct.get(m.statement, []) if label and label.start <= s
                            and e <= label.end), None)
            continue
        m.about = _about(m.span.start, m.statement, direct, doc.text, region, m.span.end)
        m.indicator = _indicator(m.span.start, doc.text)
        if m.year is None and m.statement in statement_of and statement_of[m.statement].part == "plan":
            m.year = _horizon(doc.text, statement_of[m.statement].span.start, m.span.start, goal_year.get(
                statement_of[m.statement].goal))
    for g in groups:
        g.members = _members(g.span.start, g.statement, direct, doc.text)
    statuses = _table_statuses(rows, direct)
    for e in entities:
        if e.type not in STATUS_TYPES and e.type not in ("Institution", "Area"):
            continue
        for mention in e.mentions:
            if mention.statement is None or mention.nested_in is not None or mention.statement in rows:
                continue
            found = _stage(doc.text, mention.span.start, mention.span.end)
            if found is None:
                continue
            status, before = found
            if e.type == "Institution" and not BUILDING_INSTITUTION.search(e.name):
                continue  # 华夏银行, 北银理财, 区财政局: a company or a body is no building site; its new seat is
            if e.type == "Institution" and status not in INSTITUTION_STATUS and not (
                    status == "under_construction" and BUILDING_WORDS.search(_clause_after(doc.text, mention.span.end))):
                continue
            if e.type == "Area" and not (before and status != "under_construction"
                                         and AREA_WORKS.match(doc.text, mention.span.end)):
                continue  # a place gets a stage only when it is what is built: 启动城北冷链物流园建设, not 文旅区中小学
            statuses.append(StatusClaim(entity=e.name, status=status, statement=mention.statement, span=mention.span))
    roles: list[RoleLink] = []
    for a in outline.assignments:
        if a.role == "deadline":
            continue
        for e in entities:
            if any(a.span.start <= m.span.start and m.span.end <= a.span.end and m.nested_in is None for m in e.mentions):
                link = RoleLink(statement=a.statement, role=a.role, entity=e.name)
                if link not in roles:
                    roles.append(link)
    return Extraction(document=doc, outline=outline, entities=entities, metrics=metrics, groups=groups,
                      statuses=statuses, roles=roles, region=region)


#: A horizon named before a target in its sentence: 到2027年，…; 2027年底前…
HORIZON = pattern(
    "target-horizon",
    rf"(?:^|[到至])({YEAR})年(?:底|末)?(?:前|以前)?[，,]?",
    doc="A plan sentence's own horizon (到2027年，建成5G基站2万个): its targets are for that year, not the plan year.",
    matches=["到2027年，建成5G基站2万个", "2027年底前建成", "力争到2030年实现"],
    rejects=["比2019年增长一倍", "全年新增就业1.2万人"],
)


def _horizon(text: str, start: int, pos: int, year: int | None) -> int | None:
    """The later year a plan sentence sets its target in (到2027年…), when it names one before the number."""
    lo = max(text.rfind(c, start, pos) for c in "。；;！？\n") + 1
    lo = max(lo, start)
    found = [int(m.group(1)) for m in HORIZON.finditer(text, lo, pos)]
    later = [y for y in found if year is None or y > year]
    return later[-1] if later else None


def report_text(text: str, outline: Outline) -> str:
    """The text with its sidebars blanked out (offsets kept): a place a sidebar quotes (翠湖片区是老城区) never names
    the report's own region. The title block and a newspaper's lead stay: they name it."""
    chars = list(text)
    for c in outline.contexts:
        if c.kind not in (LEAD, TITLE_BLOCK, OPENING):
            chars[c.span.start : c.span.end] = " " * (c.span.end - c.span.start)
    return "".join(chars)


def _table_statuses(rows: dict[str, tuple[Table, TableRow]],
                    direct: dict[str, list[tuple[int, int, str]]]) -> list[StatusClaim]:
    """A table's progress column (2024年进展: 竣工投用) gives the stage of the project its row names."""
    out = []
    for sid, (table, row) in rows.items():
        text, label = status_cell(table, row), label_span(table, row)
        if text is None or label is None:
            continue
        status = next((st for rx, st in STATUS_WORDS if rx.search(text)), None)
        for s, e, name in direct.get(sid, []):
            if status is not None and label.start <= s and e <= label.end:
                out.append(StatusClaim(entity=name, status=status, statement=sid, span=Span(start=s, end=e)))
    return out


def _direct_mentions(entities: list[Entity]) -> dict[str, list[tuple[int, int, str]]]:
    out: dict[str, list[tuple[int, int, str]]] = {}
    for e in entities:
        for m in e.mentions:
            if m.statement is not None and m.nested_in is None:
                out.setdefault(m.statement, []).append((m.span.start, m.span.end, e.name))
    for v in out.values():
        v.sort()
    return out


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """The clause around `pos`: from the break before it to the break after it, never past a line (a newline is a
    break) nor further than CLAUSE_REACH characters from `pos`, so the time is that of the clause, not of the line."""
    first = max(0, pos - CLAUSE_REACH)
    lo = max((m.end() for m in CLAUSE_BREAK.finditer(text, first, pos)), default=first)
    reach = min(len(text), pos + CLAUSE_REACH)
    m = CLAUSE_BREAK.search(text, pos, reach)
    return lo, m.start() if m else reach


#: A noun right after a count (21座|消防站, 20处|全民健身场地): the count counts it.
COUNTED_AFTER = re.compile(r"(?!以上|以下|以内|左右|余|多|的)[\u4e00-\u9fff“]")


def _acts_between(between: str) -> bool:
    """Words between a name and a count that make the name a place or an actor, not what is counted: a verb or a
    function word (新建, 建成, 等), unlike a time word (“基层治理年”首年18项任务)."""
    from govkg.extract.names import tokens

    words = lexicon.function_words()
    if re.search(r"[、和及与]", between):
        return True  # 加快区体育场、20处全民健身场地建设: a list, the count is of its next item
    return any(t in words or ACT_VERB.search(t) for t, _, _ in tokens(between)) if between else False


#: Verbs that make the name before a count its place or actor.
ACT_VERB = re.compile(r"新建|建成|改造|完成|实施|开工|启动|打造|建设|推进|引进|新增|设立|举办|实现|带动")


def _about(pos: int, statement: str, direct: dict[str, list[tuple[int, int, str]]], text: str,
           region: str | None, end: int | None = None) -> str | None:
    """The entity a quantity measures: named earlier in its clause; 全区 means the report's region."""
    lo, hi = _clause_bounds(text, pos)
    before = [m for m in direct.get(statement, []) if lo <= m[0] and m[1] <= pos]
    counts_what_follows = end is not None and COUNTED_AFTER.match(text, end) is not None
    if before:
        if counts_what_follows and _acts_between(text[before[-1][1] : pos]):
            return None  # 于家务乡新建21座消防站: the count is of 消防站, not of the town named before it
        return before[-1][2]
    if region and re.search(r"全区|全县|全市", text[lo:pos]):
        return region
    return None


SHARE = re.compile(r"比重|占比|比例|之比|的比")
CHANGE_OPENING = re.compile(r"^(?:同比|比上年|较上年|同口径|按可比价格计算|按可比价计算|可比价|年均|分别)?"
                            r"(?:增长|下降|提高|降低|上涨|回落|增加|减少)")


def _indicator(pos: int, text: str) -> str | None:
    """The indicator a quantity is a value of: named in its clause before it (地区生产总值增长6%), or in the clause
    before when this one only states the change (地区生产总值完成420亿元，增长5.1%)."""
    lo, _hi = _clause_bounds(text, pos)
    if SHARE.search(text[lo:pos]):
        return None  # 民生支出占财政支出比重80%: a share of the indicator, not a value of it
    ind = lexicon.indicator_in(text[lo:pos])
    if ind is not None:
        return ind.id
    if CHANGE_OPENING.match(text[lo:pos]) and lo > 0 and text[lo - 1] in "，,；;":
        plo, _ = _clause_bounds(text, lo - 1)
        ind = lexicon.indicator_in(text[plo : lo - 1])
        if ind is not None:
            return ind.id
    return None


def _members(pos: int, statement: str, direct: dict[str, list[tuple[int, int, str]]], text: str) -> list[str]:
    lo, _hi = _clause_bounds(text, pos)
    inside = [m for m in direct.get(statement, []) if lo <= m[0] and m[1] <= pos]
    if len(inside) >= 2 and "、" in text[lo:pos]:
        return sorted({m[2] for m in inside})
    return []


__all__ = ["extract", "report_text"]
