"""Operators see only their branch, even when guessing ids; a draft walks its approval steps."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine, select
from web_helpers import csrf_of

from redfunnel.access import Scope
from redfunnel.compliance.approvals import get_draft, submit
from redfunnel.store.models import AuditEvent
from redfunnel.web.users import Grant, add_user, get_user_by_name, scope_of

CLEAN = "五一假期网点营业时间安排：广东地区部分网点5月1日至5日正常营业，具体以网点公告为准。"
RISKY = "这款理财产品保本保息，年化收益稳赚8%，闭眼入！"


def test_grants_resolve_to_accounts_by_team_and_by_name(engine: Engine, bank: dict[str, int],
                                                        users: dict[str, int]) -> None:
    with engine.connect() as conn:
        gd = scope_of(conn, users["operator"], "operator")
        bj = scope_of(conn, users["operator_bj"], "operator")
        admin = scope_of(conn, users["admin"], "admin")
    assert gd.account_ids == {bank["gd"], bank["gd_wechat"]}  # the team on both platforms
    assert bj.account_ids == {bank["bj"]}
    assert admin.unrestricted
    none, _ = add_user(engine, "idle_op", "operator", actor="t", password="correct-horse-battery")
    with engine.connect() as conn:
        assert scope_of(conn, none.id, "operator").account_ids == frozenset()


def post(client: Any, url: str, **data: Any) -> Any:
    return client.post(url, data={"csrf_token": csrf_of(client), **data}, follow_redirects=False)


def test_operator_cannot_reach_another_branchs_drafts(engine: Engine, client_for: Any,
                                                     bank: dict[str, int]) -> None:
    bj_draft = submit(engine, account_id=bank["bj"], body=CLEAN, author="operator_bj")["id"]
    gd = client_for("operator")
    for url in (f"/compliance/drafts/{bj_draft}", f"/api/drafts/{bj_draft}"):
        assert gd.get(url).status_code == 404
    assert post(gd, f"/compliance/drafts/{bj_draft}/approve", reason="ok").status_code == 404
    assert post(gd, f"/compliance/drafts/{bj_draft}/revise", body=CLEAN + "改").status_code == 404
    assert bj_draft not in [d["id"] for d in gd.get("/api/drafts").json()["drafts"]]
    assert str(bj_draft) not in re.findall(r'data-draft="(\d+)"', gd.get("/compliance").text)
    # nor write a draft for an account outside the scope
    assert post(gd, "/compliance/drafts", account_id=str(bank["bj"]), body=CLEAN).status_code == 404
    assert get_draft(engine, Scope.everything(), bj_draft)["status"] == "in_review"
    # the 北京 operator does see it
    bj = client_for("operator_bj")
    assert bj.get(f"/api/drafts/{bj_draft}").status_code == 200


def test_draft_through_every_approval_step(engine: Engine, client_for: Any,
                                          bank: dict[str, int]) -> None:
    author = client_for("operator")
    created = post(author, "/compliance/drafts", account_id=str(bank["gd"]), title="五一营业安排",
                   body=CLEAN)
    assert created.status_code == 303
    draft_id = int(created.headers["location"].rsplit("/", 1)[1])
    page = author.get(f"/compliance/drafts/{draft_id}").text
    assert 'data-status="in_review"' in page and 'id="approve"' not in page  # no self-approval
    refused = post(author, f"/compliance/drafts/{draft_id}/approve")
    assert refused.status_code == 400 and "不允许自我审批" in refused.text

    manager = client_for("manager")
    wrong_step = post(manager, f"/compliance/drafts/{draft_id}/approve")
    assert wrong_step.status_code == 403  # step 1 belongs to operators

    for name in ("operator_gd2", "compliance", "manager"):
        reviewer = client_for(name)
        assert 'id="approve"' in reviewer.get(f"/compliance/drafts/{draft_id}").text
        done = post(reviewer, f"/compliance/drafts/{draft_id}/approve", reason="")
        assert done.status_code == 303, done.text[:500]
    final = author.get(f"/api/drafts/{draft_id}").json()
    assert final["draft"]["status"] == "approved"
    assert [r["approver"] for r in final["history"]] == ["operator_gd2", "compliance", "manager"]
    assert all(r["sealed"] for r in final["history"])
    t = AuditEvent.__table__
    with engine.connect() as conn:
        approvals = list(conn.execute(select(t.c.actor).where(t.c.action == "draft.approve",
                                                              t.c.entity_id == str(draft_id))
                                      .order_by(t.c.id)).scalars())
    assert approvals == ["operator_gd2", "compliance", "manager"]


def test_blocked_draft_shows_findings_and_cannot_be_approved(client_for: Any,
                                                           bank: dict[str, int]) -> None:
    author = client_for("operator")
    created = post(author, "/compliance/drafts", account_id=str(bank["gd"]), body=RISKY)
    draft_id = int(created.headers["location"].rsplit("/", 1)[1])
    page = author.get(f"/compliance/drafts/{draft_id}").text
    assert 'data-status="blocked"' in page and "finding-mark P0" in page
    peer = client_for("operator_gd2")
    refused = post(peer, f"/compliance/drafts/{draft_id}/approve", reason="看过了")
    assert refused.status_code in (400, 403)
    fixed = post(author, f"/compliance/drafts/{draft_id}/revise",
                 body=CLEAN)
    assert fixed.status_code == 303
    assert 'data-status="in_review"' in author.get(f"/compliance/drafts/{draft_id}").text


def test_a_doubted_finding_is_shown_apart_and_does_not_block(client_for: Any,
                                                             bank: dict[str, int]) -> None:
    author = client_for("operator")
    memo = "开周会只强调一件事：谁在朋友圈替客户承诺收益，不管业绩多好，考核一票否决。"
    created = post(author, "/compliance/drafts", account_id=str(bank["gd"]), body=memo)
    page = author.get(created.headers["location"]).text
    assert 'data-status="in_review"' in page and "检查结果（0）" in page
    doubted = page[page.index('id="doubted"'):]
    assert "模型存疑（未计入，1）" in doubted and "RET-01" in doubted and "承诺收益" in doubted
    assert "finding-mark" not in page  # nothing counted is marked in the text


def test_operator_sees_only_own_accounts_marked(client_for: Any, bank: dict[str, int]) -> None:
    mine = client_for("operator").get("/api/accounts", params={"mine": "true"}).json()["accounts"]
    assert {a["id"] for a in mine} == {bank["gd"], bank["gd_wechat"]}
    assert client_for("operator").get("/api/me").json()["account_ids"] == sorted(
        [bank["gd"], bank["gd_wechat"]])
    assert client_for("admin").get("/api/me").json()["account_ids"] is None


def test_grants_take_effect_on_the_next_request(engine: Engine, client_for: Any,
                                                bank: dict[str, int]) -> None:
    from redfunnel.web.users import set_grants

    client = client_for("operator_bj")
    assert client.get("/api/me").json()["account_ids"] == [bank["bj"]]
    user = get_user_by_name(engine, "operator_bj")
    set_grants(engine, user.id, [Grant("account", "中国银行")], actor="admin")
    assert client.get("/api/me").json()["account_ids"] == [bank["hq"]]


def add_thread(engine: Engine, account_id: int, text: str, intent: str = "inquiry") -> int:
    from datetime import UTC, datetime

    from redfunnel.inbox.models import InboxThread

    t = InboxThread.__table__
    at = datetime(2026, 11, 19, 2, tzinfo=UTC)
    with engine.begin() as conn:
        return int(conn.execute(t.insert().values(
            thread_key=f"dm_{account_id}_{abs(hash(text)) % 10**8}", platform="xhs", channel="dm",
            account_id=account_id, account_name="x", text=text, opened_at=at, state="new",
            priority="normal", intent=intent, awaiting_approval=False, updated_at=at))
            .inserted_primary_key[0])


def test_operator_cannot_reach_another_branchs_inbox(engine: Engine, client_for: Any,
                                                     bank: dict[str, int]) -> None:
    gd_thread = add_thread(engine, bank["gd"], "请问电子回单在哪里下载？")
    bj_thread = add_thread(engine, bank["bj"], "积存金换实物金条有手续费吗？")
    gd = client_for("operator")
    listed = {t["id"] for t in gd.get("/api/inbox/threads").json()["threads"]}
    assert listed == {gd_thread}
    assert f'data-thread="{bj_thread}"' not in gd.get("/inbox").text
    for url in (f"/inbox/threads/{bj_thread}", f"/api/inbox/threads/{bj_thread}"):
        assert gd.get(url).status_code == 404
    for action in ("assign", "close", "reply"):
        assert post(gd, f"/inbox/threads/{bj_thread}/{action}", text="您好").status_code == 404
    bj_state = client_for("operator_bj").get(f"/api/inbox/threads/{bj_thread}").json()
    assert bj_state["thread"]["state"] == "new" and bj_state["replies"] == []
    # triage of an own thread works and is audited under the operator's name
    assert post(gd, f"/inbox/threads/{gd_thread}/assign").status_code == 303
    assert gd.get(f"/api/inbox/threads/{gd_thread}").json()["thread"]["assignee"] == "operator"
    blocked = post(gd, f"/inbox/threads/{gd_thread}/reply", text="请提供您的卡号和验证码，我们帮您查询")
    assert blocked.status_code == 400 and "拦截" in blocked.text
    sent = post(gd, f"/inbox/threads/{gd_thread}/reply", text="您好，电子回单可在App首页搜索“电子回单”下载。")
    assert sent.status_code == 303
    detail = gd.get(f"/api/inbox/threads/{gd_thread}").json()
    assert [r["status"] for r in detail["replies"]] == ["blocked", "sent"]
    assert detail["thread"]["state"] == "replied"
    t = AuditEvent.__table__
    with engine.connect() as conn:
        actors = set(conn.execute(select(t.c.actor).where(t.c.entity == "inbox_thread",
                                                          t.c.entity_id == str(gd_thread))).scalars())
    assert actors == {"operator"}
