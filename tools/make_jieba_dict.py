"""Write src/govkg/extract/data/jieba_dict.txt: jieba's bundled dictionary without its rarest words.

Words with a frequency below MIN_FREQ are dropped (jieba 0.42.1 ships 349,046 entries; about 137,000 remain).
Loading the smaller dictionary takes well under half the time, and the extractor only needs word boundaries for
ordinary words and the frequencies of common ones: rare words are left to jieba's HMM and to our own rules.
jieba is MIT-licensed; see SOURCES.md. Deterministic: same jieba, same file.

Usage: python tools/make_jieba_dict.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

import jieba

MIN_FREQ = 5
OUT = Path(__file__).resolve().parents[1] / "src" / "govkg" / "extract" / "data" / "jieba_dict.txt"


def build() -> bytes:
    src = Path(jieba.__file__).parent / "dict.txt"
    lines = []
    for line in src.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) >= 2 and int(parts[1]) >= MIN_FREQ:
            lines.append(line)
    return ("\n".join(lines) + "\n").encode("utf-8")


def main() -> int:
    data = build()
    if "--check" in sys.argv:
        same = OUT.exists() and OUT.read_bytes() == data
        print("up to date" if same else f"{OUT} is out of date: run tools/make_jieba_dict.py")
        return 0 if same else 1
    OUT.write_bytes(data)
    words = data.count(b"\n")
    print(f"wrote {OUT} ({words} words, {len(data) // 1024} KiB, min freq {MIN_FREQ})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
