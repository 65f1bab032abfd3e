"""Print a table of the check step's time: the compiled shapes (govkg.shapes, the default) against pyshacl.

    .venv/bin/python benchmarks/bench_check.py                   # the bundled report and dev-01 of the shared set
    .venv/bin/python benchmarks/bench_check.py FILE... --runs 9

In one process, warm (a first run of each is not counted: it parses the shapes, compiles them, imports pyshacl):
`govkg.check.check(g)` and `check(g, "full")` on the built graph of each report, and the whole `build_path` with
each, median of the runs, in milliseconds. This is not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEV01 = REPO.parent / "shared" / "eval" / "dev" / "dev-01.txt"


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up, not counted
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> int:
    from govkg.check import check
    from govkg.pipeline import build_path, bundled_report

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    files = a.files or [bundled_report(), *([DEV01] if DEV01.is_file() else [])]
    print("| report | triples | check fast ms | check pyshacl ms | ratio | build fast ms | build full ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for f in files:
        g = build_path(f, validate=False).graph
        fast = median_ms(lambda g=g: check(g), a.runs)  # type: ignore[misc]
        full = median_ms(lambda g=g: check(g, "full"), a.runs)  # type: ignore[misc]
        build_fast = median_ms(lambda f=f: build_path(f), a.runs)  # type: ignore[misc]
        build_full = median_ms(lambda f=f: build_path(f, validate="full"), a.runs)  # type: ignore[misc]
        print(f"| {Path(f).name} | {len(g)} | {fast:.1f} | {full:.0f} | {full / fast:.1f}× | {build_fast:.0f} | "
              f"{build_full:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
