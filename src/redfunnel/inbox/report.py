"""The inbox section of reports: which accounts answer late, escalation queues, breaches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select

from redfunnel.access import Scope
from redfunnel.inbox.models import InboxThread
from redfunnel.inbox.policy import InboxPolicy
from redfunnel.inbox.sla import (
    account_table,
    measure,
    operator_table,
    queue_status,
    threads_for_clocks,
)
from redfunnel.reports.model import Chart, Section, Table

__all__ = ["build_section"]

INTENT_NAMES = {"inquiry": "咨询", "lead": "商机", "complaint": "投诉", "fraud_risk": "涉诈风险",
                "praise": "表扬", "spam": "垃圾", "other": "其他"}
QUEUE_NAMES = {"consumer_protection": "消保投诉队列", "anti_fraud": "反诈队列"}
MIN_THREADS = 10


def _fmt(hours: float | None) -> str:
    return "—" if hours is None else f"{hours:.1f}"


def build_section(engine: Engine, *, now: datetime | None = None, scope: Scope | None = None,
                  policy: InboxPolicy | None = None, days: int | None = None, **_: Any) -> Section:
    """Response times per account and operator, target attainment, queues and breaches."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    scope = scope or Scope.everything()
    policy = policy or InboxPolicy()
    since = now - timedelta(days=days) if days else None
    section = Section(key="inbox", title="互动收件箱")
    thread = InboxThread.__table__
    with engine.connect() as conn:
        intents = dict(conn.execute(select(thread.c.intent, func.count())
                                    .where(scope.where(thread.c.account_id))
                                    .group_by(thread.c.intent)).all())
    if not intents:
        section.summary.append("收件箱暂无会话：请先导入评论或私信，并运行 `redfunnel inbox build`。")
        return section
    measured = measure(threads_for_clocks(engine, scope, since=since), policy, now)
    measured = [r for r in measured if r["opened_at"] <= now]
    accounts = [a for a in account_table(measured) if a["threads"] >= MIN_THREADS]
    operators = operator_table([r for r in measured if r["channel"] == "dm"])
    queues = queue_status(measured, now)
    total = sum(intents.values())
    answered = [r for r in measured if r["first_response_hours"] is not None]
    within = sum(not r["breached"] for r in measured)
    section.summary.append(
        f"共 {total} 个会话，其中需回复（咨询/商机/投诉/涉诈）{len(measured)} 个，"
        f"已回复 {len(answered)} 个（{len(answered) / max(1, len(measured)):.0%}），"
        f"首次响应达标率 {within / max(1, len(measured)):.0%}（按工作时间计，含法定节假日与调休）。")
    late = [a for a in accounts if a["within_target"] < 0.6]
    if late:
        names = "、".join(f"{a['account_name']}（达标 {a['within_target']:.0%}）" for a in late[:5])
        section.summary.append(f"回复偏慢的账号：{names}。")
    if accounts:
        best = max(accounts, key=lambda a: (a["within_target"], a["threads"]))
        section.summary.append(
            f"回复最及时：{best['account_name']}，首次响应中位 {_fmt(best['median_hours'])} 工作小时，"
            f"达标 {best['within_target']:.0%}。")
    for q in queues:
        section.summary.append(
            f"{QUEUE_NAMES[q['queue']]}：共 {q['threads']} 个，未关闭 {q['open']} 个，"
            f"逾期 {q['overdue']} 个，待审批回复 {q['awaiting_approval']} 个。")
    section.tables.append(Table(
        key="inbox_accounts", title="各账号响应时效（工作小时）",
        columns=["账号", "渠道", "需回复会话", "已回复", "回复率", "首次响应中位", "P90", "达标率", "超时"],
        rows=[[a["account_name"], "/".join("评论" if c == "comment" else "私信" for c in a["channels"]),
               a["threads"], a["answered"], round(a["answer_rate"], 3), _round(a["median_hours"]),
               _round(a["p90_hours"]), round(a["within_target"], 3), a["breached"]] for a in accounts],
        note=f"按达标率从低到高排列；仅列出需回复会话不少于 {MIN_THREADS} 个的账号。"
             f"营业时间 {policy.as_dict()['business_hours']}（Asia/Shanghai）。"))
    if operators:
        section.tables.append(Table(
            key="inbox_operators", title="各客服人员私信响应时效（工作小时）",
            columns=["客服人员", "已回复会话", "首次响应中位", "P90", "达标率"],
            rows=[[o["responder"], o["threads"], _round(o["median_hours"]), _round(o["p90_hours"]),
                   round(o["within_target"], 3)] for o in operators]))
    section.tables.append(Table(
        key="inbox_targets", title="各意图响应目标与达标情况",
        columns=["意图", "目标（工作小时）", "需回复会话", "达标率"],
        rows=[[INTENT_NAMES[i], policy.first_response_target(i, None),
               sum(1 for r in measured if r["intent"] == i),
               _share(sum(1 for r in measured if r["intent"] == i and not r["breached"]),
                      sum(1 for r in measured if r["intent"] == i))]
              for i in ("fraud_risk", "complaint", "lead", "inquiry")]))
    section.tables.append(Table(
        key="inbox_queues", title="升级队列",
        columns=["队列", "会话", "未关闭", "逾期", "待审批回复"],
        rows=[[QUEUE_NAMES[q["queue"]], q["threads"], q["open"], q["overdue"], q["awaiting_approval"]]
              for q in queues],
        note=f"投诉处理时限 {policy.complaint_deadline_days} 天（自然日，可配置）；"
             f"涉诈会话 {policy.fraud_deadline_hours:g} 个工作小时内发送反诈标准回复。"))
    breaches = sorted((r for r in measured if r["breached"] and r["state"] != "closed"),
                      key=lambda r: r["opened_at"], reverse=True)[:20]
    section.tables.append(Table(
        key="inbox_breaches", title="超时且未关闭的会话（最近 20 个）",
        columns=["会话", "账号", "渠道", "意图", "等待/响应（工作小时）", "目标", "内容"],
        rows=[[r["id"], r["account_name"], "评论" if r["channel"] == "comment" else "私信",
               INTENT_NAMES.get(r["intent"], r["intent"]),
               _round(r["waiting_hours"] if r["waiting_hours"] is not None else r["first_response_hours"]),
               r["target_hours"], (r["text"] or "")[:40]] for r in breaches]))
    top = accounts[:15]
    section.charts.append(Chart(
        key="inbox_accounts_within_target", title="各账号首次响应达标率（越低越慢）",
        option={"tooltip": {}, "xAxis": {"type": "value", "max": 1},
                "yAxis": {"type": "category", "data": [a["account_name"] for a in top]},
                "series": [{"type": "bar", "data": [round(a["within_target"], 3) for a in top]}]},
        table="inbox_accounts", kind="bar", category_column=0, value_columns=[7]))
    buckets = [("≤1h", 1), ("1–4h", 4), ("4–8h", 8), ("8–24h", 24), (">24h", float("inf"))]
    counts = [0] * (len(buckets) + 1)
    for r in measured:
        h = r["first_response_hours"]
        if h is None:
            counts[-1] += 1
            continue
        for i, (_, upper) in enumerate(buckets):
            if h <= upper:
                counts[i] += 1
                break
    labels = [b[0] for b in buckets] + ["未回复"]
    section.charts.append(Chart(
        key="inbox_response_distribution", title="首次响应时间分布（工作小时）",
        option={"tooltip": {}, "xAxis": {"type": "category", "data": labels},
                "yAxis": {"type": "value"}, "series": [{"type": "bar", "data": counts}]},
        kind="column"))
    section.caveats.append("评论的品牌回复由“评论者即笔记作者”识别；未被采集到的回复会被计为未回复。")
    section.caveats.append("意图由规则与线性模型自动判定（留出集指标见 `redfunnel eval inbox`），可能有误判。")
    section.data = {"intents": intents, "accounts": accounts, "operators": operators, "queues": queues,
                    "policy": policy.as_dict()}
    return section


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None
