"""Issue 11's wrong entities must not come back: each case is a sentence of our own with the kind of error the issue
saw on real reports, the names that must not be extracted and, where the text has one, the name that must."""

from __future__ import annotations

import pytest

from govkg.pipeline import run_extraction
from govkg.read import from_text

#: (what went wrong, report text, names that must not be entities, names that must)
CASES = [
    ("generic sectors", "二、2025年重点工作\n推动工业提质增效，持续改善人居环境，做强实体经济。\n", ["工业", "环境", "实体经济"], []),
    ("generic programmes", "二、2025年重点工作\n办好民生实事，深入实施城市更新行动，扩大社会保险覆盖面。\n",
     ["民生实事", "城市更新行动", "社会保险"], []),
    ("slogans", "二、2025年重点工作\n聚焦产业强县、生态立县、民生兴县，奋力推动高质量发展。\n", ["产业强县", "生态立县", "民生兴县"], []),
    ("an alias inside a number", "一、2024年工作回顾\n全市地区生产总值达到1.22万亿元，增长5.1%。\n", ["万亿"], []),
    ("a place inside a longer word", "二、2025年重点工作\n主动融入南昌都市圈，深化区域合作。\n", ["昌都市"], []),
    ("a leading verb", "一、2024年工作回顾\n与省农业大学合作共建县茶叶研究院，新区争创国家级生态工业园区。\n",
     ["省农业大学合作共建县茶叶研究院", "新区争创国家级生态工业园区"], ["县茶叶研究院"]),
    ("a leading particle", "一、2024年工作回顾\n这里也是鹭洲国际会展中心的所在地。\n", ["也是鹭洲国际会展中心"], ["鹭洲国际会展中心"]),
    ("a time word after a name", "二、2025年重点工作\n确保县人民医院新院区年底建成。\n", ["县人民医院新院区年底"], ["县人民医院新院区"]),
    ("a declared short form", "二、2025年重点工作\n组建鹭城城市建设投资有限公司（以下简称“城投公司”），新建安置房1200套。\n",
     ["鹭城城市建设投资有限公司以下简称城投公司"], ["鹭城城市建设投资有限公司"]),
    ("a session cut after its ordinal", "一、2024年工作回顾\n较好完成了县十六届人大二次会议确定的目标任务。\n",
     ["届人大二次会议"], ["县十六届人大二次会议"]),
    ("a route, not a name", "一、2024年工作回顾\n鹭溪公路（东坪至西坪段）竣工通车，上坪村至下坪村道路硬化2公里。\n",
     ["东坪至西坪段", "上坪村至下坪村"], ["鹭溪公路"]),
    ("a threshold", "一、2024年工作回顾\n新引进亿元以上项目28个，培育千亿级产业集群2个。\n", ["亿元以上", "千亿级", "千亿级产业集群"], []),
    ("a place's own facility", "一、2024年工作回顾\n鹭溪镇污水处理站8月投入运行，镇卫生院综合楼完成主体施工。\n", [],
     ["鹭溪镇污水处理站", "镇卫生院综合楼"]),
    ("another region's zone", "二、2025年重点工作\n推进临港产业园建设，学习先行地区经验。\n", ["临港新片区"], []),
    ("a building verb before a level word", "二、2025年重点工作\n建成区第三人民医院住院综合楼，新增床位300张。\n",
     ["建成区第三人民医院住院综合楼"], ["区第三人民医院住院综合楼"]),
    ("another city's hotline by its short name", "二、2025年重点工作\n畅通12345热线，提升诉求办理水平。\n",
     ["北京市12345市民服务热线", "12345热线"], []),
    ("a place's name before a national programme's", "一、2024年工作回顾\n云州自贸试验区新增制度创新成果25项。\n",
     ["自由贸易试验区"], ["云州自贸试验区"]),
    ("an example named by its level", "一、2024年工作回顾\n数字政府建设获评全省优秀案例。\n", ["优秀案例", "全省优秀案例"], []),
    ("what a verb qualifies, after the host", "一、2024年工作回顾\n鹭溪生物医药产业园入驻企业突破120家。\n", [],
     ["鹭溪生物医药产业园"]),
    ("a verb opening a list of crops", "一、2024年工作回顾\n发展花椒、核桃等特色产业，农民收入稳步增长。\n", ["发展花椒"], []),
    ("a word of a designation's title", "一、2024年工作回顾\n鹭溪镇茶叶专业合作社获评国家农民合作社示范社。\n",
     ["国家农民合作社", "茶叶专业合作社"], ["鹭溪镇茶叶专业合作社", "国家农民合作社示范社"]),
    ("a year written into a programme's name", "二、2025年重点工作\n实施2030启航计划，培育青年创业人才。\n",
     ["启航计划"], ["2030启航计划"]),
    ("a year's word cut into a name", "望江街道2024年工作总结和2025年工作计划\n二、2025年工作计划\n新增就业岗位800个。\n",
     ["年工作计划", "工作计划"], []),
    ("a name cut at a joiner inside a word", "一、2024年工作回顾\n新创建和美乡村示范村12个，普及推广鹭溪模式和鹭岭经验。\n",
     ["美乡村示范村", "推广鹭溪模式"], ["和美乡村"]),
    ("a product's size cut from a name", "二、2025年重点工作\n推动鹭芯半导体12英寸晶圆制造项目投产，建设8英寸功率器件产线。\n",
     ["英寸晶圆制造项目", "英寸功率器件产线"], ["鹭芯半导体12英寸晶圆制造项目"]),
    ("a counted kind before its class word", "一、2024年工作回顾\n实施工业技术改造项目52个，鹭溪产业园新建厂房3栋。\n",
     ["工业技术改造", "技术改造"], ["鹭溪产业园"]),
    ("a clause glued before a body", "二、2025年重点工作\n于每季度末将进展情况报送县发展改革委，企业办事“不出园区”。\n",
     ["进展情况报送县发展改革委", "不出园区"], ["县发展改革委"]),
    ("a rate of a verb, not a name before the verb", "一、2024年工作回顾\n鹭溪园区入驻率达到90%。\n", ["鹭溪园区入驻"],
     ["鹭溪园区"]),
]


@pytest.mark.parametrize(("what", "text", "wrong", "right"), CASES, ids=[c[0] for c in CASES])
def test_wrong_entity_does_not_come_back(what: str, text: str, wrong: list[str], right: list[str]) -> None:
    x = run_extraction(from_text(text, "case.txt"))
    names = {e.name for e in x.entities} | {a for e in x.entities for a in e.aliases}
    assert not (set(wrong) & names), (what, sorted(names))
    assert set(right) <= names, (what, sorted(names))


def test_a_company_gets_no_project_stage() -> None:
    x = run_extraction(from_text("一、2024年工作回顾\n鹭城银行新总部大楼开工建设，鹭城实验小学新校区建成投用。\n", "case.txt"))
    staged = {s.entity for s in x.statuses}
    assert "鹭城银行" not in staged
    assert any("新校区" in e or "新总部大楼" in e for e in staged)


def test_a_count_of_what_follows_is_not_about_the_place_before_it() -> None:
    x = run_extraction(from_text("一、2024年工作回顾\n鹭溪镇建成21座消防站，鹭城体育场、20处全民健身场地投入使用。\n", "case.txt"))
    about = {m.raw: m.about for m in x.metrics}
    assert about["21座"] is None and about["20处"] is None


@pytest.mark.parametrize(("text", "designation"), [
    ("一、2024年工作回顾\n鹭城经济开发区成功获评省级绿色园区。\n", "省级绿色园区"),
    ("一、2024年工作回顾\n鹭城汽车零部件产业集群入选国家先进制造业集群。\n", "国家先进制造业集群"),
    ("一、2024年工作回顾\n东坪村入选省级美丽宜居村庄。\n", "省级美丽宜居村庄"),
])
def test_a_title_of_a_level_after_a_designation_verb_is_a_programme(text: str, designation: str) -> None:
    x = run_extraction(from_text(text, "case.txt"))
    assert any(e.name == designation and e.type == "Program" for e in x.entities)


def test_counted_list_items_are_kinds() -> None:
    x = run_extraction(from_text("一、2024年工作回顾\n建成扶贫车间36个、光伏扶贫电站18座。\n", "case.txt"))
    assert not {"扶贫车间", "光伏扶贫电站"} & {e.name for e in x.entities}


def test_a_declared_short_form_is_an_alias_of_the_name_before_it() -> None:
    x = run_extraction(from_text("一、2024年工作回顾\n鹭城高新技术产业开发区（以下简称“鹭城高新区”）新引进项目30个。"
                                 "鹭城高新区获评省级绿色园区。\n", "case.txt"))
    zone = next(e for e in x.entities if e.name == "鹭城高新技术产业开发区")
    assert "鹭城高新区" in zone.aliases and len(zone.mentions) >= 2
    assert not [e for e in x.entities if e.name == "鹭城高新区"]


@pytest.mark.parametrize(("text", "feature", "present"), [
    ("二、2025年重点工作\n推进鹭河生态廊道二期建设。\n", "鹭河", True),
    ("一、2024年工作回顾\n翠屏山茶旅融合示范带建成开放。\n", "翠屏山", True),
    ("一、2024年工作回顾\n白鹭湖科教创新区新集聚研发机构17个。\n", "白鹭湖", False),  # the lake only lends the zone its name
    ("一、2024年工作回顾\n星湖街东延段建成通车。\n", "星湖", False),  # a street's name, not a lake
])
def test_a_river_or_mountain_a_work_is_done_on_is_an_area(text: str, feature: str, present: bool) -> None:
    x = run_extraction(from_text(text, "case.txt"))
    assert (feature in {e.name for e in x.entities if e.type == "Area"}) is present


def test_a_city_scoped_entry_matches_in_its_own_city() -> None:
    text = "北京市通州区2025年政府工作报告\n二、2025年重点工作\n畅通12345热线，提升诉求办理水平。\n"
    names = {e.name for e in run_extraction(from_text(text, "case.txt")).entities}
    assert "北京市12345市民服务热线" in names


def test_the_session_cited_in_the_opening_words_is_an_event() -> None:
    """A plan's opening words (为抓好…会议审议通过的…) are no task, but the session they cite is the report's own."""
    text = ("鹭溪区2025年政府工作报告重点任务分工方案\n为抓好区第六届人民代表大会第五次会议审议通过的《政府工作报告》确定的各项任务，"
            "现将2025年重点任务分工如下。\n一、推动产业升级\n1.建成鹭溪科创中心。\n牵头单位：区科技局\n")
    x = run_extraction(from_text(text, "case.txt"))
    events = {e.name for e in x.entities if e.type == "Event"}
    assert "区第六届人民代表大会第五次会议" in events
    opening = [c for c in x.outline.contexts if c.kind == "开篇"]
    assert len(opening) == 1 and "审议通过" in opening[0].text
    assert not any("审议通过" in s.text for s in x.outline.statements)
