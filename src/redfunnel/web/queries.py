"""Small read models for pages no domain section covers: the overview figures, the account list
and one account's history. Set-based SQL over the canonical tables, one query per block.

Windows ("last 30 days") are measured back from the newest crawl in the store, not from the wall
clock, so a workspace imported last week does not look dormant today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, case, func, select

from redfunnel.access import Scope
from redfunnel.store.models import (
    Account,
    AccountSnapshot,
    AuditEvent,
    Comment,
    ImportFile,
    Institution,
    Message,
    Note,
)

PLATFORM_LABELS = {"xhs": "小红书", "wechat": "微信", "douyin": "抖音"}


def as_of(engine: Engine) -> datetime:
    """The newest crawl in the store (else the newest post): the "now" of the data."""
    s, n = AccountSnapshot.__table__, Note.__table__
    with engine.connect() as conn:
        snap = conn.execute(select(func.max(s.c.captured_at))).scalar()
        note = conn.execute(select(func.max(n.c.published_at))).scalar()
    found = [t for t in ((snap,) if snap is not None else (note,)) if t is not None]
    if not found:
        return datetime.now(UTC)
    return max(t if isinstance(t, datetime) else datetime.fromisoformat(str(t)).replace(tzinfo=UTC)
               for t in found)


def _latest_followers():  # type: ignore[no-untyped-def]
    s = AccountSnapshot.__table__
    latest = (select(s.c.platform, s.c.account_key, func.max(s.c.captured_at).label("at"))
              .group_by(s.c.platform, s.c.account_key).subquery())
    return (select(s.c.platform, s.c.account_key, func.max(s.c.followers).label("followers"),
                   latest.c.at)
            .join(latest, and_(latest.c.platform == s.c.platform,
                               latest.c.account_key == s.c.account_key,
                               latest.c.at == s.c.captured_at))
            .group_by(s.c.platform, s.c.account_key, latest.c.at).subquery())


@dataclass
class AccountRow:
    id: int
    platform: str
    name: str | None
    institution: str | None
    category: str | None
    role: str | None
    region: str | None
    owner_team: str | None
    followers: int | None
    notes_30d: int
    notes_90d: int
    last_post: datetime | None
    interactions_90d: int
    mine: bool

    @property
    def platform_label(self) -> str:
        return PLATFORM_LABELS.get(self.platform, self.platform)

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["last_post"] = self.last_post.isoformat() if self.last_post else None
        return d


def account_rows(engine: Engine, scope: Scope, *, only_mine: bool = False, platform: str | None = None,
                 q: str | None = None, limit: int = 500) -> tuple[datetime, list[AccountRow]]:
    """Every account with latest followers and posting activity, largest first."""
    a, i, n = Account.__table__, Institution.__table__, Note.__table__
    ref = as_of(engine)
    d30, d90 = ref - timedelta(days=30), ref - timedelta(days=90)
    inter = (func.coalesce(n.c.likes, 0) + func.coalesce(n.c.collects, 0)
             + func.coalesce(n.c.comments, 0))
    posts = (select(n.c.platform, n.c.account_key,
                    func.sum(case((n.c.published_at >= d30, 1), else_=0)).label("n30"),
                    func.sum(case((n.c.published_at >= d90, 1), else_=0)).label("n90"),
                    func.max(n.c.published_at).label("last_post"),
                    func.sum(case((n.c.published_at >= d90, inter), else_=0)).label("i90"))
             .where(n.c.account_key.is_not(None)).group_by(n.c.platform, n.c.account_key).subquery())
    fol = _latest_followers()
    query = (select(a.c.id, a.c.platform, a.c.name, i.c.name.label("institution"), i.c.category,
                    a.c.role, a.c.region, a.c.owner_team, fol.c.followers, posts.c.n30, posts.c.n90,
                    posts.c.last_post, posts.c.i90)
             .outerjoin(i, i.c.id == a.c.institution_id)
             .outerjoin(fol, and_(fol.c.platform == a.c.platform, fol.c.account_key == a.c.account_key))
             .outerjoin(posts, and_(posts.c.platform == a.c.platform,
                                    posts.c.account_key == a.c.account_key))
             .order_by(func.coalesce(fol.c.followers, -1).desc(), a.c.id).limit(limit))
    if only_mine:
        query = query.where(scope.where(a.c.id))
    if platform:
        query = query.where(a.c.platform == platform)
    if q:
        like = f"%{q.strip()}%"
        query = query.where((a.c.name.like(like)) | (i.c.name.like(like)))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return ref, [AccountRow(r.id, r.platform, r.name, r.institution, r.category, r.role, r.region,
                            r.owner_team, r.followers, int(r.n30 or 0), int(r.n90 or 0), r.last_post,
                            int(r.i90 or 0), scope.allows(r.id) and not scope.unrestricted)
                 for r in rows]


def account_detail(engine: Engine, account_id: int) -> dict[str, Any] | None:
    """One account: identity, follower history and its most recent and best notes."""
    a, i, s, n = (Account.__table__, Institution.__table__, AccountSnapshot.__table__,
                  Note.__table__)
    with engine.connect() as conn:
        acc = conn.execute(select(a, i.c.name.label("institution"), i.c.category)
                           .outerjoin(i, i.c.id == a.c.institution_id)
                           .where(a.c.id == account_id)).first()
        if acc is None:
            return None
        history = conn.execute(
            select(s.c.captured_at, func.max(s.c.followers).label("followers"))
            .where(s.c.platform == acc.platform, s.c.account_key == acc.account_key)
            .group_by(s.c.captured_at).order_by(s.c.captured_at)).all()
        inter = (func.coalesce(n.c.likes, 0) + func.coalesce(n.c.collects, 0)
                 + func.coalesce(n.c.comments, 0)).label("interactions")
        base = (select(n.c.id, n.c.title, n.c.note_type, n.c.published_at, n.c.url, n.c.likes,
                       n.c.collects, n.c.comments, inter)
                .where(n.c.platform == acc.platform, n.c.account_key == acc.account_key))
        recent = conn.execute(base.order_by(n.c.published_at.desc()).limit(20)).all()
        best = conn.execute(base.order_by(inter.desc()).limit(10)).all()
        monthly = conn.execute(
            select(func.substr(func.cast(n.c.published_at, _text()), 1, 7).label("month"),
                   func.count().label("posts"))
            .where(n.c.platform == acc.platform, n.c.account_key == acc.account_key,
                   n.c.published_at.is_not(None))
            .group_by("month").order_by("month")).all()
    return {"account": acc._asdict(), "history": [tuple(r) for r in history],
            "recent": [r._asdict() for r in recent], "best": [r._asdict() for r in best],
            "monthly": [tuple(r) for r in monthly]}


def _text():  # type: ignore[no-untyped-def]
    from sqlalchemy import Text

    return Text()


def overview_figures(engine: Engine, scope: Scope) -> dict[str, Any]:
    """Headline counts for the overview; customer-message counts follow the caller's scope."""
    a, n, c, m, f, e = (Account.__table__, Note.__table__, Comment.__table__, Message.__table__,
                        ImportFile.__table__, AuditEvent.__table__)
    with engine.connect() as conn:
        accounts = conn.execute(select(func.count()).select_from(a)).scalar_one()
        institutions = conn.execute(select(func.count(func.distinct(a.c.institution_id)))).scalar_one()
        notes = conn.execute(select(func.count()).select_from(n)).scalar_one()
        comments = conn.execute(select(func.count()).select_from(c)).scalar_one()
        mine_ids = select(a.c.id).where(scope.where(a.c.id))
        mine_keys = select(a.c.account_key).where(scope.where(a.c.id))
        threads = conn.execute(select(func.count(func.distinct(m.c.thread_key)))
                               .where(m.c.account_key.in_(mine_keys))).scalar_one()
        my_accounts = conn.execute(select(func.count()).select_from(mine_ids.subquery())).scalar_one()
        last_import = conn.execute(select(func.max(f.c.finished_at))).scalar()
        events = conn.execute(select(func.count()).select_from(e)).scalar_one()
    return {"accounts": accounts, "institutions": institutions, "notes": notes,
            "comments": comments, "dm_threads": threads, "my_accounts": my_accounts,
            "last_import": last_import, "audit_events": events, "as_of": as_of(engine)}
