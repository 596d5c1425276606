"""The instant "now" means for a landscape: the latest crawl in the store, not the wall clock.

Collected data is always behind the wall clock: a store last crawled two weeks ago would show
every account two weeks "older" (and many as 停更) if windows ended today. So by default every
metric is computed as of the newest capture of the platform (``captured_at`` of account and
note snapshots: the last crawl or creator-centre export), falling back to the newest publish
time, and only for an empty store to the wall clock. Callers may pass an explicit
``now`` instead (``--as-of`` on the command line); the demo world's data ends just before
``DEMO_NOW``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, func, select

from redfunnel.store import models


def data_as_of(engine: Engine, platform: str | None = "xhs") -> datetime:
    """The latest capture time of ``platform`` (every platform for ``None``), UTC-aware."""
    captures = (models.AccountSnapshot.__table__, models.NoteSnapshot.__table__)
    with engine.connect() as conn:
        latest = []
        for table in captures:
            query = select(func.max(table.c.captured_at))
            if platform:
                query = query.where(table.c.platform == platform)
            latest.append(conn.execute(query).scalar_one_or_none())
        found = [v for v in latest if v is not None]
        if not found:
            note = models.Note.__table__
            query = select(func.max(note.c.published_at))
            if platform:
                query = query.where(note.c.platform == platform)
            published = conn.execute(query).scalar_one_or_none()
            found = [published] if published is not None else []
    return max(found).astimezone(UTC) if found else datetime.now(UTC)


def resolve_as_of(engine: Engine, now: datetime | None, platform: str | None = "xhs") -> datetime:
    """``now`` made UTC-aware (naive values are read as Asia/Shanghai), or :func:`data_as_of`."""
    if now is None:
        return data_as_of(engine, platform)
    if now.tzinfo is None:
        from zoneinfo import ZoneInfo

        now = now.replace(tzinfo=ZoneInfo("Asia/Shanghai"))
    return now.astimezone(UTC)
