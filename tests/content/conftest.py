"""A small hand-made world of bank notes with known labels and counts, on each database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select

from redfunnel.content.models import NoteLabel
from redfunnel.store.models import Account, Institution, Note

T0 = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)  # a Monday, 20:00 in Shanghai


def seed(engine: Engine, notes: list[dict[str, Any]]) -> dict[str, int]:
    """Insert accounts (one per distinct ``account``), notes and their labels; returns account ids.

    Each note dict: account, institution (registry name), key, title, body, likes, pillar,
    product, segment, days (offset from T0), format.
    """
    a, n, lab, i = Account.__table__, Note.__table__, NoteLabel.__table__, Institution.__table__
    now = datetime(2026, 11, 20, tzinfo=UTC)
    ids: dict[str, int] = {}
    with engine.begin() as conn:
        inst = {r.name: r.id for r in conn.execute(select(i.c.name, i.c.id))}
        for note in notes:
            if note["account"] not in ids:
                ids[note["account"]] = conn.execute(
                    insert(a).values(
                        platform="xhs",
                        account_key=f"k-{note['account']}",
                        name=note["account"],
                        institution_id=inst[note["institution"]],
                        match_status="confirmed",
                        role="主账号",
                        source_kind="test",
                        imported_at=now,
                        row_hash="x",
                    )
                ).inserted_primary_key[0]
            conn.execute(
                insert(n).values(
                    platform="xhs",
                    note_key=note["key"],
                    account_key=f"k-{note['account']}",
                    note_type="video" if note.get("format") == "视频" else "normal",
                    title=note["title"],
                    body=note.get("body", ""),
                    likes=note["likes"],
                    collects=0,
                    comments=0,
                    shares=0,
                    published_at=T0 + timedelta(days=note.get("days", 0)),
                    source_kind="test",
                    imported_at=now,
                    row_hash="x",
                )
            )
            if "pillar" in note:
                conn.execute(
                    insert(lab).values(
                        note_key=note["key"],
                        platform="xhs",
                        pillar=note["pillar"],
                        product=note["product"],
                        segment=note["segment"],
                        format=note.get("format", "图文"),
                        scores={},
                        preachiness=None,
                        model_version="test",
                        labelled_at=now,
                    )
                )
    return ids


@pytest.fixture
def small_world(engine: Engine) -> tuple[Engine, dict[str, int]]:
    """Two 股份制 banks and one 城商行.

    招商银行 posts only product notes (likes 10..50); 平安银行 posts anti-fraud notes that earn
    100..500 and product notes that earn 20; 兰州银行 (城商行) posts two service notes.
    """
    notes: list[dict[str, Any]] = []
    for k in range(5):
        notes.append(
            {
                "account": "招商银行",
                "institution": "招商银行",
                "key": f"z{k}",
                "title": f"信用卡权益{k}",
                "likes": 10 * (k + 1),
                "pillar": "product",
                "product": "credit_card",
                "segment": "young_professional",
                "days": k,
            }
        )
    for k in range(5):
        notes.append(
            {
                "account": "平安银行",
                "institution": "平安银行",
                "key": f"p{k}",
                "title": f"反诈提醒{k}",
                "likes": 100 * (k + 1),
                "pillar": "anti_fraud",
                "product": "none",
                "segment": "senior",
                "days": k,
                "format": "视频",
            }
        )
        notes.append(
            {
                "account": "平安银行",
                "institution": "平安银行",
                "key": f"q{k}",
                "title": f"理财推荐{k}",
                "likes": 20,
                "pillar": "product",
                "product": "wealth",
                "segment": "general",
                "days": k,
            }
        )
    for k in range(2):
        notes.append(
            {
                "account": "兰州银行",
                "institution": "兰州银行",
                "key": f"l{k}",
                "title": f"网点营业时间{k}",
                "likes": 3,
                "pillar": "service",
                "product": "none",
                "segment": "general",
                "days": k,
            }
        )
    return engine, seed(engine, notes)
