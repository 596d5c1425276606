"""What a report is made of, independent of the file format it is written in.

Domains build ``Section`` values from the store (``build_section`` in ``redfunnel.<domain>.report``);
the renderers write the same sections as HTML with ECharts charts, as an XLSX workbook with one sheet
per table and native charts, and as PDF printed from the HTML. Keeping the content apart from the
format is what lets the web app, the CLI and ``make demo`` show identical figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Table:
    """A table with Chinese column headers; ``key`` is short and ASCII (XLSX sheet names)."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    note: str | None = None


@dataclass(frozen=True)
class Chart:
    """An ECharts option (JSON-serialisable) plus, for XLSX, where its data lives.

    ``table`` names the ``Table.key`` whose ``category_column`` and ``value_columns`` the XLSX
    renderer plots as a native chart of ``kind`` (bar, column, line, pie, scatter).
    """

    key: str
    title: str
    option: dict[str, Any]
    table: str | None = None
    kind: str = "bar"
    category_column: int = 0
    value_columns: list[int] = field(default_factory=lambda: [1])


@dataclass
class Section:
    """One domain's part of a report: headline findings, charts, tables and plain caveats."""

    key: str
    title: str
    summary: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Report:
    """A titled collection of sections, stamped with when and from what it was generated."""

    title: str
    generated_at: datetime
    sections: list[Section]
    subtitle: str | None = None
