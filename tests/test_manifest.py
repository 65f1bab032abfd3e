"""govkg build DIR --manifest FILE: what a corpus already knows of each report wins, and is recorded as such."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from govkg import vocab as V
from govkg.cli import app
from govkg.pipeline import bundled_report

REPORTS = Path(__file__).resolve().parent / "data" / "reports"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "tiny-plan.txt").write_bytes((REPORTS / "tiny-plan.txt").read_bytes())  # its title says 武侯区, 2024
    (d / "tz.txt").write_bytes(bundled_report().read_bytes())
    return d


def _build(corpus: Path, manifest: str, tmp_path: Path, *extra: str):  # type: ignore[no-untyped-def]
    m = tmp_path / "manifest.csv"
    m.write_text(manifest, encoding="utf-8")
    return CliRunner().invoke(app, ["build", str(corpus), "--manifest", str(m), "--out", str(tmp_path / "out"),
                                    "--no-html", *extra])


def test_a_row_wins_and_is_recorded_with_its_code(corpus: Path, tmp_path: Path) -> None:
    result = _build(corpus, "file,region,year,kind,source\ntiny-plan.txt,510107,2030,summary,scraper\n", tmp_path)
    assert result.exit_code == 0, result.stderr
    g = Graph().parse(tmp_path / "out" / "tiny-plan.ttl")
    report = next(g.subjects(V.regionEvidence, None))
    assert "/510107/2030/summary" in str(report)
    assert (report, V.regionEvidence, V.IDENTITY_EVIDENCE["manifest"]) in g
    assert (report, V.yearEvidence, V.IDENTITY_EVIDENCE["manifest"]) in g
    assert "武侯区 2030 (region: manifest, year: manifest)" in result.stdout
    # the text's own title says 2024: the year is contradicted, the region (武侯区 is 510107) is not
    assert "tiny-plan.txt:1: the manifest's year 2030 given; the text dates the report 2024 (title)" in result.stderr
    assert "manifest's region" not in result.stderr


def test_a_contradicted_region_is_said(corpus: Path, tmp_path: Path) -> None:
    result = _build(corpus, "file,region\ntiny-plan.txt,海淀区\n", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "govkg: warning: tiny-plan.txt:1: the manifest's region 海淀区 given; the text names 武侯区 (title)" \
        in result.stderr
    g = Graph().parse(tmp_path / "out" / "tiny-plan.ttl")
    assert "/110108/2024/" in str(next(g.subjects(V.regionEvidence, None)))  # 海淀区, the year from the title


def test_a_row_for_a_missing_file_is_a_warning(corpus: Path, tmp_path: Path) -> None:
    result = _build(corpus, "file,region,year\nnot-here.txt,海淀区,2024\ntz.txt,,2023\n", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "manifest.csv:2: no report among the inputs is called not-here.txt; the row is not used" in result.stderr
    assert "tz.txt: " in result.stdout and "(region: session, year: manifest)" in result.stdout


@pytest.mark.parametrize(("manifest", "says"), [
    ("name,region\ntz.txt,海淀区\n", "manifest.csv:1: the manifest has no 'file' column"),
    ("file,year\ntz.txt,20x3\n", "manifest.csv:2: year '20x3': not a plausible report year"),
    ("file,year\ntz.txt,1776\n", "manifest.csv:2: year '1776'"),
    ("file,region\ntz.txt,999999\n", "manifest.csv:2: region 999999: no administrative division has this code"),
    ("file,kind\ntz.txt,novel\n", "manifest.csv:2: kind 'novel'"),
    ("file\ntz.txt\ntz.txt\n", "manifest.csv:3: tz.txt is listed twice (first on line 2)"),
])
def test_a_bad_manifest_is_one_line_and_exit_3(manifest: str, says: str, corpus: Path, tmp_path: Path) -> None:
    result = _build(corpus, manifest, tmp_path)
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("govkg: error: ") and says in lines[0], result.stderr
    assert not (tmp_path / "out").exists()
