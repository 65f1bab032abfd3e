"""Pass 3: which part (review or plan) and which year each heading speaks of, within the frame of the report's dates.

Each chapter and section decides for itself, from its own title: its cue words (回顾, 完成情况, 工作基础 / 工作安排,
主要任务, 今年), the years it names, and a five-year plan it names (a 十五五 chapter plans to 2030), read against the
report's own dates (the byline `2026年1月20日在…会议上`, the date under the title, the title's years). A heading
that says nothing takes its part and year from the heading above it, or from the part before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govkg.models import PartName
from govkg.outline.cues import FIVE_YEAR_PLAN, PLAN_WORDS, REVIEW_WORDS
from govkg.outline.lines import Line, LineKind
from govkg.patterns import BARE_YEAR_RE, DATE_RE, YEAR, YEAR_RE
from govkg.rules import pattern

#: Words that make a line the document's title rather than a part heading: …政府工作报告要点, …分工方案.
TITLE_WORDS = pattern(
    "title-words",
    r"工作报告|分工方案|任务清单|工作清单|要点|摘要|速览|解读|一图读懂|完成情况及|工作安排$|实施方案|工作总结$",
    doc="A document's own name: 政府工作报告, …分工方案, …要点, 一图读懂…; a line with it is the title, not a part.",
    matches=["临澜县人民政府工作报告", "云港新区2025年《政府工作报告》重点任务分工方案", "沣阳市2024年重点工作完成情况及2025年工作安排"],
    rejects=["一、2024年工作回顾", "二、2025年重点工作"],
)
#: The five years ahead, named without a plan's number: 今后五年的奋斗目标.
FUTURE_FIVE = re.compile(r"今后五年|未来五年|今后一个时期")
#: Chinese ordinals of five-year plans.
_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass
class Frame:
    """The report's own dates: the year it reviews and the year it plans (None where the text does not say)."""

    review: int | None = None
    plan: int | None = None


def _cn_int(s: str) -> int | None:
    """十五 -> 15, 二十 -> 20, 九 -> 9 (ordinals of five-year plans)."""
    if not s or any(c not in _CN for c in s):
        return None
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN[s[1]] if len(s) == 2 else None
    if len(s) == 2 and s[1] == "十":
        return _CN[s[0]] * 10
    if len(s) == 3 and s[1] == "十":
        return _CN[s[0]] * 10 + _CN[s[2]]
    return _CN[s] if len(s) == 1 else None


def five_year_period(text: str) -> tuple[int, int] | None:
    """The years of the five-year plan a text names: 十四五 -> (2021, 2025), 十五五 -> (2026, 2030)."""
    m = FIVE_YEAR_PLAN.search(text)
    if not m:
        return None
    n = _cn_int(m.group("n"))
    if n is None or n < 6:  # the first five plans did not run on five-year steps; no report of ours names them
        return None
    start = 1981 + 5 * (n - 6)
    return start, start + 4


def years_in(text: str) -> list[int]:
    """Calendar years a heading names: 2024年, or bare (回望2024)."""
    found = [int(y) for y in YEAR_RE.findall(text)]
    return found or [int(y) for y in BARE_YEAR_RE.findall(text)]


def frame_of(lines: list[Line]) -> Frame:
    """The report's dates from its head: the date it was delivered (byline, date line, masthead) or its title.

    A report delivered in the first nine months of year N plans N and reviews N-1; one delivered late in the year
    plans the next. A title with two years names both (…2024年重点工作完成情况及2025年工作安排); a title with one
    names the plan year, or the reviewed year when it only reviews (…2024年工作总结)."""
    head: list[Line] = []
    for ln in lines[:15]:
        if ln.kind == LineKind.HEADING and ln.marker is not None and ln.marker.kind != "bracket" or \
                ln.kind == LineKind.CONTENT and len(ln.text) > 80:
            break
        head.append(ln)
    for ln in head:
        if len(ln.text) > 120 or ln.kind == LineKind.CONTEXT:
            continue
        m = DATE_RE.search(ln.text)
        if m and (m.start() == 0 or re.match(r"^(?:——|—|-)", ln.text) or len(ln.text) <= 60):
            year, month = int(m.group(1)), int(m.group(2))
            plan = year if month <= 9 else year + 1
            return Frame(plan - 1, plan)
    for ln in head:
        if TITLE_WORDS.search(ln.text):
            ys = sorted(set(years_in(ln.text)))
            if len(ys) >= 2:
                return Frame(ys[0], ys[-1])
            if ys:
                if REVIEW_WORDS.search(ln.text) and not PLAN_WORDS.search(ln.text):
                    return Frame(ys[0], ys[0] + 1)
                return Frame(ys[0] - 1, ys[0])
    return Frame()


def decision(title: str, frame: Frame) -> tuple[PartName | None, int | None] | None:
    """(part, year) that a heading's own words give, or None when they say nothing. The part may be None with a
    year when a year is all it names and the report's dates are unknown."""
    if len(title) > 40:
        return None
    years = years_in(title)
    period = five_year_period(title)
    if REVIEW_WORDS.search(title):
        if years:
            return "review", max(years)
        if period and (frame.plan is None or period[1] < frame.plan):
            return "review", period[1]
        return "review", None
    if period and (frame.plan is None or period[1] >= frame.plan) and not years:
        return "plan", period[1]  # “十五五”时期的主要目标和重点任务: targets to 2030
    if FUTURE_FIVE.search(title) and not years:
        return "plan", frame.plan + 4 if frame.plan is not None else None
    if years and frame.plan is not None:
        y = max(years)
        return ("plan" if y >= frame.plan else "review"), y
    if PLAN_WORDS.search(title):
        return "plan", max(years) if years else None
    if years:
        return None, max(years)
    return None


def plan_lead(text: str) -> bool:
    """A year lead that speaks of what is to be done: 2024年，全市将…"""
    return bool(re.match(rf"{YEAR}年[，,]", text)) and bool(re.search(r"将|要|力争|预期目标|计划|目标是", text))
