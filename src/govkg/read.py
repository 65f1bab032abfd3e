"""File -> Document: decoding (UTF-8, BOMs, UTF-16, GB18030) and checksum; nothing else touches input files."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from pathlib import Path

from govkg.errors import InputError
from govkg.models import Document
from govkg.patterns import HAN_RE

_CJK = HAN_RE
# Characters that a real report never contains: C0 controls other than tab, newline, CR and form feed (a PDF's page
# break), and the replacement character a scraper leaves for what it could not decode.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
#: A few of them cost those characters (each read as a space) and a warning; more than this many, and more than
#: this share of the text, and the text is refused as binary: a scraped report has a handful, a binary file decoded
#: by chance has them everywhere.
STRAY_FEW, STRAY_SHARE = 8, 0.005
#: The largest report read, in bytes: ten times the longest real report we know of (a provincial task-division
#: plan of about 400 KB). Whatever a file claims to be, at most this plus one byte is read.
MAX_BYTES = 5 * 1024 * 1024
#: What `read` calls standard input in messages, and the stem of what is built from it.
STDIN = "-"
STDIN_NAME = "<stdin>"


def _utf16(data: bytes) -> tuple[str, str] | None:
    """Text in UTF-16 without a BOM, recognised by what it decodes to: the byte order in which it reads as Chinese
    (or ASCII) text. Byte-swapped, the same bytes read as scattered characters of other scripts and fail
    `_plausible`. Only asked of data with NUL bytes: the high byte of every ASCII character (digits, newlines) in
    UTF-16 is NUL, and a report without a single one is not met in practice."""
    if len(data) % 2:
        return None
    # the byte order whose NULs fall where ASCII's high bytes would is the likelier: try it first
    le = data[1::2].count(0) >= data[0::2].count(0)
    for enc in ("utf-16-le", "utf-16-be") if le else ("utf-16-be", "utf-16-le"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible(text) and not _CONTROL.search(text):
            return text, enc
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
        if b"\x00" in data:
            found = _utf16(data)
            if found is None:
                raise InputError("binary data (NUL bytes), not a text report", name)
            text, enc = found
            if not text.strip():
                raise InputError("file holds only whitespace", name)
            return text, enc
        candidates = ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "gb18030" and not _plausible(text):
            continue
        stray = len(_CONTROL.findall(text))
        if stray > max(STRAY_FEW, len(text) * STRAY_SHARE):
            raise InputError(f"binary data or control characters after decoding as {enc} ({stray} of "
                             f"{len(text)} characters)", name)
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
    """Read one report file (or standard input, for "-") into a Document (raw text only; `clean` fills text and
    offsets). Only a regular file is opened for reading, and never more than MAX_BYTES + 1 bytes of it are read:
    a FIFO, a device, a socket or a directory is refused at once (InputError), before anything could block."""
    if str(path) == STDIN:
        return from_bytes(read_stdin(), STDIN_NAME)
    p = Path(path)
    try:
        kind = _not_a_file(os.stat(p).st_mode)
        if kind:
            raise InputError(f"is {kind}, not a report file", p)
        # O_NONBLOCK: should a FIFO take the file's place after the check, opening it still returns at once
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError as exc:
        raise InputError("no such file", p) from exc
    except PermissionError as exc:
        raise InputError("permission denied", p) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", p) from exc
    try:
        st = os.fstat(fd)
        kind = _not_a_file(st.st_mode)
        if kind:
            raise InputError(f"is {kind}, not a report file", p)
        if st.st_size > MAX_BYTES:
            raise InputError(f"file is {st.st_size:,} bytes; reports over {MAX_BYTES:,} bytes are refused", p)
        data = _read_at_most(fd, MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", p) from exc
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:  # it grew while we read
        raise InputError(f"file is over {MAX_BYTES:,} bytes; longer reports are refused", p)
    return from_bytes(data, p.name)


_stdin: bytes | None = None  # standard input can be read once: what it held, for every later read of "-"


def read_stdin() -> bytes:
    """Standard input's bytes, at most MAX_BYTES (more is an InputError, found after reading one byte more). Read
    once per process and kept: the command line reads it first, to refuse bad input before loading the pipeline."""
    import sys

    global _stdin
    if _stdin is not None:
        return _stdin
    stream = sys.stdin.buffer if sys.stdin is not None else None
    if stream is None:
        raise InputError("no standard input to read", STDIN_NAME)
    try:
        data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", STDIN_NAME) from exc
    if len(data) > MAX_BYTES:
        raise InputError(f"more than {MAX_BYTES:,} bytes; longer reports are refused", STDIN_NAME)
    _stdin = data
    return data


def refuse_unreadable(paths: list[Path]) -> None:
    """Refuse, before any work, an input that is neither a regular file nor a directory (a FIFO, a device, a
    socket) and standard input over the limit: `read` would refuse them too, but only once the pipeline has loaded."""
    for p in paths:
        if str(p) == STDIN:
            read_stdin()
            continue
        try:
            mode = os.stat(p).st_mode
        except OSError:
            continue  # missing or unreadable: said by `read`, in its words
        kind = _not_a_file(mode)
        if kind and not stat.S_ISDIR(mode):
            raise InputError(f"is {kind}, not a report file", p)


def _not_a_file(mode: int) -> str | None:
    """What a path is when it is not a regular file, in a message's words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def from_bytes(data: bytes, name: str) -> Document:
    """Build a Document from bytes already in memory (tests, notebooks, stdin)."""
    text, encoding = decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    stray = [m.start() for m in _CONTROL.finditer(text)]
    if stray:  # a few replacement or control characters: each becomes a space, the offsets stay
        text = _CONTROL.sub(" ", text)
    stem = "stdin" if name == STDIN_NAME else Path(name).stem or "report"
    return Document(
        name=name,
        stem=stem,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        raw=text,
        stray=len(stray),
        stray_at=stray[0] if stray else None,
    )


def from_text(text: str, name: str = "report.txt") -> Document:
    """Build a Document from a Python string (encoded as UTF-8 for the checksum)."""
    return from_bytes(text.encode("utf-8"), name)
