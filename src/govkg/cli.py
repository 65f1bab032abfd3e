"""The `govkg` command line: parse arguments, call the API, print. Errors become one line and an exit code."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from govkg import __version__
from govkg.errors import EXIT_CODES, GovkgError, InputError, UsageError

if TYPE_CHECKING:
    from govkg.batch import BatchResult, Outcome

app = typer.Typer(
    name="govkg",
    help="Turn Chinese government work reports (政府工作报告) into validated RDF knowledge graphs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)  # urn:x:a is no emoji
out = Console(highlight=False, soft_wrap=True, emoji=False)


def _fail(exc: GovkgError) -> None:
    err.print(f"govkg: error: {exc}", markup=False)
    raise typer.Exit(exc.exit_code)


@app.callback(invoke_without_command=True)
def _main(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        out.print(f"govkg {__version__}")
        raise typer.Exit(0)


@app.command()
def build(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Report files or directories of *.txt reports, or - for standard input (default: the bundled 2023 Tongzhou report)."),
    ] = None,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Output directory for <stem>.ttl and <stem>.html.")] = Path("graph"),
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: one per CPU).")] = None,
    validate: Annotated[
        str | None,
        typer.Option("--validate",
                     help="How the graph is checked against ontology/shapes.ttl: fast (the default), every constraint "
                          "compiled into Python; full, with pyshacl (some 20 times slower); none, not at all (only "
                          "undeclared terms)."),
    ] = None,
    no_validate: Annotated[bool, typer.Option("--no-validate", help="The same as --validate none.")] = False,
    no_html: Annotated[bool, typer.Option("--no-html", help="Write no HTML pages (faster for large batches).")] = False,
    formats: Annotated[
        list[str] | None,
        typer.Option("--format", "-f", help="Also write nt, trig (one named graph per report) or jsonld; repeatable."),
    ] = None,
    dataset: Annotated[
        bool | None,
        typer.Option("--dataset/--no-dataset",
                     help="Write dataset.trig and the promise checks (default: when building several reports, or "
                          "when the output directory already has a dataset)."),
    ] = None,
    region: Annotated[str | None, typer.Option("--region", help="The report's region, when the text does not say it (通州区).")] = None,
    year: Annotated[int | None, typer.Option("--year", help="The year the report was delivered (its plan year); one report only.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="work-report, summary or task-division.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="The report's title; one report only.")] = None,
    presenter: Annotated[str | None, typer.Option("--presenter", help="Who delivered the report; one report only.")] = None,
    manifest: Annotated[
        Path | None,
        typer.Option("--manifest", help="A CSV of file,region,year,kind (region a name or a division code): each "
                                        "report's row wins over what its text says."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Build the RDF graph (Turtle, and other formats on request) and a network view (HTML) of each report; with
    several reports, also dataset.trig (one named graph per report) and the promise checks (promises.ttl/.html)."""
    from govkg.read import refuse_unreadable

    try:
        refuse_unreadable(list(files or ()))  # a FIFO, a device, stdin over the limit: refused before loading
    except GovkgError as exc:
        _fail(exc)
        return
    from govkg.batch import build_batch, expand
    from govkg.errors import INTERRUPTED, BatchError
    from govkg.models import MetaOverrides
    from govkg.pipeline import bundled_report

    paths = list(files) if files else [bundled_report()]
    try:
        mode = _validation(validate, no_validate)
        if kind is not None and kind not in ("work-report", "summary", "task-division"):
            raise UsageError(f"unknown --kind {kind!r}: choose work-report, summary or task-division")
        many = len(expand(paths)) > 1
        one_only = [n for n, v in (("--year", year), ("--title", title), ("--presenter", presenter)) if v is not None]
        if many and one_only:
            raise UsageError(f"{one_only[0]} names one report's metadata; give it with one report file only")
        try:
            overrides = MetaOverrides(region=region, year=year, kind=kind, title=title, presenter=presenter)  # type: ignore[arg-type]
        except ValueError as exc:
            raise UsageError(f"--year {year}: not a plausible report year") from exc
        from govkg.manifest import read_manifest

        rows = read_manifest(manifest) if manifest is not None else None
        result = _run_batch(build_batch, paths, out_dir, jobs=jobs, validate=mode,
                            formats=tuple(formats or ()), html=not no_html, overrides=overrides, dataset=dataset,
                            show_progress=many and not quiet, manifest=rows)
    except GovkgError as exc:
        _fail(exc)
        return
    except KeyboardInterrupt:
        err.print("govkg: interrupted: files written so far are whole; nothing is half-written", markup=False)
        raise typer.Exit(INTERRUPTED) from None
    if not quiet:
        for o in result.built:
            _print_reading(o.name, o.reading)
            for p in o.written:
                out.print(f"wrote {p}", markup=False)
        if result.dataset is not None:
            ds = result.dataset
            out.print(f"wrote {ds.path} ({len(ds.reports)} reports, {ds.triples} triples, "
                      f"{ds.check_count} promise checks)", markup=False)
    for note in result.notes if not quiet else ():
        err.print(f"govkg: warning: {note}", markup=False)
    if result.dataset is not None:
        for left_out, kept, report in result.dataset.duplicates:
            if not any(o.path and Path(o.path).stem == left_out.stem for o in result.outcomes):
                err.print(f"govkg: warning: {left_out} holds the same report as {kept.name} ({report}); "
                          f"left out of the dataset", markup=False)
    failed = result.failed
    if failed:
        for o in failed:
            err.print(f"govkg: error: {o.error}", markup=False)
        if len(result.outcomes) == 1:
            raise typer.Exit(failed[0].exit_code)
        err.print(f"govkg: built {len(result.built)} of {len(result.outcomes)} reports; {len(failed)} failed "
                  f"and were skipped", markup=False)
        raise typer.Exit(BatchError.exit_code)
    if many and not quiet:
        err.print(f"govkg: built {len(result.built)} reports in {result.seconds:.1f} s", markup=False)


def _validation(validate: str | None, no_validate: bool) -> str:
    """--validate fast|full|none, with --no-validate as another spelling of none."""
    if validate is not None and validate not in ("fast", "full", "none"):
        raise UsageError(f"unknown --validate {validate!r}: choose fast, full or none")
    if no_validate and validate not in (None, "none"):
        raise UsageError(f"--no-validate and --validate {validate} disagree: give one of them")
    return "none" if no_validate else validate or "fast"


def _print_reading(name: str, reading: dict[str, Any] | None) -> None:
    """One line of figures on stdout, then each warning on its own line on stderr."""
    from govkg.models import Reading
    from govkg.quality import summary_line, warning_line

    if reading is None:
        return
    r = Reading.model_validate(reading)
    out.print(summary_line(name, r), markup=False)
    for w in r.warnings:
        err.print(warning_line(name, w), markup=False)


def _run_batch(fn: Callable[..., BatchResult], paths: list[Path], out_dir: Path, *, show_progress: bool,
               **kwargs: Any) -> BatchResult:
    """Run a batch build with a progress bar on the terminal (stderr), none when quiet or not a terminal."""
    if not show_progress or not err.is_terminal:
        return fn(paths, out_dir, **kwargs)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from govkg.batch import expand

    total = len(expand(paths))
    with Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  TextColumn("{task.description}"), console=err, transient=True, auto_refresh=False) as bar:
        # drawn after each report, not by a refresh thread: the batch forks its workers, and a thread that holds
        # the terminal's lock at that moment would leave it locked in every worker
        task = bar.add_task("", total=total)
        bar.refresh()

        def step(o: Outcome) -> None:
            bar.update(task, advance=1, description=Path(o.path).name, refresh=True)

        return fn(paths, out_dir, progress=step, **kwargs)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A report file, or - for standard input.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the intermediate objects as JSON.")] = False,
) -> None:
    """Show what the pipeline finds in a report: goals, statements, entities, metrics."""
    from govkg.read import read

    try:
        doc = read(file)  # bad input is refused before the pipeline loads
        from govkg.pipeline import run_extraction

        x = run_extraction(doc)
    except GovkgError as exc:
        _fail(exc)
        return
    if as_json:
        data = x.model_dump(mode="json", exclude={"document": {"raw", "raw_offsets"}})
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    ol = x.outline
    from govkg.quality import summary_line, warning_line

    assert x.reading is not None
    out.print(f"{summary_line(x.document.name, x.reading)} (review {ol.review_year}, plan {ol.plan_year})",
              markup=False)
    for w in x.reading.warnings:
        err.print(warning_line(x.document.name, w), markup=False)
    for g in ol.goals:
        indent = "  " * {"part": 0, "chapter": 1, "section": 2, "subsection": 3}[g.level]
        out.print(f"{indent}{g.marker or ''}{g.title}", markup=False)
    for e in x.entities:
        out.print(f"  {e.type:<16}{e.name}" + (f"  ({'、'.join(e.aliases)})" if e.aliases else ""), markup=False)


@app.command()
def query(
    query_arg: Annotated[str | None, typer.Argument(metavar="QUERY", help="SPARQL text, a .rq file, or the name of a shipped query (--list).")] = None,
    data: Annotated[list[Path] | None, typer.Option("--data", "-d", help="An RDF file to query (.ttl .trig .nt .jsonld); repeatable.")] = None,
    store_dir: Annotated[Path | None, typer.Option("--store", help="An embedded store directory made by 'govkg load'.")] = None,
    endpoint: Annotated[str | None, typer.Option("--endpoint", help="A SPARQL endpoint URL.")] = None,
    params: Annotated[list[str] | None, typer.Option("--param", "-p", help="name=value, bound to ?name as an RDF term; repeatable.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv, json, or turtle (CONSTRUCT, DESCRIBE).")] = "table",
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds an endpoint has for the whole answer (connecting: at most 10 of them).")] = 30.0,
    list_queries: Annotated[bool, typer.Option("--list", help="List the named queries and their parameters.")] = False,
    default_graph: Annotated[str, typer.Option("--default-graph", help="With --endpoint: 'reports' (the merge of the report graphs the endpoint holds, named in the request) or 'store' (the endpoint's own default graph).")] = "reports",
) -> None:
    """Run a SPARQL query against RDF files, an embedded store or a SPARQL endpoint."""
    from govkg import query as Q
    from govkg import store as S

    if list_queries:
        for name, q in Q.named_queries().items():
            out.print(f"{name}\t{q.title}", markup=False)
            for p in q.params.values():
                default = f" = {p.default}" if p.default is not None else f" = {p.in_text}" if p.in_text else ""
                out.print(f"  --param {p.name}=…\t{p.type}{default}: {p.help}", markup=False)
        return
    sources = [s for s in (data, store_dir, endpoint) if s]
    try:
        if query_arg is None:
            raise UsageError("give a query: SPARQL text, a .rq file or a named query (govkg query --list)")
        if len(sources) != 1:
            raise UsageError("give exactly one of --data FILE (repeatable), --store DIR or --endpoint URL")
        if fmt not in Q.OUTPUT_FORMATS:
            raise UsageError(f"unknown --format {fmt!r}; use one of {', '.join(Q.OUTPUT_FORMATS)}")
        if default_graph not in ("reports", "store"):
            raise UsageError(f"unknown --default-graph {default_graph!r}; use reports or store")
        q = Q.resolve_query(query_arg)
        terms = Q.bind(q, list(params or []))
        if endpoint:
            dataset = S.dataset_for(endpoint, q.text, timeout, store_default=default_graph == "store")
            result = S.query_endpoint(endpoint, q.text, terms, timeout, dataset=dataset)

            def ask(text: str) -> bool:
                return bool(S.query_endpoint(endpoint, text, {}, timeout, dataset=dataset))
        else:
            st = S.memory_store(list(data)) if data else S.open_store(store_dir or Path())
            result = S.run_local(st, q.text, terms, q.source)

            def ask(text: str) -> bool:
                return bool(S.run_local(st, text, {}))
        result, empty = Q.peek(result)
        text = Q.render(result, fmt)
    except GovkgError as exc:
        _fail(exc)
        return
    sys.stdout.write(text)
    if empty:
        if endpoint and default_graph == "store" and not S.declares_dataset(q.text):
            try:
                held = S.report_graphs(endpoint, timeout)
            except GovkgError:
                held = []
            if held:
                err.print(f"govkg: warning: no results; {endpoint} holds {len(held)} report graph(s), which its own "
                          "default graph may not include: run without --default-graph store (govkg then names them "
                          "as the default graph), or start the store with its union setting", markup=False)
        for hint in Q.empty_result_hints(q.text, ask):
            err.print(f"govkg: warning: no results; {hint}", markup=False)


@app.command()
def load(
    files: Annotated[list[Path], typer.Argument(help="RDF files of reports (.ttl .trig .nt .jsonld).")],
    store_dir: Annotated[Path, typer.Option("--store", help="Store directory (created when missing).")],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Load report graphs into an embedded store, one named graph per report; loading again replaces it."""
    from govkg import store as S

    try:
        loaded = S.load(files, store_dir)
        graphs, triples = S.store_summary(store_dir)
    except GovkgError as exc:
        _fail(exc)
        return
    if not quiet:
        for g in loaded:
            out.print(f"loaded {g.path} into {g.graph} ({len(g.triples)} triples)", markup=False)
        out.print(f"store {store_dir}: {graphs} graphs, {triples} triples", markup=False)


@app.command()
def push(
    file: Annotated[Path, typer.Argument(help="An RDF file of a report (.ttl .trig .nt .jsonld).")],
    endpoint: Annotated[str, typer.Option("--endpoint", help="SPARQL 1.1 Graph Store endpoint URL.")],
    graph: Annotated[str | None, typer.Option("--graph", help="Named graph IRI (default: the report's IRI).")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds the endpoint has for each exchange (connecting: at most 10 of them).")] = 60.0,
) -> None:
    """Upload a report graph to a triple store (HTTP PUT: replaces the named graph). Login from
    GOVKG_ENDPOINT_USER and GOVKG_ENDPOINT_PASSWORD."""
    from govkg import store as S

    try:
        pushed = S.push(file, endpoint, graph, timeout)
    except GovkgError as exc:
        _fail(exc)
        return
    for g in pushed:
        out.print(f"pushed {g.path} to {g.graph} ({len(g.triples)} triples) at {endpoint}", markup=False)


@app.command("exit-codes")
def exit_codes() -> None:
    """List the exit codes govkg uses."""
    for code, meaning in sorted(EXIT_CODES.items()):
        out.print(f"{code}\t{meaning}", markup=False)


_GOAL_HELP = "Only this goal and everything that serves it, through sub-goals: its id (plan-2-1), IRI or title."
_ENTITY_HELP = "Only this entity and its neighbourhood: canonical name, alias or IRI."
_TYPE_HELP = "Only this class (Project, Area, Institution …; 项目 works too), with the goals it serves."


@app.command()
def view(
    files: Annotated[list[Path], typer.Argument(help="Built graphs (.ttl, .nt, .jsonld, .trig …); merged.")],
    out_file: Annotated[Path, typer.Option("--out", "-o", help="The HTML page to write.")],
    goal: Annotated[str | None, typer.Option("--goal", help=_GOAL_HELP)] = None,
    entity: Annotated[str | None, typer.Option("--entity", help=_ENTITY_HELP)] = None,
    kind: Annotated[str | None, typer.Option("--type", help=_TYPE_HELP)] = None,
    promises: Annotated[
        bool,
        typer.Option("--promises", help="Instead of the network, a table of plan targets and the next review's "
                                        "outcomes (from a dataset.trig, or report graphs with promises.ttl)."),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Write a self-contained, offline network view (one HTML file) of built graphs."""
    from govkg.export.html import write_page

    try:
        if promises:
            from govkg.export.promises_html import write_promises_page

            if goal or entity or kind:
                raise UsageError("--promises shows every promise check; it takes no --goal, --entity or --type")
            rows = write_promises_page(files, out_file)
            if not rows:
                raise InputError("holds no promise checks: build several years of one region's reports together", files[0])
            if not quiet:
                out.print(f"wrote {out_file} ({len(rows)} promise checks)", markup=False)
            return
        v = write_page(files, out_file, goal=goal, entity=entity, kind=kind)
    except GovkgError as exc:
        _fail(exc)
        return
    if not quiet:
        out.print(f"wrote {out_file} ({len(v.nodes)} nodes, {len(v.edges)} edges: {v.description})", markup=False)


@app.command("export")
def export_network(
    files: Annotated[list[Path], typer.Argument(help="Built graphs (.ttl, .nt, .jsonld, .trig …); merged.")],
    out_file: Annotated[Path, typer.Option("--out", "-o", help="The file to write.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="graphml or gexf.")] = "graphml",
    goal: Annotated[str | None, typer.Option("--goal", help=_GOAL_HELP)] = None,
    entity: Annotated[str | None, typer.Option("--entity", help=_ENTITY_HELP)] = None,
    kind: Annotated[str | None, typer.Option("--type", help=_TYPE_HELP)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Write built graphs as a network for Gephi or Cytoscape (GraphML or GEXF), the same nodes as `govkg view`."""
    from govkg.export.network import write_network

    try:
        v = write_network(files, out_file, fmt, goal=goal, entity=entity, kind=kind)
    except GovkgError as exc:
        _fail(exc)
        return
    if not quiet:
        out.print(f"wrote {out_file} ({len(v.nodes)} nodes: {v.description})", markup=False)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("govkg: interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug in govkg: one line, exit 1; GOVKG_DEBUG=1 shows the traceback
        if os.environ.get("GOVKG_DEBUG"):
            raise
        err.print(f"govkg: internal error: {exc} (set GOVKG_DEBUG=1 for a traceback)", markup=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
