"""Our exception types; each carries a one-line message and the exit code the CLI maps it to."""

from __future__ import annotations

from pathlib import Path


class GovkgError(Exception):
    """Base class: a user-facing problem with a one-line message and a documented exit code."""

    exit_code = 1

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        where = ""
        if self.path is not None:
            where = f"{self.path}:{line}: " if line is not None else f"{self.path}: "
        super().__init__(f"{where}{message}")


class InputError(GovkgError):
    """The input file cannot be read as a report: missing, a directory, empty, binary, undecodable."""

    exit_code = 3


class StructureError(GovkgError):
    """The text decodes but is not a government work report (no Chinese text, or none of what a report has:
    `govkg.quality.require_report`)."""

    exit_code = 4


class OutputError(GovkgError):
    """The output location cannot be written."""

    exit_code = 5


class ValidationError(GovkgError):
    """The built graph violates the SHACL shapes or uses undeclared terms (a bug in govkg, not in the input)."""

    exit_code = 6


class UsageError(GovkgError):
    """Bad command-line usage (the same code typer/click use for their own usage errors)."""

    exit_code = 2


class QueryError(GovkgError):
    """A SPARQL query that does not parse, an unknown named query, or a parameter that does not fit its query."""

    exit_code = 7

    def __init__(
        self, message: str, path: str | Path | None = None, line: int | None = None, column: int | None = None
    ) -> None:
        self.column = column
        if path is not None and line is not None and column is not None:
            super().__init__(message, f"{path}:{line}", column)  # "query.rq:3:14: message"
        else:
            super().__init__(message, path, line)


class EndpointError(GovkgError):
    """A remote SPARQL endpoint cannot be reached, does not answer in time, or answers with an error."""

    exit_code = 8


class AuthError(EndpointError):
    """A remote endpoint asks for a login that is missing, or refuses the one given."""

    exit_code = 9


class StoreError(GovkgError):
    """An embedded store directory is held by another process, missing, or not a store."""

    exit_code = 10


class BatchError(GovkgError):
    """Some reports of a batch failed; the others were built (the summary names each failure)."""

    exit_code = 11


#: Exit code of a build stopped by Ctrl-C (128 + SIGINT, as shells report it).
INTERRUPTED = 130

EXIT_CODES = {
    0: "success",
    1: "unexpected internal error",
    InputError.exit_code: "input file missing, a directory, empty, binary or undecodable",
    StructureError.exit_code: "not a government work report: no Chinese text, or nothing a report has",
    OutputError.exit_code: "output location not writable",
    ValidationError.exit_code: "built graph failed validation (SHACL or undeclared terms)",
    UsageError.exit_code: "bad command-line usage",
    QueryError.exit_code: "SPARQL query malformed, unknown named query, or bad parameter",
    EndpointError.exit_code: "SPARQL endpoint unreachable, timed out, or answered with an error",
    AuthError.exit_code: "SPARQL endpoint asked for a login that is missing or refused it",
    StoreError.exit_code: "store directory held by another process, missing, or not a store",
    BatchError.exit_code: "batch build: some reports failed and were skipped, the others were built",
    INTERRUPTED: "interrupted (Ctrl-C): finished files are whole, nothing is half-written",
}


def error_for(exit_code: int) -> type[GovkgError]:
    """The error class of an exit code (for errors that crossed a process boundary as a code and a message)."""
    for cls in (InputError, StructureError, OutputError, ValidationError, UsageError, QueryError, EndpointError,
                AuthError, StoreError, BatchError):
        if cls.exit_code == exit_code:
            return cls
    return GovkgError
