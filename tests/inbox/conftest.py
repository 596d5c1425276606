"""A tiny inbox world written straight into the store: one bank account, a note, comments, DMs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, select

from redfunnel.inbox.clock import SHANGHAI
from redfunnel.store import models

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)
IMPORTED = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
PROV = {"source_kind": "test", "imported_at": IMPORTED}


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def _versioned(row: dict[str, Any]) -> dict[str, Any]:
    return {**PROV, "row_hash": "x" * 32, **row}


def _insert(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        conn.execute(table.insert().values(**row))


@pytest.fixture
def world(engine: Engine) -> dict[str, int]:
    """Account ids by name; comments and DMs with known times (Shanghai)."""
    account, note = models.Account.__table__, models.Note.__table__
    comment, message = models.Comment.__table__, models.Message.__table__
    faq = models.FaqEntry.__table__
    with engine.begin() as conn:
        _insert(conn, account, [
            _versioned({"platform": "xhs", "account_key": "bank_gd", "name": "示例银行广东分行",
                        "owner_team": "广东分行", "match_status": "confirmed"}),
            _versioned({"platform": "xhs", "account_key": "bank_bj", "name": "示例银行北京分行",
                        "owner_team": "北京分行", "match_status": "confirmed"}),
            _versioned({"platform": "xhs", "account_key": "rival", "name": "别家银行",
                        "match_status": "auto"}),
        ])
        _insert(conn, note, [
            _versioned({"platform": "xhs", "note_key": "n_gd", "account_key": "bank_gd", "title": "五一网点"}),
            _versioned({"platform": "xhs", "note_key": "n_rival", "account_key": "rival", "title": "别家"}),
        ])
        _insert(conn, comment, [
            # Friday 17:00 question, brand answers Monday 10:00: 2 business hours.
            _versioned({"platform": "xhs", "comment_key": "c1", "note_key": "n_gd",
                        "text": "积存金换金条要收费吗？", "author_hash": "u1", "is_brand_reply": False,
                        "created_at": at(2026, 11, 13, 17, 0)}),
            _versioned({"platform": "xhs", "comment_key": "c1r", "note_key": "n_gd", "parent_key": "c1",
                        "text": "您好，以App页面为准～", "author_hash": "bank_gd", "is_brand_reply": True,
                        "created_at": at(2026, 11, 16, 10, 0)}),
            # A complaint phrased as a question, never answered.
            _versioned({"platform": "xhs", "comment_key": "c2", "note_key": "n_gd",
                        "text": "凭什么扣我年费？我明明刷够次数了", "author_hash": "u2",
                        "is_brand_reply": False, "created_at": at(2026, 11, 19, 9, 0)}),
            # A scammer.
            _versioned({"platform": "xhs", "comment_key": "c3", "note_key": "n_gd",
                        "text": "专业代办大额信用卡，加v: kaban_8888", "author_hash": "u3",
                        "is_brand_reply": False, "created_at": at(2026, 11, 19, 11, 0)}),
            # Under a competitor's note: not our inbox.
            _versioned({"platform": "xhs", "comment_key": "c4", "note_key": "n_rival",
                        "text": "电子回单怎么下载", "author_hash": "u4", "is_brand_reply": False,
                        "created_at": at(2026, 11, 19, 11, 0)}),
        ])
        _insert(conn, message, [
            # DM across 国庆: asked Wed 30 Sep 17:00, answered Thu 8 Oct 10:00 = 2 business hours.
            _versioned({"platform": "xhs", "message_key": "m1", "thread_key": "dm1", "account_key": "bank_bj",
                        "account_name": "示例银行北京分行", "direction": "customer",
                        "text": "请问原始票据怎么查询？", "sent_at": at(2026, 9, 30, 17, 0)}),
            _versioned({"platform": "xhs", "message_key": "m2", "thread_key": "dm1", "account_key": "bank_bj",
                        "account_name": "示例银行北京分行", "direction": "brand", "operator": "李四",
                        "text": "您好，App首页搜索电子回单即可。", "sent_at": at(2026, 10, 8, 10, 0)}),
            _versioned({"platform": "xhs", "message_key": "m3", "thread_key": "dm2", "account_key": "bank_bj",
                        "account_name": "示例银行北京分行", "direction": "customer",
                        "text": "有人自称你们客服让我把钱转到安全账户", "sent_at": at(2026, 11, 19, 15, 0)}),
        ])
        _insert(conn, faq, [
            {**PROV, "faq_key": "FAQ-1", "version": 1, "question": "积存金兑换实物黄金收费吗",
             "answer": "旧版答案", "status": "approved", "is_current": False, "row_hash": "a"},
            {**PROV, "faq_key": "FAQ-1", "version": 2, "question": "积存金兑换实物黄金收费吗",
             "answer": "兑换时需按所选规格支付相应费用，以App页面为准。", "status": "approved",
             "is_current": True, "row_hash": "b"},
            {**PROV, "faq_key": "FAQ-2", "version": 1, "question": "积存金兑换金条手续费调整",
             "answer": "（草稿）", "status": "draft", "is_current": True, "row_hash": "c"},
            {**PROV, "faq_key": "FAQ-3", "version": 1, "question": "如何查询电子回单",
             "answer": "登录App搜索电子回单。", "status": "approved", "is_current": True, "row_hash": "d"},
        ])
        ids = {r.name: r.id for r in conn.execute(select(account.c.id, account.c.name))}
    return ids
