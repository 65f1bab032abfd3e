"""Candidates -> entities: dictionary names, aliases merged, one node per thing, mentions and nesting links."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache

import ahocorasick

from govkg.extract import lexicon
from govkg.extract.entities import Candidate, Unit
from govkg.extract.names import _common, is_generic, place_word, plausible, type_by_suffix
from govkg.iris import iri_name, normalise
from govkg.models import Entity, Mention, Span
from govkg.patterns import CN_ORDINAL_CLASS

#: Words that may open a longer form of the same name: 地铁平谷线 = 平谷线, 城市副中心站… = 副中心站….
LOCATOR_PREFIXES = ("北京市", "北京", "城市", "地铁", "轨道交通", "中国", "国家级", "市级", "区级")
#: Words a programme's name may carry or drop: “两区”建设 and 两区 name one programme.
PROGRAMME_WORDS = ("建设", "工程", "行动", "改革")
TYPE_ORDER = ["Institution", "Event", "Program", "Area", "Facility", "Project", "IndustryCluster"]
COMPATIBLE = {frozenset({"Project", "Facility"}), frozenset({"Project", "Area"}), frozenset({"Facility", "Area"})}


@dataclass
class _Node:
    name: str
    votes: Counter[str] = field(default_factory=Counter)
    max_weight: int = 0
    sources: set[str] = field(default_factory=set)
    surfaces: set[str] = field(default_factory=set)
    located_in: set[str] = field(default_factory=set)
    dictionary: bool = False
    place_short_only: bool = True  # known only by a place's short form (簇桥 for 簇桥街道)
    said: Counter[str] = field(default_factory=Counter)  # how often each surface occurs


#: The level words a region-relative name opens with: 省委, 市财政局, 区人大, 县人民医院, 镇卫生院, 乡政府.
RELATIVE_LEVELS = "省市区县镇乡"
#: A short name made of a count and a word (两区, 三城一区): it means one thing in one region and another elsewhere.
NUMBERED_SHORT = re.compile(rf"[{CN_ORDINAL_CLASS}][\u4e00-\u9fff](?:[{CN_ORDINAL_CLASS}][\u4e00-\u9fff])*(?:建设)?")


def region_relative(name: str) -> bool:
    """A name that means a different thing in every region's report: one that opens with a bare level word (区财政局,
    省委, 县人民医院, 镇卫生院; not 市民文化中心, 区域医疗中心 or 市场监管总局, which open with a word of their own), or a
    short numbered name (两区, 三城一区) that no dictionary knows as one national thing."""
    if NUMBERED_SHORT.fullmatch(name) and name not in _known_index():
        return True
    if len(name) < 2 or name[0] not in RELATIVE_LEVELS:
        return False
    if len(name) == 2:
        return name[1] in "委"  # 省委, 市委, 县委: the party committee of the level
    return name[:2] in ("区委", "县委", "市委", "省委", "镇委") or not _common(name[:2])


# ---------------------------------------------------------------- dictionaries and the report's region
@lru_cache(maxsize=4)
def region_of(text: str) -> lexicon.Place | None:
    """The report's own county (or city): the administrative unit it names most, disambiguated by its parents."""
    counts: Counter[lexicon.Place] = Counter()
    by_code = lexicon.place_by_code()
    units = _unit_names()
    for name in sorted({name for _, name in _unit_automaton().iter(text)}):
        n = _whole_count(text, name)
        if n:
            for p in units[name]:
                counts[p] = n * (2 if p.level == "county" else 1)
    if not counts:
        return None

    def score(p: lexicon.Place) -> tuple[int, int, str]:
        parent = by_code.get(p.parent_code)
        ctx, seen = 0, {p.code}
        while parent is not None and parent.code not in seen:
            seen.add(parent.code)
            ctx += text.count(parent.name) + (text.count(parent.short) if len(parent.short) >= 2 else 0)
            parent = by_code.get(parent.parent_code)
        return counts[p], ctx, p.code

    return max(counts, key=score)


@cache
def _unit_names() -> dict[str, list[lexicon.Place]]:
    """Counties and cities by name (three characters or more), the units `region_of` counts."""
    out: dict[str, list[lexicon.Place]] = {}
    for p in lexicon.places():
        if p.level in ("county", "city") and len(p.name) >= 3:
            out.setdefault(p.name, []).append(p)
    return out


@cache
def _unit_entries() -> tuple[tuple[str, lexicon.Known, lexicon.Place | None], ...]:
    """Provinces, cities and counties as dictionary entries, each with the unit above it when its name is also a
    common word (老城区): a report must name that unit for the entry to count. Made once."""
    by_code = lexicon.place_by_code()
    out = []
    for p in lexicon.places():
        if p.level in ("province", "city", "county") and len(p.name) >= 3:
            parent = by_code.get(p.parent_code) if _common(p.name) else None
            if _common(p.name) and parent is None:
                continue  # a common word with no unit above it to vouch for it: never a place
            out.append((p.name, lexicon.Known(p.name, "Area", (), "places.tsv"), parent))
    return tuple(out)


@cache
def _unit_automaton() -> ahocorasick.Automaton:
    return _automaton(sorted(_unit_names()))


@cache
def _known_index() -> dict[str, lexicon.Known]:
    out: dict[str, lexicon.Known] = {}
    generic = lexicon.generic()
    for k in lexicon.known_entities():
        for n in (k.name, *k.aliases):
            if n in generic:
                continue  # 城市更新, 乡村振兴: topic words, not names, whatever a dictionary says
            if len(n) >= 3 or (n == k.name or k.source == "zones.tsv") and len(n) >= 2:
                out.setdefault(n, k)
    return out


@cache
def _scoped_known() -> tuple[tuple[str, lexicon.Known, str], ...]:
    """`_known_index` as (name, entry, the entry's place) in its order, read once."""
    return tuple((n, k, k.scope) for n, k in _known_index().items())


def in_scope(scope: str, region: lexicon.Place | None, text: str) -> bool:
    """An entry of a place (北京市's 两区建设, 上海市's 临港新片区) belongs in a report of that place, or in one that
    names the place (北京 or 北京市); an entry without a place belongs anywhere."""
    if not scope:
        return True
    if region is not None and any(p.name == scope for p in lexicon.ancestors(region)):
        return True
    short = _short_names().get(scope, "")
    return scope in text or bool(short and short in text)


@cache
def _short_names() -> dict[str, str]:
    """Provinces, cities and counties by name, with their short forms of two characters or more (北京市 -> 北京)."""
    return {p.name: p.short for p in lexicon.places() if len(p.short) >= 2}


def dictionary_names(region: lexicon.Place | None, text: str = "") -> dict[str, lexicon.Known]:
    """Every surface form the dictionaries let us match in this report, with its entry: entries of another place
    only where the report names that place, and a place whose name is also a common word (老城区) only where the
    report names the unit above it."""
    known = _scoped_known()
    ok = {scope: in_scope(scope, region, text) for scope in dict.fromkeys(scope for _, _, scope in known)}
    names = {n: k for n, k, scope in known if ok[scope]}
    named: dict[str, bool] = {}  # by the code of a unit above: does the report name it (asked once per unit)
    for name, entry, parent in _unit_entries():
        if parent is not None:
            seen = named.get(parent.code)
            if seen is None:
                seen = named[parent.code] = parent.name in text or (len(parent.short) >= 2 and parent.short in text)
            if not seen:
                continue  # 老城区, 新城区: a word first; a place only where its city is named
        names.setdefault(name, entry)
    if region is not None and region.level == "county":
        for p in lexicon.towns_of(region.code):
            if p.county == region.name:
                k = lexicon.Known(p.name, "Area", (p.short,) if len(p.short) >= 2 else (), "places.tsv#town")
                names[p.name] = k
                if len(p.short) >= 2 and p.short not in lexicon.generic():
                    names.setdefault(p.short, lexicon.Known(p.name, "Area", k.aliases, "places.tsv#short"))
    return names


def _automaton(names: list[str]) -> ahocorasick.Automaton:
    a = ahocorasick.Automaton()
    for n in names:
        a.add_word(n, n)
    a.make_automaton()
    return a


def _matches(a: ahocorasick.Automaton, text: str) -> list[tuple[int, int, str]]:
    """All dictionary hits, longest first at each position; overlapping hits kept (nesting is decided later)."""
    out = []
    for end, name in a.iter(text):
        out.append((end - len(name) + 1, end + 1, name))
    return sorted(out, key=lambda x: (x[0], -(x[1] - x[0])))


@cache
def _dictionary_automaton() -> tuple[ahocorasick.Automaton, frozenset[str]]:
    """Every name `dictionary_names` can give any report but a county's towns, in one automaton made once per
    process (made per report, it took as long as matching), with the set of its names."""
    known = frozenset(_known_index()) | {name for name, _, _ in _unit_entries()}
    return _automaton(sorted(known)), known


def _dictionary_matcher(names: dict[str, lexicon.Known]) -> Callable[[str], list[tuple[int, int, str]]]:
    """`_matches` of an automaton of exactly `names`: the shared automaton's hits that are among them, and the
    hits of the few names it lacks (a county's towns, in an automaton of their own)."""
    shared, known = _dictionary_automaton()
    rest = sorted(n for n in names if n not in known)
    own = _automaton(rest) if rest else None

    def hits(text: str) -> list[tuple[int, int, str]]:
        found = [h for h in _matches(shared, text) if h[2] in names]
        if own is not None:
            found += _matches(own, text)
            found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        return found

    return hits


def dictionary_candidates(units: list[Unit], names: dict[str, lexicon.Known]) -> list[Candidate]:
    if not names:
        return []
    matcher = _dictionary_matcher(names)
    out = []
    for i, u in enumerate(units):
        hits = matcher(u.text)
        for s, e, surface in hits:
            # a hit strictly inside a longer hit that ends at the same place is the longer name's tail
            if any(s2 < s and e2 == e for s2, e2, _ in hits):
                continue
            if inside_a_word(u.text, s, e):
                continue  # 昌都市 in 南昌都市圈: a name matches only as whole words
            k = names[surface]
            out.append(Candidate(surface, k.type, 4, "dictionary:" + k.source, u.offset + s, u.offset + e, i,
                                 canonical=k.name))
    return out


def _whole_count(text: str, name: str) -> int:
    """How often a name occurs as whole words (南昌都市圈 holds no 昌都市)."""
    n, i = 0, text.find(name)
    while i != -1:
        n += not inside_a_word(text, i, i + len(name))
        i = text.find(name, i + 1)
    return n


def inside_a_word(text: str, start: int, end: int) -> bool:
    """Does a dictionary hit at text[start:end] cut a word of the language (南昌|都市圈 around 昌都市)? Only words
    jieba's dictionary knows count: its guesses at unknown names (日在桐) say nothing about boundaries."""
    from govkg.extract.names import _jieba, tokens

    freq = _jieba().FREQ
    lo, hi = max(0, start - 4), min(len(text), end + 4)
    for w, ws, we in tokens(text[lo:hi]):
        ws, we = ws + lo, we + lo
        if freq.get(w, 0) < 5 or len(w) < 2:
            continue
        if ws < start < we or ws < end < we:
            return True
    return False


# ---------------------------------------------------------------- merging
def _verb_led(longer: Candidate, shorter: Candidate) -> bool:
    """The longer candidate is only an ordinary word put in front of a dictionary name (开启 + 副中心); a place's
    name in front (云州 + 自贸试验区) makes a name of its own."""

    if not shorter.source.startswith("dictionary") or longer.source.startswith("dictionary"):
        return False
    head = longer.name[: len(longer.name) - len(shorter.name)]
    return longer.name.endswith(shorter.name) and 0 < len(head) <= 2 and _common(head) and not place_word(head)


def _split_place_prefixes(cands: list[Candidate], names: dict[str, lexicon.Known]) -> None:
    """宋庄首开印象街 is 首开印象街 located in 宋庄: split a known place that opens a name of another class."""

    places = sorted((n for n, k in names.items() if k.source in ("places.tsv#town", "places.tsv#short")),
                    key=len, reverse=True)
    for c in cands:
        if c.source.startswith("dictionary") or c.canonical:
            continue
        for p in places:
            if c.name.startswith(p) and len(c.name) - len(p) >= 3:
                rest = c.name[len(p):]
                typed = type_by_suffix(rest, "")
                bare = re.sub(rf"[{CN_ORDINAL_CLASS}\d]期$", "", rest)
                if re.search(r"小镇|镇|街道|园区|商务区", rest):
                    break  # 台湖 + 演艺小镇图书城: the town word belongs to a named area
                if typed is None or typed.type not in ("Project", "Facility") or is_generic(bare) or not plausible(rest):
                    break
                c.name, c.start, c.located_in = rest, c.start + len(p), names[p].name
                c.type, c.weight = typed.type, max(c.weight, typed.weight)
                break


#: A short form the text declares for the name before it: （以下简称“经开区”）, （简称“城投公司”）, (下称X).
DECLARED_ALIAS = re.compile(r"[（(](?:以下|下文)?(?:简称|称)[：:]?[“\"]?(?P<short>[^”\"）)，,、]{2,12})[”\"]?[）)]")


def declared_aliases(units: list[Unit], cands: list[Candidate]) -> list[tuple[str, str]]:
    """(full name, short form) for every short form the text declares right after a candidate name."""
    by_end: dict[int, list[Candidate]] = defaultdict(list)
    for c in cands:
        by_end[c.end].append(c)
    out = []
    for u in units:
        for m in DECLARED_ALIAS.finditer(u.text):
            before = by_end.get(u.offset + m.start(), [])
            if before:
                full = min(before, key=lambda c: c.start)  # the longest name ending there
                out.append((full.canonical or full.name, normalise(m.group("short"))))
    return out


def _abbreviates(short: str, long: str) -> bool:
    """文旅区 abbreviates 文化旅游区: same last character, each earlier character opens a two-character word."""
    if len(short) < 3 or len(long) != 2 * (len(short) - 1) + 1 or short[-1] != long[-1]:
        return False
    return all(long[2 * i] == c for i, c in enumerate(short[:-1]))


def resolve(units: list[Unit], candidates: list[Candidate], text: str) -> tuple[list[Entity], str | None]:
    """Merge candidates into entities with mentions; return them and the canonical name of the report's region."""
    region = region_of(text)
    names = dictionary_names(region, text)
    candidates = candidates + dictionary_candidates(units, names)

    # the shorter of two candidates ending at the same place in one unit is a fragment of the longer
    by_unit: dict[int, list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_unit[c.unit].append(c)
    kept: list[Candidate] = []
    for cs in by_unit.values():
        # every comparison is between candidates sharing an end or a start: index them so that a unit of
        # thousands of candidates (a long line without punctuation) costs their number, not its square
        ending: dict[int, list[Candidate]] = defaultdict(list)
        starting: dict[int, list[Candidate]] = defaultdict(list)
        for d in cs:
            ending[d.end].append(d)
            starting[d.start].append(d)
        for c in cs:
            key = c.canonical or c.name
            same_end = ending[c.end]
            if any(d.exact and d.start > c.start for d in same_end):
                continue  # 日在桐州市第九届…会议: a rule that knows the name's edges outranks a longer guess
            if not c.exact and any(d.start < c.start and (d.canonical or d.name) != key
                                   and not _verb_led(d, c) for d in same_end):
                continue
            if any(_verb_led(c, d) for d in same_end if d.start > c.start):
                continue  # 开启副中心: a verb in front of a known name
            if c.source == "suffix" and any(d.source == "context-designation" and c.start < c.end < d.end
                                            for d in starting[c.start]):
                continue  # 国家农民合作社 in 获评国家农民合作社示范社: a word of the title, not a body
            kept.append(c)

    _split_place_prefixes(kept, names)
    nodes: dict[str, _Node] = {}
    alias_of: dict[str, str] = {}
    for c in sorted(kept, key=lambda c: (c.start, c.end, c.name)):
        if c.canonical is None and c.name in names:
            c.canonical, c.weight, c.type = names[c.name].name, max(c.weight, 3), names[c.name].type
            c.source = c.source + "+dictionary"
        key = normalise(c.canonical or c.name)
        node = nodes.setdefault(key, _Node(key))
        node.votes[c.type] += c.weight
        node.max_weight = max(node.max_weight, c.weight)
        node.sources.add(c.source.split(":")[0])
        node.surfaces.add(normalise(c.name))
        node.said[normalise(c.name)] += 1
        node.dictionary = node.dictionary or c.source.startswith("dictionary")
        node.place_short_only = node.place_short_only and c.source.endswith("#short")
        if c.located_in:
            node.located_in.add(normalise(c.located_in))

    # aliases the text declares: 临澜经济开发区（以下简称“经开区”）
    for full, short in declared_aliases(units, kept):
        key = normalise(full)
        if key not in nodes:
            continue
        if short in nodes and short != key:
            alias_of[short] = key
        else:
            nodes[key].surfaces.add(short)

    # aliases: locator prefixes, an alias at the start of a longer name, abbreviations
    keys = sorted(nodes, key=lambda k: (-len(k), k))
    surfaces = {s: k for k in keys for s in nodes[k].surfaces | {k}}
    by_shape: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    for k in keys:
        by_shape[(k[0], k[-1], len(k))].append(k)
    for k in keys:
        if k in alias_of:
            continue
        for other in _longer_forms(k, nodes, surfaces, by_shape):
            if other in alias_of or other == k or len(other) <= len(k):
                continue
            if nodes[other].dictionary and nodes[k].dictionary:
                continue
            if _compatible(nodes[k], nodes[other]):
                alias_of[k] = other
                break
    for short, long in sorted(alias_of.items()):
        target = long
        while target in alias_of:
            target = alias_of[target]
        t, s = nodes[target], nodes.pop(short)
        t.votes.update(s.votes)
        t.max_weight = max(t.max_weight, s.max_weight)
        t.sources |= s.sources
        t.surfaces |= s.surfaces | {short}
        t.said.update(s.said)
        t.located_in |= s.located_in
        t.dictionary = t.dictionary or s.dictionary
        t.place_short_only = t.place_short_only and s.place_short_only

    # a cluster is also called by its sector's name: 生物医药产业 = 生物医药
    for k, n in nodes.items():
        if _vote(n) == "IndustryCluster":
            short = re.sub(r"(?:产业集群|产业|集群)$", "", k)
            if short != k and len(short) >= 2:
                n.surfaces.add(short)

    # a district office the text calls by its local name (区科技局) keeps that name: the dictionary's (区科委) is
    # what other districts call theirs, and the IRI of a region-relative name is the region's own anyway
    for k in [k for k, n in nodes.items() if n.dictionary and k not in n.surfaces and n.said and region_relative(k)]:
        local = min(nodes[k].said, key=lambda w: (-nodes[k].said[w], -len(w), w))
        if local not in nodes:
            n = nodes.pop(k)
            n.name = local
            nodes[local] = n

    # evidence: a weak ending alone does not make a name
    nodes = {k: n for k, n in nodes.items() if n.max_weight >= 2 or len(n.sources) >= 2}

    region_name = region.name if region is not None else None
    if region is not None and region.name not in nodes:
        nodes[region.name] = _Node(region.name, Counter({"Area": 4}), 4, {"region"}, {region.name}, set(), True, False)

    entities = {k: Entity(name=k, type=_vote(n), aliases=sorted(n.surfaces - {k}), sources=sorted(n.sources))  # type: ignore[arg-type]
                for k, n in nodes.items()}
    _mentions(units, entities)
    for k in list(entities):
        e = entities[k]
        if k == region_name or not e.mentions or any(m.nested_in is None for m in e.mentions):
            continue
        if e.type in ("Program", "Event", "IndustryCluster"):
            del entities[k]  # 法治政府建设 inside 全国法治政府建设示范区: a word of the name, not a thing of its own
        elif nodes[k].place_short_only:
            del entities[k]  # 簇桥 in 簇桥片区: a place word that only names something else
    _links(entities, nodes)
    return [entities[k] for k in sorted(entities)], region_name


def _longer_forms(short: str, nodes: dict[str, _Node], surfaces: dict[str, str],
                  by_shape: dict[tuple[str, str, int], list[str]]) -> list[str]:
    """Names that may be longer forms of `short`, in a fixed order of preference."""
    out = [p + short for p in LOCATOR_PREFIXES if p + short in nodes]
    out += [short + w for w in PROGRAMME_WORDS if short + w in nodes]  # “两区”建设: 两区 is 两区建设
    # an alias of a known name opens the shorter one: 副中心站… is 城市副中心站… when 副中心 = 城市副中心
    for n in range(2, len(short)):
        owner = surfaces.get(short[:n])
        if owner is not None and owner != short and short[:n] != owner and owner + short[n:] in nodes:
            out.append(owner + short[n:])
    if len(short) >= 3:
        out += [k for k in by_shape.get((short[0], short[-1], 2 * (len(short) - 1) + 1), []) if _abbreviates(short, k)]
    return out


def _compatible(a: _Node, b: _Node) -> bool:
    ta, tb = _vote(a), _vote(b)
    return ta == tb or frozenset({ta, tb}) in COMPATIBLE


def _vote(n: _Node) -> str:
    return max(TYPE_ORDER, key=lambda t: (n.votes.get(t, 0), -TYPE_ORDER.index(t)))


def _mentions(units: list[Unit], entities: dict[str, Entity]) -> None:
    """Find every occurrence of every name; a name inside a longer one is a nested mention of it."""
    owner: dict[str, str] = {}
    for k, e in entities.items():
        for n in (k, *e.aliases):
            if len(n) >= 2:
                owner.setdefault(n, k)
    if not owner:
        return
    automaton = _automaton(sorted(owner))
    longest = max(len(n) for n in owner)
    for u in units:
        hits = _matches(automaton, u.text)
        # a short name inside a longer word is no mention of it (万亿 in 万亿元, 创新 in 创新型)
        hits = [(a, b, n) for a, b, n in hits if len(n) > 3 or not inside_a_word(u.text, a, b)]
        spans = sorted((a, b, owner[n], n) for a, b, n in hits)
        starts = [x[0] for x in spans]
        for a, b, k, n in spans:
            # a span around this one starts at most the longest name's length before it
            lo = bisect_left(starts, b - longest)
            hi = bisect_right(starts, a)
            around = [x for x in spans[lo:hi] if b <= x[1] and (x[1] - x[0]) > (b - a)]
            if any(x[2] == k for x in around):
                continue  # a shorter alias inside a longer alias of the same entity
            outer = [x for x in around if x[2] != k]
            nested_in = min(outer, key=lambda x: x[1] - x[0])[2] if outer else None
            entities[k].mentions.append(
                Mention(surface=n, span=Span(start=u.offset + a, end=u.offset + b), statement=u.statement, goal=u.goal,
                        context=u.context, nested_in=nested_in)
            )
    for e in entities.values():
        e.mentions.sort(key=lambda m: (m.span.start, m.span.end))


def _links(entities: dict[str, Entity], nodes: dict[str, _Node]) -> None:
    """An entity whose name contains another's is linked to it: located in an Area, associated with the rest."""
    # each name or alias of two characters or more -> the entities it names; then look up the substrings of each
    # name shorter than it (a name has tens of them; comparing every pair of entities grows with their square)
    owners: dict[str, set[str]] = {}
    for other, e in entities.items():
        for f in (other, *e.aliases):
            if len(f) >= 2:
                owners.setdefault(f, set()).add(other)
    longest = max(map(len, owners), default=0)
    for k, e in entities.items():
        located = set(nodes[k].located_in) if k in nodes else set()
        assoc: set[str] = set()
        inner = {k[i:j] for i in range(len(k)) for j in range(i + 2, min(len(k), i + longest) + 1) if j - i < len(k)}
        for f in inner:
            for other in owners.get(f, ()):
                if other != k:
                    (located if entities[other].type == "Area" else assoc).add(other)
        e.located_in = sorted(x for x in located if x in entities and x != k)
        e.associated_with = sorted(x for x in assoc if x != k)


__all__ = ["iri_name", "normalise", "plausible", "region_of", "resolve"]
