"""Pages: data import with per-file results, missing and failing domains, user administration,
and the ``user`` commands."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner
from web_helpers import PASSWORD, TestClient, csrf_of, login

from redfunnel.reports import registry
from redfunnel.store.models import Account, AuditEvent

ACCOUNTS_CSV = ("账号,platform,机构,role,地区,owner_team\n"
                "中国银行深圳市分行,xhs,中国银行,分行,深圳,深圳市分行个人金融部\n")


def wait_job(client: TestClient, job_id: str) -> dict[str, Any]:
    for _ in range(600):
        job = client.get(f"/api/imports/jobs/{job_id}").json()
        if job["state"] != "running":
            return job
        time.sleep(0.05)
    raise AssertionError("import job did not finish")


def test_import_upload_reports_each_file(engine: Engine, client_for: Any) -> None:
    admin = client_for("admin")
    response = admin.post("/settings/import", data={"csrf_token": csrf_of(admin)},
                          files=[("files", ("accounts.csv", ACCOUNTS_CSV.encode("utf-8"), "text/csv")),
                                 ("files", ("../../notes.txt", b"hello\nworld\n", "text/plain"))],
                          follow_redirects=False)
    assert response.status_code == 303
    job_id = response.headers["location"].rsplit("/", 1)[1]
    job = wait_job(admin, job_id)
    assert job["state"] == "done" and job["done"] == job["total"] == 2
    by_name = {r["name"]: r for r in job["results"]}
    assert by_name["accounts.csv"]["status"] == "imported" and by_name["accounts.csv"]["new"] == 1
    assert by_name["notes.txt"]["status"] == "rejected"  # path parts stripped from the name
    assert "notes.txt" in by_name["notes.txt"]["errors"][0]["text"]
    page = admin.get(f"/settings/import/jobs/{job_id}").text
    assert "已导入" in page and "已拒绝" in page
    with engine.connect() as conn:
        assert conn.execute(select(Account.__table__.c.owner_team).where(
            Account.__table__.c.name == "中国银行深圳市分行")).scalar() == "深圳市分行个人金融部"
        actors = set(conn.execute(select(AuditEvent.__table__.c.actor).where(
            AuditEvent.__table__.c.action.like("ingest.%"))).scalars())
    assert actors == {"admin"}


def test_missing_and_failing_domains_show_notices(monkeypatch: pytest.MonkeyPatch,
                                                  client_for: Any) -> None:
    monkeypatch.setitem(registry.SECTION_BUILDERS, "content",
                        "redfunnel.not_yet_written.report:build_section")
    monkeypatch.setitem(registry.SECTION_BUILDERS, "funnel", "tests_web_broken:build_section")
    import sys
    import types

    broken = types.ModuleType("tests_web_broken")

    def build_section(engine: Engine, **_: Any) -> Any:
        raise RuntimeError("boom")

    broken.build_section = build_section  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tests_web_broken", broken)
    viewer = client_for("viewer")
    content = viewer.get("/content")
    assert content.status_code == 200 and "尚未提供" in content.text
    assert 'data-section-status="missing"' in content.text
    funnel = viewer.get("/funnel")
    assert funnel.status_code == 200 and "生成失败" in funnel.text and "boom" in funnel.text
    api = viewer.get("/api/sections/content").json()
    assert api["status"] == "missing" and api["section"] is None
    overview = viewer.get("/")
    assert overview.status_code == 200 and "尚未提供" in overview.text


def test_admin_creates_a_scoped_operator_who_can_log_in(app: Any, client_for: Any,
                                                       bank: dict[str, int]) -> None:
    admin = client_for("admin")
    page = admin.post("/settings/users", data={"csrf_token": csrf_of(admin), "name": "sz_op",
                                               "role": "operator", "teams": ["广东省分行个人金融部"]})
    assert page.status_code == 200
    password = re.search(r'id="new-password">([^<]+)<', page.text).group(1)
    with TestClient(app, base_url="http://127.0.0.1") as newcomer:
        assert login(newcomer, "sz_op", password).status_code == 303
        me = newcomer.get("/api/me").json()
        assert me["role"] == "operator" and set(me["account_ids"]) == {bank["gd"], bank["gd_wechat"]}
        users = admin.get("/api/users").json()["users"]
        target = next(u for u in users if u["name"] == "sz_op")
        admin.post(f"/settings/users/{target['id']}", data={"csrf_token": csrf_of(admin),
                                                            "role": "viewer", "active": "true"})
        assert newcomer.get("/api/me").status_code == 401  # the role change ended the session
    duplicate = admin.post("/settings/users", data={"csrf_token": csrf_of(admin), "name": "sz_op",
                                                    "role": "viewer"})
    assert duplicate.status_code == 400 and "已存在" in duplicate.text


def test_own_password_change(client_for: Any, app: Any) -> None:
    viewer = client_for("viewer")
    token = csrf_of(viewer)
    wrong = viewer.post("/settings/password", data={"csrf_token": token, "current": "nope-nope-nope",
                                                    "new": "a-new-password-1", "repeat": "a-new-password-1"})
    assert wrong.status_code == 400 and "当前密码不正确" in wrong.text
    done = viewer.post("/settings/password", data={"csrf_token": token, "current": PASSWORD,
                                                   "new": "a-new-password-1", "repeat": "a-new-password-1"},
                       follow_redirects=False)
    assert done.status_code == 303 and viewer.get("/api/me").status_code == 401
    with TestClient(app, base_url="http://127.0.0.1") as again:
        assert login(again, "viewer", "a-new-password-1").status_code == 303


def test_user_commands(tmp_path: Path) -> None:
    from redfunnel.cli import app

    runner = CliRunner()
    home = ["--home", str(tmp_path)]
    first = runner.invoke(app, [*home, "user", "add", "alice", "--admin", "--json"])
    assert first.exit_code == 0, first.output
    doc = json.loads(first.stdout)
    assert doc["user"]["role"] == "admin" and len(doc["password"]) >= 16
    second = runner.invoke(app, [*home, "user", "add", "gd-op", "--role", "operator", "--teams",
                                 "广东省分行个人金融部", "--password-stdin", "--json"],
                           input="a-long-passphrase\n")
    assert second.exit_code == 0, second.output
    assert json.loads(second.stdout)["password"] is None
    assert json.loads(second.stdout)["unknown_grants"] == ["团队：广东省分行个人金融部"]
    weak = runner.invoke(app, [*home, "user", "add", "bob", "--password-stdin"], input="short\n")
    assert weak.exit_code != 0
    listed = json.loads(runner.invoke(app, [*home, "user", "list", "--json"]).stdout)
    assert [(u["name"], u["role"]) for u in listed] == [("alice", "admin"), ("gd-op", "operator")]
    assert listed[1]["grants"] == [{"kind": "team", "value": "广东省分行个人金融部"}]
