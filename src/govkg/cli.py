"""The `govkg` command line: parse arguments, call the API, print. Errors become one line and an exit code."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from govkg import __version__
from govkg.errors import EXIT_CODES, GovkgError

app = typer.Typer(
    name="govkg",
    help="Turn Chinese government work reports (政府工作报告) into validated RDF knowledge graphs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


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
    files: Annotated[list[Path] | None, typer.Argument(help="Report files (default: the bundled 2023 Tongzhou report).")] = None,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Output directory for <stem>.ttl and <stem>.html.")] = Path("graph"),
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip SHACL validation (faster).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Build the RDF graph (Turtle) and a network view (HTML) of each report."""
    from govkg.pipeline import build_files, bundled_report

    paths = list(files) if files else [bundled_report()]
    try:
        written = build_files(paths, out_dir, validate=not no_validate)
    except GovkgError as exc:
        _fail(exc)
        return
    if not quiet:
        for p in written:
            out.print(f"wrote {p}", markup=False)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A report file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the intermediate objects as JSON.")] = False,
) -> None:
    """Show what the pipeline finds in a report: goals, statements, entities, metrics."""
    from govkg.pipeline import run_extraction
    from govkg.read import read

    try:
        x = run_extraction(read(file))
    except GovkgError as exc:
        _fail(exc)
        return
    if as_json:
        data = x.model_dump(mode="json", exclude={"document": {"raw", "raw_offsets"}})
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    ol = x.outline
    out.print(f"{x.document.name}: {len(ol.goals)} goals, {len(ol.statements)} statements, "
              f"{len(x.entities)} entities, {len(x.metrics)} metrics (review {ol.review_year}, plan {ol.plan_year})",
              markup=False)
    for g in ol.goals:
        indent = "  " * {"part": 0, "chapter": 1, "section": 2, "subsection": 3}[g.level]
        out.print(f"{indent}{g.marker or ''}{g.title}", markup=False)
    for e in x.entities:
        out.print(f"  {e.type:<16}{e.name}" + (f"  ({'、'.join(e.aliases)})" if e.aliases else ""), markup=False)


@app.command("exit-codes")
def exit_codes() -> None:
    """List the exit codes govkg uses."""
    for code, meaning in sorted(EXIT_CODES.items()):
        out.print(f"{code}\t{meaning}", markup=False)


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
