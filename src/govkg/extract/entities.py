"""Entity candidates by general means: suffix rules, enumerations, context verbs, quoted names, dictionaries."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from govkg.extract import lexicon
from govkg.models import Outline

CLAUSE_BREAK = re.compile(r"[，,。；;：:！？!?（）()]")
SEGMENT_BREAK = re.compile(r"[，,。；;：:！？!?（）()、]")
QUOTED = re.compile(r"[“\"]([^”\"“]{1,20})[”\"]")
DIGIT = re.compile(r"\d")
PLURAL_PREFIX = re.compile(r"^(?:一批|一系列|各类|各项|各|多个|若干|一些|部分|等|诸多|众多|更多|其他)")
LEADING_VERBS = frozenset(["发展", "建设", "打造", "实施", "推进", "开展", "培育", "引进", "新建", "改造", "改扩建", "扩建", "提升", "完善", "优化", "加强", "创建", "筹建", "谋划", "建成", "开工", "更新", "打好", "打赢"])
#: Abstract nouns that a preceding noun merely qualifies: 战略定位, 发展目标, 建设要求.
ABSTRACT_HEADS = frozenset(["定位", "目标", "要求", "方向", "部署", "精神", "思路", "任务", "意义", "理念", "格局", "体系", "水平", "能力", "环境", "优势", "品质"])
#: What follows a counted category, not a name: 引进创新药研发项目不少于8个, 新建生态绿道12公里.
NEXT_COUNT = re.compile(r"^(?:不少于|不低于|超过|达到|达|共|累计|[\d])")
VERB_AREA_ENDINGS = re.compile(r"(?:扩区|入区|出区|进区|建区|强区|兴区|富区|美区|活区|护区)$")
EVENT_BEFORE = re.compile(r"(?:举办|办好|承办|举行|筹办|主办|开幕)$")
CLUSTER_BEFORE = re.compile(r"(?:做强|做大|做优|壮大|培育|发展|集聚|引领|打造|推动|布局)$")
#: Tokens that never sit inside a name: a candidate containing one is a clause, not a name (推动元宇宙发展).
INNER_STOP = frozenset(["推动", "推进", "加快", "加强", "加速", "促进", "深化", "实施", "开展", "完成", "实现", "确保", "力争", "积极", "大力", "着力", "全力", "进一步", "和", "与", "及", "在", "对", "为", "将", "把", "了"])
HIGH_MANNER = re.compile(r"^(?:高标准|高质量|高水平|高品质)(?=建设|完成|推进|打造|实施|举办|服务|办好)")
BAD_ENDINGS = re.compile(r"(?:首段|末段|路段|地段|阶段|时段|手段|[一二三四五六七八九十]段)$")
COUNTERS = frozenset(["个", "家", "项", "所", "处", "座", "条", "批", "名", "张", "套", "件", "户", "类", "支", "期"])
COUNT_PREFIX = re.compile(r"[\d一二两三四五六七八九十百千万]+(?:余|多)?(?:个|家|项|所|处|座|条|批|大|类|张|套|件|名|户|支)$")
LEADING_MODIFIERS = re.compile(
    r"^(?:(?:19|20)\d\d年?(?=[\u4e00-\u9fff])|第[一二三四五六七八九十百\d]+届|全市首个|全国首个|全区首个|全国首批|全市首批|首批|首个|唯一|新一轮|新一批|第[一二三四五六七八九十\d]+批|现有|重点|重大|主要|相关|有关|其他|其余|我区|我市|本区|本市|全市|全区|全省|全国性)+"
)
GENERIC_TAIL = re.compile(
    r"(?:概念规划|总体规划|规划|实施方案|方案|升级改造|改造提升|提升改造|综合整治|综合治理|专项治理|腾退|迁建|新建|改扩建|扩建|改造|提升|建设|工程|项目|保护)$"
)
ORDINAL_CUT = re.compile(r"(?:首个|首批|唯一|第[一二三四五六七八九十\d]+(?:个|批)?|又一)")
DESIGNATION_VERB = re.compile(r"(?:入选|创建|创成|获评|获批|荣获|成为|摘取|通过|晋级为|获得)")
CONTEXT_SUBJECT = re.compile(
    r"^(?P<subj>[^、]{2,16}?)(?P<adv>(?:顺利|正式|基本|全面|加快|如期|成功|率先|初步|有序|稳步|全速|已经|已|相继|陆续|全线)*)"
    r"(?P<verb>开业|落户|入驻|成立|揭牌|挂牌|晋级|开工|竣工|完工|建成|通车|贯通|投用|启用|投入使用|投入运营|开园|开馆|实施)"
)
VERB_TYPES = {
    "开业": "Institution", "落户": "Institution", "入驻": "Institution", "成立": "Institution", "揭牌": "Institution",
    "挂牌": "Institution", "晋级": "Institution",
    "开工": "Project", "竣工": "Project", "完工": "Project", "建成": "Project", "通车": "Project", "贯通": "Project",
    "投用": "Project", "启用": "Project", "投入使用": "Project", "投入运营": "Project", "开园": "Project",
    "开馆": "Project", "实施": "Program",
}
CATEGORY_TYPES = [
    (re.compile(r"(?:活动|论坛|会议|展会|赛事|盛会)$"), "Event"),
    (re.compile(r"(?:区域|片区|街区|商圈|地区|板块|组团|乡镇|街乡|镇村|河道|河流|水系)$"), "Area"),
    (re.compile(r"(?:项目|工程|设施|道路|线路|场馆|公园|枢纽|站点|消防站|中心|基地|园区|建筑)$"), "Project"),
    (re.compile(r"(?:企业|机构|医院|高校|院校|学校|单位|银行|集团|总部)$"), "Institution"),
    (re.compile(r"(?:产业|产业集群|集群|业态|行业)$"), "IndustryCluster"),
    (re.compile(r"(?:试点|示范|品牌|行动|计划|工作法)$"), "Program"),
]
ROAD_SUFFIXES = ("路", "街", "大道", "大街")
CONSTRUCTION = re.compile(r"建设|开工|完工|竣工|通车|贯通|建成|改造|新建|修建|施工|打通|实施|工程|道路")
ADMIN_PREFIX = re.compile(r"^[市区县省]")
#: Words that make a weakly marked name (…中心) a project: 加快建设武侯科创中心, 科创中心建成投用.
BUILD_BEFORE = re.compile(r"(?:建设|新建|推进|开工|建成|打造|实施|启动|推动|加快)$")
BUILD_AFTER = re.compile(r"^(?:建设|开工|建成|竣工|完工|投用|投入使用|启用|正式|基本|主体)")
PHASE = re.compile(r"[一二三四五六七八九十\d]期$")


@dataclass
class Unit:
    """A piece of text the extractor reads: a statement or a heading."""

    text: str
    offset: int  # start of text in Document.text
    statement: str | None
    goal: str | None
    kind: str = "statement"  # statement | heading | assignment


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
    located_in: str | None = None
    members_of: str | None = None  # label of a counted group this candidate is enumerated in


def units_of(outline: Outline, text: str) -> list[Unit]:
    out = [Unit(g.title, g.span.start, None, g.id, "heading") for g in outline.goals]
    out += [Unit(s.text, s.span.start, s.id, None) for s in outline.leaves()]
    out += [Unit(a.text, a.span.start, a.statement, None, "assignment") for a in outline.assignments if a.role != "deadline"]
    return out


def assignment_candidates(unit: Unit, idx: int) -> list[Candidate]:
    """牵头单位：区发展改革委、区财政局 — every listed unit is an institution."""
    out = []
    pos = 0
    for piece in re.split(r"([、，,；;])", unit.text):
        if len(piece) == 1 and piece in "、，,；;":
            pos += 1
            continue
        name = piece.strip()
        lead = len(piece) - len(piece.lstrip())
        if 2 <= len(name) <= 30 and name not in lexicon.generic() and not PLURAL_PREFIX.match(name):
            s = unit.offset + pos + lead
            out.append(Candidate(name, "Institution", 3, "assignment", s, s + len(name), idx))
        pos += len(piece)
    return out


# ---------------------------------------------------------------- tokens and tests
@cache
def _jieba() -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer(os.environ.get("GOVKG_JIEBA_DICT") or jieba.DEFAULT_DICT)
    for k in lexicon.known_entities():
        for n in (k.name, *k.aliases):
            if len(n) >= 3:
                tok.add_word(n, freq=2000)
    for w in lexicon.function_words():
        if len(w) >= 2:
            tok.add_word(w, freq=50000)
    return tok


def tokens(text: str) -> list[tuple[str, int, int]]:
    return list(_jieba().tokenize(text, HMM=True))


def is_generic(name: str) -> bool:
    """A class noun rather than a name: 老旧小区, 市级重点实验室, 一批精品口袋公园."""
    g = lexicon.generic()
    n = name.strip("“”\"")
    if n in g or PLURAL_PREFIX.match(n):
        return True
    core = LEADING_MODIFIERS.sub("", n)
    core = re.sub(r"^(?:省市|市区|区县|市级|区级|县级|省级|市属|区属|央属|各级)", "", core)
    core = re.sub(r"^(?:三级甲等|三级乙等|二级甲等|三甲|二甲)", "", core)
    unprefixed = re.sub(r"^[市区县省](?=[\u4e00-\u9fff]{2})", "", core)
    if unprefixed != core and unprefixed in g:
        kind = lexicon.suffix_of("x" + unprefixed)
        # 区重点项目 is the district's share of a class; 区妇幼保健院 and 区体育场 are the district's own
        return kind is None or kind[1] not in ("Institution", "Facility")
    if core in g:
        return True
    whole = lexicon.suffix_of("x" + core)
    if not core or (whole is not None and whole[0] == core and whole[2] < 3):
        return True
    # a generic head with only modifiers in front: 精品口袋公园, 工程技术中心
    for i in range(1, len(core) - 1):
        head, mod = core[i:], core[:i]
        if head in g and (mod in g or mod in _MODIFIERS or (len(head) >= 3 and len(mod) >= 4 and _common(mod))):
            return True
        hb = lexicon.suffix_of("x" + head)
        if hb is None or hb[0] != head or hb[2] >= 3:
            continue
        if mod in _MODIFIERS or mod.endswith("类"):
            return True
        if mod in g and hb[1] != "Program":
            return True  # 集租房项目 is generic; 高质量发展意见 names a document
    return False


_MODIFIERS = frozenset(
    ["精品", "优质", "大型", "小型", "新型", "高端", "特色", "综合", "示范", "标杆", "重点", "重大", "优秀", "龙头", "头部", "传统", "现代", "智慧", "数字", "绿色", "低碳", "国际", "国内", "城乡", "农村", "乡村", "社区", "区域", "公共", "公益", "民生", "基层", "市级", "区级", "市属", "区属", "各类", "专业", "职业", "公办", "民办", "中小", "全龄", "友好", "东部", "西部", "南部", "北部", "中部", "东线", "西线", "南线", "北线"]
)


@cache
def _SUFFIX_WORDS() -> frozenset[str]:
    return frozenset(x[0] for x in lexicon.suffixes())


@cache
def _known_names() -> frozenset[str]:
    return frozenset(k.name for k in lexicon.known_entities())


def _common(word: str) -> bool:
    """An ordinary word of the language (jieba's dictionary frequency), not a name."""
    return _jieba().FREQ.get(word, 0) >= 30 and word not in _known_names()


def plausible(name: str, quoted: bool = False) -> bool:
    if not (2 <= len(name) <= 25) or not re.search(r"[\u4e00-\u9fff]", name):
        return False
    if name in lexicon.function_words() or re.fullmatch(r"[一二两三四五六七八九十]+[\u4e00-\u9fff]", name):
        return False
    if BAD_ENDINGS.search(name) or VERB_AREA_ENDINGS.search(name) or re.match(r"[一二两三四五六七八九十]+年", name):
        return False
    first = tokens(name)[0][0]
    if first in COUNTERS or (len(first) == 1 and first in _SUFFIX_WORDS() and len(name) > 2 and first not in "市区县省"):
        return False
    hit = lexicon.suffix_of(name)
    if hit is not None and len(hit[0]) == 1 and hit[2] <= 2 and len(name) < 3:
        return False
    if DIGIT.match(name) or COUNT_PREFIX.search(name[:4]) and re.match(r"[\d一二两三四五六七八九十]", name):
        return False
    if name in lexicon.idioms() or is_generic(name):
        return False
    if "的" in name and not quoted:
        return False
    return not any(t in INNER_STOP for t, _, _ in tokens(name)[1:])


def trim(name: str, start: int) -> tuple[str, int]:
    """Drop leading function words and modifiers, quotes, and a trailing generic word when a suffix remains."""
    changed = True
    while changed and name:
        changed = False
        hm = HIGH_MANNER.match(name)
        if hm:
            name, start, changed = name[hm.end() :], start + hm.end(), True
            continue
        toks = tokens(name)
        if len(toks) > 1 and toks[0][0] in LEADING_VERBS and lexicon.suffix_of(name[toks[0][2] :]):
            cut = toks[0][2]
            name, start, changed = name[cut:], start + cut, True
            continue
        if toks and toks[0][0] in lexicon.function_words() and len(toks) > 1:
            cut = toks[0][2]
            name, start, changed = name[cut:], start + cut, True
            continue
        m = LEADING_MODIFIERS.match(name)
        if m and m.end() < len(name) - 1:
            name, start, changed = name[m.end() :], start + m.end(), True
    name2 = name.strip("“”\"")
    if name2 != name and name.startswith(("“", '"')):
        start += 1
    name = name2
    comp = re.search(r"(?:主线|全线|主体|首段|[东西南北]线|[东西南北]段)$", name)
    if comp and comp.start() >= 3:
        name = name[: comp.start()]
    sub = re.search(r"(?:[东西南北中]部(?:地块|片区|区域)|地块|沿线|重点组团|组团)$", name)
    rest_hit = lexicon.suffix_of(name[: sub.start()]) if sub else None
    if sub and sub.start() >= 3 and rest_hit is not None and rest_hit[1] == "Area" and rest_hit[2] >= 2:
        name = name[: sub.start()]
    while True:
        m = GENERIC_TAIL.search(name)
        if not m or m.start() < 2:
            break
        rest = name[: m.start()]
        if lexicon.suffix_of(rest) or PHASE.search(rest):
            name = rest
        else:
            break
    return name, start


def type_by_suffix(name: str, context: str) -> tuple[str, int] | None:
    for suf, typ, weight in lexicon.suffixes():
        if suf == name and weight >= 3 and len(name) >= 3:
            return typ, weight
    hit = lexicon.suffix_of(name)
    if hit is None:
        if PHASE.search(name) and len(name) > 3:
            return "Project", 3
        return None
    suf, typ, weight = hit
    if suf.endswith("段"):
        inner = lexicon.suffix_of(re.sub(r"[\u4e00-\u9fff]{1,4}段$", "", name))
        if inner is not None:
            return ("Area" if inner[1] == "Area" else "Project"), max(weight, 2)
    if typ == "Project" and suf in ROAD_SUFFIXES and not CONSTRUCTION.search(context):
        return "Area", weight
    return typ, weight


def category_type(category: str) -> str | None:
    for rx, typ in CATEGORY_TYPES:
        if rx.search(category):
            return typ
    hit = lexicon.suffix_of("x" + category) if category else None
    return hit[1] if hit and hit[2] >= 2 else None


# ---------------------------------------------------------------- the rules
def _segments(text: str, rx: re.Pattern[str] = CLAUSE_BREAK) -> list[tuple[int, str]]:
    out, pos = [], 0
    for m in rx.finditer(text + "。"):
        if m.start() > pos:
            out.append((pos, text[pos : m.start()]))
        pos = m.end()
    return out


def _left_name(seg: str, end: int) -> int:
    """Start of the name that ends at `end` in a segment: after the nearest function word, number or quote."""
    toks = [t for t in tokens(seg[:end])]
    start = end
    for word, s, e in reversed(toks):
        code = re.fullmatch(r"[A-Za-z]*\d+", word) and (re.match(r"[A-Za-z]", word) or seg[e : e + 1] in ("号", "线"))
        if DIGIT.search(word) and code:
            start = s
            continue  # G351线, 4号线: a code inside a name
        if word in lexicon.function_words() or word in "“”\"《》" or DIGIT.search(word) or PLURAL_PREFIX.fullmatch(word) or word in COUNTERS:
            break
        if word == "大" and s > 0 and re.match(r"[一二两三四五六七八九十\d]", seg[s - 1]):
            break  # 三大新兴产业集群: the group phrase, not a name
        if re.fullmatch(r"[一二两三四五六七八九十百千]+(?:个|家|项|所|处|座|条|批|大|类)?", word):
            break
        start = s
    # a counter or unit right after a number is not part of the name (6个棚改项目, 164公里绿道)
    if start > 0 and re.match(r"[\d一二两三四五六七八九十百千万]", seg[start - 1]):
        for unit in sorted(_UNITS, key=len, reverse=True):
            if seg.startswith(unit, start):
                start += len(unit)
                break
    return start


_UNITS = ("个", "家", "项", "所", "处", "座", "条", "批", "名", "张", "套", "件", "户", "类", "支", "公里", "平方米", "亩", "公顷", "万", "亿")


def _boosted(seg: str, s: int, e: int) -> bool:
    """Context that confirms a weakly marked name of the matching class (加快建设…中心, 举办…节, 做强…产业)."""
    hit = lexicon.suffix_of(seg[s:e])
    typ = hit[1] if hit else "Project"
    if typ in ("Project", "Facility", "Area"):
        return bool(BUILD_BEFORE.search(seg[:s]) or BUILD_AFTER.match(seg[e:]))
    if typ == "Event":
        return bool(EVENT_BEFORE.search(seg[:s]))
    if typ == "IndustryCluster":
        return bool(CLUSTER_BEFORE.search(seg[:s]))
    return False


def _name_ends(seg: str, toks: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Token ends, plus ends of two-character-or-longer suffixes that fall inside an uncommon token (创新区|新)."""
    out = [(t, s, e) for t, s, e in toks]
    for t, s, e in toks:
        if len(t) < 2 or _common(t):
            continue
        for p in range(s + 1, e):
            hit = lexicon.suffix_of(seg[:p][-8:])
            if hit is not None and len(hit[0]) >= 2 and p - len(hit[0]) < s + (p - s):
                out.append((seg[s:p], s, p))
    return sorted(set(out), key=lambda x: (x[2], x[1]))


def suffix_candidates(unit: Unit, idx: int) -> list[Candidate]:
    """Maximal names ending in a known suffix, split at locators (张家湾设计小镇 | 北建院)."""
    out: list[Candidate] = []
    for seg_start, seg in _segments(unit.text, SEGMENT_BREAK):
        found: list[tuple[int, int]] = []
        toks = tokens(seg)
        for t, ts, e in _name_ends(seg, toks):
            hit = lexicon.suffix_of(seg[:e][-8:])
            if hit is None and not PHASE.search(seg[:e]):
                continue
            if e == ts + len(t) and hit is not None and len(hit[0]) == 1 < len(t) and t not in _SUFFIX_WORDS() and _common(t):
                continue  # 思路, 发展, 布局: the ending belongs to an ordinary word
            nxt = next((w for w, ws, _we in toks if ws == e), None)
            if nxt and nxt not in lexicon.function_words() and _jieba().FREQ.get(t + nxt, 0) > 0:
                continue  # 战略|定位, 中心|城市: the ending opens a longer word
            if nxt in ABSTRACT_HEADS:
                continue  # 城市副中心战略|定位: the name is only an attribute of an abstract noun
            s = _left_name(seg, e)
            if e - s >= 2 and not re.search(r"(?:一批|各类|多个|若干|一些|更多)$", seg[:s]) and not NEXT_COUNT.match(seg[e:]):
                found.append((s, e))
        boosted = {(s, e) for s, e in found if _boosted(seg, s, e)}
        # keep maximal spans; a strong name that opens a longer one is kept as nested (潮白河 in 潮白河大桥)
        for s, e in found:
            if any((s2 <= s and e <= e2) and (s2, e2) != (s, e) for s2, e2 in found):
                if not any(s2 == s and e2 > e for s2, e2 in found) or e - s < 3:
                    continue
                hit = lexicon.suffix_of(seg[s:e])
                if hit is None or hit[2] < 2 or (hit[2] == 2 and hit[1] not in ("Institution", "Area", "Facility")):
                    continue
                outermost = lexicon.suffix_of(seg[s : max(e2 for s2, e2 in found if s2 == s)])
                if (hit[0] in ROAD_SUFFIXES or hit[0] == "线") and not (outermost and outermost[0].endswith("段")):
                    continue  # 武侯大道 inside 武侯大道快速化改造 is the project's own road; a 段 is a part of a line
                covered = False
                for s2, e2 in found:
                    if s2 == s and e2 > e:
                        outer = lexicon.suffix_of(seg[s:e2])
                        if outer is not None and e2 - len(outer[0]) < e:
                            covered = True  # 京唐城际 inside 京唐城际铁路: one suffix, not two names
                if covered:
                    continue
            hit = lexicon.suffix_of(seg[s:e])
            cluster = (s, e) in boosted and hit is not None and hit[1] == "IndustryCluster"
            made = _make(seg[s:e], unit, idx, unit.offset + seg_start + s, "suffix", unit.text, lenient=cluster)
            if (s, e) in boosted:
                for c in made:
                    c.weight = max(c.weight, 2)
            out.extend(made)
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
    elif not plausible(name, quoted):
        return []
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
            return out  # 双楠片区 | 雨污分流改造: the area is the name, the rest a generic work
        name, start = rest, start + loc
    typed = type_by_suffix(name, context)
    if forced is not None:
        typ, w = forced, weight or 2
        if typed and typed[1] >= 3 and typed[0] != forced and source != "context-designation":
            typ, w = typed
    elif typed is not None:
        typ, w = typed
    else:
        return out
    if ADMIN_PREFIX.match(name) and len(name) <= 3 and not lexicon.suffix_of(name[1:]):
        return out
    out.append(Candidate(name, typ, w, source, start, start + len(name), idx, located_in=located))
    return out


@cache
def _admin_names() -> frozenset[str]:
    """Names of provinces, cities and counties: 大兴区妇幼保健院 is the district's own hospital, not a locator."""
    return frozenset(p.name for p in lexicon.places())


def _locator_split(name: str) -> int | None:
    """Where an opening area (…小镇, …镇, …商务区) ends, when a separately named thing follows it."""
    for suf in ("小镇", "古镇", "商务区", "园区", "片区", "镇", "乡", "街道", "区"):
        i = name.find(suf)
        while i != -1:
            cut = i + len(suf)
            rest = name[cut:]
            hit = lexicon.suffix_of(rest) if rest else None
            if cut >= 3 and len(rest) >= 3 and hit is not None and (len(rest) > len(hit[0]) or hit[2] >= 2) \
                    and not PHASE.fullmatch(rest):
                at_boundary = any(te == cut for _t, _ts, te in tokens(name))
                # a bare 区 splits only a generic remainder off (文旅区 | 中小学), never a named one (顺义区中医医院)
                admin = name[:cut] in _admin_names()
                if at_boundary and not rest.startswith("第") and (suf != "区" or (rest in lexicon.generic() and not admin)):
                    return cut
            i = name.find(suf, i + 1)
    return None


def enumeration_candidates(unit: Unit, idx: int) -> list[Candidate]:
    """A、B、C等(一批)类别 and A、B、C六大类别: members take their own suffix's class, else the category's."""
    out: list[Candidate] = []
    for seg_start, seg in _segments(unit.text):
        m = _deng(seg)
        _unused = re.search(r"等(?:一批|各类|[\d一二两三四五六七八九十]+(?:个|家|项|所|处|座|条|批|类))?(?:第[一二三四五六七八九十\d]+批)?", seg)
        cm = re.search(r"(?<=[\u4e00-\u9fff”])([一二两三四五六七八九十\d])大([\u4e00-\u9fff]{2,8})", seg)
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
        if m is None and cm is None and ctype is None:
            # a bare list (平谷线、厂通路加快建设): members must carry their own suffix
            pass
        items: list[tuple[int, str]] = []
        pos = 0
        for part in re.split(r"(、|和|及|与)", head):
            if part in ("、", "和", "及", "与"):
                pos += len(part)
                continue
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
            if k == len(items) - 1 and m is None and cm is None:
                cut = _first_function_word(item)
                digit = DIGIT.search(item)
                item = item[: min(cut, digit.start() if digit else cut)]
            if k == 0 and PLURAL_PREFIX.search(unit.text[max(0, seg_start + s - 3) : seg_start + s]):
                break  # 一批全龄友好化公园、精品口袋公园: a list of kinds, not of names
            if not item:
                continue
            abs_start = unit.offset + seg_start + s
            own = type_by_suffix(item.strip("“”"), seg)
            if own is not None and (own[1] >= 2 or ctype is None):
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
    for w, ts, _te in tokens(seg):
        if w == "等" and ts > 0:
            return re.compile(
                r"等(?:一批|各类|[\d一二两三四五六七八九十]+(?:个|家|项|所|处|座|条|批|类))?(?:第[一二三四五六七八九十\d]+批)?"
            ).match(seg, ts)
    return None


def _category(tail: str) -> str:
    tail = re.sub(r"^(?:一批|各类|重点|重大|主要|传统|新型?|优质|精品|知名|国际国内|大型|第[一二三四五六七八九十\d]+批)+", "", tail)
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
                if hit and hit[1] == "Program":
                    best = e
                    break
            if best:
                out.extend(_make(obj[:best], unit, idx, unit.offset + seg_start + obj_start, "context-designation",
                                 seg, forced="Program", weight=3, lenient=True))
    return out


QUOTE_CONTEXT = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,6}?(?P<prog>品牌|建设|创建|工程|行动|计划|试点|示范|项目|改革|工作法|模式|机制|年)|(?P<ind>产业|经济)|(?P<act>纵深开展|深入开展|全面开展|持续开展|深入推进|扎实推进))"
)


def quoted_candidates(unit: Unit, idx: int) -> list[Candidate]:
    out: list[Candidate] = []
    for m in QUOTED.finditer(unit.text):
        inner = m.group(1)
        if re.search(r"[、，,；;。]", inner) or len(inner) < 2 or inner in lexicon.idioms():
            continue
        if re.match(r"[一二两三四五六七八九十]+年|一|\d", inner):
            continue  # 三年行动计划, 一站式, 一年奠定基础: durations and slogans
        before = unit.text[max(0, m.start() - 3) : m.start()]
        if PLURAL_PREFIX.search(before) or before.endswith(("各领域", "领域")):
            continue
        after = unit.text[m.end() : m.end() + 8]
        typed = type_by_suffix(inner, unit.text)
        ctx = QUOTE_CONTEXT.match(after)
        if typed is not None and typed[1] >= 2:
            typ, w = typed
        elif typed is not None and typed[0] in ("Project", "Area", "Facility") and BUILD_BEFORE.search(unit.text[: m.start()]):
            typ, w = typed[0], 2
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


def find_candidates(units: list[Unit]) -> list[Candidate]:
    out: list[Candidate] = []
    for i, u in enumerate(units):
        if u.kind == "assignment":
            out += assignment_candidates(u, i)
            continue
        out += enumeration_candidates(u, i)
        out += suffix_candidates(u, i)
        out += context_candidates(u, i)
        out += quoted_candidates(u, i)
    return out
