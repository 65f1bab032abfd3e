"""Time `govkg build DIR` on synthetic corpora of growing size, against jieba's part-of-speech tagger.

    .venv/bin/python benchmarks/bench_batch.py [--sizes 100,300,1000] [--jobs N] [--seed 0] [--keep]

For each size, `make_corpus.py` writes that many reports into a temporary directory; then

* `govkg build CORPUS --out OUT --jobs N --quiet` runs as a subprocess: its wall time, and the peak resident
  memory of its whole process tree (the parent and every worker it starts), sampled every 50 ms as the sum of the
  tree's current RSS (psutil when the venv has it, else /proc; without psutil the parent's own VmHWM is a floor);
* `jieba.posseg.cut` runs over the text of every report in this process, one after the other, after
  `jieba.initialize()` has loaded the dictionary (the load is not timed, nor is reading the files).

The table compares characters per second. The govkg figure comes from `--jobs` processes, the posseg figure from a
single one, so their ratio is a throughput ratio, not a per-core one. The last line compares the time per report
of the largest and smallest corpus (1.0 means time grows linearly with the number of reports).

Temporary corpora and outputs are removed unless `--keep` is given. This is not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import DEFAULT_SOURCES, Pool, load_pool, write_corpus  # noqa: E402

try:
    import psutil
except ImportError:  # fall back on /proc
    psutil = None

POLL_SECONDS = 0.05
BOX_CHARS = " \t│┃|╭╮╰╯┌┐└┘─━"


@dataclass
class BuildResult:
    returncode: int
    wall: float
    peak_rss: int  # bytes
    last_error: str = ""


@dataclass
class Row:
    reports: int
    bytes: int
    chars: int
    build: BuildResult
    posseg_cps: float


# --- process-tree memory -----------------------------------------------------------------------------------------


def tree_rss_psutil(pid: int) -> int:
    """Current RSS of a process and all its descendants, in bytes (0 once it has gone)."""
    assert psutil is not None
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):  # a worker may exit between listing and reading
            total += p.memory_info().rss
    return total


def proc_status_kib(pid: int, field: str) -> int:
    """A `field: N kB` line of /proc/<pid>/status, in KiB (0 when the process or the line is missing)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def proc_children() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc/<pid>/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])  # the field after the state, past the command name
        children.setdefault(ppid, []).append(int(entry))
    return children


def tree_rss_proc(pid: int) -> int:
    """Current RSS of a process and its descendants from /proc, in bytes; at least the root's VmHWM."""
    children = proc_children()
    stack, total = [pid], 0
    while stack:
        p = stack.pop()
        total += proc_status_kib(p, "VmRSS")
        stack += children.get(p, [])
    return max(total, proc_status_kib(pid, "VmHWM")) * 1024


def tree_rss(pid: int) -> int:
    return tree_rss_psutil(pid) if psutil is not None else tree_rss_proc(pid)


# --- the measurements --------------------------------------------------------------------------------------------


def govkg_executable() -> Path:
    return Path(sys.executable).with_name("govkg")


def last_line(path: Path) -> str:
    """The last line of a file that says something, without the frame rich draws around error messages."""
    lines = [line.strip(BOX_CHARS) for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    lines = [line for line in lines if any(ch.isalnum() for ch in line)]
    return lines[-1] if lines else "(no output on stderr)"


def run_build(corpus: Path, out: Path, jobs: int, extra: list[str]) -> BuildResult:
    """Run `govkg build` on a corpus, polling the memory of its process tree until it exits."""
    cmd = [str(govkg_executable()), "build", str(corpus), "--out", str(out), "--jobs", str(jobs), "--quiet", *extra]
    err_path = out.with_name(out.name + ".stderr")
    peak = 0
    with open(err_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        while proc.poll() is None:
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(POLL_SECONDS)
        wall = time.perf_counter() - t0
    result = BuildResult(proc.returncode, wall, peak)
    if proc.returncode != 0:
        result.last_error = last_line(err_path)
    return result


def posseg_throughput(files: list[Path]) -> tuple[float, int]:
    """Characters per second of jieba.posseg.cut over every file, dictionary loaded beforehand; and the characters."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    texts = [f.read_text(encoding="utf-8") for f in files]
    chars = sum(len(t) for t in texts)
    t0 = time.perf_counter()
    for text in texts:
        for _ in jieba.posseg.cut(text):
            pass
    return chars / (time.perf_counter() - t0), chars


def measure(size: int, root: Path, jobs: int, seed: int, pool: Pool, extra: list[str]) -> Row:
    corpus, out = root / f"corpus-{size}", root / f"out-{size}"
    stats = write_corpus(corpus, size, seed, pool=pool)
    print(f"  {stats.summary(corpus)}", file=sys.stderr)
    out.mkdir()
    print(f"  govkg build --jobs {jobs} …", file=sys.stderr)
    build = run_build(corpus, out, jobs, extra)
    if build.returncode != 0:
        print(f"  govkg build exited with code {build.returncode}: {build.last_error}", file=sys.stderr)
    print("  jieba.posseg.cut …", file=sys.stderr)
    cps, chars = posseg_throughput(stats.paths)
    return Row(size, stats.bytes, chars, build, cps)


# --- the report --------------------------------------------------------------------------------------------------


def build_cells(row: Row) -> list[str]:
    b = row.build
    if b.returncode not in (0, 11):
        return [f"failed (exit {b.returncode})", "—", "—", "—"]
    note = "" if b.returncode == 0 else " (some failed)"
    cps = row.chars / b.wall
    return [f"{b.wall:.1f}{note}", f"{cps:,.0f}", f"{b.peak_rss / 2**20:,.0f}", f"{cps / row.posseg_cps:.2f}"]


def table(rows: list[Row]) -> list[str]:
    lines = ["| reports | MB | chars | govkg wall s | govkg chars/s | govkg peak RSS MiB | posseg chars/s | "
             "govkg/posseg ratio |", "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        wall, cps, rss, ratio = build_cells(r)
        lines.append(f"| {r.reports:,} | {r.bytes / 1e6:.1f} | {r.chars:,} | {wall} | {cps} | {rss} | "
                     f"{r.posseg_cps:,.0f} | {ratio} |")
    return lines


def linearity(rows: list[Row]) -> str:
    ok = [r for r in rows if r.build.returncode in (0, 11)]  # 11: a few reports skipped, the rest built
    if len(ok) < 2:
        return "linearity: needs two sizes that built"
    small, large = min(ok, key=lambda r: r.reports), max(ok, key=lambda r: r.reports)
    per_small, per_large = small.build.wall / small.reports, large.build.wall / large.reports
    verdict = "about linear" if per_large / per_small < 1.2 else "worse than linear"
    return (f"linearity: {per_small:.3f} s/report at {small.reports:,} reports, {per_large:.3f} s/report at "
            f"{large.reports:,}: ratio {per_large / per_small:.2f} ({verdict}; 1.0 = linear, below 1 = fixed "
            f"start-up cost spread over more reports)")


def parse_sizes(text: str) -> list[int]:
    sizes = [int(s) for s in text.split(",") if s.strip()]
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive integers, comma-separated")
    return sizes


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=parse_sizes, default=[100, 300, 1000], help="corpus sizes (default 100,300,1000)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="govkg build --jobs (default: CPU count)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument("--build-args", default="", help="more govkg build options, e.g. \"--no-validate --no-html\"")
    ap.add_argument("--keep", action="store_true", help="keep the corpora and outputs (their directory is printed)")
    args = ap.parse_args(argv)
    if not govkg_executable().exists():
        sys.exit(f"bench: {govkg_executable()} not found (install the package into this venv)")
    root = Path(tempfile.mkdtemp(prefix="govkg-batch-"))
    try:
        pool = load_pool(DEFAULT_SOURCES)
        rows = []
        for size in args.sizes:
            print(f"{size} reports:", file=sys.stderr)
            rows.append(measure(size, root, args.jobs, args.seed, pool, args.build_args.split()))
    finally:
        if args.keep:
            print(f"kept corpora and outputs in {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)
    print("\n".join(table(rows)))
    print(f"\ngovkg build {args.build_args} ran with --jobs {args.jobs} on {os.cpu_count()} CPUs (peak RSS: sum over its process tree, "
          f"sampled every {POLL_SECONDS * 1000:.0f} ms via {'psutil' if psutil else '/proc'}); "
          "posseg is jieba.posseg.cut in a single process, dictionary load excluded.")
    print(linearity(rows))


if __name__ == "__main__":
    main()
