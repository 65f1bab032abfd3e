"""Document -> goal tree: parts (review, plan), chapters/focus areas, sections/objectives, and their statements."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from govkg.errors import StructureError
from govkg.layout import (
    CJK_RE,
    FIELD_RE,
    INLINE_ITEM_SPLIT,
    ends_sentence,
    has_inner_terminal,
    headingish,
    marker_of,
)
from govkg.models import Assignment, Document, Goal, Level, Outline, PartName, Span, Statement

YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)年")
BARE_YEAR_RE = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?![\d.%％个家项万亿元])")
# Cues that a heading opens the review of the past year, or the plan for the coming one.
REVIEW_CUES = re.compile(r"回顾|过去(?:的)?(?:一|五|这一)?年|做了|主要工作|工作总结|主要成绩|取得的成绩|成绩单|(?:19|20)\d\d年工作(?:情况|成效)")
PLAN_CUES = re.compile(
    r"主要任务|工作安排|总体要求|总体思路|重点工作|工作重点|目标任务|主要目标|工作部署|(?:今年|明年)(?:的)?(?:工作|重点|主要)|重点任务"
)
# In a paragraph (no heading at all): sentences that open a part.
REVIEW_OPENERS = re.compile(r"^(?:回顾)?过去(?:的)?(?:一|这一)?年|^(?:19|20)\d\d年[，,]|^回顾")
PLAN_OPENERS = re.compile(r"^(?:(?:19|20)\d\d年|今年)(?:[，,]|是|的?(?:主要|重点)?(?:工作|任务))|工作安排|主要任务|^今年")
YEAR_START = re.compile(r"^(?:19|20)\d\d年")
#: Paragraphs about the report itself, not results or tasks: salutations, the meeting, the newspaper's lead.
META_RE = re.compile(
    r"^各位代表|请予审议|会议开幕|本报记者|作政府工作报告|现将.{0,20}(?:分工|分解)如下|(?:分工|分解)如下。$|^(?:——|—)?(?:19|20)\d\d年\d{1,2}月"
)
#: Words that make a document's first line its title rather than a part heading: …政府工作报告要点, …分工方案.
TITLE_WORDS = re.compile(r"工作报告|分工方案|任务清单|工作清单|要点|摘要|速览|解读|一图读懂")
PAST_WORDS = re.compile(r"完成|实现|建成|达到|累计|新增|成功|通车|竣工|开业|落地|了")
FUTURE_WORDS = re.compile(r"将|要|力争|确保|加快|推动|推进|启动|实施|深化|持续|着力|全力|不断")
SENTENCE_RE = re.compile(r"[^。！？!?]+[。！？!?]+[”’」』）)]*|[^。！？!?]+$")

RANKS = {"chapter": 1, "section": 2, "star": 2, "numbered": 3}
LEVEL_OF_RANK: dict[int, Level] = {0: "part", 1: "chapter", 2: "section", 3: "subsection"}



@dataclass
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        if raw.strip():
            lead = len(raw) - len(raw.lstrip())
            out.append(_Line(pos + lead, pos + len(raw.rstrip()), raw.strip()))
        pos += len(raw) + 1
    return out


def _strip_marker(line: _Line) -> _Line:
    m = marker_of(line.text)
    if not m:
        return line
    rest = line.text[len(m.text) :]
    lead = len(rest) - len(rest.lstrip())
    return _Line(line.start + len(m.text) + lead, line.end, rest.strip())


def _title(line: _Line) -> _Line:
    """A heading's title: no marker, no trailing colon."""
    t = _strip_marker(line)
    text = t.text.rstrip("：: ")
    return _Line(t.start, t.start + len(text), text)


def _part_cue(text: str) -> PartName | None:
    """Review or plan, when a heading line names which part it opens."""
    if len(text) > 40 or has_inner_terminal(text):
        return None
    if REVIEW_CUES.search(text) and not PLAN_CUES.search(text):
        return "review"
    if PLAN_CUES.search(text):
        return "plan"
    return None


def _paragraph_cue(text: str) -> PartName | None:
    first = SENTENCE_RE.match(text)
    head = first.group(0) if first else text
    if re.match(r"(?:19|20)\d\d年[，,]", head) and re.search(r"将|要|力争|预期目标|计划|目标是", head) \
            and not re.search(r"全部完成|已经|取得|实现了|完成了", head):
        return "plan"  # 2024年，全市将…: a year that opens what is to be done
    if REVIEW_OPENERS.search(head) and not re.search(r"今年|工作安排|主要任务", head):
        return "review"
    if PLAN_OPENERS.search(head):
        return "plan"
    return None


def _sentences(line: _Line) -> list[_Line]:
    out = []
    for m in SENTENCE_RE.finditer(line.text):
        seg = m.group(0)
        lead = len(seg) - len(seg.lstrip())
        seg_s = seg.strip()
        if seg_s:
            s = line.start + m.start() + lead
            out.append(_Line(s, s + len(seg_s), seg_s))
    return out


def _items(line: _Line) -> list[tuple[str | None, _Line]]:
    """Split a line holding several marked items (○…。 ○…。) into (marker, item) pairs."""
    pieces, pos = [], 0
    cuts = [m.start() for m in INLINE_ITEM_SPLIT.finditer(line.text)] + [len(line.text)]
    for cut in cuts:
        seg = line.text[pos:cut]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            piece = _Line(line.start + pos + lead, line.start + pos + len(seg.rstrip()), seg.strip())
            m = marker_of(piece.text)
            pieces.append((m.text if m else None, _strip_marker(piece)))
        pos = cut
    return pieces


def _children_marked(parent: Goal, goals: list[Goal]) -> bool:
    children = [g for g in goals if g.parent == parent.id]
    return bool(children) and all(g.marker for g in children)


def _years(doc_text: str, parts: dict[PartName, list[str]]) -> tuple[int | None, int | None]:
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
        # a plan heading such as "2023年是…" wins; a review year must precede it
        review = plan - 1 if review >= plan else review
    if review is None and plan is not None:
        review = plan - 1
    if plan is None and review is not None:
        plan = review + 1
    if review is None and plan is None:
        years = Counter(int(y) for y in YEAR_RE.findall(doc_text))
        if years:
            top = max(years)
            plan, review = top, top - 1
    return review, plan


def outline(doc: Document) -> Outline:
    """Read the goal tree and its statements from the cleaned text."""
    lines = _lines(doc.text)
    if not lines or len(CJK_RE.findall(doc.text)) < 10:
        raise StructureError("no Chinese report text found", doc.name)

    # 1. classify lines: part headings, other headings (with rank), content
    kinds: list[tuple[str, int | None, PartName | None]] = []  # (kind, rank, part)
    prev_head = False
    for i, ln in enumerate(lines):
        nxt = lines[i + 1].text if i + 1 < len(lines) else None
        if FIELD_RE.match(ln.text):
            kinds.append(("field", None, None))
            prev_head = False
            continue
        m = marker_of(ln.text)
        title = _title(ln).text
        cue = _part_cue(title)
        is_heading_line = False
        rank: int | None = None
        if m is not None and m.kind in ("chapter", "section", "star"):
            is_heading_line, rank = True, RANKS[m.kind]
        elif m is not None and m.kind == "numbered":
            if not ends_sentence(ln.text) and len(title) <= 30:
                is_heading_line, rank = True, RANKS["numbered"]
        elif m is None and headingish(ln.text, nxt, None, prev_head):
            is_heading_line = True
            nm = marker_of(nxt) if nxt else None
            rank = 1 if (nm is not None and nm.kind in ("star", "section")) or ln.text.endswith(("：", ":")) else 2
        if not is_heading_line and m is None and cue is not None and len(title) <= 30 and not ends_sentence(ln.text):
            is_heading_line = ln.text[-1] not in "，、,"
        if cue is None and is_heading_line and m is None and ln.text.endswith(("：", ":")) and YEAR_START.match(title):
            # 2023年，黄埔区交出这样的答卷： — a year that introduces what follows
            cue = "plan" if re.search(r"将|要|计划|目标|任务|安排", title) else "review"
        if is_heading_line and cue is not None and (m is None or m.kind == "chapter"):
            kinds.append(("part", 0, cue))
        elif is_heading_line:
            kinds.append(("heading", rank, None))
        else:
            kinds.append(("content", None, None))
        prev_head = is_heading_line and m is None

    # the document's first line names the document, not a part: …重点任务分工方案, …重点工作清单（节选）
    title_cue: PartName | None = None
    if kinds and kinds[0][0] == "part" and TITLE_WORDS.search(lines[0].text):
        title_cue = kinds[0][2]
        kinds[0] = ("title", None, None)
    # a part heading followed at once by another of the same part is the document's title
    for i in range(len(kinds) - 1):
        if kinds[i][0] == "part" and kinds[i + 1][0] == "part" and kinds[i][2] == kinds[i + 1][2]:
            kinds[i] = ("content", None, None)
    has_parts = any(k == "part" for k, _, _ in kinds)
    goals: list[Goal] = []
    statements: list[Statement] = []
    preamble: Span | None = None

    # 2. without part headings, parts open at cue paragraphs; with none at all, one part by tense
    if not has_parts:
        last: PartName | None = None
        for i, ln in enumerate(lines):
            if kinds[i][0] == "content":
                cue = _paragraph_cue(ln.text)
                if cue is not None and cue != last:
                    kinds[i] = ("part-paragraph", 0, cue)
                    last = cue
    implicit: PartName | None = None
    if not any(k.startswith("part") for k, _, _ in kinds):
        past, future = len(PAST_WORDS.findall(doc.text)), len(FUTURE_WORDS.findall(doc.text))
        implicit = title_cue or ("plan" if future > past else "review")

    # 3. walk the lines with a stack of open headings
    part: PartName | None = None
    part_goal: Goal | None = None
    stack: list[Goal] = []
    sibling_count: dict[str, int] = {}
    titles_seen: dict[tuple[str, str], Goal] = {}
    last_item_marked = False
    last_item_closed = True
    order = 0
    part_texts: dict[PartName, list[str]] = {}
    rank_of: dict[str, int] = {}

    def new_goal(title: _Line, level: Level, parent: Goal | None, part_name: PartName, marker: str | None) -> Goal:
        nonlocal order
        key = (part_name, title.text)
        if key in titles_seen:
            return titles_seen[key]
        if parent is None:
            gid: str = part_name
            n = 2
            while any(g.id == gid for g in goals):
                gid = f"{part_name}{n}"
                n += 1
        else:
            sibling_count[parent.id] = sibling_count.get(parent.id, 0) + 1
            gid = f"{parent.id}-{sibling_count[parent.id]}"
        order += 1
        g = Goal(
            id=gid,
            title=title.text,
            level=level,
            part=part_name,
            span=Span(start=title.start, end=title.end),
            parent=parent.id if parent else None,
            marker=marker,
            order=order,
        )
        goals.append(g)
        titles_seen[key] = g
        return g

    def add_statement(piece: _Line, goal: Goal, marker: str | None) -> None:
        """One statement per item; a paragraph of several sentences also gets one statement per sentence."""
        nonlocal order
        order += 1
        n = sum(1 for s in statements if s.goal == goal.id and s.parent is None) + 1
        sid = f"{goal.id}.{n}"
        sentences = [x for x in _sentences(piece) if x.text.strip("。！？!? ")]
        split = len(sentences) >= 2
        statements.append(
            Statement(id=sid, text=piece.text, span=Span(start=piece.start, end=piece.end), goal=goal.id,
                      part=goal.part, marker=marker, order=order, has_parts=split)
        )
        if split:
            for k, sent in enumerate(sentences, 1):
                order += 1
                statements.append(
                    Statement(id=f"{sid}.{k}", text=sent.text, span=Span(start=sent.start, end=sent.end),
                              goal=goal.id, part=goal.part, order=order, parent=sid)
                )
        part_texts.setdefault(goal.part, []).append(piece.text)

    assignments: list[Assignment] = []
    if implicit is not None:
        # no words name the part: an untitled part goal (empty title, empty span) holds everything
        empty = _Line(lines[0].start, lines[0].start, "")
        part_goal = new_goal(empty, "part", None, implicit, None)
        stack = [part_goal]
        rank_of[part_goal.id] = 0
    for i, ln in enumerate(lines):
        kind, rank, cue = kinds[i]
        if kind == "title":
            preamble = Span(start=ln.start, end=ln.end)
            continue
        if kind == "field":
            fm = FIELD_RE.match(ln.text)
            task = next((s for s in reversed(statements) if s.parent is None), None)
            if fm and task is not None:
                field = fm.group("field")
                role = "deadline" if re.search(r"时限|时间|节点", field) else "lead" if re.search(r"牵头|主责", field) else "support"
                value = ln.text[fm.end() :].strip()
                start = ln.start + ln.text.index(value, fm.end()) if value else ln.end
                assignments.append(Assignment(statement=task.id, field=field, role=role,  # type: ignore[arg-type]
                                              span=Span(start=start, end=start + len(value)), text=value))
            continue
        if kind.startswith("part"):
            part = cue
            assert part is not None
            # a part opened by a paragraph (回顾过去一年，…) has no heading: its title is empty, like the gold's
            heading = _title(ln) if kind == "part" else _Line(ln.start, ln.start, "")
            pm = marker_of(ln.text)
            part_goal = new_goal(heading, "part", None, part, pm.text if pm else None)
            part_texts.setdefault(part, []).insert(0, heading.text)
            rank_of[part_goal.id] = 0
            stack = [part_goal]
            last_item_marked, last_item_closed = False, True
            if kind == "part":
                continue
        if part_goal is None:
            # text before the first part heading: title, byline, opening words
            preamble = Span(start=lines[0].start, end=ln.end)
            continue
        if kind == "heading" and title_cue == "plan" and part_goal is not None and part_goal.part == "review" \
                and not any(g.part == "plan" for g in goals):
            # a plan document (…分工方案) that opens with a paragraph on last year: its headings start the plan
            part_goal = new_goal(_Line(ln.start, ln.start, ""), "part", None, "plan", None)
            rank_of[part_goal.id] = 0
            stack = [part_goal]
        if kind == "heading":
            assert rank is not None
            while len(stack) > 1 and rank_of[stack[-1].id] >= rank:
                stack.pop()
            m = marker_of(ln.text)
            if m is None and rank == 2 and len(stack) > 1 and _children_marked(stack[-1], goals):
                stack = stack[:1]  # an unmarked box after a chapter of ★ sections stands beside the chapters
            g = new_goal(_title(ln), LEVEL_OF_RANK[rank], stack[-1], part_goal.part, m.text if m else None)
            rank_of.setdefault(g.id, rank)
            if g is not stack[-1]:
                stack.append(g)
            last_item_marked, last_item_closed = False, True
            continue
        # content
        if META_RE.search(ln.text):
            continue  # 各位代表！… / 现将…分工如下。: words about the report, not results or tasks
        target = stack[-1]
        pieces = _items(ln)
        marked = pieces[0][0] is not None
        if not marked and last_item_marked and last_item_closed:
            # prose after a finished marked list belongs to the part, not to the last heading
            target = part_goal
        for item_marker, piece in pieces:
            if piece.text:
                add_statement(piece, target, item_marker)
        last_item_marked = marked or (last_item_marked and not last_item_closed)
        last_item_closed = ends_sentence(ln.text)

    if not statements and not goals:
        raise StructureError("no headings, list items or paragraphs recognised", doc.name)
    review_year, plan_year = _years(doc.text, part_texts)
    for g in goals:
        g.year = review_year if g.part == "review" else plan_year
    return Outline(goals=goals, statements=statements, assignments=assignments, review_year=review_year,
                   plan_year=plan_year, preamble=preamble)
