"""A manifest: what a corpus's scraper or spreadsheet already knows of each report (region, year, kind), as CSV.

    file,region,year,kind
    haidian-2024.txt,海淀区,2024,work-report
    tz-2023.txt,110112,2023,summary

`file` names a report as given or as found in a directory (its name, or its path relative to the manifest);
`region` is a name or a six-digit division code (GB/T 2260); `year` the year the report was delivered (its plan
year); `kind` work-report, summary or task-division. Empty cells leave the text to decide; other columns are
ignored. A manifest's value wins over what the text says and is recorded as coming from the manifest; where the
text says otherwise, the report's reading carries a warning.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError as PydanticError

from govkg.errors import InputError
from govkg.models import MetaOverrides

KINDS = ("work-report", "summary", "task-division")


@dataclass
class Manifest:
    path: Path
    rows: dict[str, tuple[int, MetaOverrides]] = field(default_factory=dict)  # file -> (line, overrides)

    def for_file(self, report: Path) -> MetaOverrides | None:
        """The row of a report: by its path relative to the manifest's folder, else by its name."""
        for key in (_relative(report, self.path.parent), report.name):
            if key in self.rows:
                return self.rows[key][1]
        return None

    def unused(self, reports: list[Path]) -> list[tuple[int, str]]:
        """(line, file) of each row that names none of the reports."""
        names = {k for r in reports for k in (_relative(r, self.path.parent), r.name)}
        return sorted((line, f) for f, (line, _o) in self.rows.items() if f not in names)


def _relative(p: Path, base: Path) -> str:
    try:
        return p.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def read_manifest(path: Path) -> Manifest:
    """Read a manifest; a row that cannot be used is an InputError naming the file and line."""
    from govkg.extract import lexicon

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read the manifest: {exc.strerror or exc}", path) from exc
    except UnicodeDecodeError as exc:
        raise InputError("the manifest is not UTF-8 text", path) from exc
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    if "file" not in columns:
        raise InputError("the manifest has no 'file' column (its first line names the columns: file,region,year,kind)",
                         path, 1)
    reader.fieldnames = columns
    out = Manifest(path)
    by_code = lexicon.place_by_code()
    for row in reader:
        line = reader.line_num
        file = (row.get("file") or "").strip()
        if not file:
            continue
        region = (row.get("region") or "").strip() or None
        code = None
        if region is not None and region.isdigit():
            place = by_code.get(region)
            if place is None:
                raise InputError(f"region {region}: no administrative division has this code", path, line)
            region, code = place.name, place.code
        year_text = (row.get("year") or "").strip()
        kind = (row.get("kind") or "").strip() or None
        if kind is not None and kind not in KINDS:
            raise InputError(f"kind {kind!r}: choose {', '.join(KINDS)}", path, line)
        try:
            year = int(year_text) if year_text else None
            overrides = MetaOverrides(region=region, region_code=code, year=year, kind=kind,  # type: ignore[arg-type]
                                      source="manifest")
        except (ValueError, PydanticError) as exc:
            raise InputError(f"year {year_text!r}: not a plausible report year", path, line) from exc
        if file in out.rows:
            raise InputError(f"{file} is listed twice (first on line {out.rows[file][0]})", path, line)
        out.rows[file] = (line, overrides)
    return out
