"""Replies: drafted from approved FAQ answers, checked before anything leaves the bank.

A reply is blocked when it asks the customer for a card number, password, 验证码, ID photo or
similar (:mod:`redfunnel.privacy.requests`), or when it contains personal data
(:func:`redfunnel.privacy.mask.contains_pii`): a bank must never do either in a public comment or
a DM, and a blocked reply is stored (masked) with its reasons so reviewers can see what was
stopped. Replies to sensitive intents (complaint, fraud_risk) go through the compliance approval
flow (:func:`redfunnel.compliance.approvals.submit`, flow ``reply``); the thread is flagged
``awaiting_approval`` until an approved reply is confirmed as sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from redfunnel.access import Scope
from redfunnel.inbox.faq import FaqIndex, approved_entries
from redfunnel.inbox.models import InboxReply, InboxThread
from redfunnel.inbox.policy import SAFE_FRAUD_REPLY
from redfunnel.inbox.threads import SENSITIVE_INTENTS, InboxError, _locked
from redfunnel.privacy.mask import contains_pii, mask_pii
from redfunnel.privacy.requests import find_sensitive_requests
from redfunnel.store import models
from redfunnel.store.audit import append_event

__all__ = ["ReplyCheck", "check_reply", "confirm_sent", "draft_reply", "list_replies", "suggest_for_thread"]

THREAD = InboxThread.__table__
REPLY = InboxReply.__table__


@dataclass(frozen=True)
class ReplyCheck:
    """Why a reply text may not be sent (empty ``reasons`` means it may)."""

    reasons: list[dict[str, Any]] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return bool(self.reasons)


def check_reply(text: str) -> ReplyCheck:
    """Block replies that ask for sensitive data or contain personal data."""
    reasons: list[dict[str, Any]] = []
    for request in find_sensitive_requests(text):
        reasons.append({"code": "asks_for_sensitive_data", "kind": request.kind,
                        "message": f"回复向客户索要{request.label}", "excerpt": request.excerpt})
    if contains_pii(text):
        reasons.append({"code": "contains_personal_data",
                        "message": "回复中含有个人信息（手机号、身份证号、银行卡号或联系方式）",
                        "excerpt": mask_pii(text)})
    return ReplyCheck(reasons)


def suggest_for_thread(bind: Engine | Connection, thread: dict[str, Any], k: int = 3) -> list[dict[str, Any]]:
    """Approved FAQ answers for the thread's customer text; the safe reply first for fraud risk."""
    index = FaqIndex(approved_entries(bind))
    out = [s.as_dict() for s in index.suggest(thread.get("text") or "", k=k)]
    if thread.get("intent") == "fraud_risk":
        out.insert(0, {"faq_key": None, "version": None, "question": "反诈标准回复",
                       "answer": SAFE_FRAUD_REPLY, "score": None})
    return out


def draft_reply(engine: Engine, scope: Scope, thread_id: int, *, actor: str, text: str | None = None,
                faq_key: str | None = None, safe_fraud_reply: bool = False,
                now: datetime | None = None) -> dict[str, Any]:
    """Record a reply for a thread: blocked, awaiting approval, or sent.

    The text is an approved FAQ answer (``faq_key``: its current approved version), the anti-fraud
    desk's standard reply, or free text. Returns the stored reply with ``status`` and, when
    blocked, ``blocked_reasons``.
    """
    at = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    with engine.begin() as conn:
        thread = _locked(conn, scope, thread_id)
        if thread["state"] == "closed":
            raise InboxError(f"会话 {thread_id} 已关闭，不能回复")
        version = None
        if faq_key:
            entry = _approved_faq(conn, faq_key)
            text, version = entry["answer"], entry["version"]
        elif safe_fraud_reply:
            text = SAFE_FRAUD_REPLY
        if not text or not text.strip():
            raise InboxError("回复内容为空：请给出 --text、--faq 或 --safe")
        check = check_reply(text)
        stored_text = mask_pii(text) or ""
        values: dict[str, Any] = {
            "thread_id": thread_id, "text": stored_text, "faq_key": faq_key, "faq_version": version,
            "author": actor, "created_at": at, "blocked_reasons": check.reasons or None,
            "approval_ref": None, "sent_at": None}
        if check.blocked:
            values["status"] = "blocked"
        elif thread["intent"] in SENSITIVE_INTENTS:
            values["status"] = "awaiting_approval"
            values["approval_ref"] = _request_approval(conn, thread, stored_text, actor, at)
        else:
            values["status"] = "sent"
            values["sent_at"] = at
        reply_id = conn.execute(REPLY.insert().values(**values).returning(REPLY.c.id)).scalar_one()
        _after_reply(conn, thread, values["status"], at)
        append_event(conn, actor, f"inbox.reply.{values['status']}", "inbox_thread", str(thread_id),
                     {"reply_id": reply_id, "faq_key": faq_key, "faq_version": version,
                      "approval_ref": values["approval_ref"],
                      "reasons": [r["code"] for r in check.reasons]})
        return dict(conn.execute(select(REPLY).where(REPLY.c.id == reply_id)).mappings().one())


def _approved_faq(conn: Connection, faq_key: str) -> dict[str, Any]:
    table = models.FaqEntry.__table__
    row = conn.execute(select(table).where(table.c.faq_key == faq_key, table.c.is_current.is_(True))
                       ).mappings().first()
    if row is None:
        raise InboxError(f"FAQ {faq_key} 不存在")
    if row["status"] != "approved":
        raise InboxError(f"FAQ {faq_key} 当前版本状态为 {row['status']}，只能使用已审核的答案")
    return dict(row)


def _request_approval(conn: Connection, thread: dict[str, Any], text: str, actor: str,
                      at: datetime) -> str | None:
    """Submit the reply to the compliance reply flow; returns the draft id as a reference."""
    if thread["account_id"] is None:
        return None
    from redfunnel.compliance import approvals

    draft = approvals.submit(conn, account_id=thread["account_id"], body=text, author=actor,
                             platform=thread["platform"],
                             kind="dm_reply" if thread["channel"] == "dm" else "comment_reply",
                             source_ref=f"inbox_thread:{thread['id']}", intent=thread["intent"],
                             now=at)
    return str(draft["id"])


def _after_reply(conn: Connection, thread: dict[str, Any], status: str, at: datetime) -> None:
    if status == "blocked":
        return
    if status == "awaiting_approval":
        conn.execute(update(THREAD).where(THREAD.c.id == thread["id"])
                     .values(awaiting_approval=True, updated_at=at))
        return
    values: dict[str, Any] = {"last_response_at": at, "updated_at": at}
    if thread["first_response_at"] is None:
        values["first_response_at"] = at
    if thread["state"] in ("new", "assigned"):
        values["state"] = "replied"
    conn.execute(update(THREAD).where(THREAD.c.id == thread["id"]).values(**values))


def confirm_sent(engine: Engine, scope: Scope, reply_id: int, *, actor: str,
                 now: datetime | None = None) -> dict[str, Any]:
    """Mark an approved reply as sent; refuses while the approval is missing or expired."""
    at = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    with engine.begin() as conn:
        reply = conn.execute(select(REPLY).where(REPLY.c.id == reply_id)).mappings().first()
        if reply is None:
            raise InboxError(f"回复 {reply_id} 不存在")
        thread = _locked(conn, scope, reply["thread_id"])
        if reply["status"] != "awaiting_approval":
            raise InboxError(f"回复 {reply_id} 状态为 {reply['status']}，无需确认")
        if reply["approval_ref"] is None:
            raise InboxError(f"回复 {reply_id} 没有审批单（会话未关联账号），请人工处理")
        from redfunnel.compliance import approvals

        draft = approvals.get_draft(conn, scope, int(reply["approval_ref"]))
        if draft is None or not approvals.is_publishable(draft, now=at):
            status = draft["status"] if draft else "缺失"
            raise InboxError(f"回复 {reply_id} 的审批单 {reply['approval_ref']} 状态为 {status}，尚未批准")
        conn.execute(update(REPLY).where(REPLY.c.id == reply_id).values(status="sent", sent_at=at))
        pending = conn.execute(select(REPLY.c.id).where(REPLY.c.thread_id == thread["id"],
                                                        REPLY.c.status == "awaiting_approval",
                                                        REPLY.c.id != reply_id)).first()
        thread["awaiting_approval"] = pending is not None
        conn.execute(update(THREAD).where(THREAD.c.id == thread["id"])
                     .values(awaiting_approval=pending is not None))
        _after_reply(conn, thread, "sent", at)
        append_event(conn, actor, "inbox.reply.sent", "inbox_thread", str(thread["id"]),
                     {"reply_id": reply_id, "approval_ref": reply["approval_ref"]})
        return dict(conn.execute(select(REPLY).where(REPLY.c.id == reply_id)).mappings().one())


def list_replies(bind: Engine | Connection, scope: Scope, thread_id: int) -> list[dict[str, Any]]:
    query = (select(REPLY).join(THREAD, THREAD.c.id == REPLY.c.thread_id)
             .where(REPLY.c.thread_id == thread_id, scope.where(THREAD.c.account_id))
             .order_by(REPLY.c.id))
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]
    return [dict(r) for r in bind.execute(query).mappings()]
