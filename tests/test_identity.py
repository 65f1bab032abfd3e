"""Which report a text is: region, level and year from ranked evidence (govkg.identity, issue 16).

Each case is a report's opening (title, byline, date, presenter, 各位代表) or closing, written for these tests, put
before a short body; the body says 全X of its own unit and names what the case needs. Real place names are used
where the dictionary must resolve them (their codes are facts of GB/T 2260); invented ones where it must not.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from govkg.pipeline import run_extraction
from govkg.read import from_text


def body(me: str = "全区", review: str = "一、2024年工作回顾", plan: str = "二、2025年主要任务", extra: str = "") -> str:
    return (f"{review}\n过去一年，{me}地区生产总值增长5.2%，新建口袋公园12个，完成老旧小区改造28个，{me}新增就业岗位3200个。\n"
            f"{extra}"
            f"{plan}\n今年，{me}将加快建设产业园区，推进重点项目建设，新增城镇就业3000人，{me}完成植树造林1.2万亩。\n")


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    region: str | None
    year: int | None
    level: str | None = None
    evidence: str | None = None  # what decided the region
    code: str | None = None


OPENING = "各位代表：\n现在，我代表{gov}人民政府，向大会报告工作，请予审议。\n"

CASES = [
    # titles
    Case("county-title", "临澜县人民政府工作报告\n——2025年1月9日在临澜县第十八届人民代表大会第四次会议上\n县长　周启航\n"
         + OPENING.format(gov="县") + body("全县"), "临澜县", 2025, "county", "title"),
    Case("district-title-with-city", "北京市怀柔区政府工作报告（2018年）\n" + body("全区", "一、2017年工作回顾", "二、2018年工作安排"),
         "怀柔区", 2018, "county", "title", "110116"),
    Case("title-with-year", "鹭江市柳岸区2023年政府工作报告\n" + body("全区", "一、2022年工作回顾", "二、2023年主要任务"),
         "柳岸区", 2023, "county", "title"),
    Case("city-summary-title", "芜湖市政府工作报告要点\n" + body("全市"), "芜湖市", 2025, "city", "title", "340200"),
    Case("task-division-title", "宜昌市2024年《政府工作报告》重点任务分工方案\n" + body("全市", "一、工作基础", "二、重点任务"),
         "宜昌市", 2024, "city", "title", "420500"),
    Case("newspaper-subtitle", "稳中求进　向新而行\n——青峦区政府工作报告要点速览\n" + body("全区"), "青峦区", 2025, "county", "title"),
    Case("town", "柳塘镇人民政府工作报告\n——2025年1月6日在柳塘镇第十八届人民代表大会第五次会议上\n镇长　何春生\n" + body("全镇"),
         "柳塘镇", 2025, "town", "title"),
    Case("township", "石门乡人民政府工作报告\n" + body("全乡"), "石门乡", 2025, "town", "title"),
    Case("subdistrict", "东湖街道办事处2024年工作报告\n" + body("全街道", "一、2023年工作回顾", "二、2024年工作安排"), "东湖街道",
         2024, "town", "title"),
    Case("new-area-committee", "云港新区管理委员会2025年工作报告\n" + body("全区"), "云港新区", 2025, "county", "title"),
    Case("autonomous-prefecture", "延边朝鲜族自治州人民政府工作报告\n" + body("全州"), "延边朝鲜族自治州", 2025, "city", "title",
         "222400"),
    Case("autonomous-county", "澜沧拉祜族自治县人民政府工作报告\n" + body("全县"), "澜沧拉祜族自治县", 2025, "county", "title",
         "530828"),
    Case("banner", "乌审旗人民政府工作报告\n" + body("全旗"), "乌审旗", 2025, "county", "title", "150626"),
    Case("county-level-city", "昆山市2024年政府工作报告\n" + body("全市", "一、2023年工作回顾", "二、2024年主要任务"), "昆山市",
         2024, "county", "title", "320583"),
    Case("municipality", "北京市2025年政府工作报告\n" + body("全市"), "北京市", 2025, "province", "title", "110000"),
    Case("province", "甘肃省人民政府工作报告\n——2026年1月20日在甘肃省第十四届人民代表大会第五次会议上\n"
         + body("全省", "一、2025年工作回顾", "二、2026年重点工作", "兰州新区加快发展，兰州新区新增企业200家，临夏县、临夏县城区改造完成。\n"),
         "甘肃省", 2026, "province", "title", "620000"),
    Case("unknown-district-under-unknown-city", "江州市清河区2023年政府工作报告\n"
         + body("全区", "一、2022年工作回顾", "二、2023年主要任务"), "清河区", 2023, "county", "title", None),
    # bylines and presenters, no title naming the unit
    Case("byline-only", "政府工作报告\n——2024年1月15日在北京市怀柔区第七届人民代表大会第四次会议上\n区长　某某某\n"
         + OPENING.format(gov="区") + body("全区", "一、2023年工作回顾", "二、2024年工作安排"), "怀柔区", 2024, "county", "byline",
         "110116"),
    Case("spaced-title-byline", "政 府 工 作 报 告\n——2025年1月14日在鹤川市第十六届人民代表大会第三次会议上\n鹤川市市长　沈嘉禾\n"
         + OPENING.format(gov="市") + body("全市"), "鹤川市", 2025, "city", "byline"),
    Case("byline-county-level-city", "——2019年1月10日在昆山市第十七届人民代表大会第三次会议上\n"
         + body("全市", "一、2018年工作回顾", "二、2019年主要工作"), "昆山市", 2019, "county", "byline", "320583"),
    Case("presenter-line-only", "政府工作报告\n鹤川市市长　沈嘉禾\n" + OPENING.format(gov="市") + body("全市"), "鹤川市", 2025,
         "city", "presenter"),
    Case("session-in-a-lead", "一图读懂政府工作报告\n1月11日，青峦区第三届人民代表大会第六次会议开幕。区长代表区人民政府作工作报告。\n"
         + body("全区"), "青峦区", 2025, "county", "session"),
    Case("session-in-a-closing", body("全区") + "昨日上午，通州区第七届人民代表大会第三次会议开幕，区长作政府工作报告。\n",
         "通州区", 2025, "county", "session", None),  # two 通州区 (北京, 南通), nothing says which: no code
    Case("session-names-its-city", body("全区", extra="北京城市副中心加快建设，北京市支持力度加大。\n")
         + "昨日上午，通州区第七届人民代表大会第三次会议开幕。\n", "通州区", 2025, "county", "session", "110112"),
    # no title block: how the report speaks of itself
    Case("city-names-its-counties-more", OPENING.format(gov="市") + body(
        "全市", extra="苏州市全力推进改革。昆山市、常熟市、张家港市加快发展，昆山市、常熟市新增企业300家，张家港市港口吞吐量增长6%。"
                    "苏州市新增高新技术企业500家。\n"), "苏州市", 2025, "city", "self-reference", "320500"),
    Case("province-named-by-its-cities", OPENING.format(gov="省") + body(
        "全省", extra="定西市、天水市加快发展，定西市新增企业100家，天水市新增企业80家，兰州新区新增企业200家。\n"), "甘肃省", 2025,
         "province", "self-reference", "620000"),
    Case("no-place-at-all", OPENING.format(gov="区") + body("全区"), None, 2025),
    Case("body-only", body("全县", extra="怀柔区新增企业100家，怀柔区新增就业500人，怀柔区完成植树造林。\n").replace("全县", "我们"),
         "怀柔区", 2025, "county", "body", "110116"),
    # years
    Case("date-beats-headings", "临澜县人民政府工作报告\n——2025年1月9日在临澜县第十八届人民代表大会第四次会议上\n"
         + body("全县", "一、过去一年工作回顾", "二、今年主要任务", "到2035年基本实现现代化，2026年开工建设铁路。\n"), "临澜县", 2025),
    Case("december-date-plans-next-year", "柳塘镇人民政府工作报告\n——2024年12月28日在柳塘镇第十八届人民代表大会第六次会议上\n"
         + body("全镇", "一、2024年工作回顾", "二、2025年工作安排"), "柳塘镇", 2025),
    Case("newspaper-date-line", "通州时讯　2023年1月6日　第2版\n奋楫扬帆再出发\n——一图读懂通州区政府工作报告\n"
         + body("全区", "一、2022年工作回顾", "二、2023年主要任务"), "通州区", 2023, "county", "title", None),
    Case("title-review-and-plan", "沣阳市2024年重点工作完成情况及2025年工作安排\n" + body("全市", "一、主要指标完成情况", "二、工作安排"),
         "沣阳市", 2025),
    Case("plan-heading-main-work", "临澜县人民政府工作报告\n" + body("全县", "一、过去一年工作回顾", "二、2019年主要工作",
                                                              "到2020年全面建成小康社会。\n"), "临澜县", 2019),
    Case("plan-heading-without-ordinal", "临澜县人民政府工作报告\n" + body("全县", "一、过去一年工作回顾", "2025年主要工作"), "临澜县",
         2025),
    Case("plan-heading-work", "临澜县人民政府工作报告\n" + body("全县", "一、2019年工作回顾", "二、2020年工作"), "临澜县", 2020),
    Case("horizon-is-not-the-year", "临澜县人民政府工作报告\n" + body("全县", "一、2025年工作回顾", "二、2026年重点工作",
                                                                "展望2035年，到2035年基本实现现代化。\n"), "临澜县", 2026),
    Case("five-year-review", "临澜县人民政府工作报告\n——2017年1月12日在临澜县第十七届人民代表大会第一次会议上\n"
         + body("全县", "一、过去五年工作回顾", "二、今后五年和2017年工作安排", "过去五年，本届政府任期内，2012年至2016年全县生产总值年均增长8%。\n"),
         "临澜县", 2017),
    Case("quantity-is-not-a-year", "临澜县人民政府工作报告\n" + body("全县", "一、过去一年工作回顾", "二、今年主要任务",
                                                                "建成2000P算力中心，新增2000kW光伏。\n"), "临澜县", None),
    Case("title-year-in-brackets", "北京市怀柔区政府工作报告（2018年）\n" + body("全区", "一、过去一年工作回顾", "二、今年主要任务"),
         "怀柔区", 2018),
    Case("work-summary-and-plan-title", "石门乡2024年工作总结和2025年工作计划\n" + body("全乡", "一、工作总结", "二、工作计划"),
         "石门乡", 2025, "town"),
    Case("date-and-later-mentions", "鹤川市人民政府工作报告\n——2025年1月14日在鹤川市第十六届人民代表大会第三次会议上\n"
         + body("全市", extra="2026年建成鹤川港三期码头，2027年通车。\n"), "鹤川市", 2025),
    Case("a-common-word-is-not-the-region", OPENING.format(gov="县") + body(
        "全县", extra="老城区改造提速，老城区新增停车位500个，老城区管网改造全面完成。\n"), None, 2025),
    Case("no-parts-the-most-named-year", "青溪区重点工作清单\n○2024年新建口袋公园12个。\n○2024年完成老旧小区改造28个，全区新增就业3200人。\n"
         "○2024年加快建设产业园区，到2035年基本实现现代化。\n○全区推进重点项目建设，新增城镇就业3000人。\n", "青溪区", 2024),
    Case("editors-note-names-the-session", "澄江日报　2025年1月10日　第02版\n【编者按】1月9日，澄江区第六届人民代表大会第五次会议开幕。"
         "本报梳理报告要点，带您速览。\n" + body("全区", "▍回望2024", "▍奋进2025"), "澄江区", 2025, None, "session"),
    Case("session-after-words", OPENING.format(gov="区") + body(
        "全区", extra="全区认真落实澄江区第六届人民代表大会第五次会议审议通过的计划。\n"), "澄江区", 2025, None, "session"),
    Case("headings-give-the-year", OPENING.format(gov="区") + body("全区", "一、2023年工作回顾", "二、2024年主要任务"), None, 2024),
]


def _meta(text: str):  # type: ignore[no-untyped-def]
    return run_extraction(from_text(text, "case.txt")).meta


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_identity(case: Case) -> None:
    meta = _meta(case.text)
    assert (meta.region, meta.plan_year) == (case.region, case.year)
    if case.level:
        assert meta.level == case.level
    if case.evidence:
        assert meta.evidence.get("region") == case.evidence
    if case.region and case.evidence:
        assert meta.region_code == case.code
    if meta.plan_year is not None and meta.review_year is not None:
        assert meta.review_year == meta.plan_year - 1


def test_at_least_forty_cases() -> None:
    assert len(CASES) >= 40


def test_weak_evidence_is_said() -> None:
    meta = _meta(next(c for c in CASES if c.id == "body-only").text)
    assert any("rests on the places the text names" in n and "怀柔区" in n for n in meta.notes)
    meta = _meta(next(c for c in CASES if c.id == "no-place-at-all").text)
    assert any(n.startswith("region unknown") for n in meta.notes)
    assert _meta(CASES[0].text).notes == []


def test_a_sub_unit_is_never_the_region() -> None:
    """A province's report names a new area and a county inside it more often than itself: still the province."""
    meta = _meta(next(c for c in CASES if c.id == "province").text)
    assert meta.region == "甘肃省"


def test_overrides_win_and_a_contradiction_is_said() -> None:
    from govkg.models import MetaOverrides

    x = run_extraction(from_text(CASES[0].text, "case.txt"), overrides=MetaOverrides(region="鹤川市", year=2030))
    assert x.meta is not None
    assert (x.meta.region, x.meta.plan_year) == ("鹤川市", 2030)
    # the overrides decide region and year; the date, session and presenter are still the byline's
    assert x.meta.evidence == {"region": "override", "year": "override", "date": "byline", "session": "byline",
                               "presenter": "presenter"}
    assert any("--region 鹤川市 given" in n for n in x.meta.notes) and any("--year 2030 given" in n for n in x.meta.notes)


@pytest.mark.parametrize(("text", "evidence"), [
    (CASES[0].text, {"region": "title", "year": "date", "date": "byline", "session": "byline", "presenter": "presenter"}),
    ("澄江日报　2025年1月10日　第02版\n【编者按】1月9日，澄江区第六届人民代表大会第五次会议开幕。本报梳理报告要点。\n"
     + body("全区", "▍回望2024", "▍奋进2025"), {"region": "session", "year": "date", "date": "title", "session": "session"}),
    (body("全区", extra="澄江区第六届人民代表大会第五次会议审议通过了全区发展计划。\n"),
     {"region": "session", "year": "part-heading", "session": "body"}),
], ids=["byline", "masthead-and-editors-note", "body-only"])
def test_each_identity_field_keeps_its_evidence(text: str, evidence: dict[str, str]) -> None:
    """Date, session and presenter record where they came from, like region and year; the graph writes each as
    gk:dateEvidence, gk:sessionEvidence, gk:presenterEvidence."""
    from govkg import vocab as V
    from govkg.graph import triples

    x = run_extraction(from_text(text, "case.txt"))
    assert x.meta is not None and x.meta.evidence == evidence
    g = triples(x).graph()
    written = {name: next(g.objects(None, prop), None) for name, prop in V.EVIDENCE_PROPERTIES.items()}
    assert {k: v for k, v in written.items() if v is not None} == {k: V.IDENTITY_EVIDENCE[v] for k, v in evidence.items()}
