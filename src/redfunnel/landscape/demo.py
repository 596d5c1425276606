"""The landscape's demo step: write the industry report of the demo world into the workspace.

``make demo`` ends with this report's paths printed, so a first-time user opens the HTML file and
sees the article's findings recomputed from the ingested demo data (as of its last crawl).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine


def run(engine: Engine, *, data_dir: Path, home: Path, seed: int) -> dict[str, Any]:
    """Write ``home/reports/redfunnel-landscape.{html,xlsx}``; returns their paths."""
    from redfunnel.reports.build import build_report, write_report

    built = build_report(engine, "landscape")
    written = write_report(built, home / "reports", "redfunnel-landscape", ["html", "xlsx"])
    section = built.report.sections[0]
    return {
        "行业格局报告HTML": str(written["html"]),
        "行业格局报告XLSX": str(written["xlsx"]),
        "账号数": len(section.data.get("accounts", [])),
    }
