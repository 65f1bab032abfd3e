"""Print a table of how long every SPARQL example of README.md and docs/*.md takes on graph/tongzhou-2023.ttl,
in govkg (pyoxigraph, the query alone on a loaded store) and in rdflib (`Graph.query`, all rows consumed).

Run with `.venv/bin/python benchmarks/bench_doc_queries.py [--runs N]`. Users paste these examples into notebooks
that use rdflib, where a pattern order that pyoxigraph's planner fixes can take seconds (the README's first
example once took 13–18 s there); the table shows which examples are slow in either engine. Every figure is the
median of --runs runs after one warm-up. This is not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

from rdflib import Graph

from govkg import vocab as V
from govkg.store import memory_store, run_local

REPO = Path(__file__).resolve().parent.parent
GRAPH = REPO / "graph" / "tongzhou-2023.ttl"
FENCE = re.compile(r"^(\s*)```(\S*)\s*$")


def examples() -> list[tuple[str, str]]:
    """(file:line, text) of every ```sparql block without parameters (fences may be indented in a list)."""
    out = []
    for path in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        lines = path.read_text(encoding="utf-8").splitlines()
        i = 0
        while i < len(lines):
            m = FENCE.match(lines[i])
            i += 1
            if not m:
                continue
            start, body = i, []
            while i < len(lines) and lines[i].strip() != "```":
                body.append(lines[i].removeprefix(m.group(1)))
                i += 1
            i += 1
            text = "\n".join(body)
            if m.group(2) == "sparql" and "# param" not in text:
                out.append((f"{path.relative_to(REPO)}:{start}", text))
    return out


def median_ms(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    store = memory_store([GRAPH])
    graph = Graph().parse(GRAPH, format="turtle")
    ns = dict(V.PREFIXES)
    rows = []
    for where, q in examples():
        def ours(q: str = q) -> None:
            result = run_local(store, q, {})
            if not isinstance(result, bool):
                list(result)

        def theirs(q: str = q) -> None:
            list(graph.query(q, initNs=ns))

        rows.append((where, median_ms(ours, args.runs), median_ms(theirs, args.runs)))
    width = max(len(w) for w, _, _ in rows)
    print(f"SPARQL examples of the docs on {GRAPH.name} ({len(graph)} triples), median of {args.runs} runs")
    print(f"{'example':<{width}}  {'govkg ms':>9}  {'rdflib ms':>10}  {'rdflib/govkg':>12}")
    for where, a, b in rows:
        print(f"{where:<{width}}  {a:>9.1f}  {b:>10.1f}  {b / max(a, 0.001):>12.0f}")
    print(f"{'slowest':<{width}}  {max(a for _, a, _ in rows):>9.1f}  {max(b for _, _, b in rows):>10.1f}")


if __name__ == "__main__":
    sys.exit(main())
