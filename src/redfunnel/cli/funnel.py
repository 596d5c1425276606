"""Commands for tracking codes, funnel, attribution and ROI (issue 7)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from redfunnel.cli.app import JsonFlag, app, emit_json, engine, fail, out

track_app = typer.Typer(help="追踪码：为笔记或活动生成追踪码与链接/二维码参数。", no_args_is_help=True)
app.add_typer(track_app, name="track")
holdout_app = typer.Typer(help="留出实验：记录实验结果，得到各渠道的增量系数。", no_args_is_help=True)
app.add_typer(holdout_app, name="holdout")


def channel_zh(label: str) -> str:
    from redfunnel.funnel.report import channel_zh as zh

    return zh(label)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.1%}"


@track_app.command("new")
def track_new(
    note: Annotated[str | None, typer.Option("--note", help="笔记 ID")] = None,
    campaign: Annotated[str | None, typer.Option("--campaign", help="活动 ID")] = None,
    channel: Annotated[str | None, typer.Option("--channel", help="渠道（默认取笔记平台或活动渠道）")] = None,
    product: Annotated[str | None, typer.Option("--product", help="产品线，如 credit_card")] = None,
    url: Annotated[str | None, typer.Option("--url", help="落地页地址（生成带参数链接）")] = None,
    as_json: JsonFlag = False,
) -> None:
    """为笔记或活动生成追踪码，并给出链接参数与二维码内容。

    Example:
        redfunnel track new --note 6720a1b2c3d4e5f6a7b8c9d0 --product credit_card --url https://m.example.com/card --json
    """
    from redfunnel.funnel.tracking import TrackingError, issue_code

    try:
        issued = issue_code(engine(), note_key=note, campaign_key=campaign, channel=channel,
                            product=product, landing_url=url)
    except TrackingError as exc:
        raise fail(str(exc)) from exc
    if as_json:
        emit_json(issued.to_dict())
        return
    out.print(f"追踪码：[bold]{issued.code}[/bold]")
    if issued.url:
        out.print(f"带参数链接：{issued.url}")
    out.print(f"二维码内容：{issued.qr_payload}")
    out.print("提示：小红书笔记可在正文写“活动口令：" + issued.code + "”，用户在 App 搜索口令参与。")


@track_app.command("list")
def track_list(as_json: JsonFlag = False) -> None:
    """列出已登记的追踪码及各阶段转化数。

    Example:
        redfunnel track list --json
    """
    from redfunnel.funnel.tracking import list_codes

    codes = list_codes(engine())
    if as_json:
        emit_json({"codes": codes})
        return
    table = Table(title="追踪码")
    for col in ("追踪码", "渠道", "产品", "笔记", "活动", "点击", "申请", "核准"):
        table.add_column(col)
    for c in codes:
        s = c["stages"]
        table.add_row(c["code"], c["channel"] or "-", c["product"] or "-", c["note_key"] or "-",
                      c["campaign_key"] or "-", str(s.get("click", 0)), str(s.get("application", 0)),
                      str(s.get("approved", 0)))
    out.print(table)


@track_app.command("discover")
def track_discover(as_json: JsonFlag = False) -> None:
    """从笔记正文（活动口令）与投放台账中发现已在使用的追踪码并登记。

    Example:
        redfunnel track discover --json
    """
    from redfunnel.funnel.tracking import discover_codes

    found = discover_codes(engine(), actor="cli")
    if as_json:
        emit_json(found)
    else:
        out.print(f"新登记追踪码 {found['new_codes']} 个（笔记 {found['note_codes']}，活动 {found['campaign_codes']}）")


@app.command("funnel")
def funnel_cmd(
    by: Annotated[str, typer.Option("--by", help="分组：total/note/account/campaign/channel/product/code")] = "total",
    rank: Annotated[bool, typer.Option("--rank", help="按经验贝叶斯后验对笔记的“点击/阅读”排序")] = False,
    as_json: JsonFlag = False,
) -> None:
    """转化漏斗：曝光→阅读→互动→关注→点击→落地页→留资→申请→核准，带 90% 区间。

    Example:
        redfunnel funnel --by channel --json
    """
    from redfunnel.funnel.funnel import (
        GROUPINGS,
        STAGE_NAMES_ZH,
        STAGES,
        code_stage_counts,
        rank_notes,
        rollup,
    )

    if by not in GROUPINGS:
        raise fail(f"未知分组 '{by}'（可用：{'/'.join(GROUPINGS)}）")
    codes = code_stage_counts(engine())
    rows = rollup(codes, by)
    ranking = rank_notes(codes) if rank else None
    if as_json:
        doc: dict[str, Any] = {"by": by, "level": 0.9, "rows": [r.to_dict() for r in rows]}
        if ranking is not None:
            doc["note_ranking"] = ranking
        emit_json(doc)
        return
    table = Table(title=f"转化漏斗（按{GROUPINGS[by]}）")
    table.add_column(GROUPINGS[by])
    for stage in STAGES:
        table.add_column(STAGE_NAMES_ZH[stage], justify="right")
    for r in rows[:30]:
        cells = []
        for stage in STAGES:
            count = r.counts.get(stage)
            rate = r.rates.get(stage)
            text = "-" if count is None else f"{count:,.0f}"
            if rate is not None:
                text += f"\n{_pct(rate.rate)} [{_pct(rate.low)}–{_pct(rate.high)}]"
            cells.append(text)
        table.add_row(channel_zh(r.group) if by == "channel" else r.group, *cells)
    out.print(table)
    out.print("比率为相对上一阶段（点击相对阅读），方括号内为 90% 区间。")
    if ranking:
        rt = Table(title="笔记排序（点击/阅读，经验贝叶斯收缩后）")
        for col in ("名次", "笔记", "点击/阅读", "原始比率", "收缩后", "90% 区间"):
            rt.add_column(col)
        for row in ranking[:15]:
            rt.add_row(str(row["rank"]), row["note_key"], f"{row['k']:.0f}/{row['n']:.0f}",
                       _pct(row["raw_rate"]), _pct(row["posterior_mean"]),
                       f"{_pct(row['low'])}–{_pct(row['high'])}")
        out.print(rt)


@app.command("attribution")
def attribution_cmd(
    by: Annotated[str, typer.Option("--by", help="归因对象：channel/note/campaign/code")] = "channel",
    half_life: Annotated[float, typer.Option("--half-life", help="时间衰减半衰期（天）")] = 7.0,
    as_json: JsonFlag = False,
) -> None:
    """多触点归因：七种方法并列（首次、末次、线性、时间衰减、位置、马尔可夫、Shapley）及其分歧。

    Example:
        redfunnel attribution --by channel --json
    """
    from redfunnel.funnel.attribution import METHOD_NAMES_ZH, METHODS, attribute
    from redfunnel.funnel.incrementality import adjust_credit, factors
    from redfunnel.funnel.journeys import LABELS, load_journeys

    if by not in LABELS:
        raise fail(f"未知归因对象 '{by}'（可用：{'/'.join(LABELS)}）")
    eng = engine()
    journeys = load_journeys(eng, by)
    if not journeys:
        raise fail("库中没有触点旅程数据：请先导入 touchpoints.csv（见 docs/data-contracts.md）", code=1)
    result = attribute(journeys, half_life)
    adjusted = adjust_credit(result.credits["markov"], factors(eng)) if by == "channel" else {}
    if as_json:
        doc = result.to_dict()
        doc["kind"] = "observed_credit"
        doc["incrementality_adjusted_markov"] = adjusted
        emit_json(doc)
        return
    table = Table(title=f"归因份额（观察到的功劳，非因果 ROI）；旅程 {result.journeys:,.0f}，转化 {result.conversions:,.0f}")
    table.add_column(LABELS[by])
    for m in METHODS:
        table.add_column(METHOD_NAMES_ZH[m], justify="right")
    table.add_column("方法间差距", justify="right")
    for label in sorted(result.labels, key=lambda x: -result.shares["shapley"][x]):
        table.add_row(channel_zh(label), *[_pct(result.shares[m][label]) for m in METHODS],
                      _pct(result.disagreement[label]))
    out.print(table)
    out.print(f"马尔可夫与 Shapley 平均相差 {result.markov_shapley_gap:.1%}；差距大时任何一种拆分都只是粗略参考。")
    for label, row in adjusted.items():
        if row["factor"] is not None:
            out.print(f"{channel_zh(label)}：留出实验增量系数 {row['factor']:.2f}，增量校正后约 {row['adjusted']:.0f} 个转化"
                      f"（区间 {row['low']:.0f}–{row['high']:.0f}）")


@app.command("roi")
def roi_cmd(
    by: Annotated[str, typer.Option("--by", help="分组：channel/campaign/product")] = "channel",
    value: Annotated[list[str] | None, typer.Option("--value", help="产品价值：credit_card=800（每户元）或 deposit=0.3%（金额比例）")] = None,
    as_json: JsonFlag = False,
) -> None:
    """投放成本与 ROI：每关注、每留资、每申请、每核准的成本（90% 区间）及按产品价值计算的 ROI。

    Example:
        redfunnel roi --by channel --value credit_card=800 --value consumer_loan=2% --json
    """
    from redfunnel.funnel.costs import DEMO_VALUES, costs, parse_value_rules

    try:
        rules = {**DEMO_VALUES, **parse_value_rules(value or [])}
        rows = costs(engine(), by, rules)
    except ValueError as exc:
        raise fail(str(exc)) from exc
    if as_json:
        emit_json({"by": by, "values": {k: {"kind": v.kind, "amount": v.amount} for k, v in rules.items()},
                   "basis": "attributed_by_tracking_code", "rows": rows})
        return
    table = Table(title="投放成本与 ROI（按追踪码直接归属，未做增量校正）")
    for col in ("分组", "花费（元）", "每留资", "每申请", "每核准", "ROI（90% 区间）"):
        table.add_column(col)

    def money(c: dict[str, Any] | None) -> str:
        if not c or c.get("cost") is None:
            return "-"
        return f"{c['cost']:,.0f}"

    for r in rows:
        roi = r["roi"]
        roi_text = "-" if roi is None else f"{roi['roi']:.0%}（{roi['low']:.0%}～{roi['high']:.0%}）"
        table.add_row(channel_zh(r["group"]), f"{r['spend']:,.0f}", money(r["cost_per_lead"]),
                      money(r["cost_per_application"]), money(r["cost_per_approved"]), roi_text)
    out.print(table)
    out.print("产品价值为假设输入（可用 --value 覆盖）；总体数字约 ±10–15%，分渠道无实验时约 ±20–40%。")


@holdout_app.command("add")
def holdout_add(
    key: Annotated[str, typer.Option("--key", help="实验编号")],
    channel: Annotated[str, typer.Option("--channel", help="渠道")],
    design: Annotated[str, typer.Option("--design", help="设计：audience/region/dark_weeks")],
    treated: Annotated[float, typer.Option("--treated", help="实验组人数（或单位数）")],
    treated_conv: Annotated[float, typer.Option("--treated-conv", help="实验组转化数")],
    control: Annotated[float, typer.Option("--control", help="对照组人数")],
    control_conv: Annotated[float, typer.Option("--control-conv", help="对照组转化数")],
    attributed: Annotated[float | None, typer.Option("--attributed", help="同期归因给该渠道的转化数")] = None,
    as_json: JsonFlag = False,
) -> None:
    """记录一次留出实验，计算增量转化与增量系数（增量 ÷ 归因）。

    Example:
        redfunnel holdout add --key T1 --channel xhs_juguang --design audience --treated 8000 --treated-conv 328 --control 8000 --control-conv 160 --attributed 260 --json
    """
    from redfunnel.funnel.incrementality import record_holdout

    try:
        result = record_holdout(engine(), test_key=key, channel=channel, design=design,
                                treated_units=treated, treated_conversions=treated_conv,
                                control_units=control, control_conversions=control_conv,
                                attributed=attributed)
    except ValueError as exc:
        raise fail(str(exc)) from exc
    if as_json:
        emit_json(result.to_dict())
        return
    out.print(f"增量转化 {result.incremental:.0f}（90% 区间 {result.incremental_low:.0f}–{result.incremental_high:.0f}）")
    if result.factor is not None:
        out.print(f"增量系数 {result.factor:.2f}（{result.factor_low:.2f}–{result.factor_high:.2f}）：归因功劳 × 系数 = 增量校正后功劳")


@holdout_app.command("list")
def holdout_list(as_json: JsonFlag = False) -> None:
    """按渠道汇总已记录的留出实验及增量系数。

    Example:
        redfunnel holdout list --json
    """
    from redfunnel.funnel.incrementality import factors

    found = factors(engine())
    if as_json:
        emit_json({"channels": {ch: inc.to_dict() for ch, inc in found.items()}})
        return
    for ch, inc in found.items():
        factor = "-" if inc.factor is None else f"{inc.factor:.2f}"
        out.print(f"{ch}：增量转化 {inc.incremental:.0f}，增量系数 {factor}")


@app.command("mmm")
def mmm_cmd(
    outcome: Annotated[str, typer.Option("--outcome", help="结果变量：approved/application/lead")] = "approved",
    as_json: JsonFlag = False,
) -> None:
    """渠道 ROI 营销组合模型（MMM，需可选组件 [mmm]）：按周拟合，采样不健康时拒绝报告。

    Example:
        redfunnel mmm --outcome approved --json
    """
    from redfunnel.funnel.mmm import MmmUnavailable, run_store_mmm

    try:
        result = run_store_mmm(engine(), outcome=outcome)
    except MmmUnavailable as exc:
        raise fail(escape(str(exc)), code=3) from exc
    except ValueError as exc:
        raise fail(str(exc)) from exc
    if as_json:
        emit_json(result.to_dict())
        return
    if not result.healthy:
        out.print("[red]模型采样不健康，不报告结果：[/red]" + "；".join(result.problems))
        return
    for ch, roi in result.roi.items():
        out.print(f"{ch}：ROI {roi['mean']:.2f}（90% 区间 {roi['low']:.2f}–{roi['high']:.2f}）")
