"""The outline's four passes, each with its own table of inputs and the answers it must give.

Pass 1 `classify` (a LineKind per line), pass 2 `split_inline` (headings printed with their paragraph), pass 3
`frame_of`/`decision`/`plan_parts` (parts and years), pass 4 the tree: tables, contexts, clauses.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from govkg.models import Document
from govkg.outline import outline
from govkg.outline.inline import split_inline
from govkg.outline.lines import LineKind, classify, split_lines
from govkg.outline.parts import Frame, decision, five_year_period, frame_of

H, C, F, T, X, M, CAP = (LineKind.HEADING, LineKind.CONTENT, LineKind.FIELD, LineKind.TABLE, LineKind.CONTEXT,
                         LineKind.META, LineKind.CAPTION)


def _lines(text: str) -> list:
    return split_inline(classify(split_lines(text)))


# ---------------------------------------------------------------- pass 1: line kinds
@pytest.mark.parametrize(("text", "kinds"), [
    ("一、2024年工作回顾\n全年实施项目86个。", [H, C]),
    ("（一）产业能级稳步提升\n新引进项目27个。", [H, C]),
    ("1．加快建设云港智算中心二期，年内新增算力2000P。\n牵头单位：新区经济发展局\n完成时限：2025年12月底", [C, F, F]),
    ("|指标|2024年完成|\n|---|---|\n|地区生产总值|3865.2亿元|", [T, T, T]),
    ("表1 主要指标\n|指标|2024年完成|\n|地区生产总值|3865.2亿元|", [CAP, T, T]),
    ("记者观察：\n在车间里，员工从一百多人增加到三百多人。\n▍奋进2025", [X, X, H]),
    ("【编者按】1月11日，大会开幕。\n【经济运行稳中有进】\n•地区生产总值达到1286.5亿元", [X, H, C]),
    ("附件：名词解释\n1．新质生产力：由技术革命性突破催生的先进生产力。\n2．一老一小：老年人和婴幼儿。", [X, X, X]),
    ("同时，我们也清醒看到，经济总量不大的问题依然突出。", [X]),
    ("各位代表：\n现在，我代表县人民政府，向大会报告工作，请予审议。", [M, M]),
    ("•办好一批民生实事：\n——新增普惠托位600个\n——新建社区食堂20家", [H, C, C]),
    ("•地区生产总值增长5.5%以上\n•一般公共预算收入增长4%", [C, C]),
])
def test_classify(text: str, kinds: list[LineKind]) -> None:
    assert [ln.kind for ln in classify(split_lines(text))] == kinds


def test_sidebar_context_ends_at_the_next_heading() -> None:
    lines = classify(split_lines("代表声音：\n“盼改造盼了十几年。”王秀梅说。\n链接：\n什么是城市更新？\n【产业发展】\n•推动二期开工"))
    assert [(ln.kind, ln.context) for ln in lines] == [
        (X, "代表声音"), (X, "代表声音"), (X, "链接"), (X, "链接"), (H, None), (C, None)]


# ---------------------------------------------------------------- pass 2: inline headings
@pytest.mark.parametrize(("line", "expected"), [
    ("（一）着力扩大有效投资。全年实施县级重点项目86个，完成投资152.6亿元。",
     [(H, "着力扩大有效投资"), (C, "全年实施县级重点项目86个，完成投资152.6亿元。")]),
    ("（一）坚持扩内需稳增长，经济运行稳中向好。全年地区生产总值增长5.4%。",
     [(H, "坚持扩内需稳增长，经济运行稳中向好"), (C, "全年地区生产总值增长5.4%。")]),
    ("一是坚持创新驱动。全年新增高新技术企业50家。", [(H, "坚持创新驱动"), (C, "全年新增高新技术企业50家。")]),
    ("【经济运行】全年地区生产总值增长5.4%。", [(H, "经济运行"), (C, "全年地区生产总值增长5.4%。")]),
    ("（一）着力扩大有效投资。", [(H, "着力扩大有效投资")]),
    # not headings: a numbered paragraph whose first sentence holds figures, a list of clauses, a single task
    ("（三）全年实施项目45个，完成投资31.5亿元。新增就业1200人。",
     [(C, "（三）全年实施项目45个，完成投资31.5亿元。新增就业1200人。")]),
    ("一是抓谋划储备，新入库项目23个；二是抓要素保障，盘活土地1260亩。",
     [(C, "一是抓谋划储备，新入库项目23个；二是抓要素保障，盘活土地1260亩。")]),
    ("1．加快建设云港智算中心二期，年内新增算力规模2000P。", [(C, "1．加快建设云港智算中心二期，年内新增算力规模2000P。")]),
])
def test_split_inline(line: str, expected: list[tuple[LineKind, str]]) -> None:
    got = []
    for ln in _lines(line):
        if ln.kind == H:
            a, b = ln.title()
            got.append((H, ln.text[a - ln.start : b - ln.start]))
        else:
            got.append((ln.kind, ln.text))
    assert got == expected


def test_inline_heading_offsets_point_into_the_text() -> None:
    text = "一、2024年工作回顾\n（一）着力扩大有效投资。全年实施项目86个。"
    for ln in _lines(text):
        assert text[ln.start : ln.end] == ln.text


def test_a_chapter_of_bold_leads_reads_as_headings() -> None:
    paragraphs = ["坚持项目为王，投资拉动作用持续增强。全年实施重点项目120个，完成投资156亿元，增长8.2%。",
                  "坚持创新驱动，产业结构持续优化。新增高新技术企业45家，高新技术产业产值增长12%。",
                  "坚持民生为本，群众获得感持续提升。新增城镇就业6200人，新建改扩建学校5所。"]
    lines = _lines("一、2018年工作回顾\n" + "\n".join(paragraphs))
    assert [ln.kind for ln in lines] == [H, H, C, H, C, H, C]
    two = _lines("一、2018年工作回顾\n" + "\n".join(paragraphs[:2]))
    assert [ln.kind for ln in two] == [H, C, C]  # two short leads are not yet a pattern


# ---------------------------------------------------------------- pass 3: frame, parts and years
@pytest.mark.parametrize(("head", "frame"), [
    ("临澜县人民政府工作报告\n——2025年1月9日在临澜县第十八届人民代表大会第四次会议上", Frame(2024, 2025)),
    ("政府工作报告\n——2026年1月20日在某省第十四届人民代表大会第四次会议上", Frame(2025, 2026)),
    ("某镇人民政府工作报告\n——2024年12月28日在某镇第十八届人民代表大会第五次会议上", Frame(2024, 2025)),
    ("沣阳市2024年重点工作完成情况及2025年工作安排\n沣阳市人民政府办公室", Frame(2024, 2025)),
    ("云港新区2025年《政府工作报告》重点任务分工方案", Frame(2024, 2025)),
    ("青峦日报　2025年1月12日　第03版　两会特刊", Frame(2024, 2025)),
    ("某区2024年工作总结", Frame(2024, 2025)),
    ("一、工作回顾\n全年实施项目86个。", Frame(None, None)),
])
def test_frame(head: str, frame: Frame) -> None:
    assert frame_of(classify(split_lines(head))) == frame


@pytest.mark.parametrize(("title", "frame", "expected"), [
    ("2024年工作回顾", Frame(2024, 2025), ("review", 2024)),
    ("2024年重点工作完成情况", Frame(2024, 2025), ("review", 2024)),
    ("2025年重点工作", Frame(2024, 2025), ("plan", 2025)),
    ("2026年主要工作", Frame(2025, 2026), ("plan", 2026)),
    ("2025年和“十四五”时期工作回顾", Frame(2025, 2026), ("review", 2025)),
    ("“十五五”时期的主要目标和重点任务", Frame(2025, 2026), ("plan", 2030)),
    ("今后五年的奋斗目标和主要任务", Frame(2022, 2023), ("plan", 2027)),
    ("过去五年工作回顾", Frame(2022, 2023), ("review", None)),
    ("工作基础", Frame(2024, 2025), ("review", None)),
    ("回望2024", Frame(2024, 2025), ("review", 2024)),
    ("奋进2025", Frame(2024, 2025), ("plan", 2025)),
    ("2019年主要工作", Frame(2018, 2019), ("plan", 2019)),
    ("工作的总体思路和主要任务", Frame(None, None), ("plan", None)),
    ("2022年，重点做了以下工作", Frame(None, None), ("review", 2022)),
    ("加强政府自身建设", Frame(2024, 2025), None),
])
def test_decision(title: str, frame: Frame, expected: tuple[str | None, int | None] | None) -> None:
    assert decision(title, frame) == expected


@pytest.mark.parametrize(("text", "period"), [("十四五", (2021, 2025)), ("“十五五”时期", (2026, 2030)),
                                              ("第十三个五年规划", (2016, 2020)), ("五年来", None)])
def test_five_year_period(text: str, period: tuple[int, int] | None) -> None:
    assert five_year_period(text) == period


def test_each_chapter_decides_its_part_and_year(make_doc: Callable[..., Document]) -> None:
    """A 2026 report: its review of 2025, its 十五五 chapter (targets to 2030) and its 2026 plan."""
    ol = outline(make_doc(
        "某省政府工作报告\n——2026年1月20日在某省第十四届人民代表大会第四次会议上\n"
        "一、2025年和“十四五”时期工作回顾\n全省地区生产总值增长5.2%。\n"
        "二、“十五五”时期的主要目标和重点任务\n到2030年，全省地区生产总值突破8万亿元。\n"
        "三、2026年重点工作\n（一）着力扩大有效需求。全年实施重点项目1200个。\n"
        "四、全面加强政府自身建设\n深化政务服务改革。\n"))
    parts = [(g.title, g.part, g.year) for g in ol.goals if g.level == "part"]
    assert parts == [("2025年和“十四五”时期工作回顾", "review", 2025),
                     ("“十五五”时期的主要目标和重点任务", "plan", 2030),
                     ("2026年重点工作", "plan", 2026)]
    assert (ol.review_year, ol.plan_year) == (2025, 2026)
    self_building = next(g for g in ol.goals if g.title == "全面加强政府自身建设")
    assert self_building.part == "plan" and self_building.year == 2026


def test_a_year_lead_line_opens_the_review(make_doc: Callable[..., Document]) -> None:
    ol = outline(make_doc("一图读懂政府工作报告\n2024年，全区交出这样的答卷：\n★产业体系更加完善\n新增企业45家。\n"
                          "2025年，全区将重点做好以下工作：\n★产业发展\n新增企业50家。\n"))
    assert [(g.title, g.part) for g in ol.goals if g.level == "part"] == [
        ("2024年，全区交出这样的答卷", "review"), ("2025年，全区将重点做好以下工作", "plan")]


def test_a_cue_line_inside_a_chapter_of_its_part_is_a_heading(make_doc: Callable[..., Document]) -> None:
    ol = outline(make_doc("二、2025年工作安排\n今年经济社会发展的主要预期目标是：地区生产总值增长6%左右。\n"
                          "今年重点抓好以下工作：\n（一）扩大有效投资。全年实施项目90个。\n"))
    assert [(g.title, g.level) for g in ol.goals] == [("2025年工作安排", "part"), ("今年重点抓好以下工作", "chapter"),
                                                       ("扩大有效投资", "section")]


def test_a_review_chapter_that_names_key_work(make_doc: Callable[..., Document]) -> None:
    ol = outline(make_doc("某市2024年重点工作完成情况及2025年工作安排\n一、2024年重点工作完成情况\n全年新增企业123家。\n"
                          "二、2025年工作安排\n新增企业100家以上。\n"))
    assert [(g.title, g.part) for g in ol.goals] == [("2024年重点工作完成情况", "review"), ("2025年工作安排", "plan")]


def test_without_part_headings_paragraphs_open_the_parts(make_doc: Callable[..., Document]) -> None:
    ol = outline(make_doc("过去一年，全区地区生产总值增长5.2%。\n新建口袋公园12个。\n"
                          "今年，全区将新建口袋公园15个。\n完成老旧小区改造40个。\n"))
    assert [s.part for s in ol.statements if s.parent is None] == ["review", "review", "plan", "plan"]


def test_without_any_cue_the_tense_splits_the_parts(make_doc: Callable[..., Document]) -> None:
    ol = outline(make_doc(
        "全区新建口袋公园12个，完成了老旧小区改造30个。\n建成社区食堂8处，新增城镇就业2.1万人，同比增长3%。\n"
        "完成固定资产投资120亿元，比上年增长6%。\n"
        "将加快建设社区食堂，力争新增养老床位500张。\n持续推进老旧小区改造，确保完成改造40个。\n"
        "力争固定资产投资增长7%，推动重点项目加快建设。\n"))
    assert [s.part for s in ol.statements if s.parent is None] == ["review"] * 3 + ["plan"] * 3


# ---------------------------------------------------------------- pass 4: the tree
def test_tables_give_one_statement_per_row(make_doc: Callable[..., Document]) -> None:
    ol = outline(make_doc(
        "一、主要指标完成情况\n表1 主要指标\n| 指标 | 2024年完成 | 同比增长 |\n|---|---|---|\n"
        "| 地区生产总值 | 3865.2亿元 | 5.8% |\n| 城镇登记失业率 | 2.6% | — |\n"
        "二、重大项目\n项目名称              总投资（亿元）    2024年进展\n"
        "沣阳东站综合交通枢纽    56.8              主体结构封顶\n市第一人民医院南院区    18.5              竣工投用\n"))
    rows = [s.text for s in ol.statements]
    assert rows == ["地区生产总值|3865.2亿元|5.8%", "城镇登记失业率|2.6%|—", "沣阳东站综合交通枢纽|56.8|主体结构封顶",
                    "市第一人民医院南院区|18.5|竣工投用"]
    assert [t.caption for t in ol.tables] == ["表1主要指标", None]
    assert [[c.text for c in t.header] for t in ol.tables] == [["指标", "2024年完成", "同比增长"],
                                                               ["项目名称", "总投资（亿元）", "2024年进展"]]
    assert all(len(r.cells) == 3 for t in ol.tables for r in t.rows)
    assert not any(g.title.startswith("|") or "表1" in g.title for g in ol.goals)


def test_table_columns_of_a_task_division_plan_are_assignments(make_doc: Callable[..., Document]) -> None:
    ol = outline(make_doc("二、重点任务\n| 序号 | 重点任务 | 牵头单位 | 完成时限 |\n|---|---|---|---|\n"
                          "| 1 | 建成区人民医院新院区 | 区卫生健康委 | 2025年12月底 |\n"))
    assert [(a.role, a.text) for a in ol.assignments] == [("lead", "区卫生健康委"), ("deadline", "2025年12月底")]


def test_contexts_are_neither_goals_nor_statements(make_doc: Callable[..., Document]) -> None:
    doc = make_doc("▍回望2024\n【经济运行】\n•地区生产总值达到1286.5亿元\n记者观察：\n员工从一百多人增加到三百多人。\n"
                   "▍奋进2025\n【产业发展】\n•推动智造港二期开工\n链接：\n什么是城市更新？\n"
                   "附件：名词解释\n1．新质生产力：先进生产力。\n")
    ol = outline(doc)
    assert [(c.kind, c.part) for c in ol.contexts] == [("记者观察", "review"), ("链接", "plan"), ("附件", "plan")]
    assert [s.text for s in ol.statements] == ["地区生产总值达到1286.5亿元", "推动智造港二期开工"]
    for c in ol.contexts:
        assert c.span.slice(doc.text) == c.text


def test_clauses_split_at_semicolons_and_drop_a_target_lead_in(make_doc: Callable[..., Document]) -> None:
    ol = outline(make_doc("二、2025年重点工作\n今年经济社会发展的主要预期目标是：地区生产总值增长6%左右；"
                          "城镇调查失业率控制在5.5%以内；粮食产量不低于24万吨。\n"))
    assert [s.text for s in ol.leaves()] == ["地区生产总值增长6%左右；", "城镇调查失业率控制在5.5%以内；", "粮食产量不低于24万吨。"]


def test_a_plan_sentence_with_a_later_horizon_dates_its_targets(make_doc: Callable[..., Document]) -> None:
    from govkg.pipeline import run_extraction

    doc = make_doc("二、2026年重点工作\n到2028年，建成5G基站2万个。新增学位8000个。\n")
    x = run_extraction(doc)
    assert [(m.raw, m.year) for m in x.metrics] == [("2万个", 2028), ("8000个", None)]
    assert x.outline.goals[0].year == 2026  # the second target takes its goal's year


@pytest.mark.parametrize(("text", "kinds"), [
    ("1．做强先进制造业\n推动产业集群营业收入增长10%以上。", [H, C]),
    ("①新建口袋公园12个\n②完成老旧小区改造30个", [C, C]),
    ("①优化营商环境\n②扩大有效投资\n③保障改善民生", [C, C, C]),
    ("（1）新增学位2000个\n新建学校3所。", [C, C]),
])
def test_numbered_lines_are_headings_only_over_their_own_text(text: str, kinds: list[LineKind]) -> None:
    assert [ln.kind for ln in classify(split_lines(text))] == kinds


def test_a_glossary_box_between_sections_ends_at_the_next_heading(make_doc: Callable[..., Document]) -> None:
    ol = outline(make_doc("【2024年成绩单】\n■产业发展\n①新增高新技术企业45家\n名词解释\n◎科创走廊：以研发为主的功能区。\n"
                          "■城市建设\n①新建口袋公园12个\n【2025年怎么干】\n■民生保障\n①新增学位2000个\n"))
    assert [c.kind for c in ol.contexts] == ["名词解释"]
    assert [s.text for s in ol.statements] == ["新增高新技术企业45家", "新建口袋公园12个", "新增学位2000个"]
    assert [(g.title, g.part) for g in ol.goals if g.level == "part"] == [("2024年成绩单", "review"), ("2025年怎么干", "plan")]
    assert [g.title for g in ol.goals if g.level != "part"] == ["产业发展", "城市建设", "民生保障"]


def test_a_lead_that_states_figures_is_read(make_doc: Callable[..., Document]) -> None:
    """A newspaper's lead before the first part: its words about the session are not results, its figures are."""
    doc_text = ("某区政府工作报告要点\n本报讯　1月10日，某区人民代表大会开幕。报告显示，去年全区地区生产总值增长5.2%，"
                "新增城镇就业1.2万人。\n一、2024年工作回顾\n新建口袋公园12个。\n二、2025年重点工作\n新建口袋公园15个。\n")
    ol = outline(make_doc(doc_text))
    assert [(c.kind, c.part) for c in ol.contexts if c.kind != "报头"] == [("导语", "review")]
    assert not [s for s in ol.statements if s.text.startswith("本报讯")]
    from govkg.pipeline import run_extraction

    x = run_extraction(make_doc(doc_text))
    lead = next(c.id for c in x.outline.contexts if c.kind == "导语")
    assert [(m.raw, m.statement) for m in x.metrics][:2] == [("5.2%", lead), ("1.2万人", lead)]
    short = outline(make_doc("某区政府工作报告要点\n本报讯　1月10日，某区人民代表大会开幕。\n一、2024年工作回顾\n新建口袋公园12个。\n"))
    assert [s.text for s in short.statements] == ["新建口袋公园12个。"]  # a lead with no figures is not a result


def test_table_numbers_take_year_kind_and_unit_from_the_header(make_doc: Callable[..., Document]) -> None:
    from govkg.pipeline import run_extraction

    x = run_extraction(make_doc(
        "某市2024年重点工作完成情况及2025年工作安排\n一、主要指标\n| 指标 | 单位 | 2024年完成 | 2025年目标 |\n|---|---|---|---|\n"
        "| 地区生产总值 | 亿元 | 3865.2 | 4000以上 |\n| 城镇调查失业率 | % | 5.1 | 5.5左右 |\n"
        "二、重大项目\n项目名称              总投资（亿元）    2024年进展\n沣阳东站综合交通枢纽    56.8              主体结构封顶\n"
        "华芯微电子晶圆制造项目  210               设备搬入\n"))
    got = [(m.raw, str(m.value), m.unit, m.year, m.kind, m.qualifier) for m in x.metrics]
    assert got == [
        ("3865.2", "386520000000", "元", 2024, "achieved", None),
        ("4000以上", "400000000000", "元", 2025, "target", "at_least"),
        ("5.1", "5.1", "%", 2024, "achieved", None),
        ("5.5左右", "5.5", "%", 2025, "target", "about"),
        ("56.8", "5680000000", "元", None, None, None),
        ("210", "21000000000", "元", None, None, None),
    ]
    assert all(m.measure.startswith(("地区生产总值", "城镇调查失业率", "沣阳东站", "华芯")) for m in x.metrics)


def test_a_place_a_sidebar_quotes_is_not_the_reports_region(make_doc: Callable[..., Document]) -> None:
    from govkg.pipeline import run_extraction

    x = run_extraction(make_doc("▍回望2024\n【城市建设】\n•新建口袋公园18个\n代表声音：\n“这里是老城区，盼改造盼了十几年。”\n"
                                "“老城区的居民最关心停车。”\n▍奋进2025\n【城市建设】\n•新建口袋公园20个\n"))
    assert x.region != "老城区" and (x.meta is None or x.meta.region != "老城区")
