"""Drafts and their review: submit, revise, approve, request changes, expire.

The flow mirrors how a bank's content governance works (银发〔2019〕316号: staff publish only
what the institution has approved): a draft is checked against the rulebook on every revision;
P0 findings block it outright; otherwise it walks the review steps of its flow (e.g. operator →
compliance → manager), each step needing any one or all of its approvers. Nobody approves their
own text, P1 findings need a written reason, and an approval lapses after the flow's expiry so a
months-old approval cannot cover a post whose rates have since changed. Replies to sensitive
customer intents use the same ``submit`` with ``kind`` ``comment_reply``/``dm_reply`` (flow
``reply`` by default).

Every function takes an ``Engine`` (runs its own transaction) or a ``Connection`` (joins the
caller's transaction, as the inbox does). Every state change writes an audit event; every decision
writes an immutable ``approval_record`` row sealed by its own hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, select

from redfunnel.access import Scope
from redfunnel.compliance.checker import CheckResult, check_text
from redfunnel.compliance.content import content_hash
from redfunnel.compliance.models import ApprovalRecord, Draft, ReviewFlow, RulebookVersion
from redfunnel.compliance.rulebook import Rulebook, load_rulebook
from redfunnel.store.audit import append_event
from redfunnel.store.models import Account

__all__ = [
    "DEFAULT_FLOWS",
    "ApprovalError",
    "approval_history",
    "approve",
    "expire_due",
    "get_draft",
    "get_flow",
    "is_publishable",
    "list_drafts",
    "record_hash",
    "request_changes",
    "revise",
    "set_flow",
    "submit",
]

DEFAULT_FLOWS: dict[str, dict[str, Any]] = {
    "default": {
        "steps": [
            {"name": "operator", "approvers": [], "mode": "any"},
            {"name": "compliance", "approvers": [], "mode": "any"},
            {"name": "manager", "approvers": [], "mode": "any"},
        ],
        "expiry_days": 30,
    },
    "reply": {"steps": [{"name": "compliance", "approvers": [], "mode": "any"}], "expiry_days": 7},
}
KINDS = ("note", "comment_reply", "dm_reply")
STATUSES = ("blocked", "in_review", "changes_requested", "approved", "expired")

_draft = Draft.__table__
_record = ApprovalRecord.__table__
_flow = ReviewFlow.__table__
_rulebook = RulebookVersion.__table__


class ApprovalError(ValueError):
    """A review action that is not allowed; the message (Chinese) says why."""


@contextmanager
def _tx(bind: Engine | Connection) -> Iterator[Connection]:
    if isinstance(bind, Connection):
        yield bind
    else:
        with bind.begin() as conn:
            yield conn


def _now(now: datetime | None) -> datetime:
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return moment.astimezone(UTC).replace(microsecond=0)


def record_hash(fields: dict[str, Any]) -> str:
    """SHA-256 over an approval record's fields (canonical JSON), stored with the record."""
    body = {
        k: (v.astimezone(UTC).isoformat() if isinstance(v, datetime) else v)
        for k, v in fields.items()
        if k not in ("id", "record_hash")
    }
    return hashlib.sha256(
        json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    ).hexdigest()


# ---- flows -------------------------------------------------------------------------------


def _validate_steps(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not steps:
        raise ApprovalError("审批流程至少需要一个步骤")
    clean = []
    for i, step in enumerate(steps):
        name = str(step.get("name") or "").strip()
        mode = step.get("mode", "any")
        approvers = [str(a).strip() for a in step.get("approvers") or [] if str(a).strip()]
        if not name:
            raise ApprovalError(f"第 {i + 1} 步缺少名称")
        if mode not in ("any", "all"):
            raise ApprovalError(f"步骤 {name}：mode 必须是 any 或 all")
        if mode == "all" and not approvers:
            raise ApprovalError(f"步骤 {name}：mode=all 时必须列出审批人")
        clean.append({"name": name, "approvers": approvers, "mode": mode})
    return clean


def set_flow(
    bind: Engine | Connection,
    name: str,
    steps: list[dict[str, Any]],
    *,
    expiry_days: int = 30,
    actor: str = "system",
    now: datetime | None = None,
) -> dict[str, Any]:
    """Create or replace a review flow (drafts already in review keep their step index)."""
    if expiry_days <= 0:
        raise ApprovalError("审批有效期必须为正数（天）")
    clean = _validate_steps(steps)
    at = _now(now)
    with _tx(bind) as conn:
        existing = conn.execute(select(_flow.c.id).where(_flow.c.name == name)).scalar()
        if existing is None:
            conn.execute(
                _flow.insert().values(
                    name=name, steps=clean, expiry_days=expiry_days, created_at=at, updated_at=at
                )
            )
        else:
            conn.execute(
                _flow.update()
                .where(_flow.c.id == existing)
                .values(steps=clean, expiry_days=expiry_days, updated_at=at)
            )
        append_event(
            conn,
            actor,
            "review_flow.set",
            "review_flow",
            name,
            {"steps": clean, "expiry_days": expiry_days},
        )
    return {"name": name, "steps": clean, "expiry_days": expiry_days}


def get_flow(bind: Engine | Connection, name: str) -> dict[str, Any]:
    """A flow by name; the built-in ``default`` and ``reply`` flows exist until overridden."""
    with _tx(bind) as conn:
        row = conn.execute(
            select(_flow.c.steps, _flow.c.expiry_days).where(_flow.c.name == name)
        ).first()
    if row is not None:
        return {"name": name, "steps": list(row.steps), "expiry_days": row.expiry_days}
    if name in DEFAULT_FLOWS:
        return {"name": name, **DEFAULT_FLOWS[name]}
    raise ApprovalError(f"审批流程 {name} 不存在")


# ---- drafts ------------------------------------------------------------------------------


def _register_rulebook(conn: Connection, book: Rulebook, at: datetime) -> None:
    exists = conn.execute(
        select(_rulebook.c.id).where(
            _rulebook.c.version == book.version, _rulebook.c.sha256 == book.sha256
        )
    ).first()
    if exists is None:
        conn.execute(
            _rulebook.insert().values(
                version=book.version, sha256=book.sha256, source=book.source, first_used_at=at
            )
        )


def _check(
    title: str | None, body: str, product: str | None, kind: str, book: Rulebook
) -> CheckResult:
    text = f"{title}\n{body}" if title else body
    return check_text(text, product=product, kind=kind, rulebook=book)


def submit(
    bind: Engine | Connection,
    *,
    account_id: int,
    body: str,
    author: str,
    title: str | None = None,
    platform: str | None = None,
    kind: str = "note",
    product: str | None = None,
    flow: str | None = None,
    source_ref: str | None = None,
    intent: str | None = None,
    now: datetime | None = None,
    rulebook: Rulebook | None = None,
) -> dict[str, Any]:
    """Create a draft, check it and put it into review (or ``blocked`` on P0 findings).

    For the inbox: ``submit(conn, account_id=..., body=reply_text, author=operator,
    kind="dm_reply", source_ref=thread_key, intent="complaint")`` returns the draft as a dict
    with ``id``, ``status`` and ``findings``; the reply may be sent once ``status`` is
    ``approved`` (see :func:`is_publishable`).
    """
    if kind not in KINDS:
        raise ApprovalError(f"草稿类型必须是 {'/'.join(KINDS)}，收到 {kind!r}")
    if not (body or "").strip():
        raise ApprovalError("草稿正文为空")
    if not author.strip():
        raise ApprovalError("缺少作者")
    book = rulebook or load_rulebook()
    flow_name = flow or ("default" if kind == "note" else "reply")
    at = _now(now)
    with _tx(bind) as conn:
        acc = conn.execute(
            select(Account.__table__.c.platform).where(Account.__table__.c.id == account_id)
        ).first()
        if acc is None:
            raise ApprovalError(f"账号 id={account_id} 不存在")
        get_flow(conn, flow_name)
        result = _check(title, body, product, kind, book)
        _register_rulebook(conn, book, at)
        status = "blocked" if result.blocked else "in_review"
        values = {
            "account_id": account_id,
            "platform": platform or acc.platform,
            "kind": kind,
            "title": title,
            "body": body,
            "product": result.product,
            "author": author,
            "flow_name": flow_name,
            "status": status,
            "revision": 1,
            "current_step": 0,
            "content_hash": content_hash(title, body),
            "findings": [f.to_dict() for f in result.findings],
            "doubted": [f.to_dict() for f in result.doubted],
            "rulebook_version": book.version,
            "source_ref": source_ref,
            "intent": intent,
            "created_at": at,
            "updated_at": at,
        }
        draft_id = conn.execute(
            _draft.insert().values(**values).returning(_draft.c.id)
        ).scalar_one()
        append_event(
            conn,
            author,
            "draft.submit",
            "draft",
            str(draft_id),
            {
                "status": status,
                "content_hash": values["content_hash"],
                "kind": kind,
                "rulebook_version": book.version,
                "findings": sorted({f"{f.rule_id}:{f.severity}" for f in result.findings}),
                "doubted": sorted({f"{f.rule_id}:{f.severity}" for f in result.doubted}),
            },
        )
        return _load(conn, draft_id)


def revise(
    bind: Engine | Connection,
    draft_id: int,
    *,
    editor: str,
    body: str,
    title: str | None = None,
    now: datetime | None = None,
    rulebook: Rulebook | None = None,
) -> dict[str, Any]:
    """Replace a draft's text: new revision, new check, review restarts at the first step."""
    book = rulebook or load_rulebook()
    at = _now(now)
    with _tx(bind) as conn:
        draft = _load(conn, draft_id)
        result = _check(title, body, None, draft["kind"], book)
        _register_rulebook(conn, book, at)
        status = "blocked" if result.blocked else "in_review"
        digest = content_hash(title, body)
        conn.execute(
            _draft.update()
            .where(_draft.c.id == draft_id)
            .values(
                title=title,
                body=body,
                product=result.product,
                status=status,
                revision=draft["revision"] + 1,
                current_step=0,
                content_hash=digest,
                findings=[f.to_dict() for f in result.findings],
                doubted=[f.to_dict() for f in result.doubted],
                rulebook_version=book.version,
                updated_at=at,
                approved_at=None,
                expires_at=None,
            )
        )
        append_event(
            conn,
            editor,
            "draft.revise",
            "draft",
            str(draft_id),
            {
                "revision": draft["revision"] + 1,
                "status": status,
                "content_hash": digest,
                "findings": sorted({f"{f.rule_id}:{f.severity}" for f in result.findings}),
                "doubted": sorted({f"{f.rule_id}:{f.severity}" for f in result.doubted}),
            },
        )
        return _load(conn, draft_id)


def _load(conn: Connection, draft_id: int) -> dict[str, Any]:
    row = conn.execute(select(_draft).where(_draft.c.id == draft_id)).mappings().first()
    if row is None:
        raise ApprovalError(f"草稿 {draft_id} 不存在")
    return dict(row)


def _decide(
    conn: Connection,
    draft: dict[str, Any],
    flow: dict[str, Any],
    *,
    actor: str,
    decision: str,
    reason: str | None,
    at: datetime,
) -> dict[str, Any]:
    step = flow["steps"][min(draft["current_step"], len(flow["steps"]) - 1)]
    fields = {
        "draft_id": draft["id"],
        "revision": draft["revision"],
        "step": draft["current_step"],
        "step_name": step["name"],
        "approver": actor,
        "decision": decision,
        "reason": reason,
        "content_hash": draft["content_hash"],
        "rulebook_version": draft["rulebook_version"],
        "decided_at": at,
    }
    fields["record_hash"] = record_hash(fields)
    conn.execute(_record.insert().values(**fields))
    return fields


def _may_act(step: dict[str, Any], actor: str, roles: frozenset[str]) -> bool:
    approvers = step.get("approvers") or []
    if not approvers:
        return True
    return actor in approvers or any(a.startswith("role:") and a[5:] in roles for a in approvers)


def approve(
    bind: Engine | Connection,
    draft_id: int,
    *,
    approver: str,
    reason: str | None = None,
    roles: frozenset[str] | set[str] = frozenset(),
    now: datetime | None = None,
) -> dict[str, Any]:
    """Approve the current step of a draft as ``approver``.

    Refused: the author approving their own draft, a blocked (P0) draft, a draft not in review,
    an approver not listed for the step, approving the same step twice, and P1 findings without a
    reason. When the last step completes the draft becomes ``approved`` until the flow's expiry.
    """
    at = _now(now)
    with _tx(bind) as conn:
        draft = _load(conn, draft_id)
        if approver == draft["author"]:
            raise ApprovalError("不允许自我审批：作者不能审批自己的草稿")
        if draft["status"] == "blocked" or any(f["severity"] == "P0" for f in draft["findings"]):
            raise ApprovalError("草稿存在 P0 级合规问题，禁止审批；请修改后重新提交")
        if draft["status"] != "in_review":
            raise ApprovalError(f"草稿当前状态为 {draft['status']}，不在审批中")
        if any(f["severity"] == "P1" for f in draft["findings"]) and not (reason or "").strip():
            raise ApprovalError("草稿存在 P1 级问题：审批人必须填写理由")
        flow = get_flow(conn, draft["flow_name"])
        step_index = draft["current_step"]
        step = flow["steps"][step_index]
        if not _may_act(step, approver, frozenset(roles)):
            raise ApprovalError(f"{approver} 不是步骤「{step['name']}」的审批人")
        done = conn.execute(
            select(_record.c.approver, _record.c.step).where(
                _record.c.draft_id == draft_id,
                _record.c.revision == draft["revision"],
                _record.c.decision == "approve",
            )
        ).all()
        if any(r.approver == approver for r in done if r.step == step_index):
            raise ApprovalError(f"{approver} 已审批过本步骤")
        _decide(conn, draft, flow, actor=approver, decision="approve", reason=reason, at=at)
        approved_here = {r.approver for r in done if r.step == step_index} | {approver}
        complete = step["mode"] == "any" or set(step["approvers"]) <= approved_here
        values: dict[str, Any] = {"updated_at": at}
        if complete:
            if step_index + 1 < len(flow["steps"]):
                values["current_step"] = step_index + 1
            else:
                values.update(
                    status="approved",
                    approved_at=at,
                    expires_at=at + timedelta(days=int(flow["expiry_days"])),
                )
        conn.execute(_draft.update().where(_draft.c.id == draft_id).values(**values))
        append_event(
            conn,
            approver,
            "draft.approve",
            "draft",
            str(draft_id),
            {
                "step": step["name"],
                "revision": draft["revision"],
                "content_hash": draft["content_hash"],
                "rulebook_version": draft["rulebook_version"],
                "final": values.get("status") == "approved",
            },
        )
        return _load(conn, draft_id)


def request_changes(
    bind: Engine | Connection,
    draft_id: int,
    *,
    reviewer: str,
    reason: str,
    roles: frozenset[str] | set[str] = frozenset(),
    now: datetime | None = None,
) -> dict[str, Any]:
    """Send a draft back to its author with a reason; review restarts after a revision."""
    if not (reason or "").strip():
        raise ApprovalError("退回修改必须填写理由")
    at = _now(now)
    with _tx(bind) as conn:
        draft = _load(conn, draft_id)
        if reviewer == draft["author"]:
            raise ApprovalError("作者不能审核自己的草稿")
        if draft["status"] not in ("in_review", "blocked"):
            raise ApprovalError(f"草稿当前状态为 {draft['status']}，不能退回修改")
        flow = get_flow(conn, draft["flow_name"])
        step = flow["steps"][min(draft["current_step"], len(flow["steps"]) - 1)]
        if not _may_act(step, reviewer, frozenset(roles)):
            raise ApprovalError(f"{reviewer} 不是步骤「{step['name']}」的审批人")
        _decide(conn, draft, flow, actor=reviewer, decision="request_changes", reason=reason, at=at)
        conn.execute(
            _draft.update()
            .where(_draft.c.id == draft_id)
            .values(status="changes_requested", updated_at=at)
        )
        append_event(
            conn,
            reviewer,
            "draft.request_changes",
            "draft",
            str(draft_id),
            {"step": step["name"], "revision": draft["revision"], "reason": reason},
        )
        return _load(conn, draft_id)


def expire_due(
    bind: Engine | Connection, *, now: datetime | None = None, actor: str = "system"
) -> list[int]:
    """Mark approved drafts whose approval has lapsed as ``expired``; return their ids."""
    at = _now(now)
    with _tx(bind) as conn:
        ids = list(
            conn.execute(
                select(_draft.c.id).where(_draft.c.status == "approved", _draft.c.expires_at <= at)
            ).scalars()
        )
        if ids:
            conn.execute(
                _draft.update().where(_draft.c.id.in_(ids)).values(status="expired", updated_at=at)
            )
            for draft_id in ids:
                append_event(
                    conn, actor, "draft.expire", "draft", str(draft_id), {"at": at.isoformat()}
                )
        return ids


def is_publishable(draft: dict[str, Any], *, now: datetime | None = None) -> bool:
    """Approved, not expired, and sealed for the text it now holds."""
    at = _now(now)
    return (
        draft["status"] == "approved"
        and draft["expires_at"] is not None
        and draft["expires_at"] > at
        and draft["content_hash"] == content_hash(draft["title"], draft["body"])
    )


# ---- reading, within a scope ---------------------------------------------------------------


def list_drafts(
    bind: Engine | Connection,
    scope: Scope,
    *,
    status: str | None = None,
    account_id: int | None = None,
    kind: str | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Drafts visible in ``scope``, newest first."""
    query = select(_draft).where(scope.where(_draft.c.account_id))
    if status:
        query = query.where(_draft.c.status == status)
    if account_id is not None:
        query = query.where(_draft.c.account_id == account_id)
    if kind:
        query = query.where(_draft.c.kind == kind)
    with _tx(bind) as conn:
        rows = conn.execute(query.order_by(_draft.c.id.desc()).limit(limit)).mappings().all()
    return [dict(r) for r in rows]


def get_draft(bind: Engine | Connection, scope: Scope, draft_id: int) -> dict[str, Any] | None:
    """One draft, or ``None`` when it does not exist or is outside ``scope``."""
    with _tx(bind) as conn:
        row = (
            conn.execute(
                select(_draft).where(_draft.c.id == draft_id, scope.where(_draft.c.account_id))
            )
            .mappings()
            .first()
        )
    return dict(row) if row else None


def approval_history(
    bind: Engine | Connection, scope: Scope, draft_id: int
) -> list[dict[str, Any]]:
    """Every decision on a draft visible in ``scope``, oldest first, with a ``sealed`` flag
    telling whether the record still matches its hash."""
    with _tx(bind) as conn:
        rows = (
            conn.execute(
                select(_record)
                .join(_draft, _draft.c.id == _record.c.draft_id)
                .where(_record.c.draft_id == draft_id, scope.where(_draft.c.account_id))
                .order_by(_record.c.id)
            )
            .mappings()
            .all()
        )
    out = []
    for row in rows:
        doc = dict(row)
        doc["sealed"] = record_hash(doc) == doc["record_hash"]
        out.append(doc)
    return out
