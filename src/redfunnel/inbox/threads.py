"""Building inbox threads from stored comments and DMs, and the triage operations on them.

:func:`build_threads` is idempotent: it derives one thread per root comment (customers' comments
under a note; the note author's sub-comments are the brand's replies, marked by ingest) and one
per DM conversation, with their clocks read from the source rows in a few grouped queries. New
threads are classified in one batch and complaints and fraud risks are escalated at once; known
threads only get their clocks refreshed, so what operators did to them (assignments, closing) is
kept. Every operation that changes a thread writes an audit event.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, bindparam, case, func, select, update

from redfunnel.access import Scope
from redfunnel.inbox.classify import classifier
from redfunnel.inbox.models import InboxAssignment, InboxThread
from redfunnel.inbox.policy import InboxPolicy
from redfunnel.store import models
from redfunnel.store.audit import append_event

__all__ = ["InboxError", "assign", "build_threads", "close", "get_thread", "list_threads",
           "thread_messages"]

THREAD = InboxThread.__table__
ASSIGNMENT = InboxAssignment.__table__
SENSITIVE_INTENTS = ("complaint", "fraud_risk")
QUEUE_OF_INTENT = {"complaint": "consumer_protection", "fraud_risk": "anti_fraud"}
_TEXT_LIMIT = 2000


class InboxError(ValueError):
    """An inbox operation that cannot be done; the message (Chinese) says why."""


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)


# ---- building ------------------------------------------------------------------------------


def own_accounts_only(conn: Connection, policy: InboxPolicy) -> bool:
    """Whether comment threads are limited to the bank's own accounts.

    The inbox serves the accounts the bank runs: those its account registry gives an owner team.
    Crawled competitors' comments are market data, not customers to answer. A workspace with no
    registry (no owner teams at all) or a policy with ``all_accounts`` takes every account.
    """
    if policy.all_accounts:
        return False
    account = models.Account.__table__
    return conn.execute(select(account.c.id).where(account.c.owner_team.is_not(None)).limit(1)).first() is not None


def _comment_rows(conn: Connection, own_only: bool) -> list[dict[str, Any]]:
    comment, note, account = models.Comment.__table__, models.Note.__table__, models.Account.__table__
    reply = comment.alias("reply")
    brand = (select(reply.c.platform, reply.c.parent_key,
                    func.min(reply.c.created_at).label("first_response_at"),
                    func.max(reply.c.created_at).label("last_response_at"))
             .where(reply.c.parent_key.is_not(None), reply.c.is_brand_reply.is_(True))
             .group_by(reply.c.platform, reply.c.parent_key).subquery())
    follow = (select(reply.c.platform, reply.c.parent_key,
                     func.max(reply.c.created_at).label("last_customer_at"))
              .where(reply.c.parent_key.is_not(None), reply.c.is_brand_reply.is_not(True))
              .group_by(reply.c.platform, reply.c.parent_key).subquery())
    query = (
        select(comment.c.comment_key.label("thread_key"), comment.c.platform,
               note.c.account_key, account.c.id.label("account_id"), account.c.name.label("account_name"),
               comment.c.note_key, comment.c.author_hash.label("customer_hash"), comment.c.text,
               comment.c.created_at.label("opened_at"), follow.c.last_customer_at,
               brand.c.first_response_at, brand.c.last_response_at)
        .select_from(comment)
        .join(note, and_(note.c.note_key == comment.c.note_key, note.c.platform == comment.c.platform))
        .outerjoin(account, and_(account.c.account_key == note.c.account_key,
                                 account.c.platform == note.c.platform))
        .outerjoin(brand, and_(brand.c.parent_key == comment.c.comment_key,
                               brand.c.platform == comment.c.platform))
        .outerjoin(follow, and_(follow.c.parent_key == comment.c.comment_key,
                                follow.c.platform == comment.c.platform))
        .where(comment.c.parent_key.is_(None), comment.c.is_brand_reply.is_(False),
               comment.c.created_at.is_not(None))
    )
    if own_only:
        query = query.where(account.c.owner_team.is_not(None))
    rows = []
    for r in conn.execute(query).mappings():
        row = dict(r)
        row["channel"] = "comment"
        row["last_customer_at"] = max(filter(None, (row["opened_at"], row["last_customer_at"])))
        row["responder"] = row["account_name"] if row["first_response_at"] else None
        rows.append(row)
    return rows


def _dm_rows(conn: Connection) -> list[dict[str, Any]]:
    message, account = models.Message.__table__, models.Account.__table__
    is_customer = message.c.direction == "customer"
    opened = (select(message.c.platform, message.c.thread_key,
                     func.min(case((is_customer, message.c.sent_at))).label("opened_at"),
                     func.max(case((is_customer, message.c.sent_at))).label("last_customer_at"))
              .group_by(message.c.platform, message.c.thread_key).subquery())
    answer = (select(message.c.platform, message.c.thread_key,
                     func.min(message.c.sent_at).label("first_response_at"),
                     func.max(message.c.sent_at).label("last_response_at"))
              .select_from(message.join(opened, and_(opened.c.platform == message.c.platform,
                                                     opened.c.thread_key == message.c.thread_key)))
              .where(message.c.direction == "brand", message.c.sent_at >= opened.c.opened_at)
              .group_by(message.c.platform, message.c.thread_key).subquery())
    first_account = (select(message.c.platform, message.c.thread_key,
                            func.min(message.c.account_key).label("account_key"))
                     .group_by(message.c.platform, message.c.thread_key).subquery())
    query = (
        select(opened.c.thread_key, opened.c.platform, first_account.c.account_key,
               account.c.id.label("account_id"), account.c.name.label("account_name"),
               opened.c.opened_at, opened.c.last_customer_at, answer.c.first_response_at,
               answer.c.last_response_at)
        .select_from(opened)
        .join(first_account, and_(first_account.c.platform == opened.c.platform,
                                  first_account.c.thread_key == opened.c.thread_key))
        .outerjoin(answer, and_(answer.c.platform == opened.c.platform,
                                answer.c.thread_key == opened.c.thread_key))
        .outerjoin(account, and_(account.c.account_key == first_account.c.account_key,
                                 account.c.platform == opened.c.platform))
        .where(opened.c.opened_at.is_not(None))
    )
    rows = []
    for r in conn.execute(query).mappings():
        row = dict(r)
        row.update(channel="dm", note_key=None, customer_hash=None, text=None, responder=None)
        rows.append(row)
    return rows


def _dm_texts(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Fill the customer text (messages before the first reply) and the first responder."""
    if not rows:
        return
    message = models.Message.__table__
    wanted = {(r["platform"], r["thread_key"]): r for r in rows}
    keys = sorted({r["thread_key"] for r in rows})
    texts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        query = (select(message.c.platform, message.c.thread_key, message.c.direction, message.c.text,
                        message.c.sent_at, message.c.operator, message.c.account_name)
                 .where(message.c.thread_key.in_(chunk)).order_by(message.c.sent_at, message.c.id))
        for m in conn.execute(query):
            row = wanted.get((m.platform, m.thread_key))
            if row is None:
                continue
            first = row["first_response_at"]
            if m.direction == "customer" and (first is None or m.sent_at <= first):
                texts[(m.platform, m.thread_key)].append(m.text or "")
            elif m.direction == "brand" and first is not None and m.sent_at == first:
                row["responder"] = m.operator or m.account_name
    for key, row in wanted.items():
        row["text"] = "\n".join(t for t in texts.get(key, []) if t)[:_TEXT_LIMIT]


def build_threads(bind: Engine | Connection, *, policy: InboxPolicy | None = None,
                  now: datetime | None = None, actor: str = "system") -> dict[str, int]:
    """Create threads for new comments and DMs, refresh the clocks of known ones.

    Returns counts: ``new``, ``updated``, ``escalated`` and threads per intent of the new ones.
    """
    policy = policy or InboxPolicy()
    at = _now(now)
    if isinstance(bind, Engine):
        with bind.begin() as conn:
            return _build(conn, policy, at, actor)
    return _build(bind, policy, at, actor)


def _build(conn: Connection, policy: InboxPolicy, at: datetime, actor: str) -> dict[str, int]:
    rows = _comment_rows(conn, own_accounts_only(conn, policy)) + _dm_rows(conn)
    known = {(r.thread_key, r.platform, r.channel): (r.id, r.state, r.first_response_at,
                                                     r.last_response_at, r.responder)
             for r in conn.execute(select(THREAD.c.id, THREAD.c.thread_key, THREAD.c.platform,
                                          THREAD.c.channel, THREAD.c.state,
                                          THREAD.c.first_response_at, THREAD.c.last_response_at,
                                          THREAD.c.responder))}
    fresh = [r for r in rows if (r["thread_key"], r["platform"], r["channel"]) not in known]
    _dm_texts(conn, [r for r in fresh if r["channel"] == "dm"])
    counts: dict[str, int] = {"new": len(fresh), "updated": 0, "escalated": 0}
    results = classifier().classify([r["text"] or "" for r in fresh])
    inserts = []
    for row, result in zip(fresh, results, strict=True):
        queue = QUEUE_OF_INTENT.get(result.intent)
        state = "escalated" if queue else ("replied" if row["first_response_at"] else "new")
        closed_at = None
        if not queue and _quiet(row, policy, at):
            state, closed_at = "closed", row["last_response_at"]
        due = None
        if queue == "consumer_protection":
            due = row["opened_at"] + timedelta(days=policy.complaint_deadline_days)
        elif queue == "anti_fraud":
            due = policy.calendar.add_business_seconds(row["opened_at"], policy.fraud_deadline_hours * 3600)
        counts["escalated"] += bool(queue)
        counts[f"intent.{result.intent}"] = counts.get(f"intent.{result.intent}", 0) + 1
        inserts.append({
            **{k: row[k] for k in ("thread_key", "platform", "channel", "account_key", "account_id",
                                   "account_name", "note_key", "customer_hash", "opened_at",
                                   "last_customer_at", "first_response_at", "last_response_at",
                                   "responder")},
            "text": (row["text"] or "")[:_TEXT_LIMIT], "closed_at": closed_at, "state": state,
            "assignee": None, "priority": result.priority, "intent": result.intent,
            "intent_score": round(result.intent_score, 4), "topic": result.topic,
            "topic_score": round(result.topic_score, 4), "queue": queue,
            "escalated_at": row["opened_at"] if queue else None, "due_at": due,
            "awaiting_approval": False, "updated_at": at,
        })
    if inserts:
        conn.execute(THREAD.insert(), inserts)
    updates = []
    for row in rows:
        key = (row["thread_key"], row["platform"], row["channel"])
        if key not in known:
            continue
        thread_id, state, first, last, responder = known[key]
        # replies recorded in redfunnel (``inbox reply``) may predate their appearance in an
        # export: clocks only move forward, never back to "unanswered"
        merged_first = min(filter(None, (first, row["first_response_at"])), default=None)
        merged_last = max(filter(None, (last, row["last_response_at"])), default=None)
        if merged_first == first and merged_last == last:
            continue
        new_state = "replied" if state in ("new", "assigned") and merged_first else state
        if merged_first != first and row["first_response_at"] == merged_first:
            responder = row["responder"]
        updates.append({"_id": thread_id, "first_response_at": merged_first,
                        "last_response_at": merged_last,
                        "last_customer_at": row["last_customer_at"], "responder": responder,
                        "state": new_state, "updated_at": at})
    if updates:
        conn.execute(update(THREAD).where(THREAD.c.id == bindparam("_id")).values(
            first_response_at=bindparam("first_response_at"),
            last_response_at=bindparam("last_response_at"),
            last_customer_at=bindparam("last_customer_at"), responder=bindparam("responder"),
            state=bindparam("state"), updated_at=bindparam("updated_at")), updates)
    counts["updated"] = len(updates)
    append_event(conn, actor, "inbox.build", "inbox_thread", None,
                 {"new": counts["new"], "updated": counts["updated"], "escalated": counts["escalated"]})
    return counts


def _quiet(row: dict[str, Any], policy: InboxPolicy, at: datetime) -> bool:
    """An imported conversation the brand answered last and nobody touched since the policy's
    ``auto_close_days``: closed as the help desk would have (escalated threads never are)."""
    last = row["last_response_at"]
    if last is None or row["last_customer_at"] is None or row["last_customer_at"] > last:
        return False
    return last < at - timedelta(days=policy.auto_close_days)


# ---- reading -------------------------------------------------------------------------------


def list_threads(bind: Engine | Connection, scope: Scope, *, state: str | None = None,
                 intent: str | None = None, queue: str | None = None, account: str | None = None,
                 assignee: str | None = None, channel: str | None = None, open_only: bool = False,
                 limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Threads visible in ``scope``, high priority and oldest first."""
    query = select(THREAD).where(scope.where(THREAD.c.account_id))
    for column, value in ((THREAD.c.state, state), (THREAD.c.intent, intent),
                          (THREAD.c.queue, queue), (THREAD.c.assignee, assignee),
                          (THREAD.c.channel, channel)):
        if value:
            query = query.where(column == value)
    if account:
        query = query.where(THREAD.c.account_name == account)
    if open_only:
        query = query.where(THREAD.c.state != "closed")
    order = case((THREAD.c.priority == "high", 0), (THREAD.c.priority == "normal", 1), else_=2)
    query = query.order_by(order, THREAD.c.opened_at.desc(), THREAD.c.id).limit(limit).offset(offset)
    with _connect(bind) as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def get_thread(bind: Engine | Connection, scope: Scope, thread_id: int) -> dict[str, Any] | None:
    """One thread, or ``None`` when it does not exist or lies outside ``scope``."""
    with _connect(bind) as conn:
        row = conn.execute(select(THREAD).where(THREAD.c.id == thread_id,
                                                scope.where(THREAD.c.account_id))).mappings().first()
    return dict(row) if row else None


def thread_messages(bind: Engine | Connection, thread: dict[str, Any]) -> list[dict[str, Any]]:
    """The conversation of a thread in time order: ``{"at", "sender", "text"}``."""
    with _connect(bind) as conn:
        if thread["channel"] == "dm":
            message = models.Message.__table__
            rows = conn.execute(select(message.c.sent_at, message.c.direction, message.c.text,
                                       message.c.operator)
                                .where(message.c.thread_key == thread["thread_key"],
                                       message.c.platform == thread["platform"])
                                .order_by(message.c.sent_at, message.c.id)).all()
            return [{"at": r.sent_at, "sender": r.direction, "text": r.text, "operator": r.operator}
                    for r in rows]
        comment = models.Comment.__table__
        rows = conn.execute(select(comment.c.created_at, comment.c.is_brand_reply, comment.c.text,
                                   comment.c.author_name)
                            .where(comment.c.platform == thread["platform"],
                                   (comment.c.comment_key == thread["thread_key"])
                                   | (comment.c.parent_key == thread["thread_key"]))
                            .order_by(comment.c.created_at, comment.c.id)).all()
        return [{"at": r.created_at, "sender": "brand" if r.is_brand_reply else "customer",
                 "text": r.text, "operator": r.author_name if r.is_brand_reply else None} for r in rows]


class _connect:
    """Use the caller's connection, or open one on an engine."""

    def __init__(self, bind: Engine | Connection) -> None:
        self.bind = bind
        self.conn: Connection | None = None

    def __enter__(self) -> Connection:
        if isinstance(self.bind, Connection):
            return self.bind
        self.conn = self.bind.connect()
        return self.conn

    def __exit__(self, *exc: object) -> None:
        if self.conn is not None:
            self.conn.close()


# ---- triage --------------------------------------------------------------------------------


def _locked(conn: Connection, scope: Scope, thread_id: int) -> dict[str, Any]:
    row = conn.execute(select(THREAD).where(THREAD.c.id == thread_id,
                                            scope.where(THREAD.c.account_id))).mappings().first()
    if row is None:
        raise InboxError(f"会话 {thread_id} 不存在或不在您的权限范围内")
    return dict(row)


def assign(engine: Engine, scope: Scope, thread_id: int, assignee: str, *, actor: str,
           now: datetime | None = None) -> dict[str, Any]:
    """Give a thread to an operator; a new thread becomes ``assigned``."""
    if not assignee.strip():
        raise InboxError("处理人不能为空")
    at = _now(now)
    with engine.begin() as conn:
        thread = _locked(conn, scope, thread_id)
        if thread["state"] == "closed":
            raise InboxError(f"会话 {thread_id} 已关闭，不能分配")
        state = "assigned" if thread["state"] == "new" else thread["state"]
        conn.execute(update(THREAD).where(THREAD.c.id == thread_id)
                     .values(assignee=assignee, state=state, updated_at=at))
        conn.execute(ASSIGNMENT.insert().values(thread_id=thread_id, assignee=assignee,
                                                assigned_by=actor, assigned_at=at))
        append_event(conn, actor, "inbox.assign", "inbox_thread", str(thread_id),
                     {"assignee": assignee, "from_state": thread["state"], "to_state": state,
                      "previous_assignee": thread["assignee"]})
        return _locked(conn, scope, thread_id)


def close(engine: Engine, scope: Scope, thread_id: int, *, actor: str, reason: str | None = None,
          now: datetime | None = None) -> dict[str, Any]:
    """Close a thread (resolved, or nothing to answer). Awaiting-approval threads cannot close."""
    at = _now(now)
    with engine.begin() as conn:
        thread = _locked(conn, scope, thread_id)
        if thread["state"] == "closed":
            raise InboxError(f"会话 {thread_id} 已经关闭")
        if thread["awaiting_approval"]:
            raise InboxError(f"会话 {thread_id} 有待审批的回复，审批完成前不能关闭")
        conn.execute(update(THREAD).where(THREAD.c.id == thread_id)
                     .values(state="closed", closed_at=at, updated_at=at))
        append_event(conn, actor, "inbox.close", "inbox_thread", str(thread_id),
                     {"from_state": thread["state"], "reason": reason})
        return _locked(conn, scope, thread_id)
