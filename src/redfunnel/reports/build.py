"""Assembling a report from the registered sections, and writing it in the requested formats.

The CLI (``redfunnel report``), ``make demo`` and the web app's download button all go through
:func:`build_report` and :func:`write_report`, so a report file is the same wherever it is made.
While domains are still being built, a section whose module does not exist yet is skipped with a
notice instead of failing the whole report; in ``all``, a section whose builder raises is left
out with the error in the notice (and the command exits non-zero), so one broken domain does not
hide the others.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from redfunnel.reports.model import Report, Section
from redfunnel.reports.registry import SECTION_BUILDERS, SECTION_TITLES, section_builder

WRITERS: dict[str, str] = {
    "html": "redfunnel.reports.html:write_html",
    "xlsx": "redfunnel.reports.xlsx:write_xlsx",
    "pdf": "redfunnel.reports.pdf:write_pdf",
}
"""Output formats: ``format -> "module:function"`` with ``write(report, path, *, notices) -> Path``."""

REPORT_TITLES: dict[str, str] = {
    "landscape": "银行新媒体行业格局报告",
    "all": "redfunnel 银行新媒体运营综合报告",
}


@dataclass
class BuiltReport:
    """A report and the sections that could not be included (kind, reason in Chinese)."""

    report: Report
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def notices(self) -> list[str]:
        return [
            f"未包含“{SECTION_TITLES.get(kind, kind)}”：{reason}" for kind, reason in self.skipped
        ]


def report_kinds() -> list[str]:
    """Every kind ``redfunnel report`` accepts: the registered sections and ``all``."""
    return [*SECTION_BUILDERS, "all"]


def build_report(
    engine: Engine, kind: str, *, now: datetime | None = None, **options: Any
) -> BuiltReport:
    """Build the sections of ``kind`` (one section, or every section for ``all``)."""
    if kind not in report_kinds():
        raise KeyError(kind)
    kinds = list(SECTION_BUILDERS) if kind == "all" else [kind]
    sections: list[Section] = []
    skipped: list[tuple[str, str]] = []
    failed: list[str] = []
    for k in kinds:
        builder = section_builder(k)
        if builder is None:
            skipped.append((k, "该部分尚未提供"))
            continue
        if kind == "all":
            try:
                sections.append(builder(engine, now=now, **options))
            except Exception as exc:  # one broken domain must not take the combined report down
                skipped.append(
                    (k, f"生成失败（{type(exc).__name__}: {str(exc).splitlines()[0][:200]}）")
                )
                failed.append(k)
        else:
            sections.append(builder(engine, now=now, **options))
    title = REPORT_TITLES.get(kind) or f"{SECTION_TITLES.get(kind, kind)}报告"
    as_of = next((s.data.get("as_of") for s in sections if s.data.get("as_of")), None)
    subtitle = None
    if as_of:
        from redfunnel.landscape.text import local_time

        subtitle = f"数据截至 {local_time(datetime.fromisoformat(str(as_of)))}（北京时间，库中最新抓取或导出时间）"
    report = Report(
        title=title, generated_at=datetime.now(UTC), sections=sections, subtitle=subtitle
    )
    return BuiltReport(report, skipped, failed)


def write_report(
    built: BuiltReport, out_dir: Path, name: str, formats: list[str]
) -> dict[str, Path]:
    """Write ``built`` as ``out_dir/<name>.<format>`` for each format; returns the paths."""
    written: dict[str, Path] = {}
    for fmt in formats:
        module, func = WRITERS[fmt].split(":")
        write = getattr(importlib.import_module(module), func)
        written[fmt] = write(built.report, out_dir / f"{name}.{fmt}", notices=built.notices)
    return written
