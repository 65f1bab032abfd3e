"""How a quantity is written: magnitudes, units and counters, the number pattern, and the reading of one match."""

from __future__ import annotations

import re
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from decimal import Decimal, getcontext, localcontext

from govkg.patterns import ARABIC, CN_NUMERAL_CLASS, cn_numeral_value

#: Magnitude words after an Arabic number (4.14亿, 1.4万亿); a Chinese numeral carries its own (一百二十万).
MAGNITUDES: dict[str, Decimal] = {
    "万亿": Decimal(10) ** 12, "千亿": Decimal(10) ** 11, "百亿": Decimal(10) ** 10, "亿": Decimal(10) ** 8,
    "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6, "万": Decimal(10) ** 4,
}
#: Units and counters as written, each mapped to the base unit written in the graph.
UNITS: dict[str, str] = {
    # shares and changes
    "%": "%", "‰": "‰", "个百分点": "百分点", "百分点": "百分点", "成": "%", "倍": "倍",
    # money
    "元": "元", "美元": "美元",
    # length, area, volume
    "公里": "公里", "千米": "公里", "米": "米", "平方公里": "平方公里", "平方千米": "平方公里", "平方米": "平方米",
    "平米": "平方米", "公顷": "公顷", "亩": "亩", "立方米": "立方米",
    # mass, energy, power, computing
    "吨标准煤": "吨标准煤", "吨": "吨", "公斤": "公斤", "千克": "公斤", "斤": "斤", "微克": "微克", "毫克": "毫克",
    "千瓦时": "千瓦时", "千瓦": "千瓦", "兆瓦时": "兆瓦时", "兆瓦": "兆瓦", "P": "P",
    # containers and vehicles
    "标准箱": "标箱", "标箱": "标箱", "辆": "辆", "艘": "艘", "架": "架",
    # time
    "个工作日": "工作日", "工作日": "工作日", "个月": "月", "天": "天", "小时": "小时", "分钟": "分钟", "岁": "岁",
    # people and visits
    "人次": "人次", "人": "人", "名": "名", "户": "户", "位": "位", "例": "例",
    # counters
    "个": "个", "家": "家", "项": "项", "条": "条", "所": "所", "处": "处", "座": "座", "张": "张", "套": "套",
    "件": "件", "台": "台", "栋": "栋", "间": "间", "场": "场", "次": "次", "类": "类", "支": "支", "株": "株",
    "棵": "棵", "宗": "宗", "笔": "笔", "批": "批", "部": "部", "门": "门", "届": "届", "只": "只", "头": "头",
    "册": "册", "期": "期", "口": "口", "起": "起",
}
#: Units whose number is scaled into the base unit: 八成 = 80%.
UNIT_FACTORS: dict[str, Decimal] = {"成": Decimal(10)}
#: Money units: the only units a bare magnitude (千亿元, 亿元以上) or an inferred unit (50亿规模) may take.
MONEY_UNITS = frozenset({"元", "美元"})
#: Rates: a threshold never qualifies them (亿元以上项目投资占比75% states a share, not a count).
RATE_UNITS = frozenset({"%", "‰", "百分点"})
#: Units that follow a Chinese numeral in reports (一百二十三家, 二十三口, 八百亩, 八成). The others, after a Chinese
#: numeral, write ordinals, place names or set phrases: 十八届, 三期码头, 三位一体, 二次供水, 三部门, 九棵树, 三间房.
CN_COUNTERS = frozenset({
    "个", "家", "项", "条", "所", "处", "座", "张", "套", "件", "台", "栋", "场", "口", "起", "艘", "架", "辆",
    "人", "名", "户", "人次", "例", "元", "美元", "吨", "斤", "亩", "公顷", "公里", "平方公里", "平方米", "米",
    "成", "倍", "%", "个百分点", "百分点", "个工作日", "工作日", "个月", "天", "标箱", "标准箱",
})
#: The denominators of compound units (微克/立方米, 元/吨, 万元/人, 人/百亿元, 吨标准煤/万元): units and times.
DENOMINATORS = tuple(UNITS) + ("秒", "年", "日")


def _alternation(words: tuple[str, ...]) -> str:
    """Longest first; a Latin unit (3000P) must not run on into more letters (3000PB is not P)."""
    return "|".join(re.escape(w) + ("(?![A-Za-z])" if w.isascii() and w.isalpha() else "")
                    for w in sorted(words, key=len, reverse=True))


_NUM = rf"{ARABIC}|[{CN_NUMERAL_CLASS}]+"
_MAG = _alternation(tuple(MAGNITUDES))
_UNIT = rf"(?:{_alternation(tuple(UNITS))})(?:/[{CN_NUMERAL_CLASS}]*(?:{_alternation(DENOMINATORS)}))?"
#: What joins the two ends of a range: 5%-5.5%, 5%—5.5%, 5%～5.5%, 1-2家, 3至5个, 两到三家.
RANGE_DASH = r"[-－—–~～〜]{1,2}|至|到"
_APPROX = "余|多"
#: A number with its approximation word (余/多), magnitude and unit; optionally the upper end of a range.
NUMBER_RE = re.compile(
    rf"(?P<num>{_NUM})(?P<approx1>{_APPROX})?(?P<mag>{_MAG})?"
    rf"(?:(?P<unit_lo>{_UNIT})?\s*(?P<dash>{RANGE_DASH})\s*(?P<max>{_NUM})(?P<mag_max>{_MAG})?)?"
    rf"(?P<approx2>{_APPROX})?(?P<unit>{_UNIT})?"
)
#: The same without the range, for a dash that turns out not to join a range (从5%到8% is a change).
SINGLE_RE = re.compile(rf"(?P<num>{_NUM})(?P<approx1>{_APPROX})?(?P<mag>{_MAG})?(?P<approx2>{_APPROX})?(?P<unit>{_UNIT})?")
#: A change from one value to another, not a range: 从5%到8%, 由3天压缩至1天.
CHANGE_FROM = re.compile(r"[从由]$")


@dataclass(frozen=True)
class Reading:
    """One number as written: its span (without qualifier words), value in the base unit, unit and parts."""

    start: int
    end: int
    num: str  # the numeral as written: 41, 一百二十三, 千亿
    chinese: bool
    mag: str | None  # 万, 亿 … after an Arabic number
    unit_text: str | None  # as written: 万元/人 gives 元/人, 个百分点
    unit: str | None  # base unit
    value: Decimal
    value_max: Decimal | None
    approx: str | None  # 余 or 多 written inside the number: 360余家, 一百多人
    range_text: str | None  # 5%-5.5%, 3至5

    @property
    def numeral_end(self) -> int:
        return self.start + len(self.num)

    @property
    def has_magnitude(self) -> bool:
        """4.14亿, 千亿, 五十万: written with a magnitude word."""
        return self.mag is not None or (self.chinese and self.num[-1] in "万亿")


def _numeral(s: str) -> Decimal | None:
    if s[0].isdigit():
        return Decimal(s.replace(",", ""))
    v = cn_numeral_value(s)
    return None if v is None else Decimal(v)


def base_unit(unit_text: str) -> str:
    """微克/立方米 → 微克/立方米, 个百分点 → 百分点, 标准箱 → 标箱; a denominator is kept as written (人/百亿元)."""
    num, _, den = unit_text.partition("/")
    return UNITS[num] + (f"/{den}" if den else "")


_ZERO, _ONE = Decimal(0), Decimal(1)


def exact(*numbers: Decimal) -> int:
    """A precision that holds the exact product of `numbers`, and each of them written without an exponent: the
    default context keeps 28 digits, rounds a product past them and refuses to quantize a longer integer."""
    return sum(len(d.as_tuple().digits) + max(d.adjusted(), 0) for d in numbers) + 2


def _precise(digits: int) -> AbstractContextManager[object]:
    """A decimal context of at least `digits` digits: the current one when it holds them (nearly every number; a
    copy of the context per number is most of reading it), else a copy with more."""
    return nullcontext() if digits <= getcontext().prec else localcontext(prec=digits)


def normal(d: Decimal) -> Decimal:
    """Integers without a fractional part; others without trailing zeros (4.14亿 -> 414000000), however many
    digits they have (a run of 40 digits before 亿元 is read exactly, not refused)."""
    with _precise(exact(d)):
        return d.quantize(_ONE) if d == d.to_integral_value() else d.normalize()


def read(text: str, pos: int) -> tuple[Reading | None, int]:
    """The number found at or after `pos`, and where to look next. None when the match is not a number (三五)."""
    m = NUMBER_RE.search(text, pos)
    if m is None:
        return None, len(text)
    if m.group("dash") is None and m.group("unit") is None and m.group("mag") is None and m.group("num")[-1] not in "万亿":
        return None, m.end()  # 统一, 2024年, 十四五: no unit and no magnitude, never a quantity
    r = _reading(text, m)
    if r is None and m.group("dash"):
        m = SINGLE_RE.match(text, m.start())
        assert m is not None
        r = _reading(text, m)
    return r, max(m.end(), m.start() + 1)


def _range_text(text: str, m: re.Match[str]) -> str:
    """The range as written, as the shared golds keep it: 1-2 (of 1-2家), 5%—6% (a unit at both ends)."""
    return text[m.start() : m.end() if m.group("unit_lo") else m.end("max")]


def _reading(text: str, m: re.Match[str]) -> Reading | None:
    groups = m.groupdict()
    dash, unit_lo, unit_text = groups.get("dash"), groups.get("unit_lo"), m.group("unit")
    if dash:
        if unit_text is None or (unit_lo and unit_lo != unit_text):
            return None  # 5%到6 or 1个百分点到5%: not one range
        if dash in ("至", "到") and CHANGE_FROM.search(text, max(0, m.start() - 3), m.start()):
            return None
    value = _numeral(m.group("num"))
    vmax = _numeral(groups["max"]) if dash else None
    if value is None or (dash and (vmax is None or vmax <= value)):
        return None
    mag = m.group("mag")
    factor = MAGNITUDES[mag] if mag else Decimal(1)
    factor_max = MAGNITUDES[groups["mag_max"]] if dash and groups.get("mag_max") else factor
    if dash and not mag:
        factor = factor_max  # 100-120万吨: both ends in 万
    unit_factor = UNIT_FACTORS.get(unit_text or "", Decimal(1))
    # exact products, however long the number
    with _precise(max(exact(value, factor, unit_factor), exact(vmax or _ZERO, factor_max, unit_factor))):
        value, vmax = value * factor * unit_factor, vmax * factor_max * unit_factor if vmax is not None else None
    return Reading(
        start=m.start(),
        end=m.end(),
        num=m.group("num"),
        chinese=not m.group("num")[0].isdigit(),
        mag=mag,
        unit_text=unit_text,
        unit=base_unit(unit_text) if unit_text else None,
        value=normal(value),
        value_max=normal(vmax) if vmax is not None else None,
        approx=m.group("approx1") or m.group("approx2"),
        range_text=_range_text(text, m) if dash else None,
    )
