"""Which report a text is: its region, level and year, each decided by the strongest evidence the text gives.

A report says who it is in a few places, and they are not equally sure. In order:

1. what the user says (`--region`, `--year`, a manifest row);
2. the title block: the title (鹤川市人民政府工作报告, 江州市清河区2023年政府工作报告, ——青峦区政府工作报告要点速览), the
   byline (——2025年1月14日在鹤川市第十六届人民代表大会第三次会议上) and the presenter's line (鹤川市市长　沈嘉禾);
3. the session the report answers to, wherever the text names it (青峦区第三届人民代表大会第六次会议开幕);
4. how the report speaks of itself (全市, 我区, 本县: the level of its unit), with the unit of that level it names
   most, a unit whose own places it names preferred to those places (a city's report names its counties);
5. the unit the body names most (`resolve.region_of`), with a warning naming the candidates.

Years: the delivery date of the title block (or a newspaper's date line), then the years of the title
(2024年工作总结和2025年工作计划 plans 2025), then the years the outline read from the part headings. A horizon
(到2035年) or a number glued to a unit is never the report's year (the outline's readers see to that).

Each decision keeps the evidence it rests on (`Identity.evidence`: field -> kind), which the graph records and
`govkg build` prints; a decision on weak evidence (the body alone) carries a warning.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from govkg.extract import lexicon
from govkg.patterns import CN_ORDINAL_CLASS, HAN, HAN_CLASS, YEAR

#: The kinds of evidence, strongest first.
EVIDENCE = ("override", "manifest", "title", "byline", "presenter", "session", "self-reference", "body", "date",
            "part-heading")
#: The evidence that needs no warning.
STRONG = frozenset({"override", "manifest", "title", "byline", "presenter", "session", "date"})

#: The endings of administrative units, longest first; the level each gives when no dictionary knows the unit.
UNIT_ENDINGS = {"特别行政区": "province", "自治区": "province", "自治州": "city", "自治县": "county",
                "自治旗": "county", "新区": "county", "街道": "town", "苏木": "town", "省": "province", "州": "city",
                "盟": "city", "地区": "city", "市": "city", "区": "county", "县": "county", "旗": "county",
                "镇": "town", "乡": "town"}
_ENDING = "|".join(sorted(UNIT_ENDINGS, key=len, reverse=True))
#: The words a report uses of its own unit: 全市, 我区, 本县 …, with the unit ending each implies.
SELF_REFERENCE = re.compile(r"(?:全|我|本)(省|市|区|县|州|旗|盟|镇|乡)(?![场域间长委民属级内外])")
#: The session a report is delivered to: (在)鹤川市第十六届人民代表大会(第三次会议).
SESSION = re.compile(rf"(?P<at>在)?(?P<place>(?:(?!在)[{HAN_CLASS}]){{2,24}}?)第[{CN_ORDINAL_CLASS}\d]+届人民代表大会")
#: 鹤川市市长　沈嘉禾, 临澜县代县长 周启航: a presenter's line that names the unit.
PRESENTER_LINE = re.compile(
    rf"^(?P<place>{HAN}{{2,20}}?(?:{_ENDING}))(?:人民政府)?代?(?:省|市|区|县|州|旗|盟|镇|乡)长[\s\u3000]*[{HAN_CLASS}·]{{2,4}}$")
#: A unit right before what names the document (人民政府, 政府工作报告, a year): the title's region.
TITLE_UNIT = re.compile(
    rf"({HAN}{{1,12}}?(?:{_ENDING}))(?=(?:人民)?政府|{YEAR}年|[（(《]|工作报告|办事处|管理委员会|管委会"
    rf"|(?:重点|主要)?(?:工作|任务)(?:清单|要点|计划|总结|安排|方案))")
#: Words a title puts before the unit it names: 一图读懂通州区政府工作报告, 关于鹤川市….
TITLE_OPENERS = re.compile(r"^(?:一图(?:读懂|看懂|速览)|图解|速览|解读|聚焦|关于|快看|数说)")
#: Words that make a run of characters before 第N届人民代表大会 a phrase, not a name (为抓好区第十七届…).
NOT_A_NAME = re.compile(r"[为对按和与的了在将把被是]|抓|落实|贯彻|审议|通过|召开|根据|按照|围绕|出席|列席")
#: A delivery date: 2025年1月14日 (a newspaper's date line, the byline's date).
DATE = re.compile(rf"(?<!\d)({YEAR})年(\d{{1,2}})月(\d{{1,2}})日")
#: Words before a year that make it a horizon, not the report's own (到2035年, 至2030年, 2035年远景目标).
HORIZON = re.compile(r"(?:到|至|展望|远景|力争|争取)$")


@dataclass
class Identity:
    region: str | None = None
    level: str | None = None  # province | city | county | town
    code: str | None = None  # GB/T 2260, when the dictionary knows the unit
    plan_year: int | None = None
    review_year: int | None = None
    date: str | None = None  # the delivery date, ISO (2025-01-14), when the title block gives it
    session: str | None = None  # 鹤川市第十六届人民代表大会第三次会议
    evidence: dict[str, str] = field(default_factory=dict)  # region, year, date, session -> one of EVIDENCE
    warnings: list[str] = field(default_factory=list)  # what rests on weak evidence, in words
    candidates: list[str] = field(default_factory=list)  # the units the body names, most named first


# ---------------------------------------------------------------- units
_SINGLE_ENDINGS = tuple(e for e in UNIT_ENDINGS if len(e) == 1)
_ENDINGS = tuple(UNIT_ENDINGS)


def _first_unit(name: str, i: int) -> str:
    """The shortest unit name at name[i:] after which no unit ending follows (江州|市清河区 is no split, 江州市 is)."""
    first = ""
    for j in range(i + 2, len(name) + 1):
        piece = name[i:j]
        if piece.endswith(_ENDINGS):
            first = first or piece
            if not name.startswith(_SINGLE_ENDINGS, j):
                return piece
    return first
def units_of(name: str) -> list[str]:
    """A run of unit names, split: 西安市东北区 -> [西安市, 东北区]; dictionary names first (市中区 is one unit)."""
    known = lexicon.place_names()
    out: list[str] = []
    i = 0
    while i < len(name):
        here = [n for n in known.get(name[i], ()) if name.startswith(n, i)]
        if here:
            n = max(here, key=len)
        else:
            n = _first_unit(name, i)
            if not n:
                return out
        out.append(n)
        i += len(n)
    return out


def own_unit(name: str) -> str | None:
    """The smallest unit of a run of names (江州市清河区 -> 清河区); None when the run is not unit names only."""
    parts = units_of(name)
    return parts[-1] if parts and "".join(parts) == name and len(parts[-1]) >= 2 else None


def level_of(name: str, place: lexicon.Place | None) -> str | None:
    if place is not None:
        return place.level
    ending = next((e for e in sorted(UNIT_ENDINGS, key=len, reverse=True) if name.endswith(e)), None)
    return UNIT_ENDINGS[ending] if ending else None


def place_of(name: str | None, text: str = "", parent: str | None = None) -> lexicon.Place | None:
    """The dictionary's unit of that name: a province-level one first (北京市); where several share it (通州区),
    the one under `parent` when the text names the unit with its parent (北京市通州区), else the one whose parents
    the text names most; None when nothing tells them apart, or the named parent has no such unit (江州市清河区)."""
    if not name:
        return None
    same = list(lexicon.places_named(name))
    if not same:
        return None
    province = [p for p in same if p.level == "province"]
    if province:
        return province[0]
    by_code = lexicon.place_by_code()
    if parent is not None:
        under = [p for p in same if parent in (p.parent, getattr(by_code.get(p.parent_code), "short", None))]
        return under[0] if len(under) == 1 else None
    if len(same) == 1:
        return same[0]

    def named(p: lexicon.Place) -> int:
        up = by_code.get(p.parent_code)
        return 0 if up is None else text.count(up.name) + (text.count(up.short) if len(up.short) >= 2 else 0)

    ranked = sorted(same, key=lambda p: (-named(p), p.code))
    return ranked[0] if named(ranked[0]) > named(ranked[1]) else None


def _unit_and_parent(run: str) -> tuple[str, str | None] | None:
    """The smallest unit of a run of names, and the unit named before it (北京市怀柔区 -> 怀柔区, 北京市)."""
    tail = _known_tail(run)
    parts = units_of(run)
    if tail is not None:
        head = run[: len(run) - len(tail)]
        before = units_of(head) if head else []
        return tail, (before[-1] if before and "".join(before) == head else None)
    if parts and "".join(parts) == run and len(parts[-1]) >= 2:
        return parts[-1], parts[-2] if len(parts) > 1 else None
    return None


# ---------------------------------------------------------------- the evidence
def title_region(lines: list[str]) -> tuple[str, str | None] | None:
    """The unit a title block names before what names the document (人民政府, 政府工作报告, a year): each line,
    and each piece of a line around ——, in order."""
    for line in lines:
        for piece in re.split(r"[—－-]{2,}|——", line):
            piece = TITLE_OPENERS.sub("", piece.strip(" \u3000"))
            m = TITLE_UNIT.search(piece)
            if m is None:
                continue
            before = piece[: m.start()]
            if before and not re.fullmatch(rf"[\d\s\u3000年]*|.*[^{HAN_CLASS}]", before):
                # 稳中求进　向新而行: a slogan before; the unit starts after it only at a break
                continue
            found = _unit_and_parent(m.group(1))
            if found is not None:
                return found
    return None


def _known_tail(run: str) -> str | None:
    """The longest dictionary unit a run of characters ends with (关于北京市怀柔区 -> 怀柔区)."""
    names = lexicon.place_names()
    for i in range(len(run) - 2, -1, -1):
        if run[i:] in names.get(run[i], ()) and len(run) - i >= 3:
            return own_unit(run[i:]) or run[i:]
    return None


def session(text: str) -> tuple[str, str, bool, str | None] | None:
    """(unit, the session's words, whether a byline's 在 introduces it, the unit named before it) of the first
    session the text names."""
    for m in SESSION.finditer(text):
        found = _unit_and_parent(m.group("place"))
        if found is None:
            continue
        unit, parent = found
        if len(unit) < 3 and unit not in lexicon.place_names().get(unit[0], ()):
            continue
        if not m.group("at") and place_of(unit) is None and NOT_A_NAME.search(unit[:-1]):
            # 认真落实澄江区: the name after the last word that is no part of one; 为抓好区: no name is left
            unit, parent = unit[[w.end() for w in NOT_A_NAME.finditer(unit[:-1])][-1]:], None
            if len(unit) < 3 or NOT_A_NAME.search(unit[:-1]):
                continue
        end = re.match(rf"第[{CN_ORDINAL_CLASS}\d]+届人民代表大会(?:第[{CN_ORDINAL_CLASS}\d]+次会议)?", text[m.end("place"):])
        words = unit + (end.group(0) if end else "")
        return unit, words, bool(m.group("at")), parent
    return None


def presenter_region(lines: list[str]) -> tuple[str, str | None] | None:
    for line in lines:
        m = PRESENTER_LINE.match(line.strip(" \u3000"))
        if m:
            return _unit_and_parent(m.group("place"))
    return None


def self_reference(text: str) -> str | None:
    """The unit ending a report uses of itself most (全市 12, 全区 3 -> 市), when it uses one clearly."""
    counts = Counter(SELF_REFERENCE.findall(text))
    if not counts:
        return None
    (top, n), *rest = counts.most_common()
    return top if n >= 2 and (not rest or n >= 2 * rest[0][1]) else None


def body_units(text: str) -> Counter[str]:
    """Dictionary units the text names, with how often (whole words); a unit whose name is also a common word
    only where the text names the unit above it."""
    from govkg.resolve import _unit_automaton, _unit_entries, _whole_count

    vouched = {name: parent for name, _known, parent in _unit_entries() if parent is not None}
    out: Counter[str] = Counter()
    for name in sorted({name for _, name in _unit_automaton().iter(text)}):
        parent = vouched.get(name)
        if parent is not None and _plain_word(name[:-1]) and parent.name not in text \
                and not (len(parent.short) >= 2 and parent.short in text):
            continue  # 老城区: a word first (老城, the old town); a place only where its city is named
        n = _whole_count(text, name)
        if n:
            out[name] = n
    return out


#: A line of the dictionary for a word of two or three characters: the word and its tag (the last field).
_SHORT_WORD_LINE = re.compile(r"^([^ \n]{2,3}) [^ \n]+ ([^ \n]+)$", re.MULTILINE)


@cache
def _word_tags() -> dict[str, str]:
    """jieba's part-of-speech tag of each two- and three-character word of our dictionary (one regex over the file:
    a loop over its lines took half as long again)."""
    from govkg.extract.names import jieba_dict_text

    return dict(_SHORT_WORD_LINE.findall(jieba_dict_text()))


def _plain_word(stem: str) -> bool:
    """A unit's name without its ending is a common word, not a place name (老城: n; 苏州: ns)."""
    tag = _word_tags().get(stem)
    return tag is not None and not tag.startswith("ns")


def delivery_date(lines: list[str]) -> tuple[int, int, int] | None:
    for line in lines:
        m = DATE.search(line)
        if m:
            return int(m.group(1)), int(m.group(2)), int(m.group(3))
    return None


def title_years(lines: list[str]) -> int | None:
    """The plan year a title names: its latest year that is no horizon (2024年工作总结和2025年工作计划 -> 2025)."""
    years = []
    for line in lines:
        if DATE.search(line):
            continue  # a date line is the delivery date, read on its own
        for m in re.finditer(rf"(?<!\d)({YEAR})(?=年|\s*[）)])", line):
            if not HORIZON.search(line[: m.start()]):
                years.append(int(m.group(1)))
    return max(years) if years else None


# ---------------------------------------------------------------- the decision
def identify(title_lines: list[str], head: str, text: str, outline_years: tuple[int | None, int | None],
             has_review: bool) -> Identity:
    """Decide region and years. `title_lines`: the title block's lines (and the printed title); `head`: the text
    before the first part (title block, opening, a newspaper's lead), where a session is named; `text`: the report's
    text without its title block, for self-reference and body counts; `outline_years`: (review, plan) as the
    outline read them; `has_review`: whether the report reviews a year."""
    ident = Identity()
    # region
    found: tuple[str, str] | None = None  # (unit, evidence)
    parent: str | None = None
    if (titled := title_region(title_lines)) is not None:
        found, parent = (titled[0], "title"), titled[1]
    met = session("\n".join(title_lines) + "\n" + head)
    if met is not None:
        ident.session, ident.evidence["session"] = met[1], "byline" if met[2] else "session"
    elif (met := session(text)) is not None:
        ident.session, ident.evidence["session"] = met[1], "body"
    if met is not None and found is None:
        found, parent = (met[0], "byline" if met[2] else "session"), met[3]
    if found is None and (named := presenter_region(title_lines)) is not None:
        found, parent = (named[0], "presenter"), named[1]
    counts = body_units(text)
    ident.candidates = [n for n, _ in counts.most_common(5)]
    if found is None:
        found = _from_the_body(counts, text)
        if found is not None:
            others = "、".join(f"{n} {c}" for n, c in counts.most_common(4)) or "none named"
            ident.warnings.append(f"region {found[0]} rests on the places the text names ({others}) and how it speaks "
                                  "of itself: no title, byline or session names it; give --region if it is wrong")
        else:
            ident.warnings.append("region unknown: no title, byline or session names it, and the places the text "
                                  "names do not settle it; give --region")
    if found is not None:
        ident.region, ident.evidence["region"] = found
        place = place_of(ident.region, text, parent)
        ident.level = level_of(ident.region, place)
        ident.code = place.code if place is not None and place.code else None
        if place is None and lexicon.places_named(ident.region) and parent is None:
            where = "、".join(sorted({p.parent for p in lexicon.places_named(ident.region)}))
            ident.warnings.append(f"several units are called {ident.region} ({where}) and the text does not say "
                                  f"which: no division code; give --region with its city ({where.split('、')[0]}"
                                  f"{ident.region})")
    # years
    review, plan = outline_years
    date = delivery_date(title_lines)
    if date is not None:
        y, month, day = date
        ident.date = f"{y:04d}-{month:02d}-{day:02d}"
        on_byline = any(DATE.search(t) and "会议" in t for t in title_lines)
        ident.evidence["date"] = "byline" if on_byline else "title"  # a byline's date, or a date line or masthead
        plan, ident.evidence["year"] = (y + 1 if month >= 11 else y), "date"
    elif (in_title := title_years(title_lines)) is not None:
        plan, ident.evidence["year"] = in_title, "title"
    elif plan is not None:
        ident.evidence["year"] = "part-heading"
    if plan is not None and (review is None or ident.evidence.get("year") in ("date", "title")):
        review = plan - 1 if (review is not None or has_review) else None
    ident.plan_year, ident.review_year = plan, review
    return ident


def _with_subunits(mine: Counter[str], every: Counter[str], text: str) -> str:
    """Of the units of the report's own level, the one whose own places the text names (a city whose counties it
    names), else the most named."""

    def children(name: str) -> int:
        p = place_of(name, text)
        if p is None:
            return 0
        return sum(c for n, c in every.items() if n != name
                   for q in lexicon.places_named(n) if q.parent_code == p.code)

    return max(mine, key=lambda n: (children(n) > 0, mine[n], children(n), n))


def _from_the_body(counts: Counter[str], text: str) -> tuple[str, str] | None:
    """The region from the places the text names, when nothing else names it: of the units that end as the report
    speaks of itself (全市: a 市), the one whose own places are named; where none of that ending is named, the one
    unit above most of the named places (a province's report names its cities, rarely itself); else the most named."""
    ending = self_reference(text)
    pool = Counter({n: c for n, c in counts.items() if ending is None or n.endswith(ending)})
    if pool:
        return _with_subunits(pool, counts, text), "self-reference" if ending else "body"
    if ending is None:
        return None
    above: Counter[str] = Counter()
    by_code = lexicon.place_by_code()
    for n, c in counts.items():
        for p in lexicon.places_named(n):
            up = by_code.get(p.parent_code)
            while up is not None and not up.name.endswith(ending):
                up = by_code.get(up.parent_code)
            if up is not None:
                above[up.name] += c
    if above:
        (top, times), *rest = above.most_common()
        if times >= 2 and (not rest or times >= 2 * rest[0][1]):
            return top, "self-reference"
    return None
