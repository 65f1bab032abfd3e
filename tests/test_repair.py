"""govkg.repair: a detail our extraction got inconsistent costs that detail, with a warning naming its line, never
the report; and no recombination of our test reports' lines builds a graph that fails validation."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import REPORTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govkg import metadata, quality
from govkg.check import check
from govkg.clean import clean
from govkg.errors import InputError, StructureError
from govkg.extract import extract
from govkg.graph import build
from govkg.models import CountedGroup, Extraction, Metric
from govkg.outline import outline
from govkg.pipeline import build_path, run_extraction
from govkg.read import from_text
from govkg.repair import repair

TINY = (REPORTS / "tiny-plan.txt").read_text(encoding="utf-8")


def _unrepaired(text: str, name: str = "r.txt") -> Extraction:
    """What the extraction gives before the repair step (the pipeline's steps up to describe)."""
    doc = clean(from_text(text, name))
    return metadata.apply(extract(doc, outline(doc)))


def _built(x: Extraction) -> tuple[Extraction, list[str]]:
    """Repair, measure, build and check; return the extraction and the SHACL findings (empty when it conforms)."""
    x, repairs = repair(x)
    x.reading = quality.reading(x, repairs=repairs)
    report = check(build(x))
    return x, [f.message for f in report.findings if f.severity == "violation"]


def _warnings(x: Extraction, code: str) -> list[tuple[int, str]]:
    assert x.reading is not None
    return [(w.line, w.message) for w in x.reading.warnings if w.code == code]


# ---------------------------------------------------------------- counted groups
def test_a_counted_group_with_more_members_than_its_count_costs_its_members() -> None:
    """A group of count 2 given 3 members by hand: the graph builds, validates, and a warning names the line."""
    x = _unrepaired(TINY)
    line_of = {s.id: s for s in x.outline.statements}
    stmt = next(s for s in x.outline.statements if "武侯科创中心" in s.text)
    members = sorted(e.name for e in x.entities)[:3]
    assert len(members) == 3
    start = stmt.span.start
    x.groups = [CountedGroup(label="两大项目", raw=stmt.text[:4], span=stmt.span.model_copy(update={"end": start + 4}),
                             count=2, statement=stmt.id, members=members)]
    assert not check(build(x.model_copy(deep=True))).conforms  # the shapes refuse it as it stands
    x, findings = _built(x)
    assert findings == []
    assert x.groups[0].members == [] and x.groups[0].count == 2  # the name and count stay
    line = x.document.raw_line(line_of[stmt.id].span)
    assert line == 4
    [(warned, message)] = _warnings(x, "group-members")
    assert warned == line and "两大项目" in message and "3 members for a count of 2" in message


GROUP_TEXTS = [
    ("2024年重点工作\n○聚焦智能装备、生物制药、数字文创两大主导产业。\n", True),
    ("2024年重点工作\n○加快建设青溪科技园、白鹭湾产业园、云栖智造园两大园区。\n", True),
    ("2024年重点工作\n○聚焦智能装备、生物制药、数字文创三大主导产业。\n", False),
]


@pytest.mark.parametrize(("text", "too_many"), GROUP_TEXTS, ids=["clusters", "parks", "right-count"])
def test_counted_groups_the_extraction_reads(text: str, too_many: bool, tmp_path: Path) -> None:
    """Through the whole pipeline: the report is built and validates; only a group with too many members warns."""
    path = tmp_path / "groups.txt"
    path.write_text(text, encoding="utf-8")
    built = build_path(path)
    assert built.report.conforms
    x = built.extraction
    assert [w[0] for w in _warnings(x, "group-members")] == ([2] if too_many else [])
    assert len(x.groups) == 1 and bool(x.groups[0].members) is not too_many


# ---------------------------------------------------------------- metrics
def _metric(x: Extraction) -> Metric:
    return next(m for m in x.metrics if m.raw == "30家")


RANGES: list[tuple[str, Callable[[Metric], None], bool]] = [
    ("reversed", lambda m: m.__setattr__("value_max", m.value - 1) or m.__setattr__("qualifier", "range"), True),
    ("empty", lambda m: m.__setattr__("value_max", m.value) or m.__setattr__("qualifier", "range"), True),
    ("no-range-qualifier", lambda m: m.__setattr__("value_max", m.value + 5), True),
    ("range-without-upper-end", lambda m: m.__setattr__("qualifier", "range"), True),
    ("a-real-range", lambda m: m.__setattr__("value_max", m.value + 5) or m.__setattr__("qualifier", "range"), False),
    ("no-range", lambda m: None, False),
]


@pytest.mark.parametrize(("how", "spoil", "repaired"), RANGES, ids=[r[0] for r in RANGES])
def test_metric_ranges(how: str, spoil: Callable[[Metric], None], repaired: bool) -> None:
    x = _unrepaired(TINY)
    spoil(_metric(x))
    before = (_metric(x).value, _metric(x).value_max, _metric(x).qualifier)
    x, findings = _built(x)
    assert findings == []
    m = _metric(x)
    assert m.value == before[0]
    assert [w[0] for w in _warnings(x, "metric-range")] == ([4] if repaired else [])
    if repaired:
        assert m.value_max is None and m.qualifier != "range"
    else:
        assert (m.value_max, m.qualifier) == before[1:]


def test_metrics_of_a_report_without_a_year_are_kept_with_a_warning() -> None:
    text = "重点工作\n○新建社区养老服务综合体4个。\n○加快建设武侯科创中心，引进科技型企业30家。\n"
    x = run_extraction(from_text(text, "yearless.txt"))
    assert x.outline.plan_year is None and len(x.metrics) == 2
    assert x.reading is not None
    [(line, message)] = _warnings(x, "metric-year")
    assert line == 2 and message.startswith("2 metrics without a year")
    assert check(build(x)).conforms
    yearless = run_extraction(from_text(TINY, "dated.txt"))
    assert _warnings(yearless, "metric-year") == []


# ---------------------------------------------------------------- links, statements, region
def _spoil_links(x: Extraction) -> None:
    area = next(e for e in x.entities if e.type != "Area")
    area.located_in = ["不存在的地方"]
    x.metrics[0].about = "不存在的实体"
    x.statuses[0].entity = "不存在的项目"


def test_links_to_entities_that_are_not_extracted_are_dropped() -> None:
    x = _unrepaired(TINY)
    assert x.statuses
    _spoil_links(x)
    assert not check(build(x.model_copy(deep=True))).conforms
    n_status = len(x.statuses)
    x, findings = _built(x)
    assert findings == []
    assert len(x.statuses) == n_status - 1
    lines = [line for line, _ in _warnings(x, "dangling-link")]
    assert len(lines) == 3 and all(line >= 1 for line in lines)


def test_located_in_must_name_an_area() -> None:
    x = _unrepaired(TINY)
    place = next(e for e in x.entities if e.type == "Area")
    other = next(e for e in x.entities if e.type != "Area")
    other.located_in = [place.name]
    place.type = "Program"
    x, findings = _built(x)
    assert findings == []
    assert other.located_in == []
    assert any(f"located in {place.name}" in m for _, m in _warnings(x, "dangling-link"))


def test_a_region_that_is_not_an_area_loses_its_link_not_the_report() -> None:
    x = _unrepaired(TINY)
    assert x.region is not None
    next(e for e in x.entities if e.name == x.region).type = "Institution"
    x, findings = _built(x)
    assert findings == []
    assert x.region is None
    assert len(_warnings(x, "dangling-link")) == 1


def test_statement_text_is_trimmed_with_its_span() -> None:
    x = _unrepaired(TINY)
    s = x.outline.statements[0]
    s.span = s.span.model_copy(update={"end": s.span.end + 1})  # take the line break after it
    s.text = x.document.text[s.span.start : s.span.end]
    assert s.text[-1].isspace()
    x, findings = _built(x)
    assert findings == []
    assert x.outline.statements[0].text == x.document.text[s.span.start : s.span.end] == s.text.strip()
    assert len(_warnings(x, "statement-text")) == 1


def test_a_consistent_extraction_is_left_alone() -> None:
    x = _unrepaired(TINY)
    before = x.model_dump()
    x, warnings = repair(x)
    assert warnings == []
    assert x.model_dump() == before


# ---------------------------------------------------------------- recombined report lines
LINES = sorted({ln for p in REPORTS.glob("*.txt") for ln in p.read_text(encoding="utf-8").splitlines()})


@pytest.mark.slow
@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=40), st.sampled_from(["\n", "\n\n", " \n"]))
def test_no_recombination_of_report_lines_fails_validation(lines: list[str], sep: str) -> None:
    """Random recombinations of the test reports' lines: each is refused as a whole (not a report, or nothing left)
    or builds a graph that validates. A validation failure here is a bug in our extraction or its repair."""
    try:
        x = run_extraction(from_text(sep.join(lines), "mixed.txt"))
    except (StructureError, InputError):
        return
    report = check(build(x))
    assert report.conforms, report.summary()
    assert x.reading is not None and Decimal(0) <= x.reading.coverage <= Decimal(1)


def test_a_region_given_on_the_command_line_that_names_a_project_costs_the_link(tmp_path: Path) -> None:
    """--region naming a thing the text calls a project used to end in exit code 6 (gk:region must be an Area)."""
    from typer.testing import CliRunner

    from govkg.cli import app

    result = CliRunner().invoke(app, ["build", str(REPORTS / "tiny-plan.txt"), "--region", "武侯科创中心",
                                      "--out", str(tmp_path), "--no-html"])
    assert result.exit_code == 0, result.stderr
    assert "govkg: warning: tiny-plan.txt:4: the report's region 武侯科创中心 is extracted as a Project, not an Area" \
        in result.stderr
    assert "govkg: warning: tiny-plan.txt:1: --region 武侯科创中心 given; the text names 武侯区 (title)" in result.stderr
    from rdflib import Graph

    from govkg import vocab as V

    g = Graph().parse(tmp_path / "tiny-plan.ttl")
    assert list(g.triples((None, V.region, None))) == []
