"""The report conventions that decide whether a written number is a metric, its qualifier, and its threshold.

Each rule is a named function quoting the convention it implements; `tests/test_metrics.py` holds the table of
examples each must and must not match. The exclusion rules share one signature: (text, reading) -> bool.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from govkg.extract import lexicon
from govkg.extract.quantities import CN_COUNTERS, MONEY_UNITS, RATE_UNITS, Reading
from govkg.models import Qualifier
from govkg.patterns import CN_NUMERAL_CLASS, HAN_CLASS

_HAN = re.compile(f"[{HAN_CLASS}]")
_HAN_OR_LATIN = re.compile(f"[A-Za-z{HAN_CLASS}]")
_LATIN = re.compile("[A-Za-z]")
_CN_NUMERAL = re.compile(f"[{CN_NUMERAL_CLASS}]")
#: A numeral of place words only, without a digit: 万, 千亿, 百万.
_PLACE_WORDS_ONLY = re.compile("[十百千万亿]+")
_REACHES = re.compile("(?:达到|达)$")

# ---------------------------------------------------------------- qualifier words

#: Qualifier words written before a number (MET-4): 突破/超过/逾 >, 约 ~, 不超过/控制在 <=, 不少于/不低于 >=.
PRE_QUALIFIERS: dict[str, Qualifier] = {
    "不少于": "at_least", "不低于": "at_least", "不超过": "at_most", "不高于": "at_most", "超过": "more_than",
    "突破": "more_than", "超": "more_than", "逾": "more_than", "高于": "more_than", "近": "less_than",
    "低于": "less_than", "少于": "less_than", "不足": "less_than", "约": "about", "控制在": "at_most",
}
#: Qualifier words written after a number: 以上/及以上 >=, 以内/以下 <=, 左右/上下 ~, 余/多 >.
POST_QUALIFIERS: dict[str, Qualifier] = {
    "余": "more_than", "多": "more_than", "以上": "at_least", "及以上": "at_least", "以下": "at_most",
    "及以下": "at_most", "以内": "at_most", "内": "at_most", "左右": "about", "上下": "about",
}
PRE_QUALIFIER = re.compile("(?:" + "|".join(sorted(PRE_QUALIFIERS, key=len, reverse=True)) + ")$")
#: After the unit: 余/多 are written inside the number (360余家), so here only the words after it. 内 only at a
#: clause end (5天内), 上下 not in 上下游.
POST_QUALIFIER = re.compile(rf"及以上|及以下|以上|以下|以内|左右|上下(?!游)|内(?![{HAN_CLASS}])")
#: Words that end in a qualifier character without being one: 签约800户, 节约, 就近务工, 赶超.
NOT_QUALIFIER_WORDS = ("签约", "节约", "预约", "集约", "制约", "履约", "合约", "违约", "特约", "邀约", "简约",
                       "就近", "附近", "最近", "临近", "邻近", "靠近", "赶超")


# ---------------------------------------------------------------- exclusions


def ordinal(text: str, r: Reading) -> bool:
    """第三批, 首批, 第四版, 第18届: an ordinal names a position, not a quantity."""
    return r.start > 0 and text[r.start - 1] in "第首"


def code_or_model(text: str, r: Reading) -> bool:
    """M101线, G6高速, 5G, PM2.5, 3A级: a number glued to Latin letters is a code. A Latin unit (3000P) is not."""
    if r.start > 0 and _LATIN.match(text, r.start - 1):
        return True
    return _LATIN.match(text, r.numeral_end) is not None and not (r.unit_text and r.unit_text.isascii())


def grade_word(text: str, r: Reading) -> bool:
    """万吨级码头, 千亿级产业集群, 百亿级, 10万吨级泊位: N级 names a class of things, it measures none of them."""
    return text[r.end : r.end + 1] == "级"


def per_unit_denominator(text: str, r: Reading) -> bool:
    """每万人口, 每千人, 每万人, 每百户, 万元GDP能耗, 亿元GDP生产安全事故死亡率: the base of a ratio is not a quantity
    (in 每万人口拥有执业医师3.2人, 3.2人 is). A bare money magnitude written before its noun (亿元GDP) is such a base;
    before a qualifier (亿元以上) it is a threshold or a bound, alone (突破千亿元) a quantity."""
    if text[max(0, r.start - 1) : r.start] == "每":
        return True
    if r.unit not in MONEY_UNITS or not r.unit_text or _PLACE_WORDS_ONLY.fullmatch(r.num) is None:
        return False
    if PRE_QUALIFIER.search(text, max(0, r.start - 3), r.start) or POST_QUALIFIER.match(text, r.end):
        return False  # 超亿元企业, 亿元以上项目: a threshold
    return _HAN_OR_LATIN.match(text, r.end) is not None


def unit_label(text: str, r: Reading) -> bool:
    """总投资（亿元）, 单位：万元: a unit without a number labels a table column; it states no quantity."""
    if _PLACE_WORDS_ONLY.fullmatch(r.num) is None:
        return False
    bracketed = text[max(0, r.start - 1) : r.start] in ("（", "(") and text[r.end : r.end + 1] in ("）", ")")
    return bracketed or text[max(0, r.start - 3) : r.start] in ("单位：", "单位:")


def slogan(text: str, r: Reading) -> bool:
    """四个中心, 两个率先, 三个一百, “五个一”: a formula named by a count is a name, not a count of things. Known
    formulas are listed in data/slogans.txt; a Chinese-numeral count quoted on its own (“五个一”) or followed by
    another numeral (三个一百) is one too. 新建三个公园 and “十五个社区食堂”建设 count things."""
    if not r.unit_text:
        return False
    if _slogan_re().match(text, r.start):
        return True
    if not r.chinese:
        return False
    if r.start > 0 and text[r.start - 1] in OPEN_QUOTES and QUOTED_SHORT.match(text, r.end):
        return True
    return _CN_NUMERAL.match(text, r.end) is not None


OPEN_QUOTES = "“‘「\""
#: The rest of a short quoted formula after its counter: “两个维护”, “五个一” close within two characters.
QUOTED_SHORT = re.compile(rf"[{HAN_CLASS}]{{1,2}}[”’」\"]")


@cache
def _slogan_re() -> re.Pattern[str]:
    formulas = sorted(lexicon.words("slogans.txt"), key=len, reverse=True)
    return re.compile("|".join(re.escape(f) for f in formulas) or "(?!)")


def lone_one(text: str, r: Reading) -> bool:
    """一批, 一个, 一项: 一 with a counter introduces a thing, it does not count (新建一批口袋公园)."""
    return r.num == "一" and r.value_max is None


def bare_magnitude(text: str, r: Reading) -> bool:
    """万人, 千家万户, 万亩, 百万市民: a numeral of place words alone (no digit) before a counter is rhetoric or a
    name; with money it is a quantity (千亿元, 亿元以上) and so after a qualifier (突破百万人次), but a lone 亿元 or
    万元 is a unit's name (单位：亿元)."""
    if r.chinese and r.num in ("万", "亿") and r.unit in MONEY_UNITS:
        # 单位：亿元, a table's 亿元 column: a unit named alone, unless a bound or a qualifier makes it a quantity
        lo = max(0, r.start - 3)
        return not re.match(r"以上|以下|以内", text[r.end : r.end + 2]) and PRE_QUALIFIER.search(text, lo, r.start) is None
    if not r.chinese or r.unit in MONEY_UNITS or r.num.startswith("十"):
        return False
    if _PLACE_WORDS_ONLY.fullmatch(r.num) is None:
        return False
    lo = max(0, r.start - 3)
    return PRE_QUALIFIER.search(text, lo, r.start) is None and _REACHES.search(text, lo, r.start) is None


def chinese_counter(text: str, r: Reading) -> bool:
    """十八届人大, 十五届九次全会, 人大三次会议, 三期码头, 三位一体, 二次供水, 九棵树: after a Chinese numeral these
    counters write the ordinal of a session, edition or phase, or a set phrase or place name; the counters that count
    after one (一百二十三家, 二十三口, 八百亩, 十座) are `quantities.CN_COUNTERS`."""
    return r.chinese and r.unit_text is not None and r.unit_text.partition("/")[0] not in CN_COUNTERS


#: A counter and the characters after it that form a word instead: 5部门, 5项目, 三口之家.
COUNTER_WORDS = re.compile(r"部门|项目|处室|家庭|条例|[口个]之")


def counter_in_word(text: str, r: Reading) -> bool:
    """5部门联合, 三口之家: the counter is the first character of a word (部门) or of a set phrase (N口之家)."""
    tail = (r.unit_text or "")[-1:] + text[r.end : r.end + 2]
    return COUNTER_WORDS.match(tail) is not None


#: Time units that, written before a noun, name a service radius: 15分钟便民生活圈, 1小时通勤圈.
NAME_TIME_UNITS = ("分钟", "小时")


def time_in_name(text: str, r: Reading) -> bool:
    """15分钟便民生活圈, 1小时经济圈, 24小时自助图书馆: a duration written straight before a noun is part of a name.
    缩短至15分钟 and 15分钟以内 state a quantity."""
    if r.unit_text not in NAME_TIME_UNITS:
        return False
    return _HAN.match(text, r.end) is not None and not POST_QUALIFIER.match(text, r.end)


#: A package of measures named by its size in Chinese numerals: 十条措施, 二十项举措 (a counted group, `find_groups`).
POLICY_PACKAGE_RE = re.compile(rf"(?P<num>[{CN_NUMERAL_CLASS}]+)(?:条|项)(?P<noun>措施|举措|意见|政策|规定|办法|要求)")


def policy_package(text: str, r: Reading) -> bool:
    """出台稳经济十条措施: a package of measures named by a Chinese numeral is a counted group (MET-3, MET-5: 十条 is a
    count_phrase), which `find_groups` reads. Written in digits (26项举措全部落地) it is a count like any other."""
    return r.chinese and POLICY_PACKAGE_RE.match(text, r.start) is not None


Rule = Callable[[str, Reading], bool]
#: Every exclusion rule, in the order they are tried; the first that matches names why a number is not a metric.
EXCLUSIONS: tuple[Rule, ...] = (
    ordinal, code_or_model, grade_word, per_unit_denominator, unit_label, lone_one, chinese_counter, bare_magnitude,
    counter_in_word, time_in_name, slogan, policy_package,
)


def excluded_by(text: str, r: Reading) -> str | None:
    """The name of the first exclusion rule that applies, else None."""
    for rule in EXCLUSIONS:
        if rule(text, r):
            return rule.__name__
    return None


# ---------------------------------------------------------------- qualifiers


@dataclass(frozen=True)
class Qualified:
    qualifier: Qualifier | None
    text: str | None  # the Chinese wording: 余, 以上, 控制在…以内
    pre: str | None  # the word before the number, if any (part of a threshold's text: 超过50万元)
    raw_end: int  # where the metric's raw ends: after a qualifier written after the number (MET-1)


def qualify(text: str, r: Reading) -> Qualified:
    """The qualifier of a number (MET-4): a range; 余/多 inside; a word after (以上, 左右); a word before (突破)."""
    before = text[max(0, r.start - 4) : r.start]
    pre_m = PRE_QUALIFIER.search(before[-3:])
    pre = pre_m.group(0) if pre_m and not before.endswith(NOT_QUALIFIER_WORDS) else None
    post_m = POST_QUALIFIER.match(text, r.end)
    post = post_m.group(0) if post_m else None
    if r.range_text:
        return Qualified("range", r.range_text, pre, r.end)
    if r.approx:
        return Qualified(POST_QUALIFIERS[r.approx], r.approx, pre, r.end)
    if post:
        wording = f"控制在…{post}" if pre == "控制在" and POST_QUALIFIERS[post] == "at_most" else post
        return Qualified(POST_QUALIFIERS[post], wording, pre, r.end + len(post))
    if pre:
        return Qualified(PRE_QUALIFIERS[pre], pre, pre, r.end)
    return Qualified(None, None, None, r.end)


# ---------------------------------------------------------------- thresholds

#: Nouns that a threshold defines a set of even when no count follows: 65岁以上老人, 亿元以上项目投资占比.
THRESHOLD_NOUNS = ("项目", "企业", "村", "社区", "老人", "老年人", "人口", "婴幼儿", "儿童", "学生", "家庭", "户",
                   "园区", "单位", "机构", "纳税人", "景区", "楼宇")
_NOUN = rf"[{HAN_CLASS}]"
_NOUN_START = re.compile(rf"的?{_NOUN}")
#: A noun run after a threshold, up to the count it qualifies: 项目41个, 的村有5个, 产业项目57个.
_TO_COUNT = re.compile(rf"的?{_NOUN}{{1,10}}?(?:有|达到|达|为|共|累计)?(?=[\d{CN_NUMERAL_CLASS}])")
_THRESHOLD_NOUN = re.compile(rf"的?{_NOUN}{{0,4}}?(?:{'|'.join(THRESHOLD_NOUNS)})")
_CLAUSE_END = re.compile(r"[，,；;。！？!?：:、]")
#: Verbs that, right after a bound, open a new predicate: 实现产值500亿元以上带动就业1万人 bounds no noun.
PREDICATE_WORDS = re.compile(r"带动|实现|完成|新增|增长|提高|提升|下降|吸纳|拉动|创造|同比|比上年|占比|比重")


def threshold(text: str, r: Reading, q: Qualified, next_count: Reading | None) -> tuple[bool, bool]:
    """亿元以上项目41个, 十亿元以上项目9个, 其中超过50万元的村有5个, 65岁以上老人: a bound followed by the noun it
    bounds defines what is counted (DEV-MET-2/3/4); the count after it is the metric. A bound at a clause end
    (完成投资180亿元以上, 到位资金10亿元以上), or one a verb follows (500亿元以上带动就业1万人), is an ordinary
    metric with its qualifier.

    The noun decides: a noun and then a count in the same clause (`next_count`), or a noun that names a population
    (THRESHOLD_NOUNS); an age bound (65岁以上, 3岁以下) before any noun.

    Returns (is a threshold, qualifies `next_count`)."""
    if q.qualifier not in ("at_least", "at_most", "more_than") or r.range_text or r.approx or r.unit in RATE_UNITS:
        return False, False
    tail = text[q.raw_end : clause_end(text, q.raw_end)]
    if not _NOUN_START.match(tail) or PREDICATE_WORDS.match(tail):
        return False, False
    if next_count is not None and next_count.unit not in RATE_UNITS:
        m = _TO_COUNT.match(tail)
        if m and q.raw_end + m.end() == next_count.start:
            return True, True
    return r.unit == "岁" or _THRESHOLD_NOUN.match(tail) is not None, False


def threshold_text(text: str, r: Reading, q: Qualified) -> str:
    """The threshold as written, with its qualifier words: 亿元以上, 超过50万元."""
    return text[r.start - len(q.pre or "") : q.raw_end]


def clause_end(text: str, pos: int) -> int:
    m = _CLAUSE_END.search(text, pos)
    return m.start() if m else len(text)
