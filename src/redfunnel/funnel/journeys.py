"""Stored touchpoints as journeys for attribution, labelled by channel, note, campaign or code.

Touches after a journey's conversion belong to its next purchase cycle and are dropped; a
journey with only a conversion row (no touch) is dropped too, since no method can credit it.
Rows are streamed in journey order from the index on ``(journey_key, occurred_at)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import Engine, select

from redfunnel.access import Scope
from redfunnel.funnel.attribution import Journey
from redfunnel.funnel.models import Touchpoint
from redfunnel.store.models import Account, Note

__all__ = ["LABELS", "load_journeys"]

LABELS = {"channel": "渠道", "note": "笔记", "campaign": "活动", "code": "追踪码"}
_EPOCH = datetime(2000, 1, 1).timestamp()


def _days(at: datetime) -> float:
    return (at.timestamp() - _EPOCH) / 86400.0


def _label(row: object, by: str) -> str:
    channel = row.channel  # type: ignore[attr-defined]
    if by == "note":
        return f"笔记:{row.note_key}" if row.note_key else channel  # type: ignore[attr-defined]
    if by == "campaign":
        return f"活动:{row.campaign_key}" if row.campaign_key else channel  # type: ignore[attr-defined]
    if by == "code":
        return row.tracking_code or channel  # type: ignore[attr-defined]
    return channel


def load_journeys(engine: Engine, by: str = "channel", scope: Scope | None = None) -> list[Journey]:
    """All stored journeys; a restricted scope keeps touches on notes of its accounts and
    touches not tied to any note (channel-level touches carry no account)."""
    if by not in LABELS:
        raise ValueError(f"unknown label level {by!r}; use one of {', '.join(LABELS)}")
    t = Touchpoint.__table__
    query = select(t.c.journey_key, t.c.occurred_at, t.c.channel, t.c.touch_type, t.c.tracking_code,
                   t.c.note_key, t.c.campaign_key).order_by(t.c.journey_key, t.c.occurred_at, t.c.id)
    if scope is not None and not scope.unrestricted:
        acc, note = Account.__table__, Note.__table__
        visible = select(note.c.note_key).where(note.c.account_key.in_(
            select(acc.c.account_key).where(scope.where(acc.c.id))))
        query = query.where(t.c.note_key.is_(None) | t.c.note_key.in_(visible))
    journeys: list[Journey] = []
    with engine.connect() as conn:
        for group in _grouped(conn.execute(query)):
            labels: list[str] = []
            times: list[float] = []
            converted_at: float | None = None
            for row in group:
                if row.touch_type == "conversion":
                    converted_at = _days(row.occurred_at)
                    break
                labels.append(_label(row, by))
                times.append(_days(row.occurred_at))
            if labels:
                journeys.append(Journey(tuple(labels), tuple(times), converted_at is not None,
                                        converted_at))
    return journeys


def _grouped(rows: Iterator[object]) -> Iterator[list[object]]:
    current: list[object] = []
    key = None
    for row in rows:
        if row.journey_key != key and current:  # type: ignore[attr-defined]
            yield current
            current = []
        key = row.journey_key  # type: ignore[attr-defined]
        current.append(row)
    if current:
        yield current
