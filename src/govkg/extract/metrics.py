"""Stated quantities: numbers with magnitudes, units or counters and qualifiers; and groups named by size (六大…)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from govkg.extract.metric_rules import (
    POLICY_PACKAGE_RE,
    POST_QUALIFIER,
    excluded_by,
    qualify,
    threshold,
    threshold_text,
)
from govkg.extract.quantities import MAGNITUDES, UNITS, Reading, read
from govkg.models import CountedGroup, Metric, Span, Statement
from govkg.patterns import CN_NUMERAL_CLASS, HAN_CLASS, cn_numeral_value

__all__ = ["COUNT_PHRASE_RE", "MAGNITUDES", "POLICY_PACKAGE_RE", "UNITS", "find_groups", "find_metrics"]

#: After a magnitude with no unit, words that say the number is money: 50亿规模, 千亿固定资产投资.
MONEY_CONTEXT = re.compile(r"(?:余|多|以上|左右)?(?:的)?(?:规模|固定资产|社会|投资|资金|基金|产值|收入|营收|总值|贷款|融资|资产|税收|财政|消费|销售额|交易额|额)")
COUNT_PHRASE_RE = re.compile(rf"(?<![第\d{CN_NUMERAL_CLASS}])(?P<num>[一二两三四五六七八九十]|\d)大(?P<noun>[{HAN_CLASS}]{{2,8}}?)(?=[，。、；：”\s]|$|和|与|及|等|的|将|已|正|建设|基本|全部|精彩|日进|加快|顺利|有序|全面)")
CLAUSE_SPLIT = re.compile(r"[，,；;。！？!?：:]")
#: How far a clause reaches from its number, each way. Text with no punctuation for longer than this is not one
#: clause (the longest measure of every report we have has 34 characters), and bounding it keeps the work and the
#: output per number bounded: a line of thousands of numbers and no punctuation wrote its whole self as the measure
#: of each of them, and searched it again for each.
CLAUSE_REACH = 100


def _readings(text: str) -> list[Reading]:
    """Every number with a unit (or money by context) that no exclusion rule rejects, in reading order."""
    out: list[Reading] = []
    pos = 0
    while pos < len(text):
        r, pos = read(text, pos)
        if r is None:
            continue
        if r.unit is None and r.has_magnitude and MONEY_CONTEXT.match(text, r.end):
            r = replace(r, unit="元")  # 50亿规模, 千亿固定资产投资: MET-2 infers 元
        if r.unit is None or excluded_by(text, r):
            continue
        out.append(r)
    return out


def find_metrics(st: Statement) -> list[Metric]:
    """Every stated quantity in one statement; a threshold (亿元以上 in 亿元以上项目41个) is not one, it is written
    on the count it qualifies."""
    text = st.text
    readings = _readings(text)
    out: list[Metric] = []
    pending: tuple[str, int] | None = None  # a threshold waiting for the count it qualifies, and where it ends
    breaks = [m.start() for m in CLAUSE_SPLIT.finditer(text)]
    for i, r in enumerate(readings):
        if r.unit is None:
            continue  # `_readings` keeps only numbers with a unit
        q = qualify(text, r)
        nxt = readings[i + 1] if i + 1 < len(readings) else None
        is_threshold, qualifies_next = threshold(text, r, q, nxt)
        if is_threshold:
            pending = (threshold_text(text, r, q), q.raw_end) if qualifies_next else None
            continue
        lo, hi = _clause(text, r.start, r.end, breaks)
        if pending:
            lo = max(lo, pending[1])  # 亿元以上项目41个: the counted noun is 项目
        out.append(
            Metric(
                raw=text[r.start : q.raw_end],
                span=_abs(st, r.start, q.raw_end),
                value=r.value,
                value_max=r.value_max,
                unit=r.unit,
                qualifier=q.qualifier,
                qualifier_text=q.text,
                statement=st.id,
                measure=text[lo:hi],
                counted=_counted(text, r, lo, hi),
                threshold=pending[0] if pending else None,
            )
        )
        pending = None
    return out


def _clause(text: str, start: int, end: int, breaks: list[int] | None = None) -> tuple[int, int]:
    """The clause around text[start:end], between the punctuation before and after it, at most CLAUSE_REACH
    characters from it each way. `breaks`: the positions of
    CLAUSE_SPLIT in `text`, found once for all the numbers of a statement (a clause of thousands of numbers is then
    read in linear time, not searched from its start for each of them)."""
    if breaks is None:
        breaks = [m.start() for m in CLAUSE_SPLIT.finditer(text)]
    k = bisect_left(breaks, start)
    lo = breaks[k - 1] + 1 if k else 0
    k = bisect_left(breaks, end, k)
    hi = breaks[k] if k < len(breaks) else len(text)
    return max(lo, start - CLAUSE_REACH), min(hi, end + CLAUSE_REACH)


def _abs(st: Statement, start: int, end: int) -> Span:
    return Span(start=st.span.start + start, end=st.span.start + end)


_NOUN_AFTER = re.compile(rf"^(?:的)?([{HAN_CLASS}“”]{{2,10}}?)(?=[，。、；：\s]|$|完成|实现|达到|投入|落成|加快|有序|建成|开工|有序|纳入|获|的|在|和|与)")


#: Units that measure rather than count: the words after them are not what is counted (15公里道路 is a road).
MEASURE_UNITS = frozenset({"%", "百分点", "元", "美元", "亩", "平方米", "平方公里", "公里", "公顷"})


def _counted(text: str, r: Reading, lo: int, hi: int) -> str | None:
    """The counted noun: after the counter (5个老旧小区) or before the number (新增学位8730个)."""
    tail = text[r.end : hi]
    post = POST_QUALIFIER.match(tail)
    if post:
        tail = tail[post.end() :]  # 300个以上5G基站: the qualifier is not the counted noun
    after = _NOUN_AFTER.match(tail)
    written = r.unit if r.unit_text else None  # 50亿规模: an inferred 元 is not written, 规模 is what is measured
    if after and written not in MEASURE_UNITS and "/" not in (written or ""):
        return after.group(1).strip("“”") or None
    before = text[lo : r.start]
    before = re.sub(r"^(?:新增|累计|完成|实现|全年|全区|全市|促进|新|共|达到|达|突破|超过|约|的)+", "", before)
    while before.endswith(_VERB_BEFORE_NUMBER):
        before = before[: -len(next(w for w in _VERB_BEFORE_NUMBER if before.endswith(w)))]
    return before or None


#: Verbs stripped from the end of the words before a number (学位达到8730个): each is told by its last two
#: characters, so stripping them one by one from the end removes what `(?:达到|达|…)+$` matched, without that
#: pattern's scan of the whole clause for every number.
_VERB_BEFORE_NUMBER = ("达到", "达", "为", "突破", "超过", "增长", "控制在", "不少于", "约", "累计", "共计", "总计", "完工", "有")


def find_groups(st: Statement) -> list[CountedGroup]:
    """Groups the text names by their size: 六大产业集群, 三大功能区, 十条措施."""
    text = st.text
    out: list[CountedGroup] = []
    for rx in (COUNT_PHRASE_RE, POLICY_PACKAGE_RE):
        for m in rx.finditer(text):
            if text[max(0, m.start() - 2) : m.start()] in ("党的",) or text[max(0, m.start() - 1) : m.start()] == "第":
                continue
            num = m.group("num")
            count = int(num) if num.isdigit() else cn_numeral_value(num)
            if count is None or count < 2:
                continue
            out.append(
                CountedGroup(
                    label=m.group(0),
                    raw=m.group(0),
                    span=_abs(st, m.start(), m.end()),
                    count=int(count),
                    statement=st.id,
                )
            )
    return out
