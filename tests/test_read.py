"""govkg.read: decoding report bytes (UTF-8, BOMs, GB18030/GBK, UTF-16, line ends) and refusing bad input."""

from __future__ import annotations

import codecs
import hashlib
import os
import random
from pathlib import Path

import pytest

from govkg.errors import InputError
from govkg.read import decode, from_bytes, from_text, read

#: Invented report text, three lines, with numbers, Chinese punctuation and a ○ marker.
SAMPLE = "2024年主要任务\n○新建社区养老服务驿站12个，新增养老床位300张。\n○完成老旧小区改造20个，惠及居民1.1万户。\n"
#: A paragraph of prose, the way a full report is printed: few ASCII characters.
PROSE = (
    "过去一年，面对复杂多变的外部环境，全区上下坚持稳中求进工作总基调，经济运行持续回升向好。\n"
    "全年实现地区生产总值1286.4亿元，同比增长6.2%；一般公共预算收入完成71.3亿元，增长8.4%。\n"
)


def test_utf8_is_decoded() -> None:
    doc = from_bytes(SAMPLE.encode("utf-8"), "plan.txt")
    assert doc.raw == SAMPLE
    assert doc.encoding.replace("_", "-").lower() in ("utf-8", "utf8")
    assert doc.name == "plan.txt"
    assert doc.stem == "plan"


def test_utf8_bom_is_not_part_of_the_text() -> None:
    text, encoding = decode(codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "bom.txt")
    assert text == SAMPLE
    assert "\ufeff" not in text
    assert "utf-8" in encoding.lower() or "utf8" in encoding.lower()


@pytest.mark.parametrize("codec", ["gb18030", "gbk"])
@pytest.mark.parametrize("text", [SAMPLE, PROSE], ids=["tasks", "prose"])
def test_chinese_national_encodings(codec: str, text: str) -> None:
    data = text.encode(codec)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the test is only meaningful when UTF-8 cannot read it
    doc = from_bytes(data, "gb.txt")
    assert doc.raw == text
    assert doc.encoding.lower() in ("gb18030", "gbk", "gb2312")


def test_gb18030_only_characters() -> None:
    """Characters outside GBK (CJK extension A) need GB18030 proper."""
    text = "○推进䶮山湿地公园建设，新增绿地12公顷。\n○完成老旧小区改造20个。\n"
    data = text.encode("gb18030")
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    assert from_bytes(data, "ext.txt").raw == text


@pytest.mark.parametrize("text", [SAMPLE, PROSE], ids=["tasks", "prose"])
@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-16"),  # BOM + native order
        lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.encode("utf-16-le"),
        lambda t: t.encode("utf-16-be"),
    ],
    ids=["bom-native", "bom-le", "bom-be", "le-no-bom", "be-no-bom"],
)
def test_utf16(text: str, encode) -> None:  # type: ignore[no-untyped-def]
    doc = from_bytes(encode(text), "u16.txt")
    assert doc.raw == text
    assert "\ufeff" not in doc.raw
    assert "16" in doc.encoding


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_ends_become_newlines(newline: str) -> None:
    data = SAMPLE.replace("\n", newline).encode("utf-8")
    doc = from_bytes(data, "crlf.txt")
    assert doc.raw == SAMPLE
    assert "\r" not in doc.raw


def test_crlf_in_gb18030() -> None:
    doc = from_bytes(SAMPLE.replace("\n", "\r\n").encode("gb18030"), "crlf-gb.txt")
    assert doc.raw == SAMPLE


def test_checksum_is_of_the_file_bytes(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + SAMPLE.replace("\n", "\r\n").encode("utf-8")
    path = tmp_path / "武侯区-2024.txt"
    path.write_bytes(data)
    doc = read(path)
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.name == "武侯区-2024.txt"
    assert doc.stem == "武侯区-2024"
    assert doc.raw == SAMPLE


def test_from_text_defaults() -> None:
    doc = from_text(SAMPLE)
    assert doc.raw == SAMPLE
    assert doc.name == "report.txt"
    assert doc.sha256 == hashlib.sha256(SAMPLE.encode("utf-8")).hexdigest()
    assert doc.text == ""  # cleaning is a separate step


def test_fragment_decoded(fragment: Path, expected_decoded: list[str]) -> None:
    """The encoding fragments (GB18030, UTF-8 with BOM) decode to exactly the text in EXPECTED.md."""
    doc = read(fragment)
    assert doc.raw.splitlines() == expected_decoded
    assert "\ufeff" not in doc.raw


# ---------------------------------------------------------------- bad input
def _seeded_bytes(seed: int, n: int = 4096) -> bytes:
    return random.Random(seed).randbytes(n)


def _no_bom(data: bytes) -> bytes:
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        assert not data.startswith(bom), "seeded bytes start with a BOM: pick another seed"
    return data


BAD_BYTES = {
    "empty": b"",
    "whitespace-only": b"  \n\t\n\r\n   \n",
    "fullwidth-space-only": "\u3000\u3000\n".encode(),
    "binary-with-nul": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    "nul-inside-text": "○新建公园3个。".encode() + b"\x00\x00" + "○新增就业2万人。".encode(),
    "random-bytes": _no_bom(_seeded_bytes(0)),
    "random-bytes-no-nul": _no_bom(bytes(b for b in _seeded_bytes(1) if b)),
    "random-high-bytes": _no_bom(bytes(0x80 | b for b in _seeded_bytes(2))),
}


@pytest.mark.parametrize("data", list(BAD_BYTES.values()), ids=list(BAD_BYTES))
def test_bad_bytes_raise_input_error_naming_the_file(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "坏文件.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read(path)
    err = info.value
    assert err.exit_code == 3
    assert "坏文件.txt" in str(err)
    assert err.path is not None and err.path.endswith("坏文件.txt")
    with pytest.raises(InputError) as info2:
        from_bytes(data, "内存.txt")
    assert "内存.txt" in str(info2.value)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "没有这个文件.txt"
    with pytest.raises(InputError) as info:
        read(path)
    assert info.value.exit_code == 3
    assert "没有这个文件.txt" in str(info.value)


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "报告目录"
    folder.mkdir()
    with pytest.raises(InputError) as info:
        read(folder)
    assert info.value.exit_code == 3
    assert "报告目录" in str(info.value)


def test_input_error_message_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError) as info:
        read(path)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_of_a_chinese_report(codec: str) -> None:
    """Mostly Chinese text has few NUL bytes (only its ASCII), too few to tell the byte order by counting them:
    the order is the one in which the bytes read as Chinese text."""
    from govkg.pipeline import bundled_report

    text = bundled_report().read_text(encoding="utf-8")
    doc = from_bytes(text.encode(codec), "u16.txt")
    assert doc.raw == text and doc.encoding == codec


def test_nul_bytes_that_read_as_no_text_in_either_order_are_refused() -> None:
    data = bytes(range(256)) * 4  # even length, NULs, nothing readable in UTF-16 either way
    with pytest.raises(InputError, match="NUL bytes"):
        from_bytes(data, "x.txt")


def test_only_the_limit_and_one_byte_more_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import govkg.read as R

    monkeypatch.setattr(R, "MAX_BYTES", 64)
    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    small.write_text("○新建公园3个。\n" * 2, encoding="utf-8")
    large.write_text("○新建公园3个。\n" * 10, encoding="utf-8")
    assert read(small).raw.startswith("○新建公园")
    with pytest.raises(InputError, match="are refused"):
        read(large)
    seen: list[int] = []
    real = os.read
    monkeypatch.setattr(R.os, "read", lambda fd, n: seen.append(n) or real(fd, n))
    monkeypatch.setattr(R.os, "fstat", lambda fd: os.stat_result((0o100644, 0, 0, 1, 0, 0, 1, 0, 0, 0)))
    with pytest.raises(InputError, match="over 64 bytes"):  # a file that claims 1 byte: still at most 65 are read
        read(large)
    assert sum(seen) <= 65


@pytest.mark.parametrize("kind", ["fifo", "device", "socket", "directory"])
def test_read_refuses_what_is_not_a_regular_file(kind: str, tmp_path: Path) -> None:
    import signal
    import socket

    path = tmp_path / f"{kind}.txt"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path = Path("/dev/zero")
    elif kind == "socket":
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(path))
        s.close()
    else:
        path.mkdir()
    signal.alarm(5)  # a FIFO opened for reading would block: fail instead of hanging
    try:
        with pytest.raises(InputError, match="not a report file") as info:
            read(path)
    finally:
        signal.alarm(0)
    assert info.value.exit_code == 3 and str(path.name) in str(info.value)


def test_standard_input_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    import govkg.read as R

    monkeypatch.setattr(R, "_stdin", None)
    fake = io.TextIOWrapper(io.BytesIO("○新建公园3个。\n".encode()))
    monkeypatch.setattr("sys.stdin", fake)
    first, second = read("-"), read("-")
    assert first.raw == second.raw == "○新建公园3个。\n" and first.name == "<stdin>" and first.stem == "stdin"


def test_a_few_replacement_characters_cost_those_characters_and_a_warning() -> None:
    """A scraper's U+FFFD (or a stray control character) is read as a space, offsets kept, with a warning; a text
    full of them is still refused as binary."""
    from govkg.pipeline import bundled_report, run_extraction

    text = bundled_report().read_text(encoding="utf-8")
    damaged = text.replace("亿元", "\ufffd亿元", 2)
    doc = from_bytes(damaged.encode(), "fffd.txt")
    assert doc.stray == 2 and len(doc.raw) == len(damaged) and "\ufffd" not in doc.raw
    x = run_extraction(doc)
    assert [w.code for w in x.reading.warnings if w.code == "stray-characters"] == ["stray-characters"]
    assert len(x.metrics) >= len(run_extraction(from_bytes(text.encode(), "ok.txt")).metrics) - 2
    with pytest.raises(InputError, match="control characters"):
        from_bytes(("○新建公园3个。\x07" * 40).encode(), "bin.txt")


def test_a_form_feed_is_a_line_break() -> None:
    doc = from_bytes("○新建公园3个。\x0c○新增就业2万人。\n".encode(), "ff.txt")
    assert doc.raw == "○新建公园3个。\n○新增就业2万人。\n" and doc.stray == 0
