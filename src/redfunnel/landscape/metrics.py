"""The metric definitions of DESIGN.md, each written once as SQL over the canonical tables.

Every definition is a SQLAlchemy Core expression or subquery (window functions and GROUP BY),
so it runs in the database on SQLite and PostgreSQL alike and can later move to a distributed
engine unchanged; nothing here loops over notes or snapshots in Python. Thresholds and weights
live in :class:`MetricParams`, whose defaults are the values of DESIGN.md.

Time: every metric is computed "as of" an instant ``as_of`` passed in by the caller (see
:mod:`redfunnel.landscape.asof`); windows such as "the trailing 30 days" are ``(as_of - 30 d,
as_of]`` and rows after ``as_of`` are ignored, so a report on an old store is not distorted by
the wall clock. Follower counts are point-in-time (the newest snapshot at or before ``as_of``);
a note's interaction counts are its newest known counts (the ``note`` row), which equal the
as-of counts whenever ``as_of`` is the latest capture, the default.

Floors: a count shown as ``10万+`` is stored with its ``*_is_floor`` flag. Sums and medians of
floors are lower bounds, so every metric built from counts carries an ``*_is_floor`` flag of its
own; growth between two follower counts is undefined (``NULL``) when either end is a floor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    FunctionElement,
    Select,
    Subquery,
    and_,
    case,
    cast,
    false,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler

from redfunnel.store import models
from redfunnel.store.types import UTCDateTime

NOTE = models.Note.__table__
NOTE_SNAPSHOT = models.NoteSnapshot.__table__
ACCOUNT = models.Account.__table__
ACCOUNT_SNAPSHOT = models.AccountSnapshot.__table__
INSTITUTION = models.Institution.__table__
COMMENT = models.Comment.__table__

LINKED_STATUSES = ("confirmed", "auto")
"""Match statuses that make an account count as the institution's (``review`` waits for a human)."""


@dataclass(frozen=True)
class CesWeights:
    """Weights of the CES score (a third-party heuristic, not an official XHS formula)."""

    like: float = 1.0
    collect: float = 1.0
    comment: float = 4.0
    share: float = 4.0
    follow: float = 8.0


@dataclass(frozen=True)
class MetricParams:
    """Every tunable of the metric definitions, defaulting to DESIGN.md.

    ``cadence_bands`` are (label, maximum median gap in days) from fastest to slowest; an account
    whose median gap exceeds the last bound but that posted within ``stopped_after_days`` is
    ``irregular_band``; one with no post for ``stopped_after_days`` or more is ``stopped_band``.
    ``tiers`` are (label, minimum followers) from the largest down; the last minimum must be 0.
    """

    ces: CesWeights = field(default_factory=CesWeights)
    cadence_bands: tuple[tuple[str, float], ...] = (
        ("隔几日", 4.0),
        ("周更", 10.0),
        ("半月更", 20.0),
        ("月更", 45.0),
    )
    irregular_band: str = "不定期"
    stopped_band: str = "停更"
    stopped_after_days: int = 60
    trend_window_days: int = 90
    tiers: tuple[tuple[str, int], ...] = (
        ("头部", 100_000),
        ("第二梯队", 10_000),
        ("成长", 1_000),
        ("长尾", 0),
    )
    viral_interactions: int = 1_000
    recent_notes: int = 20

    @property
    def band_order(self) -> list[str]:
        """Bands from fastest to stopped; a higher index means a slower cadence."""
        return [label for label, _ in self.cadence_bands] + [self.irregular_band, self.stopped_band]

    @property
    def tier_order(self) -> list[str]:
        return [label for label, _ in self.tiers]


STATUS_LABELS = {"active": "活跃", "slowing": "放缓", "stopped": "停更"}


# ------------------------------------------------------------------------------------------
# Scalar building blocks
# ------------------------------------------------------------------------------------------


class days_between(FunctionElement[float]):  # noqa: N801  (reads like the SQL function it is)
    """``later - earlier`` in days, as a float, on SQLite (julianday) and PostgreSQL (epoch)."""

    type = Float()
    inherit_cache = True
    name = "days_between"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"(julianday({later}) - julianday({earlier}))"


@compiles(days_between)
def _days_between_default(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({later}) - ({earlier})) / 86400.0)"


def at(moment: datetime) -> ColumnElement[datetime]:
    """A bound timestamp typed like the store's columns (naive UTC text on SQLite)."""
    return literal(moment, UTCDateTime())


def interactions(table: Any) -> ColumnElement[int]:
    """Interactions of a post: likes + collects + comments (missing counts count as 0).

    Shares are left out, as in the industry's usual 互动量; CES below weighs them.
    """
    return (
        func.coalesce(table.c.likes, 0)
        + func.coalesce(table.c.collects, 0)
        + func.coalesce(table.c.comments, 0)
    )


def interactions_is_floor(table: Any) -> ColumnElement[bool]:
    """Whether :func:`interactions` is only a lower bound (one of its counts was ``10万+``)."""
    return or_(
        table.c.likes_is_floor.is_(True),
        table.c.collects_is_floor.is_(True),
        table.c.comments_is_floor.is_(True),
    )


def ces(
    table: Any, weights: CesWeights, follows: ColumnElement[Any] | None = None
) -> ColumnElement[float]:
    """CES = 1·like + 1·collect + 4·comment + 4·share + 8·follow with configurable weights.

    ``follows`` (follower gain of the post) is known only from creator-centre exports; without it
    the follow term is 0, which makes CES comparable only among posts of the same source.
    """
    total = (
        weights.like * func.coalesce(table.c.likes, 0)
        + weights.collect * func.coalesce(table.c.collects, 0)
        + weights.comment * func.coalesce(table.c.comments, 0)
        + weights.share * func.coalesce(table.c.shares, 0)
    )
    if follows is not None:
        total = total + weights.follow * func.coalesce(follows, 0)
    return cast(total, Float)


def engagement_rate(
    inter: ColumnElement[Any], views: ColumnElement[Any], followers: ColumnElement[Any]
) -> tuple[ColumnElement[float], ColumnElement[str]]:
    """Engagement rate and its basis: interactions / views when views are known (``views``),
    else interactions per 1 000 followers (``per_1k_followers``); ``NULL`` when neither is.

    The two bases are different units, so the basis travels with the value and callers never
    rank one against the other.
    """
    value = case(
        (views > 0, cast(inter, Float) / views),
        (followers > 0, cast(inter, Float) * 1000.0 / followers),
        else_=None,
    )
    basis = case((views > 0, "views"), (followers > 0, "per_1k_followers"), else_=None)
    return value, basis


def tier_case(followers: ColumnElement[Any], params: MetricParams) -> ColumnElement[str]:
    """Tier from followers (头部 ≥ 10万, 第二梯队 1万–10万, 成长 1000–1万, 长尾 < 1000 by default).

    A floor value (``10万+``) gives the tier it is at least in, which is the right tier for any
    floor the platform shows. Accounts with no follower count have no tier.
    """
    whens = [(followers >= minimum, label) for label, minimum in params.tiers[:-1]]
    return case((followers.is_(None), None), *whens, else_=params.tiers[-1][0])


def cadence_band_case(
    last_post: ColumnElement[Any],
    median_gap: ColumnElement[Any],
    stop_before: datetime,
    params: MetricParams,
) -> ColumnElement[str]:
    """Cadence band: 停更 when the last post is at or before ``stop_before`` (as_of − 60 d) or
    there is none; otherwise the first band whose bound the median gap does not exceed; else
    不定期 (median gap above 45 d, or a single post so no gap yet)."""
    whens = [(median_gap <= bound, label) for label, bound in params.cadence_bands]
    return case(
        (or_(last_post.is_(None), last_post <= at(stop_before)), params.stopped_band),
        *whens,
        else_=params.irregular_band,
    )


def band_rank_case(band: ColumnElement[str], params: MetricParams) -> ColumnElement[int]:
    """Position of a band from fastest (0) to 停更, to compare cadences over time."""
    return case(*[(band == label, i) for i, label in enumerate(params.band_order)], else_=None)


# ------------------------------------------------------------------------------------------
# Set-based building blocks (subqueries keyed by platform + account_key)
# ------------------------------------------------------------------------------------------


def median_by(source: Subquery, keys: list[str], value: str, label: str) -> Subquery:
    """Median of ``source.c[value]`` per ``keys`` (the mean of the two middle values when even).

    Written with ROW_NUMBER and COUNT windows because SQLite has no median aggregate and
    PostgreSQL's ``percentile_cont`` would make the two databases differ in code.
    """
    part = [source.c[k] for k in keys]
    ranked = (
        select(
            *part,
            source.c[value].label("v"),
            func.row_number().over(partition_by=part, order_by=source.c[value]).label("rn"),
            func.count().over(partition_by=part).label("n"),
        )
        .where(source.c[value].is_not(None))
        .subquery()
    )
    middle = or_(ranked.c.rn == (ranked.c.n + 1) // 2, ranked.c.rn == (ranked.c.n + 2) // 2)
    return (
        select(*[ranked.c[k] for k in keys], cast(func.avg(ranked.c.v), Float).label(label))
        .where(middle)
        .group_by(*[ranked.c[k] for k in keys])
        .subquery()
    )


def linked_accounts(
    platform: str | None = None, category: str | None = None, institution: str | None = None
) -> Select[Any]:
    """Accounts that belong to an institution (match confirmed or automatic), with its fields.

    Crawls also bring in every random author whose note a keyword search returned; the landscape
    is about institutions' own accounts, so unmatched and rejected accounts stay out.
    """
    acc, inst = ACCOUNT, INSTITUTION
    query = (
        select(
            acc.c.id.label("account_id"),
            acc.c.platform,
            acc.c.account_key,
            func.coalesce(acc.c.name, acc.c.account_key).label("account"),
            acc.c.role,
            acc.c.region,
            inst.c.id.label("institution_id"),
            inst.c.short_name.label("institution"),
            inst.c.name.label("institution_full_name"),
            inst.c.category.label("institution_category"),
        )
        .join(inst, inst.c.id == acc.c.institution_id)
        .where(acc.c.match_status.in_(LINKED_STATUSES))
    )
    if platform:
        query = query.where(acc.c.platform == platform)
    if category:
        query = query.where(inst.c.category == category)
    if institution:
        query = query.where(or_(inst.c.short_name == institution, inst.c.name == institution))
    return query


def followers_at(accounts: Subquery, moment: datetime, label: str) -> Subquery:
    """Each account's follower count from its newest snapshot captured at or before ``moment``.

    Snapshots are ordered by ``captured_at`` (never by insertion order), so files imported out of
    order give the same answer; ties between sources at one instant go to the highest id.
    """
    snap = ACCOUNT_SNAPSHOT
    ranked = (
        select(
            snap.c.platform,
            snap.c.account_key,
            snap.c.followers,
            snap.c.followers_is_floor,
            snap.c.captured_at,
            func.row_number()
            .over(
                partition_by=[snap.c.platform, snap.c.account_key],
                order_by=[snap.c.captured_at.desc(), snap.c.id.desc()],
            )
            .label("rn"),
        )
        .join(
            accounts,
            and_(
                accounts.c.platform == snap.c.platform, accounts.c.account_key == snap.c.account_key
            ),
        )
        .where(snap.c.followers.is_not(None), snap.c.captured_at <= at(moment))
        .subquery()
    )
    return (
        select(
            ranked.c.platform,
            ranked.c.account_key,
            ranked.c.followers.label(label),
            ranked.c.followers_is_floor.label(f"{label}_is_floor"),
            ranked.c.captured_at.label(f"{label}_at"),
        )
        .where(ranked.c.rn == 1)
        .subquery()
    )


def growth(
    latest: ColumnElement[Any],
    latest_floor: ColumnElement[Any],
    base: ColumnElement[Any],
    base_floor: ColumnElement[Any],
) -> ColumnElement[Any]:
    """Follower growth ``latest - base``; ``NULL`` without a baseline or when either is a floor."""
    return case(
        (or_(base.is_(None), latest.is_(None), latest_floor.is_(True), base_floor.is_(True)), None),
        else_=latest - base,
    )


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def note_bounds(accounts: Subquery, as_of: datetime, params: MetricParams) -> Subquery:
    """Per account, where in its history each note metric has to start reading.

    - ``cadence_from``: the last post at or before the start of the prior trend window
      (``as_of`` − 2 × 90 d), so the gap into that window is known;
    - ``recent_from``: the publish time of the ``recent_notes``-th newest post;
    - ``posts_total``: every post up to ``as_of``.

    Each is one index seek per account (``ix_note_account_published``), so the window functions
    below sort only the posts of the last half year and the newest 20, not an account's whole
    history: the difference between seconds and tens of seconds on a store of 500k notes.
    """
    n2 = NOTE.alias("bound_note")
    own = and_(
        n2.c.platform == accounts.c.platform,
        n2.c.account_key == accounts.c.account_key,
        n2.c.published_at <= at(as_of),
    )
    t_start = as_of - timedelta(days=2 * params.trend_window_days)
    cadence_from = select(func.max(n2.c.published_at)).where(own, n2.c.published_at <= at(t_start))
    recent_from = (
        select(n2.c.published_at)
        .where(own)
        .order_by(n2.c.published_at.desc())
        .limit(1)
        .offset(params.recent_notes - 1)
    )
    total = select(func.count()).where(own)
    return select(
        accounts.c.platform,
        accounts.c.account_key,
        func.coalesce(cadence_from.scalar_subquery(), at(t_start)).label("cadence_from"),
        func.coalesce(recent_from.scalar_subquery(), at(EPOCH)).label("recent_from"),
        total.scalar_subquery().label("posts_total"),
    ).cte("note_bounds")


def _bounded_notes(bounds: Subquery, start: ColumnElement[Any], as_of: datetime) -> Select[Any]:
    """Each account's notes published in ``[start, as_of]``, read by one index range per account.

    Written as ``bounds LEFT JOIN note`` on purpose: SQLite never loops over the right side of a
    LEFT JOIN first, so it must seek each account's range instead of scanning the whole note
    index, which it prefers once ANALYZE has run. An account without notes in the range gives one
    row of NULLs (``note_key`` NULL, ``interactions`` NULL) that every consumer ignores.
    """
    note = NOTE
    return (
        select(
            bounds.c.platform,
            bounds.c.account_key,
            note.c.note_key,
            note.c.note_type,
            note.c.published_at,
            case((note.c.note_key.is_(None), None), else_=interactions(note)).label("interactions"),
            interactions_is_floor(note).label("interactions_is_floor"),
        )
        .select_from(bounds)
        .outerjoin(
            note,
            and_(
                note.c.platform == bounds.c.platform,
                note.c.account_key == bounds.c.account_key,
                note.c.published_at >= start,
                note.c.published_at <= at(as_of),
            ),
        )
    )


def cadence(bounds: Subquery, as_of: datetime, params: MetricParams) -> Subquery:
    """Posting counts, last post and median gaps per account (``bounds`` from :func:`note_bounds`).

    - ``posts_30d`` / ``posts_60d`` / ``posts_90d``: notes published in the trailing window.
    - ``median_gap_days``: median of the gaps between consecutive posts whose later post falls
      in the trailing ``trend_window_days`` (the gap into the window counts, so an account posting
      monthly with three posts in 90 days has a gap of about 30, not an undefined one).
    - ``prior_median_gap_days`` / ``prior_last_post_at``: the same one window earlier, for the
      "slowing" trend.
    """
    win = params.trend_window_days
    t30, t60, t90 = (as_of - timedelta(days=d) for d in (30, 60, win))
    t180 = as_of - timedelta(days=2 * win)
    recent = _bounded_notes(bounds, bounds.c.cadence_from, as_of).subquery("cadence_notes")
    keys = [recent.c.platform, recent.c.account_key]
    gaps = select(
        *keys,
        recent.c.published_at,
        days_between(
            recent.c.published_at,
            func.lag(recent.c.published_at).over(partition_by=keys, order_by=recent.c.published_at),
        ).label("gap"),
    ).subquery("gaps")
    windowed = (
        select(
            gaps.c.platform,
            gaps.c.account_key,
            gaps.c.gap,
            case((gaps.c.published_at > at(t90), "now"), else_="prior").label("window"),
        )
        .where(gaps.c.published_at > at(t180), gaps.c.gap.is_not(None))
        .subquery()
    )
    med = median_by(windowed, ["platform", "account_key", "window"], "gap", "median_gap")
    gap_pivot = (
        select(
            med.c.platform,
            med.c.account_key,
            func.max(case((med.c.window == "now", med.c.median_gap))).label("median_gap_days"),
            func.max(case((med.c.window == "prior", med.c.median_gap))).label(
                "prior_median_gap_days"
            ),
        )
        .group_by(med.c.platform, med.c.account_key)
        .subquery()
    )
    pub = recent.c.published_at
    counts = (
        select(
            *keys,
            func.sum(case((pub > at(t30), 1), else_=0)).label("posts_30d"),
            func.sum(case((pub > at(t60), 1), else_=0)).label("posts_60d"),
            func.sum(case((pub > at(t90), 1), else_=0)).label("posts_90d"),
            func.max(pub).label("last_post_at"),
            func.max(case((pub <= at(t90), pub))).label("prior_last_post_at"),
        )
        .group_by(*keys)
        .subquery()
    )
    return (
        select(
            bounds.c.platform,
            bounds.c.account_key,
            bounds.c.posts_total,
            counts.c.posts_30d,
            counts.c.posts_60d,
            counts.c.posts_90d,
            counts.c.last_post_at,
            counts.c.prior_last_post_at,
            gap_pivot.c.median_gap_days,
            gap_pivot.c.prior_median_gap_days,
        )
        .outerjoin(
            counts,
            and_(
                counts.c.platform == bounds.c.platform, counts.c.account_key == bounds.c.account_key
            ),
        )
        .outerjoin(
            gap_pivot,
            and_(
                gap_pivot.c.platform == bounds.c.platform,
                gap_pivot.c.account_key == bounds.c.account_key,
            ),
        )
        .subquery()
    )


def recent_performance(bounds: Subquery, as_of: datetime, params: MetricParams) -> Subquery:
    """Per account, over its ``recent_notes`` newest notes (20 by default; posts sharing the
    20th one's publish time all count):

    - ``median_interactions`` and whether it is a lower bound (a ``10万+`` among them);
    - ``viral_rate`` (爆文率): share of those notes with interactions ≥ ``viral_interactions``
      (a floor at or above the threshold is certainly above it, so floors count correctly);
    - content mix: how many of them are 图文 and 视频.

    The newest N notes rather than a time window keep stopped accounts comparable: their last
    posts still say how well they did. Counts are each note's newest known counts.
    """
    chosen = _bounded_notes(bounds, bounds.c.recent_from, as_of).cte("recent_notes")
    med = median_by(chosen, ["platform", "account_key"], "interactions", "median_interactions")
    agg = (
        select(
            chosen.c.platform,
            chosen.c.account_key,
            func.count(chosen.c.note_key).label("recent_notes"),
            func.sum(case((chosen.c.interactions >= params.viral_interactions, 1), else_=0)).label(
                "viral_notes"
            ),
            func.max(case((chosen.c.interactions_is_floor.is_(True), 1), else_=0)).label(
                "any_floor"
            ),
            func.sum(case((chosen.c.note_type == "视频", 1), else_=0)).label("video_notes"),
            func.sum(case((chosen.c.note_type == "图文", 1), else_=0)).label("image_notes"),
        )
        .group_by(chosen.c.platform, chosen.c.account_key)
        .subquery()
    )
    return (
        select(agg, med.c.median_interactions)
        .outerjoin(
            med, and_(med.c.platform == agg.c.platform, med.c.account_key == agg.c.account_key)
        )
        .subquery()
    )


def brand_reply_rates(accounts: Subquery, since: datetime, as_of: datetime) -> Select[Any]:
    """Brand reply rate per account from comment data: of the customers' top-level comments made
    in ``(since, as_of]`` under the account's notes, the share that got a reply from the account.

    A reply is a comment flagged ``is_brand_reply`` (written by the note's own author) whose
    ``parent_key`` is the customer's comment. Median reply delay in hours comes with it.
    """
    note, com = NOTE, COMMENT
    reply = COMMENT.alias("reply")
    first_reply = (
        select(
            reply.c.platform, reply.c.parent_key, func.min(reply.c.created_at).label("replied_at")
        )
        .where(
            reply.c.is_brand_reply.is_(True),
            reply.c.parent_key.is_not(None),
            reply.c.created_at <= at(as_of),
        )
        .group_by(reply.c.platform, reply.c.parent_key)
        .subquery()
    )
    asked = (
        select(
            note.c.platform,
            note.c.account_key,
            com.c.comment_key,
            days_between(first_reply.c.replied_at, com.c.created_at).label("delay_days"),
            case((first_reply.c.replied_at.is_not(None), 1), else_=0).label("replied"),
        )
        .join(
            accounts,
            and_(
                accounts.c.platform == note.c.platform, accounts.c.account_key == note.c.account_key
            ),
        )
        .join(com, and_(com.c.note_key == note.c.note_key, com.c.platform == note.c.platform))
        .outerjoin(
            first_reply,
            and_(
                first_reply.c.parent_key == com.c.comment_key,
                first_reply.c.platform == com.c.platform,
            ),
        )
        .where(
            com.c.parent_key.is_(None),
            or_(com.c.is_brand_reply.is_(None), com.c.is_brand_reply == false()),
            com.c.created_at > at(since),
            com.c.created_at <= at(as_of),
        )
        .subquery()
    )
    delays = (
        select(
            asked.c.platform, asked.c.account_key, (asked.c.delay_days * 24.0).label("delay_hours")
        )
        .where(asked.c.replied == 1)
        .subquery()
    )
    med = median_by(delays, ["platform", "account_key"], "delay_hours", "median_reply_hours")
    agg = (
        select(
            asked.c.platform,
            asked.c.account_key,
            func.count().label("customer_comments"),
            func.sum(asked.c.replied).label("replied_comments"),
        )
        .group_by(asked.c.platform, asked.c.account_key)
        .subquery()
    )
    return select(agg, med.c.median_reply_hours).outerjoin(
        med, and_(med.c.platform == agg.c.platform, med.c.account_key == agg.c.account_key)
    )
