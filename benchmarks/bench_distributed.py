"""Build a synthetic corpus through Dask's distributed scheduler, as a corpus too large for one machine would be,
and compare it with `govkg build DIR --jobs N` on the same machine.

    pip install -e '.[bench]'        # dask and distributed: not dependencies of govkg itself
    .venv/bin/python benchmarks/bench_distributed.py [--reports 200] [--jobs 2] [--seed 0]

govkg needs no scheduler of its own to scale out: `govkg.batch.build_one(path, out_dir, …)` builds one report into
its files and returns a plain `Outcome`, and `govkg.dataset.assemble(out_dir)` makes dataset.trig and the promise
checks from the files afterwards. Here a `distributed.LocalCluster` (one single-threaded worker process per job,
each loading govkg's dictionaries once through a worker plugin) maps `build_one` over the files; on a real
cluster the same client code is given the scheduler's address instead, and the output directory is a shared
file system (or one directory per region, assembled where the files are gathered).

Both runs build every report into a fresh directory; the table gives their wall times, seconds per report and
the ratio. The two output directories must hold the same bytes (every report file and dataset.trig): the script
says so or fails. This is not a test: it asserts nothing else.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import DEFAULT_SOURCES, load_pool, write_corpus  # noqa: E402


def govkg_pool(corpus: Path, out: Path, jobs: int) -> float:
    """`govkg build DIR --jobs N` as a user runs it; wall seconds."""
    govkg = Path(sys.executable).with_name("govkg")
    t0 = time.perf_counter()
    subprocess.run([str(govkg), "build", str(corpus), "--out", str(out), "--jobs", str(jobs), "--quiet"], check=True)
    return time.perf_counter() - t0


def dask_cluster(corpus: Path, out: Path, jobs: int) -> float:
    """The same build through Dask: build_one mapped over the files, then one assemble; wall seconds, cluster
    start-up included."""
    from distributed import Client, LocalCluster, WorkerPlugin

    from govkg.batch import build_one
    from govkg.check import validation_mode
    from govkg.dataset import assemble

    class Preload(WorkerPlugin):  # type: ignore[misc]
        def setup(self, worker: object) -> None:
            from govkg.batch import preload

            preload()

    files = sorted(str(p) for p in corpus.glob("*.txt"))
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.register_plugin(Preload())
        futures = client.map(build_one, files, out_dir=str(out), validate=validation_mode(True), formats=(),
                             html=True, overrides=None, sidecar=True, pure=False)
        outcomes = client.gather(futures)
    failed = [o for o in outcomes if not o.ok]
    if failed:
        sys.exit(f"bench: {len(failed)} reports failed under Dask, the first: {failed[0].error}")
    assemble(out, html=True, keep_checks=False)
    return time.perf_counter() - t0


def same_files(a: Path, b: Path) -> list[str]:
    """Names of the report files and dataset files that differ between two output directories."""
    names = sorted(p.name for p in a.iterdir() if p.is_file() and p.suffix in (".ttl", ".trig", ".html"))
    _match, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    return mismatch + errors


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reports", type=int, default=200, help="corpus size (default 200)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: CPU count)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    args = ap.parse_args(argv)
    try:
        import distributed  # noqa: F401
    except ImportError:
        sys.exit("bench: Dask is not installed: pip install -e '.[bench]'")
    root = Path(tempfile.mkdtemp(prefix="govkg-dask-"))
    try:
        corpus = root / "corpus"
        write_corpus(corpus, args.reports, args.seed, pool=load_pool(DEFAULT_SOURCES))
        chars = sum(len(p.read_text(encoding="utf-8")) for p in corpus.glob("*.txt"))
        pool_s = govkg_pool(corpus, root / "out-pool", args.jobs)
        dask_s = dask_cluster(corpus, root / "out-dask", args.jobs)
        differ = same_files(root / "out-pool", root / "out-dask")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{args.reports} reports, {chars:,} characters, {args.jobs} worker processes\n")
    print("| runner | wall s | s/report | chars/s |\n|---|---:|---:|---:|")
    for name, s in (("govkg build --jobs", pool_s), ("Dask LocalCluster + build_one", dask_s)):
        print(f"| {name} | {s:.1f} | {s / args.reports:.3f} | {chars / s:,.0f} |")
    print(f"\nDask / govkg's own pool: {dask_s / pool_s:.2f}")
    if differ:
        sys.exit(f"bench: the two builds differ in {len(differ)} files, e.g. {differ[0]}")
    print("the two output directories hold the same bytes (reports, pages and dataset.trig)")


if __name__ == "__main__":
    main()
