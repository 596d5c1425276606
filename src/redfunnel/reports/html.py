"""The HTML renderer: one self-contained file that opens offline, charts included.

Banks read reports on machines without internet access and forward them by mail, so the file
inlines the vendored ECharts build (about 1.1 MB) instead of linking to it. Sections are
rendered by the partial ``_section.html``, which the web app includes as well, so a section
looks the same on a page and in the file.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from redfunnel.reports.model import Report

TEMPLATES = Path(__file__).parent / "templates"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _plain(value: Any) -> Any:
    """JSON-ready values: NaN/inf → null, times ISO, Decimal → float."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def to_json(value: Any) -> Markup:
    """JSON safe inside a single-quoted HTML attribute or a script element."""
    text = json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"))
    text = (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("'", "\\u0027")
    )
    return Markup(text)


def cell(value: Any) -> str:
    """A table value as text: thousands separators, at most three decimals, local times, “—” for none."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "—"
        if value.is_integer() and abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    if isinstance(value, Decimal):
        return cell(float(value))
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=ZoneInfo("UTC"))
        return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return "，".join(f"{k} {cell(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "、".join(cell(v) for v in value)
    return str(value)


def environment() -> Environment:
    """The Jinja2 environment of report templates with the ``cell`` and ``to_json`` filters."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(cell=cell, to_json=to_json)
    return env


@cache
def echarts_source() -> str:
    """The vendored ECharts build, ready to sit inside a ``<script>`` element."""
    path = files("redfunnel.web").joinpath("static/vendor/echarts/echarts.min.js")
    return path.read_text(encoding="utf-8").replace("</script", "<\\/script")


def render_html(
    report: Report, *, notices: list[str] | None = None, inline_echarts: bool = True
) -> str:
    """The report as one HTML document (ECharts inlined unless ``inline_echarts`` is false)."""
    generated = report.generated_at
    if generated.tzinfo is None:
        generated = generated.replace(tzinfo=ZoneInfo("UTC"))
    return (
        environment()
        .get_template("report.html")
        .render(
            report=report,
            notices=notices or [],
            generated_at=generated.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M"),
            echarts_js=Markup(echarts_source()) if inline_echarts else None,
        )
    )


def write_html(report: Report, path: Path, *, notices: list[str] | None = None) -> Path:
    """Write :func:`render_html` to ``path`` (UTF-8) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report, notices=notices), encoding="utf-8")
    return path
