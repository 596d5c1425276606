"""账号体检: one account against the peers of its category and tier, with numbers and next steps.

Peers are the accounts of the same platform, institution category and tier (a 长尾 城商行
account is not held to 招商银行's standard). When that group has fewer than
:data:`MIN_PEERS` other accounts, the comparison widens to the same tier in every category,
and then to the neighbouring tiers (the few 头部 accounts), and says so. Every finding states the account's figure, the peer median and one recommendation.
"""

from __future__ import annotations

import difflib
import math
import statistics
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, func, literal, select

from redfunnel.landscape import metrics as m
from redfunnel.landscape.asof import resolve_as_of
from redfunnel.landscape.metrics import MetricParams
from redfunnel.landscape.rankings import account_rows
from redfunnel.landscape.text import local_date, num, pct, wan

MIN_PEERS = 3
WEEK_DAYS = 7.0


class AccountNotFound(LookupError):
    """No institution account matches the name given (message in Chinese, with suggestions)."""


@dataclass
class Finding:
    """One observation with its figures and what to do about it."""

    topic: str
    level: str  # 警告 | 提示 | 良好
    text: str
    recommendation: str
    figures: dict[str, Any] = field(default_factory=dict)


@dataclass
class Diagnosis:
    """The health check of one account as of one instant."""

    as_of: datetime
    account: dict[str, Any]
    peers: dict[str, Any]
    findings: list[Finding]
    replies: dict[str, Any]
    engagement: dict[str, Any]
    top_notes: list[dict[str, Any]]
    bottom_notes: list[dict[str, Any]]
    followers_trend: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["as_of"] = self.as_of.isoformat()
        return doc


def _pick(rows: list[dict[str, Any]], name: str) -> dict[str, Any]:
    matches = [r for r in rows if name in (r["account"], r["account_key"], str(r["account_id"]))]
    if not matches and len({r["account"] for r in rows if name in r["account"]}) == 1:
        matches = [r for r in rows if name in r["account"]]
    if not matches:
        names = list(dict.fromkeys(r["account"] for r in rows))
        close = [n for n in names if name in n][:3] or difflib.get_close_matches(
            name, names, n=3, cutoff=0.4
        )
        hint = f"；是否要找：{'、'.join(close)}" if close else ""
        raise AccountNotFound(f"没有名为“{name}”的机构账号（仅限已确认归属的账号）{hint}")
    matches.sort(key=lambda r: (r["platform"] != "xhs", r["platform"]))
    return matches[0]


def _median(values: list[float | int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def _per_week(posts_90d: float | None, days: int) -> float | None:
    return None if posts_90d is None else posts_90d / (days / WEEK_DAYS)


def _video_share(row: dict[str, Any]) -> float | None:
    mix = row["content_mix"]
    total = sum(mix.values())
    return mix["视频"] / total if total else None


def _reply_stats(
    engine: Engine, as_of: datetime, days: int, platform: str
) -> dict[tuple[str, str], dict[str, Any]]:
    accounts = m.linked_accounts(platform).subquery()
    query = m.brand_reply_rates(accounts, as_of - timedelta(days=days), as_of)
    with engine.connect() as conn:
        return {(r["platform"], r["account_key"]): dict(r) for r in conn.execute(query).mappings()}


def _notes(
    engine: Engine, row: dict[str, Any], as_of: datetime, days: int, params: MetricParams
) -> list[dict[str, Any]]:
    """The account's notes of the window, best first, with engagement rate and CES.

    Views and follower gain come from the newest snapshot that has them (creator-centre
    exports, so only the bank's own accounts); without views the engagement rate falls back to
    interactions per 1 000 followers, and the ``basis`` says which one it is.
    """
    note, snap = m.NOTE, m.NOTE_SNAPSHOT
    mine = and_(
        note.c.platform == row["platform"],
        note.c.account_key == row["account_key"],
        note.c.published_at <= m.at(as_of),
        note.c.published_at > m.at(as_of - timedelta(days=days)),
    )
    ranked = (
        select(
            snap.c.platform,
            snap.c.note_key,
            snap.c.views,
            snap.c.follower_gain,
            func.row_number()
            .over(
                partition_by=[snap.c.platform, snap.c.note_key],
                order_by=[snap.c.captured_at.desc(), snap.c.id.desc()],
            )
            .label("rn"),
        )
        .join(note, and_(note.c.note_key == snap.c.note_key, note.c.platform == snap.c.platform))
        .where(mine, snap.c.views.is_not(None), snap.c.captured_at <= m.at(as_of))
        .subquery()
    )
    views = select(ranked).where(ranked.c.rn == 1).subquery()
    rate, basis = m.engagement_rate(
        m.interactions(note), views.c.views, literal(row["followers"] or 0)
    )
    query = (
        select(
            note.c.note_key,
            note.c.title,
            note.c.note_type,
            note.c.published_at,
            note.c.url,
            m.interactions(note).label("interactions"),
            m.interactions_is_floor(note).label("is_floor"),
            views.c.views,
            rate.label("rate"),
            basis.label("basis"),
            m.ces(note, params.ces, follows=views.c.follower_gain).label("ces"),
        )
        .outerjoin(
            views, and_(views.c.note_key == note.c.note_key, views.c.platform == note.c.platform)
        )
        .where(mine)
        .order_by(m.interactions(note).desc(), note.c.published_at.desc(), note.c.note_key)
    )
    with engine.connect() as conn:
        return [
            {
                "note_key": r.note_key,
                "title": r.title,
                "note_type": r.note_type,
                "published_at": r.published_at.isoformat(),
                "interactions": int(r.interactions),
                "interactions_is_floor": bool(r.is_floor),
                "views": r.views,
                "engagement_rate": None if r.rate is None else round(float(r.rate), 4),
                "engagement_basis": r.basis,
                "ces": None if r.ces is None else round(float(r.ces), 1),
                "url": r.url,
            }
            for r in conn.execute(query)
        ]


def _engagement(notes: list[dict[str, Any]]) -> dict[str, Any]:
    """Median engagement rate of the window's notes (views basis when any note has views) and CES."""
    by_views = [n["engagement_rate"] for n in notes if n["engagement_basis"] == "views"]
    per_fans = [n["engagement_rate"] for n in notes if n["engagement_basis"] == "per_1k_followers"]
    basis, values = ("views", by_views) if by_views else ("per_1k_followers", per_fans)
    return {
        "basis": basis if values else None,
        "notes": len(values),
        "median_engagement_rate": _median(values),
        "median_ces": _median([n["ces"] for n in notes]),
    }


def _followers_trend(engine: Engine, row: dict[str, Any], as_of: datetime) -> list[dict[str, Any]]:
    snap = m.ACCOUNT_SNAPSHOT
    query = (
        select(snap.c.captured_at, snap.c.followers, snap.c.followers_is_floor)
        .where(
            and_(
                snap.c.platform == row["platform"],
                snap.c.account_key == row["account_key"],
                snap.c.followers.is_not(None),
                snap.c.captured_at <= m.at(as_of),
            )
        )
        .order_by(snap.c.captured_at, snap.c.id)
    )
    by_day: dict[str, dict[str, Any]] = {}
    with engine.connect() as conn:
        for r in conn.execute(query):
            by_day[local_date(r.captured_at)] = {
                "date": local_date(r.captured_at),
                "followers": r.followers,
                "is_floor": bool(r.followers_is_floor),
            }
    return list(by_day.values())


def diagnose_account(
    engine: Engine,
    account: str,
    *,
    now: datetime | None = None,
    platform: str | None = None,
    params: MetricParams | None = None,
) -> Diagnosis:
    """Diagnose ``account`` (name, account key or id) against its peers as of ``now``."""
    params = params or MetricParams()
    as_of = resolve_as_of(engine, now, platform or "xhs")
    rows = account_rows(engine, as_of, params, platform=platform)
    me = _pick(rows, account)
    everyone = [r for r in rows if r["platform"] == me["platform"]]
    same = [r for r in everyone if r["account_id"] != me["account_id"] and r["tier"] == me["tier"]]
    peers = [r for r in same if r["institution_category"] == me["institution_category"]]
    basis = f"{me['institution_category']}·{me['tier']}"
    if len(peers) < MIN_PEERS:
        peers, basis = same, f"全部类别·{me['tier']}"
    if len(peers) < MIN_PEERS and me["tier"] in params.tier_order:
        near = params.tier_order[
            max(0, params.tier_order.index(me["tier"]) - 1) : params.tier_order.index(me["tier"])
            + 2
        ]
        peers = [r for r in everyone if r["account_id"] != me["account_id"] and r["tier"] in near]
        basis = f"全部类别·{'/'.join(near)}"
    window = params.trend_window_days
    replies = _reply_stats(engine, as_of, window, me["platform"])

    def rate(r: dict[str, Any]) -> float | None:
        s = replies.get((r["platform"], r["account_key"]))
        return (
            s["replied_comments"] / s["customer_comments"] if s and s["customer_comments"] else None
        )

    medians = {
        "posts_per_week": _median([_per_week(r["posts_90d"], window) for r in peers]),
        "median_gap_days": _median([r["median_gap_days"] for r in peers]),
        "median_interactions": _median([r["median_interactions"] for r in peers]),
        "growth_30d_pct": _median([r["growth_30d_pct"] for r in peers]),
        "viral_rate": _median([r["viral_rate"] for r in peers]),
        "video_share": _median([_video_share(r) for r in peers]),
        "reply_rate": _median([rate(r) for r in peers]),
    }
    mine = replies.get((me["platform"], me["account_key"]), {})
    reply = {
        "window_days": window,
        "customer_comments": int(mine.get("customer_comments") or 0),
        "replied_comments": int(mine.get("replied_comments") or 0),
        "reply_rate": rate(me),
        "median_reply_hours": mine.get("median_reply_hours"),
        "peer_reply_rate": medians["reply_rate"],
    }
    notes = _notes(engine, me, as_of, window, params)
    if len(notes) < 6:
        notes = _notes(engine, me, as_of, 3650, params)
    engagement = _engagement(notes)
    findings = [
        _cadence_finding(me, medians, params),
        _growth_finding(me, medians),
        _interaction_finding(me, medians, params),
        _reply_finding(reply),
        _format_finding(me, medians),
        _engagement_finding(engagement),
    ]
    return Diagnosis(
        as_of=as_of,
        account=me,
        peers={
            "basis": basis,
            "count": len(peers),
            "accounts": [r["account"] for r in peers],
            "medians": medians,
        },
        findings=[f for f in findings if f is not None],
        replies=reply,
        engagement=engagement,
        top_notes=notes[:3],
        bottom_notes=notes[-3:][::-1] if len(notes) > 3 else [],
        followers_trend=_followers_trend(engine, me, as_of),
    )


def _cadence_finding(me: dict[str, Any], med: dict[str, Any], params: MetricParams) -> Finding:
    peer_week = med["posts_per_week"]
    mine_week = _per_week(me["posts_90d"], params.trend_window_days)
    peer_text = (
        f"同梯队中位数为每周{num(peer_week)}篇" if peer_week is not None else "暂无同梯队可比"
    )
    target = max(1, math.ceil(peer_week or 1))
    figures = {
        "posts_30d": me["posts_30d"],
        "posts_60d": me["posts_60d"],
        "posts_90d": me["posts_90d"],
        "posts_per_week": mine_week,
        "peer_posts_per_week": peer_week,
        "cadence_band": me["cadence_band"],
        "prior_cadence_band": me["prior_cadence_band"],
    }
    if me["status"] == "stopped":
        since = (
            f"已{num(me['days_since_last_post'], 0)}天未发布（最后一篇 {local_date(me['last_post_at'])}）"
            if me["last_post_at"]
            else "尚未采集到任何笔记"
        )
        return Finding(
            "发布节奏",
            "警告",
            f"{since}，属于停更；{peer_text}",
            f"尽快恢复更新：先以每周{target}篇服务指南或反诈提醒类笔记重启，并排入发布日历",
            figures,
        )
    if me["status"] == "slowing":
        return Finding(
            "发布节奏",
            "警告",
            f"近60天仅发布{me['posts_60d']}篇，由{me['prior_cadence_band']}降为{me['cadence_band']}"
            f"（发文间隔中位数 {num(me['prior_median_gap_days'])}天 → {num(me['median_gap_days'])}天）；{peer_text}",
            f"恢复到每周至少{target}篇，提前两周备好选题并固定发布时间",
            figures,
        )
    if peer_week and mine_week is not None and mine_week < 0.6 * peer_week:
        return Finding(
            "发布节奏",
            "提示",
            f"近90天发布{me['posts_90d']}篇（每周{num(mine_week)}篇，{me['cadence_band']}），{peer_text}",
            f"把发布频率提高到每周{target}篇左右，与同梯队持平",
            figures,
        )
    return Finding(
        "发布节奏",
        "良好",
        f"近90天发布{me['posts_90d']}篇（每周{num(mine_week)}篇，{me['cadence_band']}），{peer_text}",
        "保持当前节奏，重点放在内容质量与评论互动上",
        figures,
    )


def _growth_finding(me: dict[str, Any], med: dict[str, Any]) -> Finding:
    peer = med["growth_30d_pct"]
    figures = {
        "followers": me["followers"],
        "growth_30d": me["growth_30d"],
        "growth_30d_pct": me["growth_30d_pct"],
        "growth_90d": me["growth_90d"],
        "peer_growth_30d_pct": peer,
    }
    if me["growth_30d"] is None:
        return Finding(
            "粉丝增长",
            "提示",
            f"当前粉丝{wan(me['followers'], floor=me['followers_is_floor'])}，缺少30天前的可比粉丝快照，无法计算增长",
            "保持至少每两周抓取一次账号主页，积累粉丝历史",
            figures,
        )
    peer_text = f"同梯队中位数{num(peer)}%" if peer is not None else "暂无同梯队可比"
    text = (
        f"粉丝{wan(me['followers'])}，近30天{'+' if me['growth_30d'] >= 0 else ''}{me['growth_30d']}"
        f"（{num(me['growth_30d_pct'])}%），{peer_text}"
    )
    if me["growth_30d"] <= 0:
        return Finding(
            "粉丝增长",
            "警告",
            text,
            "粉丝停滞或流失：排查停更与内容同质化，策划一次有明确利益点的关注活动",
            figures,
        )
    if peer is not None and me["growth_30d_pct"] is not None and me["growth_30d_pct"] < 0.5 * peer:
        return Finding(
            "粉丝增长",
            "提示",
            text,
            "增长慢于同梯队：在高互动笔记中加入关注引导，并与分行/信用卡账号互相导流",
            figures,
        )
    return Finding("粉丝增长", "良好", text, "保持；可复盘涨粉最多的笔记选题", figures)


def _interaction_finding(
    me: dict[str, Any], med: dict[str, Any], params: MetricParams
) -> Finding | None:
    mine, peer = me["median_interactions"], med["median_interactions"]
    if mine is None:
        return None
    figures = {
        "median_interactions": mine,
        "peer_median_interactions": peer,
        "viral_rate": me["viral_rate"],
        "peer_viral_rate": med["viral_rate"],
    }
    base = (
        f"最近{sum(me['content_mix'].values())}篇笔记互动中位数{num(mine)}"
        f"{'（含10万+下限）' if me['median_interactions_is_floor'] else ''}，"
        f"爆文率（互动≥{params.viral_interactions}）{pct(me['viral_rate'])}"
    )
    if not peer:
        return Finding(
            "互动表现",
            "提示",
            base + "；暂无同梯队可比",
            "以本账号互动最高的笔记为样本复制选题与形式",
            figures,
        )
    ratio = mine / peer
    text = f"{base}；同梯队中位数{num(peer)}，本账号为其{num(100 * ratio, 0)}%"
    if ratio < 0.7:
        return Finding(
            "互动表现",
            "警告",
            text,
            "减少说教式品牌宣传，多做可收藏的攻略、办事指南和真实案例；参考下方互动最高的笔记",
            figures,
        )
    return Finding("互动表现", "良好", text, "保持；把高互动选题做成系列并固定栏目", figures)


def _reply_finding(reply: dict[str, Any]) -> Finding:
    n, done, rate = reply["customer_comments"], reply["replied_comments"], reply["reply_rate"]
    peer = reply["peer_reply_rate"]
    figures = dict(reply)
    if not n:
        return Finding(
            "评论回复",
            "提示",
            f"近{reply['window_days']}天未采集到用户评论",
            "确认评论抓取已开启；评论是客户咨询的主要入口",
            figures,
        )
    hours = reply["median_reply_hours"]
    text = (
        f"近{reply['window_days']}天用户评论{n}条，品牌回复{done}条（回复率{pct(rate)}）"
        f"{f'，回复耗时中位数{num(hours)}小时' if hours is not None else ''}"
        f"；同梯队中位数{pct(peer)}"
    )
    target = max(0.6, peer or 0)
    if rate is not None and (rate < 0.3 or (peer is not None and rate < peer - 0.1)):
        return Finding(
            "评论回复",
            "警告",
            text,
            f"指定专人每日巡检评论，常见问题使用已审批的FAQ答复，目标回复率不低于{pct(target, 0)}",
            figures,
        )
    return Finding(
        "评论回复", "良好", text, "保持；对投诉和疑似诈骗评论优先处理并转消保/反诈", figures
    )


def _format_finding(me: dict[str, Any], med: dict[str, Any]) -> Finding | None:
    mine, peer = _video_share(me), med["video_share"]
    if mine is None or peer is None or mine >= peer - 0.15:
        return None
    return Finding(
        "内容形式",
        "提示",
        f"最近笔记中视频占{pct(mine, 0)}，同梯队中位数{pct(peer, 0)}",
        "尝试每月2–4条短视频（网点实拍、业务办理演示），观察互动变化",
        {"video_share": mine, "peer_video_share": peer},
    )


def _engagement_finding(engagement: dict[str, Any]) -> Finding | None:
    if engagement["basis"] is None:
        return None
    if engagement["basis"] == "views":
        text = (
            f"有观看数据的{engagement['notes']}篇笔记互动率（互动/观看）中位数"
            f"{pct(engagement['median_engagement_rate'], 2)}，CES中位数{num(engagement['median_ces'])}"
        )
        advice = "逐篇对照互动率：低于中位数的笔记复盘封面与标题，高于中位数的选题做成系列"
    else:
        text = (
            f"缺少观看数据，按每千粉丝计互动中位数{num(engagement['median_engagement_rate'])}，"
            f"CES中位数{num(engagement['median_ces'])}（CES为第三方经验公式，仅作参考）"
        )
        advice = "导入创作者中心“笔记列表明细表”，以观看量为分母计算互动率"
    return Finding("互动率", "提示", text, advice, dict(engagement))
