"""Pass 2: headings printed with their paragraph on one line are cut in two: the heading, then its body.

`（一）着力扩大有效投资。全年实施重点项目86个…` is the most common official layout: the heading is a goal, the rest
are statements under it. The same holds for `一是…。…`, `第一，…。…` at the start of a paragraph, for `【经济运行】…`,
and for paragraphs that open with a short bold sentence, when a chapter is written as a run of them.
"""

from __future__ import annotations

import re

from govkg.layout import Marker, marker_of
from govkg.outline.lines import RANKS, Line, LineKind
from govkg.patterns import ARABIC, CN_ORDINAL_CLASS, YEAR
from govkg.rules import pattern, rule

#: The end of a heading printed inline: its first full stop (or !/?).
_HEAD_END = re.compile(r"[。！？]")
#: Longest inline heading, by marker rank: chapters and sections are longer than numbered points.
MAX_INLINE_HEADING = {1: 40, 2: 40, 3: 30}
LEAD_MARKER = pattern(
    "objective-lead",
    rf"^(?:[{CN_ORDINAL_CLASS}]是|第[{CN_ORDINAL_CLASS}]{{1,3}}[，,、]|首先[，,]|其次[，,]|再次[，,]|最后[，,])",
    doc="A paragraph that opens a point of its own: 一是…, 第一，…, 首先，… (a heading when its first sentence is short).",
    matches=["一是坚持创新驱动。全年新增高新技术企业50家。", "第二，着力扩大内需。", "首先，稳住经济大盘。"],
    rejects=["坚持一是一、二是二的作风。", "全年新增高新技术企业50家。", "第二届茶文化节成功举办。"],
)
_NUMBER = re.compile(rf"{ARABIC}|{YEAR}")


@rule("inline-heading", matches=["着力扩大有效投资", "坚持扩内需稳增长，经济运行稳中向好", "产业转型步伐加快"],
      rejects=["全年实施县级重点项目86个", "一是抓谋划储备，新入库专项债券项目23个；二是抓要素保障",
               "加快建设云港智算中心二期，年内新增算力规模2000P，总算力规模达到5000P", "完成投资152.6亿元"])
def heading_like(head: str, limit: int = 40) -> bool:
    """The words before a marked line's first full stop can be a heading: short, no list of clauses (；：), no figures."""
    return 2 <= len(head) <= limit and not re.search(r"[；;：:]", head) and not _NUMBER.search(head)


def _cut(ln: Line, head_end: int, body_start: int, rank: int) -> list[Line]:
    """Split a line at offsets (relative to its text) into a heading and a content line."""
    head = Line(ln.start, ln.start + head_end, ln.text[:head_end], LineKind.HEADING, ln.marker, rank, ln.cue, inline=True)
    body_text = ln.text[body_start:]
    lead = len(body_text) - len(body_text.lstrip())
    body = Line(ln.start + body_start + lead, ln.end, body_text.strip(), LineKind.CONTENT, inline_body=True)
    body.marker = marker_of(body.text) if body.text[:1] in "•○●·" else None
    return [head, body]


def _split(ln: Line) -> list[Line]:
    m = ln.marker
    if ln.kind not in (LineKind.HEADING, LineKind.CONTENT):
        return [ln]
    if m is not None and m.kind == "bracket":
        rest = ln.text[len(m.text) :]
        if rest.strip():
            return _cut(ln, len(m.text), len(m.text), RANKS["bracket"])
        return [ln]
    if m is not None and m.kind in ("chapter", "banner", "section", "star", "numbered"):
        rank = RANKS[m.kind]
        rest_at = len(m.text)
        end = _HEAD_END.search(ln.text, rest_at)
        if end is None:
            if len(ln.text) - rest_at > MAX_INLINE_HEADING[rank] and ln.kind == LineKind.HEADING:
                ln.kind, ln.rank, ln.cue = LineKind.CONTENT, None, None  # a paragraph with a marker is no heading
            return [ln]
        head = ln.text[rest_at : end.start()].strip()
        body = ln.text[end.end() :].strip()
        if not body:
            if ln.kind == LineKind.HEADING or not heading_like(head, MAX_INLINE_HEADING[rank]) or m.kind == "numbered":
                return [ln]
            ln.kind, ln.rank = LineKind.HEADING, rank  # （一）着力扩大有效投资。 alone on its line
            return [ln]
        if heading_like(head, MAX_INLINE_HEADING[rank]) and not body.startswith(("”", "’", "）")):
            return _cut(ln, end.start(), end.end(), rank)
        # a numbered paragraph, not a heading: （三）全年实施项目45个…。… stays one statement with its marker
        ln.kind, ln.rank, ln.cue = LineKind.CONTENT, None, None
        return [ln]
    if m is None and ln.kind == LineKind.CONTENT:
        lead = LEAD_MARKER.match(ln.text)
        if lead:
            end = _HEAD_END.search(ln.text, lead.end())
            if end is not None and ln.text[end.end() :].strip():
                head = ln.text[lead.end() : end.start()]
                if heading_like(head, MAX_INLINE_HEADING[3]):
                    ln.marker = Marker("lead", lead.group(0))
                    return _cut(ln, end.start(), end.end(), RANKS["lead"])
    return [ln]


BOLD_LEAD_MIN = 3  # paragraphs of one chapter that open with a short sentence before it reads as a run of headings


def _bold_leads(lines: list[Line]) -> list[Line]:
    """A chapter written as paragraphs that each open with a short bold sentence (坚持项目为王，投资拉动作用持续增强。
    全年实施…): when at least three of its paragraphs, and at least half of them, open so, each lead is a heading."""
    out: list[Line] = []
    groups: dict[int, list[int]] = {}  # index of the chapter heading -> indices of its unmarked paragraphs
    parent = -1
    for i, ln in enumerate(lines):
        if ln.kind == LineKind.HEADING and (ln.rank or 0) <= 1:
            parent = i
        elif ln.kind == LineKind.HEADING:
            parent = -2  # paragraphs under sections are that section's: not a chapter of bold leads
        elif ln.kind == LineKind.CONTENT and ln.marker is None and parent >= 0:
            groups.setdefault(parent, []).append(i)
    leads: dict[int, int] = {}
    for _parent, members in groups.items():
        found = {}
        for i in members:
            t = lines[i].text
            end = _HEAD_END.search(t)
            if end is None or not t[end.end() :].strip():
                continue
            head = t[: end.start()]
            if 6 <= len(head) <= 30 and heading_like(head, 30) and len(t) - end.end() >= len(head) and \
                    not re.match(rf"^(?:{YEAR}年|过去|今年|一年来|五年来|回顾|面对|我们)", head):
                found[i] = end.start()
        if len(found) >= BOLD_LEAD_MIN and 2 * len(found) >= len(members):
            leads.update(found)
    for i, ln in enumerate(lines):
        if i in leads:
            ln.marker = None
            out += _cut(ln, leads[i], leads[i] + 1, 2)
        else:
            out.append(ln)
    return out


def split_inline(lines: list[Line]) -> list[Line]:
    """Pass 2: cut every inline heading from its body."""
    out: list[Line] = []
    for ln in lines:
        out += _split(ln)
    return _bold_leads(out)
