"""Print a table of how fast `govkg build` is on the bundled report, and how much memory it takes.

Run with `make bench` (or `.venv/bin/python benchmarks/bench_build.py [--runs N]`). Three measurements:

1. the command line, cold: `govkg build` in a fresh process, each run into a new temporary directory;
   wall time and peak resident memory of that process;
2. the pipeline stages, in-process through the Python API (`build_path` then `write_outputs`): the first run
   (which loads the dictionaries, jieba and the shapes) and the median of the runs after it;
3. the Turtle writer: rdflib's own serializer against `govkg.export.rdf.serialize` (pyoxigraph, sorted
   triples) on the same graph.

Every figure is the median of `--runs` runs. This is not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import govkg
from govkg.export.rdf import serialize
from govkg.pipeline import build_path, bundled_report, write_outputs

STAGES = ["read", "clean", "outline", "quantities", "require-report", "extract", "describe", "repair", "reading", "graph",
          "check", "export-turtle", "export-html"]


def govkg_command() -> list[str]:
    """The `govkg` console script next to this interpreter, else `python -m govkg`."""
    script = shutil.which("govkg", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "govkg"]


def rss_mib(ru_maxrss: int) -> float:
    """ru_maxrss is in KiB on Linux and in bytes on macOS."""
    return ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else ru_maxrss / 1024


def cold_cli(runs: int) -> tuple[list[float], list[float]]:
    """Wall seconds and peak RSS (MiB) of `govkg build` in a fresh process, once per run.

    The resource usage is the one the kernel reports for that child when it is reaped (os.wait4); this is what
    resource.getrusage(RUSAGE_CHILDREN) reports too, except that RUSAGE_CHILDREN keeps the maximum over every
    child waited for so far, which would hide a run that needs less memory than an earlier one.
    """
    cmd = govkg_command()
    walls: list[float] = []
    peaks: list[float] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="govkg-bench-") as out:
            t0 = time.perf_counter()
            proc = subprocess.Popen([*cmd, "build", "--quiet", "--out", out], stdin=subprocess.DEVNULL)
            _, status, usage = os.wait4(proc.pid, 0)
            walls.append(time.perf_counter() - t0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode != 0:
                sys.exit(f"bench: `{' '.join(cmd)} build` exited with code {proc.returncode}")
            peaks.append(rss_mib(usage.ru_maxrss))
    return walls, peaks


def stages(runs: int) -> tuple[dict[str, float], dict[str, float], int, int]:
    """Per-stage seconds of the first in-process build and the median of `runs` builds after it."""
    report = bundled_report()
    per_run: list[dict[str, float]] = []
    triples = chars = 0
    for _ in range(runs + 1):
        with tempfile.TemporaryDirectory(prefix="govkg-bench-") as out:
            built = build_path(report)
            write_outputs(built, Path(out))
        per_run.append(dict(built.timings))
        triples, chars = len(built.graph), len(built.extraction.document.text)
    first, rest = per_run[0], per_run[1:]
    names = [s for s in STAGES if s in first] + [s for s in first if s not in STAGES]
    median = {s: statistics.median(r.get(s, 0.0) for r in rest) for s in names}
    return {s: first.get(s, 0.0) for s in names}, median, triples, chars


def timed(fn: Callable[[], bytes], runs: int) -> tuple[float, int]:
    """Median seconds of `fn` over `runs` calls, and the size of what it returned."""
    times: list[float] = []
    size = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        size = len(fn())
        times.append(time.perf_counter() - t0)
    return statistics.median(times), size


def serializers(runs: int) -> list[tuple[str, float, int]]:
    graph = build_path(bundled_report(), validate=False).graph
    rdflib_turtle = timed(lambda: graph.serialize(format="turtle", encoding="utf-8"), runs)
    govkg_turtle = timed(lambda: serialize(graph, "turtle"), runs)
    return [
        ("rdflib Graph.serialize(format='turtle')", *rdflib_turtle),
        ("govkg.export.rdf.serialize(g, 'turtle')", *govkg_turtle),
    ]


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"


def table(header: list[str], rows: list[list[str]]) -> str:
    """Plain text, first column left-aligned, the others right-aligned."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5)")
    runs = parser.parse_args().runs

    walls, peaks = cold_cli(runs)
    first, median, triples, chars = stages(runs)
    writers = serializers(runs)

    print(
        f"govkg {govkg.__version__}, Python {platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs"
    )
    print(
        f"bundled report {bundled_report().name}: {chars} characters of text, {triples} triples; median of {runs} runs"
    )
    print()
    rows = [
        ["govkg build, fresh process: wall time", f"{statistics.median(walls):.2f} s", ""],
        ["govkg build, fresh process: peak RSS", f"{statistics.median(peaks):.0f} MiB", ""],
    ]
    rows += [[f"stage {s}", ms(median[s]), ms(first[s])] for s in median]
    rows.append(["stages, total", ms(sum(median.values())), ms(sum(first.values()))])
    print(table(["measurement", "median", "first run"], rows))
    print()
    print(
        table(
            ["Turtle writer, same graph", "median", "output"],
            [[name, ms(sec), f"{size / 1024:.0f} KiB"] for name, sec, size in writers],
        )
    )


if __name__ == "__main__":
    main()
