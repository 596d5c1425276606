"""What every adapter shares: detection by columns, typed field readers, the conversion context.

An adapter turns one source record into canonical records ``(entity, values)``; it never touches
the database. Field readers raise :class:`FieldError` naming the field, and the pipeline adds the
file and row, so every adapter reports bad input the same way.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar

from redfunnel.ingest.counts import Count, parse_count
from redfunnel.ingest.errors import FieldError, IngestError
from redfunnel.ingest.readers import Part, Record
from redfunnel.ingest.times import from_epoch, parse_time

Canonical = tuple[str, dict[str, Any]]


@dataclass
class Context:
    """Facts about the file being imported that records need (provenance, capture time)."""

    path: Path
    import_id: int
    imported_at: datetime
    captured_at: datetime
    part: Part | None = None
    warnings: list[str] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    columns: ColumnMap | None = None
    platform: str | None = None

    def bump(self, name: str, by: int = 1) -> None:
        self.stats[name] = self.stats.get(name, 0) + by


def norm_header(name: str) -> str:
    """Header names compared without case, spaces, BOM or full-width forms."""
    return re.sub(r"[\s\ufeff]+", "", unicodedata.normalize("NFKC", str(name))).lower()


class Adapter:
    """Base class: subclasses set ``format``, ``entity``, ``source_kind`` and implement ``convert``."""

    format: ClassVar[str]
    entity: ClassVar[str]
    source_kind: ClassVar[str]

    def accepts(self, part: Part) -> bool:
        raise NotImplementedError

    def prepare(self, part: Part, ctx: Context) -> None:
        """Check the header before any row is read (missing columns are reported here)."""

    def convert(self, rec: Record, ctx: Context) -> Iterable[Canonical]:
        raise NotImplementedError

    def rows(self, part: Part, ctx: Context) -> Iterator[tuple[int, Record]]:
        return part.rows()


class ContractAdapter(Adapter):
    """An adapter for a documented column contract (docs/data-contracts.md).

    ``signature`` columns identify the format; ``required`` columns must then be present, so a
    file that is clearly meant as, say, a conversions file but lacks ``stage`` is rejected with
    the missing column named instead of being reported as an unknown format.
    """

    columns: ClassVar[dict[str, tuple[str, ...]]]
    signature: ClassVar[tuple[str, ...]]
    required: ClassVar[tuple[str, ...]] = ()
    english_headers: ClassVar[bool] = True

    def column_map(self, part: Part) -> ColumnMap:
        return ColumnMap(self.columns, part.columns, canonical=self.english_headers)

    def accepts(self, part: Part) -> bool:
        return self.column_map(part).has(*self.signature)

    def prepare(self, part: Part, ctx: Context) -> None:
        ctx.columns = self.column_map(part)
        ctx.columns.require(ctx, self.required, self.columns)

    def convert(self, rec: Record, ctx: Context) -> Iterable[Canonical]:
        assert ctx.columns is not None
        values = {name: ctx.columns.get(rec, name) for name in ctx.columns.actual}
        return self.convert_row(values, ctx)

    def convert_row(self, row: Record, ctx: Context) -> Iterable[Canonical]:
        raise NotImplementedError


class ColumnMap:
    """Canonical column names mapped to the headers a file actually has (English or Chinese)."""

    def __init__(self, spec: dict[str, tuple[str, ...]], columns: Iterable[str],
                 canonical: bool = True) -> None:
        present = {norm_header(c): c for c in columns if c}
        self.actual: dict[str, str] = {}
        for name, aliases in spec.items():
            for alias in ((name, *aliases) if canonical else aliases):
                if norm_header(alias) in present:
                    self.actual[name] = present[norm_header(alias)]
                    break

    def has(self, *canonical: str) -> bool:
        return all(c in self.actual for c in canonical)

    def require(self, ctx: Context, required: Iterable[str], labels: dict[str, tuple[str, ...]]) -> None:
        missing = [c for c in required if c not in self.actual]
        if missing:
            shown = "、".join(f"{c}（{labels[c][0]}）" if labels.get(c) else c for c in missing)
            raise IngestError(str(ctx.path), f"缺少必需的列：{shown}", row=1, field=missing[0])

    def get(self, rec: Record, canonical: str) -> Any:
        actual = self.actual.get(canonical)
        return None if actual is None else rec.get(actual)


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in ("", "-", "--"))


_MISSING = frozenset(("", "-", "--"))


def text(rec: Record, key: str, required: bool = False) -> str | None:
    """A string field, stripped; ``required`` fields must be present and non-empty."""
    value = rec.get(key)
    if value is not None:
        value = (value if type(value) is str else str(value)).strip()
        if value not in _MISSING:
            return value
    if required:
        raise FieldError(key, "必填字段为空")
    return None


def required(row: Record, key: str) -> str:
    """A required text value of a contract row."""
    value = text(row, key, required=True)
    assert value is not None
    return value


def count(value: Any, field_name: str) -> Count:
    try:
        return parse_count(value)
    except ValueError as exc:
        raise FieldError(field_name, str(exc)) from exc


def epoch(value: Any, field_name: str, required: bool = False) -> datetime | None:
    if blank(value):
        if required:
            raise FieldError(field_name, "必填时间为空")
        return None
    try:
        return from_epoch(value)
    except ValueError as exc:
        raise FieldError(field_name, str(exc)) from exc


def when(value: Any, field_name: str, required: bool = False) -> datetime | None:
    if blank(value):
        if required:
            raise FieldError(field_name, "必填时间为空")
        return None
    try:
        return parse_time(value)
    except ValueError as exc:
        raise FieldError(field_name, str(exc)) from exc


def day(value: Any, field_name: str) -> date:
    """A calendar date in Shanghai local time (periods of spend are local days)."""
    from redfunnel.ingest.times import to_local

    moment = when(value, field_name, required=True)
    assert moment is not None
    return to_local(moment).date()


def number(value: Any, field_name: str, required: bool = False) -> float | None:
    """A plain decimal number such as a money amount or a rate (``28.64%`` → 0.2864)."""
    if blank(value):
        if required:
            raise FieldError(field_name, "必填数值为空")
        return None
    if isinstance(value, int | float):
        return float(value)
    raw = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "").replace("¥", "")
    scale = 1.0
    if raw.endswith("%"):
        raw, scale = raw[:-1], 0.01
    for suffix in ("秒", "s", "元"):
        if raw.endswith(suffix):
            raw = raw[: -len(suffix)]
    try:
        return float(raw) * scale
    except ValueError as exc:
        raise FieldError(field_name, f"无法解析数值 '{value}'") from exc


def integer(value: Any, field_name: str) -> int | None:
    """A count column of a platform export (plain integers, sometimes 万-abbreviated)."""
    return count(value, field_name).value


def content_key(*parts: Any) -> str:
    """A stable id for rows whose source gives none (hash of the identifying content)."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=12).hexdigest()
