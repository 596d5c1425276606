"""The content section (内容分析) of the report: what works, what is duplicated, what is preachy,
what is trending, computed from the labelled notes in the store.

Options: ``account`` (name or id) adds that account's comparison with peers and its gaps;
``home_bank`` defaults to the account named ``account``. Nothing about any bank is hard-coded.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Engine

from redfunnel.access import Scope
from redfunnel.content.classify import LABEL_ZH, PILLAR_ZH
from redfunnel.content.dataset import find_account, load_labelled
from redfunnel.content.gaps import describe, find_gaps
from redfunnel.content.homogeneity import analyse
from redfunnel.content.performance import DIMENSION_ZH, by_dimension
from redfunnel.content.trends import keywords
from redfunnel.reports.model import Chart, Section, Table


def _bar(
    key: str, title: str, rows: list[dict[str, Any]], labels: dict[str, str] | None = None
) -> Chart:
    cats = [(labels or {}).get(r["value"], r["value"]) for r in rows]
    return Chart(
        key=key,
        title=title,
        table=key,
        kind="bar",
        category_column=0,
        value_columns=[2],
        option={
            "tooltip": {"trigger": "axis"},
            "legend": {},
            "xAxis": {"type": "category", "data": cats, "axisLabel": {"interval": 0, "rotate": 30}},
            "yAxis": {"type": "value", "name": "中位互动"},
            "series": [
                {"type": "bar", "name": "中位互动", "data": [round(r["median"], 1) for r in rows]},
                {
                    "type": "scatter",
                    "name": "95%区间下限",
                    "symbol": "triangle",
                    "data": [round(r["ci_low"], 1) for r in rows],
                },
                {
                    "type": "scatter",
                    "name": "95%区间上限",
                    "symbol": "triangle",
                    "symbolRotate": 180,
                    "data": [round(r["ci_high"], 1) for r in rows],
                },
            ],
        },
    )


def _perf_table(key: str, dim: str, rows: list[dict[str, Any]]) -> Table:
    labels = LABEL_ZH.get(dim, {})
    return Table(
        key=key,
        title=f"按{DIMENSION_ZH[dim]}的中位互动（点赞+收藏+评论）",
        columns=[DIMENSION_ZH[dim], "笔记数", "中位互动", "95%区间下限", "95%区间上限"],
        rows=[
            [
                labels.get(r["value"], r["value"]),
                r["notes"],
                round(r["median"], 1),
                round(r["ci_low"], 1),
                round(r["ci_high"], 1),
            ]
            for r in rows
        ],
        note="互动呈重尾分布，故用中位数；区间为自助法（1000次重抽样）95%区间。",
    )


def build_section(
    engine: Engine, *, now: datetime | None = None, account: str | None = None, **options: Any
) -> Section:
    """The 内容分析 section (see module docstring)."""
    notes = load_labelled(engine, scope=Scope.everything(), until=now)
    section = Section(key="content", title="内容分析")
    if not notes:
        section.summary.append(
            "库中还没有已打标签的笔记：导入数据后运行 redfunnel classify --store。"
        )
        return section
    perf = {
        d: by_dimension(notes, d, min_notes=5)
        for d in ("pillar", "product", "segment", "format", "weekday", "hour")
    }
    pillars = perf["pillar"]
    overall = float(np.median([n.interactions for n in notes]))
    s = section.summary
    s.append(
        f"共分析{len(notes)}篇已打标签的小红书笔记，"
        f"来自{len({n.account_id for n in notes})}个账号，"
        f"整体中位互动{overall:.0f}。"
    )
    if pillars:
        best, worst = pillars[0], pillars[-1]
        s.append(
            f"互动最高的内容支柱是{PILLAR_ZH[best['value']]}（中位{best['median']:.0f}，95%区间"
            f"{best['ci_low']:.0f}–{best['ci_high']:.0f}，{best['notes']}篇），最低的是{PILLAR_ZH[worst['value']]}"
            f"（中位{worst['median']:.0f}）。"
        )
    fmt = {r["value"]: r for r in perf["format"]}
    if "视频" in fmt and "图文" in fmt:
        s.append(f"视频中位互动{fmt['视频']['median']:.0f}，图文{fmt['图文']['median']:.0f}。")
    if perf["weekday"] and perf["hour"]:
        s.append(
            f"表现最好的发布日是{perf['weekday'][0]['value']}，时段是{perf['hour'][0]['value']}前后。"
        )
    homog = analyse(notes)
    cross_share = sum(a["cross_bank_duplicates"] for a in homog.accounts) / max(1, homog.notes)
    s.append(
        f"{cross_share:.0%}的笔记在其他银行有近似重复（字符5-gram MinHash，Jaccard≈0.7）；"
        + (
            f"最雷同的支柱是{PILLAR_ZH.get(homog.pillars[0]['pillar'], homog.pillars[0]['pillar'])}"
            f"（{homog.pillars[0]['saturation']:.0%}）。"
            if homog.pillars
            else ""
        )
    )
    tone_pairs = [(n.preachiness, n.interactions) for n in notes if n.preachiness is not None]
    if len(tone_pairs) >= 20:
        t = np.array(tone_pairs, dtype=float)
        q = np.quantile(t[:, 0], [1 / 3, 2 / 3])
        low = float(np.median(t[t[:, 0] <= q[0], 1]))
        high = float(np.median(t[t[:, 0] > q[1], 1]))
        s.append(f"说教感最强的三分之一笔记中位互动{high:.0f}，最弱的三分之一为{low:.0f}。")
        bins = [0, 20, 30, 40, 50, 60, 101]
        tone_rows = []
        for lo_, hi_ in zip(bins[:-1], bins[1:], strict=True):
            sel = t[(t[:, 0] >= lo_) & (t[:, 0] < hi_), 1]
            if len(sel):
                tone_rows.append([f"{lo_}–{min(hi_, 100)}", len(sel), float(np.median(sel))])
        section.tables.append(
            Table(
                key="tone",
                title="说教分与互动",
                columns=["说教分", "笔记数", "中位互动"],
                rows=tone_rows,
                note="说教分由祈使词、公文/术语密度、句长与口语化标记计算，见 content.tone。",
            )
        )
        section.charts.append(
            Chart(
                key="tone",
                title="说教分与中位互动",
                table="tone",
                kind="column",
                category_column=0,
                value_columns=[2],
                option={
                    "xAxis": {"type": "category", "data": [r[0] for r in tone_rows]},
                    "yAxis": {"type": "value", "name": "中位互动"},
                    "series": [{"type": "bar", "data": [round(r[2], 1) for r in tone_rows]}],
                },
            )
        )
    trend = keywords(notes)
    if trend["overall"]["hot"]:
        s.append(
            f"{trend['period']}热词："
            + "、".join(w["word"] for w in trend["overall"]["hot"][:8])
            + "。"
        )
    if trend["overall"]["rising"]:
        s.append("上升最快：" + "、".join(w["word"] for w in trend["overall"]["rising"][:6]) + "。")

    for dim in ("pillar", "product", "segment", "format", "weekday"):
        section.tables.append(_perf_table(f"perf_{dim}", dim, perf[dim]))
    section.charts.insert(
        0, _bar("perf_pillar", "各内容支柱中位互动（95%区间）", pillars, PILLAR_ZH)
    )
    section.tables.append(
        Table(
            key="homog_clusters",
            title="跨银行近似重复簇",
            columns=["机构数", "笔记数", "支柱", "中位互动", "示例标题"],
            rows=[
                [
                    c["institutions"],
                    c["notes"],
                    PILLAR_ZH.get(c["pillar"], c["pillar"]),
                    c["median_interactions"],
                    c["title"],
                ]
                for c in homog.clusters
                if c["institutions"] >= 2
            ][:15],
        )
    )
    section.tables.append(
        Table(
            key="homog_accounts",
            title="各账号与他行雷同的笔记占比",
            columns=["账号", "机构", "笔记数", "雷同篇数", "占比"],
            rows=[
                [a["account"], a["institution"], a["notes"], a["cross_bank_duplicates"], a["share"]]
                for a in homog.accounts
                if a["notes"] >= 5
            ][:30],
        )
    )
    section.tables.append(
        Table(
            key="homog_pillars",
            title="各支柱饱和度",
            columns=["支柱", "笔记数", "机构数", "雷同占比"],
            rows=[
                [
                    PILLAR_ZH.get(p["pillar"], p["pillar"]),
                    p["notes"],
                    p["institutions"],
                    p["saturation"],
                ]
                for p in homog.pillars
            ],
        )
    )
    section.tables.append(
        Table(
            key="trends",
            title=f"热词与上升词（{trend['period']}，对比{trend['previous']}）",
            columns=["范围", "热词", "上升词"],
            rows=[
                [
                    "全部",
                    "、".join(w["word"] for w in trend["overall"]["hot"]),
                    "、".join(w["word"] for w in trend["overall"]["rising"]),
                ]
            ]
            + [
                [
                    PILLAR_ZH.get(p, p),
                    "、".join(w["word"] for w in v["hot"][:6]),
                    "、".join(w["word"] for w in v["rising"][:6]),
                ]
                for p, v in trend["pillars"].items()
            ],
        )
    )
    data: dict[str, Any] = {
        "notes": len(notes),
        "overall_median": overall,
        "performance": perf,
        "homogeneity": {
            "accounts": homog.accounts,
            "pillars": homog.pillars,
            "cross_bank_share": cross_share,
        },
        "trends": trend,
    }
    if account:
        acct = find_account(engine, account)
        if acct is not None:
            g = find_gaps(notes, acct["id"])
            data["gaps"] = g
            if g["gaps"]:
                s.append(
                    f"{acct['name']}的主要缺口："
                    + "；".join(describe(x) for x in g["gaps"][:3])
                    + "。"
                )
            section.tables.append(
                Table(
                    key="gaps",
                    title=f"{acct['name']}的内容缺口（对比{g['basis']}）",
                    columns=[
                        "维度",
                        "取值",
                        "状态",
                        "同业篇数",
                        "同业机构数",
                        "同业中位互动",
                        "本账号篇数",
                        "本账号中位互动",
                    ],
                    rows=[
                        [
                            DIMENSION_ZH[x["dimension"]],
                            x["label"],
                            x["status"],
                            x["peer_notes"],
                            x["peer_institutions"],
                            x["peer_median"],
                            x["own_notes"],
                            x["own_median"],
                        ]
                        for x in g["gaps"]
                    ],
                )
            )
    section.data = data
    section.caveats += [
        "标签由分类器给出（留出集宏平均F1见 redfunnel eval content），个别笔记可能误标。",
        "互动=点赞+收藏+评论，为公开数据的最新值；同业为同类机构的其他账号。",
    ]
    return section
