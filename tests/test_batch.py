"""Batch builds: many reports into one dataset, bad files skipped, report metadata, rebuilding one report."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from govkg import vocab as V
from govkg.batch import build_batch
from govkg.cli import app
from govkg.dataset import DATASET
from govkg.errors import BatchError
from govkg.models import MetaOverrides
from govkg.pipeline import run_extraction
from govkg.read import from_text, read
from govkg.store import PROMISES_GRAPH


def _graphs(trig: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for q in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        counts[name] = counts.get(name, 0) + 1
    return counts


def _triples(ttl: Path) -> int:
    return len(list(ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE)))


@pytest.fixture(scope="module")
def series_dir(data_dir: Path) -> Path:
    return data_dir / "series"


@pytest.fixture(scope="module")
def series_built(series_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("series")
    result = build_batch([series_dir], out, jobs=2)
    assert not result.failed, [o.error for o in result.failed]
    return out


# ---------------------------------------------------------------- metadata
def test_metadata_of_a_report_with_a_byline(series_dir: Path) -> None:
    meta = run_extraction(read(series_dir / "liuan-2023.txt")).meta
    assert meta is not None
    assert (meta.region, meta.year, meta.review_year, meta.plan_year, meta.kind) == ("柳岸区", 2023, 2022, 2023,
                                                                                     "work-report")
    assert (meta.presenter_title, meta.presenter) == ("区长", "程立衡")
    assert meta.title == "鹭江市柳岸区2023年政府工作报告"
    assert meta.id == "柳岸区/2023/work-report"  # no division code for an invented district: its name stands in


def test_metadata_of_the_bundled_report(built_bundled) -> None:  # type: ignore[no-untyped-def]
    meta = built_bundled.extraction.meta
    assert (meta.region, meta.region_code, meta.kind, meta.id) == ("通州区", "110112", "summary", "110112/2023/summary")
    assert (meta.presenter_title, meta.presenter) == ("区长", "孟景伟")  # from the newspaper's closing lead
    g = built_bundled.graph
    report = V.ID["report/110112/2023/summary"]
    assert (report, V.REUSED["type"], V.WorkReportSummary) in g
    assert str(g.value(report, V.REUSED["label"])) == "通州区2023年政府工作报告摘要"
    assert str(g.value(V.ID["通州区"], V.divisionCode)) == "110112"


def test_a_city_report_takes_its_region_from_the_title(reports_dir: Path) -> None:
    """A city's report names its counties more often than itself: the title decides."""
    meta = run_extraction(read(reports_dir / "task-division-deadlines.txt")).meta
    assert meta is not None and meta.kind == "task-division" and meta.region == "望川区"


def test_overrides_replace_what_the_text_says() -> None:
    doc = from_text("重点工作\n\n一、2024年重点任务\n推进滨江大道建设，新增绿地10公顷。\n", "anon.txt")
    plain = run_extraction(doc).meta
    assert plain is not None and plain.region is None and plain.id == "anon"  # no region: the stem names it
    x = run_extraction(doc, overrides=MetaOverrides(region="海淀区", year=2024, kind="work-report", presenter="某某"))
    assert x.meta is not None
    assert (x.meta.id, x.meta.region_code, x.meta.presenter) == ("110108/2024/work-report", "110108", "某某")
    assert any(e.name == "海淀区" and e.type == "Area" for e in x.entities)  # gk:region points at a real node


# ---------------------------------------------------------------- one dataset
def test_batch_writes_one_file_per_report_and_a_dataset(series_built: Path) -> None:
    names = sorted(p.name for p in series_built.iterdir())
    assert sorted(p.name for p in (series_built / ".govkg-cache").iterdir()) == [
        "liuan-2023.json", "liuan-2024.json", "liuan-2025.json"]  # what assembling reads instead of the Turtle
    assert names == [".govkg-cache", "dataset.trig", "liuan-2023.html", "liuan-2023.ttl", "liuan-2024.html", "liuan-2024.ttl",
                     "liuan-2025.html", "liuan-2025.ttl", "promises.html", "promises.ttl"]
    graphs = _graphs(series_built / DATASET)
    reports = {f"{V.ID}report/柳岸区/{y}/work-report" for y in (2023, 2024)} | {f"{V.ID}report/柳岸区/2025/work-report"}
    assert set(graphs) == reports | {PROMISES_GRAPH}
    for year, stem in ((2023, "liuan-2023"), (2024, "liuan-2024")):
        assert graphs[f"{V.ID}report/柳岸区/{year}/work-report"] == _triples(series_built / f"{stem}.ttl")
    assert graphs[PROMISES_GRAPH] == _triples(series_built / "promises.ttl")


def test_shared_entities_are_one_node_across_reports(series_built: Path) -> None:
    store = ox.Store()
    store.load(path=str(series_built / DATASET), format=ox.RdfFormat.TRIG)
    q = """SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p <https://w3id.org/govkg/id/望江商务区> } }"""
    n = next(iter(store.query(q)))["n"]
    assert int(n.value) >= 2  # named in two reports, one IRI


def test_the_dataset_is_deterministic(series_dir: Path, series_built: Path, tmp_path: Path) -> None:
    result = build_batch([series_dir], tmp_path, jobs=1)
    assert not result.failed
    for name in ("dataset.trig", "promises.ttl", "promises.html", "liuan-2024.ttl"):
        assert (tmp_path / name).read_bytes() == (series_built / name).read_bytes(), name


def test_checks_started_during_a_batch_are_used_only_when_their_inputs_hold(
        series_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch checks each plan as soon as it and a review are built; the dataset uses such a check only when the
    plan, reviews and labels it was started with are the ones assembling finds. A copy of a review (a duplicate the
    dataset leaves out) and a plan already in the directory make assembling check again: the files are the same
    bytes as a batch in one process, which starts nothing early."""
    from govkg.dataset import EarlyChecks

    src = tmp_path / "src"
    src.mkdir()
    for f in series_dir.glob("*.txt"):
        (src / f.name).write_bytes(f.read_bytes())
    (src / "liuan-2024-copy.txt").write_bytes((series_dir / "liuan-2024.txt").read_bytes())
    taken: list[bool] = []
    take = EarlyChecks.take

    def record(self: EarlyChecks, *args: object) -> object:
        fut = take(self, *args)  # type: ignore[arg-type]
        taken.append(fut is not None)
        return fut

    monkeypatch.setattr(EarlyChecks, "take", record)
    one, two = tmp_path / "one", tmp_path / "two"
    build_batch([src], one, jobs=1)
    assert taken == []  # one process: nothing is started early
    build_batch([src], two, jobs=2)
    assert True in taken and False in taken, taken  # liuan-2024's plan is taken; liuan-2023's had the copy too
    assert not list(two.glob(".govkg-early-*"))  # the started checks waited on disk; nothing of them is left
    for name in ("dataset.trig", "promises.ttl", "promises.html"):
        assert (two / name).read_bytes() == (one / name).read_bytes(), name
    # a plan already in the directory: built before, not by this batch
    three = tmp_path / "three"
    build_batch([src / "liuan-2023.txt"], three, jobs=1)
    taken.clear()
    build_batch([src / "liuan-2024.txt", src / "liuan-2024-copy.txt", src / "liuan-2025.txt"], three, jobs=2)
    assert False in taken, taken
    for name in ("dataset.trig", "promises.ttl", "promises.html"):
        assert (three / name).read_bytes() == (one / name).read_bytes(), name


def test_rebuilding_one_report_replaces_only_its_graph(series_dir: Path, tmp_path: Path) -> None:
    assert not build_batch([series_dir], tmp_path, jobs=1).failed
    before = _graphs(tmp_path / DATASET)
    changed = tmp_path / "src" / "liuan-2024.txt"
    changed.parent.mkdir()
    text = (series_dir / "liuan-2024.txt").read_text(encoding="utf-8")
    changed.write_text(text.replace("望江商务区年内完工85万平方米", "望江商务区年内完工70万平方米"), encoding="utf-8")
    result = build_batch([changed], tmp_path, jobs=1)  # one report into a directory that holds a dataset
    assert not result.failed and result.dataset is not None
    after = _graphs(tmp_path / DATASET)
    assert set(after) == set(before)
    for g in before:
        if "2024" not in g and g != PROMISES_GRAPH:
            assert after[g] == before[g], g
    rows = json.loads(subprocess.run(
        [sys.executable, "-m", "govkg", "query", "promises", "-d", str(tmp_path / DATASET), "-f", "json"],
        capture_output=True, check=True).stdout)["results"]["bindings"]
    commercial = [r for r in rows if r["target"]["value"] == "85万平方米"]
    assert commercial and commercial[0]["status"]["value"] == "partly"  # the re-judged promise


# ---------------------------------------------------------------- bad files in a batch
def test_one_bad_file_is_skipped_and_named(reports_dir: Path, tmp_path: Path, runner: CliRunner) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("tiny-plan.txt", "bullet-summary.txt"):
        (src / name).write_bytes((reports_dir / name).read_bytes())
    (src / "broken.txt").write_bytes(b"\x00\x01binary")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(src), "--out", str(out), "-q", "-j", "1"])
    assert result.exit_code == BatchError.exit_code == 11
    assert "broken.txt" in result.stderr and "binary" in result.stderr
    assert "built 2 of 3 reports; 1 failed" in result.stderr
    assert "Traceback" not in result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert not [n for n in names if n.startswith("broken")]
    assert not [n for n in names if n.endswith(".tmp")]
    assert set(_graphs(out / DATASET)) == {f"{V.ID}report/320571/2024/summary", f"{V.ID}report/510107/2024/summary"}


def test_same_report_twice_keeps_one_in_the_dataset(reports_dir: Path, tmp_path: Path, runner: CliRunner) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes((reports_dir / "tiny-plan.txt").read_bytes())
    (src / "b.txt").write_bytes((reports_dir / "tiny-plan.txt").read_bytes())
    result = runner.invoke(app, ["build", str(src), "--out", str(tmp_path / "out"), "-q", "-j", "1"])
    assert result.exit_code == 11
    assert "b.txt: describes the same report as a.ttl" in result.stderr
    assert len(_graphs(tmp_path / "out" / DATASET)) == 1


def test_one_report_options_are_refused_for_many(reports_dir: Path, tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["build", str(reports_dir), "--year", "2024", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "--year names one report's metadata" in result.stderr


def test_empty_directory_is_an_input_error(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["build", str(tmp_path / "empty"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3 and "holds no .txt report files" in result.stderr


def test_interrupted_batch_leaves_no_half_written_file(reports_dir: Path, tmp_path: Path) -> None:
    """Ctrl-C in the middle of a batch: exit 130, and every file present is whole (it parses)."""
    src = tmp_path / "in"
    src.mkdir()
    text = (reports_dir / "full-chapters.txt").read_text(encoding="utf-8")
    for i in range(40):
        (src / f"r{i:02d}.txt").write_text(text.replace("武侯区", f"武侯区{i}号"), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "govkg", "build", str(src), "--out", str(out), "-q", "-j", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("*.ttl"))) < 3:
        time.sleep(0.05)
    assert proc.poll() is None, "the batch ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole process group
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert b"interrupted" in err and b"Traceback" not in err
    leftovers = [p.name for p in out.rglob(".*") if p.name != ".govkg-cache"]
    assert leftovers == []  # no temporary file, here or in the sidecar cache
    built = sorted(out.glob("*.ttl"))
    assert 3 <= len(built) < 40
    for ttl in built:
        assert _triples(ttl) > 0  # parses: whole
    for page in out.glob("*.html"):
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_a_stale_sidecar_is_not_trusted(series_dir: Path, tmp_path: Path) -> None:
    """The Turtle file is the truth: a sidecar written for other bytes is ignored and rewritten."""
    assert not build_batch([series_dir], tmp_path, jobs=1, html=False).failed
    first = (tmp_path / DATASET).read_bytes()
    side = tmp_path / ".govkg-cache" / "liuan-2024.json"
    data = json.loads(side.read_text(encoding="utf-8"))
    data["report"] = "https://example.org/not-this-report"
    data["sha256"] = "0" * 64  # written for other bytes: the Turtle changed since
    side.write_text(json.dumps(data), encoding="utf-8")
    from govkg.dataset import assemble

    assemble(tmp_path, html=False)
    assert (tmp_path / DATASET).read_bytes() == first
    (tmp_path / ".govkg-cache").rename(tmp_path / "gone")  # no sidecars at all: the same dataset from parsing
    assemble(tmp_path, html=False)
    assert (tmp_path / DATASET).read_bytes() == first


def test_progress_bar_on_a_terminal(reports_dir: Path, tmp_path: Path, runner: CliRunner,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal a batch shows a progress bar (on stderr); it is gone when the batch ends."""
    import io

    from rich.console import Console

    import govkg.cli as cli

    screen = io.StringIO()
    monkeypatch.setattr(cli, "err", Console(file=screen, force_terminal=True, width=100, highlight=False))
    files = [str(reports_dir / "tiny-plan.txt"), str(reports_dir / "bullet-summary.txt")]
    result = runner.invoke(app, ["build", *files, "--out", str(tmp_path), "-j", "1"])
    assert result.exit_code == 0, result.stderr
    shown = screen.getvalue()
    assert "building" in shown and "2/2" in shown
    assert "built 2 reports" in shown


#: Two provinces' plans that both name their own 省委 and their own 两区 (written for this test).
PROVINCE_PLANS = {
    "north.txt": "岚北省人民政府工作报告\n——2025年1月15日在岚北省第十四届人民代表大会第三次会议上\n二、2025年重点工作\n"
                 "在省委坚强领导下，全力推进“两区”建设，新建产业园区3个。\n",
    "south.txt": "岚南省人民政府工作报告\n——2025年1月16日在岚南省第十四届人民代表大会第三次会议上\n二、2025年重点工作\n"
                 "在省委坚强领导下，全力推进“两区”建设，新建口袋公园12个。\n",
}


@pytest.mark.parametrize("with_region", [True, False])
def test_two_provinces_committees_and_short_names_stay_apart(tmp_path: Path, with_region: bool) -> None:
    """省委 and 两区 mean another body and another programme in every province: a dataset of two keeps them apart,
    whether the report's region is read (qualified by it) or unknown (qualified by the report)."""
    src = tmp_path / "in"
    src.mkdir()
    for name, text in PROVINCE_PLANS.items():
        if not with_region:
            text = text.split("\n", 2)[2]  # no title, no byline: the region is unknown
        (src / name).write_text(text, encoding="utf-8")
    result = build_batch(sorted(src.glob("*.txt")), tmp_path / "out", jobs=1, html=False, dataset=True)
    assert not result.failed
    store = ox.Store()
    store.load(path=str(tmp_path / "out" / DATASET), format=ox.RdfFormat.TRIG)
    for label in ("省委", "两区"):
        rows = list(store.query(
            "SELECT DISTINCT ?e ?g WHERE { GRAPH ?g { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
            f"FILTER(STR(?l) = \"{label}\") }}"))
        entities = {str(r["e"]) for r in rows}
        graphs = {str(r["g"]) for r in rows}
        assert len(graphs) == 2 and len(entities) == 2, (label, entities)


def test_a_blocks_body_drops_every_prefix_line_and_keeps_the_rest() -> None:
    """dataset.trig holds each report's Turtle inside its graph's braces without the @prefix lines, which the
    file's header declares once; any other line, one that only looks like a prefix among them, is kept."""
    import random

    from govkg.dataset import _body, wrap_block

    def by_lines(turtle: str) -> str:
        kept = [ln for ln in turtle.split("\n") if not ln.startswith("@prefix ")]
        return "\n".join(kept).strip("\n")

    rng = random.Random(1)
    parts = ["@prefix gk: <https://w3id.org/govkg/def#> .", "gkid:a gk:b gkid:c .", "", "  @prefix x", "@prefixy",
             '"@prefix "', "@prefix z: <y> .", "通州区 ."]
    for _ in range(2000):
        text = "\n".join(rng.choice(parts) for _ in range(rng.randint(0, 8))) + rng.choice(["", "\n"])
        assert _body(text.encode()) == by_lines(text), text
    block = wrap_block(b"@prefix gk: <g#> .\n\ngkid:a gk:b 1 .\n", "https://example.org/r")
    assert block == b"<https://example.org/r> {\ngkid:a gk:b 1 .\n}\n"


def test_preload_loads_our_tokenizer_and_not_jiebas_global_dictionary() -> None:
    """The parent loads, before forking, what every report needs and nothing else: jieba's global tokenizer (its
    full dictionary, about a second) is never used by a build, so a batch must not pay for it."""
    code = ("import jieba; from govkg.batch import preload; from govkg.extract.names import _jieba; preload(); "
            "print(jieba.dt.initialized, _jieba.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "1"]


def test_the_preload_report_runs_every_step_and_loads_what_reports_share() -> None:
    """`preload` builds a small report instead of the bundled one: it must read as a report (both parts, metrics,
    names of several classes) and leave loaded what every report uses: the tokenizer, the dictionaries' automaton,
    the compiled shapes and the page's fixed parts."""
    from govkg.batch import PRELOAD_REPORT

    x = run_extraction(from_text(PRELOAD_REPORT, "preload.txt"))
    assert {g.part for g in x.outline.goals} == {"review", "plan"}
    assert len(x.metrics) >= 3
    assert len({e.type for e in x.entities}) >= 2, [(e.name, e.type) for e in x.entities]
    code = ("from govkg.batch import preload; preload(); from govkg.extract.names import _jieba; "
            "from govkg.resolve import _dictionary_automaton; from govkg.shapes import compiled; "
            "from govkg.export.html import _fixed_parts; "
            "print(*(f.cache_info().currsize for f in (_jieba, _dictionary_automaton, compiled, _fixed_parts)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["1", "1", "1", "1"]
