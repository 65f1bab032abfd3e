"""What a name is: jieba tokens, generic class nouns, plausibility, trimming and typing by suffix."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any, NamedTuple

from govkg.extract import lexicon
from govkg.patterns import CN_NUMERAL_CLASS, CN_ORDINAL_CLASS, HAN, HAN_RE, YEAR
from govkg.rules import pattern

DIGIT = re.compile(r"\d")

PLURAL_PREFIX = re.compile(r"^(?:一批|一系列|各类|各项|各|多个|若干|一些|部分|等|诸多|众多|更多|其他)")

LEADING_VERBS = lexicon.name_words("leading-verb")

VERB_AREA_ENDINGS = re.compile(r"(?:扩区|调区|入区|出区|进区|建区|强区|兴区|富区|美区|活区|护区)$")

#: Tokens that never sit inside a name: a candidate containing one is a clause, not a name (推动元宇宙发展).
INNER_STOP = lexicon.name_words("inner-stop")

HIGH_MANNER = re.compile(r"^(?:高标准|高质量|高水平|高品质)(?=建设|完成|推进|打造|实施|举办|服务|办好)")

BAD_ENDINGS = re.compile(rf"(?:首段|末段|路段|地段|阶段|时段|手段|[{CN_ORDINAL_CLASS}]段)$")

COUNTERS = frozenset(["个", "家", "项", "所", "处", "座", "条", "批", "名", "张", "套", "件", "户", "类", "支", "期"])

COUNT_PREFIX = re.compile(
    r"[\d一二两三四五六七八九十百千万]+(?:余|多)?(?:个|家|项|所|处|座|条|批|大|类|张|套|件|名|户|支)$"
)

LEADING_MODIFIERS = re.compile(
    rf"^(?:{YEAR}年度?(?={HAN})|第[{CN_ORDINAL_CLASS}\d]+届|全市首个|全国首个|全区首个|全国首批|全市首批|首批|首个|唯一|新一轮|新一批|第[{CN_ORDINAL_CLASS}\d]+批|现有|重点|重大|主要|相关|有关|其他|其余|我区|我市|本区|本市|全市|全区|全省|全国性)+"
)

#: A year written into a name without 年 (2030启航计划): part of a programme's name, an event's edition.
YEAR_LED = re.compile(rf"^{YEAR}(?={HAN})")

GENERIC_TAIL = re.compile(
    r"(?:概念规划|总体规划|规划|实施方案|方案|升级改造|改造提升|提升改造|综合整治|综合治理|专项治理|腾退|迁建|新建|改扩建|扩建|改造|提升|建设|工程|项目|保护)$"
)

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

PHASE = re.compile(rf"[{CN_ORDINAL_CLASS}\d]期$")


def _import_jieba() -> Any:
    """jieba, imported without pkg_resources where nothing has imported that yet. jieba asks pkg_resources only
    for the path of its own default dictionary, which govkg never loads (we pass ours), and importing it costs
    0.2-0.3 s of every process; without it jieba finds its files next to its module."""
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail at once
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


@cache
def _jieba() -> Any:
    import logging

    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    # jieba's own dictionary without its rarest words (tools/make_jieba_dict.py): half the load time
    from importlib import resources

    tok = jieba.Tokenizer(str(resources.files("govkg.extract.data").joinpath("jieba_dict.txt")))
    # loading builds ~180,000 small objects; the cyclic GC would scan the heap many times over for nothing
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        tok.initialize()
    finally:
        if enabled:
            gc.enable()
    for k in lexicon.known_entities():
        for n in (k.name, *k.aliases):
            if len(n) >= 3:
                tok.add_word(n, freq=2000)
    for w in lexicon.function_words():
        if len(w) >= 2:
            tok.add_word(w, freq=50000)
    return tok


def tokens(text: str) -> list[tuple[str, int, int]]:
    """jieba's tokens of a text with their offsets (a fresh list: callers may change it)."""
    return list(_tokens(text))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    # the candidate rules tokenize the same segments and their prefixes again and again: tokenize each once
    return tuple(_jieba().tokenize(text, HMM=True))


@lru_cache(maxsize=1 << 14)
def is_generic(name: str) -> bool:
    """A class noun rather than a name: 老旧小区, 市级重点实验室, 一批精品口袋公园."""
    g = lexicon.generic()
    n = name.strip('“”"')
    if n in g or PLURAL_PREFIX.match(n):
        return True
    core = LEADING_MODIFIERS.sub("", n)
    core = re.sub(r"^(?:省市|市区|区县|市级|区级|县级|省级|市属|区属|央属|各级)", "", core)
    core = re.sub(r"^(?:三级甲等|三级乙等|二级甲等|三甲|二甲)", "", core)
    core = re.sub(rf"^[\d.{CN_NUMERAL_CLASS}]*[万亿千百]+级", "", core)  # 万亿级产业集群: a grade, then a class noun
    unprefixed = re.sub(rf"^[市区县省](?={HAN}{{2}})", "", core)
    if unprefixed != core and unprefixed in g:
        kind = lexicon.suffix_of("x" + unprefixed)
        # 区重点项目 is the district's share of a class; 区妇幼保健院 and 区体育场 are the district's own
        return kind is None or kind.type not in ("Institution", "Facility")
    if core in g:
        return True
    whole = lexicon.suffix_of("x" + core)
    if not core or (whole is not None and whole.text == core and whole.weight < lexicon.DECIDES):
        return True
    # a generic head with only modifiers in front: 精品口袋公园, 工程技术中心
    for i in range(1, len(core) - 1):
        head, mod = core[i:], core[:i]
        if head in g and (mod in g or mod in _MODIFIERS or (len(head) >= 3 and len(mod) >= 4 and _common(mod))):
            return True
        hb = lexicon.suffix_of("x" + head)
        if hb is None or hb.text != head or hb.weight >= lexicon.DECIDES:
            continue
        if mod in _MODIFIERS or mod.endswith("类"):
            return True
        if mod in g and hb.type != "Program":
            return True  # 集租房项目 is generic; 高质量发展意见 names a document
    return False


_MODIFIERS = lexicon.name_words("modifier")


@cache
def _SUFFIX_WORDS() -> frozenset[str]:
    return frozenset(x.text for x in lexicon.suffixes())


@cache
def _known_names() -> frozenset[str]:
    return frozenset(k.name for k in lexicon.known_entities())


@cache
def jieba_dict_text() -> str:
    """Our jieba dictionary (data/jieba_dict.txt): a line per word, `word frequency tag`, one space apart."""
    from importlib import resources

    return resources.files("govkg.extract.data").joinpath("jieba_dict.txt").read_text(encoding="utf-8")


#: A line of the dictionary tagged as a place's name (ns): read by one regex over the file (a Python loop over its
#: 137,000 lines took three times as long, in every process that builds a report).
_NS_LINE = re.compile(r"^([^ \n]+) [^ \n]+ ns$", re.MULTILINE)


@cache
def _place_tagged() -> frozenset[str]:
    """The words jieba's dictionary tags as place names (ns), less those our reports use as verbs (新建)."""
    verbs = lexicon.name_words("leading-verb")
    return frozenset(w for w in _NS_LINE.findall(jieba_dict_text()) if w not in verbs)


def place_word(word: str) -> bool:
    """A word the language knows as a place's name (上海, 云州): it opens a name, it is no verb put before one."""
    return word in _place_tagged()


def _common(word: str) -> bool:
    """An ordinary word of the language (jieba's dictionary frequency), not a name."""
    return _jieba().FREQ.get(word, 0) >= 30 and word not in _known_names()


#: A quantity, a threshold or a grade, not a name: 亿元以上, 千亿级, 3万吨级.
QUANTITY_NAME = pattern(
    "quantity-not-name",
    rf"^[\d.{CN_NUMERAL_CLASS}]+(?:[万亿千百]*(?:元|吨|亩|人|户))?(?:以上|以下|以内|级|规模)$",
    doc="A number with a magnitude and a bound or grade (亿元以上, 千亿级) names no thing.",
    matches=["亿元以上", "千亿级", "十亿元以上", "3万吨级"],
    rejects=["亿利达集团", "千岛湖", "百色市"],
)
#: A route between two places (柳塘至石门段, 主城区至高铁站): a stretch described, not a thing named.
ROUTE = pattern(
    "route-not-name",
    rf"^{HAN}{{1,8}}至{HAN}{{1,4}}$",
    doc="A stretch from one place to another (上湾村至下湾村, 柳塘至石门段) describes, names nothing; a head after it "
        "(临澜至禾州快速通道) makes a name, and `route_named` lets it through.",
    matches=["柳塘至石门段", "上湾村至下湾村", "主城区至高铁站"],
    rejects=["临澜至禾州快速通道", "至诚大厦"],
)
#: A part of a building under construction (回迁房主体, 主体结构): the work's stage, not a thing.
BUILDING_PART = pattern(
    "building-part-not-name",
    r"(?:房|楼|馆|院|站|厂|中心|综合体|大厦)(?:主体|主体结构|主体工程|地基|基础工程|装修)$",
    doc="A building's stage of construction (回迁房主体, 主体结构) is no name.",
    matches=["回迁房主体", "住院楼主体结构"],
    rejects=["市场主体", "青峦大道"],
)
#: A slogan of the kind 产业强县, 生态立县, 民生兴县, 工业强市: a strategy's motto, not a programme.
SLOGAN = pattern(
    "slogan-not-name",
    r"^[\u4e00-\u9fff]{2}[强立兴富美优活]{1}[省市县区镇乡村]$",
    doc="A four-character motto (产业强县, 生态立县, 民生兴县, 工业强市) is a slogan, not a named programme.",
    matches=["产业强县", "生态立县", "民生兴县", "工业强市"],
    rejects=["产业园区", "鹤川新城", "生态文明建设示范县"],
)
#: Time words after a name (县人民医院新院区年底建成): when, not part of what.
TRAILING_TIME = pattern(
    "trailing-time",
    rf"(?:年底|年末|年内|年初|上半年|下半年|底前|[{CN_ORDINAL_CLASS}\d]{{1,2}}月(?:底|初|中旬|下旬|上旬)?前?)$",
    doc="A time word glued after a name (…新院区年底, …二期上半年) is cut off.",
    matches=["县人民医院新院区年底", "宏拓锂电正极材料项目二期上半年", "镇卫生院综合楼6月底前"],
    rejects=["县人民医院新院区", "青年路"],
)
#: The enumerator of a point (一是, 其二, 首先) opens a sentence, never a name.
ENUMERATOR_LEAD = pattern(
    "enumerator-lead",
    rf"^(?:[{CN_ORDINAL_CLASS}]是|其[{CN_ORDINAL_CLASS}]|首先|其次|再次|最后)",
    doc="一是抓项目, 二是…: the point's enumerator is cut from a name's start.",
    matches=["一是抓项目", "二是新建口袋公园"],
    rejects=["一带一路", "是否"],
)
#: A verb of building glued before a level word (建成区第二人民医院): 建成区 is also a word, but here it is a verb.
VERB_BEFORE_LEVEL = pattern(
    "verb-before-level",
    r"^(?:建成|新建|扩建|改建|续建|开工建设|迁建)(?=[区县市镇乡](?:第[一二三四五六七八九十]+|人民|中医|妇幼|中心|卫生|敬老))",
    doc="A building verb before a region-relative institution (建成区第二人民医院) is cut off: the name opens at 区.",
    matches=["建成区第二人民医院", "新建县人民医院"],
    rejects=["建成区面积", "区第二人民医院"],
)


@lru_cache(maxsize=1 << 14)
def descriptive_project(name: str) -> bool:
    """A project named only by what it makes or does (高端铜箔项目, 智能化改造工程): every word before 项目/工程 is an
    ordinary word, and nothing names it (no proper name, place, number or ordinal)."""
    m = re.search(r"(?:项目|工程)$", name)
    if not m or m.start() < 2 or DIGIT.search(name):
        return False
    head = name[: m.start()]
    toks = tokens(head)
    for _t, _s, e in toks:
        place = lexicon.suffix_of(head[:e])
        if place is not None and place.type == "Area":
            return False  # 白鹭湖生态修复工程, 青禾河…: the work of a named place
    return all(_common(t) and t not in _admin_names() for t, _, _ in toks)


@lru_cache(maxsize=1 << 14)
def single_word(name: str) -> bool:
    """A single ordinary word of the language (主导, 特色, 竣工) with no name ending names nothing."""
    toks = tokens(name)
    return len(toks) == 1 and _common(name) and lexicon.suffix_of(name) is None and name not in _known_names()


@lru_cache(maxsize=1 << 14)
def plausible(name: str, quoted: bool = False) -> bool:
    """Could this be a name? (A pure function of its text: cached, a report asks about the same names again.)"""
    if not (2 <= len(name) <= 25) or not HAN_RE.search(name):
        return False
    if name in lexicon.function_words() or (re.fullmatch(rf"[{CN_ORDINAL_CLASS}]+{HAN}", name) and not quoted):
        return False
    if BAD_ENDINGS.search(name) or VERB_AREA_ENDINGS.search(name) or re.match(r"[一二两三四五六七八九十]+年", name):
        return False
    first = tokens(name)[0][0]
    if first in COUNTERS or (
        len(first) == 1 and first in _SUFFIX_WORDS() and len(name) > 2 and first not in "市区县省镇乡"
    ):
        return False
    hit = lexicon.suffix_of(name)
    if hit is not None and len(hit.text) == 1 and hit.weight <= lexicon.USUAL and len(name) < 3 and not quoted:
        return False
    if (DIGIT.match(name) and not YEAR_LED.match(name)) or COUNT_PREFIX.search(name[:4]) and re.match(r"[\d一二两三四五六七八九十]", name):
        return False
    if name[0] in "级型期号届次":
        return False  # 级旅游景区 (国家4A级…): a grade or an ordinal's tail, cut from its number
    if name in lexicon.idioms() or is_generic(name):
        return False
    if QUANTITY_NAME.search(name) or ROUTE.search(name) or BUILDING_PART.search(name) or SLOGAN.search(name):
        return False
    if descriptive_project(name) and not quoted:
        return False
    if "的" in name and not quoted:
        return False
    return not any(t in INNER_STOP for t, _, _ in tokens(name)[1:])


def trim(name: str, start: int) -> tuple[str, int]:
    """Drop leading function words and modifiers, quotes, and a trailing generic word when a suffix remains."""
    trimmed, dropped = _trim(name)
    return trimmed, start + dropped


@lru_cache(maxsize=1 << 14)
def _trim(name: str) -> tuple[str, int]:
    """`trim` of a name at offset 0: the name kept and how many characters were dropped before it."""
    start = 0
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
    y = YEAR_LED.match(name)
    if y and (hit := lexicon.suffix_of(name)) is not None and hit.type == "Event":
        name, start = name[y.end() :], start + y.end()  # 2025青峦数字经济大会: the year is the edition, not the name
    e = ENUMERATOR_LEAD.match(name)
    if e:
        name, start = name[e.end() :], start + e.end()
    v = VERB_BEFORE_LEVEL.match(name)
    if v:
        name, start = name[v.end() :], start + v.end()
    t = TRAILING_TIME.search(name)
    if t and t.start() >= 2:
        name = name[: t.start()]
    name2 = name.strip('“”"')
    if name2 != name and name.startswith(("“", '"')):
        start += 1
    name = name2
    comp = re.search(r"(?:主线|全线|主体|首段|[东西南北]线|[东西南北]段)$", name)
    if comp and comp.start() >= 3:
        name = name[: comp.start()]
    sub = re.search(r"(?:[东西南北中]部(?:地块|片区|区域)|地块|沿线|重点组团|组团)$", name)
    rest_hit = lexicon.suffix_of(name[: sub.start()]) if sub else None
    if sub and sub.start() >= 3 and rest_hit is not None and rest_hit.type == "Area" and rest_hit.weight >= lexicon.USUAL:
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


class Typing(NamedTuple):
    """The class a name's ending gives it, and how strongly (lexicon.WEAK … lexicon.DECIDES)."""

    type: str
    weight: int


def type_by_suffix(name: str, context: str) -> Typing | None:
    whole = lexicon.suffix_table().get(name) if len(name) >= 3 else None
    if whole is not None and whole.weight >= lexicon.DECIDES:
        return Typing(whole.type, whole.weight)  # the name is itself a deciding ending (科学城)
    hit = lexicon.suffix_of(name)
    if hit is None:
        if PHASE.search(name) and len(name) > 3:
            return Typing("Project", lexicon.DECIDES)
        return None
    if hit.text.endswith("段"):
        inner = lexicon.suffix_of(re.sub(rf"{HAN}{{1,4}}段$", "", name))
        if inner is not None:
            return Typing("Area" if inner.type == "Area" else "Project", max(hit.weight, lexicon.USUAL))
    if hit.type == "Project" and hit.text in ROAD_SUFFIXES and not CONSTRUCTION.search(context):
        return Typing("Area", hit.weight)
    return Typing(hit.type, hit.weight)


def category_type(category: str) -> str | None:
    for rx, typ in CATEGORY_TYPES:
        if rx.search(category):
            return typ
    hit = lexicon.suffix_of("x" + category) if category else None
    return hit.type if hit and hit.weight >= lexicon.USUAL else None


@cache
def _admin_names() -> frozenset[str]:
    """Names of provinces, cities and counties: 大兴区妇幼保健院 is the district's own hospital, not a locator."""
    return frozenset(p.name for p in lexicon.places())
