"""Pydantic objects that flow through the pipeline; every span is (start, end) into Document.text."""

from __future__ import annotations

from bisect import bisect_left
from decimal import Decimal
from typing import Literal  # noqa: F401  (used in annotations below)

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

PartName = Literal["review", "plan"]
Level = Literal["part", "chapter", "section", "subsection"]
EntityType = Literal["Project", "Facility", "Area", "Institution", "Program", "IndustryCluster", "Event"]
Qualifier = Literal["about", "at_least", "at_most", "more_than", "less_than", "range"]
Status = Literal["planned", "started", "under_construction", "completed", "in_use"]
ReportKind = Literal["work-report", "summary", "task-division"]
MetricKind = Literal["achieved", "target"]


class Span(BaseModel):
    """Half-open character range into the cleaned text, Python slicing: text[start:end]."""

    model_config = ConfigDict(frozen=True)
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


class Document(BaseModel):
    """A decoded report and its cleaned text, with a map from cleaned offsets back to the raw text."""

    name: str  # file name as given (no directories)
    stem: str
    sha256: str
    encoding: str
    raw: str  # decoded file text, newlines as in the file
    stray: int = 0  # replacement (U+FFFD) and control characters in the file, each read as a space
    stray_at: int | None = None  # the raw offset of the first of them
    text: str = ""  # cleaned text: one logical line per heading or paragraph
    raw_offsets: list[int] = Field(default_factory=list)  # len(text) + 1 entries: cleaned index -> raw index
    _newlines: list[int] | None = PrivateAttr(default=None)  # positions of "\n" in raw, for raw_line

    def raw_span(self, span: Span) -> tuple[int, int]:
        """Raw offsets of a cleaned span (end exclusive)."""
        if not self.raw_offsets:
            return span.start, span.end
        start = self.raw_offsets[span.start]
        end = self.raw_offsets[span.end - 1] + 1 if span.end > span.start else start
        return start, end

    def raw_line(self, span: Span) -> int:
        """1-based line of the raw file where a span starts."""
        start, _ = self.raw_span(span)
        return bisect_left(self.newlines(), start) + 1

    def newlines(self) -> list[int]:
        """Positions of "\n" in the raw text, made once (a caller asking for thousands of lines keeps the list)."""
        if self._newlines is None:
            self._newlines = [i for i, ch in enumerate(self.raw) if ch == "\n"]
        return self._newlines


class Goal(BaseModel):
    """A heading of the report's hierarchy: a part, chapter/focus area, section/objective or subsection."""

    id: str  # readable and stable within a report: review, review-1, review-1-2 …
    title: str
    level: Level
    part: PartName
    span: Span
    parent: str | None = None
    marker: str | None = None
    order: int = 0
    year: int | None = None


class Statement(BaseModel):
    """A plan task (○ item, paragraph) or a review result line, under one goal."""

    id: str
    text: str
    span: Span
    goal: str
    part: PartName
    marker: str | None = None
    order: int = 0
    parent: str | None = None  # the paragraph statement this sentence belongs to
    has_parts: bool = False  # a paragraph whose sentences are statements of their own


class Assignment(BaseModel):
    """A field line of a task-division plan: 牵头单位：区发展改革委 under a task."""

    statement: str
    field: str  # as printed: 牵头单位, 责任单位 …
    role: Literal["lead", "support", "deadline"]
    span: Span  # the value after the colon
    text: str


class Context(BaseModel):
    """Text beside the report's own: a sidebar (编者按, 记者观察, 代表声音, 链接, 报告关键词), an appendix or glossary
    (附件, 名词解释), the shortcomings paragraph. Never a goal, task or target; its entities are still named."""

    id: str
    kind: str  # the label it is printed under (编者按, 名词解释 …), or 问题与不足 for the shortcomings paragraph
    text: str
    span: Span
    part: PartName | None = None  # the part it stands in, when it stands inside one


class TableCell(BaseModel):
    text: str
    span: Span


class TableRow(BaseModel):
    statement: str  # the statement the row became
    cells: list[TableCell]


class Table(BaseModel):
    """A table of the report (a pipe table, or columns aligned with spaces): its header and its rows, each row a
    statement. Column headers give the rows' numbers their year, kind and unit (2024年完成, 总投资（亿元）)."""

    id: str
    goal: str
    caption: str | None = None
    header: list[TableCell] = Field(default_factory=list)
    rows: list[TableRow] = Field(default_factory=list)


class Outline(BaseModel):
    goals: list[Goal] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    assignments: list[Assignment] = Field(default_factory=list)
    contexts: list[Context] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    review_year: int | None = None
    plan_year: int | None = None
    preamble: Span | None = None

    def leaves(self) -> list[Statement]:
        """Statements that carry mentions and metrics: sentences of split paragraphs, and unsplit ones."""
        return [s for s in self.statements if not s.has_parts]

    def goal(self, goal_id: str) -> Goal:
        for g in self.goals:
            if g.id == goal_id:
                return g
        raise KeyError(goal_id)


class Mention(BaseModel):
    """One occurrence of an entity name in a statement or heading."""

    surface: str
    span: Span
    statement: str | None = None  # statement id, or None for a heading mention
    goal: str | None = None  # goal id when the mention is in a heading
    context: str | None = None  # context id when the mention is in a sidebar or appendix
    nested_in: str | None = None  # canonical name of the entity whose name contains this mention


class Entity(BaseModel):
    name: str  # canonical name
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    located_in: list[str] = Field(default_factory=list)  # canonical names of Areas
    associated_with: list[str] = Field(default_factory=list)  # canonical names of entities named inside this one
    sources: list[str] = Field(default_factory=list)  # which rules or dictionaries proposed it


class Metric(BaseModel):
    raw: str
    span: Span
    value: Decimal
    value_max: Decimal | None = None
    unit: str
    qualifier: Qualifier | None = None
    qualifier_text: str | None = None
    statement: str
    measure: str = ""  # the clause that says what is measured
    counted: str | None = None
    about: str | None = None  # canonical name of the measured entity
    indicator: str | None = None  # id of the statistical indicator its clause names (indicators.tsv)
    year: int | None = None  # the year the number is about, when the text says (a table header, 到2030年); else its goal's
    kind: MetricKind | None = None  # achieved or target, when the text says (a column 2025年目标); else its part's
    threshold: str | None = None  # a threshold that defines what is counted, not a quantity: 亿元以上 in 亿元以上项目41个


class CountedGroup(BaseModel):
    """A group the text names by its size (六大产业集群, 三大功能区): not a measured quantity."""

    label: str
    raw: str
    span: Span
    count: int
    statement: str
    members: list[str] = Field(default_factory=list)


class StatusClaim(BaseModel):
    entity: str
    status: Status
    statement: str
    span: Span


class RoleLink(BaseModel):
    """An institution named in a task's 牵头单位 (lead) or 责任单位 (support) line."""

    statement: str
    role: Literal["lead", "support"]
    entity: str


class ReportMeta(BaseModel):
    """What a report says about itself (or the user says on the command line): who, where, when, what kind."""

    id: str  # local part of the report IRI: <division code>/<year>/<kind>, or the file stem when either is unknown
    title: str
    kind: ReportKind = "work-report"
    region: str | None = None  # canonical name of the report's own Area
    region_code: str | None = None  # its administrative division code (GB/T 2260), when the dictionary knows it
    year: int | None = None  # the year the report was delivered: its plan year
    review_year: int | None = None
    plan_year: int | None = None
    presenter: str | None = None  # 区长 孟景伟: the name, as printed
    presenter_title: str | None = None  # 区长, 市长, 代区长 …
    level: str | None = None  # the region's level: province | city (prefecture) | county | town
    delivered: str | None = None  # the delivery date (ISO), when the title block dates the report
    session: str | None = None  # the session it was delivered to: 鹤川市第十六届人民代表大会第三次会议
    evidence: dict[str, str] = Field(default_factory=dict)  # region, year, date, session, presenter -> what decided
    # it (identity.EVIDENCE); the level and the division code follow the region
    notes: list[str] = Field(default_factory=list)  # what rests on weak evidence: a reading warning each


class MetaOverrides(BaseModel):
    """Metadata given on the command line; each set field replaces what the text says."""

    region: str | None = None
    year: int | None = Field(default=None, ge=1949, le=2100)
    kind: ReportKind | None = None
    title: str | None = None
    presenter: str | None = None
    region_code: str | None = None  # the region's division code, when it was given as one (a manifest's 110112)
    source: Literal["override", "manifest"] = "override"  # where they come from: the command line or a manifest


class ReadingWarning(BaseModel):
    """Something read badly, left out or repaired: a value, never an exception. `line` is the first raw-file line
    concerned (Document.raw_line)."""

    model_config = ConfigDict(frozen=True)
    code: str  # heading-paragraph, low-coverage, unread-quantities, group-members, metric-range, metric-year …
    message: str
    line: int = Field(ge=1)


class Quantity(BaseModel):
    """A number with a unit in the cleaned text, as the metric reader sees it line by line."""

    raw: str
    span: Span
    line: int  # raw-file line


class Reading(BaseModel):
    """How much of a report govkg read: counts, the share of the text read, numbers left unread, and the warnings."""

    goals: int
    statements: int
    entities: int
    metrics: int
    characters: int  # non-whitespace characters of the text outside the title block
    read_characters: int  # of those: inside statements, headings that are headings, or task-division fields
    heading_characters: int  # of those: inside goal titles (headings that swallowed a paragraph included)
    coverage: Decimal  # read_characters / characters, three decimals, 0..1
    heading_share: Decimal  # heading_characters / characters, three decimals, 0..1
    unread_count: int  # numbers with units that no extracted metric covers
    unread: list[Quantity] = Field(default_factory=list)  # the first few of them
    warnings: list[ReadingWarning] = Field(default_factory=list)
    identity: str = ""  # which report it is and what says so: 鹤川市 2025 (region: byline, year: date)


class Extraction(BaseModel):
    """Everything the pipeline found in one report, ready for the graph builder."""

    document: Document
    outline: Outline
    entities: list[Entity] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)
    groups: list[CountedGroup] = Field(default_factory=list)
    statuses: list[StatusClaim] = Field(default_factory=list)
    roles: list[RoleLink] = Field(default_factory=list)
    region: str | None = None  # canonical name of the report's own Area
    meta: ReportMeta | None = None
    reading: Reading | None = None  # how well the report was read (govkg.quality), set by the pipeline
