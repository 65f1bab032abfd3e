"""Pass 4: the goal tree, its statements, tables and contexts, from the classified lines."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from govkg.errors import StructureError
from govkg.layout import FIELD_RE, INLINE_ITEM_SPLIT, ends_sentence, field_role, marker_of
from govkg.models import (
    Assignment,
    Context,
    Document,
    Goal,
    Level,
    Outline,
    PartName,
    Span,
    Statement,
    Table,
)
from govkg.outline.cues import LEAD, OPENING, TITLE_BLOCK
from govkg.outline.inline import split_inline
from govkg.outline.lines import _FIGURE, Line, LineKind, classify, split_lines
from govkg.outline.parts import TITLE_WORDS, Frame, decision, frame_of, plan_lead
from govkg.patterns import BARE_YEAR_RE, HAN_RE, SESSION, YEAR, YEAR_RE
from govkg.rules import pattern

LEVEL_OF_RANK: dict[int, Level] = {0: "part", 1: "chapter", 2: "section", 3: "subsection", 4: "subsection"}
#: A statement's clauses: it is split at 。！？ and at ；, each clause a leaf that carries mentions and metrics.
CLAUSE_RE = re.compile(r"[^。！？!?；;]+[。！？!?；;]+[”’」』）)]*|[^。！？!?；;]+$")
#: The lead-in of a list of targets: 今年经济社会发展的主要预期目标是： — not a target itself.
TARGET_LEAD_IN = pattern(
    "target-lead-in",
    r"^[^：:。；;]{0,30}?(?:目标|指标|任务)(?:是|为|有)?[：:]",
    doc="The lead-in of a list of targets or tasks (…主要预期目标是：): dropped from the first target's clause.",
    matches=["今年经济社会发展的主要预期目标是：地区生产总值增长6%左右", "2025年全镇主要目标是：农业总产值增长5%以上"],
    rejects=["地区生产总值增长6%左右", "今年政府工作的总体要求是：坚持稳中求进"],
)
#: In a report without part headings, a paragraph that opens a part: 过去一年… / 2024年，… / 今年…
REVIEW_OPENER = pattern(
    "review-paragraph",
    rf"^(?:回顾)?过去(?:的)?(?:一|这一)?年|^{YEAR}年[，,]|^回顾|^一年来",
    doc="A paragraph that opens the review when no heading does: 过去一年，… / 2023年，全区… / 一年来，…",
    matches=["过去一年，全区经济运行稳中向好。", "2023年，全区地区生产总值增长5.2%。", "一年来，我们坚持稳中求进。"],
    rejects=["今年，全区将重点做好以下工作。", "全年新建口袋公园12个。"],
)
PLAN_OPENER = pattern(
    "plan-paragraph",
    rf"^(?:{YEAR}年|今年)(?:[，,]|是|的?(?:主要|重点)?(?:工作|任务))|工作安排|主要任务|^今年|^新的一年",
    doc="A paragraph that opens the plan when no heading does: 今年… / 2024年是… / 关于2024年工作安排…",
    matches=["今年，全区将重点做好以下工作。", "2024年是实施“十四五”规划的关键一年。", "新的一年，我们将…"],
    rejects=["过去一年，全区经济运行稳中向好。", "全年新建口袋公园12个。"],
)
PAST_WORDS = re.compile(r"完成|实现|建成|达到|累计|新增|成功|通车|竣工|开业|落地|了|同比|比上年|较上年")
FUTURE_WORDS = re.compile(r"将|要|力争|确保|加快|推动|推进|启动|实施|深化|持续|着力|全力|不断|计划|预计|争取")
SENTENCE_RE = re.compile(r"[^。！？!?]+[。！？!?]+[”’」』）)]*|[^。！？!?]+$")


@dataclass
class _Piece:
    start: int
    end: int
    text: str


def _piece(ln: Line) -> _Piece:
    return _Piece(ln.start, ln.end, ln.text)


def _sub(p: _Piece, a: int, b: int) -> _Piece:
    seg = p.text[a:b]
    lead = len(seg) - len(seg.lstrip())
    seg = seg.strip()
    return _Piece(p.start + a + lead, p.start + a + lead + len(seg), seg)


def _clauses(p: _Piece) -> list[_Piece]:
    out = [_sub(p, m.start(), m.end()) for m in CLAUSE_RE.finditer(p.text)]
    out = [c for c in out if c.text.strip("。！？!?；; ")]
    if out:
        lead = TARGET_LEAD_IN.match(out[0].text)
        if lead and out[0].text[lead.end() :].strip("。！？!?；; "):
            out[0] = _sub(out[0], lead.end(), len(out[0].text))
    return out


def _items(ln: Line) -> list[tuple[str | None, _Piece]]:
    """Split a line holding several marked items (○…。 ○…。) into (marker, item) pairs, markers dropped."""
    pieces: list[tuple[str | None, _Piece]] = []
    pos = 0
    p = _piece(ln)
    cuts = [m.start() for m in INLINE_ITEM_SPLIT.finditer(ln.text)] + [len(ln.text)]
    for cut in cuts:
        seg = _sub(p, pos, cut)
        if seg.text:
            m = marker_of(seg.text)
            if m is not None and m.kind in ("item", "numbered", "section", "star"):
                pieces.append((m.text, _sub(seg, len(m.text), len(seg.text))))
            else:
                pieces.append((None, seg))
        pos = cut
    return pieces


def _tense(text: str, frame: Frame) -> int:
    """+1 for a paragraph that plans, -1 for one that reviews, 0 when its words do not say."""
    ys = [int(y) for y in YEAR_RE.findall(text)]
    if frame.plan is not None and ys:
        if all(y >= frame.plan for y in ys) and not re.search(r"比上年|同比", text):
            return 1
        if all(y < frame.plan for y in ys):
            return -1
    past, future = len(PAST_WORDS.findall(text)), len(FUTURE_WORDS.findall(text))
    return (future > past) - (past > future)


def _paragraph_cue(text: str, frame: Frame) -> PartName | None:
    first = SENTENCE_RE.match(text)
    head = first.group(0) if first else text
    m = re.match(rf"({YEAR})年[，,]", head)
    if m and frame.plan is not None:
        return "plan" if int(m.group(1)) >= frame.plan else "review"
    if plan_lead(head) and not re.search(r"全部完成|已经|取得|实现了|完成了", head):
        return "plan"  # 2024年，全市将…: a year that opens what is to be done
    if REVIEW_OPENER.search(head) and not re.search(r"今年|工作安排|主要任务", head):
        return "review"
    if PLAN_OPENER.search(head):
        return "plan"
    return None


@dataclass
class _Plan:
    """What pass 3 decided: which lines open parts, each heading's own (part, year), the report's frame."""

    frame: Frame
    openers: dict[int, PartName] = field(default_factory=dict)  # line index -> part (heading or paragraph)
    decided: dict[int, tuple[PartName | None, int | None]] = field(default_factory=dict)  # heading -> own decision
    paragraph_parts: bool = False
    implicit: dict[int, PartName] = field(default_factory=dict)  # content line index -> part, when no line says
    title_part: PartName | None = None


def _title_text(ln: Line) -> str:
    a, b = ln.title()
    return ln.text[a - ln.start : b - ln.start]


def plan_parts(lines: list[Line], frame: Frame) -> _Plan:
    """Pass 3: decide the parts: headings that open them, else paragraphs that do, else the tense of the text."""
    plan = _Plan(frame)
    for i, ln in enumerate(lines):
        if ln.kind == LineKind.HEADING:
            d = decision(_title_text(ln), frame)
            if ln.cue is not None and (d is None or d[0] is None):
                d = (ln.cue, d[1] if d else None)  # 2023年，黄埔区交出这样的答卷： — its line's cue says the part
            if d is not None:
                plan.decided[i] = d
    # the document's first line names the document, not a part: …分工方案, …重点工作清单（节选）
    first = next((i for i, ln in enumerate(lines) if ln.kind not in (LineKind.CONTEXT, LineKind.META)), None)
    fm = lines[first].marker if first is not None else None
    if first is not None and lines[first].kind == LineKind.HEADING and TITLE_WORDS.search(lines[first].text) \
            and (fm is None or fm.kind == "bracket"):
        d = plan.decided.get(first)
        plan.title_part = d[0] if d else None
        lines[first].kind = LineKind.HEAD

    def opener_part(i: int, ln: Line, top: bool) -> PartName | None:
        d = plan.decided.get(i)
        if d is None or d[0] is None:
            return None
        m = ln.marker
        if m is None:
            return d[0] if ln.cue is not None else None
        if m.kind in ("chapter", "banner"):
            return d[0]
        return d[0] if top else None

    current: PartName | None = None
    marked_part = False  # whether the open part was opened by a marked chapter (一、2025年重点工作)
    for i, ln in enumerate(lines):
        if ln.kind == LineKind.HEADING:
            p = opener_part(i, ln, False)
            if p is not None and ln.marker is None and marked_part and p == current:
                continue  # 今年重点抓好以下工作： inside 二、2025年工作安排 is a heading of that chapter, not a new part
            if p is not None:
                plan.openers[i] = p
                current, marked_part = p, ln.marker is not None
    if not plan.openers:  # 【2024年成绩单】…【2025年怎么干】: the top headings of the report open its parts
        ranks = [ln.rank for ln in lines if ln.kind == LineKind.HEADING and ln.rank is not None]
        top = min(ranks) if ranks else None
        family: str | None = None  # the part headings share one marker: 【2024年成绩单】…【2025年怎么干】, not ◆主要预期目标
        for i, ln in enumerate(lines):
            if ln.kind == LineKind.HEADING and ln.rank == top:
                p = opener_part(i, ln, True)
                mark = ln.marker.kind + (ln.marker.text if ln.marker.kind != "bracket" else "") if ln.marker else ""
                if p is not None and family in (None, mark):
                    plan.openers[i] = p
                    family = mark
    # a part heading followed at once by another of the same part is the document's title
    idx = sorted(plan.openers)
    for a, b in zip(idx, idx[1:], strict=False):
        if b == a + 1 and plan.openers[a] == plan.openers[b] and not any(
                ln.kind == LineKind.HEADING for ln in lines[:a]):
            del plan.openers[a]
            lines[a].kind = LineKind.HEAD
    if plan.openers:
        return plan
    # no heading names a part: paragraphs that open one (过去一年… / 今年…)
    last: PartName | None = None
    for i, ln in enumerate(lines):
        if ln.kind == LineKind.CONTENT and ln.marker is None:
            cue = _paragraph_cue(ln.text, frame)
            if cue is not None and cue != last:
                plan.openers[i] = cue
                last = cue
    if plan.openers:
        plan.paragraph_parts = True
        return plan
    # nothing names a part: split the text where its tense turns from review to plan, if it does
    content = [i for i, ln in enumerate(lines) if ln.kind in (LineKind.CONTENT, LineKind.TABLE, LineKind.HEADING)]
    scores = [_tense(lines[i].text, frame) for i in content]
    all_plan = sum(1 for s in scores if s > 0)
    all_review = sum(1 for s in scores if s < 0)
    best_k, best = 0, all_plan  # k = 0: all plan
    review_before, plan_after = 0, all_plan  # running counts: linear in the number of lines
    for k in range(1, len(scores) + 1):
        review_before += scores[k - 1] < 0
        plan_after -= scores[k - 1] > 0
        if review_before + plan_after > best:
            best_k, best = k, review_before + plan_after
    single = plan.title_part or ("plan" if sum(scores) > 0 else "review")
    if 0 < best_k < len(scores) and best >= max(all_review, all_plan) + 2:
        for j, i in enumerate(content):
            plan.implicit[i] = "review" if j < best_k else "plan"
    else:
        for i in content:
            plan.implicit[i] = single
    return plan


def _years(doc_text: str, parts: dict[PartName, list[str]]) -> tuple[int | None, int | None]:
    """Review and plan years from the text of each part, when the report's dates and headings name none."""

    def first_year(texts: list[str]) -> int | None:
        for rx in (YEAR_RE, BARE_YEAR_RE):
            for t in texts:
                m = rx.search(t)
                if m:
                    return int(m.group(1))
        return None

    review = first_year(parts.get("review", [])[:3]) or first_year(parts.get("review", []))
    plan = first_year(parts.get("plan", [])[:3]) or first_year(parts.get("plan", []))
    if review and plan and plan != review + 1:
        review = plan - 1 if review >= plan else review
    if review is None and plan is not None:
        review = plan - 1
    if plan is None and review is not None:
        plan = review + 1
    if review is None and plan is None:
        # the year the text names most, not its latest: a horizon (到2035年) or a project's end year is named once
        years = Counter(int(m.group(1)) for m in YEAR_RE.finditer(doc_text)
                        if not re.search(r"(?:到|至|展望|远景|力争|争取)$", doc_text[max(0, m.start() - 2) : m.start()]))
        if years:
            top = max(years, key=lambda y: (years[y], y))
            plan, review = top, top - 1
    return review, plan


class _Builder:
    """Walks the classified lines with a stack of open headings, building goals, statements, tables and contexts."""

    def __init__(self, doc: Document, lines: list[Line], plan: _Plan) -> None:
        self.doc, self.lines, self.plan = doc, lines, plan
        self.goals: list[Goal] = []
        self.statements: list[Statement] = []
        self.assignments: list[Assignment] = []
        self.contexts: list[Context] = []
        self.tables: list[Table] = []
        self.preamble: Span | None = None
        self.part_goal: Goal | None = None
        self.stack: list[Goal] = []
        self.rank_of: dict[str, int] = {}
        self.own_year: dict[str, int | None] = {}
        self.sibling_count: dict[str, int] = {}
        self.titles_seen: dict[tuple[str, str], Goal] = {}
        self.order = 0
        self.part_texts: dict[PartName, list[str]] = {}
        self.last_item_marked = False
        self.last_item_closed = True
        self.list_head: Goal | None = None
        self.leads: list[Line] = []
        self.items_of: dict[str, int] = {}  # goal id -> statements directly under it (not clauses)
        self.children_of: dict[str, list[Goal]] = {}

    # ------------------------------------------------------------ nodes
    def new_goal(self, start: int, end: int, title: str, level: Level, parent: Goal | None, part: PartName,
                 marker: str | None, year: int | None = None) -> Goal:
        key = (part, title)
        if title and key in self.titles_seen:
            return self.titles_seen[key]
        gid: str
        if parent is None:
            gid, n = part, 2
            while any(g.id == gid for g in self.goals):
                gid, n = f"{part}{n}", n + 1
        else:
            self.sibling_count[parent.id] = self.sibling_count.get(parent.id, 0) + 1
            gid = f"{parent.id}-{self.sibling_count[parent.id]}"
        self.order += 1
        g = Goal(id=gid, title=title, level=level, part=part, span=Span(start=start, end=end),
                 parent=parent.id if parent else None, marker=marker, order=self.order, year=year)
        self.goals.append(g)
        if parent is not None:
            self.children_of.setdefault(parent.id, []).append(g)
        self.own_year[g.id] = year
        if title:
            self.titles_seen[key] = g
        return g

    def add_statement(self, piece: _Piece, goal: Goal, marker: str | None) -> Statement:
        """One statement per item; a piece of several clauses also gets one statement per clause (split at 。！？；)."""
        self.order += 1
        n = self.items_of[goal.id] = self.items_of.get(goal.id, 0) + 1
        sid = f"{goal.id}.{n}"
        clauses = _clauses(piece)
        split = len(clauses) >= 2 or (len(clauses) == 1 and clauses[0].text != piece.text.rstrip("。！？!?；; ")
                                       and clauses[0].start != piece.start)
        st = Statement(id=sid, text=piece.text, span=Span(start=piece.start, end=piece.end), goal=goal.id,
                       part=goal.part, marker=marker, order=self.order, has_parts=split)
        self.statements.append(st)
        if split:
            for k, c in enumerate(clauses, 1):
                self.order += 1
                self.statements.append(Statement(id=f"{sid}.{k}", text=c.text, span=Span(start=c.start, end=c.end),
                                                 goal=goal.id, part=goal.part, order=self.order, parent=sid))
        self.part_texts.setdefault(goal.part, []).append(piece.text)
        return st

    def add_context(self, first: Line, last: Line, kind: str) -> None:
        span = Span(start=first.start, end=last.end)
        self.contexts.append(Context(id=f"context-{len(self.contexts) + 1}", kind=kind, text=span.slice(self.doc.text),
                                     span=span, part=self.part_goal.part if self.part_goal else None))

    # ------------------------------------------------------------ parts and headings
    def open_part(self, ln: Line, part: PartName, heading: bool, year: int | None) -> None:
        if heading:
            a, b = ln.title()
            title = ln.text[a - ln.start : b - ln.start]
            marker = "【】" if ln.marker and ln.marker.kind == "bracket" else ln.marker.text if ln.marker else None
        else:  # a part opened by a paragraph (回顾过去一年，…) has no heading: its title is empty, like the gold's
            a = b = ln.start
            title, marker = "", None
        self.part_goal = self.new_goal(a, b, title, "part", None, part, marker, year)
        self.part_texts.setdefault(part, []).insert(0, title)
        self.rank_of[self.part_goal.id] = 0
        self.stack = [self.part_goal]
        self.last_item_marked, self.last_item_closed = False, True
        self.list_head = None

    def heading(self, i: int, ln: Line) -> None:
        assert self.part_goal is not None and ln.rank is not None
        rank = ln.rank
        while len(self.stack) > 1 and self.rank_of[self.stack[-1].id] >= rank:
            self.stack.pop()
        if ln.marker is None and rank == 2 and len(self.stack) > 1 and self._children_marked(self.stack[-1]):
            self.stack = self.stack[:1]  # an unmarked box after a chapter of ★ sections stands beside the chapters
        parent = self.stack[-1]
        part, year = parent.part, None
        d = self.plan.decided.get(i)
        title = _title_text(ln)
        if d is not None and d[0] is not None and (ln.cue is not None or d[1] is not None) and \
                re.search(YEAR, title) and d[0] != parent.part:
            part, year = d[0], d[1]  # （二）2025年工作安排 under a chapter of another part decides for itself
        elif d is not None and d[1] is not None and d[0] in (None, parent.part) and (ln.cue is not None):
            year = d[1]
        a, b = ln.title()
        marker = "【】" if ln.marker and ln.marker.kind == "bracket" else ln.marker.text if ln.marker else None
        g = self.new_goal(a, b, title, LEVEL_OF_RANK[min(rank, 4)], parent, part, marker, year)
        self.rank_of.setdefault(g.id, rank)
        if g is not self.stack[-1]:
            self.stack.append(g)
        self.list_head = g if rank == 4 else None
        self.last_item_marked, self.last_item_closed = False, True

    def _children_marked(self, parent: Goal) -> bool:
        children = self.children_of.get(parent.id, [])
        return bool(children) and all(g.marker for g in children)

    # ------------------------------------------------------------ content
    def content(self, ln: Line) -> None:
        assert self.part_goal is not None
        if self.list_head is not None and ln.marker is not None and self.stack and self.stack[-1] is self.list_head \
                and ln.marker.text == (self.list_head.marker or ""):
            self.stack.pop()  # the next • after a list head's —— items closes the list head
            self.list_head = None
        target = self.stack[-1]
        pieces = _items(ln)
        marked = pieces[0][0] is not None
        if not marked and self.last_item_marked and self.last_item_closed and target.level != "part" \
                and not ln.inline_body:
            target = self.part_goal  # prose after a finished marked list belongs to the part, not to the last heading
        for item_marker, piece in pieces:
            if piece.text:
                self.add_statement(piece, target, item_marker)
        self.last_item_marked = marked or (self.last_item_marked and not self.last_item_closed)
        self.last_item_closed = ends_sentence(ln.text)

    def field_line(self, ln: Line) -> None:
        fm = FIELD_RE.match(ln.text)
        task = next((s for s in reversed(self.statements) if s.parent is None), None)
        if fm and task is not None:
            name = fm.group("field")
            role = field_role(name)
            value = ln.text[fm.end() :].strip()
            start = ln.start + ln.text.index(value, fm.end()) if value else ln.end
            self.assignments.append(Assignment(statement=task.id, field=name, role=role,  # type: ignore[arg-type]
                                               span=Span(start=start, end=start + len(value)), text=value))

    def table(self, rows: list[Line], caption: Line | None) -> None:
        from govkg.outline.tables import read_table

        assert self.part_goal is not None
        read_table(self, rows, caption)

    # ------------------------------------------------------------ the walk
    def run(self) -> Outline:
        lines, plan = self.lines, self.plan
        if plan.implicit:
            first = next(i for i in sorted(plan.implicit))
            self.open_part(Line(lines[first].start, lines[first].start, ""), plan.implicit[first], False, None)
            head_lines = [ln for ln in lines[:first] if ln.kind != LineKind.CONTEXT]
            if head_lines:
                self.preamble = Span(start=head_lines[0].start, end=head_lines[-1].end)
        i = 0
        caption: Line | None = None
        while i < len(lines):
            ln = lines[i]
            kind = ln.kind
            if i in plan.openers:
                heading = kind == LineKind.HEADING
                year = plan.decided.get(i, (None, None))[1] if heading else None
                self.open_part(ln, plan.openers[i], heading, year)
                if heading:
                    i += 1
                    continue
            elif plan.implicit and i in plan.implicit and self.part_goal is not None \
                    and plan.implicit[i] != self.part_goal.part:
                self.open_part(Line(ln.start, ln.start, ""), plan.implicit[i], False, None)
            if kind == LineKind.CONTEXT:
                j = i
                while j + 1 < len(lines) and lines[j + 1].kind == LineKind.CONTEXT and lines[j + 1].context == ln.context \
                        and ln.context != "问题与不足":
                    j += 1
                self.add_context(ln, lines[j], ln.context or "")
                i = j + 1
                continue
            if self.part_goal is None or kind == LineKind.HEAD:
                # text before the first part: title, byline, opening words; a lead that states figures is read later
                if kind == LineKind.CONTENT and _FIGURE.search(ln.text) and re.search(r"[。；！？]", ln.text):
                    self.leads.append(ln)
                elif kind != LineKind.TABLE:
                    self.preamble = Span(start=(self.preamble or Span(start=ln.start, end=ln.end)).start, end=ln.end)
                i += 1
                continue
            if kind == LineKind.META:
                if SESSION.search(ln.text):  # words about the report that cite its session: the session is read
                    span = Span(start=ln.start, end=ln.end)
                    self.contexts.append(Context(id=f"context-{len(self.contexts) + 1}", kind=OPENING,
                                                 text=ln.text, span=span))
                i += 1
                continue
            if kind == LineKind.CAPTION:
                caption = ln
                i += 1
                continue
            if kind == LineKind.TABLE:
                j = i
                while j + 1 < len(lines) and lines[j + 1].kind == LineKind.TABLE:
                    j += 1
                self.table(lines[i : j + 1], caption)
                caption = None
                i = j + 1
                continue
            caption = None
            if kind == LineKind.FIELD:
                self.field_line(ln)
            elif kind == LineKind.HEADING:
                if plan.title_part == "plan" and self.part_goal.part == "review" and plan.paragraph_parts \
                        and not any(g.part == "plan" for g in self.goals):
                    # a plan document (…分工方案) that opens with a paragraph on last year: its headings start the plan
                    self.open_part(Line(ln.start, ln.start, ""), "plan", False, None)
                self.heading(i, ln)
            else:
                self.content(ln)
            i += 1
        return self.finish()

    def read_leads(self) -> None:
        """A paragraph before the first part that states figures (a newspaper's lead: 报告显示，去年全区…增长5.2%) is
        a context of kind 导语 in the part its tense and years give: not a task or result of the report's own, but
        its figures are read as metrics (`govkg.extract`)."""
        for ln in self.leads:
            part: PartName = "plan" if _tense(ln.text, self.plan.frame) > 0 else "review"
            span = Span(start=ln.start, end=ln.end)
            self.contexts.append(Context(id=f"context-{len(self.contexts) + 1}", kind=LEAD, text=ln.text, span=span,
                                         part=part))

    def read_title_block(self) -> None:
        """The title block (title, byline, date, presenter) is a context of kind 报头: the session it names
        (临澜县第十八届人民代表大会第四次会议) is an entity of the report, though no statement states it."""
        if self.preamble is None or self.preamble.end <= self.preamble.start:
            return
        text = self.preamble.slice(self.doc.text)
        lines = [ln for ln in text.split("\n") if ln.strip()]
        head = []
        for ln in lines:  # the title block ends where the opening words (各位代表：现在，我代表…) begin
            if len(ln) > 60 or re.search(r"[。！？]", ln):
                break
            head.append(ln)
        end = self.preamble.start + (text.index(head[-1]) + len(head[-1]) if head else 0)
        if head:
            span = Span(start=self.preamble.start + text.index(head[0]), end=end)
            self.contexts.insert(0, Context(id="context-0", kind=TITLE_BLOCK, text=span.slice(self.doc.text), span=span))
        # the opening words after it: a context only when they cite the session the report answers to
        rest = self.doc.text[end : self.preamble.end]
        if SESSION.search(rest):
            lead = len(rest) - len(rest.lstrip())
            span = Span(start=end + lead, end=self.preamble.end)
            at = 1 if head else 0
            self.contexts.insert(at, Context(id="context-opening", kind=OPENING, text=span.slice(self.doc.text),
                                             span=span))

    def finish(self) -> Outline:
        self.read_leads()
        self.read_title_block()
        if not self.statements and not self.goals:
            raise StructureError("no headings, list items or paragraphs recognised", self.doc.name)
        frame = self.plan.frame
        review_year, plan_year = frame.review, frame.plan
        if plan_year is None:
            own = [(g.part, y) for g in self.goals if g.level == "part" and (y := self.own_year.get(g.id))]
            plans = [y for p, y in own if p == "plan"]
            reviews = [y for p, y in own if p == "review"]
            if plans:
                plan_year = min(plans)
            elif reviews:
                plan_year = max(reviews) + 1
            if plan_year is not None:
                review_year = plan_year - 1
            else:
                review_year, plan_year = _years(self.doc.text, self.part_texts)
        by_id = {g.id: g for g in self.goals}
        for g in self.goals:  # a goal's year: its own, else its parent's, else its part's
            y = self.own_year.get(g.id)
            parent = by_id.get(g.parent) if g.parent else None
            if y is None and parent is not None:
                y = parent.year
            g.year = y if y is not None else review_year if g.part == "review" else plan_year
        return Outline(goals=self.goals, statements=self.statements, assignments=self.assignments,
                       contexts=self.contexts, tables=self.tables, review_year=review_year, plan_year=plan_year,
                       preamble=self.preamble)


def outline(doc: Document) -> Outline:
    """Read the goal tree and its statements from the cleaned text, in four passes: classify the lines, split
    inline headings, decide the parts and years, build the tree."""
    lines = split_lines(doc.text)
    if not lines or len(HAN_RE.findall(doc.text)) < 10:
        raise StructureError("no Chinese report text found", doc.name)
    lines = split_inline(classify(lines))
    plan = plan_parts(lines, frame_of(lines))
    return _Builder(doc, lines, plan).run()
