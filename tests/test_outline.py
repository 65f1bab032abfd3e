"""govkg.outline: parts, headings and statements of every report layout, checked against the gold files."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import skip_or_fail

from govkg.clean import clean
from govkg.errors import InputError, StructureError
from govkg.models import Document, Outline, Statement
from govkg.outline import outline
from govkg.pipeline import bundled_report
from govkg.read import read

DATA = Path(__file__).parent / "data"
SHARED_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "tongzhou-2023-review.gold.json"
REPORTS = sorted((DATA / "reports").glob("*.txt"))
#: (report file, gold file) for every layout, and the bundled report with the shared gold.
CASES = [(p, DATA / "gold" / f"{p.stem}.gold.json") for p in REPORTS] + [(bundled_report(), SHARED_GOLD)]
IDS = [p.stem for p, _ in CASES]
#: The shared development set: whole-document gold of six reports in layouts real reports use.
DEV = SHARED_GOLD.parent / "dev"
DEV_CASES = [(DEV / f"dev-0{n}.txt", DEV / f"dev-0{n}.gold.json") for n in range(1, 7)]
ALL_CASES = CASES + DEV_CASES
ALL_IDS = IDS + [p.stem for p, _ in DEV_CASES]
FRAGMENTS = sorted((DATA / "fragments").glob("*.txt"))
# Markers that gold strings never keep: ○ • ★ —— 一、 （一） 1、 1.
MARKER = re.compile(
    r"^(?:[○◯●•★☆◆]|——|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}(?:、|[.．](?!\d)))"
)


@cache
def _outlined(path: Path) -> tuple[Document, Outline]:
    doc = clean(read(path))
    return doc, outline(doc)


def _gold(gold_path: Path) -> dict[str, Any]:
    if not gold_path.is_file():
        skip_or_fail(f"gold file absent: {gold_path}")
    return json.loads(gold_path.read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    """As the gold conventions compare: no whitespace, no table pipes, full-width digits folded (NFKC), no marker."""
    return MARKER.sub("", re.sub(r"[\s|]+", "", unicodedata.normalize("NFKC", text)))


def _matches(item: str, ol: Outline) -> list[Statement]:
    """Statements that hold a gold item: equal to it, containing it, or a run of sentences that concatenates to it."""
    want = _norm(item)
    found = [s for s in ol.statements if want in _norm(s.text)]
    leaves = ol.leaves()
    for i in range(len(leaves)):
        joined = ""
        for j in range(i, len(leaves)):
            joined += _norm(leaves[j].text)
            if joined == want:
                found += leaves[i : j + 1]
            if len(joined) >= len(want):
                break
    return found


# ---------------------------------------------------------------- years and parts
@pytest.mark.parametrize(("path", "gold_path"), ALL_CASES, ids=ALL_IDS)
def test_years(path: Path, gold_path: Path) -> None:
    gold = _gold(gold_path)["document"]
    _, ol = _outlined(path)
    assert ol.plan_year == gold["year_planned"]
    if gold["year_reviewed"] is not None:
        assert ol.review_year == gold["year_reviewed"]


@pytest.mark.parametrize(("path", "gold_path"), CASES, ids=IDS)
def test_part_headings(path: Path, gold_path: Path) -> None:
    """One part goal per part the report has, none for a part it lacks, titled as printed."""
    gold = _gold(gold_path)
    _, ol = _outlined(path)
    gold_parts = [o for o in gold["outline"] if o["level"] == "part"]
    parts = [g for g in ol.goals if g.level == "part"]
    assert sorted(g.part for g in parts) == sorted(o["part"] for o in gold_parts)
    for o in gold_parts:
        if o["title"]:
            assert any(g.title == o["title"] and g.part == o["part"] for g in parts), o["title"]


@pytest.mark.parametrize(("path", "gold_path"), ALL_CASES, ids=ALL_IDS)
def test_goal_titles_equal_gold(path: Path, gold_path: Path) -> None:
    gold = _gold(gold_path)
    _, ol = _outlined(path)
    want = {o["title"] for o in gold["outline"] if o["title"]}
    got = {g.title for g in ol.goals if g.title}
    assert sorted(want - got) == [], "missed headings"
    assert sorted(got - want) == [], "headings that are not in the gold"


@pytest.mark.parametrize(("path", "gold_path"), ALL_CASES, ids=ALL_IDS)
def test_goal_tree_matches_gold(path: Path, gold_path: Path) -> None:
    """Each heading hangs under the heading the gold puts it under (bundled: where reading order decides it)."""
    gold = _gold(gold_path)
    _, ol = _outlined(path)
    nodes = {o["id"]: o for o in gold["outline"]}
    by_title = {(g.part, g.title): g for g in ol.goals}
    wrong = []
    for o in gold["outline"]:
        if not o["title"] or o["parent"] is None or o.get("parent_inferred"):
            continue
        goal = by_title.get((o["part"], o["title"]))
        if goal is None:
            continue  # a missed heading fails test_goal_titles_equal_gold
        parent = ol.goal(goal.parent) if goal.parent else None
        expected = nodes[o["parent"]]
        if expected["title"]:
            ok = parent is not None and parent.title == expected["title"]
        else:
            ok = parent is not None and parent.level == "part" and parent.part == o["part"]
        if not ok:
            wrong.append((o["title"], parent.title if parent else None, expected["title"]))
    assert wrong == []


# ---------------------------------------------------------------- statements
@pytest.mark.parametrize(("path", "gold_path"), ALL_CASES, ids=ALL_IDS)
def test_every_gold_item_is_a_statement(path: Path, gold_path: Path) -> None:
    gold = _gold(gold_path)
    _, ol = _outlined(path)
    missed = [it for o in gold["outline"] for it in o["items"] if not _matches(it, ol)]
    assert missed == []


@pytest.mark.parametrize(("path", "gold_path"), ALL_CASES, ids=ALL_IDS)
def test_items_sit_under_their_heading_and_part(path: Path, gold_path: Path) -> None:
    gold = _gold(gold_path)
    _, ol = _outlined(path)
    nodes = {o["id"]: o for o in gold["outline"]}
    alternatives = {a["item"]: a for a in gold.get("outline_alternatives", [])}
    wrong = []
    for o in gold["outline"]:
        titles = {o["title"]}
        for item in o["items"]:
            alt = alternatives.get(item)
            ok_titles = titles | ({nodes[alt["thematic_parent"]]["title"]} if alt else set())
            hits = _matches(item, ol)
            if not hits:
                continue  # reported by test_every_gold_item_is_a_statement
            placed = False
            for s in hits:
                goal = ol.goal(s.goal)
                if s.part != o["part"]:
                    continue
                under_heading = bool(o["title"]) and goal.title in ok_titles
                under_part = not o["title"] and goal.level == "part" and goal.part == o["part"]
                placed = placed or under_heading or under_part
            if not placed:
                wrong.append((item, [(ol.goal(s.goal).title, s.part) for s in hits], o["title"], o["part"]))
    assert wrong == []


@pytest.mark.parametrize(("path", "gold_path"), ALL_CASES, ids=ALL_IDS)
def test_items_point_at_their_source_line(path: Path, gold_path: Path) -> None:
    """A statement equal to a gold item starts on the item's first line of the source file."""
    gold = _gold(gold_path)
    doc, ol = _outlined(path)
    wrong = []
    for o in gold["outline"]:
        if "item_lines" not in o:
            continue
        for item, lines in zip(o["items"], o["item_lines"], strict=True):
            for s in ol.statements:
                if _norm(s.text) == _norm(item) and doc.raw_line(s.span) != lines[0]:
                    wrong.append((item, doc.raw_line(s.span), lines[0]))
    assert wrong == []


@pytest.mark.parametrize(("path", "gold_path"), CASES, ids=IDS)
def test_no_statement_outside_the_gold(path: Path, gold_path: Path) -> None:
    """Every statement is a gold item, a piece of one, or several of them: no title, byline or department line."""
    gold = _gold(gold_path)
    _, ol = _outlined(path)
    items = [_norm(it) for o in gold["outline"] for it in o["items"]]
    stray = [s.text for s in ol.statements if not any(_norm(s.text) in it or it in _norm(s.text) for it in items)]
    assert stray == []


# ---------------------------------------------------------------- spans
@pytest.mark.parametrize("path", REPORTS + [bundled_report()] + FRAGMENTS, ids=lambda p: p.name)
def test_spans_slice_to_titles_and_texts(path: Path) -> None:
    try:
        doc, ol = _outlined(path)
    except (InputError, StructureError) as exc:  # unreadable or structureless fragments are tested elsewhere
        pytest.skip(str(exc))
    for g in ol.goals:
        assert g.span.slice(doc.text) == g.title, g.id
    for s in ol.statements:
        assert s.span.slice(doc.text) == s.text, s.id
        assert ol.goal(s.goal).part == s.part
    if ol.preamble is not None:
        assert 0 <= ol.preamble.start <= ol.preamble.end <= len(doc.text)


@pytest.mark.parametrize("path", REPORTS + [bundled_report()], ids=lambda p: p.name)
def test_ids_unique_and_links_resolve(path: Path) -> None:
    _, ol = _outlined(path)
    goal_ids = [g.id for g in ol.goals]
    stmt_ids = [s.id for s in ol.statements]
    assert len(set(goal_ids)) == len(goal_ids)
    assert len(set(stmt_ids)) == len(stmt_ids)
    for g in ol.goals:
        assert g.parent is None or g.parent in goal_ids
        assert (g.parent is None) == (g.level == "part")
    for s in ol.statements:
        assert s.goal in goal_ids
        assert s.parent is None or s.parent in stmt_ids


# ---------------------------------------------------------------- fragments
def test_fragment_titles(fragment: Path, expected_titles: list[str]) -> None:
    _, ol = _outlined(fragment)
    assert [g.title for g in ol.goals if g.title] == expected_titles


def test_fragment_items(fragment: Path, expected_items: list[str]) -> None:
    try:
        _, ol = _outlined(fragment)
    except StructureError:
        assert expected_items == []  # a title and a subtitle only: nothing to outline is fine
        return
    assert [s.text for s in ol.statements if s.parent is None] == expected_items


# ---------------------------------------------------------------- small texts of our own
def test_several_tasks_on_one_line_are_split(make_doc: Callable[..., Document]) -> None:
    doc = make_doc("2024年重点任务\n○新建口袋公园8个。○打通断头路5条。 ○新增公共停车位900个。\n")
    ol = outline(doc)
    items = [s for s in ol.statements if s.parent is None]
    assert [s.text for s in items] == ["新建口袋公园8个。", "打通断头路5条。", "新增公共停车位900个。"]
    assert [s.marker for s in items] == ["○", "○", "○"]
    assert len({s.span for s in items}) == 3
    assert all(s.part == "plan" for s in items)


def test_review_and_plan_headings(make_doc: Callable[..., Document]) -> None:
    doc = make_doc(
        "过去一年主要成绩：\n•新建口袋公园12个。\n•完成老旧小区改造30个。\n"
        "今年重点工作\n•新建口袋公园15个。\n•完成老旧小区改造40个。\n"
    )
    ol = outline(doc)
    parts = {g.title: g.part for g in ol.goals if g.level == "part"}
    assert parts == {"过去一年主要成绩": "review", "今年重点工作": "plan"}
    assert [s.part for s in ol.statements] == ["review", "review", "plan", "plan"]


def test_review_told_from_past_tense_without_headings(make_doc: Callable[..., Document]) -> None:
    doc = make_doc("全年新建口袋公园12个，完成老旧小区改造30个。\n建成社区食堂8处，新增城镇就业2.1万人。\n")
    ol = outline(doc)
    assert ol.statements and {s.part for s in ol.statements} == {"review"}


def test_plan_told_from_future_tense_without_headings(make_doc: Callable[..., Document]) -> None:
    doc = make_doc("将加快建设社区食堂，力争新增养老床位500张。\n持续推进老旧小区改造，确保完成改造40个。\n")
    ol = outline(doc)
    assert ol.statements and {s.part for s in ol.statements} == {"plan"}


def test_plan_year_from_the_heading(make_doc: Callable[..., Document]) -> None:
    ol = outline(make_doc("2025年重点任务\n○新建口袋公园8个。\n○打通断头路5条。\n"))
    assert ol.plan_year == 2025
    assert [g.part for g in ol.goals] == ["plan"]


@pytest.mark.parametrize("text", ["hello world\n", "12345\n678 90\n", "- 3 -\n\n第 4 页\n", "2024\n"])
def test_no_chinese_text_is_a_structure_error(text: str, make_doc: Callable[..., Document]) -> None:
    doc = make_doc(text, "odd.txt")
    with pytest.raises(StructureError) as info:
        outline(doc)
    assert info.value.exit_code == 4
    assert "odd.txt" in str(info.value)
