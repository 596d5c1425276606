"""Browser tests: Playwright driving Debian's Chromium against the app serving the demo world.

Log in through the form as each demo role, open every page that role may see and wait until
every chart has fired ECharts' ``finished`` (animation off), then take a draft through all its
approval steps by clicking, and triage a DM once the inbox library provides threads.
No browser is downloaded: ``executable_path`` is the system Chromium.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from redfunnel.config import Settings
from redfunnel.demo import write_demo_world
from redfunnel.demo.world import DEMO_NOW
from redfunnel.inbox.threads import build_threads
from redfunnel.ingest.pipeline import ingest_paths
from redfunnel.reports.pdf import find_chromium
from redfunnel.store import open_store
from redfunnel.web.app import create_app
from redfunnel.web.demo import DEMO_USERS, ensure_demo_users
from redfunnel.web.rendering import NAV
from redfunnel.web.screenshots import launch_chromium, pages_for, wait_for_charts
from redfunnel.web.server import background_server
from redfunnel.web.users import get_user_by_name, set_password

pytestmark = pytest.mark.slow
PASSWORD = "browser-test-password"
CLEAN = "五一假期网点营业时间安排：广东地区部分网点5月1日至5日正常营业，具体以网点公告为准。"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, Path]]:
    if find_chromium() is None:
        pytest.skip("Chromium 未安装（scripts/system-deps.sh chromium fonts-noto-cjk）")
    home = tmp_path_factory.mktemp("web-demo")
    write_demo_world(home / "demo-data")
    engine = open_store(f"sqlite:///{home / 'redfunnel.db'}")
    results = ingest_paths(engine, [home / "demo-data"])
    assert not [r for r in results if r.rejected]
    build_threads(engine, now=DEMO_NOW, actor="test")
    ensure_demo_users(engine)
    for name, *_ in DEMO_USERS:
        user = get_user_by_name(engine, name)
        assert user is not None
        set_password(engine, user.id, actor="test", password=PASSWORD)
    yield engine, home
    engine.dispose()


@pytest.fixture(scope="module")
def base_url(demo: tuple[Engine, Path]) -> Iterator[str]:
    engine, home = demo
    with background_server(create_app(engine, Settings(home=home))) as url:
        yield url


@pytest.fixture(scope="module")
def browser(demo: Any) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch_chromium(pw)
        yield chromium
        chromium.close()


def log_in(browser: Any, base_url: str, name: str) -> Any:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                  viewport={"width": 1400, "height": 900})
    context.add_init_script("window.RF_NO_ANIMATION = true;")
    page = context.new_page()
    page.goto(base_url + "/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/")
    return page


@pytest.mark.parametrize("name,role", [(n, r) for n, r, *_ in DEMO_USERS])
def test_each_role_walks_every_page(browser: Any, base_url: str, name: str, role: str) -> None:
    page = log_in(browser, base_url, name)
    visible = {a.get_attribute("data-nav") for a in page.query_selector_all("nav a")}
    assert visible == {item.key for item in NAV if item.key in dict(pages_for(role))}
    charts_seen = 0
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    for key, path in pages_for(role):
        response = page.goto(base_url + path)
        assert response is not None and response.status == 200, (name, path)
        charts_seen += wait_for_charts(page)
        assert page.query_selector("[data-section-status=error]") is None, (name, path)
        assert page.query_selector(".rf-chart[data-rendered=error]") is None, (name, path)
    assert errors == []
    assert charts_seen > 0  # at least the landscape and account charts drew
    if role != "admin":
        assert page.goto(base_url + "/settings/users").status == 403
    page.context.close()


def test_landscape_charts_finish_drawing(browser: Any, base_url: str) -> None:
    page = log_in(browser, base_url, "demo-viewer")
    page.goto(base_url + "/landscape")
    drawn = wait_for_charts(page)
    assert drawn >= 1
    assert page.evaluate("document.querySelectorAll('.rf-chart canvas').length") >= drawn
    page.context.close()


def test_draft_through_approval_in_the_browser(browser: Any, base_url: str) -> None:
    author = log_in(browser, base_url, "demo-gd-operator")
    author.goto(base_url + "/compliance")
    author.select_option("#new-draft select[name=account_id]", label="中国银行广东省分行（小红书）")
    author.fill("#new-draft input[name=title]", "五一网点营业安排")
    author.fill("#new-draft textarea[name=body]", CLEAN)
    with author.expect_navigation():
        author.click("#new-draft button[type=submit]")
    assert author.get_attribute("#draft-status", "data-status") == "in_review"
    draft_url = author.url
    assert author.query_selector("#approve") is None  # nobody approves their own draft

    outsider = log_in(browser, base_url, "demo-bj-operator")
    assert outsider.goto(draft_url).status == 404  # another branch, even with the URL
    outsider.context.close()

    for reviewer in ("demo-gd-reviewer", "demo-compliance", "demo-manager"):
        page = log_in(browser, base_url, reviewer)
        page.goto(draft_url)
        with page.expect_navigation():
            page.click("#approve")
        page.context.close()
    author.goto(draft_url)
    assert author.get_attribute("#draft-status", "data-status") == "approved"
    assert author.locator("table >> text=demo-manager").count() == 1
    author.context.close()


def test_triage_a_dm_in_the_browser(browser: Any, base_url: str) -> None:
    page = log_in(browser, base_url, "demo-gd-operator")
    page.goto(base_url + "/inbox?channel=dm&intent=inquiry&state=new")
    accounts = {c.inner_text() for c in page.query_selector_all("#thread-list tbody tr td:nth-child(3)")}
    assert accounts == {"中国银行广东省分行"}  # only the operator's branch
    page.click("#thread-list tbody tr[data-intent=inquiry] td:nth-child(5) a")
    page.wait_for_selector("#thread-state")
    thread_url = page.url
    with page.expect_navigation():
        page.click("#assign")
    assert page.get_attribute("#thread-state", "data-state") == "assigned"
    with page.expect_navigation():
        page.click("#suggestions .use-suggestion")  # an approved FAQ answer
    assert page.url == thread_url
    assert page.get_attribute("#thread-state", "data-state") == "replied"
    assert page.query_selector("tr[data-status=sent]") is not None
    outsider = log_in(browser, base_url, "demo-bj-operator")
    assert outsider.goto(thread_url).status == 404
    outsider.context.close()
    page.context.close()
