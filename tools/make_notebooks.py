"""Write the notebooks in notebooks/ from the cell sources below, without outputs (run them to see the results).

    .venv/bin/python tools/make_notebooks.py            # (re)write notebooks/*.ipynb
    .venv/bin/python tools/make_notebooks.py --check    # exit 1 when a notebook differs from what this writes
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIND_ROOT = '''from pathlib import Path

# the repository's root, whether the kernel started in notebooks/ or at the root
ROOT = next(p for p in (Path.cwd(), *Path.cwd().parents) if (p / "pyproject.toml").is_file())'''

NOTEBOOKS: dict[str, list[tuple[str, str]]] = {
    "01-build-and-explore": [
        ("md", """# 1. Build a report and explore it

govkg reads a government work report (政府工作报告) and builds an RDF graph of it: the report's own hierarchy of
goals, its statements, the named things it mentions (projects, areas, institutions …), the numbers it states, and
where in the text each came from. This notebook builds the report that ships with govkg, the 2023 report of
Tongzhou district (a newspaper summary), through the Python API, and looks at what came out.

Every cell calls govkg; the notebook defines no logic of its own."""),
        ("code", FIND_ROOT + '''

from collections import Counter

from govkg.notebook import Table, run, view
from govkg.pipeline import build_path, bundled_report

built = build_path(bundled_report())
x = built.extraction
meta = x.meta
print(f"{meta.title}: {meta.region} ({meta.region_code}), review {meta.review_year}, plan {meta.plan_year}")
print("report IRI: gkid:report/" + meta.id, "| presenter:", meta.presenter_title, meta.presenter)
print("check:", built.report.summary(), "|", len(built.graph), "triples")
print("seconds per step:", {step: round(s, 3) for step, s in built.timings.items()})'''),
        ("md", """## What the pipeline found

Goals are headings (the review and plan parts, chapters, sections); statements are the sentences and list items
under them; entities are named things; metrics are stated numbers with a unit, a year and a kind."""),
        ("code", '''counts = Counter(e.type for e in x.entities)
Table(["what", "count"], [["goals", str(len(x.outline.goals))], ["statements", str(len(x.outline.statements))],
                          ["metrics", str(len(x.metrics))], ["counted groups", str(len(x.groups))],
                          ["project statuses", str(len(x.statuses))]]
      + [[f"entities: {t}", str(n)] for t, n in counts.most_common()])'''),
        ("md", """## One goal's subtree

The plan part's second chapter, with its sections and the statements under each. `gk:subGoalOf` links a section to
its chapter; a statement `gk:serves` its heading."""),
        ("code", '''goal = next(g for g in x.outline.goals if g.id == "plan-2")
under = [g for g in x.outline.goals if g.id == goal.id or g.parent == goal.id]
Table(["goal", "level", "statement"],
      [[g.title, g.level, s.text] for g in under for s in x.outline.statements if s.goal == g.id and not s.has_parts])'''),
        ("md", """## Entities that serve the goal, with SPARQL

The same question through the graph: the shipped query `entities-by-goal` walks `gk:subGoalOf*` down from the
heading. `run` takes SPARQL text, a `.rq` file or a shipped query's name, and the query's parameters."""),
        ("code", '''run("entities-by-goal", data=[ROOT / "graph" / "tongzhou-2023.ttl"], goal=goal.title[:8])'''),
        ("md", """## The interactive view

The page `govkg build` writes beside the Turtle, shown inline. It works offline: the network library and the data
are inside the page. Click a node for its details, use the legend to hide classes, search by name."""),
        ("code", '''view(built.graph, goal="plan-2", height=560)'''),
    ],
    "02-sparql-cookbook": [
        ("md", """# 2. SPARQL cookbook

govkg ships named SPARQL queries (`ontology/queries/*.rq`, listed by `govkg query --list`). Each is run below on
the bundled report's graph, `graph/tongzhou-2023.ttl`, as `govkg query NAME --data graph/tongzhou-2023.ttl` would
run it; the last one needs several years of one region and runs on our test series."""),
        ("code", FIND_ROOT + '''

from govkg.notebook import run
from govkg.query import named_queries

GRAPH = ROOT / "graph" / "tongzhou-2023.ttl"
for name, q in named_queries().items():
    params = ", ".join(f"{p.name}={p.default}" if p.default else p.name for p in q.params.values())
    print(f"{name:<24} {q.title}" + (f"  [{params}]" if params else ""))'''),
        ("md", "## Which entities serve a goal (with its sub-goals)"),
        ("code", '''run("entities-by-goal", data=[GRAPH])'''),
        ("md", "## Everything about one entity"),
        ("code", '''run("entity", data=[GRAPH], name="运河商务区")'''),
        ("md", "## Projects by area"),
        ("code", '''run("projects-by-area", data=[GRAPH])'''),
        ("md", "## Institutions ranked by the tasks that name them"),
        ("code", '''run("institutions-by-tasks", data=[GRAPH])'''),
        ("md", "## Metrics, with their kind, year and qualifier"),
        ("code", '''table = run("metrics", data=[GRAPH])
print(len(table), "metrics")
table'''),
        ("md", "## Targets beside achievements, per entity"),
        ("code", '''run("targets-vs-achievements", data=[GRAPH])'''),
        ("md", "## Where a fact came from"),
        ("code", '''run("provenance", data=[GRAPH], fact="gkid:report/110112/2023/summary/metric/review-4-1.2.2-1")'''),
        ("md", """## Promises and results (several years)

`promises` pairs each plan target of year N with what the next year's review reported. It needs a dataset of
several reports of one region: here the three-year test series, built into a temporary directory."""),
        ("code", '''import tempfile

from govkg.batch import build_batch

out = Path(tempfile.mkdtemp()) / "series"
build_batch([ROOT / "tests" / "data" / "series"], out, html=False)
run("promises", data=[out / "dataset.trig"], status="missed")'''),
    ],
    "03-network-analysis": [
        ("md", """# 3. Network analysis

Read the report as a network: a node per named entity and per goal, an edge from an entity to each goal it serves
(weighted by the statements that link them), and an edge between entities named in the same statement
(`govkg.analysis.network`). Then ask networkx which entities and goals are central, which areas and institutions
bridge the most goals, and which communities the report's things form."""),
        ("code", FIND_ROOT + '''

from govkg import analysis as A
from govkg.notebook import Table

net = A.network(A.load([ROOT / "graph" / "tongzhou-2023.ttl"]))
print(net.number_of_nodes(), "nodes,", net.number_of_edges(), "edges:", dict(A.kind_counts(net)))'''),
        ("md", "## Central entities (weighted degree) and their strongest neighbours"),
        ("code", '''kinds = {"Project", "Facility", "Area", "Institution", "Program", "IndustryCluster", "Event"}
central = A.central(net, 12, kinds=kinds)
Table(["entity", "class", "links", "strongest neighbours"], [[r.name, r.kind, f"{r.score:g}", r.detail] for r in central])'''),
        ("md", "## Central goals"),
        ("code", '''Table(["goal", "links", "strongest neighbours"], [[r.name, f"{r.score:g}", r.detail] for r in A.central(net, 8, kinds={"Goal"})])'''),
        ("md", "## Areas and institutions that bridge the most goals"),
        ("code", '''Table(["entity", "class", "goals", "some of them"],
      [[r.name, r.kind, f"{r.score:g}", r.detail] for r in A.bridges(net, 10, kinds={"Area", "Institution"})])'''),
        ("md", "## Communities (greedy modularity)"),
        ("code", '''groups = A.communities(net)
Table(["size", "members (first 8)"], [[str(len(g)), "、".join(g[:8])] for g in groups[:8]])'''),
        ("md", "## A chart: the most central entities"),
        ("code", '''import matplotlib.pyplot as plt

plt.rcParams["font.sans-serif"] = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei",
                                   "DejaVu Sans"]
fig, ax = plt.subplots(figsize=(8, 4.5))
ax.barh([r.name for r in central][::-1], [r.score for r in central][::-1], color="#546e7a")
ax.set_xlabel("links (statements naming it, per goal and per co-named entity)")
ax.set_title("Tongzhou 2023: most central entities")
fig.tight_layout()'''),
    ],
    "04-promises-and-results": [
        ("md", """# 4. Promises and results across years

A report's plan part sets targets for the coming year; the next year's review says what was done. Built together,
several years of one region's reports give each target a verdict: exceeded, met, partly met, missed or not
reported. This notebook builds our three-year test series of an invented district (`tests/data/series`) as one
dataset and reads the verdicts."""),
        ("code", FIND_ROOT + '''

import tempfile
from collections import Counter

from govkg.batch import build_batch
from govkg.notebook import Table, run

out = Path(tempfile.mkdtemp()) / "series"
result = build_batch([ROOT / "tests" / "data" / "series"], out, html=True)
ds = result.dataset
print(len(ds.reports), "reports,", ds.triples, "triples,", ds.check_count, "promise checks")
Table(["verdict", "checks"], [[k, str(v)] for k, v in sorted(ds.statuses.items())])'''),
        ("md", "## Every check, with both sentences"),
        ("code", '''checks = run("promises", data=[out / "dataset.trig"])
Table(["year", "verdict", "matched by", "target", "outcome", "why"],
      [[r["year"], r["status"], r["matchedBy"], r["target"] + r["targetStage"], r["achievement"] + r["achievedStage"],
        r["explanation"]] for r in checks])'''),
        ("md", "## Verdicts by year and by how the pair was found"),
        ("code", '''by_year = Counter((r["year"], r["status"]) for r in checks)
by_basis = Counter((r["matchedBy"] or "(none)", r["status"]) for r in checks)
Table(["year", "verdict", "checks"], [[y, s, str(n)] for (y, s), n in sorted(by_year.items())])'''),
        ("code", '''Table(["matched by", "verdict", "checks"], [[b, s, str(n)] for (b, s), n in sorted(by_basis.items())])'''),
        ("md", "## A chart of the verdicts per year"),
        ("code", '''import matplotlib.pyplot as plt

statuses = ["exceeded", "met", "partly", "missed", "not_reported"]
years = sorted({y for y, _s in by_year})
fig, ax = plt.subplots(figsize=(7, 3.5))
left = [0] * len(years)
for s, colour in zip(statuses, ["#1b5e20", "#66bb6a", "#f9a825", "#c62828", "#9e9e9e"], strict=True):
    counts = [by_year.get((y, s), 0) for y in years]
    ax.barh(years, counts, left=left, color=colour, label=s)
    left = [a + b for a, b in zip(left, counts, strict=True)]
ax.set_xlabel("promise checks")
ax.legend(ncol=5, fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0))
fig.tight_layout()'''),
        ("md", """## The promises page

`govkg build` writes `promises.html` beside the dataset: the same table, filtered by verdict and searchable,
offline. Shown inline:"""),
        ("code", '''from govkg.notebook import Inline

Inline((out / "promises.html").read_text(encoding="utf-8"), height=520)'''),
    ],
}


def notebook(cells: list[tuple[str, str]]) -> dict[str, object]:
    out = []
    for i, (kind, src) in enumerate(cells):
        lines = src.split("\n")
        source = [ln + "\n" for ln in lines[:-1]] + [lines[-1]]
        if kind == "md":
            out.append({"cell_type": "markdown", "id": f"cell-{i}", "metadata": {}, "source": source})
        else:
            out.append({"cell_type": "code", "execution_count": None, "id": f"cell-{i}", "metadata": {}, "outputs": [],
                        "source": source})
    return {
        "cells": out,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def render(cells: list[tuple[str, str]]) -> str:
    return json.dumps(notebook(cells), ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for name, cells in NOTEBOOKS.items():
        path = ROOT / "notebooks" / f"{name}.ipynb"
        text = render(cells)
        if check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"out of date: {', '.join(stale)}: run tools/make_notebooks.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
