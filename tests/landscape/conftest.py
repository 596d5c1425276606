"""A tiny hand-built store for landscape tests: accounts, snapshots and notes at chosen ages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

import pytest
from sqlalchemy import Engine, select

from redfunnel.store import models

AS_OF = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
"""The instant every hand-computed case is evaluated at."""


class StoreBuilder:
    """Writes canonical rows with only the fields a landscape metric reads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._ids = count(1)

    def _base(self) -> dict[str, Any]:
        return {"source_kind": "test", "imported_at": AS_OF}

    def institution_id(self, short_name: str) -> int:
        inst = models.Institution.__table__
        with self.engine.connect() as conn:
            return conn.execute(
                select(inst.c.id).where(inst.c.short_name == short_name)
            ).scalar_one()

    def account(
        self,
        name: str,
        institution: str = "招商银行",
        *,
        role: str = "主账号",
        region: str | None = None,
        platform: str = "xhs",
        status: str = "confirmed",
        followers: int | None = None,
    ) -> str:
        key = f"k{next(self._ids)}"
        with self.engine.begin() as conn:
            conn.execute(
                models.Account.__table__.insert(),
                [
                    {
                        **self._base(),
                        "row_hash": "x",
                        "platform": platform,
                        "account_key": key,
                        "name": name,
                        "institution_id": self.institution_id(institution),
                        "match_status": status,
                        "role": role,
                        "region": region,
                    }
                ],
            )
        if followers is not None:
            self.snapshot(key, 1, followers, platform=platform)
        return key

    def snapshot(
        self,
        key: str,
        days_ago: float,
        followers: int | None,
        *,
        floor: bool = False,
        platform: str = "xhs",
    ) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                models.AccountSnapshot.__table__.insert(),
                [
                    {
                        **self._base(),
                        "platform": platform,
                        "account_key": key,
                        "captured_at": AS_OF - timedelta(days=days_ago),
                        "followers": followers,
                        "followers_is_floor": floor,
                    }
                ],
            )

    def notes(
        self,
        key: str,
        days_ago: list[float],
        *,
        likes: int | list[int] = 5,
        collects: int = 0,
        comments: int = 0,
        likes_floor: bool = False,
        note_type: str = "图文",
        platform: str = "xhs",
    ) -> list[str]:
        likes_list = likes if isinstance(likes, list) else [likes] * len(days_ago)
        rows, keys = [], []
        for ago, n_likes in zip(days_ago, likes_list, strict=True):
            note_key = f"n{next(self._ids)}"
            keys.append(note_key)
            rows.append(
                {
                    **self._base(),
                    "row_hash": "x",
                    "platform": platform,
                    "note_key": note_key,
                    "account_key": key,
                    "note_type": note_type,
                    "title": f"笔记{note_key}",
                    "published_at": AS_OF - timedelta(days=ago),
                    "likes": n_likes,
                    "collects": collects,
                    "comments": comments,
                    "likes_is_floor": likes_floor,
                }
            )
        with self.engine.begin() as conn:
            conn.execute(models.Note.__table__.insert(), rows)
        return keys

    def comment(
        self,
        note_key: str,
        at: datetime,
        *,
        parent: str | None = None,
        brand: bool = False,
        platform: str = "xhs",
    ) -> str:
        key = f"c{next(self._ids)}"
        with self.engine.begin() as conn:
            conn.execute(
                models.Comment.__table__.insert(),
                [
                    {
                        **self._base(),
                        "row_hash": "x",
                        "platform": platform,
                        "comment_key": key,
                        "note_key": note_key,
                        "parent_key": parent,
                        "created_at": at,
                        "text": "请问",
                        "is_brand_reply": brand,
                    }
                ],
            )
        return key


@pytest.fixture
def build(engine: Engine) -> Iterator[StoreBuilder]:
    yield StoreBuilder(engine)
