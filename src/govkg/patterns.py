"""Character classes and patterns every reading step shares: Han characters, numerals, years, counters, units.

One home for them: `clean`, `outline`, the extractors and `metadata` import these instead of spelling the classes
out again. The `*_CLASS` strings go inside a regex character class (`f"[{CN_NUMERAL_CLASS}]"`); the compiled
patterns are ready to use.
"""

from __future__ import annotations

import re
from functools import cache

#: Han characters (the CJK Unified Ideographs block), for use inside [...].
HAN_CLASS = "\u4e00-\u9fff"
HAN = f"[{HAN_CLASS}]"
HAN_RE = re.compile(HAN)

#: Digits of Chinese numerals, without the place words: 零〇一二两三四五六七八九.
CN_DIGIT_CLASS = "零〇一二两三四五六七八九"
#: Every character a Chinese numeral is written with: digits and the place words 十百千万亿.
CN_NUMERAL_CLASS = CN_DIGIT_CLASS + "十百千万亿"
#: Characters of enumerators in headings and ordinals (一、 （十二） 第三届): no 千万亿.
CN_ORDINAL_CLASS = "一二三四五六七八九十百零〇两"
CN_NUMERAL_RE = re.compile(f"[{CN_NUMERAL_CLASS}]+")

#: A calendar year of a report's horizon (1900–2099); `YEAR_RE` finds one written with 年.
YEAR = r"(?:19|20)\d\d"
YEAR_RE = re.compile(rf"(?<![\d.])({YEAR})年")
#: A year written without 年 (2023北京服贸会, 回望2024): not followed by more digits, a decimal point, a unit or a
#: Latin letter (3000P, 2000kW are quantities).
BARE_YEAR_RE = re.compile(rf"(?<![\d.])({YEAR})(?![\d.%％A-Za-z个家项万亿元人吨亩米])")
#: A full date: 2025年1月9日.
DATE_RE = re.compile(rf"({YEAR})年(\d{{1,2}})月(?:(\d{{1,2}})日)?")

#: Arabic numbers as written in reports: 1,234.5 (full-width digits are normalised by `clean` first).
ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"

#: Counters and units that may follow a number; a line starting with one continues a number on the line before.
COUNTER_START = re.compile(
    r"^(?:万|亿|千|百|个|家|项|条|所|处|座|张|套|件|人|名|户|亩|平方|公里|公顷|米|吨|元|辆|台|千瓦|%|％|次|批|类|支|间|栋|场|余|多|年|"
    r"斤|例|岁|倍|微克|标箱|工作日)"
)

_CN_DIGIT_VALUE = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_CN_PLACES = "十百千万亿"
_CN_SMALL_PLACES = {"十": 10, "百": 100, "千": 1000}


@cache
def cn_numeral_value(numeral: str) -> int | None:
    """The value of a Chinese numeral written with place words: 一百二十三 → 123, 两千一百 → 2100, 一万二千 → 12000,
    一百零八 → 108, 十二 → 12, 千亿 → 10^11, 三千五百万 → 35000000. A bare place word counts one of it (百, 千亿);
    a digit after a place word of a hundred or more counts the place below it (两千三 → 2300, 一万二 → 12000).
    Digit strings without place words (二〇二四, 三五) are not counts, nor is a malformed numeral (二九百): None.

    cn2an reads these the same way (a test compares the two on every number below 20,000 and many above), but
    importing it compiles its patterns, 0.2 to 0.3 s of every build that meets a numeral."""
    if not any(c in _CN_PLACES for c in numeral):
        return _CN_DIGIT_VALUE.get(numeral) if len(numeral) == 1 else None
    text = "一" + numeral if numeral[0] in "百千万亿" else numeral
    done = wan = section = 0  # whole 亿 so far, whole 万 below them, and the part below 万
    digit: int | None = None  # a digit waiting for its place word
    place = 0  # the place word the last digit took (一万二: the digit after it counts the place below)
    for c in text:
        d = _CN_DIGIT_VALUE.get(c)
        if d is not None:
            if digit:
                return None  # two digits in a row (二九百): not a numeral of place words
            digit = d
            if d == 0:
                place = 0  # 一百零八: a digit after 零 counts ones
        elif c in _CN_SMALL_PLACES:
            if digit == 0:
                return None  # 零百
            section += (1 if digit is None else digit) * _CN_SMALL_PLACES[c]
            digit, place = None, _CN_SMALL_PLACES[c]
        elif c == "万":
            wan = (section + (digit or 0)) * 10_000
            section, digit, place = 0, None, 10_000
        elif c == "亿":
            done = (done + wan + section + (digit or 0)) * 100_000_000
            wan = section = 0
            digit, place = None, 100_000_000
        else:
            return None
    if digit and place >= 100:
        digit *= place // 10
    return done + wan + section + (digit or 0)

#: A session of a people's congress, in full (第十八届人民代表大会第四次会议) or short (十八届人大三次会议).
SESSION = re.compile(
    rf"第?[{CN_ORDINAL_CLASS}\d]{{1,4}}届(?:人民代表大会|人大)(?:常务委员会|常委会)?第?[{CN_ORDINAL_CLASS}\d]{{1,3}}次(?:全体)?会议"
)
