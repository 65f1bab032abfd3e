"""Stated quantities: numbers with magnitudes, units or counters and qualifiers; and groups named by size (六大…)."""

from __future__ import annotations

import re
from decimal import Decimal

from govkg.models import CountedGroup, Metric, Qualifier, Statement

CN_NUM = "零〇一二两三四五六七八九十百千万亿"
ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
MAGNITUDES = {"万亿": Decimal(10) ** 12, "千亿": Decimal(10) ** 11, "百亿": Decimal(10) ** 10, "亿": Decimal(10) ** 8,
              "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6, "万": Decimal(10) ** 4}
# Units and counters, longest first. Each maps to the base unit written in the graph.
UNITS: dict[str, str] = {
    "个百分点": "百分点", "百分点": "百分点", "天": "天", "平方公里": "平方公里", "平方米": "平方米", "平米": "平方米", "立方米": "立方米",
    "公里": "公里", "千米": "公里", "公顷": "公顷", "千瓦时": "千瓦时", "千瓦": "千瓦", "兆瓦": "兆瓦",
    "标准箱": "标准箱", "人次": "人次", "元": "元", "美元": "美元", "吨": "吨", "亩": "亩", "米": "米",
    "%": "%", "‰": "‰", "个": "个", "家": "家", "项": "项", "条": "条", "所": "所", "处": "处", "座": "座",
    "张": "张", "套": "套", "件": "件", "人": "人", "名": "名", "户": "户", "辆": "辆", "台": "台", "栋": "栋",
    "间": "间", "场": "场", "次": "次", "类": "类", "支": "支", "株": "株", "棵": "棵", "宗": "宗", "笔": "笔",
    "批": "批", "部": "部", "门": "门", "届": "届", "位": "位", "只": "只", "头": "头", "册": "册", "期": "期",
}
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_MAG_ALT = "|".join(sorted(MAGNITUDES, key=len, reverse=True))
#: Counters that make sense after a Chinese numeral (期/届/位 excluded: 一期, 第七届, 三位一体 are names or ordinals).
CN_COUNTERS = {"个", "家", "项", "条", "所", "处", "座", "张", "套", "件", "人", "户", "辆", "台", "栋", "间", "亩", "元", "吨",
               "公里", "平方米", "公顷", "场", "次"}
MONEY_CONTEXT = re.compile(r"^(?:余|多|以上|左右)?(?:的)?(?:规模|固定资产|社会|投资|资金|基金|产值|收入|营收|总值|贷款|融资|资产|税收|财政|消费|销售额|交易额|额)")

PRE_QUAL = re.compile(r"(不少于|不低于|不超过|不高于|超过|突破|超|逾|近|约|控制在|达到|达|高于|低于|少于)$")
POST_QUAL = re.compile(r"^(余|多|以上|以下|以内|左右|上下|内)")
PRE_MAP: dict[str, Qualifier] = {
    "不少于": "at_least", "不低于": "at_least", "不超过": "at_most", "不高于": "at_most", "超过": "more_than",
    "突破": "more_than", "超": "more_than", "逾": "more_than", "高于": "more_than", "近": "less_than",
    "低于": "less_than", "少于": "less_than", "约": "about", "控制在": "at_most",
}
POST_MAP: dict[str, Qualifier] = {
    "余": "more_than", "多": "more_than", "以上": "at_least", "以下": "at_most", "以内": "at_most", "内": "at_most",
    "左右": "about", "上下": "about",
}

NUMBER_RE = re.compile(
    rf"(?P<num>{ARABIC}|[{CN_NUM}]+)"
    rf"(?:\s*[-—~～至到]\s*(?P<max>{ARABIC}|[{CN_NUM}]+))?"
    rf"(?P<post1>余|多)?"
    rf"(?P<mag>{_MAG_ALT})?"
    rf"(?P<post2>余|多)?"
    rf"(?P<unit>{_UNIT_ALT})?"
)
COUNT_PHRASE_RE = re.compile(rf"(?<![第\d{CN_NUM}])(?P<num>[一二两三四五六七八九十]|\d)大(?P<noun>[\u4e00-\u9fff]{{2,8}}?)(?=[，。、；：”\s]|$|和|与|及|等|的|将|已|正|建设|基本|全部|精彩|日进|加快|顺利|有序|全面)")
POLICY_PACKAGE_RE = re.compile(rf"(?P<num>[{CN_NUM}]+)(?:条|项)(?P<noun>措施|举措|意见|政策|规定|办法|要求)")
CLAUSE_SPLIT = re.compile(r"[，,；;。！？!?：:]")


def _to_decimal(s: str) -> Decimal | None:
    s = s.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return Decimal(s)
    import cn2an  # only Chinese numerals need it; its import costs 0.1 s

    try:
        v = cn2an.cn2an(s, "normal")
    except (ValueError, KeyError, IndexError):
        return None
    return Decimal(str(v))


def _normal(d: Decimal) -> Decimal:
    """Integers without a fractional part; others without trailing zeros (4.14亿 -> 414000000)."""
    if d == d.to_integral_value():
        return d.quantize(Decimal(1))
    return d.normalize()


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max((m.end() for m in CLAUSE_SPLIT.finditer(text, 0, start)), default=0)
    hi = next((m.start() for m in CLAUSE_SPLIT.finditer(text, end)), len(text))
    return lo, hi


def _excluded(text: str, m: re.Match[str], chinese: bool) -> bool:
    """Years, ordinals, codes and names that contain numerals are not metrics."""
    s, e = m.start(), m.end()
    before = text[max(0, s - 2) : s]
    after = text[e : e + 2]
    num = m.group("num")
    if before.endswith(("第", "首")) or text[max(0, s - 1) : s] in ("第",):
        return True
    if s > 0 and re.match(r"[A-Za-z]", text[s - 1]):
        return True  # M101线, G6高速
    if re.match(r"[A-Za-z]", text[m.end("num") : m.end("num") + 1] or " ") and not m.group("unit"):
        return True  # 5G
    if not chinese and re.fullmatch(r"(?:19|20)\d\d", num) and not m.group("mag") and not m.group("unit"):
        return True  # 2022年, 2022北京服贸会
    if re.match(r"号|线|届|期|次会|版|代|星|级|型|车道|环|岁", text[m.end("num") : m.end("num") + 2]) and not m.group("unit"):
        return True
    return bool(m.group("unit") in ("期", "届") and not after)


def find_metrics(st: Statement) -> list[Metric]:
    """Every stated quantity in one statement."""
    text = st.text
    out: list[Metric] = []
    taken: list[tuple[int, int]] = []
    for m in NUMBER_RE.finditer(text):
        num = m.group("num")
        if not num:
            continue
        chinese = not num[0].isdigit()
        unit = m.group("unit")
        mag = m.group("mag")
        if chinese and mag is None:
            # the numeral group swallows magnitudes (千亿, 三万): split the magnitude back off
            for k in sorted(MAGNITUDES, key=len, reverse=True):
                if num.endswith(k):
                    num, mag = num[: -len(k)] or "一", k
                    break
            if num in ("千", "百"):  # 千亿 = 一千亿 written without 一
                num = "一" + num
        if _excluded(text, m, chinese):
            continue
        if unit is None and m.group("post2") is None and mag is not None and MONEY_CONTEXT.match(text[m.end() :]):
            unit = "元"
        if unit is None:
            continue
        if chinese:
            if unit not in CN_COUNTERS and mag is None:
                continue
            if num == "一" and mag is None:
                continue  # 一批, 一个: not a quantity
            if POLICY_PACKAGE_RE.match(text, m.start()):
                continue
        if unit == "条" and POLICY_PACKAGE_RE.match(text, m.start()):
            continue
        value = _to_decimal(num)
        if value is None:
            continue
        factor = MAGNITUDES.get(mag, Decimal(1)) if mag else Decimal(1)
        vmax = _to_decimal(m.group("max")) if m.group("max") else None
        qualifier: Qualifier | None = None
        qtext: str | None = None
        pre = PRE_QUAL.search(text[max(0, m.start() - 3) : m.start()])
        post_text = m.group("post1") or m.group("post2")
        post = POST_QUAL.match(text[m.end() :])
        if vmax is not None:
            qualifier, qtext = "range", text[m.start("num") : m.end("max")]
        elif post_text:
            qualifier, qtext = POST_MAP[post_text], post_text
        elif post and post.group(1) in POST_MAP:
            qualifier, qtext = POST_MAP[post.group(1)], post.group(1)
        elif pre and pre.group(1) in PRE_MAP:
            qualifier, qtext = PRE_MAP[pre.group(1)], pre.group(1)
        if qualifier == "at_most" and pre and pre.group(1) == "控制在":
            qtext = f"控制在…{qtext}" if qtext and qtext != "控制在" else "控制在"
        raw_end = m.end()
        if post and post.group(1) in POST_MAP and qualifier and post_text is None and qualifier != "range":
            raw_end = m.end() + len(post.group(1))
        base_unit = UNITS[unit]
        lo, hi = _clause(text, m.start(), m.end())
        counted = _counted(text, m, lo, hi)
        if any(a < raw_end and m.start() < b for a, b in taken):
            continue
        taken.append((m.start(), raw_end))
        out.append(
            Metric(
                raw=text[m.start() : raw_end],
                span=_abs(st, m.start(), raw_end),
                value=_normal(value * factor),
                value_max=_normal(vmax * factor) if vmax is not None else None,
                unit=base_unit,
                qualifier=qualifier,
                qualifier_text=qtext,
                statement=st.id,
                measure=text[lo:hi],
                counted=counted,
            )
        )
    return out


def _abs(st: Statement, start: int, end: int):
    from govkg.models import Span

    return Span(start=st.span.start + start, end=st.span.start + end)


_NOUN_AFTER = re.compile(r"^(?:的)?([\u4e00-\u9fff“”]{2,10}?)(?=[，。、；：\s]|$|完成|实现|达到|投入|落成|加快|有序|建成|开工|有序|纳入|获|的|在|和|与)")


def _counted(text: str, m: re.Match[str], lo: int, hi: int) -> str | None:
    """The counted noun: after the counter (5个老旧小区) or before the number (新增学位8730个)."""
    tail = text[m.end() : hi]
    post = POST_QUAL.match(tail)
    if post:
        tail = tail[post.end() :]  # 300个以上5G基站: the qualifier is not the counted noun
    after = _NOUN_AFTER.match(tail)
    if after and m.group("unit") not in ("%", "元", "亩", "平方米", "公里", "公顷"):
        return after.group(1).strip("“”") or None
    before = text[lo : m.start()]
    before = re.sub(r"^(?:新增|累计|完成|实现|全年|全区|全市|促进|新|共|达到|达|突破|超过|约)+", "", before)
    before = re.sub(r"(?:达到|达|为|突破|超过|增长|控制在|不少于|约|累计|共计|总计|完工)+$", "", before)
    return before or None


def find_groups(st: Statement) -> list[CountedGroup]:
    """Groups the text names by their size: 六大产业集群, 三大功能区, 十条措施."""
    text = st.text
    out: list[CountedGroup] = []
    for rx in (COUNT_PHRASE_RE, POLICY_PACKAGE_RE):
        for m in rx.finditer(text):
            if text[max(0, m.start() - 2) : m.start()] in ("党的",) or text[max(0, m.start() - 1) : m.start()] == "第":
                continue
            count = _to_decimal(m.group("num"))
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
