"""File -> Document: decoding (UTF-8, BOMs, UTF-16, GB18030) and checksum; nothing else touches input files."""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from govkg.errors import InputError
from govkg.models import Document
from govkg.patterns import HAN_RE

_CJK = HAN_RE
# Characters that a real report never contains: C0 controls other than tab/newline/CR, and the replacement char.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
MAX_BYTES = 50 * 1024 * 1024


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: every other byte of ASCII/CJK text is NUL or in a narrow range."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    if odd_nuls > half * 0.2 and even_nuls < half * 0.05:
        return "utf-16-le"
    if even_nuls > half * 0.2 and odd_nuls < half * 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode report bytes; return (text, encoding). Raises InputError with the file name on failure."""
    if not data.strip():
        raise InputError("file is empty", name)
    boms = (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    candidates: list[str] = []
    for bom, enc in boms:
        if data.startswith(bom):
            candidates = [enc]
            break
    if not candidates:
        utf16 = _looks_utf16(data)
        candidates = [utf16] if utf16 else ["utf-8", "gb18030"]
    if not candidates[0].startswith("utf-16") and not candidates[0].startswith("utf-32") and b"\x00" in data:
        raise InputError("binary data (NUL bytes), not a text report", name)
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "gb18030" and not _plausible(text):
            continue
        if _CONTROL.search(text):
            raise InputError(f"binary data or control characters after decoding as {enc}", name)
        if not text.strip():
            raise InputError("file holds only whitespace", name)
        return text, enc
    raise InputError("cannot decode: not UTF-8, UTF-16 or GB18030/GBK text", name)


def _plausible(text: str) -> bool:
    """GB18030 decodes almost anything; accept it only when the result is mostly common CJK text."""
    letters = [c for c in text if not c.isspace()]
    if not letters:
        return False
    cjk = len(_CJK.findall(text))
    ascii_ = sum(1 for c in letters if c.isascii())
    # CJK punctuation (、。「」) and full-width forms (，：（）％１２) are as much a part of Chinese text
    punct = sum(1 for c in letters if "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" or c in "“”‘’…—·")
    return (cjk + ascii_ + punct) / len(letters) > 0.9


def read(path: str | Path) -> Document:
    """Read one report file into a Document (raw text only; `clean` fills text and offsets)."""
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", p)
    if p.is_dir():
        raise InputError("is a directory, not a report file", p)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"file is {size} bytes; reports over {MAX_BYTES} bytes are refused", p)
        data = p.read_bytes()
    except PermissionError as exc:
        raise InputError("permission denied", p) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", p) from exc
    return from_bytes(data, p.name)


def from_bytes(data: bytes, name: str) -> Document:
    """Build a Document from bytes already in memory (tests, notebooks, stdin)."""
    text, encoding = decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    stem = Path(name).stem or "report"
    return Document(
        name=name,
        stem=stem,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        raw=text,
    )


def from_text(text: str, name: str = "report.txt") -> Document:
    """Build a Document from a Python string (encoded as UTF-8 for the checksum)."""
    return from_bytes(text.encode("utf-8"), name)
