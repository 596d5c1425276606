"""The industry report section (行业格局): findings written from the landscape, charts and tables.

Every sentence of the summary is computed from the store as of the data's latest crawl (or the
``now`` given): how many official bank accounts there are, who leads overall and per category,
the largest account matrices, how many accounts sit under 1万 and under 1000, which accounts
slowed or stopped, and how far apart one bank's branch accounts are. Nothing is hard-coded
about any bank, so the same section describes the demo world and a real crawl.
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from redfunnel.landscape.metrics import MetricParams
from redfunnel.landscape.rankings import BANK_CATEGORIES, compute_landscape, regional_comparison
from redfunnel.landscape.text import local_date, local_time, num, wan
from redfunnel.reports.model import Chart, Section, Table

PLATFORM_NAMES = {"xhs": "小红书", "wechat": "微信公众号", "douyin": "抖音", None: "全平台"}
ROLES = ("主账号", "信用卡", "分行", "产品", "客服", "IP")
TOP_N = 20


def _list(items: list[str], limit: int = 8) -> str:
    shown = "、".join(items[:limit])
    return shown + (f"等{len(items)}个" if len(items) > limit else "")


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


def _fans(acc: dict[str, Any]) -> str:
    return wan(acc["followers"], floor=acc["followers_is_floor"])


def summarise(
    accounts: list[dict[str, Any]],
    institutions: list[dict[str, Any]],
    as_of: datetime,
    platform: str | None,
    params: MetricParams,
) -> list[str]:
    """The headline findings, one sentence each, in the order a reader asks them."""
    lines: list[str] = []
    banks = [a for a in accounts if a["institution_category"] in BANK_CATEGORIES]
    if not banks:
        return [
            f"截至{local_date(as_of)}，库中还没有已确认归属银行的{PLATFORM_NAMES.get(platform, platform)}账号。"
        ]
    ranked = [a for a in banks if a["followers"] is not None]
    by_cat = Counter(a["institution_category"] for a in banks)
    lines.append(
        f"截至{local_date(as_of)}，共识别银行官方{PLATFORM_NAMES.get(platform, platform)}账号{len(banks)}个，"
        f"来自{len({a['institution'] for a in banks})}家银行（"
        + "、".join(f"{c}{by_cat[c]}个" for c in BANK_CATEGORIES if by_cat[c])
        + "）。"
    )
    if ranked:
        top = ranked[0]
        others = "、".join(f"{a['account']} {_fans(a)}" for a in ranked[1:3])
        lines.append(
            f"{top['account']}以{_fans(top)}粉丝居首"
            + (f"，其后为{others}" if others else "")
            + "。"
        )
        lines.append(
            "粉丝前十：" + "、".join(f"{a['account']} {_fans(a)}" for a in ranked[:10]) + "。"
        )
        leaders = []
        for cat in BANK_CATEGORIES:
            first = next((a for a in ranked if a["institution_category"] == cat), None)
            if first:
                leaders.append(f"{cat} {first['account']}（{_fans(first)}）")
        lines.append("各类别粉丝第一：" + "；".join(leaders) + "。")
    matrices = [
        i
        for i in institutions
        if i["accounts"] >= 2 and i["institution_category"] in BANK_CATEGORIES
    ]
    if matrices:
        parts = []
        for inst in matrices[:3]:
            members = "＋".join(
                f"{a['account']} {wan(a['followers'])}"
                for a in inst["account_list"]
                if a["followers"] is not None
            )
            parts.append(
                f"{inst['institution']} {inst['accounts']}个账号（{members}）合计{wan(inst['followers_total'])}"
            )
        lines.append(
            "账号矩阵粉丝合计前列：" + "；".join(parts) + "（粉丝为各账号简单相加，受众可能重叠）。"
        )
    if ranked:
        over_10k = [a for a in ranked if a["followers"] >= 10_000]
        under_10k = [a for a in ranked if a["followers"] < 10_000]
        under_1k = [a for a in ranked if a["followers"] < 1_000]
        small_cats = Counter(a["institution_category"] for a in under_1k).most_common(2)
        mostly = "、".join(c for c, _ in small_cats)
        lines.append(
            f"粉丝过万的账号{len(over_10k)}个；不足1万的{len(under_10k)}个，占{_share(len(under_10k), len(ranked))}；"
            f"不足1000的{len(under_1k)}个，占{_share(len(under_1k), len(ranked))}"
            + (f"，多为{mostly}" if under_1k else "")
            + "。"
        )
        functional = []
        for inst in institutions:
            accs = [
                a
                for a in banks
                if a["institution"] == inst["institution"] and a["followers"] is not None
            ]
            roles = [a["role"] for a in accs]
            if (
                len(accs) >= 2
                and all(a["followers"] < 10_000 for a in accs)
                and sum(r != "主账号" for r in roles) > len(roles) / 2
            ):
                functional.append(
                    f"{inst['institution']}（{'、'.join(sorted({r or '未标注' for r in roles}))}）"
                )
        if functional:
            lines.append(
                "以功能性账号为主、各账号粉丝均不足1万的银行：" + "；".join(functional) + "。"
            )
    bands = Counter(a["cadence_band"] for a in banks)
    lines.append(
        "更新节奏：" + "、".join(f"{b}{bands[b]}个" for b in params.band_order if bands[b]) + "。"
    )
    stopped = [a for a in banks if a["status"] == "stopped"]
    slowing = [a for a in banks if a["status"] == "slowing"]
    if stopped:
        lines.append(
            f"停更（{params.stopped_after_days}天以上未发布）{len(stopped)}个："
            + _list(
                [
                    f"{a['account']}（{num(a['days_since_last_post'], 0)}天）"
                    if a["last_post_at"]
                    else a["account"]
                    for a in sorted(stopped, key=lambda a: -(a["days_since_last_post"] or 1e9))
                ]
            )
            + "。"
        )
    if slowing:
        lines.append(
            f"更新放缓{len(slowing)}个："
            + _list(
                [
                    f"{a['account']}（{a['prior_cadence_band']}→{a['cadence_band']}）"
                    for a in slowing
                ]
            )
            + "。"
        )
    for inst in institutions:
        branches = regional_comparison(accounts, inst["institution"])
        if len(branches) >= 2:
            top, rest = branches[0], branches[1:]
            gaps = "、".join(
                f"{b['account']}（{wan(b['followers'])}）的{num(top['followers'] / b['followers'])}倍"
                for b in rest
                if b["followers"]
            )
            lines.append(
                f"{inst['institution']}分行差距：{top['account']} {wan(top['followers'])}，是{gaps}。"
            )
    return lines


def _accounts_table(accounts: list[dict[str, Any]]) -> Table:
    cols = [
        "排名",
        "账号",
        "机构",
        "类别",
        "角色",
        "地区",
        "平台",
        "粉丝",
        "梯队",
        "类别内百分位",
        "更新节奏",
        "此前节奏",
        "状态",
        "近30天发布",
        "近90天发布",
        "发文间隔中位数(天)",
        "距上次发布(天)",
        "30天粉丝增长",
        "90天粉丝增长",
        "90天增长率(%)",
        "近期笔记互动中位数",
        "爆文率",
        "图文",
        "视频",
    ]
    rows = [
        [
            a["rank"],
            a["account"],
            a["institution"],
            a["institution_category"],
            a["role"],
            a["region"],
            a["platform"],
            a["followers"],
            a["tier"],
            a["category_percentile"],
            a["cadence_band"],
            a["prior_cadence_band"],
            a["status_label"],
            a["posts_30d"],
            a["posts_90d"],
            a["median_gap_days"],
            a["days_since_last_post"],
            a["growth_30d"],
            a["growth_90d"],
            a["growth_90d_pct"],
            a["median_interactions"],
            a["viral_rate"],
            a["content_mix"]["图文"],
            a["content_mix"]["视频"],
        ]
        for a in accounts
    ]
    return Table(
        "accounts",
        "账号排名",
        cols,
        rows,
        note="粉丝取统计时点前最新快照；互动 = 点赞 + 收藏 + 评论，取最近20篇笔记的中位数。",
    )


def _institutions_table(institutions: list[dict[str, Any]]) -> Table:
    cols = ["排名", "机构", "类别", "账号数", "粉丝合计", *ROLES, "停更账号数"]
    rows = [
        [
            i["rank"],
            i["institution"],
            i["institution_category"],
            i["accounts"],
            i["followers_total"],
            *[i["by_role"].get(r, 0) for r in ROLES],
            i["stopped_accounts"],
        ]
        for i in institutions
    ]
    return Table(
        "institutions",
        "机构矩阵（按角色）",
        cols,
        rows,
        note="粉丝合计为各账号简单相加，受众可能重叠。",
    )


def _bar(
    title: str, names: list[str], values: list[Any], horizontal: bool = True
) -> dict[str, Any]:
    cat_axis = {"type": "category", "data": names, "axisLabel": {"interval": 0}}
    val_axis = {"type": "value"}
    if horizontal:
        cat_axis["inverse"] = True
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "grid": {
            "left": 150 if horizontal else 50,
            "right": 60,
            "top": 10,
            "bottom": 30 if horizontal else 60,
            "containLabel": False,
        },
        "xAxis": val_axis if horizontal else cat_axis,
        "yAxis": cat_axis if horizontal else val_axis,
        "series": [
            {
                "type": "bar",
                "data": values,
                "label": {"show": True, "position": "right" if horizontal else "top"},
            }
        ],
    }


def build_section(
    engine: Engine,
    *,
    now: datetime | None = None,
    platform: str | None = "xhs",
    category: str | None = None,
    params: MetricParams | None = None,
    **_: Any,
) -> Section:
    """The 行业格局 section of the report as of ``now`` (default: the latest crawl in the store)."""
    params = params or MetricParams()
    land = compute_landscape(engine, now=now, platform=platform, category=category, params=params)
    accounts, institutions = land.accounts, land.institutions
    ranked = [a for a in accounts if a["followers"] is not None]

    top = ranked[:TOP_N]
    top_table = Table(
        "top_accounts",
        f"粉丝前{TOP_N}的账号",
        ["账号", "机构", "粉丝"],
        [[a["account"], a["institution"], a["followers"]] for a in top],
    )
    tier_counts = Counter(a["tier"] for a in ranked)
    tiers_table = Table(
        "tiers",
        "粉丝梯队分布",
        ["梯队", "粉丝区间", "账号数", "占比(%)"],
        [
            [
                label,
                _tier_range(params, label),
                tier_counts[label],
                round(100 * tier_counts[label] / len(ranked), 1) if ranked else None,
            ]
            for label in params.tier_order
        ],
    )
    band_counts = Counter(a["cadence_band"] for a in accounts)
    cadence_table = Table(
        "cadence",
        "更新节奏分布",
        ["节奏", "账号数"],
        [[b, band_counts[b]] for b in params.band_order],
    )
    watch = [a for a in accounts if a["status"] != "active"]
    watch_table = Table(
        "watch",
        "停更与放缓的账号",
        [
            "账号",
            "机构",
            "类别",
            "粉丝",
            "状态",
            "此前节奏",
            "当前节奏",
            "近60天发布",
            "最后发布日期",
            "距今(天)",
        ],
        [
            [
                a["account"],
                a["institution"],
                a["institution_category"],
                a["followers"],
                a["status_label"],
                a["prior_cadence_band"],
                a["cadence_band"],
                a["posts_60d"],
                local_date(a["last_post_at"]) if a["last_post_at"] else None,
                a["days_since_last_post"],
            ]
            for a in watch
        ],
    )
    cat_rows = []
    for cat in BANK_CATEGORIES:
        members = [a for a in ranked if a["institution_category"] == cat]
        if members:
            cat_rows.append(
                [
                    cat,
                    len(members),
                    len({a["institution"] for a in members}),
                    statistics.median(a["followers"] for a in members),
                    members[0]["account"],
                    members[0]["followers"],
                ]
            )
    categories_table = Table(
        "categories",
        "各类别概况",
        ["类别", "账号数", "银行数", "粉丝中位数", "粉丝第一", "第一名粉丝"],
        cat_rows,
    )
    branch_rows = []
    for inst in institutions:
        for b in regional_comparison(accounts, inst["institution"]):
            branch_rows.append(
                [
                    inst["institution"],
                    b["account"],
                    b["region"],
                    b["followers"],
                    b["times_smallest"],
                    b["posts_90d"],
                    b["cadence_band"],
                    b["median_interactions"],
                ]
            )
    branches_table = Table(
        "branches",
        "分行账号对比",
        [
            "机构",
            "分行账号",
            "地区",
            "粉丝",
            "为本行最小分行的倍数",
            "近90天发布",
            "更新节奏",
            "近期互动中位数",
        ],
        branch_rows,
    )
    matrix = [i for i in institutions if i["accounts"] >= 2][:15]
    matrix_table = Table(
        "matrix",
        "多账号机构的矩阵构成",
        ["机构", *ROLES, "合计"],
        [
            [i["institution"], *[i["by_role"].get(r, 0) for r in ROLES], i["followers_total"]]
            for i in matrix
        ],
    )

    charts = [
        Chart(
            "top_followers",
            f"粉丝前{TOP_N}的账号",
            _bar(
                f"粉丝前{TOP_N}的账号", [a["account"] for a in top], [a["followers"] for a in top]
            ),
            table="top_accounts",
            kind="bar",
            category_column=0,
            value_columns=[2],
        ),
        Chart(
            "tiers",
            "粉丝梯队分布",
            {
                "animation": False,
                "tooltip": {"trigger": "item"},
                "legend": {"bottom": 0},
                "series": [
                    {
                        "type": "pie",
                        "radius": ["35%", "65%"],
                        "data": [{"name": r[0], "value": r[2]} for r in tiers_table.rows],
                        "label": {"formatter": "{b}\n{c}个 ({d}%)"},
                    }
                ],
            },
            table="tiers",
            kind="pie",
            category_column=0,
            value_columns=[2],
        ),
        Chart(
            "cadence",
            "更新节奏分布",
            _bar(
                "更新节奏分布",
                [r[0] for r in cadence_table.rows],
                [r[1] for r in cadence_table.rows],
                horizontal=False,
            ),
            table="cadence",
            kind="column",
            category_column=0,
            value_columns=[1],
        ),
        Chart(
            "matrix",
            "多账号机构的矩阵构成（粉丝简单相加）",
            {
                "animation": False,
                "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
                "legend": {"bottom": 0},
                "grid": {"left": 100, "right": 30, "top": 10, "bottom": 50},
                "xAxis": {"type": "value"},
                "yAxis": {
                    "type": "category",
                    "inverse": True,
                    "data": [i["institution"] for i in matrix],
                },
                "series": [
                    {
                        "type": "bar",
                        "stack": "total",
                        "name": role,
                        "data": [i["by_role"].get(role, 0) for i in matrix],
                    }
                    for role in ROLES
                ],
            },
            table="matrix",
            kind="bar",
            category_column=0,
            value_columns=list(range(1, len(ROLES) + 1)),
        ),
    ]
    if branch_rows:
        charts.append(
            Chart(
                "branches",
                "分行账号粉丝对比",
                _bar("分行账号粉丝对比", [r[1] for r in branch_rows], [r[3] for r in branch_rows]),
                table="branches",
                kind="bar",
                category_column=1,
                value_columns=[3],
            )
        )

    caveats = [
        f"统计时点：{local_time(land.as_of)}（北京时间），即库中最新一次抓取或导出的时间；近30/90天等窗口均按此时点计算，而非报告生成时间。",
        "只统计已确认归属某家机构的账号；未被抓取到的账号不在统计之内。",
        "机构矩阵的粉丝为各账号简单相加，同一用户可能同时关注多个账号，合计不代表去重受众。",
        "“10万+”等显示值按下限计入，涉及下限值的粉丝增长不计算。",
        f"更新节奏按近{params.trend_window_days}天发文间隔中位数划分：隔几日≤4天、周更≤10天、半月更≤20天、月更≤45天，"
        f"更长为不定期；{params.stopped_after_days}天及以上未发布为停更；当前节奏慢于前一个{params.trend_window_days}天记为放缓。",
    ]
    return Section(
        key="landscape",
        title="行业格局",
        summary=summarise(accounts, institutions, land.as_of, platform, params),
        charts=charts,
        tables=[
            _accounts_table(accounts),
            top_table,
            categories_table,
            tiers_table,
            cadence_table,
            watch_table,
            _institutions_table(institutions),
            matrix_table,
            branches_table,
        ],
        caveats=caveats,
        data={
            **land.to_dict(),
            "regional": {
                i["institution"]: regional_comparison(accounts, i["institution"])
                for i in institutions
                if any(
                    a["role"] == "分行" and a["institution"] == i["institution"] for a in accounts
                )
            },
        },
    )


def _tier_range(params: MetricParams, label: str) -> str:
    order = list(params.tiers)
    i = [t[0] for t in order].index(label)
    low = order[i][1]
    high = order[i - 1][1] if i > 0 else None
    if high is None:
        return f"≥{wan(low)}"
    if low == 0:
        return f"<{wan(high)}"
    return f"{wan(low)}–{wan(high)}"
