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


# ---------------------------------------------------------------- units, compound units, ranges, numerals
MORE_FORMS = [
    # text, raw, value, unit, qualifier, value_max
    # ranges: one metric, the lower end as value (rule 3)
    ("地区生产总值增长5%-5.5%。", "5%-5.5%", "5", "%", "range", "5.5"),
    ("地区生产总值增长5%—5.5%。", "5%—5.5%", "5", "%", "range", "5.5"),
    ("地区生产总值增长5%～5.5%。", "5%～5.5%", "5", "%", "range", "5.5"),
    ("地区生产总值增长5-5.5%。", "5-5.5%", "5", "%", "range", "5.5"),
    ("新建社区公园3至5个。", "3至5个", "3", "个", "range", "5"),
    ("培育链主企业两到三家。", "两到三家", "2", "家", "range", "3"),
    ("城镇新增就业100-120万人。", "100-120万人", "1000000", "人", "range", "1200000"),
    # compound units stay one unit; a magnitude before the numerator scales the value (rule 4)
    ("全年PM2.5平均浓度为32微克/立方米。", "32微克/立方米", "32", "微克/立方米", None, None),
    ("亿元GDP生产安全事故死亡率0.6人/百亿元。", "0.6人/百亿元", "0.6", "人/百亿元", None, None),
    ("全员劳动生产率达到25万元/人。", "25万元/人", "250000", "元/人", None, None),
    ("生活垃圾处理费标准为80元/吨。", "80元/吨", "80", "元/吨", None, None),
    ("单位地区生产总值能耗0.35吨标准煤/万元。", "0.35吨标准煤/万元", "0.35", "吨标准煤/万元", None, None),
    # units (rule 5)
    ("粮食产量稳定在1.4万亿斤以上。", "1.4万亿斤以上", "1400000000000", "斤", "at_least", None),
    ("全年完成罕见病筛查12例。", "12例", "12", "例", None, None),
    ("人均预期寿命达到80.5岁。", "80.5岁", "80.5", "岁", None, None),
    ("外贸进出口额增长2.5倍。", "2.5倍", "2.5", "倍", None, None),
    ("集装箱吞吐量达到68万标箱。", "68万标箱", "680000", "标箱", None, None),
    ("集装箱吞吐量完成15万标准箱。", "15万标准箱", "150000", "标箱", None, None),
    ("企业开办时间压缩至1个工作日以内。", "1个工作日以内", "1", "工作日", "at_most", None),
    ("算力规模达到3000P。", "3000P", "3000", "P", None, None),
    ("新增光伏装机容量50万千瓦。", "50万千瓦", "500000", "千瓦", None, None),
    ("建成储能电站120兆瓦。", "120兆瓦", "120", "兆瓦", None, None),
    ("新增新能源公交车200辆。", "200辆", "200", "辆", None, None),
    ("新增内河运输船舶5艘。", "5艘", "5", "艘", None, None),
    ("开通低空物流无人机30架。", "30架", "30", "架", None, None),
    ("建成区面积达到120平方公里。", "120平方公里", "120", "平方公里", None, None),
    ("主城区至高铁站通行时间缩短至15分钟。", "15分钟", "15", "分钟", None, None),
    ("全镇调处矛盾纠纷213起。", "213起", "213", "起", None, None),
    ("八成企业实现稳定盈利。", "八成", "80", "%", None, None),
    ("七成以上村庄完成改造。", "七成以上", "70", "%", "at_least", None),
    # 余/多 are qualifiers and never change the value (rule 6)
    ("落户一年，员工增加到一百多人。", "一百多人", "100", "人", "more_than", None),
    ("全年引进博士及以上高层次人才五百余人。", "五百余人", "500", "人", "more_than", None),
    ("累计注册企业1.2万余户。", "1.2万余户", "12000", "户", "more_than", None),
    # Chinese-numeral counts with a counter (rule 7)
    ("全年新增规模以上工业企业一百二十三家。", "一百二十三家", "123", "家", None, None),
    ("新增普惠托位两千一百个。", "两千一百个", "2100", "个", None, None),
    ("新增公共停车泊位一万二千个。", "一万二千个", "12000", "个", None, None),
    ("清淤山塘二十三口。", "二十三口", "23", "口", None, None),
    ("新修机耕道十二公里。", "十二公里", "12", "公里", None, None),
    ("改造低产茶园八百亩。", "八百亩", "800", "亩", None, None),
    ("改造农村公厕十座。", "十座", "10", "座", None, None),
    ("新开通国际集装箱航线三条。", "三条", "3", "条", None, None),
    # qualifiers (rule 9)
    ("新引进外资企业逾200家。", "200家", "200", "家", "more_than", None),
    ("新增城镇就业约300人。", "300人", "300", "人", "about", None),
    ("居民消费价格涨幅不超过3%。", "3%", "3", "%", "at_most", None),
    ("群众满意度不低于90%。", "90%", "90", "%", "at_least", None),
    ("完成房屋征收签约800户。", "800户", "800", "户", None, None),  # 签约 is not 约 (about)
    ("吸纳脱贫户就近务工50人。", "50人", "50", "人", None, None),  # nor is 就近 近
    # money inferred from context (MET-2)
    ("组建副中心首个50亿规模的政府产业引导基金。", "50亿", "5000000000", "元", None, None),
    ("继续保持千亿以上投资规模。", "千亿以上", "100000000000", "元", "at_least", None),
]


@pytest.mark.parametrize(
    ("text", "raw", "value", "unit", "qualifier", "value_max"), MORE_FORMS, ids=[f[1] for f in MORE_FORMS]
)
def test_more_metric_forms(text: str, raw: str, value: str, unit: str, qualifier: str | None,
                           value_max: str | None) -> None:
    metrics = find_metrics(_statement(text))
    assert [(m.raw, *_key(m.value, m.unit, m.qualifier, m.value_max)) for m in metrics] == [
        (raw, *_key(value, unit, qualifier, value_max))
    ]
    assert metrics[0].span.slice(text) == raw


def test_range_wording_keeps_the_unit_written_at_both_ends() -> None:
    """qualifier_text of a range is the range as written: 1-2 (of 1-2家), 5%—6% (as the shared golds keep it)."""
    assert [m.qualifier_text for m in find_metrics(_statement("支持1-2家企业。"))] == ["1-2"]
    assert [m.qualifier_text for m in find_metrics(_statement("增长5%—6%。"))] == ["5%—6%"]


@pytest.mark.parametrize(("text", "qualifier", "wording"), [
    ("城镇调查失业率控制在5.5%以内。", "at_most", "控制在…以内"),
    ("居民消费价格涨幅控制在3%左右。", "about", "左右"),
    ("粮食产量不低于24万吨。", "at_least", "不低于"),
    ("累计注册360余家。", "more_than", "余"),
])
def test_qualifier_wording(text: str, qualifier: str, wording: str) -> None:
    """qualifier_text keeps the Chinese wording (MET-4); 控制在 joins only the bound it governs (以内)."""
    assert [(m.qualifier, m.qualifier_text) for m in find_metrics(_statement(text))] == [(qualifier, wording)]


def test_change_from_one_value_to_another_is_two_metrics() -> None:
    """从5%提高到8% states two values, not a range."""
    metrics = find_metrics(_statement("研发投入强度从5%提高到8%。"))
    assert [(m.raw, m.qualifier) for m in metrics] == [("5%", None), ("8%", None)]


def test_wrapped_compound_unit_after_cleaning(make_doc: Callable[..., Document]) -> None:
    """A compound unit or a qualifier broken over two lines (32微 / 克/立方米, 87.5%以 / 上) is read whole once the
    cleaner joins the lines."""
    doc = make_doc("2024年重点任务\n○全市PM2.5平均浓度下降至32微\n克/立方米，优良天数比例达到87.5%以\n上。\n")
    metrics, _ = _found(doc)
    assert [(m.raw, m.unit, m.qualifier) for m in metrics] == [
        ("32微克/立方米", "微克/立方米", None), ("87.5%以上", "%", "at_least")
    ]


# ---------------------------------------------------------------- thresholds (rule 2)
THRESHOLDS = [
    # text, [(raw, unit, qualifier, threshold)] of every metric found
    ("全年实施县级重点项目86个，其中亿元以上项目41个。", [("86个", "个", None, None), ("41个", "个", None, "亿元以上")]),
    ("新引进亿元以上产业项目57个，其中十亿元以上项目9个。",
     [("57个", "个", None, "亿元以上"), ("9个", "个", None, "十亿元以上")]),
    ("其中超过50万元的村有5个。", [("5个", "个", None, "超过50万元")]),
    ("年营业收入超10亿元企业达到15家。", [("15家", "家", None, "超10亿元")]),
    ("其中亿元以上项目不少于二百二十个。", [("二百二十个", "个", "at_least", "亿元以上")]),
    ("每千人口拥有3岁以下婴幼儿托位4.5个。", [("4.5个", "个", None, "3岁以下")]),
    ("为全镇65岁以上老人免费开展健康体检。", []),
    ("其中亿元以上项目投资占比不低于75%。", [("75%", "%", "at_least", None)]),  # a share: no count to qualify
    ("新增规模以上工业企业27家。", [("27家", "家", None, None)]),  # a threshold without a number is no metric
    # a bound at a clause end is an ordinary metric with its qualifier
    ("完成固定资产投资180亿元以上，其中亿元以上项目投资占比不低于75%。",
     [("180亿元以上", "元", "at_least", None), ("75%", "%", "at_least", None)]),
    ("力争全年到位资金10亿元以上。", [("10亿元以上", "元", "at_least", None)]),
    ("村级集体经济收入全部超过20万元，其中超过50万元的村有5个。",
     [("20万元", "元", "more_than", None), ("5个", "个", None, "超过50万元")]),
    ("确保实现5%以上的增长。", [("5%以上", "%", "at_least", None)]),
    ("实现产值500亿元以上带动就业1万人。", [("500亿元以上", "元", "at_least", None), ("1万人", "人", None, None)]),
    ("粮食产量稳定在180万吨以上水平。", [("180万吨以上", "吨", "at_least", None)]),
    ("建成1000平方米以上社区综合体5个。", [("5个", "个", None, "1000平方米以上")]),
    ("年营业收入超亿元企业新增12家。", [("12家", "家", None, "超亿元")]),
    ("推进总投资超过10亿元的重大项目建设。", []),
]


@pytest.mark.parametrize(("text", "want"), THRESHOLDS, ids=[t[0][:14] for t in THRESHOLDS])
def test_thresholds_define_what_is_counted(text: str, want: list[tuple[str, str, str | None, str | None]]) -> None:
    """DEV-MET-2/3/4: 亿元以上, 超过50万元, 65岁以上 bound the counted noun; they are not metrics, the count after them
    is, and carries the bound as Metric.threshold."""
    assert [(m.raw, m.unit, m.qualifier, m.threshold) for m in find_metrics(_statement(text))] == want


# ---------------------------------------------------------------- what is not a metric, rule by rule (rules 1, 7, 10)
def _reading_at(text: str, written: str) -> Any:
    from govkg.extract.quantities import read

    start = text.index(written)
    pos = 0
    while pos < len(text):
        r, pos = read(text, pos)
        if r is not None and r.start == start:
            return r
    return None


EXCLUDED = [
    # rule, text, the number as written
    ("ordinal", "办好第2届运河龙舟文化节。", "2届"),
    ("ordinal", "全市排名第3位。", "3位"),
    ("code_or_model", "组建U17岁以下青少年足球队。", "17岁"),
    ("grade_word", "建设万吨级码头2个。", "万吨"),
    ("grade_word", "新建10万吨级泊位3个。", "10万吨"),
    ("per_unit_denominator", "每万人口拥有执业医师3.2人。", "万人"),
    ("per_unit_denominator", "每千人口拥有3岁以下婴幼儿托位4.5个。", "千人"),
    ("per_unit_denominator", "每百户拥有汽车42辆。", "百户"),
    ("per_unit_denominator", "亿元GDP生产安全事故死亡率0.6人/百亿元。", "亿元"),
    ("unit_label", "项目名称总投资（亿元）2024年进展", "亿元"),
    ("lone_one", "新建一批口袋公园。", "一批"),
    ("lone_one", "打造一个中心。", "一个"),
    ("chinese_counter", "较好完成了县十八届人大三次会议确定的目标任务。", "十八届"),
    ("chinese_counter", "较好完成了县十八届人大三次会议确定的目标任务。", "三次"),
    ("chinese_counter", "认真贯彻省委十五届九次全会精神。", "九次"),
    ("chinese_counter", "全面落实九次全会部署。", "九次"),
    ("chinese_counter", "建成鹤川三期码头。", "三期"),
    ("chinese_counter", "推进二次供水设施改造。", "二次"),
    ("chinese_counter", "九棵树等传统商圈加速转型升级。", "九棵"),
    ("bare_magnitude", "服务千家万户。", "千家"),
    ("bare_magnitude", "开展万人助企行动。", "万人"),
    ("bare_magnitude", "|地区生产总值|亿元|3865|", "亿元"),
    ("counter_in_word", "5部门联合开展专项整治。", "5部"),
    ("counter_in_word", "资助三口之家购房。", "三口"),
    ("time_in_name", "持续推进“15分钟便民生活圈”建设。", "15分钟"),
    ("time_in_name", "构建1小时通勤圈。", "1小时"),
    ("slogan", "加快建设“四个中心”。", "四个"),
    ("slogan", "率先实现“两个率先”目标。", "两个"),
    ("slogan", "深入实施“三个一百”工程。", "三个"),
    ("slogan", "实施“五个一”工程。", "五个"),
    ("policy_package", "出台鼓励现代种业发展十条措施。", "十条"),
]


@pytest.mark.parametrize(("rule", "text", "written"), EXCLUDED, ids=[f"{e[0]}-{e[2]}" for e in EXCLUDED])
def test_exclusion_rules(rule: str, text: str, written: str) -> None:
    """Each named rule rejects its examples, and the number is no metric."""
    from govkg.extract.metric_rules import excluded_by

    r = _reading_at(text, written)
    assert r is not None, "the number must be read before a rule can reject it"
    assert excluded_by(text, r) == rule
    start = text.index(written)
    assert not [m.raw for m in find_metrics(_statement(text)) if m.span.start < start + len(written)
                and start < m.span.end]


KEPT = [
    # text, raw: the rule next to it must not reject this number
    ("推出首批13个“运河畔”农文旅产业品牌。", "13个"),  # ordinal: 首 belongs to 批
    ("新建5G基站1300个。", "1300个"),  # code_or_model
    ("算力规模达到3000P。", "3000P"),  # code_or_model: a Latin unit
    ("港口吞吐量达到10万吨。", "10万吨"),  # grade_word
    ("每万人口拥有执业医师3.2人。", "3.2人"),  # per_unit_denominator
    ("投资突破千亿元。", "千亿元"),  # per_unit_denominator / bare_magnitude: money
    ("年营业收入超亿元企业15家。", "15家"),  # per_unit_denominator: 超亿元 is a threshold
    ("项目总投资5亿元。", "5亿元"),  # unit_label
    ("镇级重点项目新开工1个。", "1个"),  # lone_one: Arabic 1 counts
    ("已连续举办三届。", None),  # chinese_counter: 届 after a Chinese numeral is not read
    ("全年接待游客突破百万人次。", "百万人次"),  # bare_magnitude: after a qualifier
    ("引进亿元以上项目，投资超亿元。", "亿元"),  # bare_magnitude: a bound or a qualifier makes 亿元 a quantity
    ("新建中小学十所。", "十所"),  # bare_magnitude: 十 is ten
    ("通行时间缩短15分钟以上。", "15分钟以上"),  # time_in_name
    ("新建三个社区公园。", "三个"),  # slogan
    ("建设“十五个社区食堂”。", "十五个"),  # slogan: a long quoted phrase counts things
    ("“营商环境提升年”26项举措全部落地。", "26项"),  # policy_package: written in digits
]


@pytest.mark.parametrize(("text", "raw"), KEPT, ids=[k[0][:12] for k in KEPT])
def test_rules_keep_real_quantities(text: str, raw: str | None) -> None:
    raws = [m.raw for m in find_metrics(_statement(text))]
    assert raws == ([raw] if raw else [])


MORE_NOT_METRICS = [
    "学习贯彻党的二十届三中全会和省委十五届九次全会精神。",
    "加快建设“四个中心”，率先实现“两个率先”目标。",
    "打造千亿级产业集群和百亿级企业。",
    "推进三庙一塔景区保护，建设一刻钟便民生活圈。",
    "（下转第四版）",
    "（上接第一版）",
    "经济总量翻一番。",
    "2025沣阳国际汽车产业博览会成功举办。",
    "新区第一学校9月1日前建成开学。",
    "为全镇65岁以上老人免费开展健康体检。",
    "实施“十四五”规划，谋划“十五五”发展。",
]


@pytest.mark.parametrize("text", MORE_NOT_METRICS)
def test_more_not_metrics(text: str) -> None:
    assert find_metrics(_statement(text)) == []


# ---------------------------------------------------------------- Chinese numerals
@pytest.mark.parametrize(("numeral", "value"), [
    ("一百二十三", 123), ("两千一百", 2100), ("一万二千", 12000), ("一百零八", 108), ("十二", 12), ("十", 10),
    ("千亿", 10**11), ("亿", 10**8), ("三千五百万", 35_000_000), ("一亿二千万", 120_000_000), ("万亿", 10**12),
    ("二〇二四", None), ("三五", None), ("十四五", None),
])
def test_chinese_numeral_value(numeral: str, value: int | None) -> None:
    from govkg.patterns import cn_numeral_value

    assert cn_numeral_value(numeral) == value


def test_metric_reader_is_deterministic() -> None:
    text = "新引进亿元以上产业项目57个，其中十亿元以上项目9个，新增学位3.2万个、普惠托位两千一百个，增长5%—6%。"
    first = [m.model_dump() for m in find_metrics(_statement(text))]
    assert first == [m.model_dump() for m in find_metrics(_statement(text))]
    assert len(first) == 5


def test_count_under_a_threshold_counts_the_bounded_noun() -> None:
    """In 其中超过50万元的村有5个 the count is of 村, bounded by 超过50万元."""
    (m,) = find_metrics(_statement("其中超过50万元的村有5个。"))
    assert (m.counted, m.threshold) == ("村", "超过50万元")
    (_, m) = find_metrics(_statement("全年实施县级重点项目86个，其中亿元以上项目41个。"))
    assert (m.counted, m.threshold) == ("项目", "亿元以上")


def test_chinese_numerals_read_as_cn2an_reads_them() -> None:
    """govkg reads place-word numerals itself (importing cn2an costs 0.2 s of every build); cn2an, kept as a test
    dependency, is the reference: every number below 20,000 and a sample above, written as cn2an writes them and
    with 两 for 二 before a place word, and the colloquial 两千三, 一万二 (the place below is implied)."""
    import random

    import cn2an

    from govkg.patterns import cn_numeral_value

    def reference(numeral: str) -> int | None:
        text = "一" + numeral if numeral[0] in "百千万亿" else numeral
        try:
            v = cn2an.cn2an(text, "normal")
        except (ValueError, KeyError, IndexError, TypeError):
            return None
        return int(v) if v == int(v) else None

    rng = random.Random(5)
    numbers = [*range(20_000), *(rng.randrange(20_000, 10**13) for _ in range(3_000))]
    compared = 0
    for n in numbers:
        written = cn2an.an2cn(n, "low")
        for numeral in {written, written.replace("二千", "两千").replace("二万", "两万").replace("二百", "两百")}:
            if any(c in "十百千万亿" for c in numeral):
                assert cn_numeral_value(numeral) == reference(numeral) == n, numeral
                compared += 1
    for digit in "一二两三四五六七八九":
        for place in "十百千万":
            for after in "一二三四五六七八九":
                numeral = digit + place + after
                assert cn_numeral_value(numeral) == reference(numeral), numeral
    assert compared > 20_000
    # malformed: digits in a row, 零 before a place word, other characters
    for bad in ("二九百", "零百", "三五十", "十A"):
        assert cn_numeral_value(bad) is None, bad
