"""The XLSX renderer: a summary sheet, one sheet per table, native Excel charts.

Analysts take the numbers further in Excel, so tables are written as typed cells (numbers stay
numbers) and charts are native Excel charts drawn from those cells (``Chart.table``,
``category_column``, ``value_columns``) rather than pictures, so they follow any edit.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from redfunnel.reports.model import Chart, Report, Section, Table

SHANGHAI = ZoneInfo("Asia/Shanghai")
EXCEL_CHART_TYPES = {
    "bar": "bar",
    "column": "column",
    "line": "line",
    "pie": "pie",
    "scatter": "scatter",
}
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
HEADER_ROW = 2  # row 0: title, row 1: note, row 2: header, data from row 3


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _sheet_name(wanted: str, taken: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("_", wanted)[:31] or "sheet"
    name, i = base, 2
    while name.lower() in taken:
        suffix = f"_{i}"
        name, i = base[: 31 - len(suffix)] + suffix, i + 1
    taken.add(name.lower())
    return name


def _value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=ZoneInfo("UTC"))
        return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


class _Writer:
    def __init__(self, path: Path) -> None:
        self.book = xlsxwriter.Workbook(
            str(path),
            {
                "nan_inf_to_errors": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        self.taken: set[str] = set()
        self.title = self.book.add_format({"bold": True, "font_size": 14})
        self.head = self.book.add_format(
            {"bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.note = self.book.add_format({"italic": True, "font_color": "#666666"})
        self.int_fmt = self.book.add_format({"num_format": "#,##0"})
        self.float_fmt = self.book.add_format({"num_format": "#,##0.###"})
        self.wrap = self.book.add_format({"text_wrap": True, "valign": "top"})
        self.bold = self.book.add_format({"bold": True})
        self.tables: dict[tuple[str, str], tuple[str, Table]] = {}
        self.chart_rows: dict[str, int] = {}

    def summary_sheet(self, report: Report, notices: list[str]) -> None:
        sheet = self.book.add_worksheet(_sheet_name("概要", self.taken))
        sheet.set_column(0, 0, 120)
        sheet.write(0, 0, report.title, self.title)
        row = 1
        if report.subtitle:
            sheet.write(row, 0, report.subtitle)
            row += 1
        generated = (
            report.generated_at
            if report.generated_at.tzinfo
            else report.generated_at.replace(tzinfo=ZoneInfo("UTC"))
        )
        sheet.write(
            row,
            0,
            f"生成时间：{generated.astimezone(SHANGHAI):%Y-%m-%d %H:%M}（北京时间）",
            self.note,
        )
        row += 1
        for notice in notices:
            sheet.write(row, 0, notice, self.note)
            row += 1
        for section in report.sections:
            row += 1
            sheet.write(row, 0, section.title, self.bold)
            row += 1
            for line in section.summary:
                sheet.write(row, 0, f"• {line}", self.wrap)
                row += 1
            if section.caveats:
                sheet.write(row, 0, "说明：", self.note)
                row += 1
                for line in section.caveats:
                    sheet.write(row, 0, line, self.note)
                    row += 1

    def table_sheet(self, section: Section, table: Table, multi: bool) -> None:
        wanted = f"{section.key}_{table.key}" if multi else table.key
        name = _sheet_name(wanted, self.taken)
        self.tables[(section.key, table.key)] = (name, table)
        sheet = self.book.add_worksheet(name)
        sheet.write(0, 0, f"{section.title}：{table.title}", self.title)
        if table.note:
            sheet.write(1, 0, table.note, self.note)
        widths = [_width(str(c)) for c in table.columns]
        for col, header in enumerate(table.columns):
            sheet.write(HEADER_ROW, col, header, self.head)
        for r, row in enumerate(table.rows, start=HEADER_ROW + 1):
            for c, raw in enumerate(row):
                value = _value(raw)
                if value is None:
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif isinstance(value, int):
                    sheet.write_number(r, c, value, self.int_fmt)
                elif isinstance(value, float):
                    sheet.write_number(r, c, value, self.float_fmt)
                else:
                    sheet.write_string(r, c, str(value))
                if c < len(widths):
                    widths[c] = max(widths[c], min(50, _width(str(value))))
        for c, w in enumerate(widths):
            sheet.set_column(c, c, max(6, w + 2))
        sheet.freeze_panes(HEADER_ROW + 1, 0)
        if table.rows:
            sheet.autofilter(
                HEADER_ROW, 0, HEADER_ROW + len(table.rows), max(0, len(table.columns) - 1)
            )

    def chart(self, section: Section, chart: Chart) -> None:
        if chart.table is None or (section.key, chart.table) not in self.tables:
            return
        name, table = self.tables[(section.key, chart.table)]
        if not table.rows or chart.kind not in EXCEL_CHART_TYPES:
            return
        stacked = any(
            isinstance(s, dict) and s.get("stack") for s in chart.option.get("series", [])
        )
        spec: dict[str, Any] = {"type": EXCEL_CHART_TYPES[chart.kind]}
        if stacked and chart.kind in ("bar", "column"):
            spec["subtype"] = "stacked"
        xl_chart = self.book.add_chart(spec)
        first, last = HEADER_ROW + 1, HEADER_ROW + len(table.rows)
        for col in chart.value_columns:
            series: dict[str, Any] = {
                "name": [name, HEADER_ROW, col],
                "categories": [name, first, chart.category_column, last, chart.category_column],
                "values": [name, first, col, last, col],
            }
            if chart.kind == "pie":
                series["data_labels"] = {"percentage": True, "category": True}
            xl_chart.add_series(series)
        xl_chart.set_title({"name": chart.title})
        if chart.kind == "bar":
            xl_chart.set_y_axis({"reverse": True})
        if len(chart.value_columns) == 1:
            xl_chart.set_legend({"none": chart.kind != "pie"})
        height = max(300, min(1200, 22 * len(table.rows) + 80)) if chart.kind == "bar" else 320
        xl_chart.set_size({"width": 640, "height": height})
        sheet = self.book.get_worksheet_by_name(name)
        row = self.chart_rows.get(name, HEADER_ROW)
        sheet.insert_chart(xl_rowcol_to_cell(row, len(table.columns) + 1), xl_chart)
        self.chart_rows[name] = row + height // 20 + 2

    def close(self) -> None:
        self.book.close()


def write_xlsx(report: Report, path: Path, *, notices: list[str] | None = None) -> Path:
    """Write the report as a workbook at ``path`` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = _Writer(path)
    writer.summary_sheet(report, notices or [])
    multi = len(report.sections) > 1
    for section in report.sections:
        for table in section.tables:
            writer.table_sheet(section, table, multi)
    for section in report.sections:
        for chart in section.charts:
            writer.chart(section, chart)
    writer.close()
    return path
