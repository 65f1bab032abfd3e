"""Print a table of the time govkg takes to read each report, step by step, and optionally against another checkout.

    .venv/bin/python benchmarks/bench_reading.py                       # the dev set and the bundled report
    .venv/bin/python benchmarks/bench_reading.py FILE... --runs 7
    .venv/bin/python benchmarks/bench_reading.py --against ../old-checkout

Each run builds every report in a fresh process through the Python API (`build_path`, SHACL on), after one
warm-up build that is not counted (it loads jieba, the dictionaries and the shapes); with `--against`, runs of this checkout and of the other alternate (A B A B …) and
the table gives the ratio of the medians per report, which holds when the machine's speed drifts. Figures are
milliseconds (median of the runs) and milliseconds per thousand characters of cleaned text. This is not a test:
it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "eval" / "dev"
STEPS = ["clean", "outline", "extract", "graph", "check"]


def default_files() -> list[Path]:
    from govkg.pipeline import bundled_report

    return sorted(DEV.glob("dev-0*.txt")) + [bundled_report()]


def worker(files: list[str]) -> None:
    """One run over every file, in this process: timings per step, characters and triples, as JSON on stdout."""
    from govkg.pipeline import build_path

    build_path(files[0])  # warm-up, not counted: loads jieba, the dictionaries and the shapes
    out = {}
    for f in files:
        built = build_path(f)
        out[f] = {"chars": len(built.extraction.document.text), "triples": len(built.graph),
                  **{k: v * 1000 for k, v in built.timings.items()}}
    print(json.dumps(out))


def run(src: Path, files: list[str]) -> dict[str, dict[str, float]]:
    env = dict(os.environ, PYTHONPATH=str(src / "src"))
    proc = subprocess.run([sys.executable, __file__, "--worker", *files], env=env, capture_output=True, text=True,
                          check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def median(runs: list[dict[str, dict[str, float]]], f: str, key: str) -> float:
    return statistics.median(r[f].get(key, 0.0) for r in runs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--against", type=Path, help="another checkout of govkg to compare with (its src/ is used)")
    ap.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        worker(a.worker)
        return 0
    files = [str(p) for p in (a.files or default_files())]
    mine: list[dict[str, dict[str, float]]] = []
    theirs: list[dict[str, dict[str, float]]] = []
    for _ in range(a.runs):
        mine.append(run(REPO, files))
        if a.against:
            theirs.append(run(a.against, files))
    head = ["report", "chars", "triples", *STEPS, "total ms", "ms/kchar"]
    if a.against:
        head += ["other ms", "ratio"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    sums = [0.0, 0.0]
    for f in files:
        total = sum(median(mine, f, k) for k in ["read", *STEPS, "describe"])
        chars = median(mine, f, "chars")
        row = [Path(f).name, f"{chars:.0f}", f"{median(mine, f, 'triples'):.0f}",
               *(f"{median(mine, f, k):.0f}" for k in STEPS), f"{total:.0f}", f"{total / chars * 1000:.1f}"]
        sums[0] += total
        if a.against:
            other = sum(median(theirs, f, k) for k in ["read", *STEPS, "describe"])
            sums[1] += other
            row += [f"{other:.0f}", f"{total / other:.2f}"]
        print("| " + " | ".join(row) + " |")
    if a.against:
        print(f"\nall reports: {sums[0]:.0f} ms against {sums[1]:.0f} ms, ratio {sums[0] / sums[1]:.2f} "
              f"(medians of {a.runs} alternating runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
