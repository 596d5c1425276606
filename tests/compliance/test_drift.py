"""Drift: published notes against approved drafts, on both databases."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from redfunnel.access import Scope
from redfunnel.compliance.approvals import approve, get_draft, set_flow, submit
from redfunnel.compliance.drift import check_drift, link_published
from tests.compliance.conftest import T0, add_account, add_note

BODY = "国庆期间网点营业时间调整：10月1日至3日上午9点至下午4点营业，其余日期正常营业。"


def _approved(engine: Engine, account: int, title: str, body: str) -> int:
    draft = submit(engine, account_id=account, title=title, body=body, author="op", now=T0)
    approve(engine, draft["id"], approver="li", now=T0 + timedelta(hours=1))
    return int(draft["id"])


def test_matched_differs_unapproved_and_expired(engine: Engine) -> None:
    set_flow(
        engine,
        "default",
        [{"name": "compliance", "approvers": [], "mode": "any"}],
        expiry_days=5,
        now=T0,
    )
    account = add_account(engine)
    add_account(engine, "招商银行", key="acc-cmb", owner_team=None)
    exact = _approved(engine, account, "国庆营业安排", BODY)
    changed = _approved(
        engine,
        account,
        "反诈提醒",
        "银行工作人员不会索要验证码，请勿告诉任何人，遇到可疑情况请拨打官方客服热线核实。",
    )
    add_note(
        engine,
        note_key="n1",
        title="国庆营业安排",
        body=BODY.replace("：", "：  "),  # whitespace only
        published_at=T0 + timedelta(days=1),
    )
    add_note(
        engine,
        note_key="n2",
        title="反诈提醒",
        body="银行工作人员不会索要验证码，请勿告诉任何人，遇到可疑情况请加客服微信核实。",
        published_at=T0 + timedelta(days=1),
    )
    add_note(
        engine,
        note_key="n3",
        title="随手发",
        body="今天网点来了很多小朋友参观。",
        published_at=T0 + timedelta(days=1),
    )
    add_note(
        engine, note_key="n4", title="国庆营业安排", body=BODY, published_at=T0 + timedelta(days=9)
    )
    add_note(
        engine,
        note_key="other",
        title="别家笔记",
        body=BODY,
        published_at=T0 + timedelta(days=1),
        account_key="acc-cmb",
    )
    items = {i.note_key: i for i in check_drift(engine, Scope.everything())}
    assert set(items) == {"n1", "n2", "n3", "n4"}, "only the bank's own accounts are checked"
    assert (items["n1"].status, items["n1"].draft_id) == ("matched", exact)
    assert (items["n2"].status, items["n2"].draft_id) == ("differs", changed)
    assert 0.6 <= (items["n2"].similarity or 0) < 1
    assert items["n3"].status == "unapproved" and items["n3"].draft_id is None
    assert (items["n4"].status, items["n4"].draft_id) == ("expired", exact)
    assert [i.note_key for i in check_drift(engine, Scope.everything(), flagged_only=True)] == [
        "n2",
        "n3",
        "n4",
    ]
    assert check_drift(engine, Scope.accounts([account + 100])) == []

    counts = link_published(engine, Scope.everything())
    assert counts == {"matched": 1, "differs": 1, "unapproved": 1, "expired": 1}
    linked = get_draft(engine, Scope.everything(), exact)
    assert linked is not None and linked["published_note_key"] == "n1"
