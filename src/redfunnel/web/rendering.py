"""Jinja2 environment of the web app: templates, filters and the navigation by permission.

Times are stored in UTC and shown in Asia/Shanghai; numbers of ten thousand and more are shown the
way Chinese readers expect (``4.8万``). Chart options are embedded as JSON in a ``data-option``
attribute (escaped by ``tojson``), so pages need no inline script and the Content-Security-Policy
can forbid it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from redfunnel.web.roles import Perm
from redfunnel.web.sections import json_safe

TEMPLATES = Path(__file__).parent / "templates"
REPORT_TEMPLATES = Path(__file__).parents[1] / "reports" / "templates"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class NavItem:
    key: str
    path: str
    label: str
    perm: Perm


NAV: list[NavItem] = [
    NavItem("overview", "/", "总览", Perm.VIEW),
    NavItem("landscape", "/landscape", "行业格局", Perm.VIEW),
    NavItem("accounts", "/accounts", "账号体检", Perm.VIEW),
    NavItem("content", "/content", "内容分析", Perm.VIEW),
    NavItem("calendar", "/calendar", "内容日历", Perm.VIEW),
    NavItem("inbox", "/inbox", "互动收件箱", Perm.INBOX_READ),
    NavItem("compliance", "/compliance", "合规审核", Perm.DRAFTS_READ),
    NavItem("funnel", "/funnel", "转化与ROI", Perm.VIEW),
    NavItem("reports", "/reports", "报告", Perm.VIEW),
    NavItem("settings", "/settings", "设置", Perm.VIEW),
]


def localtime(value: Any, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            from datetime import UTC

            value = value.replace(tzinfo=UTC)
        return value.astimezone(SHANGHAI).strftime(fmt)
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def cn_number(value: Any, digits: int = 1) -> str:
    """``48100 -> 4.8万``; small numbers with thousands separators; ``None -> -``."""
    if value is None or value == "":
        return "-"
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if abs(x) >= 100_000_000:
        return f"{x / 100_000_000:.{digits}f}亿"
    if abs(x) >= 10_000:
        return f"{x / 10_000:.{digits}f}万"
    if x.is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}"


def cell(value: Any) -> str:
    """A table cell: floats rounded, booleans in Chinese, times local."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value != value:  # NaN
            return "-"
        return f"{value:,.3f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, datetime):
        return localtime(value)
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


def to_json(value: Any) -> Markup:
    """JSON safe for an HTML attribute or element (``<``, ``>``, ``&``, ``'`` escaped)."""
    text = json.dumps(json_safe(value), ensure_ascii=False, separators=(",", ":"))
    text = (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("'", "\\u0027"))
    return Markup(text)


def make_environment() -> Environment:
    loaders = [FileSystemLoader(str(TEMPLATES))]
    if REPORT_TEMPLATES.is_dir():
        loaders.append(FileSystemLoader(str(REPORT_TEMPLATES)))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(localtime=localtime, cn_number=cn_number, cell=cell, to_json=to_json)
    return env


def render(request: Request, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render ``template`` with the current user, the navigation they may see and the CSRF token."""
    env: Environment = request.app.state.jinja
    user = getattr(request.state, "user", None)
    nav = [item for item in NAV if user is not None and user.can(item.perm)]
    html = env.get_template(template).render(
        request=request, user=user, nav=nav, csrf_token=user.csrf_token if user else None,
        Perm=Perm, **context)
    return HTMLResponse(html, status_code=status_code)
