"""The compliance demo step: drafts on the demo world's own bank (中国银行).

Clean drafts take their title and body from notes the demo actually published, go through the
three-step flow (operator → compliance → manager) before the note's publication time, and are then
matched to the published note by drift. Drafts with violations (保本 promises, 理财 as 存款, a
loan sold by its daily rate, credit aimed at students, a reply asking for a 验证码) are blocked
with the matching findings; one approved draft was edited after approval, so its published note
is flagged as differing. Re-running the step creates nothing twice (drafts are found by content
hash).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, select

from redfunnel.access import Scope
from redfunnel.compliance.approvals import approve, get_flow, set_flow, submit
from redfunnel.compliance.checker import check_text
from redfunnel.compliance.content import content_hash
from redfunnel.compliance.drift import check_drift, link_published
from redfunnel.compliance.models import Draft
from redfunnel.store.models import Account, Note

__all__ = ["DEMO_FLOW", "VIOLATIONS", "run"]

AUTHOR = "demo-gd-operator"
DEMO_FLOW = [
    {"name": "operator", "approvers": ["demo-bj-operator"], "mode": "any"},
    {"name": "compliance", "approvers": ["demo-compliance"], "mode": "any"},
    {"name": "manager", "approvers": ["demo-manager"], "mode": "any"},
]

VIOLATIONS: list[dict[str, Any]] = [
    {
        "kind": "note",
        "title": "上新｜稳享理财",
        "expect": "return_promise",
        "body": "稳享理财保本保收益，年化4.5%，到期连本带利一分不少，闭眼入！",
    },
    {
        "kind": "note",
        "title": "存钱新选择",
        "expect": "deposit_confusion",
        "body": "这款理财跟存款一样安全，利息比定期还高，年化3.8%。理财非存款、产品有风险、投资须谨慎。",
    },
    {
        "kind": "note",
        "title": "随心借",
        "expect": "missing_apr",
        "body": "消费贷日息低至0.02%，借1万每天只要2元，最快1分钟到账！",
    },
    {
        "kind": "note",
        "title": "开学季",
        "expect": "student_credit",
        "body": "开学季！大学生专属信用卡，零门槛秒批，宿舍就能申请。",
    },
    {
        "kind": "dm_reply",
        "title": None,
        "expect": "pii_request",
        "body": "您好，为了帮您提额，请把收到的短信验证码发给我们。",
    },
]


def _own_account(conn: Any) -> Any:
    acc = Account.__table__
    return conn.execute(
        select(acc.c.id, acc.c.platform, acc.c.account_key, acc.c.name).where(
            acc.c.name == "中国银行", acc.c.platform == "xhs", acc.c.owner_team.is_not(None)
        )
    ).first()


def _existing(conn: Any, account_id: int, digest: str) -> dict[str, Any] | None:
    row = (
        conn.execute(
            select(Draft.__table__).where(
                Draft.__table__.c.account_id == account_id, Draft.__table__.c.content_hash == digest
            )
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def _clean_notes(conn: Any, account: Any, limit: int) -> list[Any]:
    note = Note.__table__
    rows = conn.execute(
        select(note.c.note_key, note.c.title, note.c.body, note.c.published_at)
        .where(
            and_(
                note.c.platform == account.platform,
                note.c.account_key == account.account_key,
                note.c.published_at.is_not(None),
            )
        )
        .order_by(note.c.published_at.desc())
    ).all()
    chosen = []
    for row in rows:
        result = check_text(f"{row.title}\n{row.body}" if row.title else row.body or "")
        if not result.findings and row.body:
            chosen.append(row)
        if len(chosen) == limit:
            break
    return chosen


def _walk_flow(engine: Engine, draft_id: int, at: Any) -> dict[str, Any]:
    draft: dict[str, Any] = {}
    for offset, step in enumerate(DEMO_FLOW):
        draft = approve(
            engine,
            draft_id,
            approver=step["approvers"][0],
            reason="演示：已核对产品信息与风险提示",
            now=at + timedelta(hours=offset + 1),
        )
    return draft


def run(engine: Engine, *, data_dir: Path, home: Path, seed: int) -> dict[str, Any]:
    """Create the demo drafts, approvals and drift links; return what happened."""
    with engine.connect() as conn:
        account = _own_account(conn)
        if account is None:
            return {"skipped": "demo world has no own 中国银行 xhs account"}
        notes = _clean_notes(conn, account, 4)
    try:
        current = get_flow(engine, "default")
    except ValueError:
        current = {}
    if current.get("steps") != DEMO_FLOW:
        set_flow(engine, "default", DEMO_FLOW, expiry_days=30, actor="demo")
    summary: dict[str, Any] = {
        "account": account.name,
        "blocked": [],
        "approved": [],
        "edited_after_approval": [],
    }
    for index, row in enumerate(notes):
        published = row.published_at
        start = published - timedelta(days=2)
        edited = index == len(notes) - 1
        body = row.body + ("\n\n活动以页面为准。" if edited else "")
        with engine.connect() as conn:
            draft = _existing(conn, account.id, content_hash(row.title, body))
        if draft is None:
            draft = submit(
                engine, account_id=account.id, title=row.title, body=body, author=AUTHOR, now=start
            )
            draft = _walk_flow(engine, draft["id"], start)
        entry = {"draft_id": draft["id"], "note_key": row.note_key, "status": draft["status"]}
        summary["edited_after_approval" if edited else "approved"].append(entry)
    for spec in VIOLATIONS:
        with engine.connect() as conn:
            draft = _existing(conn, account.id, content_hash(spec["title"], spec["body"]))
        if draft is None:
            draft = submit(
                engine,
                account_id=account.id,
                title=spec["title"],
                body=spec["body"],
                author=AUTHOR,
                kind=spec["kind"],
                intent="fraud_risk" if spec["kind"] == "dm_reply" else None,
            )
        families = sorted({f["family"] for f in draft["findings"]})
        summary["blocked"].append(
            {
                "draft_id": draft["id"],
                "status": draft["status"],
                "families": families,
                "expected": spec["expect"],
                "ok": spec["expect"] in families and draft["status"] == "blocked",
            }
        )
    link_published(engine, Scope.everything(), actor="demo")
    drift_items = check_drift(engine, Scope.accounts([account.id]))
    counts: dict[str, int] = {}
    for item in drift_items:
        counts[item.status] = counts.get(item.status, 0) + 1
    summary["drift"] = counts
    summary["matched_notes"] = sorted(i.note_key for i in drift_items if i.status == "matched")
    return summary
