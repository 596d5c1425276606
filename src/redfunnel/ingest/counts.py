"""Engagement-count parsing for the abbreviated strings XHS producers emit.

XHS web APIs (and everything that copies them, MediaCrawler first) hand over likes, collects,
comments and shares as display strings: ``"452"``, ``"2.2万"``, ``"10万+"``, ``"1.5w"``, ``"8K"``,
``""``. The funnel needs numbers, but an abbreviated value is only a rounded estimate and a trailing
``+`` is only a lower bound, so both facts travel with the value instead of being thrown away.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["Count", "parse_count"]


@dataclass(frozen=True, slots=True)
class Count:
    """A parsed engagement count.

    ``value`` is ``None`` when the producer had no number. ``is_floor`` marks a lower bound
    (``"10万+"`` means at least 100 000) and ``is_estimate`` a rounded display value (``"2.2万"``);
    a floor is exact as a bound, so the two flags are never both set.
    """

    value: int | None
    is_floor: bool
    is_estimate: bool


_UNKNOWN = Count(None, False, False)

_MISSING = frozenset({"", "-", "--"})
_MULTIPLIERS = {
    "万": Decimal(10_000),
    "w": Decimal(10_000),
    "W": Decimal(10_000),
    "千": Decimal(1_000),
    "k": Decimal(1_000),
    "K": Decimal(1_000),
}
_COUNT_RE = re.compile(
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?\s*(?P<unit>[万wW千kK])?\s*(?P<plus>\+)?",
    re.ASCII,
)


def parse_count(raw: str | int | float | None) -> Count:
    """Parse one count cell into a :class:`Count`.

    Pure ASCII digit strings dominate real files, so they are handled before any normalisation or
    regex work. Everything else is NFKC-normalised (full-width digits and ``＋`` from Excel
    re-saves) and computed with :class:`~decimal.Decimal` so ``"1.25万"`` is exactly 12500 rather
    than a float approximation. Negative or malformed values raise :class:`ValueError` because a
    silently wrong count would distort every ratio computed from it.
    """
    if type(raw) is str:
        if raw.isascii() and raw.isdigit():
            return Count(_to_int(raw, raw), False, False)
        return _parse_text(raw)
    if raw is None:
        return _UNKNOWN
    if isinstance(raw, bool):
        raise ValueError(f"无法解析计数 {raw!r}")
    if isinstance(raw, int):
        if raw < 0:
            raise ValueError(f"无法解析计数 {raw!r}：计数不能为负数")
        return Count(raw, False, False)
    if isinstance(raw, float):
        return _parse_float(raw)
    if isinstance(raw, str):
        return _parse_text(raw)
    raise ValueError(f"无法解析计数 {raw!r}")


def _parse_float(raw: float) -> Count:
    """Accept floats only when they carry an integer, as spreadsheets store counts.

    A NaN is how a blank numeric cell arrives from float-typed readers, so it means "unknown".
    """
    if math.isnan(raw):
        return _UNKNOWN
    if math.isinf(raw) or not raw.is_integer():
        raise ValueError(f"无法解析计数 {raw!r}")
    if raw < 0:
        raise ValueError(f"无法解析计数 {raw!r}：计数不能为负数")
    return Count(int(raw), False, False)


def _parse_text(raw: str) -> Count:
    text = unicodedata.normalize("NFKC", raw).strip()
    if text in _MISSING:
        return _UNKNOWN
    if text.isascii() and text.isdigit():
        return Count(_to_int(text, raw), False, False)
    match = _COUNT_RE.fullmatch(text)
    if match is None:
        if text.startswith("-") and _COUNT_RE.fullmatch(text[1:].lstrip()):
            raise ValueError(f"无法解析计数 {raw!r}：计数不能为负数")
        raise ValueError(f"无法解析计数 {raw!r}")
    integer, frac, unit, plus = match.group("int", "frac", "unit", "plus")
    number = Decimal(integer.replace(",", "") + ("." + frac if frac else ""))
    is_floor = plus is not None
    if unit is None:
        if number != number.to_integral_value():
            raise ValueError(f"无法解析计数 {raw!r}：计数必须是整数")
        return Count(int(number), is_floor, False)
    value = int((number * _MULTIPLIERS[unit]).to_integral_value(rounding=ROUND_HALF_UP))
    return Count(value, is_floor, not is_floor)


def _to_int(digits: str, raw: str) -> int:
    """Convert a digit string, turning Python's huge-integer guard into a readable error."""
    try:
        return int(digits)
    except ValueError:
        raise ValueError(f"无法解析计数 {raw!r}：数字过长") from None
