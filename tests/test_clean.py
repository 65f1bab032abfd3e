"""govkg.clean: PDF artefacts removed, broken lines joined, widths normalised, and the offset map to the raw text."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest

from govkg.clean import clean
from govkg.errors import InputError
from govkg.models import Document
from govkg.pipeline import bundled_report
from govkg.read import read

DATA = Path(__file__).parent / "data"
ALL_INPUTS = sorted((DATA / "fragments").glob("*.txt")) + sorted((DATA / "reports").glob("*.txt")) + [bundled_report()]


def _cleaned(path: Path) -> Document:
    return clean(read(path))


# ---------------------------------------------------------------- EXPECTED.md
def test_fragment_cleaned(fragment: Path, expected_cleaned: list[str]) -> None:
    assert _cleaned(fragment).text.split("\n") == expected_cleaned


def test_fragment_names_not_broken(fragment: Path, expected_entities: list[str]) -> None:
    """Names broken across physical lines come out whole, each on one logical line."""
    lines = _cleaned(fragment).text.split("\n")
    for name in expected_entities:
        assert any(name in line for line in lines), name


# ---------------------------------------------------------------- the offset map
def _same_char(raw_char: str, clean_char: str) -> bool:
    """The cleaned char is the raw one, or its width-folded (NFKC) form; any raw space may become ' '."""
    if raw_char == clean_char:
        return True
    if clean_char == " " and raw_char.isspace():
        return True
    return unicodedata.normalize("NFKC", raw_char) == clean_char


@pytest.mark.parametrize("path", ALL_INPUTS, ids=[p.name for p in ALL_INPUTS])
def test_offsets_point_at_the_raw_char(path: Path) -> None:
    try:
        doc = _cleaned(path)
    except InputError as exc:  # an unreadable fragment is test_read's business
        pytest.skip(f"cannot read {path.name}: {exc}")
    text, raw, offsets = doc.text, doc.raw, doc.raw_offsets
    assert len(offsets) == len(text) + 1
    for i, c in enumerate(text):
        if c == "\n":
            continue
        assert 0 <= offsets[i] < len(raw), (i, c)
        assert _same_char(raw[offsets[i]], c), f"text[{i}]={c!r} but raw[{offsets[i]}]={raw[offsets[i]]!r}"
    assert 0 <= offsets[-1] <= len(raw)


@pytest.mark.parametrize("path", ALL_INPUTS, ids=[p.name for p in ALL_INPUTS])
def test_offsets_keep_reading_order(path: Path) -> None:
    """Cleaning deletes and joins; it never reorders: raw offsets of the kept chars strictly increase."""
    try:
        doc = _cleaned(path)
    except InputError as exc:
        pytest.skip(f"cannot read {path.name}: {exc}")
    kept = [doc.raw_offsets[i] for i, c in enumerate(doc.text) if c != "\n"]
    assert all(a < b for a, b in pairwise(kept))
    assert all(a <= b for a, b in pairwise(doc.raw_offsets))


def test_raw_span_and_line(make_doc: Callable[..., Document]) -> None:
    from govkg.models import Span

    doc = make_doc("2024年主要任务\n\n○新建口袋公园１２个，\n打通断头路8条。\n")
    start = doc.text.index("新建")
    end = doc.text.index("。") + 1
    span = Span(start=start, end=end)
    assert span.slice(doc.text) == "新建口袋公园12个，打通断头路8条。"
    rs, re_ = doc.raw_span(span)
    assert doc.raw[rs:re_] == "新建口袋公园１２个，\n打通断头路8条。"
    assert doc.raw_line(span) == 3


# ---------------------------------------------------------------- the pdf-artefacts report against its gold
def test_pdf_artefacts_dropped_lines_leave_nothing() -> None:
    """No cleaned char comes from a dropped line (page number, running header) or a stripped heading digit."""
    gold = json.loads((DATA / "gold" / "pdf-artefacts.gold.json").read_text(encoding="utf-8"))
    doc = _cleaned(DATA / "reports" / "pdf-artefacts.txt")
    starts = [0]
    for line in doc.raw.split("\n"):
        starts.append(starts[-1] + len(line) + 1)

    def line_of(raw_index: int) -> int:
        return next(n for n in range(1, len(starts)) if raw_index < starts[n])

    used = {line_of(doc.raw_offsets[i]) for i, c in enumerate(doc.text) if c != "\n"}
    dropped = set(gold["document"]["dropped_lines"])
    assert not used & dropped, sorted(used & dropped)
    for line_no, digits in gold["document"]["stripped_tails"].items():
        line_end = starts[int(line_no)] - 1  # index of the line's newline
        tail = range(line_end - len(digits), line_end)
        assert doc.raw[tail.start : tail.stop] == digits
        kept = {doc.raw_offsets[i] for i, c in enumerate(doc.text) if c != "\n"}
        assert not set(tail) & kept


def test_pdf_artefacts_every_gold_title_and_item_is_inside_one_line() -> None:
    """The reference cleaner yields every gold title and item of pdf-artefacts inside one logical line."""
    gold = json.loads((DATA / "gold" / "pdf-artefacts.gold.json").read_text(encoding="utf-8"))
    lines = _cleaned(DATA / "reports" / "pdf-artefacts.txt").text.split("\n")
    wanted = [o["title"] for o in gold["outline"] if o["title"]] + [it for o in gold["outline"] for it in o["items"]]
    missing = [w for w in wanted if not any(w in line for line in lines)]
    assert missing == []


# ---------------------------------------------------------------- single behaviours, on our own lines
def test_ascii_spaces_inside_chinese_removed(make_doc: Callable[..., Document]) -> None:
    doc = make_doc("全区 新增 科技型企业 37 个，总投资 126.5 亿元。\n")
    assert doc.text == "全区新增科技型企业37个，总投资126.5亿元。"


def test_fullwidth_digits_and_percent(make_doc: Callable[..., Document]) -> None:
    doc = make_doc("○城镇调查失业率控制在５．５％以内，新增就业１．２万人。\n")
    assert doc.text == "○城镇调查失业率控制在5.5%以内，新增就业1.2万人。"


def test_number_broken_from_its_unit(make_doc: Callable[..., Document]) -> None:
    doc = make_doc("全年完成城市道路大修\n32\n公里，新建公共充电桩\n1500\n\n个。\n")
    assert doc.text == "全年完成城市道路大修32公里，新建公共充电桩1500个。"


def test_page_number_forms_dropped(make_doc: Callable[..., Document]) -> None:
    doc = make_doc("新增城市绿地\n- 12 -\n85公顷，\n第 13 页\n建成口袋公园\n— 14 —\n20个。\n15\n")
    assert doc.text == "新增城市绿地85公顷，建成口袋公园20个。"


def test_running_header_dropped_everywhere(make_doc: Callable[..., Document]) -> None:
    header = "青溪区年度工作要点"
    text = "\n".join(
        [
            header,
            "★营商环境持续优化",
            "新设市场主体8200户。",
            header,
            "★开放水平稳步提升",
            "新增外资企业35家。",
            header,
            "实际使用外资增长9.6%。",
        ]
    )
    doc = make_doc(text)
    assert header not in doc.text
    assert doc.text.split("\n") == [
        "★营商环境持续优化",
        "新设市场主体8200户。",
        "★开放水平稳步提升",
        "新增外资企业35家。",
        "实际使用外资增长9.6%。",
    ]


def test_lines_are_stripped_and_nonempty(make_doc: Callable[..., Document]) -> None:
    doc = make_doc("  过去一年主要成绩：  \n\n\n  •新建5G基站1300个。\n\n")
    assert doc.text.split("\n") == ["过去一年主要成绩：", "•新建5G基站1300个。"]


def test_crlf_and_lf_clean_alike(make_doc: Callable[..., Document]) -> None:
    text = "今年重点工作\n——新增上市企业不少于5家，培育专精特新\n企业30家。\n"
    assert make_doc(text.replace("\n", "\r\n")).text == make_doc(text).text


def test_every_report_cleans_to_nonempty_stripped_lines() -> None:
    for path in sorted((DATA / "reports").glob("*.txt")) + [bundled_report()]:
        lines = _cleaned(path).text.split("\n")
        assert all(line and line == line.strip() for line in lines), path.name


ONE_LINE_REPORT = [
    "临澜县人民政府工作报告",
    "——2025年1月9日在临澜县第十八届人民代表大会第四次会议上",
    "县长　周启航",
    "各位代表：现在，我代表县人民政府，向大会报告工作，请予审议。",
    "一、2024年工作回顾",
    "过去的一年，我们紧紧依靠全县人民，较好完成了年度目标任务。",
    "（一）着力扩大有效投资。全年实施县级重点项目86个，完成投资152.6亿元。新建标准厂房21万平方米。",
    "（二）持续增进民生福祉。城镇新增就业4120人，新建口袋公园12个，改造老旧小区28个。",
    "二、2025年重点工作",
    "今年是“十四五”规划收官之年。主要预期目标是：地区生产总值增长6%左右，城镇新增就业4000人以上。",
    "（一）全力扩大有效需求。计划实施县级重点项目90个，年度计划投资160亿元。加快澜江二桥建设。",
    "（二）办好民生实事。新建改建学校3所，新增学位2400个，新建高标准农田2.5万亩。",
    "各位代表！让我们团结一心，为全面建设现代化临澜而努力奋斗！",
]  # written for this test


def test_a_report_without_line_breaks_is_read_by_its_own_markers() -> None:
    """A Word or PDF conversion that lost every line break: the markers that open lines (一、 （一） 各位代表, the
    byline, a part heading) cut it again, and it reads as the same report."""
    from govkg.pipeline import run_extraction
    from govkg.read import from_text

    body = ONE_LINE_REPORT[:4] + ONE_LINE_REPORT[4:-1] * 5 + ONE_LINE_REPORT[-1:]  # 1,500 characters on one line
    multi = run_extraction(from_text("\n".join(body), "multi.txt"))
    one = run_extraction(from_text("".join(body), "one.txt"))
    assert one.meta is not None and (one.meta.region, one.meta.plan_year) == ("临澜县", 2025)
    assert len(one.outline.statements) >= 0.8 * len(multi.outline.statements)
    assert len(one.metrics) >= 0.8 * len(multi.metrics)
    titles = [g.title for g in one.outline.goals]
    assert "着力扩大有效投资" in titles and "办好民生实事" in titles
    for s in one.outline.statements:  # spans still quote the text
        assert s.span.slice(one.document.text) == s.text


ONE_LINE_TASK_PLAN = [
    "澄湖区2025年政府工作报告重点任务分工方案",
    "澄湖区人民政府办公室",
    "2025年2月14日",
    "为抓好区第五届人民代表大会第四次会议审议通过的政府工作报告的落实，现将重点任务分工如下。",
    "一、工作基础",
    "2024年，全区地区生产总值增长6.1%；新建保障性住房820套；澄湖科创园一期建成投用。",
    "二、重点任务",
    "（一）产业发展",
    "1．推动澄湖科创园二期开工建设，年内引进科技企业30家。",
    "牵头单位：区发展改革委",
    "完成时限：2025年12月底",
    "2．新建充电桩1200个，新增公共停车泊位3000个。",
    "牵头单位：区城管委",
    "完成时限：2025年11月底",
    "（二）民生保障",
    "3．新增中小学学位2600个，改造老旧小区15个。",
    "牵头单位：区教委",
    "完成时限：2025年9月1日",
    "|指标|目标|",
    "|---|---|",
    "|学位|2600个|",
    "|老旧小区|15个|",
    "三、工作要求",
    "各牵头单位要细化措施，按季度报送进展情况。",
]  # written for this test


def test_a_task_plan_without_line_breaks_keeps_its_title_block_chapters_and_table() -> None:
    """A task-division plan run into one line: the issuer and its date between the title and the text are cut out,
    a chapter's heading run into its first sentence (一、工作基础2024年，…) or into its first section's marker is cut
    after its title, a section marker after 完成时限 opens a line, and a pipe table's rows (|…||…|) are rows again."""
    from govkg.clean import clean
    from govkg.pipeline import run_extraction
    from govkg.read import from_text

    tasks = "".join(ONE_LINE_TASK_PLAN[7:14])
    text = "".join(ONE_LINE_TASK_PLAN).replace(tasks, tasks * 8, 1)  # over 1,000 characters, on one line
    lines = clean(from_text(text, "one.txt")).text.split("\n")
    for line in ("澄湖区2025年政府工作报告重点任务分工方案", "澄湖区人民政府办公室", "2025年2月14日", "一、工作基础",
                 "三、工作要求", "（二）民生保障", "|指标|目标|", "|---|---|", "|老旧小区|15个|"):
        assert line in lines, line
    one = run_extraction(from_text(text, "one.txt"))
    assert one.meta is not None and (one.meta.region, one.meta.plan_year) == ("澄湖区", 2025)
    assert one.meta.evidence["region"] == "title"
    titles = [g.title for g in one.outline.goals]
    assert {"工作基础", "重点任务", "产业发展", "民生保障", "工作要求"} <= set(titles), titles
