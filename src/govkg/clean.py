"""PDF artefacts: broken lines, page numbers, running headers, glued banners, widths; keeps a map to the raw text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from govkg.layout import (
    FIELD_RE,
    PAGE_NUMBER_RE,
    ends_sentence,
    has_inner_terminal,
    headingish,
    marker_of,
)
from govkg.models import Document
from govkg.outline.cues import SIDEBAR
from govkg.patterns import CN_ORDINAL_CLASS, COUNTER_START, HAN, HAN_CLASS, YEAR
from govkg.rules import pattern

_FULLWIDTH_DIGITS = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH_LATIN = {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)} | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
_WIDTH = _FULLWIDTH_DIGITS | _FULLWIDTH_LATIN | {"％": "%", "\u3000": " ", "\xa0": " ", "\t": " "}
_SPACE = " "
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
_LEADING_GARBLE = re.compile(rf"^\d+(?:\s+\d+)+\s*(?={HAN})")
_TRAILING_DIGITS = re.compile(rf"(?<=[{HAN_CLASS}”」）)])\d{{1,3}}$")


@dataclass
class _Line:
    chars: list[str] = field(default_factory=list)
    idx: list[int] = field(default_factory=list)  # raw index of each char
    table: bool = False  # a row of a table: never joined to its neighbours, never a running header

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def cut(self, start: int, end: int | None = None) -> _Line:
        end = len(self.chars) if end is None else end
        return _Line(self.chars[start:end], self.idx[start:end], self.table)


#: The end of a byline: …人民代表大会第三次会议上 (the presenter's line follows, never a continuation).
BYLINE_END = re.compile(r"(?:人民代表大会|人大).{0,12}会议上$")
#: Newspaper continuation marks: （下转第四版） （上接第1版） （转第3页）. They are page furniture, not text.
CONTINUATION_RE = re.compile(rf"[（(](?:下转|上接|紧接|接|转)第?[\d{CN_ORDINAL_CLASS}]{{1,3}}[版页][）)]")
#: A gap between the columns of a table aligned with spaces: two or more spaces, an ideographic space or a tab.
_COLUMN_GAP = re.compile(r"(?: {2,}|[\u3000\t][ \u3000\t]*)")
#: Cells of a table hold no sentence punctuation, and are short.
_CELL_TEXT = re.compile(r"[^，。；,;！？!?]{1,30}")
PIPES = "|｜"


def _aligned_cells(raw: str) -> list[tuple[int, int]] | None:
    """The cells of a line of a table aligned with spaces (`沣阳东站综合交通枢纽      56.8      主体结构封顶`), as
    (start, end) into the raw line; None when the line is not such a row (fewer than three cells, or prose)."""
    body = raw.rstrip()
    lead = len(body) - len(body.lstrip(" \u3000\t"))
    cells, pos = [], lead
    for gap in _COLUMN_GAP.finditer(body, lead):
        cells.append((pos, gap.start()))
        pos = gap.end()
    cells.append((pos, len(body)))
    if len(cells) < 3 or not all(_CELL_TEXT.fullmatch(body[a:b]) for a, b in cells):
        return None
    return cells


def _table_line(raw: str, offset: int, cells: list[tuple[int, int]]) -> _Line:
    """An aligned row written the way a pipe table's row is: |cell|cell|cell|, each | mapped to its gap."""
    out = _Line(table=True)
    out.chars.append("|")
    out.idx.append(offset + max(0, cells[0][0] - 1))
    for a, b in cells:
        cell = _normalise_line(raw[a:b], offset + a)
        out.chars += cell.chars
        out.idx += cell.idx
        out.chars.append("|")
        out.idx.append(offset + min(b, len(raw) - 1))
    return out


#: A text whose longest line is longer than this and holds most of it is a report stored without line breaks (a
#: Word or PDF conversion): its long lines are cut where its own markers open a line.
RUN_ON = 1000
#: Where such a line is cut: before what opens a heading, a list item, the address or the byline, when a sentence
#: has just ended (or the title has: 政府工作报告——2025年…).
RUN_ON_CUT = re.compile(
    rf"(?<=[。！？；：!?;:」』”）)|｜])\s*(?=[{CN_ORDINAL_CLASS}]{{1,3}}、|[（(][{CN_ORDINAL_CLASS}]{{1,3}}[）)]"
    rf"|\d{{1,2}}[.．、](?=[{HAN_CLASS}])|[★☆○●◆■•▍]|各位代表|{YEAR}年(?:工作回顾|主要任务|重点工作|工作安排|主要工作))"
    rf"|(?<=报告)\s*(?=——|—{{2}})|(?<=会议上)\s*(?=\S)|(?=各位代表)"
    rf"|(?<=年(?:工作回顾|重点工作|主要任务|工作安排|主要工作))(?!完成情况|执行情况|和|及|与|的)(?=[^\s，。、；：:（(])"
    rf"|(?=[•▍【★◆■●](?![^【】\n]{{0,80}}】[^，。]{{0,2}}[，。]))|(?=(?:牵头单位|配合单位|责任单位|完成时限)[：:])"
    rf"|(?<![\d.．])(?=\d{{1,2}}[．、](?=[{HAN_CLASS}]))"
)
#: A paragraph longer than this, once cut so, is cut again after its last sentence end within the length.
RUN_ON_PARAGRAPH = 600


#: A heading glued to what precedes it, without a sentence end before it: a chapter's marker (（二）) whose words
#: run, with no punctuation, to the next list item or marker (…完成时限：2025年11月底（二）重大项目与基础设施5．完成…).
RUN_ON_HEADING = pattern(
    "run-on-heading",
    rf"(?<=[{HAN_CLASS}\w])[（(][{CN_ORDINAL_CLASS}]{{1,3}}[）)][^，。；：、！？,;:!?（）()]{{2,30}}?"
    rf"(?=[（(][{CN_ORDINAL_CLASS}]{{1,3}}[）)]|\d{{1,2}}[．.、](?=[{HAN_CLASS}])|[★☆○●◆■•▍])",
    doc="In a report stored as one line: a section heading glued to the text before it, recognised by its words "
        "running without punctuation to the next item's marker.",
    matches=["2025年11月底（二）重大项目与基础设施5．完成固定资产投资", "二、重点任务（一）科技创新与产业发展1．加快建设"],
    rejects=["完成时限：2025年11月底。（二）重大项目与基础设施", "主要包括（一）加强基础设施建设，推进项目",
             "新区人民医院（二期）工程5．完成"],
)
#: A document's issuer and date glued between its title and its text (…分工方案云港新区管理委员会办公室2025年2月10日为认真
#: 落实…): where the title ends, the issuer begins and the date ends, in the opening of the text.
RUN_ON_ISSUER = pattern(
    "run-on-issuer",
    rf"(?<=方案|报告|要点|清单|计划|意见|安排)(?P<issuer>(?:(?!方案|报告|要点|清单|计划|意见|安排)[{HAN_CLASS}]){{2,24}}?"
    r"(?:办公室|办公厅|委员会|人民政府))"
    rf"(?P<date>{YEAR}年\d{{1,2}}月\d{{1,2}}日)(?=[{HAN_CLASS}])",
    doc="In a report stored as one line: the issuer and date between the title and the text of a task-division "
        "plan or notice (cut before the issuer, before the date and after it).",
    matches=["重点任务分工方案云港新区管理委员会办公室2025年2月10日为认真落实", "工作要点临澜县人民政府2024年1月5日根据",
             "政府工作报告重点任务分工方案澄湖区人民政府办公室2025年2月14日为抓好"],
    rejects=["政府工作报告确定的目标任务", "重点任务分工方案2025年2月10日为认真落实", "区政府办公室2025年2月10日印发"],
)
#: A chapter's heading glued to its first sentence (一、工作基础2024年，新区…; 三、工作要求各牵头单位要…): the marker
#: after a sentence end, then a chapter's title that ends with the words such titles end with, then no punctuation.
_CHAPTER_RUN = (
    rf"[{CN_ORDINAL_CLASS}]{{1,3}}、(?:(?:{YEAR}年)?[{HAN_CLASS}]{{0,6}}?"
    r"(?:工作基础|工作回顾|完成情况|执行情况|重点任务|主要任务|重点工作|工作安排|工作要求|保障措施|组织保障|组织领导|工作措施|总体要求"
    r"|主要目标|预期目标)(?!完成情况|执行情况|和|及|与|的)"
    rf"(?=[\d{HAN_CLASS}])|[^，。；：！？、（()）]{{2,24}}(?=[（(][{CN_ORDINAL_CLASS}]{{1,3}}[）)]))"
)
RUN_ON_CHAPTER = pattern(
    "run-on-chapter",
    rf"(?:^|(?<=[。！？；|｜])){_CHAPTER_RUN}",
    doc="In a report stored as one line: a chapter heading (一、工作基础) run into its first sentence, cut after the "
        "words a chapter's title ends with, or run into its first section's marker.",
    matches=["如下。一、工作基础2024年，新区地区生产总值", "三、工作要求各牵头单位要切实履行主体责任",
             "二、2025年重点工作今年是十四五规划收官之年", "二、2024年重点工作完成情况（一）先进制造业加快壮大。"],
    rejects=["一、工作基础。2024年，新区", "二、重点任务，（一）科技创新", "一、重点任务完成情况和下一步打算", "推进一、二期重点工作落实",
             "一、2024年工作回顾和2025年工作安排"],
)
_CHAPTER_AT_CUT = re.compile(_CHAPTER_RUN)
#: How far into a one-line text its title block may reach.
RUN_ON_OPENING = 300


#: How far apart two || of one pipe table may be, and how far a table's first and last row reach: a row's length.
PIPE_ROW_REACH = 400


def _pipe_table_cuts(raw: str) -> set[int]:
    """Where the rows of pipe tables run into one line begin and end: between the two pipes of each ||, before the
    first row (as many pipes back as the second row has) and after the last (as many pipes on)."""
    cuts: set[int] = set()
    for m in re.finditer(r"[|｜]{2}", raw):
        cuts.add(m.start() + 1)
    if len(cuts) < 2:
        return set()
    bounds = sorted(cuts)
    runs: list[list[int]] = [[bounds[0]]]
    for b in bounds[1:]:
        if b - runs[-1][-1] <= PIPE_ROW_REACH:
            runs[-1].append(b)
        else:
            runs.append([b])
    out: set[int] = set()
    for run in runs:
        if len(run) < 2:
            continue
        out |= set(run)
        width = sum(raw[run[0]:run[1]].count(c) for c in "|｜")  # the pipes of the second row
        head = [i for i in range(run[0] - 1, max(-1, run[0] - PIPE_ROW_REACH), -1) if raw[i] in "|｜"][:width]
        if len(head) == width:
            out.add(head[-1])
        tail = [i for i in range(run[-1], min(len(raw), run[-1] + PIPE_ROW_REACH)) if raw[i] in "|｜"][:width]
        if len(tail) == width:
            out.add(tail[-1] + 1)
    return {c for c in out if 0 < c < len(raw)}


def _run_on_cuts(raw: str) -> list[tuple[int, int]]:
    """The spans a line without line breaks is read as: cut where the report's own markers open a line."""
    found = {m.start() for m in RUN_ON_CUT.finditer(raw) if m.start() > 0}
    found |= {m.start() for m in RUN_ON_HEADING.finditer(raw)}
    found |= {m.end() for m in RUN_ON_CHAPTER.finditer(raw)}
    for m in RUN_ON_ISSUER.finditer(raw, 0, RUN_ON_OPENING):
        found |= {m.start("issuer"), m.start("date"), m.end("date")}
    found |= _pipe_table_cuts(raw)
    # a chapter's heading at a place cut for another reason (after the issuer's date) runs into its text too
    found |= {h.end() for c in sorted(found) if (h := _CHAPTER_AT_CUT.match(raw, c))}
    cuts = sorted({0, *found, len(raw)})
    out: list[tuple[int, int]] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        while b - a > RUN_ON_PARAGRAPH:  # a long paragraph: cut after a sentence end
            end = max(raw.rfind(c, a, a + RUN_ON_PARAGRAPH) for c in "。！？")
            if end <= a:
                break
            out.append((a, end + 1))
            a = end + 1
        if b > a:
            out.append((a, b))
    return out


def _mark_tables(raws: list[str], lines: list[_Line], starts: list[int]) -> None:
    """Rows of tables: lines that open with a pipe (| 指标 | 2024年完成 |), and runs of two or more lines aligned
    in three or more columns with spaces, which are rewritten as pipe rows."""
    for i, raw in enumerate(raws):
        if raw.strip(" \u3000\t")[:1] in PIPES and raw.strip()[-1:] in PIPES:
            lines[i].table = True
            lines[i].chars = ["|" if c == "｜" else c for c in lines[i].chars]
    cells = [_aligned_cells(r) for r in raws]
    i = 0
    while i < len(raws):
        j = i
        while j < len(raws) and cells[j] is not None:
            j += 1
        if j - i >= 2:
            for k in range(i, j):
                lines[k] = _table_line(raws[k], starts[k], cells[k])  # type: ignore[arg-type]
        i = max(j, i + 1)


#: What `_normalise_line` changes: a character it folds, a full-width full stop, a space (`\s` is `str.isspace`).
_TO_NORMALISE = re.compile("[" + "".join(re.escape(c) for c in sorted(_WIDTH)) + "．\\s]")


def _normalise_line(raw: str, offset: int) -> _Line:
    """Width-normalise digits, letters and spaces; drop spaces except between two ASCII letters/digits."""
    if _TO_NORMALISE.search(raw) is None:  # most lines: nothing to fold, no space to weigh
        return _Line(list(raw), list(range(offset, offset + len(raw))))
    chars = [_WIDTH.get(c, c) for c in raw]
    # a full-width full stop between digits is a decimal point (３．５)
    for i, c in enumerate(chars):
        if c == "．" and 0 < i < len(chars) - 1 and chars[i - 1].isdigit() and chars[i + 1].isdigit():
            chars[i] = "."
    out = _Line()
    # the nearest non-space character after each position, found in one pass from the right (a run of spaces is
    # read in linear time: looking it up from every space of the run took the square of its length)
    n = len(chars)
    after = [""] * (n + 1)
    for i in range(n - 1, -1, -1):
        after[i] = after[i + 1] if chars[i].isspace() else chars[i]
    prev = ""  # the last non-space character before i
    for i, c in enumerate(chars):
        if c.isspace():
            nxt = after[i + 1]
            keep = bool(prev and nxt and _ASCII_ALNUM.match(prev) and _ASCII_ALNUM.match(nxt))
            if keep and out.chars and out.chars[-1] != _SPACE:
                out.chars.append(_SPACE)
                out.idx.append(offset + i)
            continue
        prev = c
        out.chars.append(c)
        out.idx.append(offset + i)
    return out


def _drop_continuations(line: _Line) -> _Line:
    """Remove newspaper continuation marks wherever they stand in a line."""
    text = line.text
    cuts = [(m.start(), m.end()) for m in CONTINUATION_RE.finditer(text)]
    if not cuts:
        return line
    keep = [i for i in range(len(text)) if not any(a <= i < b for a, b in cuts)]
    return _Line([line.chars[i] for i in keep], [line.idx[i] for i in keep], line.table)


def _is_page_number(text: str, next_text: str) -> bool:
    if not PAGE_NUMBER_RE.match(text):
        return False
    # a bare number followed by a counter is a number broken across lines, not a page number
    return not (re.fullmatch(r"\d+", text) and COUNTER_START.match(next_text))


def _strip_prefixes(line: _Line, banners: list[str]) -> _Line:
    """Drop running banners glued in front of a line (PDF text boxes read in the wrong order)."""
    changed = True
    while changed:
        changed = False
        t = line.text
        for b in banners:
            if len(t) > len(b) and t.startswith(b) and not ends_sentence(t):
                line = line.cut(len(b))
                changed = True
                break
    return line


def _column_width(lines: list[_Line], i: int, radius: int = 8) -> int | None:
    """Widest line near line i (excluding it): the column width that wrapped lines fill."""
    near = [len(lines[j].chars) for j in range(max(0, i - radius), min(len(lines), i + radius + 1)) if j != i]
    near = [n for n in near if n >= 8]
    return max(near) if len(near) >= 3 else None


def _word_spans(left: str, right: str) -> bool:
    """Does a word of the language run across the break between two lines?"""
    from govkg.extract.names import tokens

    a, b = left[-6:], right[:6]
    return any(s < len(a) < e for _w, s, e in tokens(a + b))


def _bracketed(line: str) -> bool:
    return len(line) >= 3 and line[0] in "（(【[" and line[-1] in "）)】]" and not re.match(rf"[（(][{CN_ORDINAL_CLASS}\d]{{1,3}}[）)]", line)


def _starts_new(last_piece: str, prev: str, cur: str, width: int | None, after_heading: bool) -> bool:
    """Does `cur` start a new logical line after `prev` (whose last physical line is `last_piece`)?"""
    pm = marker_of(prev)
    if ends_sentence(prev) or prev.endswith(("：", ":")) or marker_of(cur) is not None:
        return True
    if (len(cur) <= 8 and cur.endswith(("！", "!"))) or (len(cur) <= 20 and cur.endswith(("：", ":"))):
        return True  # a salutation (各位代表：) or a lead-in heading (过去一年主要成绩：)
    if _bracketed(cur) or _bracketed(prev):
        return True  # a note in brackets on a line of its own: （本版根据报告内容整理）
    if FIELD_RE.match(cur) or FIELD_RE.match(prev):
        return True  # 牵头单位：… under a task
    if pm is not None and pm.kind in ("chapter", "section", "star", "banner", "bracket") and not has_inner_terminal(prev):
        return True  # a heading on a line of its own; an inline heading's paragraph may wrap like any other
    if BYLINE_END.search(prev):
        return True  # ——2025年1月14日在…会议上 / 市长 某某
    if SIDEBAR.match(cur) or (SIDEBAR.match(prev) and len(prev) <= 20 and not ends_sentence(prev)):
        return True  # 名词解释 / 延伸阅读｜…: a box beside the text opens on a line of its own
    if re.search(r"[\d.]$", last_piece) and COUNTER_START.match(cur):
        return False  # a number broken before its counter: 380 / 件
    if re.match(r"\d", cur) and not re.match(rf"{YEAR}年", cur) and not (
        last_piece == prev and headingish(prev, cur, width, after_heading)
    ):
        return False  # a sentence broken before a number: 新建改造城市道路 / 18公里
    short = len(last_piece) < 0.75 * width if width else len(last_piece) <= 15
    if pm is None and short and not re.search(r"[，、,；;]", last_piece):
        # a short unpunctuated line is a title unless a word runs on into the next line (大兴国际机 / 场)
        return not _word_spans(last_piece, cur)
    return last_piece == prev and headingish(prev, cur, width, after_heading)


def clean(doc: Document) -> Document:
    """Fill `doc.text` (one logical line per heading or paragraph) and `doc.raw_offsets`."""
    raw_lines: list[_Line] = []
    raws = doc.raw.split("\n")
    starts: list[int] = []
    pos = 0
    pieces: list[str] = []
    longest = max((len(r) for r in raws), default=0)
    run_on = longest > RUN_ON and longest > len(doc.raw) / 2  # the text is (mostly) one line
    for raw in raws:
        cuts = _run_on_cuts(raw) if run_on and len(raw) > RUN_ON else [(0, len(raw))]
        for a, b in cuts:  # a report on one line is read as the lines its own markers begin
            starts.append(pos + a)
            pieces.append(raw[a:b])
            raw_lines.append(_drop_continuations(_normalise_line(raw[a:b], pos + a)))
        pos += len(raw) + 1
    raws = pieces
    _mark_tables(raws, raw_lines, starts)

    lines = [ln for ln in raw_lines if ln.chars]

    # running headers: an unmarked short line repeated three or more times, or twice beside a page number
    counts = Counter(ln.text for ln in lines)
    by_page = Counter(ln.text for k, ln in enumerate(lines) if any(
        0 <= j < len(lines) and PAGE_NUMBER_RE.match(lines[j].text) for j in (k - 1, k + 1)))
    repeated = {
        t
        for t, c in counts.items()
        if (c >= 3 or c >= 2 and by_page[t] >= 1) and len(t) <= 40 and marker_of(t) is None and not ends_sentence(t)
        and not PAGE_NUMBER_RE.match(t)
        and not FIELD_RE.match(t)  # 完成时限：2024年12月底前 under many tasks is content, not a running header
    }
    lines = [ln for ln in lines if ln.table or ln.text not in repeated]

    # page numbers and garbled leading digit runs
    kept: list[_Line] = []
    for i, ln in enumerate(lines):
        nxt = lines[i + 1].text if i + 1 < len(lines) else ""
        if not ln.table and _is_page_number(ln.text, nxt):
            continue
        m = _LEADING_GARBLE.match(ln.text)
        if m and not COUNTER_START.match(ln.text[m.end() :]):
            ln = ln.cut(m.end())
        kept.append(ln)
    lines = kept

    # trailing page digits on headings, and banners glued in front of later lines
    banners: list[str] = []
    fixed: list[_Line] = []
    for i, ln in enumerate(lines):
        nxt = lines[i + 1].text if i + 1 < len(lines) else ""
        if ln.table:
            fixed.append(ln)
            continue
        ln = _strip_prefixes(ln, banners)
        t = ln.text
        width = _column_width(lines, i)
        m = _TRAILING_DIGITS.search(t)
        if m and not COUNTER_START.match(nxt) and headingish(t[: m.start()], nxt, width):
            ln = ln.cut(0, m.start())
            t = ln.text
        if marker_of(t) is None and headingish(t, nxt, width) and not t.endswith(("：", ":")):
            banners.append(t)
            banners.sort(key=len, reverse=True)
        fixed.append(ln)
    lines = fixed

    # join lines broken inside a sentence
    widths = [_column_width(lines, i) for i in range(len(lines))]
    logical: list[_Line] = []
    heads: list[bool] = []  # whether each logical line is an unmarked heading
    last_src = -1  # index in `lines` of the last line appended to logical[-1]
    for i, ln in enumerate(lines):
        if not logical:
            logical.append(ln)
            heads.append(False)
        else:
            prev, cur = logical[-1].text, ln.text
            after = len(heads) >= 2 and heads[-2]
            # a cut of a line without line breaks (no newline between the two in the file) always starts anew
            run_on = bool(ln.idx and logical[-1].idx) and "\n" not in doc.raw[logical[-1].idx[-1] : ln.idx[0]]
            if ln.table or logical[-1].table or run_on \
                    or _starts_new(lines[last_src].text, prev, cur, widths[last_src], after):
                heads[-1] = marker_of(prev) is None and headingish(prev, cur, widths[last_src], after)
                logical.append(ln)
                heads.append(False)
            else:
                logical[-1] = _Line(logical[-1].chars + ln.chars, logical[-1].idx + ln.idx)
        last_src = i

    text_parts: list[str] = []
    offsets: list[int] = []
    for k, ln in enumerate(logical):
        if k:
            text_parts.append("\n")
            offsets.append(logical[k - 1].idx[-1] + 1)
        text_parts.append(ln.text)
        offsets.extend(ln.idx)
    offsets.append(offsets[-1] + 1 if offsets else 0)
    doc.text = "".join(text_parts)
    doc.raw_offsets = offsets
    return doc
