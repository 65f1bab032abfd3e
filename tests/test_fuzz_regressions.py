"""Inputs the fuzz suite (tests/test_fuzz.py) broke govkg with, each as its smallest form: every one must now build
(or be refused as input, exit 3/4), with spans that quote their text and a graph that passes our own shapes."""

from __future__ import annotations

from decimal import Decimal

from test_fuzz import build_bytes

from govkg.export.graphindex import _number
from govkg.models import Extraction


def build(text: str | bytes) -> Extraction:
    x = build_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    assert x is not None, "refused as input"
    return x


def test_number_longer_than_the_decimal_precision() -> None:
    """A run of 32 digits before 元 crashed the quantities step (decimal.InvalidOperation, exit 1): `normal`
    quantized the value in the default context of 28 digits. The value is now read exactly."""
    x = build("推进项目建设，完成投资99999999999999999999999999999999元。")
    assert [m.value for m in x.metrics] == [Decimal("99999999999999999999999999999999")]


def test_number_times_its_magnitude_past_the_decimal_precision() -> None:
    """23 digits before 万亿 (10^12): the product has 35 digits; it was rounded to 28 and then refused by quantize.
    The product is now exact, in the graph and on the HTML page (which crashed the same way)."""
    x = build("推进项目建设，完成投资99999999999999999999999万亿元。")
    assert [m.value for m in x.metrics] == [Decimal("99999999999999999999999") * 10**12]
    assert _number("99999999999999999999999000000000000") == "99999999999999999999999000000000000"


def test_long_fraction_is_kept_exactly() -> None:
    """A fraction of more than 28 digits times a magnitude was rounded silently (a range of two such numbers then
    collapsed to one value); it is now exact."""
    x = build("推进项目建设，完成投资1.000000000000000000000000000000001万亿元。")
    assert [m.value for m in x.metrics] == [Decimal("1000000000000.000000000000000000001")]


def test_long_run_of_spaces_in_a_line() -> None:
    """20,000 spaces in one line took more than the fuzz suite's 10 s: `clean._normalise_line` looked for the
    nearest non-space character on both sides of every space, the square of the run's length. Now one pass."""
    x = build("推进项目建设，新建公园12个" + " " * 20000 + "新建绿道3公里。")
    assert [m.raw for m in x.metrics] == ["12个", "3公里"]


def test_line_of_thousands_of_numbers_without_punctuation() -> None:
    """"5%-" repeated 7,000 times (21 KB, one clause of 14,000 numbers) took more than 10 s: each number searched
    its whole clause again (`_clause`, `_clause_bounds`, the verbs stripped before `_counted`, the 期 of a name end)
    and wrote the whole clause as its gk:measure, so the graph, the check and the writers grew with the square of
    the line. A clause now reaches at most CLAUSE_REACH characters from its number (the 21 KB line builds in about
    6 s, its graph has 14,000 metrics; a thousand numbers are enough to show the bound)."""
    from govkg.extract.metrics import CLAUSE_REACH

    x = build("推进项目建设，地区生产总值增长" + "5%-" * 1000 + "。")
    assert len(x.metrics) >= 1000
    assert max(len(m.measure) for m in x.metrics) <= 2 * CLAUSE_REACH + max(len(m.raw) for m in x.metrics)


def test_segment_of_a_thousand_names_without_punctuation() -> None:
    """"三大产业集群" repeated 1,111 times (20 KB, one segment) took more than 10 s, and "项目" 10,000 times a minute:
    the suffix rule tokenized the segment from its start again for every name end (`_left_name`), looked up the
    next token by scanning all of them, and compared every name found with every other. A name is now looked for
    at most NAME_REACH characters left of its end, and the comparisons are lookups."""
    build("推进项目建设，地区生产总值增长5%。" + "三大产业集群" * 1111 + "。")
    build("推进项目建设，地区生产总值增长5%。" + "项目" * 10000 + "。")


def test_long_line_of_names_and_words_without_punctuation() -> None:
    """12,000 characters of place names, institutions and common words in one unpunctuated line (a PDF conversion
    that lost its punctuation): resolution compared every candidate of a unit with every other, and every mention
    with every other mention, so such a line grew with its square (24,000 characters: 10 s in resolution alone;
    8,000 did not build in a minute before the name reach). Candidates are now compared through indexes of their
    ends and starts, and a mention only with those that can contain it (no name is longer than the longest one)."""
    import itertools

    words = ["推进", "建设", "运河商务区", "城市副中心", "重点项目", "加快", "完成", "实施", "张家湾设计小镇", "首旅集团",
             "产业集群", "生态环境", "提升", "改造", "新增", "学位", "公园", "绿地", "医院", "学校", "工程", "示范区", "服务中心"]
    pairs = (words[i % len(words)] + words[(i * 7) % len(words)] for i in range(997))
    line = "".join(itertools.islice(itertools.cycle(pairs), 3000))[:12000]
    x = build("推进项目建设，地区生产总值增长5%。\n" + line + "\n")
    found = {e.name: e for e in x.entities}
    assert "运河商务区" in found
    assert len(found["运河商务区"].mentions) == line.count("运河商务区")
