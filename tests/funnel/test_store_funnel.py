"""Tracking codes, funnel, spend deduplication and touchpoints on both databases.

Small worlds written by hand: every expected count below can be checked by reading the setup.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from redfunnel.funnel.costs import ValueRule, costs, deduplicated_spend
from redfunnel.funnel.funnel import code_stage_counts, rank_notes, rollup
from redfunnel.funnel.journeys import load_journeys
from redfunnel.funnel.models import Touchpoint, TrackingCode
from redfunnel.funnel.report import build_section
from redfunnel.funnel.tracking import TrackingError, discover_codes, issue_code, list_codes
from redfunnel.ingest.pipeline import ingest_paths
from redfunnel.store import models

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
NOTE_CODE = "RF-XHS-ABCD23"
WX_CODE = "RF-WX-QRST45"


def _insert(engine: Engine, model: type[Any], rows: list[dict[str, Any]]) -> None:
    table = model.__table__
    base = {"source_kind": "test", "imported_at": NOW}
    if "row_hash" in table.c:
        base["row_hash"] = "x" * 32
    with engine.begin() as conn:
        for r in rows:
            conn.execute(table.insert().values(base | r))


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _conversions(code: str, channel: str, stages: dict[str, int], value: float | None = None) -> list[str]:
    lines, i = [], 0
    for stage, n in stages.items():
        for _ in range(n):
            i += 1
            v = "" if value is None or stage != "approved" else str(value)
            lines.append(f"{code}-{i},{code},{stage},credit_card,{v},2026-10-0{1 + i % 8} 10:00:00,{channel}")
    return lines


@pytest.fixture
def world(engine: Engine, tmp_path: Path) -> Engine:
    _insert(engine, models.Note, [
        {"platform": "xhs", "note_key": "N1", "account_key": "acc1", "title": "信用卡攻略",
         "body": f"正文\n🔗活动口令：{NOTE_CODE}（App 首页搜索口令参与）", "likes": 10, "collects": 5,
         "comments": 5},
        {"platform": "xhs", "note_key": "N2", "account_key": "acc1", "title": "无码笔记", "body": "正文"},
    ])
    _insert(engine, models.NoteSnapshot, [
        {"platform": "xhs", "note_key": "N1", "captured_at": NOW - timedelta(days=3), "impressions": 600,
         "views": 100, "follower_gain": 1},
        {"platform": "xhs", "note_key": "N1", "captured_at": NOW, "impressions": 1000, "views": 200,
         "follower_gain": 4},
    ])
    rows = (_conversions(NOTE_CODE, "xhs", {"click": 20, "landing": 15, "lead": 5, "application": 4,
                                            "approved": 2}, 800)
            + _conversions(WX_CODE, "wechat", {"click": 10, "application": 2, "approved": 1}, 800)
            + _conversions("RF-DY-ZZZZ99", "douyin", {"click": 3}))
    inbox = tmp_path / "in"
    _write(inbox, "conversions.csv",
           "conversion_id,tracking_code,stage,product,value,time,channel\n" + "\n".join(rows) + "\n")
    _write(inbox, "spend.csv",
           "campaign_id,campaign,channel,period_start,period_end,amount,impressions,clicks,note_id\n"
           f"{WX_CODE},朋友圈广告,wechat,2026-10-01,2026-10-07,3000,5000,100,\n"
           f"{NOTE_CODE},聚光-信用卡攻略,xhs_juguang,2026-10-05,2026-10-11,700,3000,90,N1\n")
    results = ingest_paths(engine, [inbox], actor="test")
    assert all(not r.rejected for r in results), [r.errors for r in results]
    # 聚光 daily rows: 10-05 … 10-12, 100 yuan a day; finance covers 10-05 … 10-11
    _insert(engine, models.Spend, [
        {"spend_key": f"jg{d}", "campaign_key": None, "channel": "xhs_juguang", "note_key": "N1",
         "period_start": date(2026, 10, 5) + timedelta(days=d),
         "period_end": date(2026, 10, 5) + timedelta(days=d), "amount": 100.0, "impressions": 400,
         "source_kind": "xhs_juguang"} for d in range(8)])
    return engine


def test_discovered_codes_join_conversions_to_note_campaign_and_channel(world: Engine) -> None:
    found = discover_codes(world, actor="test")
    assert found == {"note_codes": 1, "campaign_codes": 2, "new_codes": 2}
    codes = {c["code"]: c for c in list_codes(world)}
    assert codes[NOTE_CODE]["note_key"] == "N1" and codes[NOTE_CODE]["account_key"] == "acc1"
    assert codes[NOTE_CODE]["channel"] == "xhs_juguang"  # promoted: counted under the paid channel
    assert codes[WX_CODE]["campaign_key"] == WX_CODE and codes[WX_CODE]["note_key"] is None
    assert codes[NOTE_CODE]["stages"]["click"] == 20
    assert discover_codes(world, actor="test")["new_codes"] == 0  # idempotent


def test_funnel_counts_and_rates(world: Engine) -> None:
    discover_codes(world, actor="test")
    total = rollup(code_stage_counts(world), "total")[0]
    assert total.counts["click"] == 33 and total.counts["approved"] == 3
    assert total.counts["view"] == 200 and total.counts["interaction"] == 20
    assert total.counts["follow"] == 4
    # exposure: note N1 (latest snapshot) + the WeChat campaign's spend impressions
    assert total.counts["exposure"] == 1000 + 5000
    # click/view only over codes that know views: 20 of 200, not 33 of 200
    click = total.rates["click"]
    assert (click.k, click.n) == (20, 200) and click.low < 0.1 < click.high
    assert (total.rates["approved"].k, total.rates["approved"].n) == (3, 6)
    by_channel = {r.group: r for r in rollup(code_stage_counts(world), "channel")}
    assert set(by_channel) == {"xhs_juguang", "wechat", "douyin"}
    assert by_channel["douyin"].counts["click"] == 3  # unregistered code kept, channel from the row
    assert by_channel["wechat"].rates["click"] is None  # no views known for the campaign
    assert by_channel["xhs_juguang"].value["approved"] == 1600


def test_spend_deduplication_prefers_finance_lines(world: Engine) -> None:
    lines = deduplicated_spend(world)
    juguang = [line for line in lines if line["channel"] == "xhs_juguang"]
    assert sum(line["amount"] for line in juguang) == 700 + 100
    daily = [line for line in juguang if line["source_kind"] == "xhs_juguang"]
    assert [line["period_start"] for line in daily] == [date(2026, 10, 12)]
    assert daily[0]["campaign_key"] == NOTE_CODE  # joined to the campaign of its note


def test_costs_and_roi(world: Engine) -> None:
    discover_codes(world, actor="test")
    rows = {r["group"]: r for r in costs(world, "channel", {"credit_card": ValueRule("per_approved", 800)})}
    wx = rows["wechat"]
    assert wx["spend"] == 3000 and wx["approved"] == 1
    assert wx["cost_per_approved"]["cost"] == 3000
    assert wx["roi"]["roi"] == pytest.approx((800 - 3000) / 3000)
    assert wx["roi"]["low"] < wx["roi"]["roi"] < wx["roi"]["high"]
    jg = rows["xhs_juguang"]
    assert jg["spend"] == 800 and jg["cost_per_application"]["cost"] == 200
    assert jg["cost_per_follower"]["cost"] == 200  # 800 yuan / 4 followers


def test_issue_code_is_audited_and_carries_link_parameters(world: Engine) -> None:
    issued = issue_code(world, note_key="N2", product="credit_card",
                        landing_url="https://m.example.com/card?from=app", actor="tester")
    assert issued.code.startswith("RF-XHS-") and issued.account_key == "acc1"
    assert issued.url is not None and issued.url.startswith("https://m.example.com/card?from=app&rf_code=")
    assert "utm_content=N2" in issued.url and issued.qr_payload == issued.url
    with world.connect() as conn:
        stored = conn.execute(select(TrackingCode.__table__).where(
            TrackingCode.__table__.c.code == issued.code)).one()
        event = conn.execute(select(models.AuditEvent.__table__).order_by(
            models.AuditEvent.__table__.c.id.desc())).first()
    assert stored.origin == "issued" and stored.created_by == "tester"
    assert event is not None and event.action == "tracking_code.issue" and event.entity_id == issued.code
    with pytest.raises(TrackingError):
        issue_code(world, note_key="NOPE")
    with pytest.raises(TrackingError):
        issue_code(world, note_key="N2", code=issued.code)


def test_note_ranking_shrinks_small_samples() -> None:
    from redfunnel.funnel.funnel import CodeCounts

    def code(name: str, k: int, n: int) -> CodeCounts:
        return CodeCounts(name, name, None, None, "xhs", "x", {"click": k, "view": n})

    codes = [code("big", 300, 10_000), code("tiny", 3, 10)] + [code(f"n{i}", 30 + i, 1_000) for i in range(8)]
    ranked = {r["note_key"]: r for r in rank_notes(codes)}
    tiny = ranked["tiny"]
    assert tiny["raw_rate"] == pytest.approx(0.3)
    assert tiny["posterior_mean"] < 0.1  # pulled to the common rate (about 3%)
    assert tiny["rank"] > 1  # a raw ranking would put it first
    assert ranked["big"]["posterior_mean"] == pytest.approx(0.03, abs=0.002)


def test_touchpoints_import_and_journeys(engine: Engine, tmp_path: Path) -> None:
    inbox = tmp_path / "tp"
    _write(inbox, "touchpoints.csv", (Path(__file__).resolve().parents[2] / "examples" / "touchpoints.csv")
           .read_text(encoding="utf-8")
           + "U-20261101-0001,2026-11-05 10:00:00,douyin,view,,,,,,\n")
    results = ingest_paths(engine, [inbox], actor="test")
    assert results[0].format == "bank.touchpoints.csv" and not results[0].rejected
    with engine.connect() as conn:
        keys = set(conn.execute(select(Touchpoint.__table__.c.journey_key)).scalars())
    assert len(keys) == 2 and not any(k.startswith("U-") for k in keys)  # pseudonymised
    journeys = sorted(load_journeys(engine, "channel"), key=lambda j: j.converted)
    assert [j.labels for j in journeys] == [("douyin", "dm"), ("xhs", "wechat")]
    assert [j.converted for j in journeys] == [False, True]  # the touch after conversion is dropped
    assert [j.labels for j in sorted(load_journeys(engine, "note"), key=lambda j: j.converted)][1] == \
        ("笔记:67a1b2c3000000000b00d1e2", "wechat")


def test_touchpoints_bad_touch_type_names_row_and_field(engine: Engine, tmp_path: Path) -> None:
    inbox = tmp_path / "bad"
    _write(inbox, "touchpoints.csv", "journey_id,time,channel,touch\nU1,2026-11-01 10:00,xhs,飞鸽传书\n")
    result = ingest_paths(engine, [inbox], actor="test")[0]
    assert result.rejected
    text = " ".join(e["text"] for e in result.errors)
    assert "touch" in text and "飞鸽传书" in text


def test_report_section(world: Engine) -> None:
    discover_codes(world, actor="test")
    section = build_section(world)
    funnel = section.charts[0].option
    assert section.key == "funnel" and funnel["xAxis"]["type"] == "log"  # stages span 5 decades
    stages, counts = funnel["yAxis"]["data"], funnel["series"][0]["data"]
    table = next(t for t in section.tables if t.key == "funnel_total")
    assert stages == [r[0] for r in table.rows] and counts == [max(r[1], 1) for r in table.rows]
    assert any("±20–40%" in c for c in section.caveats) and any("±10–15%" in c for c in section.caveats)
    assert {t.key for t in section.tables} >= {"funnel_total", "funnel_channel", "roi_channel"}


def test_scope_limits_the_funnel_to_its_accounts(world: Engine) -> None:
    from redfunnel.access import Scope

    discover_codes(world, actor="test")
    _insert(world, models.Account, [{"platform": "xhs", "account_key": "acc1", "name": "分行号",
                                     "match_status": "auto"}])
    with world.connect() as conn:
        acc_id = conn.execute(select(models.Account.__table__.c.id)).scalar_one()
    mine = rollup(code_stage_counts(world, Scope.accounts([acc_id])), "total")[0]
    assert mine.counts["click"] == 20 and mine.codes == 1  # only the code on acc1's note
    assert rollup(code_stage_counts(world, Scope.accounts([])), "total") == []
