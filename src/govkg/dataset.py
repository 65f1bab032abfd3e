"""An output directory of report graphs -> dataset.trig (one named graph per report, plus the promise checks),
promises.ttl and promises.html. Streams one report at a time: memory does not grow with the number of reports.

The per-report Turtle files are the source of truth: the dataset is reassembled from every report graph in the
directory, so rebuilding one report replaces only its own graph, and deleting a report's file drops it.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pyoxigraph as ox

from govkg import promises as P
from govkg.export import atomic_writer, write_atomic
from govkg.export import turtle as T
from govkg.export.rdf import _triple_key, prefixes, write_sorted
from govkg.iris import PROMISES_GRAPH
from govkg.triples import Triples

DATASET = "dataset.trig"
PROMISES = "promises"


@dataclass
class Dataset:
    path: Path
    reports: list[tuple[str, Path]] = field(default_factory=list)  # (report IRI, its Turtle file)
    duplicates: list[tuple[Path, Path, str]] = field(default_factory=list)  # (left out, kept, report IRI)
    checks: list[P.Check] = field(default_factory=list)
    check_count: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)  # report IRI -> (its label, its region's)
    triples: int = 0


def _header() -> bytes:
    return T.TermWriter(prefixes()).header().encode("utf-8")


PREFIX_LINE = re.compile(rb"^@prefix [^\n]*(?:\n|\Z)", re.MULTILINE)


def _body_bytes(turtle: bytes) -> bytes:
    # the prefixes open the file: skip them, and search the rest only when a prefix line is left in it
    start = 0
    while turtle.startswith(b"@prefix ", start):
        end = turtle.find(b"\n", start)
        start = len(turtle) if end < 0 else end + 1
    rest = turtle[start:]
    if b"\n@prefix " in rest or rest.startswith(b"@prefix "):
        rest = PREFIX_LINE.sub(b"", rest)
    return rest.strip(b"\n")


def _body(turtle: bytes) -> str:
    """Turtle without its @prefix lines (a file's header declares them once)."""
    return _body_bytes(turtle).decode("utf-8")


def wrap_block(turtle: bytes, name: str) -> bytes:
    """Turtle as one named graph of TriG: its triples, as written, inside the graph's braces."""
    return b"".join((f"<{name}> {{\n".encode(), _body_bytes(turtle), b"\n}\n"))


def report_files(out_dir: Path) -> list[Path]:
    """The Turtle files of an output directory that may be report graphs (promises.ttl is not)."""
    return sorted(p for p in Path(out_dir).glob("*.ttl") if p.name != f"{PROMISES}.ttl")


def assemble(out_dir: Path, html: bool = True, keep_checks: bool = True, executor: Executor | None = None,
             early: EarlyChecks | None = None) -> Dataset:
    """Write out_dir/dataset.trig from every report graph in out_dir, then check promises against results.

    Streams: one report graph, then one plan and its reviews, in memory at a time (`keep_checks=False` keeps no
    checks either, only their count; the page's rows are still gathered when `html`). Each report's block is its
    Turtle file's own text inside the braces of its named graph; the report's IRI and its targets and outcomes
    come from the file's sidecar in .govkg-cache/ when that was written for these very bytes, else from parsing
    it. Where two files hold the same report, the first by name is kept and the other is listed in `duplicates`.
    `executor` (a batch's process pool) checks the plans in its workers, the blocks still written in plan order.
    `early` holds what a batch learnt while it built: the reports' sidecar headers (no sidecar is parsed again for
    them) and the checks it started then; a check is used when its plan, reviews and labels are the ones found now.
    """
    from govkg.export.promises_html import render_promises, sort_rows

    out_dir = Path(out_dir)
    ds = Dataset(path=out_dir / DATASET)
    kept: dict[str, Path] = {}
    promises_ttl = out_dir / f"{PROMISES}.ttl"
    promises_page = out_dir / f"{PROMISES}.html"
    rows: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory(prefix=".govkg-claims-", dir=out_dir) as tmp, atomic_writer(ds.path) as f:
        f.write(_header())
        index: list[tuple[P.ReportClaims, Path]] = []
        for path in report_files(out_dir):
            data = path.read_bytes()
            known = early.headers.get(path) if early is not None else None
            side = known if known is not None and known.sha256 == hashlib.sha256(data).hexdigest() \
                else read_sidecar(path, data)
            if side is None:
                side = write_sidecar(path, data)
            if side is None:
                continue  # some other Turtle file
            report, triples_n, spill, claims = side.report, side.triples, side.path, side.claims
            if report in kept:
                ds.duplicates.append((path, kept[report], report))
                continue
            kept[report] = path
            f.write(b"\n")
            f.write(wrap_block(data, report))
            ds.triples += triples_n
            ds.reports.append((report, path))
            index.append((P.from_json({**claims, "targets": [], "outcomes": []}), spill))
        ds.labels = {rc.report: (rc.label, rc.region_label) for rc, _ in index}
        staged = Path(tmp) / f"{PROMISES}.ttl"
        tasks = [(side, review_sides, {r.report: ds.labels[r.report] for r in (plan, *reviews)})
                 for plan, side, reviews, review_sides in _plan_tasks(index)]
        if executor is not None:
            futures = [(early.take(*t, html, keep_checks) if early is not None else None)
                       or executor.submit(plan_block, *t, html, keep_checks) for t in tasks]
            blocks: Iterator[PlanBlock | None] = (fut.result() for fut in futures)
        else:
            blocks = (plan_block(*t, html, keep_checks) for t in tasks)
        with staged.open("wb") as pt:
            pt.write(_header())
            for block in blocks:
                if block is None:
                    continue
                turtle = block.text()
                f.write(b"\n")
                f.write(wrap_block(turtle, PROMISES_GRAPH))  # one block per plan: TriG merges them
                pt.write(b"\n")
                pt.write((_body(turtle) + "\n").encode("utf-8"))
                if block.spilled is not None:
                    Path(block.spilled).unlink(missing_ok=True)
                ds.triples += block.triples
                ds.check_count += block.checks
                ds.statuses.update(block.statuses)
                ds.checks += block.kept
                rows += block.rows
        if ds.check_count:
            staged.replace(promises_ttl)
    if ds.check_count:
        if html:
            write_atomic(promises_page, render_promises(sort_rows(rows)).encode("utf-8"))
    else:
        promises_ttl.unlink(missing_ok=True)
        promises_page.unlink(missing_ok=True)
    return ds


# ---------------------------------------------------------------- sidecars: what assembling needs of a report file
CACHE = ".govkg-cache"
SIDECAR_VERSION = 1  # raise when a sidecar's content changes: older ones are then parsed again


def _sidecar_path(ttl: Path) -> Path:
    return ttl.parent / CACHE / f"{ttl.stem}.json"


class Sidecar(NamedTuple):
    report: str  # the report's IRI
    triples: int  # how many triples its file holds
    path: Path  # the sidecar file
    claims: dict[str, Any]  # its promise claims as JSON (`promises.from_json` reads them)
    sha256: str = ""  # of the Turtle file it was written for

    def header(self) -> Sidecar:
        """The same without the targets and outcomes (what assembling reads of every report; small to send)."""
        return self._replace(claims={**self.claims, "targets": [], "outcomes": []})


def read_sidecar(ttl: Path, data: bytes) -> Sidecar | None:
    """The sidecar of a report file, when it was written for exactly these bytes."""
    side = _sidecar_path(ttl)
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("sha256") != hashlib.sha256(data).hexdigest() or meta.get("version") != SIDECAR_VERSION:
        return None
    return Sidecar(meta["report"], meta["triples"], side, meta["claims"], meta["sha256"])


def write_sidecar(ttl: Path, data: bytes | None = None, triples: Triples | None = None) -> Sidecar | None:
    """Keep a report's IRI, size and promise claims beside its Turtle; None if it is no report. `triples`, when the
    builder has them (the same triples the file holds), spare parsing the file again."""
    data = ttl.read_bytes() if data is None else data
    parsed = list(ox.parse(data, format=ox.RdfFormat.TURTLE)) if triples is None else triples
    rc = P.claims(parsed)
    if rc is None:
        return None
    side = _sidecar_path(ttl)
    claims = P.to_json(rc)
    digest = hashlib.sha256(data).hexdigest()
    body = {"version": SIDECAR_VERSION, "sha256": digest, "report": rc.report, "triples": len(parsed),
            "claims": claims}
    write_atomic(side, json.dumps(body, ensure_ascii=False, default=str).encode("utf-8"))
    return Sidecar(rc.report, len(parsed), side, claims, digest)


def _plan_tasks(index: list[tuple[P.ReportClaims, Path]]
                ) -> Iterator[tuple[P.ReportClaims, Path, list[P.ReportClaims], list[Path]]]:
    """Each plan with a review of its year and region: (plan, its sidecar, the reviews, their sidecars by name)."""
    by_review: dict[tuple[str | None, int | None], list[tuple[P.ReportClaims, Path]]] = {}
    for r, s in index:  # grouped once: a corpus of 60,000 reports must not compare every plan with every report
        by_review.setdefault((r.region, r.review_year), []).append((r, s))
    for plan, spill in index:
        if plan.plan_year is None or plan.region is None:
            continue
        reviews = sorted(((r, s) for r, s in by_review.get((plan.region, plan.plan_year), ()) if r.report != plan.report),
                         key=lambda rs: rs[0].report)
        if reviews:
            yield plan, spill, [r for r, _ in reviews], [s for _, s in reviews]


class EarlyChecks:
    """Promise checks started while a batch still builds. Each report the batch finishes is `add`ed with its sidecar's
    header; every plan it completes (the report itself, or a plan its review answers) is checked at once in the
    batch's pool against the reviews built so far, so that the checks run beside the builds instead of after them.
    `assemble` then `take`s a started check only when its inputs are exactly the ones it finds (a review built
    later, a report already in the directory or a duplicate make it check that plan again)."""

    def __init__(self, executor: Executor, out_dir: Path, html: bool, keep_checks: bool) -> None:
        self.executor, self.html, self.keep_checks = executor, html, keep_checks
        self._out_dir = out_dir
        self._dir: Path | None = None  # the checks' Turtle till it is written: made beside the first report built
        self._spills = 0
        self.headers: dict[Path, Sidecar] = {}  # by Turtle file
        # plans by (region, plan year) and reviews by (region, review year), each by sidecar file
        self._plans: dict[tuple[str, int], dict[Path, P.ReportClaims]] = {}
        self._reviews: dict[tuple[str, int], dict[Path, P.ReportClaims]] = {}
        self._started: dict[Path, tuple[list[Path], dict[str, tuple[str, str]], Future[PlanBlock | None]]] = {}

    def add(self, ttl: Path, side: Sidecar) -> None:
        self.headers[ttl] = side
        rc = P.from_json({**side.claims, "targets": [], "outcomes": []})
        if rc.region is None:
            return
        plans: dict[Path, P.ReportClaims] = {}  # the plans this report completes: itself, and those it reviews
        if rc.plan_year is not None:
            self._plans.setdefault((rc.region, rc.plan_year), {})[side.path] = rc
            plans[side.path] = rc
        if rc.review_year is not None:
            self._reviews.setdefault((rc.region, rc.review_year), {})[side.path] = rc
            plans.update(self._plans.get((rc.region, rc.review_year), {}))
        for spill, plan in plans.items():
            assert plan.region is not None and plan.plan_year is not None
            reviews = sorted(((r, s) for s, r in self._reviews.get((plan.region, plan.plan_year), {}).items()
                              if r.report != plan.report), key=lambda rs: rs[0].report)
            if not reviews:
                continue
            labels = {r.report: (r.label, r.region_label) for r in (plan, *(r for r, _ in reviews))}
            sides = [s for _, s in reviews]
            old = self._started.get(spill)
            if old is not None:
                old[2].cancel()
            if self._dir is None:
                self._dir = Path(tempfile.mkdtemp(prefix=".govkg-early-", dir=self._out_dir))
            self._spills += 1
            self._started[spill] = (sides, labels, self.executor.submit(
                plan_block, spill, sides, labels, self.html, self.keep_checks, str(self._dir / f"{self._spills}.ttl")))

    def take(self, plan: Path, reviews: list[Path], labels: dict[str, tuple[str, str]], html: bool,
             keep_checks: bool) -> Future[PlanBlock | None] | None:
        started = self._started.pop(plan, None)
        if started is None or (html, keep_checks) != (self.html, self.keep_checks):
            return None
        sides, known, fut = started
        if sides != reviews or known != labels or fut.cancelled():
            fut.cancel()
            return None
        return fut

    def close(self) -> None:
        """Drop the checks no plan took (assembling found other inputs for them) and their files; call it when the
        pool has stopped."""
        for _, _, fut in self._started.values():
            fut.cancel()
        self._started.clear()
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)


class PlanBlock(NamedTuple):
    """What one plan adds to a dataset: its checks' Turtle, counts, page rows, and the checks themselves if kept."""

    turtle: bytes
    triples: int
    checks: int
    statuses: Counter[str]
    rows: list[dict[str, str]]
    kept: list[P.Check]
    spilled: str | None = None  # the file the Turtle was written to instead (then `turtle` is empty)

    def text(self) -> bytes:
        """The block's Turtle, wherever it is."""
        return self.turtle if self.spilled is None else Path(self.spilled).read_bytes()


def plan_block(plan: Path, reviews: list[Path], labels: dict[str, tuple[str, str]], html: bool,
               keep_checks: bool, spill: str | None = None) -> PlanBlock | None:
    """Check one plan against its reviews, loading their claims from their sidecars; None when nothing is checked.
    A plain function of files, so a batch runs it in its worker processes while the parent writes the blocks."""
    from govkg.export.promises_html import rows_from_checks

    # a plan is matched by its targets, its reviews by their outcomes: read only those
    full_plan = P.from_json({**json.loads(plan.read_text(encoding="utf-8"))["claims"], "outcomes": []})
    full_reviews = [P.from_json({**json.loads(s.read_text(encoding="utf-8"))["claims"], "targets": []})
                    for s in reviews]
    checks = P.match(full_plan, full_reviews)
    if not checks:
        return None
    triples = sorted(P.triples(checks), key=_triple_key)
    turtle = write_sorted(triples, "turtle")
    if spill is not None:  # a check started early waits on disk, not in the batch's memory, until it is written
        Path(spill).write_bytes(turtle)
        turtle = b""
    return PlanBlock(turtle, len(triples), len(checks), Counter(c.status for c in checks),
                     rows_from_checks(checks, labels) if html else [], checks if keep_checks else [], spill)


