"""Shared layout knowledge: list markers, heading shapes and sentence ends, used by `clean` and `outline`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from govkg.patterns import CN_ORDINAL_CLASS, HAN_RE

CN_DIGITS = CN_ORDINAL_CLASS
TERMINAL = "。！？；!?;…"
CLOSERS = "”’」』）)】》\"'"

# Heading markers, from the widest level down. Each: (name, regex on the start of a logical line).
CHAPTER_RE = re.compile(rf"^(?:第[{CN_DIGITS}]+(?:章|部分|篇)\s*|[{CN_DIGITS}]{{1,3}}(?:、|[．.](?!\d)))")
SECTION_RE = re.compile(rf"^[（(][{CN_DIGITS}]{{1,3}}[）)]")
STAR_RE = re.compile(r"^[★☆◆]")
#: Newspaper part banners: ▍回望2024.
BANNER_RE = re.compile(r"^[▍▌▎▋▊]")
#: A heading in black brackets: 【经济运行稳中有进】 (a sidebar's 【编者按】 is told apart by its words).
BRACKET_RE = re.compile(r"^【[^【】]{1,30}】")
NUMBERED_RE = re.compile(r"^(?:\d{1,2}(?:、|[．.](?!\d))|[（(]\d{1,2}[）)]|\d{1,2}[)）](?!\d)|[①-⑳])")
#: Item markers: plan tasks ○, bullets, dashes.
ITEM_RE = re.compile(r"^(?:[○◯●•·▪■□▶►√✓◎]|——|—(?!—)|[-－–](?!\d)|\*)")
INLINE_ITEM_SPLIT = re.compile(r"(?<=[。！？；!?;”])\s*(?=[○◯●•])")

CJK_RE = HAN_RE
PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:[-—–－~～\s]*\d{1,4}[-—–－~～\s]*|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|[-—–－]?\s*[ivxlcIVXLC]{1,6}\s*[-—–－]?)\s*$"
)
PLAN_FOCUS_RE = re.compile(r"^聚焦")
#: Field lines of task-division plans: who leads a task, who takes part, by when.
FIELD_RE = re.compile(r"^(?P<field>牵头单位|牵头部门|责任单位|责任部门|配合单位|协办单位|参与单位|主责单位|完成时限|时间节点|完成时间)[：:]")


def field_role(name: str) -> str:
    """The role a task-division field gives: 完成时限 a deadline, 牵头单位 the lead, 配合单位/责任单位 support."""
    return "deadline" if re.search(r"时限|时间|节点", name) else "lead" if re.search(r"牵头|主责", name) else "support"


@dataclass(frozen=True)
class Marker:
    kind: str  # banner | chapter | section | bracket | star | numbered | item
    text: str


def marker_of(line: str) -> Marker | None:
    """The list or heading marker a logical line starts with, if any."""
    for kind, rx in (
        ("banner", BANNER_RE),
        ("chapter", CHAPTER_RE),
        ("bracket", BRACKET_RE),
        ("section", SECTION_RE),
        ("star", STAR_RE),
        ("numbered", NUMBERED_RE),
        ("item", ITEM_RE),
    ):
        m = rx.match(line)
        if m:
            return Marker(kind, m.group(0))
    return None


def ends_sentence(line: str) -> bool:
    """True when a line ends a sentence: 。！？； or such a mark followed by closing quotes/brackets."""
    s = line.rstrip()
    while s and s[-1] in CLOSERS:
        s = s[:-1]
    return bool(s) and s[-1] in TERMINAL


def has_inner_terminal(line: str) -> bool:
    return any(c in line for c in "。！？!?")


def balanced_clauses(line: str) -> bool:
    """Headings of this genre pair two clauses of similar length: 产业组织全面加强，营商氛围更加浓厚."""
    parts = re.split(r"[，,]", line)
    if len(parts) != 2:
        return False
    a, b = len(parts[0]), len(parts[1])
    if not (4 <= a <= 16 and 4 <= b <= 16):
        return False
    if re.search(r"[\d、；;：:]", line):
        return False
    return min(a, b) / max(a, b) >= 0.65


def headingish(line: str, next_line: str | None, width: int | None = None, after_heading: bool = False) -> bool:
    """An unmarked line that reads as a heading rather than a wrapped piece of a sentence.

    `width` is the column width of the surrounding text when known: a line that fills the column is a wrap,
    however heading-like its words are. Two unmarked headings never follow each other unless the second
    introduces marked sections, so right `after_heading` a balanced line is taken for the start of a paragraph.
    """
    s = line.strip()
    if not s or len(s) > 40 or has_inner_terminal(s) or s[-1] in "，、," or not CJK_RE.search(s):
        return False
    if s.endswith(("：", ":")) and len(s) <= 30:
        return True
    nxt = (next_line or "").strip()
    nm = marker_of(nxt) if nxt else None
    if nm is not None and nm.kind in ("star", "chapter", "section", "bracket", "banner") and len(s) <= 30:
        return True
    if balanced_clauses(s) and not after_heading and (width is None or len(s) < width - 1):
        return True
    if nm is not None and nm.kind in ("numbered", "item") and len(s) <= 15 and not re.search(r"[，,、]", s):
        return True  # a short title over a list: 经济运行 / 1、…
    return bool(PLAN_FOCUS_RE.match(s) and len(s) <= 30 and nm is not None)
