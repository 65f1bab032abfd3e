"""govkg.quality: reading figures, warnings as values, the build line, and the rule for what is a report at all."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATA, REPORTS, SHARED, skip_or_fail
from rdflib import Literal
from rdflib.namespace import RDF, XSD
from typer.testing import CliRunner

from govkg import quality
from govkg import vocab as V
from govkg.check import check
from govkg.clean import clean
from govkg.cli import app
from govkg.errors import StructureError
from govkg.graph import build, report_iri
from govkg.models import Extraction, Goal, Outline, Span, Statement
from govkg.outline import outline
from govkg.pipeline import Built, run_extraction
from govkg.read import from_text, read

WARNING_LINE = re.compile(r"^govkg: warning: (?P<name>[^:]+):(?P<line>\d+): (?P<message>\S.*)$")


# ---------------------------------------------------------------- headings that carry a paragraph
PARAGRAPH_HEADINGS = [
    "着力扩大有效投资。全年实施县级重点项目86个，完成投资152.6亿元",  # dev-01: heading and body on one line
    "产业转型步伐加快。鹤川高新技术产业开发区（以下",  # a PDF line break cut the swallowed paragraph short
    "这是什么？这是一个问题",
    "真好！继续",
    "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展",  # 46 characters
]
REAL_HEADINGS = [
    "2024年工作回顾",
    "着力扩大有效投资。",  # a sentence end at the end is a heading's full stop
    "国家绿色发展示范区深入推进，绿色低碳转型迈出新步伐",  # the longest heading of the shared gold (25)
    "聚焦民生保障基础，扎实推动民生福祉再上新台阶",
    "<script>alert(1)</script>推进重点工程<!--",  # ASCII '!' is not a sentence end
    "一" * quality.HEADING_MAX,
    "",
]


@pytest.mark.parametrize("title", PARAGRAPH_HEADINGS)
def test_a_heading_that_swallowed_a_paragraph_is_told(title: str) -> None:
    assert quality.carries_paragraph(title)


@pytest.mark.parametrize("title", REAL_HEADINGS)
def test_a_heading_is_not_a_paragraph(title: str) -> None:
    assert not quality.carries_paragraph(title)


def _extraction(text: str, goals: list[tuple[str, str]], statements: list[tuple[str, str]]) -> Extraction:
    """An extraction by hand: goals and statements given as (id, text found in `text`), so that the reading does not
    depend on how the outline reads the text today."""
    doc = clean(from_text(text, "hand.txt"))

    def span(piece: str) -> Span:
        start = doc.text.index(piece)
        return Span(start=start, end=start + len(piece))

    first = doc.text.split("\n", 1)[0]  # the part heading: 2024年重点工作
    part = Goal(id="plan", title=first, level="part", part="plan", span=span(first))
    gs = [part] + [Goal(id=i, title=t, level="chapter", part="plan", span=span(t), parent="plan", marker=m)
                   for i, t, m in ((i, t, doc.text[span(t).start - 3 : span(t).start]) for i, t in goals)]
    ss = [Statement(id=i, text=t, span=span(t), goal=gs[-1].id, part="plan") for i, t in statements]
    return Extraction(document=doc, outline=Outline(goals=gs, statements=ss, plan_year=2024, review_year=2023))


SWALLOWED = ("2024年重点工作\n"
             "（一）着力扩大有效投资。全年实施县级重点项目86个，完成投资152.6亿元。\n"
             "（二）推动乡村振兴\n"
             "新建高标准农田3.2万亩。\n")


def test_a_swallowed_paragraph_gives_warnings_with_lines() -> None:
    heading = "着力扩大有效投资。全年实施县级重点项目86个，完成投资152.6亿元。"
    x = _extraction(SWALLOWED, [("plan-1", heading), ("plan-2", "推动乡村振兴")], [("plan-2.1", "新建高标准农田3.2万亩。")])
    r = quality.reading(x)
    codes = {w.code: w for w in r.warnings}
    assert set(codes) == {"heading-paragraph", "low-coverage", "unread-quantities"}, r.warnings
    assert codes["heading-paragraph"].line == 2
    assert f"({len(heading)} characters)" in codes["heading-paragraph"].message
    assert codes["low-coverage"].line == 2  # the first line with unread text
    # no metric was read: all three numbers with units are unread, each with its raw line
    assert r.unread_count == 3
    assert [(q.raw, q.line) for q in r.unread] == [("86个", 2), ("152.6亿元", 2), ("3.2万亩", 4)]
    assert codes["unread-quantities"].line == 2
    assert "86个 (line 2)" in codes["unread-quantities"].message
    assert r.coverage < quality.COVERAGE_THRESHOLD
    assert [w.line for w in r.warnings] == sorted(w.line for w in r.warnings)


def test_the_same_text_read_right_gives_no_warning() -> None:
    x = _extraction(SWALLOWED, [("plan-1", "着力扩大有效投资。"), ("plan-2", "推动乡村振兴")],
                    [("plan-1.1", "全年实施县级重点项目86个，完成投资152.6亿元。"), ("plan-2.1", "新建高标准农田3.2万亩。")])
    x.outline.statements[0].goal = "plan-1"
    from govkg.extract.metrics import find_metrics

    x.metrics = [m for s in x.outline.statements for m in find_metrics(s)]
    r = quality.reading(x)
    assert r.warnings == []
    assert r.unread_count == 0
    assert r.coverage == Decimal("1.000")  # the markers （一） （二） are read too
    assert r.characters == r.read_characters == len(re.sub(r"\s", "", SWALLOWED))
    assert r.heading_characters == len("2024年重点工作（一）着力扩大有效投资。（二）推动乡村振兴")


def test_sidebars_are_read_and_their_numbers_are_not_unread() -> None:
    """A sidebar is a gk:Context on purpose: its text counts as read, and its anecdotal numbers are not metrics."""
    doc = clean(from_text("▍回望2024\n【经济运行】\n•地区生产总值达到1286.5亿元\n记者观察：\n"
                          "员工从一百多人增加到三百多人，订单增长了一倍。\n▍奋进2025\n【产业发展】\n•推动智造港二期开工，新增企业30家\n",
                          "paper.txt"))
    x = run_extraction(doc)
    r = x.reading
    assert r is not None and [c.kind for c in x.outline.contexts] == ["记者观察"]
    assert r.unread_count == 0 and r.coverage == Decimal("1.000")
    assert [m.raw for m in x.metrics] == ["1286.5亿元", "30家"]


def test_coverage_counts_markers_and_field_lines_and_leaves_out_the_title_block() -> None:
    x = run_extraction(read(REPORTS / "task-division.txt"))
    assert x.reading is not None and x.outline.assignments
    assert x.reading.coverage >= quality.COVERAGE_THRESHOLD
    before = quality.reading(x.model_copy(update={"outline": x.outline.model_copy(update={"assignments": []})}))
    assert before.coverage < x.reading.coverage  # 牵头单位：… lines are read (role links, deadlines)


# ---------------------------------------------------------------- figures of correct readings
def _corpus() -> list[Path]:
    """Our test reports and the shared development set (the held-out folders are for scoring only, never tests)."""
    return sorted([*REPORTS.glob("*.txt"), *(SHARED / "eval" / "dev").glob("dev-0*.txt")])


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name)
def test_correct_readings_clear_the_threshold(path: Path) -> None:
    """The threshold is chosen so that a correct reading clears it: every test and development report does."""
    x = run_extraction(read(path))
    r = x.reading
    assert r is not None
    assert r.coverage >= quality.COVERAGE_THRESHOLD, (r.coverage, r.warnings)
    assert [w for w in r.warnings if w.code in ("heading-paragraph", "low-coverage")] == []
    assert (r.goals, r.statements, r.entities, r.metrics) == (
        len(x.outline.goals), len(x.outline.leaves()), len(x.entities), len(x.metrics))
    assert 0 <= r.heading_share <= 1 and r.read_characters <= r.characters


def test_the_bundled_report_reads_without_warnings(built_bundled: Built) -> None:
    r = built_bundled.extraction.reading
    assert r is not None
    assert r.warnings == []
    assert r.unread_count == 0
    assert r.coverage >= Decimal("0.90")


def test_the_reading_is_in_the_graph(built_bundled: Built) -> None:
    x, g = built_bundled.extraction, built_bundled.graph
    assert x.meta is not None and x.reading is not None
    node = g.value(report_iri(x.meta.id), V.reading)
    assert node is not None and (node, RDF.type, V.ReadingReport) in g
    r = x.reading
    for prop, value in ((V.goalCount, r.goals), (V.statementCount, r.statements), (V.entityCount, r.entities),
                        (V.metricCount, r.metrics), (V.unreadQuantityCount, r.unread_count)):
        assert g.value(node, prop) == Literal(value, datatype=XSD.integer)
    coverage = g.value(node, V.coverage)
    assert isinstance(coverage, Literal) and coverage.datatype == XSD.decimal
    assert coverage.toPython() == r.coverage
    assert list(g.objects(node, V.warning)) == []


def test_warnings_are_nodes_with_code_message_and_line() -> None:
    x = run_extraction(from_text("2024年重点工作\n一、新增就业2万人\n○加快建设武侯科创中心，全年引进科技型企业30家。\n", "h.txt"))
    assert x.reading is not None
    g = build(x)
    assert check(g).conforms
    warnings = sorted(g.subjects(RDF.type, V.ReadingWarning))
    assert len(warnings) == len(x.reading.warnings) >= 1
    got = sorted((str(g.value(w, V.warningCode)), str(g.value(w, V.warningMessage)), g.value(w, V.line).toPython())
                 for w in warnings)
    assert got == sorted((w.code, w.message, w.line) for w in x.reading.warnings)
    assert ("unread-quantities", 2) in {(c, line) for c, _m, line in got}  # 2万人 of the heading on line 2


# ---------------------------------------------------------------- the build line and warnings on the command line
HEADING_NUMBER = "2024年重点工作\n一、新增就业2万人\n○加快建设武侯科创中心，全年引进科技型企业30家。\n"


def test_build_prints_the_figures_and_each_warning(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "heading.txt"
    src.write_text(HEADING_NUMBER, encoding="utf-8")
    result = runner.invoke(app, ["build", str(src), "--out", str(tmp_path / "out"), "--no-html"])
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert re.fullmatch(r"heading\.txt: \d+ goals?, \d+ statements?, \d+ entit(y|ies), \d+ metrics?, coverage "
                        r"\d+%, 1 number with units unread; region unknown 2024 \(year: part-heading\)", first), first
    warnings = [WARNING_LINE.match(line) for line in result.stderr.splitlines()]
    assert warnings and all(warnings), result.stderr
    # the text names no region (line 1: what the report is), and a heading carries a number (line 2)
    assert [(m.group("name"), m.group("line")) for m in warnings if m] == [("heading.txt", "1"), ("heading.txt", "2")]
    assert "region unknown: no title, byline or session names it" in result.stderr
    assert "2万人 (line 2)" in result.stderr


def test_quiet_prints_neither_figures_nor_warnings(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "heading.txt"
    src.write_text(HEADING_NUMBER, encoding="utf-8")
    result = runner.invoke(app, ["build", str(src), "--out", str(tmp_path / "out"), "--no-html", "-q"])
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""


def test_a_batch_prints_each_reports_figures(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "heading.txt").write_text(HEADING_NUMBER, encoding="utf-8")
    (src / "tiny-plan.txt").write_bytes((REPORTS / "tiny-plan.txt").read_bytes())
    result = runner.invoke(app, ["build", str(src), "--out", str(tmp_path / "out"), "--no-html", "-j", "2"])
    assert result.exit_code == 0, result.stderr
    figures = [ln for ln in result.stdout.splitlines() if "coverage" in ln]
    assert [ln.split(":")[0] for ln in figures] == ["heading.txt", "tiny-plan.txt"]
    assert "tiny-plan.txt: 1 goal, 3 statements, 3 entities, 4 metrics, coverage 100%, 0 numbers with units unread; " \
        "武侯区 2024 (region: title, year: title)" in figures
    assert [m.group("name") for m in map(WARNING_LINE.match, result.stderr.splitlines()) if m] == ["heading.txt"] * 2


def test_extract_shows_the_figures_and_json_carries_them(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", str(REPORTS / "tiny-plan.txt")])
    assert result.exit_code == 0
    assert result.stdout.startswith("tiny-plan.txt: 1 goal, 3 statements, 3 entities, 4 metrics, coverage 100%")
    result = runner.invoke(app, ["extract", str(REPORTS / "tiny-plan.txt"), "--json"])
    reading = json.loads(result.stdout)["reading"]
    assert reading["goals"] == 1 and reading["unread_count"] == 0 and reading["warnings"] == []
    assert Decimal(reading["coverage"]) == Decimal("1.000")


# ---------------------------------------------------------------- what is a report
NOT_REPORTS = [
    "我们周末去公园散步吧。天气很好，大家都很开心。",
    "今天天气很好。我们去吃饭吧。",
    "我买了3个苹果，花了10元钱。",
    "1. 去超市买菜和水果\n2. 回家做饭\n3. 饭后洗碗再散步\n",  # list markers, no words of government work
    "他走进房间，看见桌上放着一封信。信上只有一句话。",
    "我今天工作很累，晚上想早点休息。",
]
REPORTS_SMALL = [
    "武侯区2024年重点工作清单（节选）\n\n2024年重点工作\n○加快建设武侯科创中心，全年引进科技型企业30家。\n",
    "将加快建设社区食堂，力争新增养老床位500张。\n持续推进老旧小区改造，确保完成改造40个。\n",
    "推进老旧小区改造，完善社区服务设施，提升城市治理水平。",  # words of government work alone
    "过去一年主要成绩\n•鹿鸣书局旗舰店正式开业。\n",  # a cue and a list marker
    "○新建口袋公园3个，方便居民休闲。",  # one word and a number with a unit
]


@pytest.mark.parametrize("text", NOT_REPORTS)
def test_text_that_is_not_a_report_is_refused(text: str) -> None:
    with pytest.raises(StructureError) as info:
        run_extraction(from_text(text, "talk.txt"))
    assert info.value.exit_code == 4
    assert str(info.value).startswith("talk.txt: not a government work report: ")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("text", REPORTS_SMALL)
def test_small_reports_are_accepted(text: str) -> None:
    x = run_extraction(from_text(text, "small.txt"))
    assert x.outline.statements


def _every_report() -> list[Path]:
    src = Path(quality.__file__).parent / "examples"
    return sorted([*src.glob("*.txt"), *_corpus(), *(DATA / "series").glob("*.txt"), DATA / "hostile.txt"])


@pytest.mark.parametrize("path", _every_report(), ids=lambda p: p.name)
def test_every_report_we_have_is_a_report(path: Path) -> None:
    doc = clean(read(path))
    quality.require_report(doc, outline(doc), quality.quantities(doc))


def test_the_shared_development_reports_are_reports() -> None:
    files = sorted((SHARED / "eval" / "dev").glob("*.txt"))
    if not files:
        skip_or_fail(f"shared development reports absent: {SHARED / 'eval' / 'dev'}")
    for path in files:
        doc = clean(read(path))
        quality.require_report(doc, outline(doc), quality.quantities(doc))


def test_small_talk_exits_4_with_one_line_and_no_graph(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "talk.txt"
    src.write_text(NOT_REPORTS[0] + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(src), "--out", str(out)])
    assert result.exit_code == 4
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("govkg: error: talk.txt: not a government work report: "), lines
    assert not out.exists()


def test_statement_count_is_the_graphs_statements(built_bundled) -> None:  # type: ignore[no-untyped-def]
    """gk:statementCount counts what `?s a gk:Task` and `?s a gk:Achievement` meet: a divided paragraph is a
    gk:Paragraph and is not counted beside its sentences."""
    from govkg import vocab as V

    g = built_bundled.graph
    statements = set(g.subjects(RDF.type, V.Task)) | set(g.subjects(RDF.type, V.Achievement))
    paragraphs = set(g.subjects(RDF.type, V.Paragraph))
    assert paragraphs and not paragraphs & statements
    assert built_bundled.extraction.reading.statements == len(statements)
    count = next(g.objects(None, V.statementCount))
    assert int(count) == len(statements)
