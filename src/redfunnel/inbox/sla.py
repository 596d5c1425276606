"""Response-time clocks of threads: first response and resolution in business hours, breaches.

Threads are read with the columns the clocks need (one query, scoped) and measured with the
business calendar's prefix table, so tens of thousands of threads take a fraction of a second.
Only threads that call for an answer are measured: questions, leads, complaints and fraud risk;
praise, spam and chatter have no response target.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from redfunnel.access import Scope
from redfunnel.inbox.models import InboxThread
from redfunnel.inbox.policy import InboxPolicy

__all__ = ["ANSWERABLE", "account_table", "measure", "operator_table", "queue_status", "threads_for_clocks"]

ANSWERABLE = ("inquiry", "lead", "complaint", "fraud_risk")
THREAD = InboxThread.__table__
_COLUMNS = (THREAD.c.id, THREAD.c.channel, THREAD.c.platform, THREAD.c.account_id, THREAD.c.account_name,
            THREAD.c.intent, THREAD.c.topic, THREAD.c.priority, THREAD.c.state, THREAD.c.opened_at,
            THREAD.c.first_response_at, THREAD.c.closed_at, THREAD.c.responder, THREAD.c.assignee,
            THREAD.c.queue, THREAD.c.due_at, THREAD.c.text, THREAD.c.awaiting_approval)


def threads_for_clocks(bind: Engine | Connection, scope: Scope, *, since: datetime | None = None,
                       answerable_only: bool = True) -> list[dict[str, Any]]:
    query = select(*_COLUMNS).where(scope.where(THREAD.c.account_id))
    if answerable_only:
        query = query.where(THREAD.c.intent.in_(ANSWERABLE))
    if since is not None:
        query = query.where(THREAD.c.opened_at >= since)
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]
    return [dict(r) for r in bind.execute(query).mappings()]


def measure(rows: Iterable[dict[str, Any]], policy: InboxPolicy, now: datetime) -> list[dict[str, Any]]:
    """Add ``first_response_hours`` (business), ``target_hours``, ``waiting_hours`` (unanswered,
    so far) and ``breached`` to each thread row."""
    cal = policy.calendar
    now = now.astimezone(UTC)
    out = []
    for row in rows:
        target = policy.first_response_target(row["intent"], row["priority"])
        first = row["first_response_at"]
        opened = row["opened_at"]
        if first is not None:
            hours = cal.business_seconds(opened, first) / 3600.0
            waiting = None
            breached = hours > target
        else:
            hours = None
            waiting = cal.business_seconds(opened, now) / 3600.0 if now > opened else 0.0
            breached = waiting > target
        resolution = None
        if row.get("closed_at") is not None:
            resolution = cal.business_seconds(opened, row["closed_at"]) / 3600.0
        out.append({**row, "first_response_hours": hours, "target_hours": target,
                    "waiting_hours": waiting, "breached": breached, "resolution_hours": resolution})
    return out


def _quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1]


def _group_table(measured: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in measured:
        groups[row[key] or "（未知）"].append(row)
    table = []
    for name, rows in groups.items():
        answered = [r["first_response_hours"] for r in rows if r["first_response_hours"] is not None]
        breached = sum(r["breached"] for r in rows)
        table.append({
            key: name, "threads": len(rows), "answered": len(answered),
            "answer_rate": len(answered) / len(rows),
            "median_hours": _quantile(answered, 0.5), "p90_hours": _quantile(answered, 0.9),
            "within_target": (len(rows) - breached) / len(rows), "breached": breached,
            "channels": sorted({r["channel"] for r in rows}),
        })
    table.sort(key=lambda r: (r["within_target"], -r["threads"]))
    return table


def account_table(measured: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per account: volume, answer rate, median/p90 business hours, share within target; latest
    accounts first."""
    return _group_table(measured, "account_name")


def operator_table(measured: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per responding operator (DM exports name them; comments answer as the account)."""
    answered = [r for r in measured if r["first_response_hours"] is not None]
    return _group_table(answered, "responder")


def queue_status(measured_or_rows: Iterable[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Escalation queues: open threads, overdue ones, awaiting approval."""
    now = now.astimezone(UTC)
    out = {q: {"queue": q, "threads": 0, "open": 0, "overdue": 0, "awaiting_approval": 0}
           for q in ("consumer_protection", "anti_fraud")}
    for row in measured_or_rows:
        q = row.get("queue")
        if q not in out:
            continue
        out[q]["threads"] += 1
        if row["state"] != "closed":
            out[q]["open"] += 1
            if row["due_at"] is not None and row["due_at"] < now:
                out[q]["overdue"] += 1
        out[q]["awaiting_approval"] += bool(row.get("awaiting_approval"))
    return list(out.values())
