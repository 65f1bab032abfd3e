"""Reviewed dictionaries and rule tables, loaded lazily from the data files beside this module and cached."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

DATA = "govkg.extract.data"


def _rows(name: str) -> Iterator[list[str]]:
    """Non-comment, non-blank lines of a data file, split on tabs."""
    try:
        text = resources.files(DATA).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        yield line.rstrip("\n").split("\t")


@cache
def words(name: str) -> frozenset[str]:
    """A one-column word list."""
    return frozenset(r[0].strip() for r in _rows(name) if r and r[0].strip())


#: How strongly a name's ending decides its class (the weight column of suffixes.tsv, and of candidates).
WEAK = 1  # a hint: context must confirm it (…中心, …港)
USUAL = 2  # the class unless context says otherwise (…公园, …片区)
DECIDES = 3  # the ending decides the class (…医院, …博览会, …高新区)
DICTIONARY = 4  # a reviewed dictionary entry


class Suffix(NamedTuple):
    """A name ending (suffixes.tsv): the text it ends with, the class it suggests and how strongly."""

    text: str
    type: str
    weight: int


@cache
def suffixes() -> tuple[Suffix, ...]:
    """Every name ending, longest first."""
    out = [Suffix(r[0], r[1], int(r[2])) for r in _rows("suffixes.tsv") if len(r) >= 3]
    return tuple(sorted(out, key=lambda x: (-len(x.text), x.text)))


@cache
def _suffix_table() -> tuple[dict[str, Suffix], int]:
    table = {s.text: s for s in suffixes()}
    return table, max((len(k) for k in table), default=0)


def suffix_table() -> dict[str, Suffix]:
    """Every name ending by its text (each is listed once)."""
    return _suffix_table()[0]


@lru_cache(maxsize=1 << 16)
def suffix_of(name: str) -> Suffix | None:
    """The longest known ending that `name` ends with (and is longer than). Cached: the candidate rules ask about
    the same few thousand endings of a report tens of thousands of times."""
    table, longest = _suffix_table()
    for n in range(min(longest, len(name) - 1), 0, -1):
        hit = table.get(name[-n:])
        if hit is not None:
            return hit
    return None


@dataclass(frozen=True)
class Known:
    """A dictionary entry: canonical name, class, and the other names it goes by."""

    name: str
    type: str
    aliases: tuple[str, ...] = field(default_factory=tuple)
    source: str = ""
    scope: str = ""  # the place it belongs to (北京市, 浙江省); empty for a national or general entry


_INSTITUTION_KINDS = {"Institution", "University", "Hospital", "Company", "GovernmentBody"}


def _aliases(cell: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in cell.replace("，", "、").replace(",", "、").split("、") if a.strip())


@cache
def known_entities() -> tuple[Known, ...]:
    """Institutions, events, programmes and named zones from the reviewed dictionaries."""
    out: list[Known] = []
    for r in _rows("institutions.tsv"):
        if len(r) >= 2 and r[1] in _INSTITUTION_KINDS:
            out.append(Known(r[0], "Institution", _aliases(r[2]) if len(r) > 2 else (), "institutions.tsv",
                             place_opening(r[0])))
    for r in _rows("events.tsv"):
        out.append(Known(r[0], "Event", _aliases(r[1]) if len(r) > 1 else (), "events.tsv", place_opening(r[0])))
    for r in _rows("programs.tsv"):
        out.append(Known(r[0], "Program", _aliases(r[1]) if len(r) > 1 else (), "programs.tsv",
                         r[3].strip() if len(r) > 3 else ""))
    for r in _rows("zones.tsv"):
        out.append(Known(r[0], "Area", _aliases(r[1]) if len(r) > 1 else (), "zones.tsv", r[2].strip() if len(r) > 2 else ""))
    return tuple(out)


def place_opening(name: str) -> str:
    """The province or city a dictionary name opens with (北京市12345市民服务热线 -> 北京市): the place it belongs to,
    so that its short forms (12345热线) are matched only in that place's reports or ones that name it."""
    by_opening = _big_places()
    found = [p for n in range(1, len(name) + 1) for p in by_opening.get(name[:n], ())]
    return min(found, key=_longest_first).name if found else ""


def _longest_first(p: Place) -> tuple[int, str]:
    return -len(p.name), p.name


@cache
def _big_places() -> dict[str, tuple[Place, ...]]:
    """Provinces and cities by their names and their short forms of two characters or more."""
    out: dict[str, list[Place]] = {}
    for p in places():
        if p.level in ("province", "city"):
            for key in {p.name, p.short if len(p.short) >= 2 else p.name}:
                out.setdefault(key, []).append(p)
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    english: str
    names: tuple[str, ...]
    lower_is_better: bool


@cache
def indicators() -> tuple[Indicator, ...]:
    """The statistical indicators of indicators.tsv (地区生产总值, 一般公共预算收入, 城镇调查失业率 …)."""
    out = []
    for r in _rows("indicators.tsv"):
        if len(r) >= 5:
            out.append(Indicator(r[0], r[1], r[2], tuple(n for n in r[3].split("、") if n), r[4] == "yes"))
    return tuple(out)


@cache
def _indicator_pattern() -> tuple[re.Pattern[str], dict[str, Indicator]]:
    by_name = {n: ind for ind in indicators() for n in ind.names}
    alt = "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
    return re.compile(alt), by_name


def indicator_in(text: str) -> Indicator | None:
    """The indicator named last in `text` (the one nearest a number that follows it), longest name first."""
    rx, by_name = _indicator_pattern()
    found = list(rx.finditer(text))
    return by_name[found[-1].group(0)] if found else None


def indicator(id_: str) -> Indicator:
    return next(i for i in indicators() if i.id == id_)


@dataclass(frozen=True)
class Place:
    name: str
    short: str
    level: str  # province | city | county | town
    code: str
    parent: str
    county: str
    parent_code: str


@cache
def _places_by_name() -> dict[str, tuple[Place, ...]]:
    out: dict[str, list[Place]] = {}
    for p in places():
        out.setdefault(p.name, []).append(p)
    return {k: tuple(v) for k, v in out.items()}


def places_named(name: str) -> tuple[Place, ...]:
    """The provinces, cities and counties of that name (通州区: two)."""
    return _places_by_name().get(name, ())


@cache
def place_names() -> dict[str, frozenset[str]]:
    """The names of provinces, cities and counties by their first character (a prefix lookup)."""
    out: dict[str, set[str]] = {}
    for p in places():
        out.setdefault(p.name[0], set()).add(p.name)
    return {k: frozenset(v) for k, v in out.items()}


@cache
def _place_lines() -> tuple[str, ...]:
    text = resources.files(DATA).joinpath("places.tsv").read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line and not line.startswith("#"))


@cache
def places() -> tuple[Place, ...]:
    """Provinces, cities and counties (towns are looked up per county with `towns_of`)."""
    out = []
    for line in _place_lines():
        if "\ttown\t" in line:
            continue
        r = line.split("\t")
        if len(r) >= 7:
            out.append(Place(r[0], r[1], r[2], r[3], r[4], r[5], r[6]))
    return tuple(out)


@cache
def place_by_code() -> dict[str, Place]:
    return {p.code: p for p in places() if p.code}


def ancestors(place: Place) -> list[Place]:
    """The place and the units above it, smallest first (通州区, 北京市 …)."""
    by_code = place_by_code()
    out, seen = [place], {place.code}
    parent = by_code.get(place.parent_code)
    while parent is not None and parent.code not in seen:
        out.append(parent)
        seen.add(parent.code)
        parent = by_code.get(parent.parent_code)
    return out


@cache
def towns_of(county_code: str) -> tuple[Place, ...]:
    """The towns, streets and townships of one county, by its code."""
    out = []
    tail = "\t" + county_code
    for line in _place_lines():
        if line.endswith(tail) and "\ttown\t" in line:
            r = line.split("\t")
            out.append(Place(r[0], r[1], r[2], r[3], r[4], r[5], r[6]))
    return tuple(out)


@cache
def generic() -> frozenset[str]:
    """Class nouns and sector words that never name one specific thing."""
    return words("generic.txt") | words("generic_topics.txt")


@cache
def generic_nouns() -> frozenset[str]:
    """Class nouns only (老旧小区, 养老机构); sector words such as 数字经济 may still be named members of a list."""
    return words("generic.txt")


@cache
def name_words(role: str) -> frozenset[str]:
    """The words of name_words.tsv with one role: leading-verb, inner-stop, modifier, abstract-head, plural-kind."""
    return frozenset(r[0] for r in _rows("name_words.tsv") if len(r) >= 2 and r[1] == role)


@cache
def function_words() -> frozenset[str]:
    return words("function_words.txt")


@cache
def idioms() -> frozenset[str]:
    return words("idioms.txt")
