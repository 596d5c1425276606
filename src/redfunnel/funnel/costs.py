"""Spend without double counting, cost per follower/lead/application/approved, and ROI.

**聚光 spend is recorded twice in practice**: the 聚光 note-delivery export has one row per note
and day (``source_kind = "xhs_juguang"``, no campaign id), and finance's ``spend.csv`` books the
same money as weekly lines per campaign (``source_kind = "bank_spend"``, channel
``xhs_juguang``, with the promoted note's id). The rule here: finance lines are authoritative
(they are what was paid and they carry the campaign id); a 聚光 daily row is dropped when a
finance line of the same note covers its day, and kept (under that note's campaign, if known)
when no finance line does — so a week finance has not booked yet still counts once. The rule
runs in SQL (``NOT EXISTS``), so it scales with the spend table.

Costs divide spend by counts; counts are Poisson, so each cost has an interval from the Gamma
posterior of the count. ROI needs a value per product that the bank supplies (per approved
account, or a share of the amount carried by the conversion); :data:`DEMO_VALUES` are labelled
assumptions for the demo, not facts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from scipy import stats
from sqlalchemy import Engine, and_, exists, select
from sqlalchemy.orm import aliased

from redfunnel.store.models import Spend

__all__ = ["DEMO_VALUES", "ValueRule", "deduplicated_spend", "parse_value_rules", "costs"]


@dataclass(frozen=True)
class ValueRule:
    """What one approved conversion of a product is worth to the bank.

    ``kind`` is ``per_approved`` (``amount`` yuan each) or ``share`` (``amount`` × the value the
    conversion row carries, e.g. a margin on a loan or deposit amount).
    """

    kind: str
    amount: float

    def label(self) -> str:
        return f"每户 {self.amount:g} 元" if self.kind == "per_approved" else f"金额 × {self.amount:.2%}"


DEMO_VALUES: dict[str, ValueRule] = {
    "credit_card": ValueRule("per_approved", 800.0),
    "consumer_loan": ValueRule("share", 0.02),
    "gold": ValueRule("share", 0.005),
    "wealth": ValueRule("share", 0.005),
    "fx": ValueRule("share", 0.003),
    "pension": ValueRule("share", 0.01),
    "deposit": ValueRule("share", 0.003),
}


def parse_value_rules(items: list[str]) -> dict[str, ValueRule]:
    """``credit_card=800`` (yuan per approved) or ``deposit=0.3%`` (share of the amount)."""
    rules: dict[str, ValueRule] = {}
    for item in items:
        product, sep, raw = item.partition("=")
        if not sep or not product.strip():
            raise ValueError(f"价值设置 '{item}' 格式应为 产品=金额 或 产品=百分比，如 credit_card=800")
        raw = raw.strip()
        try:
            if raw.endswith("%"):
                rules[product.strip()] = ValueRule("share", float(raw[:-1]) / 100)
            else:
                rules[product.strip()] = ValueRule("per_approved", float(raw))
        except ValueError as exc:
            raise ValueError(f"价值设置 '{item}' 中的数值无法解析") from exc
    return rules


def deduplicated_spend(engine: Engine) -> list[dict[str, Any]]:
    """Every spend line counted once (see module docstring for the 聚光 rule)."""
    s = Spend.__table__
    finance = aliased(s)
    covered = exists().where(and_(
        finance.c.source_kind != "xhs_juguang", finance.c.channel == "xhs_juguang",
        finance.c.note_key == s.c.note_key, finance.c.period_start <= s.c.period_start,
        finance.c.period_end >= s.c.period_end))
    cols = (s.c.channel, s.c.campaign_key, s.c.note_key, s.c.period_start, s.c.period_end,
            s.c.amount, s.c.impressions, s.c.clicks, s.c.source_kind)
    with engine.connect() as conn:
        kept = [dict(r._mapping) for r in conn.execute(
            select(*cols).where((s.c.source_kind != "xhs_juguang") | ~covered))]
        note_campaign = dict(conn.execute(
            select(s.c.note_key, s.c.campaign_key)
            .where(s.c.source_kind != "xhs_juguang", s.c.note_key.is_not(None),
                   s.c.campaign_key.is_not(None)).distinct()).all())
    for line in kept:
        if line["campaign_key"] is None and line["note_key"]:
            line["campaign_key"] = note_campaign.get(line["note_key"])
    return kept


def _count_interval(k: float, level: float = 0.90) -> tuple[float, float]:
    """Central interval of a Poisson mean given ``k`` events (Gamma posterior, Jeffreys-like)."""
    tail = (1 - level) / 2
    lo = 0.0 if k == 0 else float(stats.gamma.ppf(tail, k))
    return lo, float(stats.gamma.ppf(1 - tail, k + 1))


def _cost(spend: float, k: float | None) -> dict[str, float | None] | None:
    if k is None or spend <= 0:
        return None
    lo, hi = _count_interval(k)
    return {"count": k, "cost": spend / k if k else None,
            "low": spend / hi if hi else None, "high": spend / lo if lo else None}


def costs(engine: Engine, by: str = "channel", values: dict[str, ValueRule] | None = None,
          codes: list[Any] | None = None) -> list[dict[str, Any]]:
    """Spend, cost per follower/lead/application/approved and ROI per channel, campaign or product.

    Conversions count towards the spend of the campaign their code belongs to; a channel's
    spend includes lines no code belongs to. ROI = (value − spend) ÷ spend, with the interval
    of the approved count carried through; it is *attributed* (by tracking code), not
    incremental — see ``redfunnel.funnel.incrementality``.
    """
    from redfunnel.funnel.funnel import code_stage_counts

    if by not in ("channel", "campaign", "product"):
        raise ValueError("costs can be grouped by channel, campaign or product")
    values = DEMO_VALUES if values is None else values
    codes = code_stage_counts(engine) if codes is None else codes
    spend_lines = deduplicated_spend(engine)
    campaign_channel: dict[str, str] = {}
    campaign_product: dict[str, str] = {}
    for cc in codes:
        if cc.campaign_key:
            campaign_product[cc.campaign_key] = cc.product
    spend: dict[str, float] = defaultdict(float)
    for line in spend_lines:
        if line["campaign_key"]:
            campaign_channel.setdefault(line["campaign_key"], line["channel"])
        key = {"channel": line["channel"], "campaign": line["campaign_key"] or "（无活动ID）",
               "product": campaign_product.get(line["campaign_key"] or "", "（未关联产品）")}[by]
        spend[key] += float(line["amount"])
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for cc in codes:
        if by == "channel":
            key = campaign_channel.get(cc.campaign_key or "", cc.channel)
        elif by == "campaign":
            if not cc.campaign_key:
                continue
            key = cc.campaign_key
        else:
            key = cc.product
        bucket = totals[key]
        for stage in ("lead", "application", "approved"):
            bucket[stage] += cc.counts.get(stage) or 0
        if cc.campaign_key and cc.campaign_key in campaign_channel and cc.counts.get("follow") is not None:
            bucket["follow"] += cc.counts["follow"] or 0
            bucket["has_follow"] = 1
        rule = values.get(cc.product)
        approved = cc.counts.get("approved") or 0
        if rule is not None and approved:
            amount = (rule.amount * approved if rule.kind == "per_approved"
                      else rule.amount * cc.values.get("approved", 0.0))
            bucket["value"] += amount
            bucket["valued"] = 1
    out = []
    for key in sorted(set(spend) | set(totals)):
        t = totals.get(key, {})
        amount = spend.get(key, 0.0)
        row: dict[str, Any] = {"group": key, "spend": round(amount, 2)}
        row["cost_per_follower"] = _cost(amount, t.get("follow")) if t.get("has_follow") else None
        for stage in ("lead", "application", "approved"):
            row[f"cost_per_{stage}"] = _cost(amount, t.get(stage, 0.0))
            row[stage] = t.get(stage, 0.0)
        value = t.get("value") if t.get("valued") else None
        row["value"] = round(value, 2) if value is not None else None
        if value is not None and amount > 0:
            k = t.get("approved", 0.0)
            lo, hi = _count_interval(k)
            scale_lo, scale_hi = (lo / k, hi / k) if k else (0.0, 0.0)
            row["roi"] = {"roi": (value - amount) / amount,
                          "low": (value * scale_lo - amount) / amount,
                          "high": (value * scale_hi - amount) / amount,
                          "basis": "attributed"}
        else:
            row["roi"] = None
        out.append(row)
    out.sort(key=lambda r: -r["spend"])
    return out
