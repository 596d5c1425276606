"""How landscape numbers read in Chinese text: 48.1万, 12.5%, 3.2天, dates in Asia/Shanghai."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def wan(value: float | int | None, *, floor: bool = False) -> str:
    """A count as people write it: ``481200`` → ``48.1万``, ``3150`` → ``3150``; floors get ``+``.

    Rounds half up (``200500`` → ``20.1万``) the way a reader rounding by hand would.
    """
    if value is None:
        return "—"
    suffix = "+" if floor else ""
    if abs(value) >= 10_000:
        tenth = Decimal(str(value / 10_000)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        text = f"{tenth}".removesuffix(".0")
        return f"{text}万{suffix}"
    return f"{round(value)}{suffix}"


def pct(value: float | None, digits: int = 1) -> str:
    """A share in [0, 1] as a percentage (``0.125`` → ``12.5%``)."""
    if value is None:
        return "—"
    return f"{100 * value:.{digits}f}%"


def num(value: float | None, digits: int = 1) -> str:
    """A plain number without trailing ``.0`` noise (``3.0`` → ``3``, ``2.25`` → ``2.3``)."""
    if value is None:
        return "—"
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{rounded}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def local_date(moment: datetime | str | None) -> str:
    """A UTC instant (or its ISO text) as the Shanghai calendar date ``YYYY-MM-DD``."""
    if moment is None:
        return "—"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d")


def local_time(moment: datetime) -> str:
    """A UTC instant as Shanghai local time ``YYYY-MM-DD HH:MM``."""
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
