"""The funnel section of reports: funnel chart, attribution side by side, costs and ROI, caveats."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from redfunnel.funnel.attribution import METHOD_NAMES_ZH, METHODS, attribute
from redfunnel.funnel.costs import DEMO_VALUES, costs
from redfunnel.funnel.funnel import STAGE_NAMES_ZH, STAGES, code_stage_counts, rollup
from redfunnel.funnel.incrementality import adjust_credit, factors
from redfunnel.funnel.journeys import load_journeys
from redfunnel.reports.model import Chart, Section, Table

__all__ = ["build_section", "CAVEATS"]

CAVEATS = [
    "归因份额是“观察到的功劳”：任何路径归因都会把本来就会发生的转化也分给各渠道，不等于因果效果；"
    "模拟中末次触点把 88% 的转化记给私信和品牌搜索，而真实贡献只有 23%。",
    "增量效果需要留出实验（停投周、地区或人群留出）校准；有实验的渠道按“增量系数”校正，并单独标注。",
    "按追踪码直接统计的 ROI 只覆盖带码的转化；没有实验时，总体数字大约有 ±10–15% 的误差，"
    "分渠道数字大约 ±20–40%。",
    "阅读量较少的笔记，转化率用经验贝叶斯收缩后再排序；区间为 90% 可信区间，小样本区间很宽属正常。",
    "产品价值为假设输入（演示默认值），请按本行口径用 --value 覆盖后再解读 ROI。",
]


CHANNEL_NAMES_ZH = {"xhs": "小红书", "xhs_juguang": "小红书聚光", "wechat": "微信", "douyin": "抖音",
                    "dm": "私信", "search": "搜索", "app": "App", "unknown": "未知"}


def channel_zh(label: str) -> str:
    """Chinese display name of a channel label (other labels, e.g. notes, unchanged)."""
    return CHANNEL_NAMES_ZH.get(label, label)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.1%}"


def _interval(rate: Any) -> str:
    return "-" if rate is None else f"{rate.rate:.2%}（{rate.low:.2%}–{rate.high:.2%}）"


def build_section(engine: Engine, *, now: datetime | None = None, **options: Any) -> Section:
    """Build the 转化与ROI section from the store."""
    section = Section(key="funnel", title="转化与ROI")
    codes = code_stage_counts(engine)
    total = rollup(codes, "total")
    by_channel = rollup(codes, "channel")
    if not codes:
        section.summary.append("库中还没有带追踪码的转化数据。")
        section.caveats = list(CAVEATS)
        return section
    t = total[0]
    stages = [s for s in STAGES if t.counts.get(s) is not None]
    section.charts.append(Chart(
        key="funnel_total", title="转化漏斗（全部追踪码）",
        # Stages span five orders of magnitude (exposure vs approvals): a proportional funnel
        # shape collapses to a wedge, so the stages are bars on a logarithmic axis.
        option={"tooltip": {"trigger": "axis"},
                "grid": {"left": 90, "right": 60},
                "xAxis": {"type": "log", "name": "数量（对数）", "min": 1, "axisLabel": {"rotate": 30}},
                "yAxis": {"type": "category", "inverse": True,
                          "data": [STAGE_NAMES_ZH[s] for s in stages]},
                "series": [{"type": "bar", "name": "数量",
                            "label": {"show": True, "position": "right"},
                            "data": [max(int(t.counts[s] or 0), 1) for s in stages]}]},
        table="funnel_total", kind="bar"))
    section.tables.append(Table(
        key="funnel_total", title="漏斗各阶段（相对上一阶段的转化率，90% 区间）",
        columns=["阶段", "数量", "转化率（区间）"],
        rows=[[STAGE_NAMES_ZH[s], t.counts.get(s), _interval(t.rates.get(s))] for s in stages]))
    section.tables.append(Table(
        key="funnel_channel", title="分渠道漏斗",
        columns=["渠道", "追踪码数", "点击", "留资", "申请", "核准", "申请→核准（区间）"],
        rows=[[channel_zh(r.group), r.codes, r.counts.get("click"), r.counts.get("lead"),
               r.counts.get("application"), r.counts.get("approved"), _interval(r.rates.get("approved"))]
              for r in by_channel]))
    approved = t.counts.get("approved") or 0
    app_rate = t.rates.get("approved")
    section.summary.append(f"带追踪码的转化：点击 {t.counts.get('click') or 0:,.0f}，申请 "
                           f"{t.counts.get('application') or 0:,.0f}，核准 {approved:,.0f}"
                           + (f"；申请核准率 {_interval(app_rate)}" if app_rate else "") + "。")
    journeys = load_journeys(engine, "channel")
    if journeys:
        result = attribute(journeys)
        order = sorted(result.labels, key=lambda x: -result.shares["shapley"][x])
        section.charts.append(Chart(
            key="attribution", title="各归因方法的渠道份额",
            option={"tooltip": {"trigger": "axis"}, "legend": {"top": 0},
                    "xAxis": {"type": "category", "data": [channel_zh(x) for x in order]},
                    "yAxis": {"type": "value", "axisLabel": {"formatter": "{value}%"}},
                    "series": [{"type": "bar", "name": METHOD_NAMES_ZH[m],
                                "data": [round(100 * result.shares[m][x], 1) for x in order]}
                               for m in METHODS]},
            table="attribution", kind="column", value_columns=list(range(1, len(METHODS) + 1))))
        section.tables.append(Table(
            key="attribution", title="归因份额对比（观察到的功劳）",
            columns=["渠道", *[METHOD_NAMES_ZH[m] for m in METHODS], "方法间差距"],
            rows=[[channel_zh(x), *[_pct(result.shares[m][x]) for m in METHODS], _pct(result.disagreement[x])]
                  for x in order],
            note=f"旅程 {result.journeys:,.0f} 条，其中转化 {result.conversions:,.0f}；"
                 f"马尔可夫与 Shapley 平均相差 {result.markov_shapley_gap:.1%}。"))
        top = order[0]
        section.summary.append(
            f"多触点归因：{channel_zh(top)} 的份额在各方法间为 "
            f"{min(result.shares[m][top] for m in METHODS):.0%}–{max(result.shares[m][top] for m in METHODS):.0%}；"
            f"末次触点与 Shapley 分歧最大的渠道是 "
            f"{channel_zh(max(order, key=lambda x: abs(result.shares['last'][x] - result.shares['shapley'][x])))}。")
        adjusted = adjust_credit(result.credits["markov"], factors(engine))
        rows = [[channel_zh(label), f"{row['credit']:.0f}", f"{row['factor']:.2f}", f"{row['adjusted']:.0f}",
                 f"{row['low']:.0f}–{row['high']:.0f}"]
                for label, row in adjusted.items() if row["factor"] is not None]
        if rows:
            section.tables.append(Table(
                key="incrementality", title="增量校正（留出实验系数 × 马尔可夫功劳）",
                columns=["渠道", "观察功劳", "增量系数", "增量校正后", "90% 区间"], rows=rows,
                note="仅列出做过留出实验的渠道；其余渠道的功劳未经增量校正。"))
    roi_rows = costs(engine, "channel", DEMO_VALUES, codes)

    def cost(c: dict[str, Any] | None) -> str:
        if not c or c.get("cost") is None:
            return "-"
        hi = "∞" if c.get("high") is None else f"{c['high']:,.0f}"
        return f"{c['cost']:,.0f}（{c['low']:,.0f}–{hi}）"

    section.tables.append(Table(
        key="roi_channel", title="分渠道成本与 ROI（按追踪码归属，未做增量校正）",
        columns=["渠道", "花费（元）", "每留资成本", "每申请成本", "每核准成本", "ROI（90% 区间）"],
        rows=[[channel_zh(r["group"]), r["spend"], cost(r["cost_per_lead"]), cost(r["cost_per_application"]),
               cost(r["cost_per_approved"]),
               "-" if r["roi"] is None else f"{r['roi']['roi']:.0%}（{r['roi']['low']:.0%}～{r['roi']['high']:.0%}）"]
              for r in roi_rows],
        note="聚光花费以财务周台账为准，台账未覆盖的日期才计入聚光日报，避免重复计算。"))
    spend_total = sum(r["spend"] for r in roi_rows)
    section.summary.append(f"去重后投放花费合计 {spend_total:,.0f} 元。")
    section.caveats = list(CAVEATS)
    section.data = {"total": t.to_dict(), "channels": [r.to_dict() for r in by_channel], "roi": roi_rows}
    return section
