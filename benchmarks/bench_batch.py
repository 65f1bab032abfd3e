"""Time `govkg build DIR` on synthetic corpora of growing size, against jieba's part-of-speech tagger.

    .venv/bin/python benchmarks/bench_batch.py [--sizes 100,300,1000] [--jobs N] [--seed 0] [--repeat 1] [--keep]

For each size, `make_corpus.py` writes that many reports into a temporary directory; then

* `govkg build CORPUS --out OUT --jobs N --quiet` runs as a subprocess, with govkg's modules compiled to bytecode
  as an installed package has them: its wall time, the CPU time of its whole process tree (the parent and every
  worker) and the largest peak RSS of one of its processes, as the kernel accounts them when it exits (wait4), and
  the largest PSS of the tree (pages the forked workers share with the parent counted once) and the largest peak
  RSS of a worker (its VmHWM: what building one report at a time takes, apart from the parent's dataset and
  promises page), sampled every second from /proc by a thread (each sample reads the page tables: sampling often
  would take CPU from the build);
* `jieba.posseg.cut` runs over the text of every report in this process, one after the other, after
  `jieba.initialize()` has loaded the dictionary (the load is not timed, nor is reading the files).

The table compares characters per second per process, two ways: govkg's wall-time throughput divided by its
worker count (what issue 13's acceptance asks: at least 0.5 of posseg's), and its characters per CPU-second of the
whole tree (which does not count a worker idle while the parent assembles the dataset). The last line compares
the CPU time per character of the largest and smallest corpus (1.0 means time grows linearly with the corpus).

`--repeat N` pairs posseg and the build N times on the same corpus and shows the run whose ratio per process is the
median (all N ratios go to standard error): one run on a shared machine can land a tenth either way.

Temporary corpora and outputs are removed unless `--keep` is given. This is not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import DEFAULT_SOURCES, Pool, load_pool, write_corpus  # noqa: E402

PSS_SECONDS = 1.0
BOX_CHARS = " \t│┃|╭╮╰╯┌┐└┘─━"


@dataclass
class BuildResult:
    returncode: int
    wall: float
    cpu: float  # user + system seconds of the whole process tree
    peak_rss: int  # bytes: the largest peak of one process
    tree_pss: int  # bytes: the largest proportional set size of the whole tree
    worker_rss: int = 0  # bytes: the largest peak RSS of a worker process (sampled; 0 with --jobs 1: no worker)
    last_error: str = ""


@dataclass
class Row:
    reports: int
    bytes: int
    chars: int
    build: BuildResult
    posseg_cps: float


# --- process-tree memory (Linux /proc) -----------------------------------------------------------------------------


def proc_kib(path: str, field: str) -> int:
    """A `field: N kB` line of a /proc file, in KiB (0 when the process or the line is missing)."""
    try:
        with open(path, encoding="ascii", errors="replace") as fh:
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


def tree_pss(pid: int) -> tuple[int, int]:
    """PSS of the whole process tree now, in bytes, and the largest peak RSS (VmHWM) of a process below `pid` so far:
    a worker's, which builds one report at a time. PSS shares each page among the processes that map it: forked
    workers share the parent's dictionaries, which RSS would count once per process."""
    children = proc_children()
    stack, pss, worker = [pid], 0, 0
    while stack:
        p = stack.pop()
        pss += proc_kib(f"/proc/{p}/smaps_rollup", "Pss")
        if p != pid:
            worker = max(worker, proc_kib(f"/proc/{p}/status", "VmHWM"))
        stack += children.get(p, [])
    return pss * 1024, worker * 1024


# --- the measurements --------------------------------------------------------------------------------------------


def govkg_executable() -> Path:
    return Path(sys.executable).with_name("govkg")


def last_line(path: Path) -> str:
    """The last line of a file that says something, without the frame rich draws around error messages."""
    lines = [line.strip(BOX_CHARS) for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    lines = [line for line in lines if any(ch.isalnum() for ch in line)]
    return lines[-1] if lines else "(no output on stderr)"


def installed_env() -> dict[str, str]:
    """The environment of an installed govkg: its modules compiled once (compileall), bytecode read from then on.
    Some sandboxes set PYTHONDONTWRITEBYTECODE, which would make every start compile govkg's sources again."""
    import govkg

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(govkg.__file__).parent)], env=env,
                   check=False, stdout=subprocess.DEVNULL)
    return env


def run_build(corpus: Path, out: Path, jobs: int, extra: list[str]) -> BuildResult:
    """Run `govkg build` on a corpus, sampling the memory of its process tree until it exits; its CPU time is that
    of every process of the tree (the workers' times roll up into the parent's when it waits for them)."""
    cmd = [str(govkg_executable()), "build", str(corpus), "--out", str(out), "--jobs", str(jobs), "--quiet", *extra]
    err_path = out.with_name(out.name + ".stderr")
    env = installed_env()
    pss = worker = 0
    stop = threading.Event()

    def sample(pid: int) -> None:  # the tree's PSS now and then; reading smaps costs CPU the build would miss
        nonlocal pss, worker
        while not stop.wait(PSS_SECONDS):
            now, peak = tree_pss(pid)
            pss, worker = max(pss, now), max(worker, peak)

    with open(err_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=env)
        sampler = threading.Thread(target=sample, args=(proc.pid,), daemon=True)
        sampler.start()
        # wait4: the exact end, and the child's own accounting, which includes the workers it reaped
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        stop.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    peak = usage.ru_maxrss * 1024  # Linux: KiB, the largest of the process and the descendants it waited for
    result = BuildResult(proc.returncode, wall, cpu, peak, pss, worker)
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


def measure(size: int, root: Path, jobs: int, seed: int, pool: Pool, extra: list[str], repeat: int = 1) -> Row:
    """Write a corpus of `size` reports, then pair posseg and a build `repeat` times; the run of median ratio."""
    corpus = root / f"corpus-{size}"
    stats = write_corpus(corpus, size, seed, pool=pool)
    print(f"  {stats.summary(corpus)}", file=sys.stderr)
    rows = []
    for run in range(repeat):
        out = root / f"out-{size}-{run}"
        out.mkdir()
        # posseg before and after the build, averaged: this machine's speed drifts between runs
        print("  jieba.posseg.cut …", file=sys.stderr)
        before, chars = posseg_throughput(stats.paths)
        print(f"  govkg build --jobs {jobs} …", file=sys.stderr)
        build = run_build(corpus, out, jobs, extra)
        if build.returncode != 0:
            print(f"  govkg build exited with code {build.returncode}: {build.last_error}", file=sys.stderr)
        print("  jieba.posseg.cut again …", file=sys.stderr)
        after, _ = posseg_throughput(stats.paths)
        print(f"  posseg: {before:,.0f} chars/s before the build, {after:,.0f} after", file=sys.stderr)
        rows.append(Row(size, stats.bytes, chars, build, (before + after) / 2))
        if run < repeat - 1:
            shutil.rmtree(out, ignore_errors=True)  # the last run's output is kept with --keep
    if repeat == 1:
        return rows[0]
    ranked = sorted(rows, key=lambda r: ratio(r, jobs))
    print(f"  ratio per process (wall) in {repeat} runs: {', '.join(f'{ratio(r, jobs):.2f}' for r in rows)}; "
          f"the table shows the median run", file=sys.stderr)
    return ranked[len(ranked) // 2]


def ratio(r: Row, jobs: int) -> float:
    """govkg's characters per second of wall time per worker, over posseg's (0 for a build that failed)."""
    return r.chars / r.build.wall / jobs / r.posseg_cps if r.build.returncode in (0, 11) else 0.0


# --- the report --------------------------------------------------------------------------------------------------


def table(rows: list[Row], jobs: int) -> list[str]:
    """One row per corpus size. Per process: govkg's characters per second of wall time divided by its worker
    count, and per CPU-second of its whole process tree; posseg runs in one process."""
    head = ["reports", "chars", "wall s", "s/report", "CPU s", "govkg chars/s per process (wall/jobs)",
            "govkg chars per CPU-s", "posseg chars/s", "ratio per process (wall)", "ratio per CPU-s",
            "peak RSS of one process MiB", "peak RSS of a worker MiB", "tree PSS MiB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for r in rows:
        b = r.build
        if b.returncode not in (0, 11):  # 11: some reports refused, the rest built
            cells = [f"failed (exit {b.returncode})"] + ["—"] * 10
        else:
            per_process, per_cpu = r.chars / b.wall / jobs, r.chars / b.cpu
            cells = [f"{b.wall:.1f}", f"{b.wall / r.reports:.3f}", f"{b.cpu:.1f}", f"{per_process:,.0f}",
                     f"{per_cpu:,.0f}", f"{r.posseg_cps:,.0f}", f"{per_process / r.posseg_cps:.2f}",
                     f"{per_cpu / r.posseg_cps:.2f}", f"{b.peak_rss / 2**20:,.0f}",
                     f"{b.worker_rss / 2**20:,.0f}" if b.worker_rss else "—", f"{b.tree_pss / 2**20:,.0f}"]
        lines.append(f"| {r.reports:,} | {r.chars:,} | " + " | ".join(cells) + " |")
    return lines


def linearity(rows: list[Row]) -> str:
    ok = [r for r in rows if r.build.returncode in (0, 11)]
    if len(ok) < 2:
        return "linearity: needs two sizes that built"
    small, large = min(ok, key=lambda r: r.reports), max(ok, key=lambda r: r.reports)
    per_small, per_large = small.build.cpu / small.chars, large.build.cpu / large.chars
    verdict = "about linear" if per_large / per_small < 1.2 else "worse than linear"
    return (f"linearity: {per_small * 1e6:.1f} CPU-µs per character at {small.reports:,} reports, "
            f"{per_large * 1e6:.1f} at {large.reports:,}: ratio {per_large / per_small:.2f} ({verdict}; 1.0 = "
            f"linear, below 1 = fixed start-up cost spread over more reports)")


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
    ap.add_argument("--repeat", type=int, default=1,
                    help="pair posseg and the build this many times per size and show the run of median ratio")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    if not govkg_executable().exists():
        sys.exit(f"bench: {govkg_executable()} not found (install the package into this venv)")
    root = Path(tempfile.mkdtemp(prefix="govkg-batch-"))
    try:
        pool = load_pool(DEFAULT_SOURCES)
        rows = []
        for size in args.sizes:
            print(f"{size} reports:", file=sys.stderr)
            rows.append(measure(size, root, args.jobs, args.seed, pool, args.build_args.split(), args.repeat))
    finally:
        if args.keep:
            print(f"kept corpora and outputs in {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)
    print("\n".join(table(rows, args.jobs)))
    print(f"\ngovkg build {args.build_args} ran with --jobs {args.jobs} on {os.cpu_count()} CPUs, its bytecode "
          f"compiled; peak RSS from the kernel's accounting, tree PSS sampled every {PSS_SECONDS:.0f} s from /proc. posseg is jieba.posseg.cut in "
          "this process, dictionary load excluded." + (f" Each row: the median of {args.repeat} paired runs."
                                                           if args.repeat > 1 else ""))
    print(linearity(rows))


if __name__ == "__main__":
    main()
