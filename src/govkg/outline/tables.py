"""Tables in the outline: a header, a rule, and data rows that become one statement each.

`clean` writes both pipe tables (`| 指标 | 2024年完成 |`) and columns aligned with spaces as pipe rows, so one reader
serves both. A table's header gives its rows' numbers their year, kind and unit (read by `govkg.extract.tables`);
columns named like a task-division plan's fields (牵头单位, 责任单位, 完成时限) give the row's assignments.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from govkg.layout import FIELD_RE, field_role
from govkg.models import Assignment, Span, Table, TableCell, TableRow
from govkg.patterns import ARABIC, YEAR
from govkg.rules import rule

if TYPE_CHECKING:
    from govkg.outline.lines import Line
    from govkg.outline.tree import _Builder

RULE_ROW = re.compile(r"^\|?(?:\s*:?-{2,}:?\s*\|)+\s*(?::?-{2,}:?)?\s*$")
_NUMBER = re.compile(ARABIC)
_YEAR_ONLY = re.compile(rf"{YEAR}年")


def cells_of(ln: Line) -> list[TableCell]:
    """The cells of a pipe row, stripped, with their spans (the outer pipes are not cells)."""
    text = ln.text
    bounds = [i for i, c in enumerate(text) if c == "|"]
    if not bounds or bounds[0] != 0:
        bounds = [-1, *bounds]
    if bounds[-1] != len(text) - 1:
        bounds.append(len(text))
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        seg = text[a + 1 : b]
        lead = len(seg) - len(seg.lstrip())
        seg = seg.strip()
        s = ln.start + a + 1 + lead
        out.append(TableCell(text=seg, span=Span(start=s, end=s + len(seg))))
    return out


@rule("table-header", matches=["|指标|2024年完成|同比增长|备注|", "|项目名称|总投资（亿元）|2024年进展|", "|序号|重点任务|牵头单位|"],
      rejects=["|地区生产总值|3865.2亿元|5.8%|预计数|", "|沣阳东站综合交通枢纽|56.8|主体结构封顶|"])
def header_row(text: str) -> bool:
    """A table's first row is its header when no cell holds a figure (years aside: 2024年完成 is a column name)."""
    cells = [c for c in text.strip("|").split("|") if c.strip()]
    return bool(cells) and not any(_NUMBER.search(_YEAR_ONLY.sub("", c)) for c in cells)


def read_table(b: _Builder, rows: list[Line], caption: Line | None) -> None:
    """Add a table's data rows as statements of the open heading, and the table to the outline."""
    from govkg.outline.tree import _Piece

    data = [r for r in rows if not RULE_ROW.match(r.text)]
    if not data:
        return
    header: list[TableCell] = []
    if header_row(data[0].text) and len(data) > 1:
        header, data = cells_of(data[0]), data[1:]
    goal = b.stack[-1]
    table = Table(id=f"table-{len(b.tables) + 1}", goal=goal.id,
                  caption=caption.text if caption is not None else None, header=header)
    fields = {k: FIELD_RE.match(c.text + "：") for k, c in enumerate(header)}
    for ln in data:
        cells = cells_of(ln)
        filled = [c for c in cells if c.text]
        if not filled:
            continue
        start, end = filled[0].span.start, filled[-1].span.end
        piece = _Piece(start, end, b.doc.text[start:end])
        st = b.add_statement(piece, goal, None)
        table.rows.append(TableRow(statement=st.id, cells=cells))
        for k, cell in enumerate(cells):
            fm = fields.get(k)
            if fm is None or not cell.text:
                continue
            name = fm.group("field")
            role = field_role(name)
            b.assignments.append(Assignment(statement=st.id, field=name, role=role,  # type: ignore[arg-type]
                                            span=cell.span, text=cell.text))
    b.tables.append(table)
