"""Is a build's time linear in the text? Build one report repeated 1, 10, 30 and 100 times and print the time per
character of each (issue 14 asks that it stay within 1.5x from 1x to 100x).

    .venv/bin/python benchmarks/bench_linear.py [--report FILE] [--times 1,10,30,100] [--runs 3] [--unbroken]

Each size is built in this process through the Python API (`build_path`, then `write_outputs`: Turtle and the
page), after one build that loads the dictionaries, so process start and loading are not in the figures; a size
is built `--runs` times (sizes over 20x once) and the fastest run is kept. The copies are joined by a newline: the
text is a valid report whose goals, statements and names recur, as in a long report that returns to its themes.
With --unbroken, the copies lose their line breaks and punctuation after the first line, so the text is one line
of names, words and numbers without a sentence end (a conversion that lost them): the worst case for the steps
that work per clause and per segment.
This is not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    from govkg.pipeline import build_path, bundled_report, write_outputs

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--report", type=Path, default=None, help="the report to repeat (default: the bundled one)")
    ap.add_argument("--times", default="1,10,30,100", help="how many copies, comma-separated")
    ap.add_argument("--runs", type=int, default=3, help="runs per size up to 20 copies; the fastest is kept")
    ap.add_argument("--unbroken", action="store_true", help="one line without line breaks or punctuation")
    args = ap.parse_args(argv)
    source = args.report or bundled_report()
    text = source.read_text(encoding="utf-8")
    if args.unbroken:
        first, _, rest = text.partition("\n")
        text = first + "\n" + re.sub(r"[\s，。；：、！？,.;:!?（）()“”]+", "", rest)
    sizes = [int(x) for x in args.times.split(",")]

    with tempfile.TemporaryDirectory(prefix="govkg-linear-") as tmp:
        out = Path(tmp)
        warm = out / "warm.txt"
        warm.write_text(text, encoding="utf-8")
        write_outputs(build_path(warm), out)  # load the dictionaries, shapes and page assets once
        rows = []
        for n in sizes:
            path = out / f"x{n}.txt"
            body = text + "".join([text.partition("\n")[2]] * (n - 1)) if args.unbroken else "\n".join([text] * n)
            path.write_text(body, encoding="utf-8")
            best, stages = float("inf"), {}
            for _ in range(args.runs if n <= 20 else 1):
                gc.collect()
                t0 = time.perf_counter()
                built = build_path(path)
                write_outputs(built, out)
                took = time.perf_counter() - t0
                if took < best:
                    best, stages = took, dict(built.timings)
                del built
            rows.append((n, len(body), best, stages))
            print(f"  {n}x: {best:.2f} s", file=sys.stderr, flush=True)

    base = min(r[2] / r[1] for r in rows)
    shape = ", one line without punctuation" if args.unbroken else ""
    print(f"\n{source.name}{shape}, {len(text):,} characters, repeated; fastest of {args.runs} runs up to 20 copies\n")
    print("| copies | characters | seconds | µs per character | vs the fastest per character | largest steps |")
    print("|---:|---:|---:|---:|---:|---|")
    for n, chars, secs, stages in rows:
        top = ", ".join(f"{k} {v:.2f}" for k, v in sorted(stages.items(), key=lambda kv: -kv[1])[:3])
        print(f"| {n} | {chars:,} | {secs:.2f} | {secs / chars * 1e6:.1f} | {secs / chars / base:.2f} | {top} |")
    per_char = [r[2] / r[1] for r in rows]
    print(f"\nlargest over smallest time per character: {max(per_char) / min(per_char):.2f} (linear: 1.00; "
          f"issue 14 asks at most 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
