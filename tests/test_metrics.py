"""govkg.extract.metrics: stated quantities (value in the base unit, unit, qualifier, range) and what is not one."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from govkg.clean import clean
from govkg.errors import StructureError
from govkg.extract.metrics import find_groups, find_metrics
from govkg.models import CountedGroup, Document, Metric, Span, Statement
from govkg.outline import outline
from govkg.read import read

#: EXPECTED.md writes qualifiers as symbols; govkg names them.
QUALIFIERS = {
    None: None,
    ">": "more_than",
    ">=": "at_least",
    "<=": "at_most",
    "~": "about",
    "<": "less_than",
    "range": "range",
}


def _statement(text: str) -> Statement:
    return Statement(id="plan.1", text=text, span=Span(start=0, end=len(text)), goal="plan", part="plan")


def _found(doc: Document) -> tuple[list[Metric], list[CountedGroup]]:
    """Metrics and counted groups of every leaf statement of a cleaned document, in reading order."""
    try:
        ol = outline(doc)
    except StructureError:
        return [], []
    metrics = [m for s in ol.leaves() for m in find_metrics(s)]
    groups = [g for s in ol.leaves() for g in find_groups(s)]
    for m in metrics:
        assert m.span.slice(doc.text) == m.raw
    return sorted(metrics, key=lambda m: m.span.start), sorted(groups, key=lambda g: g.span.start)


def _key(value: Any, unit: str | None, qualifier: str | None, value_max: Any) -> tuple[Any, ...]:
    return (Decimal(str(value)), unit, qualifier, None if value_max is None else Decimal(str(value_max)))


# ---------------------------------------------------------------- EXPECTED.md
def test_fragment_metrics(fragment: Path, expected_metrics: list[dict[str, Any]]) -> None:
    """Value (base unit), unit, qualifier and range of every quantity, in reading order, and nothing else."""
    metrics, _ = _found(clean(read(fragment)))
    want = [
        _key(m["value"], m["unit"], QUALIFIERS[m.get("qualifier")], m.get("value_max"))
        for m in expected_metrics
        if m.get("kind") != "count_phrase"
    ]
    got = [_key(m.value, m.unit, m.qualifier, m.value_max) for m in metrics]
    assert got == want


def test_fragment_metric_raw(fragment: Path, expected_metrics: list[dict[str, Any]]) -> None:
    """`raw` is the span without the qualifier word, except 余 and a range dash (EXPECTED.md, MET-1)."""
    metrics, _ = _found(clean(read(fragment)))
    want = [m["raw"] for m in expected_metrics if m.get("kind") != "count_phrase"]
    assert [m.raw for m in metrics] == want


def test_fragment_count_phrases(fragment: Path, expected_metrics: list[dict[str, Any]]) -> None:
    """N大 phrases are counted groups, not metrics: 三大主导产业 counts 3."""
    _, groups = _found(clean(read(fragment)))
    want = [(int(m["value"]), m["counted"]) for m in expected_metrics if m.get("kind") == "count_phrase"]
    assert [g.count for g in groups] == [n for n, _ in want]
    for g, (_, counted) in zip(groups, want, strict=True):
        assert counted in g.label


def test_fragment_not_metrics(fragment: Path, expected_not_metrics: list[str]) -> None:
    doc = clean(read(fragment))
    metrics, groups = _found(doc)
    for span in expected_not_metrics:
        target = span.replace(" ", "")
        start = doc.text.find(target)
        while start != -1:
            end = start + len(target)
            assert not [m.raw for m in metrics if m.span.start < end and start < m.span.end], span
            assert not [g.raw for g in groups if g.span.start < end and start < g.span.end], span
            start = doc.text.find(target, end)


# ---------------------------------------------------------------- forms, on our own sentences
FORMS = [
    # text, raw, value, unit, qualifier, value_max
    ("兑现各类助企资金4.14亿元。", "4.14亿元", "414000000", "元", None, None),
    ("新增造林绿化1.3万亩。", "1.3万亩", "13000", "亩", None, None),
    ("实际使用外资2.5亿美元。", "2.5亿美元", "250000000", "美元", None, None),
    ("产业规模达到1.2万亿元。", "1.2万亿元", "1200000000000", "元", None, None),
    ("新增绿地面积2.5万平方米。", "2.5万平方米", "25000", "平方米", None, None),
    ("新建改造城市道路12.5公里。", "12.5公里", "12.5", "公里", None, None),
    ("新增公园绿地18公顷。", "18公顷", "18", "公顷", None, None),
    ("外贸进出口总额同比增长15%。", "15%", "15", "%", None, None),
    ("研发投入强度提高0.3个百分点。", "0.3个百分点", "0.3", "百分点", None, None),
    ("全年新入驻科技企业一千余家。", "一千余家", "1000", "家", "more_than", None),
    ("两家企业获评国家级绿色工厂。", "两家", "2", "家", None, None),
    ("新增十五个社区食堂。", "十五个", "15", "个", None, None),
    ("全年举办群众文化活动两百余场。", "两百余场", "200", "场", "more_than", None),
    ("产业集群规模突破千亿元。", "千亿元", "100000000000", "元", "more_than", None),
    ("新增城镇就业1.5万人左右。", "1.5万人左右", "15000", "人", "about", None),
    ("新增义务教育学位不少于3000个。", "3000个", "3000", "个", "at_least", None),
    ("空气质量优良天数比例达到85%以上。", "85%以上", "85", "%", "at_least", None),
    ("城镇调查失业率控制在5%以内。", "5%以内", "5", "%", "at_most", None),
    ("引进高层次人才200余名。", "200余名", "200", "名", "more_than", None),
    ("地区生产总值突破800亿元。", "800亿元", "80000000000", "元", "more_than", None),
    ("全年接待游客超过500万人次。", "500万人次", "5000000", "人次", "more_than", None),
    ("支持1-2家企业创建国家级技术中心。", "1-2家", "1", "家", "range", "2"),
    ("新建中小学3～5所。", "3～5所", "3", "所", "range", "5"),
]


@pytest.mark.parametrize(("text", "raw", "value", "unit", "qualifier", "value_max"), FORMS, ids=[f[1] for f in FORMS])
def test_metric_forms(text: str, raw: str, value: str, unit: str, qualifier: str | None, value_max: str | None) -> None:
    metrics = find_metrics(_statement(text))
    assert [_key(m.value, m.unit, m.qualifier, m.value_max) for m in metrics] == [
        _key(value, unit, qualifier, value_max)
    ]
    assert isinstance(metrics[0].value, Decimal)
    assert metrics[0].span.slice(text) == metrics[0].raw
    assert metrics[0].statement == "plan.1"


@pytest.mark.parametrize(("text", "raw"), [f[:2] for f in FORMS], ids=[f[1] for f in FORMS])
def test_metric_raw_keeps_trailing_qualifier_words(text: str, raw: str) -> None:
    """MET-1 (shared gold): a qualifier written after the number is part of raw (余, 左右, 以上, 以内, a range),
    one written before it is not (不少于, 突破, 超过, 控制在)."""
    assert [m.raw for m in find_metrics(_statement(text))] == [raw]


def test_value_is_normalised_decimal() -> None:
    (m,) = find_metrics(_statement("兑现助企资金4.14亿元。"))
    assert m.value == Decimal("414000000")
    assert str(m.value) == "414000000"  # no exponent, no trailing zeros
    (m,) = find_metrics(_statement("新增造林绿化1.3万亩。"))
    assert str(m.value) == "13000"


def test_several_metrics_in_one_sentence() -> None:
    text = "新引进重大产业项目27个，协议投资额超过460亿元，新增就业岗位1.6万个。"
    metrics = find_metrics(_statement(text))
    assert [(m.raw, m.unit) for m in metrics] == [("27个", "个"), ("460亿元", "元"), ("1.6万个", "个")]
    assert [m.qualifier for m in metrics] == [None, "more_than", None]
    assert [str(m.value) for m in metrics] == ["27", "46000000000", "16000"]


@pytest.mark.parametrize(
    ("text", "raw", "value", "unit"),
    [
        ("2024年重点任务\n○新增公共停车位１２００个，新建口袋公园１２个。\n", "1200个", "1200", "个"),
        ("2024年重点任务\n○城镇调查失业率下降到５．５％。\n", "5.5%", "5.5", "%"),
        ("2024年重点任务\n○全年新增城镇就业\n2.1\n万人，新增学位800个。\n", "2.1万人", "21000", "人"),
        ("2024年重点任务\n○全年完成固定资产投资\n56\n亿元。\n", "56亿元", "5600000000", "元"),
        ("2024年重点任务\n○新建社区养老服务驿站 12 个。\n", "12个", "12", "个"),
    ],
    ids=["fullwidth-digits", "fullwidth-decimal", "broken-before-magnitude", "broken-before-unit", "spaced"],
)
def test_metrics_after_cleaning(text: str, raw: str, value: str, unit: str, make_doc: Callable[..., Document]) -> None:
    doc = make_doc(text)
    metrics, _ = _found(doc)
    assert (metrics[0].raw, metrics[0].value, metrics[0].unit) == (raw, Decimal(value), unit)


NOT_METRICS = [
    "2023年全区经济运行稳中向好。",
    "启动第三批老旧小区综合整治。",
    "建成全市首个数字孪生社区。",
    "地铁6号线西延工程加快建设。",
    "M101线工程前期工作有序推进。",
    "新建5G基站实现乡镇全覆盖。",
    "推动北三县协同发展持续深化。",
    "连续两年获评全省营商环境标杆城市。",
    "推进三庙一塔景区保护提升。",
    "实施“十四五”规划中期评估。",
    "办好第二届运河龙舟文化节。",
    "推动环球影城二期开工建设。",
    "建设15分钟便民生活圈。",
    "新建一批口袋公园和城市绿道。",
]


@pytest.mark.parametrize("text", NOT_METRICS)
def test_not_metrics(text: str) -> None:
    assert find_metrics(_statement(text)) == []


@pytest.mark.parametrize(
    ("text", "count", "label"),
    [
        ("聚焦智能装备、生物制药、数字文创三大主导产业。", 3, "主导产业"),
        ("建设东部、西部、南部、北部四大功能组团。", 4, "功能组团"),
        ("出台稳经济十条措施。", 10, "措施"),
    ],
)
def test_counted_groups(text: str, count: int, label: str) -> None:
    groups = find_groups(_statement(text))
    assert [g.count for g in groups] == [count]
    assert label in groups[0].label
    assert groups[0].span.slice(text) == groups[0].raw
    assert find_metrics(_statement(text)) == []


def test_no_group_for_party_congress_or_ordinals() -> None:
    assert find_groups(_statement("深入学习贯彻党的二十大精神。")) == []
    assert find_groups(_statement("打造全市第二大商圈。")) == []


# ---------------------------------------------------------------- indicators
def test_indicator_table_is_clean() -> None:
    from govkg.extract import lexicon

    inds = lexicon.indicators()
    ids = [i.id for i in inds]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    names = [n for i in inds for n in i.names]
    assert len(set(names)) == len(names), "a name may stand for one indicator only"
    assert all(i.id.isascii() and i.name in i.names for i in inds)


@pytest.mark.parametrize(("sentence", "raw", "indicator"), [
    ("地区生产总值增长6%左右。", "6%左右", "gdp"),
    ("全年实现地区生产总值1286.4亿元，同比增长6.2%。", "6.2%", "gdp"),  # the change clause takes the clause before
    ("一般公共预算收入完成32.6亿元，同口径增长7.4%。", "7.4%", "budget-revenue"),
    ("城镇调查失业率控制在5.5%以内。", "5.5%以内", "unemployment-rate"),
    ("民生支出占财政支出比重保持在80%以上。", "80%以上", None),  # a share of an indicator is not a value of it
    ("固定资产投资增长9.2%，其中工业投资增长12.7%。", "12.7%", None),  # a part of an indicator is not the indicator
])
def test_metrics_name_their_indicator(sentence: str, raw: str, indicator: str | None) -> None:
    from govkg.pipeline import run_extraction
    from govkg.read import from_text

    x = run_extraction(from_text(f"桐州市2024年政府工作报告\n\n一、2023年工作回顾\n{sentence}\n"))
    m = next(m for m in x.metrics if m.raw == raw)
    assert m.indicator == indicator


# ---------------------------------------------------------------- Chinese numerals
@pytest.mark.parametrize(("numeral", "value"), [
    ("一百二十三", 123), ("两千一百", 2100), ("一万二千", 12000), ("一百零八", 108), ("十二", 12), ("十", 10),
    ("千亿", 10**11), ("亿", 10**8), ("三千五百万", 35_000_000), ("一亿二千万", 120_000_000), ("万亿", 10**12),
    ("二〇二四", None), ("三五", None), ("十四五", None),
])
def test_chinese_numeral_value(numeral: str, value: int | None) -> None:
    from govkg.patterns import cn_numeral_value

    assert cn_numeral_value(numeral) == value
