"""Entity candidates by general means: suffix rules, enumerations, context verbs, quoted names, dictionaries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from govkg.extract import lexicon
from govkg.extract.names import (
    _SUFFIX_WORDS,
    COUNTERS,
    DIGIT,
    LEADING_VERBS,
    PHASE,
    PLURAL_PREFIX,
    QUANTITY_NAME,
    ROAD_SUFFIXES,
    _admin_names,
    _common,
    _jieba,
    category_type,
    is_generic,
    plausible,
    single_word,
    tokens,
    trim,
    type_by_suffix,
)
from govkg.extract.quantities import MAGNITUDES, UNITS
from govkg.extract.rulebook import CANDIDATE_RULES, TEXT_KINDS, candidate_rule
from govkg.models import Outline
from govkg.outline.cues import OPENING
from govkg.patterns import CN_NUMERAL_CLASS, CN_ORDINAL_CLASS, HAN, HAN_CLASS, SESSION

CLAUSE_BREAK = re.compile(r"[，,。；;：:！？!?（）()|\n]")
SEGMENT_BREAK = re.compile(r"[，,。；;：:！？!?（）()、|\n]")
QUOTED = re.compile(r"[“\"]([^”\"“]{1,20})[”\"]")
#: Abstract nouns that a preceding noun merely qualifies: 战略定位, 发展目标, 建设要求.
ABSTRACT_HEADS = lexicon.name_words("abstract-head")
#: An award, a rank or an example (优秀案例, 一等奖): what a title of a level names there is no designation.
AWARD_HEADS = tuple(sorted(lexicon.name_words("award-head"), key=len, reverse=True))
#: What follows a counted category, not a name: 引进创新药研发项目不少于8个, 新建生态绿道12公里.
NEXT_COUNT = re.compile(rf"(?:不少于|不低于|超过|达到|达|共(?=[\d{CN_ORDINAL_CLASS}])|累计|\d(?![\d.]*[月日号]))")
EVENT_BEFORE = re.compile(r"(?:举办|办好|承办|举行|筹办|主办|开幕)$")
CLUSTER_BEFORE = re.compile(r"(?:做强|做大|做优|壮大|培育|发展|集聚|引领|打造|推动|布局)$")
ORDINAL_CUT = re.compile(rf"(?:首个|首批|唯一|第[{CN_ORDINAL_CLASS}\d]+(?:个|批)?|又一)")
DESIGNATION_VERB = re.compile(r"(?:入选|创建|创成|争创|获评|获批|荣获|成为|摘取|通过|晋级为|获得|认定为|评为)")
#: A title that names its level (国家级, 省级, 全国 …): after a designation verb it is a designation (Program).
LEVEL_TITLE = re.compile(r"(?:国家级|国家|省级|市级|县级|全国|全省|全市|国际)(?!级?(?:标准|水平|要求|验收|认证|评估|考核))")
CONTEXT_SUBJECT = re.compile(
    r"^(?P<subj>[^、]{2,16}?)(?P<adv>(?:顺利|正式|基本|全面|加快|如期|成功|率先|初步|有序|稳步|全速|已经|已|相继|陆续|全线)*)"
    r"(?P<verb>开业|落户|入驻|成立|揭牌|挂牌|晋级|开工|竣工|完工|建成|通车|贯通|投用|启用|投入使用|投入运营|开园|开馆|实施)"
    # 入驻率, 开工率: a rate of the verb; 入驻企业, 开工项目: what the verb qualifies, the subject only hosts it
    r"(?!率|量|数|面积|规模|企业|项目|单位|机构|商户|主体)"
)
VERB_TYPES = {
    "开业": "Institution", "落户": "Institution", "入驻": "Institution", "成立": "Institution", "揭牌": "Institution",
    "挂牌": "Institution", "晋级": "Institution",
    "开工": "Project", "竣工": "Project", "完工": "Project", "建成": "Project", "通车": "Project", "贯通": "Project",
    "投用": "Project", "启用": "Project", "投入使用": "Project", "投入运营": "Project", "开园": "Project",
    "开馆": "Project", "实施": "Program",
}
ADMIN_PREFIX = re.compile(r"^[市区县省镇乡]")
#: 三大功能区 after a name or a closing quote: a group named by its size.
COUNT_PHRASE = re.compile(rf"(?<=[{HAN_CLASS}”])([{CN_ORDINAL_CLASS}\d])大({HAN}{{2,8}})")
#: Words that make a weakly marked name (…中心) a project: 加快建设武侯科创中心, 科创中心建成投用.
#: Words before a name that make it a class of things (一批|各类 重点项目), not one.
PLURAL_BEFORE = re.compile(r"(?:一批|各类|多个|若干|一些|更多)$")
BUILD_BEFORE = re.compile(r"(?:建设|新建|推进|开工|建成|打造|实施|启动|推动|加快)$")
BUILD_AFTER = re.compile(r"(?:年内|今年|全年|尽快|加快|力争|全面|顺利)?(?:建设|开工|建成|竣工|完工|投用|投入使用|启用|正式|基本|主体)")


@dataclass
class Unit:
    """A piece of text the extractor reads: a statement or a heading."""

    text: str
    offset: int  # start of text in Document.text
    statement: str | None
    goal: str | None
    kind: str = "statement"  # statement | heading | assignment | context | opening (only sessions are read there)
    context: str | None = None


@dataclass
class Candidate:
    name: str
    type: str
    weight: int
    source: str
    start: int  # absolute offsets of the surface form in Document.text
    end: int
    unit: int
    canonical: str | None = None  # dictionary canonical name, when the surface is an alias
    exact: bool = False  # a rule that knows both edges of the name (a session): a longer candidate ending with it is
    # a fragment glued to it, not a longer name
    located_in: str | None = None
    members_of: str | None = None  # label of a counted group this candidate is enumerated in


def units_of(outline: Outline, text: str) -> list[Unit]:
    out = [Unit(g.title, g.span.start, None, g.id, "heading") for g in outline.goals]
    out += [Unit(s.text, s.span.start, s.id, None) for s in outline.leaves()]
    out += [Unit(a.text, a.span.start, a.statement, None, "assignment") for a in outline.assignments if a.role != "deadline"]
    out += [Unit(c.text, c.span.start, None, None, "opening" if c.kind == OPENING else "context", c.id)
            for c in outline.contexts]
    return out


@candidate_rule("assignment", kinds=("assignment",),
                produces=[("区发展改革委、区财政局", ["区发展改革委", "区财政局"])],
                avoids=[("各街道办事处、区财政局", ["各街道办事处"])])
def assignment_candidates(unit: Unit, idx: int) -> list[Candidate]:
    """牵头单位：区发展改革委、区财政局 — every listed unit is an institution."""
    out = []
    pos = 0
    for piece in re.split(r"([、，,；;])", unit.text):
        if len(piece) == 1 and piece in "、，,；;":
            pos += 1
            continue
        name = re.split(r"[（(]", piece.strip(), maxsplit=1)[0].strip()  # 城投公司 declared in brackets is an alias
        lead = len(piece) - len(piece.lstrip())
        if 2 <= len(name) <= 30 and name not in lexicon.generic() and not PLURAL_PREFIX.match(name):
            s = unit.offset + pos + lead
            out.append(Candidate(name, "Institution", 3, "assignment", s, s + len(name), idx))
        pos += len(piece)
    return out


# ---------------------------------------------------------------- the rules
def _segments(text: str, rx: re.Pattern[str] = CLAUSE_BREAK) -> list[tuple[int, str]]:
    out, pos = [], 0
    for m in rx.finditer(text + "。"):
        if m.start() > pos:
            out.append((pos, text[pos : m.start()]))
        pos = m.end()
    return out


#: A class word after a kind (…改造|项目): what is counted is still the kind.
COUNTED_TAIL = re.compile(r"(?:项目|工程|任务|试点)")
#: A product's size or process node (12英寸, 28纳米): part of what a line or fab makes, so part of its name.
PRODUCT_SPEC = re.compile(r"(?:英寸|纳米|微米|寸)")


def _stops_a_name(word: str) -> bool:
    return word in lexicon.function_words() or word in LEADING_VERBS or bool(DIGIT.search(word)) \
        or word in "“”\"《》，。；、"


_CODE = re.compile(r"[A-Za-z]*\d+")
_LATIN = re.compile(r"[A-Za-z]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(r"(?:19|20)\d\d")
_AFTER_A_NUMBER = re.compile(rf"[年月日届期号%％.{CN_NUMERAL_CLASS}]")
_GROUP_COUNT = re.compile(r"[一二两三四五六七八九十\d]")
_COUNTED_WORD = re.compile(r"[一二两三四五六七八九十百千]+(?:个|家|项|所|处|座|条|批|大|类)?")
_DIGIT_CHAR = re.compile(rf"[\d{CN_NUMERAL_CLASS}]")
_DATE_WORD = re.compile(r"(?:年度|年|月|日)")


#: How far left of its end a name is looked for: the tokens of at most this many characters are read. The longest
#: segment of every report we have has 41 characters, so this never cuts one; a segment of thousands of characters
#: without punctuation was tokenized from its start again for every name end in it (the square of its length).
NAME_REACH = 100


def _left_name(seg: str, end: int) -> int:
    """Start of the name that ends at `end` in a segment: after the nearest function word, number or quote."""
    lo = max(0, end - NAME_REACH)
    toks = [(w, s + lo, e + lo) for w, s, e in tokens(seg[lo:end])]
    start = end
    for word, s, e in reversed(toks):
        code = _CODE.fullmatch(word) and (_LATIN.match(word) or seg[e : e + 1] in ("号", "线"))
        if DIGIT.search(word) and code:
            start = s
            continue  # G351线, 4号线: a code inside a name
        if _NUMBER.fullmatch(word) and start == e and PRODUCT_SPEC.match(seg, e) and s > 0 \
                and (left := [w for w, _, we in toks if we == s]) and not _stops_a_name(left[0]):
            start = s
            continue  # 华芯微电子12英寸晶圆制造: a product's size inside a name, after a name
        if _YEAR.fullmatch(word) and start == e and start < end \
                and not _AFTER_A_NUMBER.match(seg[e]) \
                and not any(seg.startswith(u, e) for u in _UNIT_WORDS):
            start = s
            continue  # 2030启航计划: a year written into a name (no 年 after it) is part of the name
        if word in lexicon.function_words() or word in "“”\"《》" or DIGIT.search(word) or PLURAL_PREFIX.fullmatch(word) or word in COUNTERS:
            break
        if word == "大" and s > 0 and _GROUP_COUNT.match(seg[s - 1]):
            break  # 三大新兴产业集群: the group phrase, not a name
        if _COUNTED_WORD.fullmatch(word):
            break
        start = s
    # a magnitude and a unit right after a number are not part of the name (6个棚改项目, 5万吨高端铜箔项目)
    if start > 0 and _DIGIT_CHAR.match(seg[start - 1]):
        mag = next((m for m in _MAGNITUDE_WORDS if seg.startswith(m, start)), "")
        start += len(mag)
        unit = next((u for u in _UNIT_WORDS if seg.startswith(u, start)), "")
        spec = PRODUCT_SPEC.match(seg, start) if not unit else None
        unit = spec.group(0) if spec else unit
        start += len(unit)
        when = _DATE_WORD.match(seg, start) if not unit and not mag else None
        start = when.end() if when else start  # 2025年工作计划: the year's word belongs to the number, not the name
    return start


#: Units and counters (the metric reader's vocabulary, longest first), and magnitudes.
_UNIT_WORDS = tuple(sorted(UNITS, key=len, reverse=True))
_MAGNITUDE_WORDS = tuple(sorted(MAGNITUDES, key=len, reverse=True))


def _boosted(seg: str, s: int, e: int) -> bool:
    """Context that confirms a weakly marked name of the matching class (加快建设…中心, 举办…节, 做强…产业)."""
    hit = lexicon.suffix_of(seg[s:e])
    typ = hit.type if hit else "Project"
    if typ in ("Project", "Facility", "Area"):
        return bool(BUILD_BEFORE.search(seg, max(0, s - 4), s) or BUILD_AFTER.match(seg, e))
    if typ == "Event":
        return bool(EVENT_BEFORE.search(seg, max(0, s - 4), s))
    if typ == "IndustryCluster":
        return bool(CLUSTER_BEFORE.search(seg, max(0, s - 4), s))
    return False


def _name_ends(seg: str, toks: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Token ends, plus ends of two-character-or-longer suffixes that fall inside an uncommon token (创新区|新)."""
    out = [(t, s, e) for t, s, e in toks]
    for t, s, e in toks:
        if len(t) < 2 or _common(t):
            continue
        for p in range(s + 1, e):
            hit = lexicon.suffix_of(seg[max(0, p - 8) : p])
            if hit is not None and len(hit.text) >= 2 and p - len(hit.text) < s + (p - s):
                out.append((seg[s:p], s, p))
    return sorted(set(out), key=lambda x: (x[2], x[1]))


@cache
def _suffix_last_characters() -> frozenset[str]:
    """The characters a name found by the suffix rule can end with: the last of a known ending, and 期 (PHASE)."""
    return frozenset(x.text[-1] for x in lexicon.suffixes()) | {"期"}


@candidate_rule("suffix",
                produces=[("加快建设武侯科创中心", ["武侯科创中心"]), ("柳塘镇污水处理站9月投入运行", ["柳塘镇污水处理站"]),
                          ("县第三中学秋季建成投用", ["县第三中学"])],
                avoids=[("完成老旧小区改造28个", ["老旧小区"]), ("推动元宇宙发展", ["推动元宇宙发展"])])
def suffix_candidates(unit: Unit, idx: int) -> list[Candidate]:
    """Maximal names ending in a known suffix, split at locators (张家湾设计小镇 | 北建院)."""
    out: list[Candidate] = []
    name_ends = _suffix_last_characters()
    for seg_start, seg in _segments(unit.text, SEGMENT_BREAK):
        if name_ends.isdisjoint(seg):
            continue  # no character a known ending or a phase (…期) ends with: no name ends here; nothing to tokenize
        found: list[tuple[int, int]] = []
        counted: list[tuple[int, int]] = []
        toks = tokens(seg)
        word_at: dict[int, str] = {}  # the token that starts at each offset (looked up once per name end)
        for w, ws, _we in toks:
            word_at.setdefault(ws, w)
        for t, ts, e in _name_ends(seg, toks):
            hit = lexicon.suffix_of(seg[max(0, e - 8) : e])
            if hit is None and not PHASE.search(seg, max(0, e - 2), e):  # at the name end only
                continue
            if e == ts + len(t) and hit is not None and len(hit.text) == 1 < len(t) and t not in _SUFFIX_WORDS() and _common(t):
                continue  # 思路, 发展, 布局: the ending belongs to an ordinary word
            nxt = word_at.get(e)
            if nxt and nxt not in lexicon.function_words() and _jieba().FREQ.get(t + nxt, 0) > 0:
                continue  # 战略|定位, 中心|城市: the ending opens a longer word
            if nxt in ABSTRACT_HEADS:
                continue  # 城市副中心战略|定位: the name is only an attribute of an abstract noun
            s = _left_name(seg, e)
            if NEXT_COUNT.match(seg, e):
                counted.append((s, e))
            elif e - s >= 2 and not PLURAL_BEFORE.search(seg, max(0, s - 4), s):
                found.append((s, e))
        # 技术改造 in 实施技术改造项目45个: a kind counted, with only a class word after it, is still that kind
        found = [(s, e) for s, e in found
                 if not any(cs <= s and e < ce and COUNTED_TAIL.fullmatch(seg[e:ce]) for cs, ce in counted)]
        boosted = {(s, e) for s, e in found if _boosted(seg, s, e)}
        # the spans inside another span, and the ends of the spans at each start: found in one sorted pass, not by
        # comparing every span with every other (a segment of thousands of names took the square of their number)
        ends_at: dict[int, list[int]] = {}
        for s, e in found:
            ends_at.setdefault(s, []).append(e)
        inside: set[tuple[int, int]] = set()
        reach = -1  # the furthest end of the distinct spans before, in the order of start and then longest first
        for s, e in sorted(set(found), key=lambda se: (se[0], -se[1])):
            if reach >= e:
                inside.add((s, e))
            reach = max(reach, e)
        # keep maximal spans; a strong name that opens a longer one is kept as nested (潮白河 in 潮白河大桥)
        for s, e in found:
            if (s, e) in inside:
                if not max(ends_at[s]) > e or e - s < 3:
                    continue
                hit = lexicon.suffix_of(seg[s:e])
                if hit is None or hit.weight < lexicon.USUAL or (hit.weight == lexicon.USUAL and hit.type not in ("Institution", "Area", "Facility")):
                    continue
                outermost = lexicon.suffix_of(seg[s : max(ends_at[s])])
                if (hit.text in ROAD_SUFFIXES or hit.text == "线") and not (outermost and outermost.text.endswith("段")):
                    continue  # 武侯大道 inside 武侯大道快速化改造 is the project's own road; a 段 is a part of a line
                covered = False
                for e2 in ends_at[s]:
                    if e2 > e:
                        outer = lexicon.suffix_of(seg[s:e2])
                        if outer is not None and e2 - len(outer.text) < e:
                            covered = True  # 京唐城际 inside 京唐城际铁路: one suffix, not two names
                if covered:
                    continue
            hit = lexicon.suffix_of(seg[s:e])
            cluster = (s, e) in boosted and hit is not None and hit.type == "IndustryCluster"
            made = _make(seg[s:e], unit, idx, unit.offset + seg_start + s, "suffix", unit.text, lenient=cluster)
            made += _natural_feature_openers(made, idx)
            if (s, e) in boosted:
                for c in made:
                    c.weight = max(c.weight, 2)
            out.extend(made)
    return out


#: A river, lake or mountain that opens a longer name (澜江二桥, 沣河生态廊道, 云雾山茶旅融合示范带).
FEATURE_OPENER = re.compile(
    rf"^({HAN}{{1,2}}[江河湖山溪])(?=流域|干流|两岸|沿岸|沿线|湿地|生态|廊道|绿道|[一二三四五六七八九十]?桥|大桥|水库|风景|景区|茶旅|旅游)"
)


def _natural_feature_openers(made: list[Candidate], idx: int) -> list[Candidate]:
    """The river, lake or mountain a work is done on is an Area of its own (nested): 澜江 in 澜江湿地公园, 沣河 in
    沣河生态廊道, 云雾山 in 云雾山茶旅融合示范带; not a lake that only lends a zone or a street its name (独墅湖科教创新区,
    星湖街). Only a short name no dictionary of the language knows as a word (长江 is, and is listed anyway)."""
    out = []
    for c in made:
        if c.type not in ("Project", "Facility", "Area") or c.located_in:
            continue
        m = FEATURE_OPENER.match(c.name)
        if m is None:
            continue
        feature = m.group(1)
        if _common(feature) or feature[0] in "市区县省镇乡沿在对" or is_generic(feature):
            continue
        if not any(e == len(feature) for _t, _s, e in tokens(c.name)):
            continue  # the feature's last character opens a word of the rest (…河道, …湖畔)
        out.append(Candidate(feature, "Area", lexicon.USUAL, "suffix+feature", c.start, c.start + len(feature), idx))
    return out


def _make(surface: str, unit: Unit, idx: int, abs_start: int, source: str, context: str,
          forced: str | None = None, weight: int | None = None, lenient: bool = False) -> list[Candidate]:
    """Trim a surface form into a name, split an opening locator, type it; [] when it is not a name.

    `lenient` is for names whose frame already vouches for them (a counted list's members, the object of
    入选/创建): only exact generic words and idioms are refused there.
    """
    quoted = surface.strip().startswith(("“", '"'))
    name, start = trim(surface, abs_start)
    if lenient:
        if not (2 <= len(name) <= 25) or name in lexicon.generic_nouns() or name in lexicon.idioms():
            return []
        if GENERIC_SECTOR.fullmatch(name) or QUANTITY_NAME.search(name) or GRADE_PREFIX.match(name):
            return []  # 主导产业, 千亿级产业集群: a class or a grade of industries, even where a frame vouches for names
        if source == "suffix" and name in lexicon.generic():
            return []  # 做强实体经济: a topic word after a verb of industry is still a topic
    elif not plausible(name, quoted):
        return []
    if single_word(name) and not quoted and not lenient:
        return []  # 主导, 特色, 竣工: an ordinary word, whatever frame it stands in
    out: list[Candidate] = []
    # split a locator that opens the name: an area ending in a strong suffix, followed by a name of its own
    loc = _locator_split(name)
    located = None
    if loc:
        area, rest = name[:loc], name[loc:]
        if plausible(area):
            out.append(Candidate(area, "Area", 3, source + "+locator", start, start + loc, idx))
            located = area
        if not plausible(rest):
            own = type_by_suffix(rest, context)
            if own is None or own.type not in OWN_FACILITY_TYPES or ACTIVITY_END.search(rest) or rest in PLURAL_KINDS:
                return out  # 双楠片区 | 雨污分流改造: the area is the name, the rest a generic work
            # 柳塘镇污水处理站, 台湖镇公租房小学: the place's own facility has no other name: keep it whole
            out.append(Candidate(name, own.type, max(own.weight, lexicon.USUAL), source, start, start + len(name), idx,
                                 located_in=located))
            return out
        own, ending = type_by_suffix(rest, context), lexicon.suffix_of(rest)
        if own is not None and ending is not None and own.type in OWN_FACILITY_TYPES \
                and _only_common_words(rest[: len(rest) - len(ending.text)]):
            # 青石镇花椒专业合作社: what follows the place only describes its kind, so the place is part of the name
            out.append(Candidate(name, own.type, max(own.weight, lexicon.USUAL), source, start, start + len(name), idx,
                                 located_in=located))
            return out
        name, start = rest, start + loc
    typed = type_by_suffix(name, context)
    if forced is not None:
        typ, w = forced, weight or 2
        if typed and typed.weight >= lexicon.DECIDES and typed.type != forced and source != "context-designation":
            typ, w = typed
    elif typed is not None:
        typ, w = typed
    else:
        return out
    if ADMIN_PREFIX.match(name) and len(name) <= 3 and not lexicon.suffix_of(name[1:]):
        return out
    out.append(Candidate(name, typ, w, source, start, start + len(name), idx, located_in=located))
    return out


#: A list item that ends with its count (光伏扶贫电站18座, 绿道32公里): a kind counted, not a name.
COUNTED_ITEM = re.compile(rf"{HAN}[\d.]+[万亿]?{HAN}{{1,2}}$")
#: A plural word right before a list (一批全龄友好化公园、精品口袋公园): the list is of kinds, not of names.
PLURAL_BEFORE = re.compile(r"(?:一批|一系列|各类|各项|多个|若干|一些|诸多|众多|更多)$")
#: Industries named by their class alone (主导产业, 战略性新兴产业, 传统行业): no sector, no cluster.
GENERIC_SECTOR = re.compile(r"(?:主导|新兴|战略性新兴|传统|优势|支柱|先导|未来|特色|重点|新)(?:产业|产业集群|集群|行业|领域)")
#: A grade that opens a phrase (千亿级, 万吨级, 百亿元级): what follows is a class of that size, not a name.
GRADE_PREFIX = re.compile(rf"[\d.{CN_NUMERAL_CLASS}]*[万亿千百]+(?:元)?级")
#: Classes of a generic facility that a place owns and that has no other name (柳塘镇污水处理站).
OWN_FACILITY_TYPES = ("Facility", "Institution", "Project")
#: Kinds that are plural by their word (中小学: primary and middle schools): a place's such are no one thing.
PLURAL_KINDS = lexicon.name_words("plural-kind")
#: Endings of a work on a place rather than a thing in it (雨污分流改造, 综合整治).
ACTIVITY_END = re.compile(r"(?:改造|整治|治理|修复|建设|提升|更新|保护|开发|工程|项目|行动)$")


def _only_common_words(words: str) -> bool:
    """Ordinary words of the language only (花椒, 文化): a description, no name of its own."""
    return bool(words) and all(_common(w) or w in lexicon.generic() for w, _, _ in tokens(words))


@lru_cache(maxsize=1 << 14)
def _locator_split(name: str) -> int | None:
    """Where an opening area (…小镇, …镇, …商务区) ends, when a separately named thing follows it."""
    for suf in ("小镇", "古镇", "商务区", "园区", "片区", "镇", "乡", "街道", "区"):
        i = name.find(suf)
        while i != -1:
            cut = i + len(suf)
            rest = name[cut:]
            hit = lexicon.suffix_of(rest) if rest else None
            if cut >= 3 and len(rest) >= 3 and hit is not None and (len(rest) > len(hit.text) or hit.weight >= lexicon.USUAL) \
                    and not PHASE.fullmatch(rest):
                at_boundary = any(te == cut for _t, _ts, te in tokens(name))
                # a bare 区 splits only a generic remainder off (文旅区 | 中小学), never a named one (顺义区中医医院)
                admin = name[:cut] in _admin_names()
                if at_boundary and not rest.startswith("第") and (suf != "区" or (rest in lexicon.generic() and not admin)):
                    return cut
            i = name.find(suf, i + 1)
    return None


@candidate_rule("enumeration",
                produces=[("做强绿色食品、新能源电池材料、竹木家居三大主导产业", ["绿色食品", "新能源电池材料", "竹木家居"])],
                avoids=[("一批全龄友好化公园、精品口袋公园", ["全龄友好化公园", "精品口袋公园"]),
                        ("发展花椒、核桃等特色产业", ["发展花椒"])])
def enumeration_candidates(unit: Unit, idx: int) -> list[Candidate]:
    """A、B、C等(一批)类别 and A、B、C六大类别: members take their own suffix's class, else the category's."""
    out: list[Candidate] = []
    for seg_start, seg in _segments(unit.text):
        m = _deng(seg)
        cm = COUNT_PHRASE.search(seg)
        if "、" not in seg and m is None:
            continue
        if m is not None and (cm is None or m.start() < cm.start()):
            head, tail = seg[: m.start()], seg[m.end() :]
        elif cm is not None and "、" in seg[: cm.start()]:
            head, tail = seg[: cm.start()], seg[cm.start() :]
            tail = re.sub(r"^[一二两三四五六七八九十\d]大", "", tail)
        else:
            head, tail = seg, ""
        category = _category(tail)
        ctype = category_type(category) if category else None
        items: list[tuple[int, str]] = []
        pos = 0
        # 和, 及 and 与 join items only as words of their own (not in 和美, 普及, 参与)
        joins = {ts for w, ts, _ in tokens(head) if w in ("和", "及", "与")}
        glue = False
        for part in re.split(r"(、|和|及|与)", head):
            if part == "、" or (part in ("和", "及", "与") and pos in joins):
                pos, glue = pos + len(part), False
                continue
            if glue or (items and part in ("和", "及", "与")):
                items[-1] = (items[-1][0], items[-1][1] + part)  # 和美, 普及: a joiner inside a word stays in it
                glue = part in ("和", "及", "与")
            else:
                items.append((pos, part))
            pos += len(part)
        if len(items) == 1 and m is None:
            continue
        for k, (p, item) in enumerate(items):
            s = p
            if k == 0 and item.endswith(("”", '"')) and "“" in item:
                s = p + item.rfind("“")
                item = item[s - p :]
            elif k == 0:
                s = p + _left_name(item, len(item))
                item = item[s - p :]
                toks = tokens(item)
                if len(toks) > 1 and toks[0][0] in LEADING_VERBS and len(item) - toks[0][2] >= 2:
                    s, item = s + toks[0][2], item[toks[0][2] :]  # 发展花椒、核桃等特色产业: the verb opens the list
            if COUNTED_ITEM.search(item):
                continue  # 扶贫车间36个、光伏扶贫电站18座: items counted by number are kinds, not names
            if k == len(items) - 1 and m is None and cm is None:
                cut = _first_function_word(item)
                digit = DIGIT.search(item)
                item = item[: min(cut, digit.start() if digit else cut)]
            if k == 0 and PLURAL_BEFORE.search(unit.text[max(0, seg_start + s - 4) : seg_start + s]):
                break  # 一批全龄友好化公园、精品口袋公园: a list of kinds, not of names
            if not item:
                continue
            abs_start = unit.offset + seg_start + s
            own = type_by_suffix(item.strip("“”"), seg)
            if own is not None and (own.weight >= lexicon.USUAL or ctype is None):
                out.extend(_make(item, unit, idx, abs_start, "enumeration", seg))
            elif ctype is not None:
                counted = (cm is not None and _count(cm.group(1)) == len(items)) or (
                    m is not None and re.search(r"\d|[一二两三四五六七八九十]", m.group(0)) is not None)
                out.extend(_make(item, unit, idx, abs_start, "enumeration", seg, forced=ctype, weight=2,
                                 lenient=bool(counted)))
    return out


def _count(numeral: str) -> int:
    return int(numeral) if numeral.isdigit() else "一二三四五六七八九十".find(numeral) + 1 or (2 if numeral == "两" else 0)


def _deng(seg: str) -> re.Match[str] | None:
    """The 等 that closes a list (a token of its own, not 甲等 or 平等), with what counts the list."""
    if "等" not in seg:
        return None  # nothing to tokenize
    for w, ts, _te in tokens(seg):
        if w == "等" and ts > 0:
            return re.compile(
                rf"等(?:一批|各类|[\d{CN_ORDINAL_CLASS}]+(?:个|家|项|所|处|座|条|批|类))?(?:第[{CN_ORDINAL_CLASS}\d]+批)?"
            ).match(seg, ts)
    return None


def _category(tail: str) -> str:
    tail = re.sub(rf"^(?:一批|各类|重点|重大|主要|传统|新型?|优质|精品|知名|国际国内|大型|第[{CN_ORDINAL_CLASS}\d]+批)+", "", tail)
    toks = tokens(tail)
    out, best = "", ""
    for w, _, _ in toks:
        if w in lexicon.function_words() and out:
            break
        out += w
        if category_type(out):
            best = out
        if len(out) >= 10:
            break
    return best or out[:6]


def _first_function_word(item: str) -> int:
    for w, s, _ in tokens(item):
        if s > 0 and w in lexicon.function_words():
            return s
    return len(item)


@candidate_rule("context",
                produces=[("通州区成功创建国家森林城市", ["国家森林城市"]), ("首旅集团新总部落户", ["首旅集团新总部"])],
                avoids=[("一批重大项目相继开工", ["一批重大项目"]), ("数字政府建设获评全省优秀案例", ["全省优秀案例", "优秀案例"])])
def context_candidates(unit: Unit, idx: int) -> list[Candidate]:
    """Subjects of 开业/落户/成立/开工/建成/实施… and objects of 入选/创建/获评…"""
    out: list[Candidate] = []
    for seg_start, seg in _segments(unit.text, SEGMENT_BREAK):
        m = CONTEXT_SUBJECT.match(seg) if unit.statement is not None else None
        takes_object = m is not None and m.group("verb") in ("晋级", "落户", "入驻")
        if m and (m.end() == len(seg) or takes_object or seg[m.end() :] in ("了", "运营", "使用")):
            subj = re.sub(r"(?:新|已|均|都|也|全部|整体)$", "", m.group("subj"))
            cut = _first_function_word(subj)
            typ = VERB_TYPES[m.group("verb")]
            if cut < len(subj):
                subj = ""

            if subj and not DIGIT.search(subj) and "等" not in m.group("subj"):
                out.extend(_make(subj, unit, idx, unit.offset + seg_start, "context-verb", seg, forced=typ, weight=2))
        for d in DESIGNATION_VERB.finditer(seg):
            obj = seg[d.end() :]
            parts = ORDINAL_CUT.split(obj)
            obj_start = d.end() + (obj.rfind(parts[-1]) if len(parts) > 1 else 0)
            obj = parts[-1] if len(parts) > 1 else obj
            if len(parts) > 1 and not lexicon.suffix_of(obj[:20]):
                # 首个国家森林城市又一金字招牌: the name sits between the ordinal and the next one
                for piece in parts[1:]:
                    if piece:
                        obj = piece
                        obj_start = d.end() + seg[d.end() :].find(piece)
                        break
            best = None
            for e in range(len(obj), 1, -1):
                hit = lexicon.suffix_of(obj[:e])
                if hit and hit.type == "Program":
                    best = e
                    break
            if best is None and LEVEL_TITLE.match(obj):
                # 获评省级绿色园区, 入选国家先进制造业集群: a title of a level is a designation, whatever its ending
                stop = re.search(r"[，。；、,;和与及并]|\d", obj)
                end = stop.start() if stop else len(obj)
                if 4 <= end <= 20 and not obj[:end].endswith(AWARD_HEADS):
                    best = end
            if best:
                out.extend(_make(obj[:best], unit, idx, unit.offset + seg_start + obj_start, "context-designation",
                                 seg, forced="Program", weight=3, lenient=True))
    return out


QUOTE_CONTEXT = re.compile(
    rf"^(?:{HAN}{{0,6}}?(?P<prog>品牌|建设|创建|工程|行动|计划|试点|示范|项目|改革|工作法|模式|机制|年)|(?P<ind>产业|经济)|(?P<act>纵深开展|深入开展|全面开展|持续开展|深入推进|扎实推进))"
)


@candidate_rule("quoted",
                produces=[("深化“青易办”改革", ["青易办"]), ("全力推进“两区”建设", ["两区"])],
                avoids=[("形成各领域“三年行动计划”", ["三年行动计划"]), ("打造“一站式”服务", ["一站式"]),
                        ("企业办事“不出园区”", ["不出园区"])])
def quoted_candidates(unit: Unit, idx: int) -> list[Candidate]:
    """A name in quotation marks, typed by its ending or by what follows it (“青易办”改革, “两区”建设, “X”品牌)."""
    out: list[Candidate] = []
    for m in QUOTED.finditer(unit.text):
        inner = m.group(1)
        if re.search(r"[、，,；;。]", inner) or len(inner) < 2 or inner in lexicon.idioms():
            continue
        if re.match(r"[一二两三四五六七八九十]+年|一|\d", inner):
            continue  # 三年行动计划, 一站式, 一年奠定基础: durations and slogans
        first = tokens(inner)[0][0]
        if first in lexicon.function_words() and len(first) < len(inner):
            continue  # “不出园区”, “加快发展”: a clause in quotes, not a name
        before = unit.text[max(0, m.start() - 3) : m.start()]
        if PLURAL_PREFIX.search(before) or before.endswith(("各领域", "领域")):
            continue
        after = unit.text[m.end() : m.end() + 8]
        typed = type_by_suffix(inner, unit.text)
        ctx = QUOTE_CONTEXT.match(after)
        if typed is not None and typed.weight >= lexicon.USUAL:
            typ, w = typed
        elif typed is not None and typed.type in ("Project", "Area", "Facility") and BUILD_BEFORE.search(unit.text[: m.start()]):
            typ, w = typed.type, lexicon.USUAL
        elif ctx and ctx.group("prog"):
            typ, w = "Program", 2
        elif ctx and ctx.group("ind"):
            typ, w = "IndustryCluster", 1
        elif ctx and ctx.group("act"):
            typ, w = "Program", 2
        else:
            continue
        abs_start = unit.offset + m.start(1)
        if plausible(inner, quoted=True):
            out.append(Candidate(inner, typ, w, "quoted", abs_start, abs_start + len(inner), idx))
    return out


@candidate_rule("session",
                produces=[("——2024年1月16日在桐州市第九届人民代表大会第四次会议上", ["桐州市第九届人民代表大会第四次会议"]),
                          ("较好完成了县十八届人大三次会议确定的目标任务", ["县十八届人大三次会议"]),
                          ("为确保区第五届人民代表大会第四次会议审议通过的各项任务落实", ["区第五届人民代表大会第四次会议"])],
                avoids=[("——2024年1月16日在桐州市第九届人民代表大会第四次会议上", ["日在桐州市第九届人民代表大会第四次会议",
                                                                          "届人民代表大会第四次会议"])],
                kinds=(*TEXT_KINDS, "opening"))
def session_candidates(unit: Unit, idx: int) -> list[Candidate]:
    """A session of a people's congress with the region or level word that opens it (临澜县…, 县…): an Event."""
    out = []
    for m in SESSION.finditer(unit.text):
        start = m.start()
        # the region before it: a place name or a bare level word, back to the nearest function word or date
        before = unit.text[max(0, start - 12) : start]
        lead = re.search(rf"(?:{HAN}{{1,10}}?)?[省市区县镇乡旗州]$", before)
        if lead:
            head = lead.group(0)
            cut = max((head.rfind(w) + len(w) for w in ("在", "于", "了", "的", "是")), default=0)
            # 为确保区第五届…: the name starts after the last function word or verb before it
            for w, _ws, we in tokens(head):
                if we < len(head) and (w in lexicon.function_words() or w in LEADING_VERBS):
                    cut = max(cut, we)
            start -= len(head) - cut
        name = unit.text[start : m.end()]
        out.append(Candidate(name, "Event", lexicon.DECIDES, "session", unit.offset + start, unit.offset + m.end(), idx,
                             exact=True))
    return out


def find_candidates(units: list[Unit]) -> list[Candidate]:
    """Every registered candidate rule over every unit of the kinds it reads."""
    out: list[Candidate] = []
    for i, u in enumerate(units):
        for rule in CANDIDATE_RULES:
            if u.kind in rule.kinds:
                out += rule.fn(u, i)
    return out
