"""账号体检 on a hand-built store: findings carry the account's figures and the peer medians."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import AS_OF, StoreBuilder
from sqlalchemy import Engine

from redfunnel.landscape.diagnose import AccountNotFound, diagnose_account


def test_slowing_account_against_weekly_peers(engine: Engine, build: StoreBuilder) -> None:
    me = build.account("慢银行", "宁波银行", followers=5_000)
    build.notes(me, [float(d) for d in range(177, 92, -3)] + [75, 45, 15], likes=10)
    for name, inst in (("甲行", "杭州银行"), ("乙行", "南京银行"), ("丙行", "江苏银行")):
        peer = build.account(name, inst, followers=6_000)
        build.notes(
            peer, [float(d) for d in range(2, 180, 7)], likes=40
        )  # weekly, 90 days: 13 posts
    build.account("大行", "招商银行", followers=500_000)  # another tier and category: not a peer
    result = diagnose_account(engine, "慢银行", now=AS_OF)
    assert result.peers["basis"] == "城商行·成长" and sorted(result.peers["accounts"]) == [
        "丙行",
        "乙行",
        "甲行",
    ]
    cadence = next(f for f in result.findings if f.topic == "发布节奏")
    assert cadence.level == "警告"
    assert "近60天仅发布2篇，由隔几日降为月更" in cadence.text
    assert "同梯队中位数为每周1篇" in cadence.text  # 13 posts in 90 days = 1.01 a week
    inter = next(f for f in result.findings if f.topic == "互动表现")
    assert inter.level == "警告" and "本账号为其25%" in inter.text  # 10 vs 40
    assert result.top_notes[0]["interactions"] == 10 and len(result.bottom_notes) == 3


def test_replies_and_followers_trend(engine: Engine, build: StoreBuilder) -> None:
    me = build.account("回复行", "宁波银行")
    for days_ago, fans in [(60, 900), (20, 950), (1, 1_000)]:
        build.snapshot(me, days_ago, fans)
    (note,) = build.notes(me, [10])
    asked = [build.comment(note, AS_OF - timedelta(days=9, hours=h)) for h in range(4)]
    build.comment(note, AS_OF - timedelta(days=8), parent=asked[0], brand=True)
    result = diagnose_account(engine, "回复行", now=AS_OF)
    assert result.replies["customer_comments"] == 4 and result.replies["replied_comments"] == 1
    reply = next(f for f in result.findings if f.topic == "评论回复")
    assert reply.level == "警告" and "回复率25.0%" in reply.text
    assert [p["followers"] for p in result.followers_trend] == [900, 950, 1_000]
    growth = next(f for f in result.findings if f.topic == "粉丝增长")
    # the baseline is the newest snapshot at or before 30 days ago: 900, sixty days ago
    assert "近30天+100（11.1%）" in growth.text


def test_unknown_account(engine: Engine, build: StoreBuilder) -> None:
    build.account("宁波银行信用卡", "宁波银行", followers=10)
    with pytest.raises(AccountNotFound, match="宁波银行信用卡"):
        diagnose_account(engine, "宁波银行储蓄卡", now=AS_OF)
