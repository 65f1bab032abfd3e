"""govkg.iris mints every IRI and parses it back; the modules that only read graphs import nothing of the extractor."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from govkg import iris

BASE = "https://w3id.org/govkg/id/"
R = iris.report_iri("110112/2023/summary")


@pytest.mark.parametrize(("iri", "kind", "report_id", "local"), [
    (R, "report", "110112/2023/summary", ""),
    (iris.goal_iri(R, "plan-1-2"), "node", "110112/2023/summary", "goal/plan-1-2"),
    (iris.statement_iri(R, "review-1.4"), "node", "110112/2023/summary", "statement/review-1.4"),
    (iris.numbered_iri(R, "metric", "review-1.4", 2), "node", "110112/2023/summary", "metric/review-1.4-2"),
    (iris.node_iri(R, "context-2"), "node", "110112/2023/summary", "context-2"),
    (iris.warning_iri(iris.node_iri(R, "reading"), 3), "node", "110112/2023/summary", "reading/warning-3"),
    (iris.check_iri(str(iris.numbered_iri(R, "metric", "plan-1", 1))), "node", "110112/2023/summary",
     "metric/plan-1-1/check"),
    (iris.report_iri("柳岸区/2024/work-report"), "report", "柳岸区/2024/work-report", ""),
    (iris.report_iri_of_stem("tongzhou 2023"), "report", "tongzhou_2023", ""),
    (iris.entity_iri("运河商务区"), "entity", None, "运河商务区"),
    (iris.entity_iri("“两区”建设"), "entity", None, "两区建设"),
    (iris.entity_iri("区财政局", "顺义区", "110113/2023/work-report", relative=True), "entity", None, "顺义区/区财政局"),
    (iris.entity_iri("省委", None, "x/2024/work-report", relative=True), "entity", "x/2024/work-report", "省委"),
    (iris.entity_iri("M101线 (一期)"), "entity", None, "M101线_(一期)"),
    (iris.indicator_iri("forest-coverage"), "indicator", None, "forest-coverage"),
    (iris.agent_iri("1.0.0+dev"), "software", None, "govkg/1.0.0%2Bdev"),
    (iris.PROMISES_GRAPH, "dataset", None, "promise-checks"),
    ("https://schema.org/Place", "foreign", None, ""),
])
def test_every_minted_iri_parses_back(iri: str, kind: str, report_id: str | None, local: str) -> None:
    assert str(iri).startswith(BASE) or kind == "foreign"
    parsed = iris.parse(str(iri))
    assert (parsed.kind, parsed.report_id, parsed.local) == (kind, report_id, local)


def test_node_kinds() -> None:
    assert iris.parse(str(iris.goal_iri(R, "plan-1"))).node_kind == "goal"
    assert iris.parse(str(iris.numbered_iri(R, "status", "plan-1", 1))).node_kind == "status"
    assert iris.parse(str(iris.node_iri(R, "context-3"))).node_kind == "context"
    with pytest.raises(ValueError):
        iris.numbered_iri(R, "goal", "plan-1", 1)


def test_iri_names_read_like_the_name() -> None:
    assert iris.iri_name("运河商务区") == "运河商务区"
    assert iris.iri_name("２０３０启航计划") == "2030启航计划"  # width-folded
    assert iris.iri_name("《规划》") == "规划"  # book-title marks dropped
    assert iris.iri_name("a/b") == "a%2Fb"  # never a path step


def test_graph_iris_come_from_the_module(bundled_ttl: Path) -> None:
    """Every IRI of the bundled graph under gkid: parses as one of ours (none is minted elsewhere by hand)."""
    import pyoxigraph as ox

    seen = set()
    for q in ox.parse(path=bundled_ttl, format=ox.RdfFormat.TURTLE):
        for t in (q.subject, q.object):
            if isinstance(t, ox.NamedNode) and t.value.startswith(BASE):
                seen.add(iris.parse(t.value).kind)
    assert seen == {"report", "node", "entity", "indicator", "software"}


LIGHT = """
import json, sys
from govkg.cli import main
sys.argv = ["govkg", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("jieba", "pyshacl", "ahocorasick", "owlrl")
               or m.startswith(("govkg.extract", "govkg.resolve", "govkg.outline", "govkg.check", "govkg.pipeline")))
print(json.dumps(heavy))
"""


@pytest.mark.slow
@pytest.mark.parametrize("args", [
    ["--help"],
    ["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--data", "{ttl}"],
    ["query", "entity", "--data", "{ttl}", "-p", "name=运河商务区"],
    ["load", "{ttl}", "--store", "{store}"],
])
def test_reading_commands_do_not_load_the_extractor(args: list[str], bundled_ttl: Path, tmp_path: Path) -> None:
    """`govkg query`, `load` and `--help` import neither jieba nor pyshacl nor the extractor."""
    args = [a.replace("{ttl}", str(bundled_ttl)).replace("{store}", str(tmp_path / "store")) for a in args]
    proc = subprocess.run([sys.executable, "-c", LIGHT, json.dumps(args)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.splitlines()[-1]) == []


def test_only_iris_mints_under_gkid() -> None:
    """No module but govkg.iris builds an IRI under gkid: by hand (vocab names the namespace)."""
    import re

    src = Path(__file__).resolve().parents[1] / "src" / "govkg"
    offenders = [f"{p.relative_to(src)}:{n}" for p in src.rglob("*.py") if p.name not in ("iris.py", "vocab.py")
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"\bV\.ID\[|str\(V\.ID\)|[\"']https://w3id\.org/govkg/id/", line) and not line.lstrip().startswith("#")]
    assert offenders == []
