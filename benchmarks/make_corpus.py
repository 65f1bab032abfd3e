"""Write a synthetic corpus of government work reports for batch benchmarks.

    .venv/bin/python benchmarks/make_corpus.py OUT_DIR [--reports 1000] [--seed 0] [--kb 15]

The reports are assembled at run time from fragments of the sample reports in `tests/data/reports/*.txt` and the
bundled `src/govkg/examples/tongzhou-2023.txt`. govkg's own outline step cuts each source into its two parts
(review of the past year, plan for the report's year), their sections and their statements; its entity step
lists the names of places, projects, facilities, institutions and events. Each synthetic report then has

* a title line (one of a few formats) naming a district, real or invented;
* the part headings 一、<year-1>年工作回顾 and 二、<year>年工作安排 (in a few wordings), each opened by a paragraph
  drawn from the part-level statements of the sources;
* sections under （一）/（二）… or ★ headings, sampled from all the sources, whose statements are shuffled and
  written as prose paragraphs, ○ or ★-style plain lines, 1. numbered items or —— items.

Names and numbers vary: the source district becomes the report's district; every other entity name has its first
one or two characters replaced, consistently for one district and differently between districts (so the set of
names grows with the corpus); years shift to the report's year; other Arabic numbers are scaled by a random factor
(percentages stay at or below 100, codes such as 5G, M101 or 6号线 and ordinals such as 第1 are left alone).

Each district publishes a series of consecutive reports between 2015 and 2025. Files are named
`<district-pinyin-or-index>-<year>.txt` and hold about `--kb` kilobytes of UTF-8 text each (±25%). The output is a
function of the seed and the sources only.
"""

from __future__ import annotations

import argparse
import functools
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = [ROOT / "tests" / "data" / "reports", ROOT / "src" / "govkg" / "examples" / "tongzhou-2023.txt"]
PARTS = ("review", "plan")
FIRST_YEAR, LAST_YEAR = 2015, 2025
#: Entity classes whose names are proper names worth varying (programs and industries are mostly generic terms).
VARY_TYPES = frozenset(["Area", "Project", "Facility", "Institution", "Event"])
#: Names starting like this are generic (区中医医院, 市疾控中心, 国家…) and stay as they are.
GENERIC_START = re.compile(r"^(?:[市区县省镇乡全国我本各]|中国|国家|首都)")
CJK = re.compile(r"^[\u4e00-\u9fff]{2}")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
#: After a four-digit number, these make it a quantity rather than a year (compare govkg.outline.BARE_YEAR_RE).
UNIT_AFTER = set("%％个家项万亿元千百人亩公里米套张所件户台辆条座处场名吨")
KEEP_BEFORE = set("第-~～—至.")
KEEP_AFTER = set("号-~～—至")
TERMINAL = "。！？；”）"

#: Real districts and counties: name, city, pinyin.
REAL_DISTRICTS = [
    ("海淀区", "北京市", "haidian"), ("朝阳区", "北京市", "chaoyang"), ("丰台区", "北京市", "fengtai"),
    ("昌平区", "北京市", "changping"), ("房山区", "北京市", "fangshan"), ("怀柔区", "北京市", "huairou"),
    ("浦东新区", "上海市", "pudong"), ("闵行区", "上海市", "minhang"), ("嘉定区", "上海市", "jiading"),
    ("松江区", "上海市", "songjiang"), ("青浦区", "上海市", "qingpu"), ("奉贤区", "上海市", "fengxian"),
    ("西湖区", "杭州市", "xihu"), ("余杭区", "杭州市", "yuhang"), ("萧山区", "杭州市", "xiaoshan"),
    ("鼓楼区", "南京市", "gulou"), ("江宁区", "南京市", "jiangning"), ("吴中区", "苏州市", "wuzhong"),
    ("天河区", "广州市", "tianhe"), ("番禺区", "广州市", "panyu"), ("南山区", "深圳市", "nanshan"),
    ("龙岗区", "深圳市", "longgang"), ("锦江区", "成都市", "jinjiang"), ("双流区", "成都市", "shuangliu"),
    ("郫都区", "成都市", "pidu"), ("渝北区", "重庆市", "yubei"), ("江北区", "重庆市", "jiangbei"),
    ("黄浦区", "上海市", "huangpu"), ("历下区", "济南市", "lixia"), ("市南区", "青岛市", "shinan"),
    ("黄岛区", "青岛市", "huangdao"), ("武昌区", "武汉市", "wuchang"), ("洪山区", "武汉市", "hongshan"),
    ("岳麓区", "长沙市", "yuelu"), ("雁塔区", "西安市", "yanta"), ("长安区", "西安市", "changan"),
    ("和平区", "天津市", "heping"), ("滨海新区", "天津市", "binhai"), ("安吉县", "湖州市", "anji"),
    ("昆山市", "苏州市", "kunshan"), ("义乌市", "金华市", "yiwu"), ("峨眉山市", "乐山市", "emeishan"),
]
#: Characters for invented district names and for varied entity names, with their pinyin.
NAME_CHARS = {
    "东": "dong", "西": "xi", "南": "nan", "北": "bei", "金": "jin", "银": "yin", "青": "qing", "红": "hong",
    "白": "bai", "黄": "huang", "龙": "long", "凤": "feng", "云": "yun", "山": "shan", "河": "he", "湖": "hu",
    "海": "hai", "江": "jiang", "桥": "qiao", "林": "lin", "石": "shi", "泉": "quan", "阳": "yang", "安": "an",
    "平": "ping", "华": "hua", "兴": "xing", "宁": "ning", "新": "xin", "丰": "feng", "永": "yong", "昌": "chang",
    "临": "lin", "清": "qing", "明": "ming", "光": "guang", "城": "cheng", "溪": "xi", "松": "song", "柳": "liu",
    "桃": "tao", "梅": "mei", "嘉": "jia", "瑞": "rui", "富": "fu", "宝": "bao", "鹤": "he", "岭": "ling",
}
DISTRICT_SUFFIXES = [("区", "qu"), ("县", "xian")]
CITIES = ["北京市", "上海市", "天津市", "重庆市", "杭州市", "南京市", "成都市", "武汉市", "青岛市", "宁波市", "合肥市",
          "福州市", "长沙市", "郑州市", "济南市", "西安市", "昆明市", "南宁市", "沈阳市", "石家庄市"]
CN_NUMERALS = "一二三四五六七八九十"
REVIEW_HEADINGS = ["{y}年工作回顾", "{y}年主要工作回顾", "{y}年工作情况回顾"]
PLAN_HEADINGS = ["{y}年工作安排", "{y}年主要任务", "{y}年重点工作"]
BODY_STYLES = ["prose", "prose", "circle", "numbered", "dash", "plain"]


@dataclass(frozen=True)
class Fragment:
    """A statement of a source report: its text and the index of the source it came from."""

    text: str
    source: int


@dataclass
class Section:
    title: Fragment
    fragments: list[Fragment]


@dataclass
class Source:
    """What a source report contributes besides its fragments: its year, its district and its names."""

    name: str
    plan_year: int
    region: str | None
    short: str | None
    pattern: re.Pattern[str] | None


@dataclass
class Pool:
    sources: list[Source]
    intros: dict[str, list[Fragment]]
    sections: dict[str, list[Section]]
    fragments: dict[str, list[Fragment]]


@dataclass
class Region:
    """A district of the synthetic corpus and the consecutive years it reports on."""

    name: str
    city: str
    slug: str
    years: list[int]

    @property
    def short(self) -> str:
        return short_name(self.name) or self.name


@dataclass
class CorpusStats:
    files: int = 0
    bytes: int = 0
    chars: int = 0
    paths: list[Path] = field(default_factory=list)

    def summary(self, out_dir: Path) -> str:
        return (f"wrote {self.files} reports to {out_dir}: {self.bytes / 1e6:.1f} MB, "
                f"{self.chars:,} characters ({self.bytes / max(self.files, 1) / 1e3:.1f} KB per report)")


# --- reading the sources -----------------------------------------------------------------------------------------


def source_files(paths: list[Path]) -> list[Path]:
    """The report files among paths (directories contribute their *.txt files), sorted for determinism."""
    files: list[Path] = []
    for p in paths:
        files += sorted(p.glob("*.txt")) if p.is_dir() else [p]
    if not files:
        sys.exit("make_corpus: no source reports found")
    return files


def extract_source(path: Path) -> dict[str, Any]:
    """govkg's extraction of one source report, as plain JSON data."""
    from govkg.pipeline import run_extraction
    from govkg.read import read

    return run_extraction(read(path)).model_dump(mode="json")


def short_name(region: str | None) -> str | None:
    """武侯区 -> 武侯, 滨海新区 -> 滨海; names of two characters stay whole."""
    if not region:
        return None
    if len(region) > 3 and region.endswith("新区"):
        return region[:-2]
    return region[:-1] if len(region) > 2 and region[-1] in "区县市" else region


def variable_names(extraction: dict[str, Any]) -> list[str]:
    """Entity names and aliases of the source that a synthetic report renames."""
    names = {extraction["region"]} if extraction.get("region") else set()
    for entity in extraction["entities"]:
        if entity["type"] not in VARY_TYPES:
            continue
        for name in (entity["name"], *entity["aliases"]):
            if len(name) >= 3 and CJK.match(name) and not GENERIC_START.match(name):
                names.add(name)
    return sorted(names, key=lambda n: (-len(n), n))


def make_source(path: Path, extraction: dict[str, Any]) -> Source:
    outline = extraction["outline"]
    plan_year = outline.get("plan_year") or (outline.get("review_year") or LAST_YEAR - 1) + 1
    names = variable_names(extraction)
    region = extraction.get("region")
    short = short_name(region)
    if short and len(short) >= 2:
        names.append(short)
    pattern = re.compile("|".join(map(re.escape, names))) if names else None
    return Source(path.name, plan_year, region, short, pattern)


def add_fragments(pool: Pool, extraction: dict[str, Any], index: int) -> None:
    """File the top-level statements of one source under its part intros or its sections."""
    outline = extraction["outline"]
    goals = {g["id"]: g for g in outline["goals"]}
    sections: dict[str, Section] = {}
    for st in outline["statements"]:
        part, text = st.get("part"), st["text"].strip()
        if st.get("parent") is not None or part not in PARTS or len(text) < 6:
            continue
        frag = Fragment(text, index)
        pool.fragments[part].append(frag)
        goal = goals.get(st.get("goal") or "")
        if goal is None or goal["level"] == "part":
            pool.intros[part].append(frag)
            continue
        if goal["id"] not in sections:
            sections[goal["id"]] = Section(Fragment(goal["title"].strip(), index), [])
            pool.sections[part].append(sections[goal["id"]])
        sections[goal["id"]].fragments.append(frag)


def load_pool(paths: list[Path]) -> Pool:
    """Cut every source report into fragments with govkg's outline and entity steps."""
    pool = Pool([], {p: [] for p in PARTS}, {p: [] for p in PARTS}, {p: [] for p in PARTS})
    for index, path in enumerate(source_files(paths)):
        extraction = extract_source(path)
        pool.sources.append(make_source(path, extraction))
        add_fragments(pool, extraction, index)
    for part in PARTS:
        if not pool.fragments[part]:
            sys.exit(f"make_corpus: the sources have no {part} statements")
        if not pool.intros[part]:
            pool.intros[part] = list(pool.fragments[part])
        if not pool.sections[part]:
            pool.sections[part] = [Section(Fragment(f.text[:12], f.source), [f]) for f in pool.fragments[part]]
    return pool


# --- districts and years -----------------------------------------------------------------------------------------


def invented_districts(rng: random.Random) -> list[tuple[str, str, str]]:
    """Every two-character name from NAME_CHARS with a 区 or 县 ending, shuffled: name, city, pinyin."""
    chars = list(NAME_CHARS)
    names = [(a + b + s, rng.choice(CITIES), f"{NAME_CHARS[a]}{NAME_CHARS[b]}-{py}")
             for a in chars for b in chars if a != b for s, py in DISTRICT_SUFFIXES]
    rng.shuffle(names)
    return names


def make_regions(reports: int, rng: random.Random) -> list[Region]:
    """Districts with runs of 3–11 consecutive report years in FIRST_YEAR..LAST_YEAR, `reports` years in all."""
    real = list(REAL_DISTRICTS)
    rng.shuffle(real)
    candidates = real + invented_districts(rng)
    regions: list[Region] = []
    taken: set[str] = set()
    left = reports
    for index, (name, city, slug) in enumerate(candidates):
        if left <= 0:
            break
        if name in taken:
            continue
        taken.add(name)
        length = min(left, rng.randint(3, LAST_YEAR - FIRST_YEAR + 1))
        start = rng.randint(FIRST_YEAR, LAST_YEAR - length + 1)
        unique_slug = slug if slug not in {r.slug for r in regions} else f"{slug}{index}"
        regions.append(Region(name, city, unique_slug, list(range(start, start + length))))
        left -= length
    if left > 0:
        sys.exit(f"make_corpus: ran out of district names ({reports - left} reports made)")
    return regions


# --- varying names and numbers -----------------------------------------------------------------------------------


def vary_stem(stem: str, rng: random.Random) -> str:
    """Replace the first character, or both, of a two-character stem."""
    chars = [c for c in NAME_CHARS if c not in stem]
    if rng.random() < 0.6:
        return rng.choice(chars) + stem[1:]
    first, second = rng.sample(chars, 2)
    return first + second


@functools.lru_cache(maxsize=65536)
def varied_stem(stem: str, slug: str, seed: int) -> str:
    """The stem's replacement in one district: a function of seed, district and stem only."""
    return vary_stem(stem, random.Random(f"{seed}:{slug}:{stem}"))


def rename(name: str, source: Source, region: Region, seed: int) -> str:
    """The name an entity of `source` takes in the district `region` (the same for every year of the district)."""
    if source.region and name.startswith(source.region):
        return region.name + name[len(source.region):]
    if source.short and name.startswith(source.short):
        return region.short + name[len(source.short):]
    stem, rest = name[:2], name[2:]
    new_stem = varied_stem(stem, region.slug, seed)
    if source.short:
        rest = rest.replace(source.short, region.short)
    return new_stem + rest


def scale(raw: str, unit: str, rng: random.Random) -> str:
    """Another plausible number of the same kind: same decimals, percentages at most 100, days at most 365."""
    value = float(raw)
    percent = unit in ("%", "％")
    if percent and value == 100:
        return raw
    new = value * rng.uniform(0.6, 1.6)
    if percent and value < 100:
        new = min(new, 99.0)
    if unit == "天" and value <= 365:
        new = min(new, 365.0)
    if "." in raw:
        decimals = len(raw.split(".")[1])
        return f"{max(new, 10 ** -decimals):.{decimals}f}"
    return str(max(1, round(new)))


def vary_number(m: re.Match[str], delta: int, rng: random.Random) -> str:
    """Shift a year by delta, scale a quantity, keep codes (5G, M101, 6号线), ordinals and ranges."""
    raw, text = m.group(), m.string
    before = text[m.start() - 1] if m.start() > 0 else ""
    after = text[m.end()] if m.end() < len(text) else ""
    if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
        return raw
    if before in KEEP_BEFORE or after in KEEP_AFTER:
        return raw
    if "." not in raw and 1990 <= int(raw) <= 2039 and (after == "年" or after not in UNIT_AFTER):
        return str(int(raw) + delta)
    return scale(raw, after, rng)


@dataclass
class Renderer:
    """Writes the fragments of the pool into one report of one district and year."""

    pool: Pool
    region: Region
    year: int
    rng: random.Random
    seed: int

    def text(self, frag: Fragment) -> str:
        source = self.pool.sources[frag.source]
        text = frag.text
        if source.pattern is not None:
            text = source.pattern.sub(lambda m: rename(m.group(), source, self.region, self.seed), text)
        delta = self.year - source.plan_year
        return NUMBER.sub(lambda m: vary_number(m, delta, self.rng), text)


# --- the report layout -------------------------------------------------------------------------------------------


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals: 1 -> 一, 12 -> 十二, 20 -> 二十."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_NUMERALS[ones - 1]
    head = "" if tens == 1 else CN_NUMERALS[tens - 1]
    return head + "十" + (CN_NUMERALS[ones - 1] if ones else "")


def title_lines(region: Region, year: int, rng: random.Random) -> list[str]:
    """The title, in one of three formats; the long one names the session of the people's congress."""
    style = rng.randrange(3)
    if style == 0:
        congress, session = 15 + (year - 2012) // 5, (year - 2012) % 5 + 1
        day = rng.randint(5, 28)
        return ["政府工作报告", f"——{year}年1月{day}日在{region.city}{region.name}第{cn_number(congress)}届人民代表大会"
                f"第{cn_number(session)}次会议上", "", "各位代表：",
                f"现在，我代表{region.name}人民政府向大会报告工作，请予审议。"]
    if style == 1:
        return [f"{region.name}{year}年政府工作报告"]
    return [f"{region.city}{region.name}政府工作报告（{year}年）"]


class Deck:
    """Draws items without replacement, reshuffling when it runs out."""

    def __init__(self, items: list[Any], rng: random.Random) -> None:
        self.items, self.rng, self.left = items, rng, []

    def draw(self) -> Any:
        if not self.left:
            self.left = list(self.items)
            self.rng.shuffle(self.left)
        return self.left.pop()


def sentence(text: str) -> str:
    return text if text.endswith(tuple(TERMINAL)) else text + "。"


def body_lines(texts: list[str], style: str, rng: random.Random) -> list[str]:
    """The statements of a section in one layout."""
    if style == "prose":
        lines, i = [], 0
        while i < len(texts):
            n = rng.randint(2, 4)
            lines.append("".join(sentence(t) for t in texts[i:i + n]))
            i += n
        return lines
    if style == "numbered":
        sep = rng.choice([".", "、"])
        return [f"{k}{sep}{sentence(t)}" for k, t in enumerate(texts, 1)]
    marker = {"circle": "○", "dash": "——", "plain": ""}[style]
    return [marker + sentence(t) for t in texts]


def section_lines(r: Renderer, section: Section, number: int, star: bool, filler: Deck) -> list[str]:
    """One section: heading, then its own statements shuffled, topped up from other sections to at least three."""
    frags = list(section.fragments)
    r.rng.shuffle(frags)
    while len(frags) < 3:
        frags.append(filler.draw())
    title = r.text(section.title).rstrip("。：:")
    heading = f"★{title}" if star else f"（{cn_number(number)}）{title}"
    style = r.rng.choice(["circle", "plain", "prose"] if star else BODY_STYLES)
    return [heading, *body_lines([r.text(f) for f in frags], style, r.rng)]


def part_lines(r: Renderer, part: str, index: int, budget: int, star: bool) -> list[str]:
    """A part: heading, an opening paragraph, then sections until the part holds about `budget` bytes."""
    year = r.year - 1 if part == "review" else r.year
    heading = r.rng.choice(REVIEW_HEADINGS if part == "review" else PLAN_HEADINGS).format(y=year)
    intro = Deck(r.pool.intros[part], r.rng)
    opening = "".join(sentence(r.text(intro.draw())) for _ in range(r.rng.randint(1, 3)))
    lines = [f"{cn_number(index)}、{heading}", opening]
    size = sum(len(line.encode()) for line in lines)
    sections, filler = Deck(r.pool.sections[part], r.rng), Deck(r.pool.fragments[part], r.rng)
    number = 0
    while True:
        number += 1
        block = section_lines(r, sections.draw(), number, star, filler)
        block_size = sum(len(line.encode()) + 1 for line in block)
        if number > 1 and size + block_size / 2 > budget:  # stop nearest the budget, over or under
            return lines
        lines += block
        size += block_size


def render_report(pool: Pool, region: Region, year: int, target_bytes: int, seed: int) -> str:
    rng = random.Random(f"{seed}:{region.slug}:{year}")
    r = Renderer(pool, region, year, rng, seed)
    size = int(target_bytes * rng.uniform(0.75, 1.25))
    star = rng.random() < 0.3
    lines = title_lines(region, year, rng)
    review_budget = int(size * rng.uniform(0.35, 0.5))
    lines += [""] + part_lines(r, "review", 1, review_budget, star)
    lines += [""] + part_lines(r, "plan", 2, size - review_budget, star)
    return "\n".join(lines) + "\n"


# --- the corpus --------------------------------------------------------------------------------------------------


def write_corpus(out_dir: Path, reports: int, seed: int = 0, kb: float = 15.0,
                 pool: Pool | None = None) -> CorpusStats:
    """Write `reports` synthetic reports into out_dir (created if needed); pass `pool` to reuse parsed sources."""
    pool = pool or load_pool(DEFAULT_SOURCES)
    out_dir.mkdir(parents=True, exist_ok=True)
    stats = CorpusStats()
    for region in make_regions(reports, random.Random(seed)):
        for year in region.years:
            text = render_report(pool, region, year, int(kb * 1000), seed)
            path = out_dir / f"{region.slug}-{year}.txt"
            data = text.encode("utf-8")
            path.write_bytes(data)
            stats.files += 1
            stats.bytes += len(data)
            stats.chars += len(text)
            stats.paths.append(path)
    return stats


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir", type=Path, help="directory to write the reports into (created if needed)")
    ap.add_argument("--reports", type=int, default=1000, help="number of reports (default 1000)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--kb", type=float, default=15.0, help="average size of a report in KB of UTF-8 (default 15)")
    args = ap.parse_args(argv)
    if args.reports < 1:
        ap.error("--reports must be at least 1")
    stats = write_corpus(args.out_dir, args.reports, args.seed, args.kb)
    print(stats.summary(args.out_dir))


if __name__ == "__main__":
    main()
