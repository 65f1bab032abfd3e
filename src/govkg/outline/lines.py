"""Pass 1: the cleaned text as lines, each told what it is (a LineKind): heading, content, table row, sidebar…"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from govkg.layout import FIELD_RE, Marker, ends_sentence, has_inner_terminal, headingish, marker_of
from govkg.models import PartName
from govkg.outline.cues import APPENDIX, CAPTION, META, PLAN_WORDS, PROBLEMS, REVIEW_WORDS, SIDEBAR
from govkg.patterns import HAN_RE, YEAR
from govkg.rules import pattern, rule


class LineKind(StrEnum):
    HEAD = "head"  # the title block: title, subtitle, masthead, byline, presenter, issuer, date
    META = "meta"  # words about the report: salutation, 请予审议, 现将…如下, the closing appeal
    HEADING = "heading"
    CONTENT = "content"  # a paragraph, a list item, a bullet
    FIELD = "field"  # 牵头单位：… under a task
    TABLE = "table"  # a row of a table (header, rule or data)
    CAPTION = "caption"  # 表1 …
    CONTEXT = "context"  # a sidebar, an appendix, the shortcomings paragraph


#: Heading ranks by marker kind: a heading closes every open heading of the same or a deeper rank.
RANKS = {"banner": 1, "chapter": 1, "section": 2, "bracket": 2, "star": 2, "numbered": 3, "lead": 3, "list": 4}


@dataclass
class Line:
    start: int
    end: int
    text: str
    kind: LineKind = LineKind.CONTENT
    marker: Marker | None = None
    rank: int | None = None  # headings only
    cue: PartName | None = None  # the part a heading's words say it opens (回顾 → review, 工作安排 → plan)
    context: str | None = None  # CONTEXT lines: the label of their sidebar
    inline: bool = False  # a heading cut from the paragraph it was printed with
    inline_body: bool = False  # the paragraph an inline heading was cut from

    def title(self) -> tuple[int, int]:
        """The heading's title as (start, end) into the document: no marker, brackets or trailing colon/full stop."""
        t, s = self.text, self.start
        if self.marker is not None:
            if self.marker.kind == "bracket":
                inner = self.marker.text[1:-1]
                lead = len(inner) - len(inner.lstrip())
                inner = inner.strip()
                return s + 1 + lead, s + 1 + lead + len(inner)
            cut = len(self.marker.text)
            rest = t[cut:]
            lead = len(rest) - len(rest.lstrip())
            s, t = s + cut + lead, rest.strip()
        stripped = t.rstrip("：:。 ")
        return s, s + len(stripped)


def split_lines(text: str) -> list[Line]:
    """Non-blank lines of the cleaned text, stripped, with their offsets."""
    out, pos = [], 0
    for raw in text.split("\n"):
        if raw.strip():
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(pos + lead, pos + len(raw.rstrip()), raw.strip()))
        pos += len(raw) + 1
    return out


@rule("part-cue", matches=["一、2024年工作回顾", "二、2025年重点工作", "过去一年主要成绩：", "今年重点工作"],
      rejects=["（一）着力扩大有效投资", "全年新建口袋公园12个，完成老旧小区改造30个。", "产业组织全面加强，营商氛围更加浓厚"])
def part_cue(title: str) -> PartName | None:
    """Review or plan, when a short heading's own words name the part it opens (a review word outranks a plan
    word: 2024年重点工作完成情况 reviews)."""
    if len(title) > 40 or has_inner_terminal(title):
        return None
    if REVIEW_WORDS.search(title):
        return "review"
    if PLAN_WORDS.search(title):
        return "plan"
    return None


#: 2023年，黄埔区交出这样的答卷： — a year that introduces what follows; its verbs say which part.
YEAR_LEAD = pattern(
    "year-lead-line",
    rf"^{YEAR}年[，,].{{0,28}}[：:]$",
    doc="A short line that opens with a year and ends with a colon introduces a part: 2023年，全区重点做了以下工作：",
    matches=["2023年，黄埔区交出这样的答卷：", "2024年，全市将重点做好以下工作："],
    rejects=["2023年，全区地区生产总值增长5.2%。", "2024年重点任务"],
)
FUTURE_LEAD = re.compile(r"将|要|计划|目标|任务|安排")
#: A line that only announces a list: 重点抓好以下几个方面工作： — neither heading nor statement.
LIST_LEAD_IN = pattern(
    "list-lead-in",
    r"^[^。；，,]{0,30}(?:以下|如下)[^。；，,]{0,12}[：:]$",
    doc="A line that only announces what follows (重点抓好以下几个方面工作：): words about the report, not a heading.",
    matches=["重点抓好以下几个方面工作：", "重点做好以下工作：", "主要工作如下："],
    rejects=["2022年，重点做了以下工作：", "（一）着力扩大有效投资", "今年经济社会发展的主要预期目标是："],
)
#: A list head: a bullet that ends with a colon and is followed by deeper items (•办好一批民生实事： / ——…).
LIST_HEAD_END = ("：", ":")


_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:[%％万亿千百个家项条所处座张套件人名户亩公吨元米辆台次]|平方)")


def _family(marker: str) -> str:
    """The shape of a numbered marker: 1． and 2． are one family, ① and ② another, （1） and （2） a third."""
    return re.sub(r"\d+|[①-⑳]", "N", marker)


def numbered_heading(text: str, m: Marker, nxt: str | None, prv: str | None = None) -> bool:
    """A numbered line is a heading when it is short, ends no sentence, states no figure, and the lines around it are
    not items of the same list (①新建口袋公园12个 / ②… is a list; 1．做强先进制造业 over its paragraph is a heading)."""
    title = text[len(m.text) :].strip()
    if ends_sentence(text) or len(title) > 30 or _FIGURE.search(title):
        return False
    for other in (nxt, prv):
        om = marker_of(other) if other else None
        if om is not None and om.kind == "numbered" and _family(om.text) == _family(m.text):
            return False
    return True


#: Symbols that newspapers print before section headings as well as before items: ■产业发展 / ■新建公园12个.
HEADING_SYMBOLS = "■□▲△●◎▶►◆"


def symbol_heading(text: str, m: Marker, nxt: str | None, prv: str | None) -> bool:
    """A line after a heading symbol (■, ◆, ▲) is a heading when it is short, ends no sentence, states no figure and
    stands alone: the lines around it do not carry the same symbol (■城市建设 over its items, not ■新建公园12个 in a
    list of ■ items)."""
    title = text[len(m.text) :].strip()
    if ends_sentence(text) or not 2 <= len(title) <= 20 or _FIGURE.search(title):
        return False
    return not any(other and other.startswith(m.text) for other in (nxt, prv))


@rule("topic-line", matches=["产业发展", "城乡建设", "民生保障"],
      rejects=["全年新建口袋公园12个", "加快建设，", "推进“一网通办”改革，实现高频事项全覆盖", "2024年"])
def topic_line(text: str) -> bool:
    """A short unmarked line with no punctuation and no figures, over a paragraph: a topic heading (产业发展)."""
    return 2 <= len(text) <= 12 and not re.search(r"[，。；：、！？,.;:!?“”\d]", text) and bool(HAN_RE.search(text))


def _content_like(text: str | None) -> bool:
    return bool(text) and (bool(re.search(r"[。；！？]", text or "")) or len(text or "") > 20)


def _kind(lines: list[Line], i: int, prev_head: bool) -> None:
    ln = lines[i]
    t = ln.text
    nxt = lines[i + 1].text if i + 1 < len(lines) else None
    if FIELD_RE.match(t):
        ln.kind = LineKind.FIELD
        return
    if t.startswith("|"):
        ln.kind = LineKind.TABLE
        return
    if CAPTION.search(t) and nxt is not None and nxt.startswith("|"):
        ln.kind = LineKind.CAPTION
        return
    side = SIDEBAR.match(t)
    if side:
        ln.kind, ln.context = LineKind.CONTEXT, side.group("label")
        return
    m = marker_of(t)
    ln.marker = m
    if (m is None or m.kind == "item") and META.search(t) and not (len(t) > 40 and _FIGURE.search(t)):
        ln.kind = LineKind.META  # a newspaper's lead that states figures (报告显示，去年…增长5.2%) is read, not skipped
        return
    if m is None and PROBLEMS.search(t):
        ln.kind, ln.context = LineKind.CONTEXT, "问题与不足"
        return
    a, b = ln.title()
    title = t[a - ln.start : b - ln.start]
    cue = part_cue(title)
    heading, rank = False, None
    prv = lines[i - 1].text if i else None
    if m is not None and m.kind == "star" and _FIGURE.search(title):
        pass  # ◆新建口袋公园18个: an item printed after a star, not a heading
    elif m is not None and m.kind in RANKS and m.kind != "numbered":
        heading, rank = True, RANKS[m.kind]
    elif m is not None and m.kind == "numbered":
        if numbered_heading(t, m, nxt, prv):
            heading, rank = True, RANKS["numbered"]
    elif m is None and headingish(t, nxt, None, prev_head):
        heading = True
        nm = marker_of(nxt) if nxt else None
        rank = 1 if (nm is not None and nm.kind in ("star", "section", "bracket")) or t.endswith(LIST_HEAD_END) else 2
    elif m is not None and m.kind == "item" and t.endswith(LIST_HEAD_END) and nxt is not None:
        nm = marker_of(nxt)
        if nm is not None and nm.kind == "item" and nm.text != m.text:
            heading, rank = True, RANKS["list"]  # •办好一批民生实事： over ——新增普惠托位600个
    elif m is not None and m.kind == "item" and m.text in HEADING_SYMBOLS and symbol_heading(t, m, nxt, prv):
        heading, rank = True, RANKS["star"]
    elif m is None and topic_line(t) and _content_like(nxt) and not prev_head:
        heading, rank = True, 2
    if not heading and m is None and cue is not None and len(title) <= 30 and not ends_sentence(t):
        heading = t[-1] not in "，、,"
        rank = 2
    if cue is None and heading and m is None and YEAR_LEAD.match(t):
        cue = "plan" if FUTURE_LEAD.search(title) else "review"
    if heading and m is None and cue is None and LIST_LEAD_IN.match(t):
        ln.kind = LineKind.META
        return
    if heading:
        ln.kind, ln.rank, ln.cue = LineKind.HEADING, rank, cue if (m is None or rank is not None and rank <= 2) else None


def _context_blocks(lines: list[Line]) -> None:
    """A sidebar runs from its opener over the paragraphs after it, to the next heading, table or sidebar; an
    appendix (附件, 名词解释) runs to the end of the report, its numbered entries included."""
    last_heading = max((k for k, nx in enumerate(lines) if nx.kind == LineKind.HEADING and (
        nx.marker is None or nx.marker.kind != "numbered")), default=-1)
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.kind != LineKind.CONTEXT or ln.context == "问题与不足":
            i += 1
            continue
        label = ln.context
        # 附件 runs to the end; a glossary (名词解释) does when nothing but its entries follows, else it is a box
        appendix = bool(APPENDIX.match(ln.text)) and (label in ("附件", "附表", "附") or last_heading < i)
        j = i + 1
        while j < len(lines):
            nx = lines[j]
            if appendix:
                if nx.kind == LineKind.HEADING and nx.rank == 1 and nx.cue is not None:
                    break  # a part after the appendix (rare): the appendix ends there
            elif nx.kind in (LineKind.HEADING, LineKind.TABLE, LineKind.CAPTION, LineKind.FIELD) or (
                    nx.kind == LineKind.CONTEXT and nx.context != "问题与不足"):
                break
            nx.kind, nx.context = LineKind.CONTEXT, label
            j += 1
        i = j


def _closing(lines: list[Line]) -> None:
    """The appeal that closes a report (各位代表！…让我们…奋斗！) is META wherever its salutation is."""
    for ln in lines[-3:]:
        if ln.kind == LineKind.CONTENT and ln.marker is None and ln.text.startswith("各位代表") and "让我们" in ln.text:
            ln.kind = LineKind.META


def classify(lines: list[Line]) -> list[Line]:
    """Pass 1: give every line its kind, marker and (for headings) rank and part cue."""
    prev_head = False
    for i in range(len(lines)):
        _kind(lines, i, prev_head)
        prev_head = lines[i].kind == LineKind.HEADING and lines[i].marker is None
    _context_blocks(lines)
    _closing(lines)
    return lines
