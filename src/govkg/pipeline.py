"""The Python API: read → clean → outline → extract → resolve → build graph → check → export, one call per step."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TypeVar

from rdflib import Graph

from govkg import formats as F
from govkg import metadata, quality
from govkg.check import CheckReport, Validation, check, validation_mode
from govkg.clean import clean
from govkg.errors import GovkgError, ValidationError, error_for
from govkg.export import write_atomic
from govkg.export.html import render_graph
from govkg.export.rdf import serialize
from govkg.extract import extract
from govkg.graph import triples
from govkg.models import Document, Extraction, MetaOverrides, ReadingWarning
from govkg.outline import outline
from govkg.read import read
from govkg.repair import repair
from govkg.triples import Triples

T = TypeVar("T")
BUNDLED = "tongzhou-2023.txt"


def bundled_report() -> Path:
    """The bundled example report (the 2023 Tongzhou summary)."""
    return Path(str(resources.files("govkg") / "examples" / BUNDLED))


@dataclass
class Built:
    extraction: Extraction
    triples: Triples
    report: CheckReport
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def graph(self) -> Graph:
        """The report's graph as an rdflib.Graph, made on first use (the build itself never needs one)."""
        return self.triples.graph()


def _timed(timings: dict[str, float], name: str, fn: Callable[[], T]) -> T:
    t0 = time.perf_counter()
    try:
        return fn()
    except GovkgError:
        raise
    except Exception as exc:  # a bug in a step: say which step failed
        raise RuntimeError(f"step '{name}' failed: {exc}") from exc
    finally:
        timings[name] = time.perf_counter() - t0


def run_extraction(doc: Document, timings: dict[str, float] | None = None,
                   overrides: MetaOverrides | None = None) -> Extraction:
    """clean, outline, extract, describe; then refuse a text that is not a report (StructureError), mend what the
    shapes would refuse (`repair`) and measure the reading (`quality.reading`: x.reading, with the warnings)."""
    t = timings if timings is not None else {}
    doc = _timed(t, "clean", lambda: clean(doc))
    ol = _timed(t, "outline", lambda: outline(doc))
    found = _timed(t, "quantities", lambda: quality.quantities(doc))
    _timed(t, "require-report", lambda: quality.require_report(doc, ol, found))
    x = _timed(t, "extract", lambda: extract(doc, ol))
    x = _timed(t, "describe", lambda: metadata.apply(x, overrides))
    x, repairs = _timed(t, "repair", lambda: repair(x))
    notes = [ReadingWarning(code="identity", message=n, line=1) for n in (x.meta.notes if x.meta else [])]
    x.reading = _timed(t, "reading", lambda: quality.reading(x, found, notes + repairs))
    return x


def build_path(path: str | Path, validate: bool | Validation = True, overrides: MetaOverrides | None = None) -> Built:
    """Build the graph of one report file; raises our errors for bad input and for a graph that fails checks.

    `validate`: True or "fast" checks every constraint of ontology/shapes.ttl, compiled into Python (govkg.shapes);
    "full" runs pyshacl; False or "none" checks only that every term of ours is declared in the ontology.
    """
    mode = validation_mode(validate)
    timings: dict[str, float] = {}
    doc = _timed(timings, "read", lambda: read(path))
    x = run_extraction(doc, timings, overrides)
    g = _timed(timings, "graph", lambda: triples(x))
    report = _timed(timings, "check", lambda: check(g, shacl=mode))
    if not report.conforms:
        raise ValidationError(f"built graph does not validate: {report.summary()}", path)
    return Built(x, g, report, timings)




def write_outputs(built: Built, out_dir: Path, formats: tuple[str, ...] = (), html: bool = True) -> list[Path]:
    """Write <stem>.ttl and <stem>.html into out_dir (and <stem>.nt/.trig/.jsonld when asked), each atomically."""
    stem = built.extraction.document.stem
    ttl = out_dir / f"{stem}.ttl"
    page = out_dir / f"{stem}.html"
    t0 = time.perf_counter()
    write_atomic(ttl, serialize(built.triples, "turtle"))
    built.timings["export-turtle"] = time.perf_counter() - t0
    written = [ttl]
    for fmt in formats:
        path = out_dir / f"{stem}{F.by_name(fmt).suffix}"
        write_atomic(path, serialize(built.triples, fmt))
        written.append(path)
    if not html:
        return written
    t0 = time.perf_counter()
    write_atomic(page, render_graph(built.triples).encode("utf-8"))
    built.timings["export-html"] = time.perf_counter() - t0
    return [*written, page]


def build_files(paths: list[Path], out_dir: Path, validate: bool | Validation = True, formats: tuple[str, ...] = (),
                html: bool = True, jobs: int = 1) -> list[Path]:
    """Build reports into out_dir (see `govkg.batch.build_batch`) and return the files written. A report that fails
    is skipped and the others are built; then the first failure is raised, as the error its report gave."""
    from govkg.batch import build_batch

    result = build_batch(list(paths), out_dir, jobs=jobs, validate=validate, formats=formats, html=html)
    if result.failed:
        first = result.failed[0]
        raise error_for(first.exit_code)(first.error or "failed")
    return [Path(p) for o in result.built for p in o.written]
