"""Numbers in table rows: each cell read with its column header's year, kind and unit, about the row's label.

`| 地区生产总值 | 3865.2亿元 | 5.8% |` under `| 指标 | 2024年完成 | 同比增长 |` gives 3865.2亿元 achieved in 2024 and
a 5.8% rate, both measuring 地区生产总值; `| 沣阳东站综合交通枢纽 | 56.8 |` under `总投资（亿元）` gives 56.8亿元.
"""

from __future__ import annotations

import re

from govkg.extract.lexicon import indicator_in
from govkg.extract.metrics import find_metrics
from govkg.layout import FIELD_RE
from govkg.models import Metric, MetricKind, Span, Statement, Table, TableRow
from govkg.patterns import ARABIC, YEAR_RE
from govkg.rules import pattern

#: A unit printed in a column header: 总投资（亿元）, 金额(万元).
HEADER_UNIT = re.compile(r"[（(]\s*(?P<unit>[^（）()\d]{1,8})\s*[）)]")
TARGET_COLUMN = pattern(
    "target-column",
    r"目标|计划|预期|预计|力争|任务",
    doc="A column of targets: 2025年目标, 预期目标, 计划投资 — its numbers are targets.",
    matches=["2025年目标", "预期目标", "年度计划投资"],
    rejects=["2024年完成", "同比增长", "指标"],
)
ACHIEVED_COLUMN = pattern(
    "achieved-column",
    r"完成|实际|实绩|实现|累计|进展",
    doc="A column of results: 2024年完成, 实际完成, 累计 — its numbers are achieved.",
    matches=["2024年完成", "实际完成值", "累计完成投资"],
    rejects=["2025年目标", "同比增长", "指标"],
)
#: Columns that hold no quantities of the row: its number and its unit (responsible units and deadlines are fields).
SKIP_COLUMN = re.compile(r"^(?:序号|编号|单位|计量单位)$")
UNIT_COLUMN = re.compile(r"^(?:单位|计量单位)$")
BARE_NUMBER = re.compile(rf"^{ARABIC}$")
_NUMBERS = re.compile(ARABIC)
EMPTY_CELL = re.compile(r"^[—\-－–/／、…]*$")


def _column_kind(header: str) -> MetricKind | None:
    if TARGET_COLUMN.search(header):
        return "target"
    if ACHIEVED_COLUMN.search(header):
        return "achieved"
    return None


def label_index(table: Table, row: TableRow) -> int | None:
    """The cell that names what a row is about: the first filled cell that is not a serial number."""
    for k, cell in enumerate(row.cells):
        head = table.header[k].text if k < len(table.header) else ""
        if cell.text and not BARE_NUMBER.match(cell.text) and not re.match(r"^(?:序号|编号)$", head):
            return k
    return None


def table_metrics(table: Table, row: TableRow, st: Statement) -> list[Metric]:
    """Every quantity in one table row, with the year, kind and unit its column header gives."""
    label_k = label_index(table, row)
    label = row.cells[label_k].text if label_k is not None else ""
    unit_cell = next((row.cells[k].text for k, h in enumerate(table.header)
                      if UNIT_COLUMN.match(h.text) and k < len(row.cells)), None)
    out: list[Metric] = []
    for k, cell in enumerate(row.cells):
        if EMPTY_CELL.match(cell.text):
            continue
        header = table.header[k].text if k < len(table.header) else ""
        if SKIP_COLUMN.match(header) or FIELD_RE.match(header + "："):
            continue
        piece = Statement(id=st.id, text=cell.text, span=cell.span, goal=st.goal, part=st.part)
        found = find_metrics(piece)
        if k == label_k:  # the row's label: an indicator's name, or a task written out (全年实施重点项目650个…)
            for m in found:
                m.measure = m.measure or label
            out += found
            continue
        if not found and len(_NUMBERS.findall(cell.text)) == 1:
            unit_m = HEADER_UNIT.search(header)
            unit = unit_m.group("unit") if unit_m else unit_cell
            if unit:
                # read the number as if printed with its unit (5左右 -> 5%左右, 不低于95 -> 不低于95%), then point back
                # at the cell as printed
                n = _NUMBERS.search(cell.text)
                assert n is not None
                text = cell.text[: n.end()] + unit + cell.text[n.end() :]
                found = [m.model_copy(update={"raw": cell.text, "span": cell.span})
                         for m in find_metrics(piece.model_copy(update={"text": text}))]
        years = [int(y) for y in YEAR_RE.findall(header)]
        kind = _column_kind(header)
        ind = indicator_in(label)
        for m in found:
            m.measure = f"{label}（{header}）" if header else label
            if years:
                m.year = years[0]
            if kind is not None:
                m.kind = kind
            if ind is not None and m.indicator is None:
                m.indicator = ind.id
            out.append(m)
    return out


def label_span(table: Table, row: TableRow) -> Span | None:
    k = label_index(table, row)
    return row.cells[k].span if k is not None else None


#: Columns that say how far a row's project has come: 2024年进展, 形象进度, 建设状态.
STATUS_COLUMN = re.compile(r"进展|进度|状态|完成情况")


def status_cell(table: Table, row: TableRow) -> str | None:
    """The text of a row's progress cell (主体结构封顶, 竣工投用), when its table has one."""
    for k, h in enumerate(table.header):
        if STATUS_COLUMN.search(h.text) and k < len(row.cells) and row.cells[k].text:
            return row.cells[k].text
    return None
