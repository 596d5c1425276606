"""Rankings: one row per institution account, institution matrices, regional branch comparison.

The account rows are one SQL statement assembled from the definitions in
:mod:`redfunnel.landscape.metrics` (followers and growth from snapshots, cadence from publish
times, recent performance from note counts), ranked and banded in the database. Python only
shapes the few hundred result rows into JSON-friendly dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Select, and_, case, func, select

from redfunnel.landscape import metrics as m
from redfunnel.landscape.asof import resolve_as_of
from redfunnel.landscape.metrics import MetricParams
from redfunnel.registry.banks import CATEGORIES

BANK_CATEGORIES = tuple(c for c in CATEGORIES if c != "其他")
"""Institution categories that are banks (``其他`` holds the central bank and policy banks)."""

ACCOUNT_FIELDS = (
    "institution",
    "institution_category",
    "account",
    "role",
    "region",
    "platform",
    "followers",
    "tier",
    "cadence_band",
    "status",
    "posts_30d",
    "posts_90d",
    "median_gap_days",
    "growth_30d",
    "median_interactions",
)
"""The fields every account row carries at least (the JSON contract of ``redfunnel landscape``)."""


@dataclass
class Landscape:
    """Where every institution account stands as of one instant."""

    as_of: datetime
    platform: str | None
    category: str | None
    params: MetricParams
    accounts: list[dict[str, Any]] = field(default_factory=list)
    institutions: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "platform": self.platform,
            "category": self.category,
            "accounts": self.accounts,
            "institutions": self.institutions,
        }


def account_rows_query(
    as_of: datetime,
    params: MetricParams,
    *,
    platform: str | None = "xhs",
    category: str | None = None,
    institution: str | None = None,
) -> Select[Any]:
    """The ranked account rows as one SELECT (see :mod:`metrics` for each definition)."""
    win = params.trend_window_days
    accounts = m.linked_accounts(platform, category, institution).subquery("accounts")
    latest = m.followers_at(accounts, as_of, "followers")
    base30 = m.followers_at(accounts, as_of - timedelta(days=30), "base30")
    base90 = m.followers_at(accounts, as_of - timedelta(days=90), "base90")
    bounds = m.note_bounds(accounts, as_of, params)
    cad = m.cadence(bounds, as_of, params)
    perf = m.recent_performance(bounds, as_of, params)

    def on(sub: Any) -> Any:
        return and_(
            sub.c.platform == accounts.c.platform, sub.c.account_key == accounts.c.account_key
        )

    stop_now = as_of - timedelta(days=params.stopped_after_days)
    stop_prior = stop_now - timedelta(days=win)
    inner = (
        select(
            accounts,
            latest.c.followers,
            latest.c.followers_is_floor,
            latest.c.followers_at,
            m.growth(
                latest.c.followers,
                latest.c.followers_is_floor,
                base30.c.base30,
                base30.c.base30_is_floor,
            ).label("growth_30d"),
            base30.c.base30,
            m.growth(
                latest.c.followers,
                latest.c.followers_is_floor,
                base90.c.base90,
                base90.c.base90_is_floor,
            ).label("growth_90d"),
            base90.c.base90,
            m.tier_case(latest.c.followers, params).label("tier"),
            func.coalesce(cad.c.posts_total, 0).label("posts_total"),
            func.coalesce(cad.c.posts_30d, 0).label("posts_30d"),
            func.coalesce(cad.c.posts_60d, 0).label("posts_60d"),
            func.coalesce(cad.c.posts_90d, 0).label("posts_90d"),
            cad.c.last_post_at,
            cad.c.median_gap_days,
            cad.c.prior_median_gap_days,
            m.cadence_band_case(cad.c.last_post_at, cad.c.median_gap_days, stop_now, params).label(
                "cadence_band"
            ),
            m.cadence_band_case(
                cad.c.prior_last_post_at, cad.c.prior_median_gap_days, stop_prior, params
            ).label("prior_cadence_band"),
            perf.c.median_interactions,
            perf.c.any_floor.label("median_interactions_is_floor"),
            func.coalesce(perf.c.recent_notes, 0).label("recent_notes"),
            func.coalesce(perf.c.viral_notes, 0).label("viral_notes"),
            func.coalesce(perf.c.image_notes, 0).label("image_notes"),
            func.coalesce(perf.c.video_notes, 0).label("video_notes"),
        )
        .outerjoin(latest, on(latest))
        .outerjoin(base30, on(base30))
        .outerjoin(base90, on(base90))
        .outerjoin(cad, on(cad))
        .outerjoin(perf, on(perf))
        .subquery("rows")
    )
    stopped = len(params.band_order) - 1
    now_rank = m.band_rank_case(inner.c.cadence_band, params)
    prior_rank = m.band_rank_case(inner.c.prior_cadence_band, params)
    status = case(
        (now_rank == stopped, "stopped"),
        (and_(now_rank > prior_rank, prior_rank < stopped), "slowing"),
        else_="active",
    )
    known = inner.c.followers.is_not(None)
    percentile = case(
        (
            known,
            func.cume_dist().over(
                partition_by=[inner.c.platform, inner.c.institution_category, known],
                order_by=inner.c.followers,
            ),
        )
    )
    rank = func.rank().over(
        partition_by=inner.c.platform, order_by=inner.c.followers.desc().nulls_last()
    )
    return select(
        inner, status.label("status"), percentile.label("category_percentile"), rank.label("rank")
    ).order_by(inner.c.followers.desc().nulls_last(), inner.c.account)


def _round(value: Any, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


def _days(later: datetime, earlier: datetime | None) -> float | None:
    return None if earlier is None else round((later - earlier).total_seconds() / 86400, 1)


def _shape(row: dict[str, Any], as_of: datetime) -> dict[str, Any]:
    """A result row as the JSON contract: rounded numbers, ISO times, nested content mix."""

    def pct(delta: Any, base: Any) -> float | None:
        return None if delta is None or not base else round(100.0 * delta / base, 1)

    recent = row["recent_notes"]
    return {
        "rank": row["rank"] if row["followers"] is not None else None,
        "institution": row["institution"],
        "institution_full_name": row["institution_full_name"],
        "institution_category": row["institution_category"],
        "account": row["account"],
        "account_id": row["account_id"],
        "account_key": row["account_key"],
        "role": row["role"],
        "region": row["region"],
        "platform": row["platform"],
        "followers": row["followers"],
        "followers_is_floor": bool(row["followers_is_floor"]),
        "followers_at": row["followers_at"].isoformat() if row["followers_at"] else None,
        "tier": row["tier"],
        "category_percentile": _round(
            None if row["category_percentile"] is None else 100 * row["category_percentile"]
        ),
        "cadence_band": row["cadence_band"],
        "prior_cadence_band": row["prior_cadence_band"],
        "status": row["status"],
        "status_label": m.STATUS_LABELS[row["status"]],
        "posts_30d": int(row["posts_30d"]),
        "posts_60d": int(row["posts_60d"]),
        "posts_90d": int(row["posts_90d"]),
        "posts_total": int(row["posts_total"]),
        "last_post_at": row["last_post_at"].isoformat() if row["last_post_at"] else None,
        "days_since_last_post": _days(as_of, row["last_post_at"]),
        "median_gap_days": _round(row["median_gap_days"]),
        "prior_median_gap_days": _round(row["prior_median_gap_days"]),
        "growth_30d": row["growth_30d"],
        "growth_30d_pct": pct(row["growth_30d"], row["base30"]),
        "growth_90d": row["growth_90d"],
        "growth_90d_pct": pct(row["growth_90d"], row["base90"]),
        "median_interactions": _round(row["median_interactions"]),
        "median_interactions_is_floor": bool(row["median_interactions_is_floor"]),
        "viral_rate": round(row["viral_notes"] / recent, 3) if recent else None,
        "content_mix": {
            "图文": int(row["image_notes"]),
            "视频": int(row["video_notes"]),
            "其他": int(recent - row["image_notes"] - row["video_notes"]),
        },
    }


def account_rows(
    engine: Engine,
    as_of: datetime,
    params: MetricParams | None = None,
    *,
    platform: str | None = "xhs",
    category: str | None = None,
    institution: str | None = None,
) -> list[dict[str, Any]]:
    """Every linked account's row, largest first."""
    params = params or MetricParams()
    query = account_rows_query(
        as_of, params, platform=platform, category=category, institution=institution
    )
    with engine.connect() as conn:
        return [_shape(dict(r), as_of) for r in conn.execute(query).mappings()]


def matrix_query(
    as_of: datetime, *, platform: str | None = "xhs", category: str | None = None, by: str = "role"
) -> Select[Any]:
    """Followers summed per institution and ``by`` (``role`` or ``region``).

    A sum, not an audience: one person may follow the main account and the credit-card account,
    so the total overstates reach and is always labelled as a sum.
    """
    accounts = m.linked_accounts(platform, category).subquery("accounts")
    latest = m.followers_at(accounts, as_of, "followers")
    group = accounts.c[by]
    return (
        select(
            accounts.c.institution,
            accounts.c.institution_category,
            group.label("part"),
            func.count().label("accounts"),
            func.sum(latest.c.followers).label("followers"),
            func.max(case((latest.c.followers_is_floor.is_(True), 1), else_=0)).label("any_floor"),
        )
        .outerjoin(
            latest,
            and_(
                latest.c.platform == accounts.c.platform,
                latest.c.account_key == accounts.c.account_key,
            ),
        )
        .group_by(accounts.c.institution, accounts.c.institution_category, group)
    )


def institution_matrices(
    engine: Engine,
    as_of: datetime,
    accounts: list[dict[str, Any]],
    *,
    platform: str | None = "xhs",
    category: str | None = None,
) -> list[dict[str, Any]]:
    """Institutions with their matrix totals by role and by region, largest total first."""
    parts: dict[str, dict[str, Any]] = {}
    with engine.connect() as conn:
        for by in ("role", "region"):
            for row in conn.execute(
                matrix_query(as_of, platform=platform, category=category, by=by)
            ).mappings():
                inst = parts.setdefault(
                    row["institution"],
                    {
                        "institution": row["institution"],
                        "institution_category": row["institution_category"],
                        "by_role": {},
                        "by_region": {},
                        "followers_is_floor": False,
                    },
                )
                inst[f"by_{by}"][row["part"] or "未标注"] = int(row["followers"] or 0)
                inst["followers_is_floor"] |= bool(row["any_floor"])
    members: dict[str, list[dict[str, Any]]] = {}
    for acc in accounts:
        members.setdefault(acc["institution"], []).append(acc)
    out = []
    for name, inst in parts.items():
        accs = members.get(name, [])
        inst["accounts"] = len(accs)
        inst["followers_total"] = sum(inst["by_role"].values())
        inst["account_list"] = [
            {
                "account": a["account"],
                "role": a["role"],
                "region": a["region"],
                "followers": a["followers"],
            }
            for a in accs
        ]
        inst["largest_account"] = accs[0]["account"] if accs else None
        inst["active_accounts"] = sum(1 for a in accs if a["status"] == "active")
        inst["stopped_accounts"] = sum(1 for a in accs if a["status"] == "stopped")
        out.append(inst)
    out.sort(key=lambda i: (-i["followers_total"], i["institution"]))
    for i, inst in enumerate(out, start=1):
        inst["rank"] = i
    return out


def regional_comparison(accounts: list[dict[str, Any]], institution: str) -> list[dict[str, Any]]:
    """One institution's branch accounts (role 分行) side by side, largest first, each with its
    followers as a multiple of the smallest branch's (the gap the report talks about)."""
    branches = [
        a
        for a in accounts
        if a["institution"] == institution and a["role"] == "分行" and a["followers"] is not None
    ]
    branches.sort(key=lambda a: -a["followers"])
    smallest = min((a["followers"] for a in branches), default=0)
    return [
        {
            "account": a["account"],
            "region": a["region"],
            "followers": a["followers"],
            "times_smallest": round(a["followers"] / smallest, 1) if smallest else None,
            "posts_90d": a["posts_90d"],
            "cadence_band": a["cadence_band"],
            "status": a["status"],
            "median_interactions": a["median_interactions"],
            "growth_90d": a["growth_90d"],
        }
        for a in branches
    ]


def compute_landscape(
    engine: Engine,
    *,
    now: datetime | None = None,
    platform: str | None = "xhs",
    category: str | None = None,
    params: MetricParams | None = None,
) -> Landscape:
    """Accounts and institutions ranked as of ``now`` (default: the latest crawl in the store)."""
    params = params or MetricParams()
    as_of = resolve_as_of(engine, now, platform)
    accounts = account_rows(engine, as_of, params, platform=platform, category=category)
    institutions = institution_matrices(
        engine, as_of, accounts, platform=platform, category=category
    )
    return Landscape(
        as_of=as_of.astimezone(UTC),
        platform=platform,
        category=category,
        params=params,
        accounts=accounts,
        institutions=institutions,
    )
