"""PNG screenshots of every page, per role, taken with Debian's Chromium through Playwright.

No browser is downloaded: Playwright drives ``/usr/bin/chromium`` (``executable_path``) with the
same offline flags as PDF printing. Sessions are opened directly for existing users (one per role,
audited as ``auth.session_minted``) and closed afterwards, so no passwords are needed and no users
are created. Charts are drawn without animation and each page waits for ECharts' ``finished``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, select

from redfunnel.reports.pdf import CHROMIUM_FLAGS, find_chromium
from redfunnel.store.audit import append_event
from redfunnel.web.auth import SESSION_COOKIE, open_session
from redfunnel.web.models import WebSession, WebUser
from redfunnel.web.rendering import NAV
from redfunnel.web.roles import Perm, Role, allowed

EXTRA_PAGES: list[tuple[str, str, Perm]] = [
    ("reports-view", "/reports/view", Perm.VIEW),
    ("settings-users", "/settings/users", Perm.USERS),
    ("settings-ownership", "/settings/ownership", Perm.USERS),
    ("settings-faq", "/settings/faq", Perm.RULEBOOK),
    ("settings-rulebook", "/settings/rulebook", Perm.RULEBOOK),
    ("settings-import", "/settings/import", Perm.IMPORT),
    ("settings-audit", "/settings/audit", Perm.AUDIT),
]


class ScreenshotError(RuntimeError):
    """Missing Playwright or Chromium, or no user to log in as (Chinese message)."""


@dataclass
class Shot:
    role: str
    user: str
    page: str
    path: str
    status: int
    charts: int
    file: Path


def pages_for(role: str) -> list[tuple[str, str]]:
    """(name, path) of every page the role may open."""
    out = [(item.key, item.path) for item in NAV if allowed(role, item.perm)]
    out += [(name, path) for name, path, perm in EXTRA_PAGES if allowed(role, perm)]
    return out


def users_by_role(engine: Engine, roles: Iterable[str]) -> dict[str, Any]:
    t = WebUser.__table__
    found = {}
    with engine.connect() as conn:
        for role in roles:
            row = conn.execute(select(t).where(t.c.role == role, t.c.active.is_(True))
                               .order_by(t.c.id).limit(1)).first()
            if row is not None:
                found[role] = row
    return found


def launch_chromium(playwright: Any) -> Any:
    """Debian's Chromium under Playwright, with the offline flags (never a downloaded browser)."""
    executable = find_chromium()
    if executable is None:
        raise ScreenshotError("未找到 Chromium：请先运行 scripts/system-deps.sh chromium fonts-noto-cjk")
    return playwright.chromium.launch(executable_path=executable, args=list(CHROMIUM_FLAGS[1:]),
                                      headless=True)


def wait_for_charts(page: Any, timeout_ms: int = 20000) -> int:
    """Wait until every chart on the page has fired ECharts' ``finished``; returns their number."""
    page.wait_for_function(
        "() => window.echarts !== undefined && Array.from(document.querySelectorAll('.rf-chart'))"
        ".every(el => el.getAttribute('data-rendered'))", timeout=timeout_ms)
    return int(page.evaluate("document.querySelectorAll(\".rf-chart[data-rendered='1']\").length"))


def take_screenshots(engine: Engine, base_url: str, out_dir: Path, *,
                     roles: Iterable[str] | None = None, width: int = 1440) -> list[Shot]:
    """Screenshot every page each role may open into ``out_dir/<role>-<page>.png``."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # the test extra is not installed
        raise ScreenshotError("需要 Python 包 playwright（pip install -e '.[test]'）") from exc
    wanted = list(roles or [r.value for r in Role])
    users = users_by_role(engine, wanted)
    if not users:
        raise ScreenshotError("库中没有可用用户：请先运行 redfunnel demo 或 redfunnel user add")
    out_dir.mkdir(parents=True, exist_ok=True)
    shots: list[Shot] = []
    host = re.sub(r"^https?://", "", base_url).split(":")[0]
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            for role in wanted:
                row = users.get(role)
                if row is None:
                    continue
                token, sid = _mint(engine, row)
                try:
                    context = browser.new_context(viewport={"width": width, "height": 900},
                                                  locale="zh-CN", timezone_id="Asia/Shanghai")
                    context.add_cookies([{"name": SESSION_COOKIE, "value": token, "domain": host,
                                          "path": "/", "httpOnly": True, "sameSite": "Lax"}])
                    context.add_init_script("window.RF_NO_ANIMATION = true;")
                    page = context.new_page()
                    for name, path in pages_for(role):
                        response = page.goto(base_url + path, wait_until="load")
                        charts = wait_for_charts(page)
                        file = out_dir / f"{role}-{name}.png"
                        page.screenshot(path=str(file), full_page=True)
                        shots.append(Shot(role, row.name, name, path,
                                          response.status if response else 0, charts, file))
                    context.close()
                finally:
                    _unmint(engine, sid)
        finally:
            browser.close()
    return shots


def _mint(engine: Engine, row: Any) -> tuple[str, int]:
    with engine.begin() as conn:
        token, session = open_session(conn, row, client="screenshots", now=datetime.now(UTC))
        append_event(conn, "screenshots", "auth.session_minted", "web_session",
                     str(session.session_id), {"user": row.name})
    return token, session.session_id


def _unmint(engine: Engine, session_id: int) -> None:
    t = WebSession.__table__
    with engine.begin() as conn:
        conn.execute(delete(t).where(t.c.id == session_id))
