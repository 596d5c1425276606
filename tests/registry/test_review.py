"""Account→institution matching on ingest, the review list, and stored confirmations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from redfunnel.ingest.pipeline import ingest_paths
from redfunnel.registry.review import ReviewError, confirm_match, pending_matches
from redfunnel.store.models import Account, AuditEvent, Institution


def note(note_id: str, user_id: str, nickname: str, ts: int) -> dict[str, object]:
    return {"note_id": note_id, "type": "normal", "title": "t", "desc": "d", "time": ts,
            "last_update_time": ts, "user_id": user_id, "nickname": nickname, "liked_count": "1",
            "collected_count": "0", "comment_count": "0", "share_count": "0", "last_modify_ts": ts}


@pytest.fixture
def crawl(tmp_path: Path) -> Path:
    rows = [note("n1", "u" * 24, "招商银行", 1_760_000_000_000),
            note("n2", "v" * 24, "宁波银航信用卡", 1_760_000_000_000),
            note("n3", "w" * 24, "创业者小王", 1_760_000_000_000)]
    path = tmp_path / "contents.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def statuses(engine: Engine) -> dict[str, tuple[str, str | None]]:
    acc, inst = Account.__table__, Institution.__table__
    with engine.connect() as conn:
        rows = conn.execute(select(acc.c.name, acc.c.match_status, inst.c.name)
                            .select_from(acc.outerjoin(inst, inst.c.id == acc.c.institution_id)))
        return {r[0]: (r[1], r[2]) for r in rows}


def test_matching_review_and_confirmation(engine: Engine, crawl: Path) -> None:
    ingest_paths(engine, [crawl])
    assert statuses(engine) == {"招商银行": ("auto", "招商银行"), "宁波银航信用卡": ("review", "宁波银行"),
                                "创业者小王": ("none", None)}
    assert [p.account for p in pending_matches(engine)] == ["宁波银航信用卡"]
    confirm_match(engine, "宁波银航信用卡", actor="reviewer")
    confirm_match(engine, "创业者小王", reject=True, actor="reviewer")
    assert pending_matches(engine) == []
    [result] = ingest_paths(engine, [crawl])
    assert (result.new, result.updated) == (0, 0)
    assert statuses(engine)["宁波银航信用卡"] == ("confirmed", "宁波银行")
    assert statuses(engine)["创业者小王"] == ("rejected", None)
    with engine.connect() as conn:
        actions = list(conn.scalars(select(AuditEvent.__table__.c.action)))
    assert "account.match_confirmed" in actions and "account.match_rejected" in actions


def test_confirm_refuses_unknown_account_or_institution(engine: Engine, crawl: Path) -> None:
    ingest_paths(engine, [crawl])
    with pytest.raises(ReviewError):
        confirm_match(engine, "不存在的账号")
    with pytest.raises(ReviewError):
        confirm_match(engine, "创业者小王", institution="火星银行")
