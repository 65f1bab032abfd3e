"""The screenshot in the docs, docs/tongzhou-2023-view.png: graph/tongzhou-2023.html as chromium draws it.

The PNG carries, in a tEXt chunk keyed `govkg-source`, the path and sha256 of the HTML it was drawn from, so a
screenshot that no longer shows the committed view is found by comparing hashes (a test does; so does --check).
The pixels are not reproducible (the page's physics stops after a time, and the status line shows how long it
took), so the picture is drawn again only when its recorded source is not the page as it is now.

    .venv/bin/python tools/make_screenshot.py           # draw it when it is stale (make docs does)
    .venv/bin/python tools/make_screenshot.py --force   # draw it anyway
    .venv/bin/python tools/make_screenshot.py --check   # exit 1 when it was not drawn from graph/tongzhou-2023.html
"""

from __future__ import annotations

import hashlib
import os
import struct
import sys
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "graph" / "tongzhou-2023.html"
PNG = ROOT / "docs" / "tongzhou-2023-view.png"
KEY = b"govkg-source"
SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHROMIUM = os.environ.get("GOVKG_CHROMIUM", "/usr/bin/chromium")
SIZE = (1280, 800)  # a laptop window: below 1,300 px the filters panel starts closed


def source_text(html: Path) -> str:
    """What the PNG records about its source: `graph/tongzhou-2023.html sha256=<hex>`."""
    name = html.relative_to(ROOT).as_posix() if html.is_relative_to(ROOT) else html.name
    return f"{name} sha256={hashlib.sha256(html.read_bytes()).hexdigest()}"


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """(type, data) of every chunk; a bad signature, a cut-off chunk or a wrong CRC is a ValueError."""
    if not png.startswith(SIGNATURE):
        raise ValueError("not a PNG file")
    out, at = [], len(SIGNATURE)
    while at < len(png):
        if at + 12 > len(png):
            raise ValueError("PNG cut off inside a chunk header")
        (length,) = struct.unpack(">I", png[at:at + 4])
        kind, data = png[at + 4:at + 8], png[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", png[at + 8 + length:at + 12 + length])
        if len(data) != length or zlib.crc32(kind + data) != crc:
            raise ValueError(f"PNG chunk {kind!r} at byte {at} is damaged")
        out.append((kind, data))
        at += 12 + length
    return out


def recorded_source(png: bytes) -> str | None:
    """The `govkg-source` text of a PNG, or None when it has none."""
    for kind, data in chunks(png):
        if kind == b"tEXt" and data.startswith(KEY + b"\x00"):
            return data[len(KEY) + 1:].decode("latin-1")
    return None


def with_source(png: bytes, text: str) -> bytes:
    """The PNG with a `govkg-source` tEXt chunk right after its header (any older one dropped)."""
    body = KEY + b"\x00" + text.encode("latin-1")
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    out = [SIGNATURE]
    for kind, data in chunks(png):
        if kind == b"tEXt" and data.startswith(KEY + b"\x00"):
            continue
        out.append(struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data)))
        if kind == b"IHDR":
            out.append(chunk)
    return b"".join(out)


def screenshot(html: Path, browser: Any = None, width: int = SIZE[0], height: int = SIZE[1]) -> bytes:
    """The page as chromium shows it once its layout has settled, as PNG bytes (no source recorded yet). Give a
    playwright browser to use it (the tests do); without one, chromium is started and stopped here."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            launched = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--no-first-run"])
            try:
                return screenshot(html, launched, width, height)
            finally:
                launched.close()
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    try:
        tab = context.new_page()
        tab.goto(html.resolve().as_uri())
        tab.wait_for_function("() => window.govkg && window.govkg.settled", timeout=30_000, polling=50)
        tab.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        return bytes(tab.screenshot())
    finally:
        context.close()


def make(html: Path = SOURCE, out: Path = PNG, browser: Any = None) -> str:
    """Draw `html` into `out` with its source recorded; returns the recorded text."""
    text = source_text(html)
    out.write_bytes(with_source(screenshot(html, browser), text))
    return text


def check(html: Path = SOURCE, png: Path = PNG) -> str | None:
    """None when `png` was drawn from `html` as it is now, else what is wrong and what to do."""
    if not png.is_file():
        return f"{png} is missing; run 'make docs'"
    recorded, wanted = recorded_source(png.read_bytes()), source_text(html)
    if recorded != wanted:
        return (f"{png.name} was drawn from {recorded or 'a page it does not record'}, not from {wanted}; "
                "run 'make docs' and commit it")
    return None


def main(argv: list[str]) -> int:
    if argv[1:] == ["--check"]:
        problem = check()
        if problem:
            print(f"make_screenshot: FAILED: {problem}", file=sys.stderr)
            return 1
        print(f"{PNG.relative_to(ROOT)} shows {source_text(SOURCE)}")
        return 0
    if argv[1:] not in ([], ["--force"]):
        print(__doc__, file=sys.stderr)
        return 2
    if not argv[1:] and check() is None:
        print(f"{PNG.relative_to(ROOT)} is up to date: it shows {source_text(SOURCE)}")
        return 0
    print(f"wrote {PNG.relative_to(ROOT)} from {make()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
