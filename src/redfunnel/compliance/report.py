"""The compliance report section (合规审核): drafts by status, findings by family, drift and the
state of the audit trail, all computed from the store.

An examiner's questions in order: how much went through review, what the checker stopped and
why, whether what went live matches what was approved, and whether the record can be trusted.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select

from redfunnel.access import Scope
from redfunnel.compliance.audit_trail import verify_audit
from redfunnel.compliance.drift import check_drift
from redfunnel.compliance.models import ApprovalRecord, Draft
from redfunnel.compliance.rulebook import load_rulebook
from redfunnel.reports.model import Chart, Section, Table

__all__ = ["build_section"]

STATUS_NAMES = {
    "blocked": "P0 拦截",
    "in_review": "审批中",
    "changes_requested": "退回修改",
    "approved": "已通过",
    "expired": "已过期",
}
DRIFT_NAMES = {
    "matched": "与审批一致",
    "differs": "与审批内容不一致",
    "expired": "审批过期/未生效时发布",
    "unapproved": "未经审批",
}


def build_section(
    engine: Engine, *, now: datetime | None = None, scope: Scope | None = None, **options: Any
) -> Section:
    """Build the 合规审核 section for ``scope`` (default: every account)."""
    scope = scope or Scope.everything()
    book = load_rulebook(options.get("rulebook"))
    draft = Draft.__table__
    with engine.connect() as conn:
        statuses = dict(
            conn.execute(
                select(draft.c.status, func.count())
                .where(scope.where(draft.c.account_id))
                .group_by(draft.c.status)
            ).all()
        )
        findings_rows = (
            conn.execute(select(draft.c.findings).where(scope.where(draft.c.account_id)))
            .scalars()
            .all()
        )
        decisions = conn.execute(
            select(func.count()).select_from(ApprovalRecord.__table__)
        ).scalar_one()
    by_family: Counter[str] = Counter()
    by_rule: Counter[tuple[str, str, str]] = Counter()
    for findings in findings_rows:
        for f in findings or []:
            by_family[f["family"]] += 1
            by_rule[(f["rule_id"], f["family"], f["severity"])] += 1
    drift = check_drift(engine, scope)
    drift_counts = Counter(item.status for item in drift)
    audit = verify_audit(engine)
    total = sum(statuses.values())
    summary = [
        f"规则库版本 {book.version}，共 {len(book.rules)} 条规则、{len(book.families)} 个规则族。",
        f"共 {total} 份草稿："
        + (
            "、".join(f"{STATUS_NAMES.get(s, s)} {n}" for s, n in sorted(statuses.items()))
            if total
            else "暂无"
        )
        + f"；审批决定 {decisions} 条（每条带内容哈希与记录哈希）。",
    ]
    if by_family:
        top = "、".join(f"{fam} {n}" for fam, n in by_family.most_common(5))
        summary.append(f"检查发现的问题按规则族：{top}。")
    if drift:
        summary.append(
            "本行账号已发布笔记比对："
            + "、".join(
                f"{DRIFT_NAMES[s]} {drift_counts[s]}" for s in DRIFT_NAMES if drift_counts[s]
            )
            + "。"
        )
    summary.append(
        f"审计链 {audit.events} 条事件，校验"
        + ("通过" if audit.ok else f"失败（{len(audit.problems)} 处问题）")
        + f"，链头哈希 {audit.head[:16]}…。"
    )
    families = [
        [fid, fam.title, fam.severity, by_family.get(fid, 0)] for fid, fam in book.families.items()
    ]
    tables = [
        Table(
            "drafts",
            "草稿状态",
            ["状态", "数量"],
            [[STATUS_NAMES.get(s, s), n] for s, n in sorted(statuses.items())],
        ),
        Table("findings", "合规问题（按规则族）", ["规则族", "名称", "级别", "次数"], families),
        Table(
            "rules",
            "合规问题（按规则）",
            ["规则", "规则族", "级别", "次数"],
            [[r, fam, sev, n] for (r, fam, sev), n in by_rule.most_common()],
        ),
        Table(
            "drift",
            "发布比对（需关注）",
            ["状态", "平台", "笔记", "账号", "标题", "草稿", "相似度"],
            [
                [
                    DRIFT_NAMES[i.status],
                    i.platform,
                    i.note_key,
                    i.account_name or "",
                    i.title or "",
                    i.draft_id or "",
                    i.similarity if i.similarity is not None else "",
                ]
                for i in drift
                if i.status in ("differs", "expired")
            ][:200],
        ),
    ]
    chart = Chart(
        key="findings_by_family",
        title="合规问题（按规则族）",
        option={
            "tooltip": {},
            "xAxis": {
                "type": "category",
                "data": [r[0] for r in families],
                "axisLabel": {"rotate": 30},
            },
            "yAxis": {"type": "value"},
            "series": [{"type": "bar", "data": [r[3] for r in families]}],
        },
        table="findings",
        kind="column",
        category_column=0,
        value_columns=[3],
    )
    caveats = [
        "检查基于规则库的正则与语境规则，是辅助审核而非法律意见；P1/P2 问题需人工判断。",
        "发布比对只覆盖已导入的本行账号笔记（账号登记表中有负责团队的账号）。",
    ]
    return Section(
        key="compliance",
        title="合规审核",
        summary=summary,
        charts=[chart],
        tables=tables,
        caveats=caveats,
        data={
            "statuses": statuses,
            "findings_by_family": dict(by_family),
            "drift": dict(drift_counts),
            "audit": audit.to_dict(),
            "rulebook_version": book.version,
        },
    )
