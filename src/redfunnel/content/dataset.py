"""The labelled notes the content analyses work on, read in one joined query.

Every analysis (performance, gaps, trends, tone, plan) needs the same columns: the note, its
labels, its public counts, its account and the account's institution and category. One query
with the joins done by the database returns them; callers group with numpy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, and_, func, select

from redfunnel.access import Scope
from redfunnel.content.models import NoteLabel
from redfunnel.store.models import Account, Institution, Note

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


@dataclass
class LabelledNote:
    """One note with labels and engagement; ``interactions`` = likes + collects + comments."""

    note_key: str
    platform: str
    account_id: int | None
    account_name: str | None
    institution: str | None
    category: str | None
    title: str
    body: str
    published_at: datetime | None
    pillar: str
    product: str
    segment: str
    format: str
    preachiness: float | None
    interactions: int
    shares: int

    @property
    def local_time(self) -> datetime | None:
        return self.published_at.astimezone(SHANGHAI) if self.published_at else None


LINKED_STATUSES = ("confirmed", "auto")


def load_labelled(
    engine: Engine,
    *,
    scope: Scope | None = None,
    platform: str | None = "xhs",
    since: datetime | None = None,
    until: datetime | None = None,
    linked_only: bool = True,
) -> list[LabelledNote]:
    """Labelled notes of accounts in ``scope`` (peers need ``Scope.everything()``).

    ``linked_only`` keeps institutions' own accounts (match confirmed or automatic): a keyword
    crawl also returns random authors, who are neither the team nor its peers.
    """
    n, lab, a, i = Note.__table__, NoteLabel.__table__, Account.__table__, Institution.__table__
    inter = (
        func.coalesce(n.c.likes, 0)
        + func.coalesce(n.c.collects, 0)
        + func.coalesce(n.c.comments, 0)
    )
    q = (
        select(
            n.c.note_key,
            n.c.platform,
            a.c.id.label("account_id"),
            a.c.name.label("account_name"),
            i.c.short_name.label("institution"),
            i.c.category,
            n.c.title,
            n.c.body,
            n.c.published_at,
            lab.c.pillar,
            lab.c.product,
            lab.c.segment,
            lab.c.format,
            lab.c.preachiness,
            inter.label("interactions"),
            func.coalesce(n.c.shares, 0).label("shares"),
        )
        .select_from(n)
        .join(lab, and_(lab.c.note_key == n.c.note_key, lab.c.platform == n.c.platform))
        .outerjoin(a, and_(a.c.account_key == n.c.account_key, a.c.platform == n.c.platform))
        .outerjoin(i, i.c.id == a.c.institution_id)
    )
    if platform:
        q = q.where(n.c.platform == platform)
    if linked_only:
        q = q.where(a.c.match_status.in_(LINKED_STATUSES), a.c.institution_id.is_not(None))
    if scope is not None:
        q = q.where(scope.where(a.c.id))
    if since is not None:
        q = q.where(n.c.published_at >= since)
    if until is not None:
        q = q.where(n.c.published_at < until)
    with engine.connect() as conn:
        return [
            LabelledNote(
                **{
                    k: (v if v is not None or k not in ("title", "body") else "")
                    for k, v in r._mapping.items()
                }
            )
            for r in conn.execute(q)
        ]


def find_account(engine: Engine, name_or_id: str, platform: str = "xhs") -> dict[str, Any] | None:
    """An account by id or exact name (preferring the given platform), with its institution."""
    a, i = Account.__table__, Institution.__table__
    q = (
        select(
            a.c.id,
            a.c.name,
            a.c.platform,
            a.c.account_key,
            a.c.role,
            a.c.region,
            i.c.name.label("institution"),
            i.c.short_name,
            i.c.category,
        )
        .select_from(a)
        .outerjoin(i, i.c.id == a.c.institution_id)
    )
    cond = a.c.id == int(name_or_id) if name_or_id.isdigit() else a.c.name == name_or_id
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q.where(cond))]
    if not rows:
        return None
    rows.sort(key=lambda r: (r["platform"] != platform, r["id"]))
    return rows[0]
