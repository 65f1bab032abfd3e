#!/usr/bin/env python3
"""Generate ``src/govkg/extract/data/places.tsv`` from JioNLP's bundled location tree.

Dev-time only: reads ``jionlp/dictionary/china_location.zip`` straight out of the
installed jionlp package with :mod:`zipfile` (jionlp itself is *not* imported, so
its heavy modules never load).  The runtime of govkg only reads the generated TSV.

The source is a tab-indented tree::

    省/直辖市\tcode\tshort
    \t市/州/盟\tcode\tshort
    \t\t区/县/旗\tcode\tshort
    \t\t\t街道/镇/乡/地区 ...
    \t\t\t\t村/社区            (dropped)

Usage::

    .venv/bin/python tools/make_places.py            # writes the default output
    .venv/bin/python tools/make_places.py --check    # exit 1 if the file would change

Output is deterministic: same jionlp version in, byte-identical file out.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "src" / "govkg" / "extract" / "data" / "places.tsv"
MEMBER = "china_location.txt"

LEVELS = ("province", "city", "county", "town")  # tree depth 0..3; depth 4 (villages) dropped
# The full 8-column layout (… county, city, province) came to ~3.2 MB, over the 3 MB budget, so city and
# province are not stored: they are derived by following parent_code (town -> county -> city -> province;
# look codes up per level, since a municipality's province and city rows share one code).
COLUMNS = ("name", "short", "level", "code", "parent_name", "county", "parent_code")

# The 55 officially recognised minority nationalities, used to strip suffixes such as
# 回族乡 / 彝族苗族乡 / 畲族镇 from township names when deriving the short form.
ETHNIC = [
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
]
_ETH = "|".join(sorted(ETHNIC, key=lambda s: (-len(s), s)))
_TOWN_SUFFIX = "|".join(["街道办事处", "街道地区", "民族乡", "民族镇", "街道", "地区", "苏木", "办事处", "镇", "乡"])
TOWN_RE = re.compile(rf"^(?P<base>.+?)(?:(?:{_ETH})族)*(?:{_TOWN_SUFFIX})$")
# Fallback for county-level rows that come without a short form (only some Taiwan districts).
COUNTY_RE = re.compile(r"^(?P<base>.+?)(?:区|县|市)$")
# Structural pseudo-nodes: keep the row (children hang under it) but give it no short form.
NO_SHORT = {"省直辖行政区划"}


def source_zip() -> tuple[Path, str]:
    spec = importlib.util.find_spec("jionlp")  # locates the package without executing it
    if spec is None or not spec.submodule_search_locations:
        sys.exit("jionlp is not installed in this interpreter (use /work/main/.venv/bin/python)")
    pkg = Path(next(iter(spec.submodule_search_locations)))
    return pkg / "dictionary" / "china_location.zip", importlib.metadata.version("jionlp")


def derive_short(name: str, pattern: re.Pattern[str]) -> str:
    m = pattern.match(name)
    if not m:
        return ""
    base = m.group("base")
    return base if len(base) >= 2 else ""


def build_rows(text: str) -> list[tuple[str, ...]]:
    path: list[str] = []
    codes: list[str] = []
    seen: set[tuple[str, ...]] = set()
    rows: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n ")
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip("\t"))
        fields = [f.strip() for f in line.lstrip("\t").split("\t")]
        name = fields[0]
        if depth > len(path):
            raise ValueError(f"line {lineno}: depth {depth} skips a level")
        code = fields[1] if len(fields) > 1 else ""
        del path[depth:]
        del codes[depth:]
        path.append(name)
        codes.append(code)
        if depth >= len(LEVELS):
            continue  # villages / 社区
        key = tuple(path)
        if key in seen:  # the source lists a handful of nodes twice
            continue
        seen.add(key)
        level = LEVELS[depth]
        short = fields[2] if len(fields) > 2 else ""
        if name in NO_SHORT:
            short = ""
        elif level == "town":
            short = derive_short(name, TOWN_RE)
        elif level == "county" and not short:
            short = derive_short(name, COUNTY_RE)
        if short == name and level == "town":
            short = ""
        parent = path[depth - 1] if depth else ""
        parent_code = codes[depth - 1] if depth else ""
        county = path[2] if depth > 2 else ""
        rows.append((key, (name, short, level, code, parent, county, parent_code)))
    rows.sort(key=lambda r: r[0])  # parents sort before their children; codepoint order
    return [r[1] for r in rows]


def render(rows: list[tuple[str, ...]], version: str, digest: str) -> str:
    header = [
        "# places.tsv — Chinese administrative divisions down to township level (省/市/县/乡镇街道).",
        f"# Generated by tools/make_places.py from jionlp {version} (Apache-2.0,"
        " https://github.com/dongrixinyu/JioNLP),",
        f"#   file jionlp/dictionary/china_location.zip:{MEMBER} (sha256 of zip {digest[:16]}…). Do not edit by hand.",
        "# Columns: " + "\t".join(COLUMNS),
        "#   level: province | city | county | town (town = 街道/镇/乡/地区/苏木 and similar; villages omitted)",
        "#   short: jionlp's short form for province/city/county; for towns derived by stripping"
        " 镇/乡/街道/地区/苏木/(X族)乡 suffixes,",
        "#          kept only if >= 2 chars; empty when not applicable.",
        "#   code: GB/T 2260 6-digit code where the source gives one (towns: empty).",
        "#   parent_name: name of the containing unit (town -> county, county -> city, city -> province).",
        "#   county: name of the containing county-level unit (towns only; same as parent_name there).",
        "#   parent_code: code of the containing unit (empty for provinces and for the few code-less parents).",
        "#   City and province are not stored (size budget): follow parent_code upwards, looking codes up per",
        "#   level and pairing the code with parent_name (a municipality such as 北京市 has a province row and a",
        "#   city row with the same code; the source also reuses a few county codes, e.g. 810000/820000 for the",
        "#   Hong Kong/Macao districts).",
        "# Rows sorted by the path province/city/county/town (Unicode code point order); names are not unique",
        "# across the country, the path is.",
    ]
    body = ["\t".join(r) for r in rows]
    return "\n".join(header + body) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", type=Path, help="path to china_location.zip (default: from installed jionlp)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if output would differ")
    args = ap.parse_args(argv)

    src, version = source_zip()
    if args.src:
        src = args.src
    blob = src.read_bytes()
    digest = hashlib.sha256(blob).hexdigest()
    with zipfile.ZipFile(src) as zf:
        text = zf.read(MEMBER).decode("utf-8")
    rows = build_rows(text)
    for c in rows:
        assert len(c) == len(COLUMNS) and all("\t" not in f and "\n" not in f for f in c), c
    out_text = render(rows, version, digest)

    counts = Counter(r[2] for r in rows)
    for level in LEVELS:
        print(f"{level}\t{counts[level]}")
    print(f"total\t{len(rows)}")

    data = out_text.encode("utf-8")
    if args.check:
        same = args.out.exists() and args.out.read_bytes() == data
        print(f"{args.out}: {'up to date' if same else 'WOULD CHANGE'}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data) / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
