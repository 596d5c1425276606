"""Fixtures for the compliance tests: own accounts and published notes in a fresh store."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from redfunnel.store.models import Account, Note

T0 = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)


def add_account(
    engine: Engine,
    name: str = "中国银行",
    *,
    key: str = "acc-boc",
    owner_team: str | None = "新媒体组",
    platform: str = "xhs",
) -> int:
    with engine.begin() as conn:
        return int(
            conn.execute(
                Account.__table__.insert()
                .values(
                    platform=platform,
                    account_key=key,
                    name=name,
                    match_status="confirmed",
                    owner_team=owner_team,
                    source_kind="test",
                    imported_at=T0,
                    row_hash="x" * 32,
                )
                .returning(Account.__table__.c.id)
            ).scalar_one()
        )


def add_note(
    engine: Engine,
    *,
    note_key: str,
    title: str | None,
    body: str,
    published_at: datetime,
    account_key: str = "acc-boc",
    platform: str = "xhs",
) -> None:
    values: dict[str, Any] = {
        "platform": platform,
        "note_key": note_key,
        "account_key": account_key,
        "title": title,
        "body": body,
        "published_at": published_at,
        "source_kind": "test",
        "imported_at": T0,
        "row_hash": "y" * 32,
    }
    with engine.begin() as conn:
        conn.execute(Note.__table__.insert().values(**values))
