"""Threads from stored comments and DMs: clocks, escalation, triage, replies, report, scope."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select

from redfunnel.access import Scope
from redfunnel.inbox.models import InboxReply, InboxThread
from redfunnel.inbox.policy import SAFE_FRAUD_REPLY, InboxPolicy
from redfunnel.inbox.replies import check_reply, confirm_sent, draft_reply, list_replies
from redfunnel.inbox.report import build_section
from redfunnel.inbox.sla import measure, threads_for_clocks
from redfunnel.inbox.threads import (
    InboxError,
    assign,
    build_threads,
    close,
    get_thread,
    list_threads,
)
from redfunnel.store.models import AuditEvent
from tests.inbox.conftest import NOW, at

ALL = Scope.everything()


def _by_key(engine: Engine) -> dict[str, dict]:  # type: ignore[type-arg]
    return {t["thread_key"]: t for t in list_threads(engine, ALL, limit=100)}


def test_build_threads_from_comments_and_dms(engine: Engine, world: dict[str, int]) -> None:
    counts = build_threads(engine, now=NOW)
    threads = _by_key(engine)
    # own accounts only: the competitor's comment c4 is not in the inbox; brand replies are no threads
    assert set(threads) == {"c1", "c2", "c3", "dm1", "dm2"}
    assert counts["new"] == 5
    c1 = threads["c1"]
    assert c1["first_response_at"] == at(2026, 11, 16, 10, 0)
    assert (c1["intent"], c1["topic"], c1["state"]) == ("inquiry", "gold", "replied")
    assert c1["account_id"] == world["示例银行广东分行"]
    assert threads["dm1"]["responder"] == "李四"
    assert threads["dm1"]["text"] == "请问原始票据怎么查询？"
    # rebuilding changes nothing and adds no thread
    assert build_threads(engine, now=NOW)["new"] == 0
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(InboxThread.__table__)).scalar() == 5


def test_complaints_and_fraud_are_escalated(engine: Engine, world: dict[str, int]) -> None:
    build_threads(engine, now=NOW)
    threads = _by_key(engine)
    complaint, scam, fraud_dm = threads["c2"], threads["c3"], threads["dm2"]
    assert (complaint["intent"], complaint["queue"], complaint["state"]) == (
        "complaint", "consumer_protection", "escalated")
    assert complaint["due_at"] == at(2026, 11, 19, 9, 0) + timedelta(days=15)
    assert complaint["priority"] == "high"
    assert (scam["intent"], scam["queue"]) == ("fraud_risk", "anti_fraud")
    assert fraud_dm["queue"] == "anti_fraud"
    # fraud deadline: one business hour after 15:00 on a Thursday
    assert fraud_dm["due_at"] == at(2026, 11, 19, 16, 0)


def test_configurable_complaint_deadline(engine: Engine, world: dict[str, int]) -> None:
    build_threads(engine, now=NOW, policy=InboxPolicy(complaint_deadline_days=10))
    assert _by_key(engine)["c2"]["due_at"] == at(2026, 11, 29, 9, 0)


def test_clocks_across_weekend_and_holiday(engine: Engine, world: dict[str, int]) -> None:
    build_threads(engine, now=NOW)
    measured = {r["id"]: r for r in measure(threads_for_clocks(engine, ALL), InboxPolicy(), NOW)}
    threads = _by_key(engine)
    assert measured[threads["c1"]["id"]]["first_response_hours"] == 2.0    # over a weekend
    assert measured[threads["dm1"]["id"]]["first_response_hours"] == 2.0   # over 国庆
    assert not measured[threads["c1"]["id"]]["breached"]
    complaint = measured[threads["c2"]["id"]]
    # unanswered since Thu 09:00; now is Fri 10:00: 9 + 1 business hours > 2h target
    assert complaint["waiting_hours"] == 10.0 and complaint["breached"]


def test_assign_and_close_are_audited(engine: Engine, world: dict[str, int]) -> None:
    build_threads(engine, now=NOW)
    thread = _by_key(engine)["c1"]
    assigned = assign(engine, ALL, thread["id"], "zhangsan", actor="lead")
    assert assigned["assignee"] == "zhangsan"
    closed = close(engine, ALL, thread["id"], actor="zhangsan", reason="已解决")
    assert closed["state"] == "closed" and closed["closed_at"] is not None
    with pytest.raises(InboxError):
        close(engine, ALL, thread["id"], actor="zhangsan")
    with engine.connect() as conn:
        actions = [r.action for r in conn.execute(select(AuditEvent.__table__.c.action)
                                                  .order_by(AuditEvent.__table__.c.id))]
    assert actions[-3:] == ["inbox.build", "inbox.assign", "inbox.close"]


def test_scope_limits_what_an_operator_sees(engine: Engine, world: dict[str, int]) -> None:
    build_threads(engine, now=NOW)
    beijing = Scope.accounts([world["示例银行北京分行"]])
    assert {t["thread_key"] for t in list_threads(engine, beijing)} == {"dm1", "dm2"}
    guangdong_thread = _by_key(engine)["c1"]
    assert get_thread(engine, beijing, guangdong_thread["id"]) is None
    with pytest.raises(InboxError):
        assign(engine, beijing, guangdong_thread["id"], "x", actor="bj")


def test_reply_from_faq_is_sent_with_its_version(engine: Engine, world: dict[str, int]) -> None:
    build_threads(engine, now=NOW)
    threads = _by_key(engine)
    # answered, then quiet for more than a week: closed as the help desk would have
    assert threads["dm1"]["state"] == "closed"
    with pytest.raises(InboxError, match="已关闭"):
        draft_reply(engine, ALL, threads["dm1"]["id"], actor="li", faq_key="FAQ-3")
    reply = draft_reply(engine, ALL, threads["c1"]["id"], actor="li", faq_key="FAQ-1", now=NOW)
    assert (reply["status"], reply["faq_version"]) == ("sent", 2)
    assert reply["text"].startswith("兑换时需按所选规格支付")
    assert get_thread(engine, ALL, threads["c1"]["id"])["last_response_at"] == NOW
    with pytest.raises(InboxError, match="draft"):
        draft_reply(engine, ALL, threads["c1"]["id"], actor="li", faq_key="FAQ-2")


@pytest.mark.parametrize("text", [
    "您好，请私信发一下您的卡号和验证码，我们帮您查询",
    "请把身份证正反面照片发给我们",
    "请告诉我们您的登录密码",
])
def test_replies_asking_for_sensitive_data_are_blocked(engine: Engine, world: dict[str, int],
                                                       text: str) -> None:
    build_threads(engine, now=NOW)
    thread = _by_key(engine)["c1"]
    reply = draft_reply(engine, ALL, thread["id"], actor="li", text=text, now=NOW)
    assert reply["status"] == "blocked"
    assert {r["code"] for r in reply["blocked_reasons"]} == {"asks_for_sensitive_data"}
    assert get_thread(engine, ALL, thread["id"])["last_response_at"] == at(2026, 11, 16, 10, 0)


def test_reply_with_personal_data_is_blocked_and_stored_masked(engine: Engine,
                                                                world: dict[str, int]) -> None:
    build_threads(engine, now=NOW)
    thread = _by_key(engine)["c1"]
    reply = draft_reply(engine, ALL, thread["id"], actor="li",
                        text="请直接联系客户经理王经理 13812345678", now=NOW)
    assert reply["status"] == "blocked"
    assert "13812345678" not in reply["text"] and "138****5678" in reply["text"]
    assert [r["code"] for r in reply["blocked_reasons"]] == ["contains_personal_data"]
    assert not check_reply(SAFE_FRAUD_REPLY).blocked


def test_sensitive_intent_reply_waits_for_approval(engine: Engine, world: dict[str, int]) -> None:
    from redfunnel.compliance import approvals

    build_threads(engine, now=NOW)
    thread = _by_key(engine)["dm2"]  # fraud risk
    reply = draft_reply(engine, ALL, thread["id"], actor="li", safe_fraud_reply=True, now=NOW)
    assert reply["status"] == "awaiting_approval" and reply["approval_ref"]
    current = get_thread(engine, ALL, thread["id"])
    assert current["awaiting_approval"] and current["first_response_at"] is None
    with pytest.raises(InboxError):
        close(engine, ALL, thread["id"], actor="li")
    with pytest.raises(InboxError, match="尚未批准"):
        confirm_sent(engine, ALL, reply["id"], actor="li")
    approvals.approve(engine, int(reply["approval_ref"]), approver="compliance-wang")
    sent = confirm_sent(engine, ALL, reply["id"], actor="li")
    assert sent["status"] == "sent"
    current = get_thread(engine, ALL, thread["id"])
    assert not current["awaiting_approval"] and current["first_response_at"] is not None
    assert [r["status"] for r in list_replies(engine, ALL, thread["id"])] == ["sent"]


def test_report_section_names_late_accounts_and_queues(engine: Engine, world: dict[str, int]) -> None:
    build_threads(engine, now=NOW)
    section = build_section(engine, now=NOW)
    assert section.key == "inbox"
    queues = {row[0]: row for row in next(t for t in section.tables if t.key == "inbox_queues").rows}
    assert queues["消保投诉队列"][1] == 1 and queues["反诈队列"][1] == 2
    breaches = next(t for t in section.tables if t.key == "inbox_breaches")
    assert {row[0] for row in breaches.rows} >= {_by_key(engine)["c2"]["id"]}
    assert any("消保投诉队列" in line for line in section.summary)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(InboxReply.__table__)).scalar() == 0


def test_rebuild_keeps_replies_recorded_in_redfunnel_and_picks_up_new_ones(
        engine: Engine, world: dict[str, int]) -> None:
    from redfunnel.store import models
    from tests.inbox.conftest import _insert, _versioned

    build_threads(engine, now=NOW)
    c3 = _by_key(engine)["c3"]
    c1 = _by_key(engine)["c1"]
    draft_reply(engine, ALL, c1["id"], actor="li", faq_key="FAQ-1", now=NOW)
    with engine.begin() as conn:
        _insert(conn, models.Comment.__table__, [_versioned({
            "platform": "xhs", "comment_key": "c3r", "note_key": "n_gd", "parent_key": "c3",
            "text": "温馨提示：代办均为诈骗", "author_hash": "bank_gd", "is_brand_reply": True,
            "created_at": at(2026, 11, 19, 14, 0)})])
    counts = build_threads(engine, now=NOW)
    assert counts["new"] == 0 and counts["updated"] == 1
    after = _by_key(engine)
    assert after["c1"]["last_response_at"] == NOW                       # not reset by the rebuild
    assert after["c1"]["first_response_at"] == at(2026, 11, 16, 10, 0)
    assert after["c3"]["first_response_at"] == at(2026, 11, 19, 14, 0)
    assert after["c3"]["state"] == c3["state"] == "escalated"           # escalation is kept
