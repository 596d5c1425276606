"""Bulk inserts that hand rows straight to the driver's ``executemany``.

SQLAlchemy's per-row parameter processing costs more than the insert itself when an import
writes millions of rows, so ingest converts values once here, column by column, into what the
driver stores (the same text SQLAlchemy writes for SQLite timestamps, JSON as text), and runs a
plain positional INSERT inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON, Connection, Date, Table

from redfunnel.store.types import UTCDateTime

Convert = Callable[[Any], Any]


def _sqlite_time(value: datetime | None) -> str | None:
    """The text SQLAlchemy's SQLite dialect stores: naive UTC, always with microseconds."""
    if value is None:
        return None
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _iso_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _converter(column_type: Any, dialect: str) -> Convert | None:
    if isinstance(column_type, UTCDateTime):
        return _sqlite_time if dialect == "sqlite" else _utc
    if isinstance(column_type, JSON):
        return _json
    if isinstance(column_type, Date) and dialect == "sqlite":
        return _iso_date
    return None


@cache
def _plan(table: Table, dialect: str, columns: tuple[str, ...], quoted: tuple[str, ...]) -> tuple[str, tuple[Convert | None, ...]]:
    mark = "?" if dialect == "sqlite" else "%s"
    sql = f"INSERT INTO {table.name} ({', '.join(quoted)}) VALUES ({', '.join(mark for _ in columns)})"
    return sql, tuple(_converter(table.c[c].type, dialect) for c in columns)


def insert_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts holding every name in ``columns``) into ``table``."""
    if not rows:
        return
    dialect = conn.dialect.name
    quote = conn.dialect.identifier_preparer.quote
    sql, converters = _plan(table, dialect, tuple(columns), tuple(quote(c) for c in columns))
    values = []
    for name, convert in zip(columns, converters, strict=True):
        column = [row[name] for row in rows]
        values.append(column if convert is None else list(map(convert, column)))
    conn.exec_driver_sql(sql, list(zip(*values, strict=True)))


def refresh_statistics(conn: Connection, tables: Sequence[Table]) -> None:
    """Let PostgreSQL's planner see rows written earlier in the caller's transaction.

    A file is imported in one transaction, so autovacuum has not analysed what it wrote: the
    planner still believes the tables are as small as before the file, and picks nested loops
    over sequential scans for the set-based linking updates that follow, which turns a 1M-comment
    import quadratic. ``ANALYZE`` inside the transaction counts the transaction's own new rows.
    SQLite plans from its indexes and needs nothing.
    """
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        conn.exec_driver_sql(f'ANALYZE "{table.name}"')
