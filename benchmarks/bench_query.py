"""Print a table of how fast the named queries run on an embedded store of about a million triples.

Run with `.venv/bin/python benchmarks/bench_query.py [--triples N] [--runs N]`. The store is built from
synthetic reports: the bundled report's graph, copied with its report IRIs, stem and source file renamed
(synth-0001, synth-0002, …) and its entity IRIs suffixed (gkid:运河商务区~0001; the names stay), until the
copies hold about N triples. The copies are loaded with `govkg load`'s code
(one named graph per report). Then, for each named query with its default parameters:

1. pyoxigraph directly: `Store.read_only(dir).query(text, substitutions=…, use_default_graph_as_union=True)`,
   all solutions consumed;
2. govkg in-process, the query itself: `govkg.store.run_local` + `render(result, "csv")` on the store opened
   by `govkg.store.open_store`, i.e. what `govkg query NAME --store DIR --format csv` does once it has started;
3. `govkg query NAME --store DIR --format csv` in a fresh process (wall time), and its start-up alone: the
   same process running `ASK {}` (imports, argument parsing, store opening).

Runs of 1 and 2 alternate, after one warm-up run of each.

Every figure is the median of `--runs` runs. This is not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import math
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

import govkg
from govkg import vocab as V
from govkg.export.rdf import serialize
from govkg.pipeline import build_path, bundled_report
from govkg.query import bind, named_queries, render
from govkg.store import load, open_store, run_local

STEM = "tongzhou-2023"
ENTITY = re.compile(rf"<{re.escape(str(V.ID))}(?!report/|software/)([^>]*)>")


def govkg_command() -> list[str]:
    script = shutil.which("govkg", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "govkg"]


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def synthetic_reports(directory: Path, triples: int) -> tuple[list[Path], int]:
    """N-Triples files of renamed copies of the bundled report; returns them and the triples per copy."""
    nt = serialize(build_path(bundled_report(), validate=False).graph, "nt").decode("utf-8")
    per_copy = nt.count("\n")
    copies = max(1, math.ceil(triples / per_copy))
    files = []
    for i in range(1, copies + 1):
        stem = f"synth-{i:04d}"
        path = directory / f"{stem}.nt"
        text = nt.replace(f"report/{STEM}", f"report/{stem}").replace(f"{STEM}.txt", f"{stem}.txt")
        text = ENTITY.sub(lambda m, i=i: f"<{V.ID}{m.group(1)}~{i:04d}>", text)  # its own entities, same names
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files, per_copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="about how many triples the store holds")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="govkg-bench-query-") as tmp:
        tmp_path = Path(tmp)
        (tmp_path / "files").mkdir()
        t0 = time.perf_counter()
        files, per_copy = synthetic_reports(tmp_path / "files", args.triples)
        t_files = time.perf_counter() - t0
        store_dir = tmp_path / "store"
        t0 = time.perf_counter()
        load(files, store_dir)
        t_load = time.perf_counter() - t0
        store = ox.Store.read_only(str(store_dir))
        total, graphs = len(store), len(list(store.named_graphs()))

        cmd = govkg_command()

        def process(*query_args: str) -> float:
            def run() -> None:
                subprocess.run([*cmd, "query", *query_args, "--store", str(store_dir), "-f", "csv"],
                               check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)

            return median_ms(run, max(3, args.runs // 2 + 1))

        startup = process("ASK {}")
        rows = []
        opened = open_store(store_dir)
        for name, q in named_queries().items():
            terms = bind(q, [])
            subs = {ox.Variable(k): v for k, v in terms.items()} or None
            n = sum(1 for _ in store.query(q.text, use_default_graph_as_union=True, substitutions=subs))

            def direct(q: str = q.text, subs: dict | None = subs) -> None:
                for _ in store.query(q, use_default_graph_as_union=True, substitutions=subs):
                    pass

            def ours(q: str = q.text, terms: dict = terms) -> None:
                render(run_local(opened, q, terms), "csv")

            direct(), ours()  # warm-up
            d_times, o_times = [], []
            for _ in range(args.runs):  # interleaved, so that drift in the machine's load hits both alike
                d_times.append(median_ms(direct, 1))
                o_times.append(median_ms(ours, 1))
            d, o = statistics.median(d_times), statistics.median(o_times)
            rows.append((name, n, d, o, o / d, process(name)))

    print(f"govkg {govkg.__version__}, pyoxigraph {ox.__version__}, Python {platform.python_version()}, "
          f"{platform.system()} {platform.machine()}")
    print(f"store: {graphs} synthetic reports × {per_copy} triples = {total} triples in {graphs} named graphs; "
          f"files written in {t_files:.1f} s, loaded by govkg load's code in {t_load:.1f} s")
    print(f"median of {args.runs} runs (processes: {max(3, args.runs // 2 + 1)}); "
          f"process start-up (govkg query 'ASK {{}}' --store): {startup:.0f} ms")
    print()
    head = ("named query", "rows", "pyoxigraph", "govkg query", "ratio", "govkg process")
    print(f"{head[0]:<24} {head[1]:>7} {head[2]:>11} {head[3]:>12} {head[4]:>6} {head[5]:>14}")
    print(f"{'-' * 24} {'-' * 7} {'-' * 11} {'-' * 12} {'-' * 6} {'-' * 14}")
    for name, n, d, o, ratio, p in rows:
        print(f"{name:<24} {n:>7} {d:>8.1f} ms {o:>9.1f} ms {ratio:>5.2f}× {p:>11.0f} ms")


if __name__ == "__main__":
    main()
