"""Many reports at once: each built in a worker process into its own files, then one dataset of them all.

A bad report is reported and skipped; the others are built. Every file is written through a temporary file and a
rename, so an interrupted batch (Ctrl-C) leaves whole files or none.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from govkg.check import Validation, validation_mode
from govkg.dataset import DATASET, Dataset, EarlyChecks, Sidecar, assemble
from govkg.errors import GovkgError, InputError, UsageError
from govkg.export import check_writable
from govkg.manifest import Manifest
from govkg.models import MetaOverrides
from govkg.read import STDIN

#: File names a directory input contributes: plain-text reports.
REPORT_SUFFIXES = (".txt",)


@dataclass
class Outcome:
    """What became of one input file (sent back from a worker process: plain values only)."""

    path: str
    ok: bool
    written: list[str] = field(default_factory=list)
    report: str | None = None
    triples: int = 0
    error: str | None = None
    exit_code: int = 0
    seconds: float = 0.0
    name: str = ""  # the file's name, as warnings name it
    reading: dict[str, Any] | None = None  # the report's Reading (govkg.quality) as JSON values: figures, warnings
    sidecar: Sidecar | None = None  # the header of the sidecar written for its Turtle file (for a dataset)


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    dataset: Dataset | None = None
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # warnings about the batch itself (a manifest row for no file)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def built(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.ok]


def expand(inputs: list[Path]) -> list[Path]:
    """Files as given, directories as their *.txt files (sorted); a directory without one is an input error.
    "-" (standard input) is one report, given alone."""
    out: list[Path] = []
    if len(inputs) > 1 and any(str(p) == STDIN for p in inputs):
        raise UsageError("- (standard input) is one report: give it alone, or save it to a file")
    for p in inputs:
        if str(p) == STDIN:
            out.append(p)
        elif p.is_dir():
            found = sorted(q for q in p.iterdir() if q.suffix.lower() in REPORT_SUFFIXES and q.is_file())
            if not found:
                raise InputError("directory holds no .txt report files", p)
            out += found
        else:
            out.append(p)
    return out


def _overrides_of(f: Path, given: MetaOverrides | None, manifest: Manifest | None) -> MetaOverrides | None:
    """A report's overrides: its manifest row, with what the command line sets on top of it."""
    row = manifest.for_file(f) if manifest is not None else None
    if row is None:
        return given
    if given is None:
        return row
    merged = row.model_copy(update={k: v for k, v in given.model_dump().items() if v is not None and k != "source"})
    return merged


def build_one(path: str, out_dir: str, validate: bool | Validation, formats: tuple[str, ...], html: bool,
              overrides: MetaOverrides | None, sidecar: bool = False) -> Outcome:
    """Build one report and write its files (and, for a dataset, the sidecar that assembling it reads instead of
    parsing the Turtle again); bad input becomes a failed Outcome, never an exception."""
    from govkg.dataset import write_sidecar
    from govkg.pipeline import build_path, write_outputs

    t0 = time.perf_counter()
    side = None
    try:
        built = build_path(path, validate, overrides)
        written = write_outputs(built, Path(out_dir), formats, html=html)
        if sidecar:
            side = write_sidecar(written[0], triples=built.triples)
    except GovkgError as exc:
        return Outcome(path, False, error=str(exc), exit_code=exc.exit_code, seconds=time.perf_counter() - t0)
    except Exception as exc:  # a bug: name the file, keep the batch going
        return Outcome(path, False, error=f"{path}: internal error: {type(exc).__name__}: {exc}", exit_code=1,
                       seconds=time.perf_counter() - t0)
    x = built.extraction
    return Outcome(path, True, [str(p) for p in written], x.meta.id if x.meta else None, len(built.triples),
                   seconds=time.perf_counter() - t0, name=x.document.name,
                   reading=x.reading.model_dump(mode="json") if x.reading else None,
                   sidecar=side.header() if side is not None else None)


#: Reports queued per worker process at a time (so that work submitted during the batch does not wait for it all).
IN_FLIGHT = 2

#: Collect cyclic garbage after this many new container objects (CPython's default is 700). A report makes hundreds
#: of thousands of short-lived objects that reference counting frees; at the default the collector runs thousands
#: of times per report and measured 15% of a report's time. Kept only while a batch runs.
GC_THRESHOLD = (50_000, 20, 20)


#: The report `preload` builds: every step runs (a title, both parts, a section each, metrics, names of several
#: classes), so every dictionary, automaton and compiled rule a report needs is loaded, in a fraction of the time
#: the bundled report takes (0.6 s against 0.9 s a batch, before any worker can start).
PRELOAD_REPORT = """某市某区2024年政府工作报告
一、2023年工作回顾
（一）经济发展。地区生产总值增长5.2%，新增学位1200个，建成城东污水处理厂。
二、2024年工作安排
（一）重点项目。开工建设滨河大道，推进科技产业园建设，森林覆盖率达到34%。
"""


def preload() -> None:
    """Load what every report needs, once: our jieba tokenizer and its dictionary, our dictionaries and automata,
    the compiled shapes and the page's assets (by building `PRELOAD_REPORT`, which touches them all, and writing
    nothing; jieba's global tokenizer and its full dictionary are never used, so not loaded). Then move it all out
    of the garbage collector's sight (`gc.freeze`): forked workers share these pages with the parent instead of
    copying them when a collection would touch them."""
    import gc

    import govkg.dataset  # noqa: F401
    import govkg.export.promises_html  # noqa: F401 - the workers check promises after the builds
    from govkg.check import check
    from govkg.export.html import render_graph
    from govkg.export.rdf import serialize
    from govkg.graph import triples
    from govkg.pipeline import run_extraction
    from govkg.read import from_text

    built = triples(run_extraction(from_text(PRELOAD_REPORT, "preload.txt")))
    if not check(built).conforms:
        raise RuntimeError("the preload report does not validate")  # a bug of ours: the tests build it too
    serialize(built, "turtle")
    render_graph(built)
    gc.collect()
    gc.freeze()


def _worker_init(preloaded: bool) -> None:
    """Worker start-up: leave Ctrl-C to the parent (which lets running reports finish their writes, so nothing is
    half-written); load the dictionaries unless the worker was forked from a parent that had."""
    import gc
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not preloaded:
        preload()
    gc.set_threshold(*GC_THRESHOLD)


def _pool(jobs: int) -> ProcessPoolExecutor:
    """Workers forked from this process with everything preloaded where the platform forks (Linux); elsewhere
    each worker starts afresh and loads for itself."""
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods():
        preload()
        return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_worker_init, initargs=(True,))
    return ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=(False,))


def build_batch(inputs: list[Path], out_dir: Path, *, jobs: int | None = None, validate: bool | Validation = True,
                formats: tuple[str, ...] = (), html: bool = True, overrides: MetaOverrides | None = None,
                dataset: bool | None = None, progress: Callable[[Outcome], None] | None = None,
                manifest: Manifest | None = None) -> BatchResult:
    """Build every report of `inputs` into out_dir, in `jobs` processes; then (re)write out_dir/dataset.trig.

    `dataset=None` writes the dataset when several reports are built or out_dir already holds one. `manifest`
    gives each report its row's region, year and kind (what `overrides` leaves unset).
    """
    from govkg.formats import BUILD_EXTRAS

    t0 = time.perf_counter()
    unknown = [f for f in formats if f not in BUILD_EXTRAS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r}: choose from {', '.join(BUILD_EXTRAS)} (Turtle is always written)")
    validate = validation_mode(validate)
    files = expand(inputs)
    check_writable(out_dir)
    outcomes: dict[str, Outcome] = {}
    todo: list[Path] = []
    stems: dict[str, Path] = {}
    for f in files:
        if f.stem in stems and stems[f.stem] != f:
            outcomes[str(f)] = Outcome(str(f), False, exit_code=UsageError.exit_code,
                                       error=f"{f}: output name {f.stem}.ttl is already taken by {stems[f.stem]}; rename one")
            continue
        stems[f.stem] = f
        todo.append(f)
    want = dataset if dataset is not None else (len(files) > 1 or (Path(out_dir) / DATASET).exists())
    notes = [f"{manifest.path}:{line}: no report among the inputs is called {name}; the row is not used"
             for line, name in manifest.unused(files)] if manifest is not None else []

    def args(f: Path) -> tuple[Any, ...]:
        return str(out_dir), validate, formats, html, _overrides_of(f, overrides, manifest), want

    def done(o: Outcome) -> None:
        outcomes[o.path] = o
        if progress is not None:
            progress(o)

    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    threshold = gc.get_threshold()
    pool: ProcessPoolExecutor | None = None
    early: EarlyChecks | None = None
    try:
        if jobs == 1:
            if len(todo) > 1:
                gc.set_threshold(*GC_THRESHOLD)
            for f in todo:
                done(build_one(str(f), *args(f)))
        else:
            pool = _pool(jobs)
            early = EarlyChecks(pool, Path(out_dir), html, keep_checks=False) if want else None
            # a few reports in flight per worker, not all of them queued: a check started early (below) runs
            # after the reports ahead of it, not after the whole batch
            queue = iter(todo)
            pending: set[Future[Outcome]] = {pool.submit(build_one, str(f), *args(f))
                                             for f in islice(queue, IN_FLIGHT * jobs)}
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                pending |= {pool.submit(build_one, str(f), *args(f)) for f in islice(queue, len(finished))}
                for fut in finished:
                    outcome = fut.result()
                    done(outcome)
                    if early is not None and outcome.ok and outcome.sidecar is not None:
                        # its plans are checked while the others build
                        early.add(Path(outcome.written[0]), outcome.sidecar)
        result = BatchResult([outcomes[str(f)] for f in files if str(f) in outcomes], notes=notes)
        if want and result.built:
            # the workers check the plans' promises while this process writes the dataset
            result.dataset = assemble(Path(out_dir), html=html, keep_checks=False, executor=pool, early=early)
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()  # what `preload` froze is the caller's again (a notebook keeps running)
        if pool is not None:  # reports being built finish their writes; what is queued is not started (Ctrl-C, or
            pool.shutdown(wait=True, cancel_futures=True)  # an early check no plan took)
        if early is not None:
            early.close()
    if result.dataset is not None:
        by_file = {Path(p).resolve(): o for o in result.built for p in o.written if p.endswith(".ttl")}
        for left_out, kept, report in result.dataset.duplicates:
            o = by_file.get(left_out.resolve())
            if o is not None:
                o.ok, o.exit_code = False, UsageError.exit_code
                o.error = (f"{o.path}: describes the same report as {kept.name} ({report}); it is left out of "
                           f"{DATASET}: remove one of the two, or set --region/--year/--kind")
    result.seconds = time.perf_counter() - t0
    return result
