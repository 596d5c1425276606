"""The funnel from exposure to approved business, with intervals instead of bare ratios.

Stage counts come from three places: the creator-centre export (exposure, views, follower gain
of a note), the note's public counts (interactions = likes + collects + comments, DESIGN.md) and
conversions carrying tracking codes (click … approved). A campaign without a note has its
exposure from spend lines. Everything is first counted per tracking code (conversions grouped
in SQL), then rolled up to the requested level.

A stage rate is ``stage / parent stage`` summed over the codes that know *both* counts, so a
campaign without view data does not deflate the click-per-view rate of a channel. Each rate has
a Beta-Binomial (Jeffreys prior) interval; notes with few views are ranked by an empirical-Bayes
posterior (a beta prior fitted to all notes by maximum marginal likelihood) rather than by their
raw rate, so three clicks on ten views do not top the list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import optimize, special, stats
from sqlalchemy import Engine, func, select

from redfunnel.access import Scope
from redfunnel.funnel.costs import deduplicated_spend
from redfunnel.funnel.models import TrackingCode
from redfunnel.funnel.tracking import joined_conversions, scope_condition
from redfunnel.store.models import Note, NoteSnapshot

__all__ = ["STAGES", "STAGE_NAMES_ZH", "PARENT", "GROUPINGS", "Rate", "FunnelRow", "beta_interval",
           "fit_beta_prior", "code_stage_counts", "funnel", "rank_notes"]

STAGES = ("exposure", "view", "interaction", "follow", "click", "landing", "lead", "application",
          "approved")
STAGE_NAMES_ZH = {"exposure": "曝光", "view": "阅读/观看", "interaction": "互动", "follow": "关注",
                  "click": "点击", "landing": "落地页", "lead": "留资/私信线索",
                  "application": "申请", "approved": "核准/开户"}
PARENT = {"view": "exposure", "interaction": "view", "follow": "view", "click": "view",
          "landing": "click", "lead": "landing", "application": "lead", "approved": "application"}
GROUPINGS = {"note": "笔记", "account": "账号", "campaign": "活动", "channel": "渠道",
             "product": "产品", "code": "追踪码", "total": "合计"}
CONVERSION_STAGES = ("click", "landing", "lead", "application", "approved")
LEVEL = 0.90


@dataclass(frozen=True)
class Rate:
    """``k`` of ``n`` with its posterior mean and central interval at :data:`LEVEL`."""

    k: float
    n: float
    rate: float
    low: float
    high: float

    def to_dict(self) -> dict[str, float]:
        return {"k": self.k, "n": self.n, "rate": self.rate, "low": self.low, "high": self.high}


def beta_interval(k: float, n: float, level: float = LEVEL, a: float = 0.5, b: float = 0.5) -> Rate:
    """Posterior Beta(k + a, n - k + b) (Jeffreys prior by default): mean and central interval."""
    if n <= 0 or k < 0 or k > n:
        raise ValueError(f"need 0 <= k <= n and n > 0, got k={k}, n={n}")
    tail = (1 - level) / 2
    lo = 0.0 if k == 0 else float(stats.beta.ppf(tail, k + a, n - k + b))
    hi = 1.0 if k == n else float(stats.beta.ppf(1 - tail, k + a, n - k + b))
    return Rate(k, n, (k + a) / (n + a + b), lo, hi)


def fit_beta_prior(k: np.ndarray, n: np.ndarray) -> tuple[float, float]:
    """Beta(α, β) maximising the beta-binomial marginal likelihood of all units' ``k`` of ``n``.

    The empirical-Bayes prior: units with many trials barely move, units with few are pulled to
    the common rate. Falls back to a weak prior centred on the pooled rate when the data cannot
    identify the spread (all rates equal, or fewer than three units).
    """
    k, n = np.asarray(k, float), np.asarray(n, float)
    keep = n > 0
    k, n = k[keep], n[keep]
    pooled = (k.sum() + 0.5) / (n.sum() + 1.0)
    if len(k) < 3:
        return pooled * 2.0, (1 - pooled) * 2.0

    def nll(theta: np.ndarray) -> float:
        a, b = np.exp(theta)
        return -float(np.sum(special.betaln(k + a, n - k + b) - special.betaln(a, b)))

    start = np.log([pooled * 10, (1 - pooled) * 10])
    res = optimize.minimize(nll, start, method="Nelder-Mead",
                            options={"xatol": 1e-6, "fatol": 1e-8, "maxiter": 2000})
    a, b = np.exp(res.x)
    if not np.isfinite(a + b) or a + b > 1e6:
        return pooled * 1e4, (1 - pooled) * 1e4
    return float(a), float(b)


@dataclass
class CodeCounts:
    """Stage counts of one tracking code (``None`` = the source does not know this stage)."""

    code: str
    note_key: str | None
    campaign_key: str | None
    account_key: str | None
    channel: str
    product: str
    counts: dict[str, float | None] = field(default_factory=dict)
    values: dict[str, float] = field(default_factory=dict)

    def group(self, by: str) -> str:
        key = {"note": self.note_key, "account": self.account_key, "campaign": self.campaign_key,
               "channel": self.channel, "product": self.product, "code": self.code,
               "total": "合计"}[by]
        return key or "（未关联）"


def _latest_note_metrics(engine: Engine, note_keys: set[str]) -> dict[str, dict[str, float | None]]:
    """Exposure, views, follows (latest export snapshot) and interactions (public counts)."""
    if not note_keys:
        return {}
    s, n = NoteSnapshot.__table__, Note.__table__
    keys = sorted(note_keys)
    latest = (select(s.c.note_key, func.max(s.c.captured_at).label("at"))
              .where(s.c.note_key.in_(keys), s.c.views.is_not(None))
              .group_by(s.c.note_key).subquery())
    out: dict[str, dict[str, float | None]] = {k: {} for k in keys}
    with engine.connect() as conn:
        for row in conn.execute(
                select(s.c.note_key, func.max(s.c.impressions), func.max(s.c.views),
                       func.max(s.c.follower_gain))
                .join(latest, (latest.c.note_key == s.c.note_key) & (latest.c.at == s.c.captured_at))
                .group_by(s.c.note_key)):
            out[row[0]].update(exposure=row[1], view=row[2], follow=row[3])
        for row in conn.execute(select(n.c.note_key, func.coalesce(n.c.likes, 0)
                                       + func.coalesce(n.c.collects, 0)
                                       + func.coalesce(n.c.comments, 0))
                                .where(n.c.note_key.in_(keys))):
            out[row[0]]["interaction"] = row[1]
    return out


def code_stage_counts(engine: Engine, scope: Scope | None = None) -> list[CodeCounts]:
    """Stage counts per tracking code: conversions grouped in SQL, note and spend metrics joined."""
    conv = joined_conversions(scope).subquery()
    codes: dict[str, CodeCounts] = {}
    with engine.connect() as conn:
        for row in conn.execute(
                select(conv.c.tracking_code, conv.c.stage, func.max(conv.c.note_key),
                       func.max(conv.c.campaign_key), func.max(conv.c.account_key),
                       func.max(conv.c.channel), func.max(conv.c.product), func.count(),
                       func.sum(conv.c.value))
                .group_by(conv.c.tracking_code, conv.c.stage)):
            code, stage, note, campaign, account, channel, product, n, value = row
            cc = codes.setdefault(code, CodeCounts(code, note, campaign, account, channel, product))
            cc.counts[stage] = cc.counts.get(stage, 0) + n
            if value:
                cc.values[stage] = cc.values.get(stage, 0.0) + float(value)
        t = TrackingCode.__table__
        query = select(t.c.code, t.c.note_key, t.c.campaign_key, t.c.account_key, t.c.channel,
                       t.c.product)
        cond = scope_condition(scope)
        if cond is not None:
            query = query.where(cond)
        registered = conn.execute(query).all()
    for code, note, campaign, account, channel, product in registered:
        if code not in codes:
            codes[code] = CodeCounts(code, note, campaign, account, channel or "unknown",
                                     product or "unknown")
    for cc in codes.values():
        for stage in CONVERSION_STAGES:
            cc.counts.setdefault(stage, 0)
    notes = _latest_note_metrics(engine, {c.note_key for c in codes.values() if c.note_key})
    spend_exposure: dict[str, float] = defaultdict(float)
    for line in deduplicated_spend(engine):
        if line["campaign_key"] and line["impressions"]:
            spend_exposure[line["campaign_key"]] += line["impressions"]
    for cc in codes.values():
        metrics = notes.get(cc.note_key or "", {})
        for stage in ("exposure", "view", "interaction", "follow"):
            cc.counts[stage] = metrics.get(stage)
        if cc.counts["exposure"] is None and cc.campaign_key in spend_exposure:
            cc.counts["exposure"] = spend_exposure[cc.campaign_key]
    return sorted(codes.values(), key=lambda c: c.code)


@dataclass
class FunnelRow:
    """One group's stage totals and stage-to-parent rates."""

    group: str
    codes: int
    counts: dict[str, float | None]
    rates: dict[str, Rate | None]
    value: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group, "codes": self.codes, "counts": self.counts,
                "rates": {s: (r.to_dict() if r else None) for s, r in self.rates.items()},
                "value": self.value}


def rollup(codes: list[CodeCounts], by: str) -> list[FunnelRow]:
    """Sum codes into groups; each rate over the codes that know both of its counts."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; use one of {', '.join(GROUPINGS)}")
    groups: dict[str, list[CodeCounts]] = defaultdict(list)
    for cc in codes:
        groups[cc.group(by)].append(cc)
    rows = []
    for name, members in groups.items():
        counts: dict[str, float | None] = {}
        seen_notes: set[tuple[str, str]] = set()
        for stage in STAGES:
            known = []
            for cc in members:
                if stage in ("exposure", "view", "interaction", "follow") and cc.note_key:
                    if (cc.note_key, stage) in seen_notes:
                        continue
                    seen_notes.add((cc.note_key, stage))
                if cc.counts.get(stage) is not None:
                    known.append(cc.counts[stage])
            counts[stage] = float(sum(known)) if known else None
        rates: dict[str, Rate | None] = {}
        for stage, parent in PARENT.items():
            k = n = 0.0
            for cc in members:
                ck, cn = cc.counts.get(stage), cc.counts.get(parent)
                if ck is not None and cn is not None and cn > 0:
                    k, n = k + ck, n + cn
            rates[stage] = beta_interval(k, n) if n > 0 and k <= n else None
        value: dict[str, float] = defaultdict(float)
        for cc in members:
            for stage, v in cc.values.items():
                value[stage] += v
        rows.append(FunnelRow(name, len(members), counts, rates, dict(value)))
    rows.sort(key=lambda r: (-(r.counts.get("approved") or 0), -(r.counts.get("click") or 0), r.group))
    return rows


def funnel(engine: Engine, by: str = "total", scope: Scope | None = None) -> list[FunnelRow]:
    """The funnel per note, account, campaign, channel, product, code or in total."""
    return rollup(code_stage_counts(engine, scope), by)


def rank_notes(codes: list[CodeCounts], stage: str = "click", parent: str | None = None,
               level: float = LEVEL) -> list[dict[str, Any]]:
    """Notes ranked by the empirical-Bayes posterior of ``stage / parent`` (default clicks per view).

    Each note's posterior is Beta(α + k, β + n − k) with (α, β) fitted to all notes; the raw
    rate is shown next to it so the shrinkage is visible.
    """
    parent = parent or PARENT[stage]
    per_note: dict[str, list[float]] = {}
    for cc in codes:
        k, n = cc.counts.get(stage), cc.counts.get(parent)
        if not cc.note_key or k is None or n is None or n <= 0 or k > n:
            continue
        entry = per_note.setdefault(cc.note_key, [0.0, 0.0])
        entry[0] += k
        entry[1] = max(entry[1], n) if parent in ("exposure", "view", "interaction", "follow") else entry[1] + n
    if not per_note:
        return []
    keys = list(per_note)
    k_arr = np.array([per_note[x][0] for x in keys])
    n_arr = np.array([per_note[x][1] for x in keys])
    a, b = fit_beta_prior(k_arr, n_arr)
    tail = (1 - level) / 2
    out = []
    for key, k, n in zip(keys, k_arr, n_arr, strict=True):
        pa, pb = a + k, b + n - k
        out.append({"note_key": key, "k": float(k), "n": float(n), "raw_rate": float(k / n),
                    "posterior_mean": float(pa / (pa + pb)),
                    "low": float(stats.beta.ppf(tail, pa, pb)),
                    "high": float(stats.beta.ppf(1 - tail, pa, pb)),
                    "prior": {"alpha": a, "beta": b}})
    out.sort(key=lambda r: -r["posterior_mean"])
    for i, row in enumerate(out, start=1):
        row["rank"] = i
    return out
