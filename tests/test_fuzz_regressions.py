"""Inputs the fuzz suite (tests/test_fuzz.py) broke govkg with, each as its smallest form: every one must now build
(or be refused as input, exit 3/4), with spans that quote their text and a graph that passes our own shapes."""

from __future__ import annotations

from decimal import Decimal

from test_fuzz import build_bytes

from govkg.export.graphindex import _number
from govkg.models import Extraction


def build(text: str | bytes) -> Extraction:
    x = build_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    assert x is not None, "refused as input"
    return x


def test_number_longer_than_the_decimal_precision() -> None:
    """A run of 32 digits before 元 crashed the quantities step (decimal.InvalidOperation, exit 1): `normal`
    quantized the value in the default context of 28 digits. The value is now read exactly."""
    x = build("推进项目建设，完成投资99999999999999999999999999999999元。")
    assert [m.value for m in x.metrics] == [Decimal("99999999999999999999999999999999")]


def test_number_times_its_magnitude_past_the_decimal_precision() -> None:
    """23 digits before 万亿 (10^12): the product has 35 digits; it was rounded to 28 and then refused by quantize.
    The product is now exact, in the graph and on the HTML page (which crashed the same way)."""
    x = build("推进项目建设，完成投资99999999999999999999999万亿元。")
    assert [m.value for m in x.metrics] == [Decimal("99999999999999999999999") * 10**12]
    assert _number("99999999999999999999999000000000000") == "99999999999999999999999000000000000"


def test_long_fraction_is_kept_exactly() -> None:
    """A fraction of more than 28 digits times a magnitude was rounded silently (a range of two such numbers then
    collapsed to one value); it is now exact."""
    x = build("推进项目建设，完成投资1.000000000000000000000000000000001万亿元。")
    assert [m.value for m in x.metrics] == [Decimal("1000000000000.000000000000000000001")]
