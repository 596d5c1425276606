"""Hand-computed cases for every landscape metric, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import AS_OF, StoreBuilder
from sqlalchemy import Engine, literal, select

from redfunnel.landscape import metrics as m
from redfunnel.landscape.metrics import MetricParams
from redfunnel.landscape.rankings import (
    ACCOUNT_FIELDS,
    account_rows,
    compute_landscape,
    regional_comparison,
)
from redfunnel.store import models


def rows_by_name(
    engine: Engine, params: MetricParams | None = None, **kw: object
) -> dict[str, dict]:
    return {r["account"]: r for r in account_rows(engine, AS_OF, params, **kw)}


def test_slowing_from_every_three_days_to_monthly(engine: Engine, build: StoreBuilder) -> None:
    key = build.account("慢下来银行")
    # prior window (as_of-180, as_of-90]: a post every 3 days; then 18, 30 and 30 days apart
    build.notes(key, [float(d) for d in range(177, 92, -3)] + [75, 45, 15])
    row = rows_by_name(engine)["慢下来银行"]
    assert row["prior_median_gap_days"] == 3.0 and row["prior_cadence_band"] == "隔几日"
    assert row["median_gap_days"] == 30.0 and row["cadence_band"] == "月更"
    assert row["status"] == "slowing" and row["status_label"] == "放缓"
    assert (row["posts_30d"], row["posts_60d"], row["posts_90d"]) == (1, 2, 3)
    assert row["days_since_last_post"] == 15.0


def test_last_post_61_days_ago_is_stopped_59_is_not(engine: Engine, build: StoreBuilder) -> None:
    stopped = build.account("停更银行")
    build.notes(stopped, [61, 68, 75, 82])
    weekly = build.account("周更银行")
    build.notes(weekly, [59, 66, 73, 80])
    rows = rows_by_name(engine)
    assert rows["停更银行"]["cadence_band"] == "停更" and rows["停更银行"]["status"] == "stopped"
    assert rows["停更银行"]["posts_90d"] == 4 and rows["停更银行"]["posts_60d"] == 0
    assert rows["周更银行"]["cadence_band"] == "周更" and rows["周更银行"]["status"] == "active"
    assert rows["周更银行"]["median_gap_days"] == 7.0


def test_exactly_sixty_days_is_stopped(engine: Engine, build: StoreBuilder) -> None:
    key = build.account("六十天银行")
    build.notes(key, [60, 67])
    assert rows_by_name(engine)["六十天银行"]["cadence_band"] == "停更"


def test_one_post_and_no_posts(engine: Engine, build: StoreBuilder) -> None:
    one = build.account("一篇银行", followers=500)
    build.notes(one, [10], likes=7, collects=2, comments=1)
    build.account("零篇银行", followers=800)
    rows = rows_by_name(engine)
    single = rows["一篇银行"]
    assert single["median_gap_days"] is None and single["cadence_band"] == "不定期"
    assert single["status"] == "active" and single["posts_total"] == 1
    assert single["median_interactions"] == 10.0 and single["content_mix"]["图文"] == 1
    empty = rows["零篇银行"]
    assert empty["cadence_band"] == "停更" and empty["status"] == "stopped"
    assert empty["posts_30d"] == empty["posts_90d"] == empty["posts_total"] == 0
    assert empty["median_interactions"] is None and empty["viral_rate"] is None
    assert empty["last_post_at"] is None and empty["days_since_last_post"] is None


def test_median_interactions_viral_rate_and_mix(engine: Engine, build: StoreBuilder) -> None:
    key = build.account("互动银行")
    build.notes(key, [5, 6, 7], likes=[10, 40, 2000])
    build.notes(key, [8], likes=100, note_type="视频")
    # an old note outside the newest-20 window must not count
    params = MetricParams(recent_notes=4)
    build.notes(key, [300], likes=99999)
    row = rows_by_name(engine, params)["互动银行"]
    assert row["median_interactions"] == 70.0  # (40 + 100) / 2
    assert row["viral_rate"] == 0.25  # 2000 >= 1000, one of four
    assert row["content_mix"] == {"图文": 3, "视频": 1, "其他": 0}
    assert row["median_interactions_is_floor"] is False


def test_floor_counts_are_lower_bounds(engine: Engine, build: StoreBuilder) -> None:
    key = build.account("十万加银行")
    build.snapshot(key, 40, 100_000, floor=True)
    build.snapshot(key, 1, 100_000, floor=True)
    build.notes(key, [3, 4], likes=100_000, likes_floor=True)
    build.notes(key, [5], likes=10)
    row = rows_by_name(engine)["十万加银行"]
    assert row["followers"] == 100_000 and row["followers_is_floor"] is True
    assert row["tier"] == "头部"
    assert row["growth_30d"] is None  # 10万+ then 10万+ says nothing about growth
    assert row["median_interactions"] == 100_000 and row["median_interactions_is_floor"] is True
    assert row["viral_rate"] == round(2 / 3, 3)


def test_snapshots_out_of_order_and_growth(engine: Engine, build: StoreBuilder) -> None:
    key = build.account("增长银行")
    for days_ago, followers in [(1, 1500), (100, 1000), (35, 1200), (95, 1050), (-5, 9999)]:
        build.snapshot(key, days_ago, followers)
    build.snapshot(key, 0.5, None)  # a crawl without a follower count is no snapshot of followers
    row = rows_by_name(engine)["增长银行"]
    assert row["followers"] == 1500  # the snapshot after as_of is ignored
    assert row["growth_30d"] == 300 and row["growth_30d_pct"] == 25.0  # vs 1200, 35 days ago
    assert row["growth_90d"] == 450 and row["growth_90d_pct"] == round(100 * 450 / 1050, 1)


def test_growth_without_baseline_is_null(engine: Engine, build: StoreBuilder) -> None:
    key = build.account("新账号")
    build.snapshot(key, 10, 200)
    build.snapshot(key, 1, 260)
    row = rows_by_name(engine)["新账号"]
    assert row["followers"] == 260 and row["growth_30d"] is None and row["growth_90d"] is None


@pytest.mark.parametrize(
    ("followers", "tier"),
    [
        (100_000, "头部"),
        (99_999, "第二梯队"),
        (10_000, "第二梯队"),
        (9_999, "成长"),
        (1_000, "成长"),
        (999, "长尾"),
        (0, "长尾"),
    ],
)
def test_tier_bands(engine: Engine, build: StoreBuilder, followers: int, tier: str) -> None:
    build.account("梯队银行", followers=followers)
    assert rows_by_name(engine)["梯队银行"]["tier"] == tier


def test_configurable_bands_and_tiers(engine: Engine, build: StoreBuilder) -> None:
    key = build.account("参数银行", followers=5_000)
    build.notes(key, [45, 52, 59])
    params = MetricParams(stopped_after_days=30, tiers=(("大号", 5_000), ("小号", 0)))
    row = rows_by_name(engine, params)["参数银行"]
    assert row["cadence_band"] == "停更" and row["tier"] == "大号"
    assert rows_by_name(engine)["参数银行"]["cadence_band"] == "周更"


def test_percentile_within_category_rank_and_filters(engine: Engine, build: StoreBuilder) -> None:
    build.account("甲", "招商银行", followers=100)
    build.account("乙", "中信银行", followers=300)
    build.account("丙", "平安银行", followers=200)
    build.account("丁", "宁波银行", followers=50)
    build.account("待确认", "宁波银行", followers=10_000_000, status="review")
    build.account("微信号", "招商银行", followers=999_999, platform="wechat")
    rows = rows_by_name(engine)
    assert "待确认" not in rows and "微信号" not in rows
    assert {k: v["category_percentile"] for k, v in rows.items()} == {
        "甲": 33.3,
        "丙": 66.7,
        "乙": 100.0,
        "丁": 100.0,
    }
    assert [r["account"] for r in account_rows(engine, AS_OF)] == ["乙", "丙", "甲", "丁"]
    assert rows["乙"]["rank"] == 1 and rows["丁"]["rank"] == 4
    only = rows_by_name(engine, category="城商行")
    assert list(only) == ["丁"]
    assert set(ACCOUNT_FIELDS) <= set(rows["甲"])
    assert list(rows_by_name(engine, platform="wechat")) == ["微信号"]


def test_matrix_totals_by_role_and_region(engine: Engine, build: StoreBuilder) -> None:
    build.account("宁波银行", "宁波银行", role="主账号", region="宁波", followers=93_400)
    build.account("宁波银行信用卡", "宁波银行", role="信用卡", region="宁波", followers=61_800)
    build.account("宁来花", "宁波银行", role="产品", followers=45_300)
    build.account("招商银行", "招商银行", followers=150_000)
    land = compute_landscape(engine, now=AS_OF)
    ningbo = next(i for i in land.institutions if i["institution"] == "宁波银行")
    assert ningbo["followers_total"] == 200_500 and ningbo["accounts"] == 3
    assert ningbo["by_role"] == {"主账号": 93_400, "信用卡": 61_800, "产品": 45_300}
    assert ningbo["by_region"] == {"宁波": 155_200, "未标注": 45_300}
    assert [i["institution"] for i in land.institutions] == ["宁波银行", "招商银行"]


def test_regional_comparison(engine: Engine, build: StoreBuilder) -> None:
    build.account("中国银行广东省分行", "中国银行", role="分行", region="广东", followers=38_400)
    build.account("中国银行北京市分行", "中国银行", role="分行", region="北京", followers=3_200)
    build.account("中国银行上海市分行", "中国银行", role="分行", region="上海", followers=2_400)
    build.account("中国银行", "中国银行", followers=52_300)
    rows = account_rows(engine, AS_OF)
    branches = regional_comparison(rows, "中国银行")
    assert [b["region"] for b in branches] == ["广东", "北京", "上海"]
    assert branches[0]["times_smallest"] == 16.0 and branches[-1]["times_smallest"] == 1.0


def test_as_of_defaults_to_latest_capture(engine: Engine, build: StoreBuilder) -> None:
    key = build.account("时间银行")
    build.snapshot(key, 3, 100)
    build.notes(key, [62])
    land = compute_landscape(engine)
    assert land.as_of == AS_OF - timedelta(days=3)
    # 62 days before AS_OF is 59 days before the latest capture: not yet stopped
    assert land.accounts[0]["days_since_last_post"] == 59.0
    assert land.accounts[0]["cadence_band"] == "不定期"


def test_ces_engagement_rate_and_days_between(engine: Engine) -> None:
    row = select(
        literal(10).label("likes"),
        literal(5).label("collects"),
        literal(2).label("comments"),
        literal(1).label("shares"),
    ).subquery()
    weights = m.CesWeights()
    value = m.ces(row, weights, follows=literal(3))
    inter = m.interactions(row)
    by_views, basis_v = m.engagement_rate(inter, literal(1000), literal(2000))
    by_fans, basis_f = m.engagement_rate(inter, literal(None), literal(2000))
    nothing, basis_n = m.engagement_rate(inter, literal(None), literal(0))
    gap = m.days_between(m.at(AS_OF), m.at(AS_OF - timedelta(days=2, hours=12)))
    with engine.connect() as conn:
        got = conn.execute(
            select(value, inter, by_views, basis_v, by_fans, basis_f, nothing, basis_n, gap)
        ).one()
    assert got[0] == 10 + 5 + 4 * 2 + 4 * 1 + 8 * 3
    assert got[1] == 17
    assert got[2] == pytest.approx(0.017) and got[3] == "views"
    assert got[4] == pytest.approx(8.5) and got[5] == "per_1k_followers"
    assert got[6] is None and got[7] is None
    assert got[8] == pytest.approx(2.5)


def test_brand_reply_rate(engine: Engine, build: StoreBuilder) -> None:
    key = build.account("回复银行")
    (note,) = build.notes(key, [20])
    t = AS_OF - timedelta(days=10)
    asked = [build.comment(note, t + timedelta(hours=i)) for i in range(3)]
    build.comment(note, t + timedelta(hours=1), parent=asked[0], brand=True)  # 1 h later
    build.comment(note, t + timedelta(hours=4), parent=asked[1], brand=True)  # 3 h later
    build.comment(note, t + timedelta(hours=5), parent=asked[1], brand=True)  # a second reply
    build.comment(note, t - timedelta(days=100))  # outside the window
    accounts = m.linked_accounts("xhs").subquery()
    with engine.connect() as conn:
        (row,) = conn.execute(
            m.brand_reply_rates(accounts, AS_OF - timedelta(days=90), AS_OF)
        ).mappings()
    assert row["customer_comments"] == 3 and row["replied_comments"] == 2
    assert row["median_reply_hours"] == pytest.approx(2.0)


def test_median_by_even_and_odd(engine: Engine, build: StoreBuilder) -> None:
    a = build.account("奇数")
    build.notes(a, [1, 2, 3], likes=[5, 1, 9])
    b = build.account("偶数")
    build.notes(b, [1, 2, 3, 4], likes=[4, 1, 9, 100])
    rows = rows_by_name(engine)
    assert rows["奇数"]["median_interactions"] == 5.0
    assert rows["偶数"]["median_interactions"] == 6.5


def test_unlinked_note_authors_are_left_out(engine: Engine, build: StoreBuilder) -> None:
    acc = models.Account.__table__
    with engine.begin() as conn:
        conn.execute(
            acc.insert(),
            [
                {
                    "source_kind": "t",
                    "imported_at": AS_OF,
                    "row_hash": "x",
                    "platform": "xhs",
                    "account_key": "rand",
                    "name": "路人",
                    "match_status": "none",
                }
            ],
        )
    build.account("银行号", followers=10)
    assert list(rows_by_name(engine)) == ["银行号"]
