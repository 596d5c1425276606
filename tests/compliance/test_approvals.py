"""The approval flow on both databases: steps, any/all approvers, self-approval, P0 blocks,
P1 reasons, changes requested, expiry, scope, immutable sealed records and audit events."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select, update

from redfunnel.access import Scope
from redfunnel.compliance.approvals import (
    ApprovalError,
    approval_history,
    approve,
    expire_due,
    get_draft,
    is_publishable,
    list_drafts,
    request_changes,
    revise,
    set_flow,
    submit,
)
from redfunnel.compliance.content import content_hash
from redfunnel.compliance.models import ApprovalRecord
from redfunnel.store.models import AuditEvent
from tests.compliance.conftest import T0, add_account

CLEAN = "五一期间网点营业时间调整，请以网点公告为准。"
THREE_STEPS = [
    {"name": "operator", "approvers": [], "mode": "any"},
    {"name": "compliance", "approvers": ["li", "zhou"], "mode": "all"},
    {"name": "manager", "approvers": ["wang", "role:manager"], "mode": "any"},
]


def _setup(engine: Engine) -> int:
    account = add_account(engine)
    set_flow(engine, "default", THREE_STEPS, expiry_days=10, actor="admin", now=T0)
    return account


def test_full_flow_with_any_and_all_steps(engine: Engine) -> None:
    account = _setup(engine)
    draft = submit(engine, account_id=account, body=CLEAN, title="营业安排", author="xiao", now=T0)
    assert draft["status"] == "in_review" and draft["current_step"] == 0
    assert draft["content_hash"] == content_hash("营业安排", CLEAN)
    d = approve(engine, draft["id"], approver="peer", now=T0 + timedelta(hours=1))
    assert d["current_step"] == 1
    d = approve(engine, draft["id"], approver="li", now=T0 + timedelta(hours=2))
    assert d["current_step"] == 1, "mode=all waits for every listed approver"
    with pytest.raises(ApprovalError, match="已审批过"):
        approve(engine, draft["id"], approver="li", now=T0 + timedelta(hours=2))
    with pytest.raises(ApprovalError, match="不是步骤"):
        approve(engine, draft["id"], approver="peer2", now=T0 + timedelta(hours=2))
    d = approve(engine, draft["id"], approver="zhou", now=T0 + timedelta(hours=3))
    assert d["current_step"] == 2
    d = approve(
        engine, draft["id"], approver="chen", roles={"manager"}, now=T0 + timedelta(hours=4)
    )
    assert d["status"] == "approved"
    assert d["approved_at"] == T0 + timedelta(hours=4)
    assert d["expires_at"] == T0 + timedelta(hours=4, days=10)
    assert is_publishable(d, now=T0 + timedelta(days=1))
    history = approval_history(engine, Scope.everything(), draft["id"])
    assert [(h["step_name"], h["approver"]) for h in history] == [
        ("operator", "peer"),
        ("compliance", "li"),
        ("compliance", "zhou"),
        ("manager", "chen"),
    ]
    assert all(h["sealed"] and h["content_hash"] == draft["content_hash"] for h in history)
    assert {h["rulebook_version"] for h in history} == {draft["rulebook_version"]}


def test_self_approval_is_refused(engine: Engine) -> None:
    account = _setup(engine)
    draft = submit(engine, account_id=account, body=CLEAN, author="xiao", now=T0)
    with pytest.raises(ApprovalError, match="自我审批"):
        approve(engine, draft["id"], approver="xiao", now=T0)
    with pytest.raises(ApprovalError):
        request_changes(engine, draft["id"], reviewer="xiao", reason="x", now=T0)


def test_p0_findings_block_approval(engine: Engine) -> None:
    account = _setup(engine)
    draft = submit(
        engine, account_id=account, body="这款理财保本保息，闭眼入", author="xiao", now=T0
    )
    assert draft["status"] == "blocked"
    assert {f["family"] for f in draft["findings"]} >= {"return_promise"}
    with pytest.raises(ApprovalError, match="P0"):
        approve(engine, draft["id"], approver="peer", now=T0)
    fixed = revise(
        engine,
        draft["id"],
        editor="xiao",
        body="这款理财不保本，业绩比较基准3%（不构成收益承诺），理财非存款、产品有风险、投资须谨慎。",
        now=T0 + timedelta(hours=1),
    )
    assert fixed["status"] == "in_review" and fixed["revision"] == 2 and fixed["findings"] == []


def test_p1_findings_need_a_reason(engine: Engine) -> None:
    account = _setup(engine)
    draft = submit(
        engine,
        account_id=account,
        body="新发理财，业绩比较基准3.2%，1万元起购",
        author="xiao",
        now=T0,
    )
    assert draft["status"] == "in_review"
    with pytest.raises(ApprovalError, match="理由"):
        approve(engine, draft["id"], approver="peer", now=T0)
    assert (
        approve(engine, draft["id"], approver="peer", reason="风险提示在图片中", now=T0)[
            "current_step"
        ]
        == 1
    )


def test_doubted_findings_are_kept_with_the_draft_and_need_no_reason(engine: Engine) -> None:
    """The record shows what the model set aside; only counted findings gate the approval."""
    account = _setup(engine)
    # 承诺收益 is the staff rule being stated, not a promise: RET-01 matches, the model doubts it.
    memo = "开周会只强调一件事：谁在朋友圈替客户承诺收益，不管业绩多好，考核一票否决。"
    draft = submit(engine, account_id=account, body=memo, author="xiao", now=T0)
    assert "RET-01" in {f["rule_id"] for f in draft["doubted"]}
    assert draft["findings"] == [] and draft["status"] == "in_review"
    assert approve(engine, draft["id"], approver="peer", now=T0)["current_step"] == 1
    event = engine.connect().execute(
        select(AuditEvent.detail).where(AuditEvent.action == "draft.submit")
    ).scalar_one()
    assert "RET-01:P0" in event["doubted"]
    revised = revise(engine, draft["id"], editor="xiao", body="五一期间网点营业时间调整。", now=T0)
    assert revised["doubted"] == [] and revised["revision"] == 2


def test_changes_requested_then_revision_restarts_review(engine: Engine) -> None:
    account = _setup(engine)
    draft = submit(engine, account_id=account, body=CLEAN, author="xiao", now=T0)
    approve(engine, draft["id"], approver="peer", now=T0)
    back = request_changes(engine, draft["id"], reviewer="li", reason="请补充网点地址", now=T0)
    assert back["status"] == "changes_requested"
    with pytest.raises(ApprovalError, match="不在审批中"):
        approve(engine, draft["id"], approver="zhou", now=T0)
    again = revise(engine, draft["id"], editor="xiao", body=CLEAN + "地址：人民路188号。", now=T0)
    assert again["status"] == "in_review" and again["current_step"] == 0 and again["revision"] == 2
    assert again["content_hash"] != draft["content_hash"]
    # the operator approval of revision 1 does not carry over to revision 2
    assert approve(engine, draft["id"], approver="peer", now=T0)["current_step"] == 1


def test_approvals_expire(engine: Engine) -> None:
    account = _setup(engine)
    draft = submit(engine, account_id=account, body=CLEAN, author="xiao", now=T0)
    for who, roles in (("peer", set()), ("li", set()), ("zhou", set()), ("wang", set())):
        d = approve(engine, draft["id"], approver=who, roles=roles, now=T0)
    assert d["status"] == "approved"
    assert expire_due(engine, now=T0 + timedelta(days=9)) == []
    assert not is_publishable(d, now=T0 + timedelta(days=10))
    assert expire_due(engine, now=T0 + timedelta(days=10)) == [draft["id"]]
    expired = get_draft(engine, Scope.everything(), draft["id"])
    assert expired is not None and expired["status"] == "expired"
    with pytest.raises(ApprovalError):
        approve(engine, draft["id"], approver="peer", now=T0 + timedelta(days=11))


def test_replies_use_the_reply_flow_and_block_requests_for_codes(engine: Engine) -> None:
    account = add_account(engine)
    bad = submit(
        engine,
        account_id=account,
        body="请把短信验证码发给我们，帮您提额",
        author="op",
        kind="dm_reply",
        source_ref="thread-1",
        intent="fraud_risk",
        now=T0,
    )
    assert bad["status"] == "blocked" and bad["flow_name"] == "reply"
    assert [f["family"] for f in bad["findings"]] == ["pii_request"]
    good = submit(
        engine,
        account_id=account,
        body="您好，我行工作人员不会索要验证码，请勿告诉任何人。",
        author="op",
        kind="dm_reply",
        source_ref="thread-1",
        now=T0,
    )
    assert approve(engine, good["id"], approver="compliance-li", now=T0)["status"] == "approved"


def test_scope_limits_lists_and_gets(engine: Engine) -> None:
    mine = add_account(engine, "中国银行广东分行", key="gd")
    other = add_account(engine, "中国银行北京分行", key="bj")
    d1 = submit(engine, account_id=mine, body=CLEAN, author="a", now=T0)
    d2 = submit(engine, account_id=other, body=CLEAN, author="b", now=T0)
    scope = Scope.accounts([mine])
    assert [d["id"] for d in list_drafts(engine, scope)] == [d1["id"]]
    assert get_draft(engine, scope, d2["id"]) is None
    assert approval_history(engine, scope, d2["id"]) == []
    assert {d["id"] for d in list_drafts(engine, Scope.everything())} == {d1["id"], d2["id"]}


def test_every_state_change_is_audited_and_records_are_sealed(engine: Engine) -> None:
    account = _setup(engine)
    draft = submit(engine, account_id=account, body=CLEAN, author="xiao", now=T0)
    approve(engine, draft["id"], approver="peer", now=T0)
    with engine.connect() as conn:
        actions = (
            conn.execute(select(AuditEvent.__table__.c.action).order_by(AuditEvent.__table__.c.id))
            .scalars()
            .all()
        )
    assert actions[-3:] == ["review_flow.set", "draft.submit", "draft.approve"]
    with engine.begin() as conn:
        conn.execute(update(ApprovalRecord.__table__).values(approver="mallory"))
    assert [h["sealed"] for h in approval_history(engine, Scope.everything(), draft["id"])] == [
        False
    ]


def test_bad_input_is_refused(engine: Engine) -> None:
    account = add_account(engine)
    with pytest.raises(ApprovalError, match="不存在"):
        submit(engine, account_id=account + 99, body=CLEAN, author="a")
    with pytest.raises(ApprovalError, match="草稿类型"):
        submit(engine, account_id=account, body=CLEAN, author="a", kind="tweet")
    with pytest.raises(ApprovalError, match="mode=all"):
        set_flow(engine, "x", [{"name": "c", "mode": "all", "approvers": []}])
