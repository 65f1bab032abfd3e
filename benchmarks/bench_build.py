"""Print a table of how fast `govkg build` is on the bundled report, and how much memory it takes.

Run with `make bench` (or `.venv/bin/python benchmarks/bench_build.py [--runs N]`). Three measurements:

1. the command line, cold, with govkg's bytecode compiled as an installed package has it: `govkg build` in a fresh
   process (each run into a new temporary directory), its wall time and peak resident memory, against a fresh
   process running `jieba.posseg.cut` over the same text; and `govkg --help` against `python -c pass`; each pair
   run in turn and its ratio taken pair by pair;
2. the pipeline stages, in-process through the Python API (`build_path` then `write_outputs`): the first run
   (which loads the dictionaries, jieba and the shapes) and the median of the runs after it;
3. the Turtle writer: rdflib's own serializer against `govkg.export.rdf.serialize` on the same graph, given as an
   rdflib Graph and as the builder's `Triples` (what a build writes).

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
from govkg.triples import Triples

STAGES = ["read", "clean", "outline", "quantities", "require-report", "extract", "describe", "repair", "reading", "graph",
          "check", "export-turtle", "export-html"]


def govkg_command() -> list[str]:
    """The `govkg` console script next to this interpreter, else `python -m govkg`."""
    script = shutil.which("govkg", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "govkg"]


def rss_mib(ru_maxrss: int) -> float:
    """ru_maxrss is in KiB on Linux and in bytes on macOS."""
    return ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else ru_maxrss / 1024


def installed_env() -> dict[str, str]:
    """govkg's modules compiled to bytecode, as an installed package has them (some sandboxes set
    PYTHONDONTWRITEBYTECODE, which would make every fresh process compile govkg's sources)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(govkg.__file__).parent)], env=env,
                   check=False, stdout=subprocess.DEVNULL)
    return env


def run_cold(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one fresh process.

    The resource usage is the one the kernel reports for that child when it is reaped (os.wait4); this is what
    resource.getrusage(RUSAGE_CHILDREN) reports too, except that RUSAGE_CHILDREN keeps the maximum over every
    child waited for so far, which would hide a run that needs less memory than an earlier one.
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: `{' '.join(cmd)}` exited with code {os.waitstatus_to_exitcode(status)}")
    return wall, rss_mib(usage.ru_maxrss)


POSSEG = ("import logging, sys, jieba, jieba.posseg\njieba.setLogLevel(logging.WARNING)\n"
          "text = open(sys.argv[1], encoding='utf-8').read()\nfor _ in jieba.posseg.cut(text): pass\n")


def cold_cli(runs: int) -> dict[str, list[tuple[float, float]]]:
    """Fresh processes, each paired with its yardstick and run in turn (A B A B …, so that a drift of the machine's
    speed moves both): `govkg build` against a cold `jieba.posseg.cut` of the same text, and `govkg --help`
    against `python -c pass`."""
    env = installed_env()
    cmd = govkg_command()
    out: dict[str, list[tuple[float, float]]] = {"build": [], "posseg": [], "help": [], "python": []}
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="govkg-bench-") as d:
            out["build"].append(run_cold([*cmd, "build", "--quiet", "--out", d], env))
        out["posseg"].append(run_cold([sys.executable, "-c", POSSEG, str(bundled_report())], env))
        out["help"].append(run_cold([*cmd, "--help"], env))
        out["python"].append(run_cold([sys.executable, "-c", "pass"], env))
    return out


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
        triples, chars = len(built.triples), len(built.extraction.document.text)
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
    built = build_path(bundled_report(), validate=False)
    graph = built.graph
    rdflib_turtle = timed(lambda: graph.serialize(format="turtle", encoding="utf-8"), runs)
    govkg_graph = timed(lambda: serialize(graph, "turtle"), runs)
    govkg_triples = timed(lambda: serialize(Triples(built.triples), "turtle"), runs)  # a fresh copy: nothing cached
    return [
        ("rdflib Graph.serialize(format='turtle')", *rdflib_turtle),
        ("govkg.export.rdf.serialize(rdflib Graph, 'turtle')", *govkg_graph),
        ("govkg.export.rdf.serialize(Triples, 'turtle'): the build", *govkg_triples),
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

    cold = cold_cli(runs)
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
    def med(name: str, i: int = 0) -> float:
        return statistics.median(r[i] for r in cold[name])

    def ratio(a: str, b: str) -> str:
        return f"{statistics.median(x[0] / y[0] for x, y in zip(cold[a], cold[b], strict=True)):.2f}x"

    rows = [
        ["govkg build, fresh process: wall time", f"{med('build'):.2f} s", ""],
        ["govkg build, fresh process: peak RSS", f"{med('build', 1):.0f} MiB", ""],
        ["jieba.posseg.cut of the same text, fresh process", f"{med('posseg'):.2f} s", ""],
        ["  govkg build / posseg (paired runs)", ratio("build", "posseg"), ""],
        ["govkg --help, fresh process", f"{med('help') * 1000:.0f} ms", ""],
        ["python -c pass, fresh process", f"{med('python') * 1000:.0f} ms", ""],
        ["  govkg --help / python (paired runs)", ratio("help", "python"), ""],
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
