"""Dated hooks, cadence targets and pillar mix of the content plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from redfunnel.content.plan import Slot, cadence_target, hooks_between, pillar_mix, write_plan


def test_hooks_come_from_the_holidays_library_and_finance_dates() -> None:
    hooks = hooks_between(date(2026, 9, 1), date(2026, 11, 30))
    names = {(h.name, h.day) for h in hooks}
    assert (
        "国庆节前",
        date(2026, 9, 27),
    ) in names  # 国庆 2026-10-01 from `holidays`, guide 4 days before
    assert ("中秋节前", date(2026, 9, 21)) in names  # 中秋 2026-09-25
    assert ("9月金融知识普及月", date(2026, 9, 1)) in names
    assert ("双11", date(2026, 11, 8)) in names
    assert sum(1 for h in hooks if h.name == "养老金发放日") == 3
    assert all(date(2026, 9, 1) <= h.day < date(2026, 11, 30) for h in hooks)
    spring = hooks_between(date(2027, 1, 20), date(2027, 3, 20))
    assert any(h.name == "春节前" and h.pillar == "anti_fraud" for h in spring)  # 春节 2027-02-06
    assert any(h.name == "3·15消费者权益保护日" for h in spring)


def test_cadence_target_from_tier_peers_and_restart() -> None:
    peers = [
        {"account_id": i, "tier": "第二梯队", "status": "active", "posts_90d": p}
        for i, p in enumerate([13, 26, 39, 100], start=10)
    ]
    slow = cadence_target(
        {"account_id": 1, "tier": "第二梯队", "status": "active", "posts_90d": 13}, peers
    )
    assert (
        slow["peer_median_per_week"] == 2.5
        and slow["target_per_week"] == 2.5
        and not slow["restart"]
    )
    fast = cadence_target(
        {"account_id": 1, "tier": "第二梯队", "status": "active", "posts_90d": 130}, peers
    )
    assert fast["target_per_week"] == 4.0  # capped for the tier
    stopped = cadence_target(
        {"account_id": 2, "tier": "长尾", "status": "stopped", "posts_90d": 0}, peers
    )
    assert stopped["restart"] and stopped["target_per_week"] == 1.0  # no 长尾 peers: one a week


def test_pillar_mix_boosts_gaps_and_keeps_floors() -> None:
    from tests.content.test_analyses import _note

    peers = [_note(f"e{i}", "乙", 2, "x", pillar="product", inter=100) for i in range(8)]
    peers += [_note(f"f{i}", "乙", 2, "x", pillar="service", inter=100) for i in range(8)]
    base = pillar_mix(peers, [])
    boosted = pillar_mix(peers, [{"dimension": "pillar", "value": "service"}])
    assert boosted["service"] > base["service"] > 0
    assert base["anti_fraud"] >= 0.1 and base["education"] >= 0.1
    assert abs(sum(base.values()) - 1) < 0.01


def test_plan_files_are_written(tmp_path: Path) -> None:
    slot = Slot(
        date="2026-11-21",
        weekday="周六",
        time="20:00",
        pillar="anti_fraud",
        pillar_zh="反诈",
        product="none",
        segment="senior",
        segment_zh="中老年",
        hook="",
        topic="防骗",
        xhs_form="视频",
        xhs_title="⚠️防骗",
        xhs_tags="#反诈",
        douyin_angle="短剧",
        wechat_followup="公众号",
        reason="r",
    )
    plan = {
        "account": {"name": "测试"},
        "start": "2026-11-21",
        "slots": [slot.__dict__],
        "cadence": {
            "tier": "长尾",
            "cadence_band": "停更",
            "current_per_week": 0,
            "peer_median_per_week": 1,
            "target_per_week": 1,
            "restart": True,
        },
        "pillar_mix": {"anti_fraud": 1.0},
        "best_weekdays": ["周六"],
        "best_hours": [20],
    }
    files = write_plan(plan, tmp_path)
    assert (
        Path(files["csv"])
        .read_text(encoding="utf-8-sig")
        .splitlines()[1]
        .startswith("2026-11-21,周六,20:00,反诈")
    )
    ws = openpyxl.load_workbook(files["xlsx"])["内容日历"]
    assert ws["J2"].value == "⚠️防骗" and ws["A1"].value == "日期"


def test_label_notes_and_plan_on_the_store(engine) -> None:
    from sqlalchemy import func, select

    from redfunnel.content.labels import label_notes
    from redfunnel.content.models import NoteLabel
    from redfunnel.content.plan import make_plan
    from redfunnel.store.models import AuditEvent
    from tests.content.conftest import seed

    notes = []
    for k in range(6):
        notes.append(
            {
                "account": "平安银行",
                "institution": "平安银行",
                "key": f"p{k}",
                "likes": 100 * (k + 1),
                "days": k * 3,
                "title": "警惕冒充客服的诈骗电话",
                "body": "让你转账到安全账户、索要验证码的都是骗子，请挂断",
            }
        )
        notes.append(
            {
                "account": "招商银行",
                "institution": "招商银行",
                "key": f"z{k}",
                "likes": 10,
                "days": k * 3,
                "title": "信用卡新户首年免年费",
                "body": "这张信用卡刷卡返现，积分换里程，办卡推荐",
            }
        )
    seed(engine, notes)
    result = label_notes(engine)
    assert result["labelled"] == 12
    assert label_notes(engine)["labelled"] == 0  # only unlabelled notes the second time
    with engine.connect() as conn:
        pillars = dict(
            conn.execute(select(NoteLabel.__table__.c.note_key, NoteLabel.__table__.c.pillar)).all()
        )
        events = conn.execute(
            select(func.count())
            .select_from(AuditEvent.__table__)
            .where(AuditEvent.__table__.c.action == "content.label_notes")
        ).scalar()
    assert pillars["p0"] == "anti_fraud" and pillars["z0"] == "product"
    assert events == 1
    plan = make_plan(engine, "招商银行", weeks=3, start=date(2026, 11, 23))
    assert plan["slots"] and all("2026-11-23" <= s["date"] < "2026-12-14" for s in plan["slots"])
    assert any(g["value"] == "anti_fraud" and g["status"] == "absent" for g in plan["gaps"])
    assert all(s["douyin_angle"] and s["wechat_followup"] and s["xhs_title"] for s in plan["slots"])
