"""Posting processes and notes: when each account posts, what, and how it performs.

Cadences follow the bands of the design (隔几日 ≤ 4 days median gap, 周更, 半月更, 月更, 停更).
"Slowing" accounts post every few days a year ago, weekly in the middle months and about monthly
in the last 90 days; "stopped" accounts fall silent on a fixed date. Engagement is lognormal and
scales sub-linearly with followers, with rare viral outliers, so counts are heavy-tailed the way
real platform data is.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from redfunnel.demo import ids
from redfunnel.demo.catalog import INSTITUTIONS
from redfunnel.demo.text import NoteContext, RenderedNote, render_note, wuyi_guide
from redfunnel.demo.topics import TOPICS, Topic
from redfunnel.demo.world import DEMO_TZ, Account, Note

__all__ = ["SEASONS", "WUYI_GUIDE_AT", "build_notes", "post_times"]

WUYI_GUIDE_AT = datetime(2026, 4, 27, 18, 30, 0, tzinfo=DEMO_TZ)
_D = DEMO_TZ
SEASONS: dict[str, list[tuple[datetime, datetime]]] = {
    "spring": [(datetime(2026, 1, 20, tzinfo=_D), datetime(2026, 2, 24, tzinfo=_D))],
    "consumer_day": [(datetime(2026, 3, 8, tzinfo=_D), datetime(2026, 3, 17, tzinfo=_D))],
    "labor_day": [(datetime(2026, 4, 20, tzinfo=_D), datetime(2026, 5, 1, tzinfo=_D))],
    "school": [(datetime(2026, 8, 15, tzinfo=_D), datetime(2026, 9, 10, tzinfo=_D))],
    "fin_month": [(datetime(2026, 9, 1, tzinfo=_D), datetime(2026, 9, 30, tzinfo=_D))],
    "national_day": [(datetime(2026, 9, 22, tzinfo=_D), datetime(2026, 10, 1, tzinfo=_D))],
    "double11": [
        (datetime(2025, 11, 20, tzinfo=_D), datetime(2025, 11, 25, tzinfo=_D)),
        (datetime(2026, 10, 25, tzinfo=_D), datetime(2026, 11, 12, tzinfo=_D)),
    ],
}
_PILLAR_ORDER = ("brand", "education", "anti_fraud", "service", "product", "activity", "lifestyle")
_ROLE_PILLARS: dict[str, dict[str, float]] = {
    role: dict(zip(_PILLAR_ORDER, weights, strict=True))
    for role, weights in {
        "主账号": (16, 22, 12, 14, 14, 12, 10),
        "信用卡": (8, 10, 6, 6, 34, 26, 10),
        "分行": (14, 10, 16, 34, 6, 12, 8),
        "产品": (8, 10, 4, 10, 36, 22, 10),
        "客服": (0, 14, 28, 58, 0, 0, 0),
        "IP": (50, 8, 0, 0, 0, 16, 26),
    }.items()
}
_PILLAR_LIKES = {"brand": 0.8, "education": 1.1, "anti_fraud": 0.7, "service": 1.0, "product": 0.9,
                 "activity": 1.3, "lifestyle": 1.4}
_COLLECT_RATIO = {"brand": 0.15, "education": 0.9, "anti_fraud": 0.35, "service": 1.2,
                  "product": 0.4, "activity": 0.1, "lifestyle": 0.8}
_COMMENT_RATIO = {"activity": 0.25, "service": 0.08, "product": 0.06}
_SHARE_RATIO = {"anti_fraud": 0.25, "education": 0.15, "service": 0.2}
_HOURS = dict(zip(range(9, 23), (1, 2, 3, 4, 2, 1, 1, 2, 4, 5, 5, 4, 3, 1), strict=True))
_INST = {inst.name: inst for inst in INSTITUTIONS}
_HOOKS = {
    "education": ("干货｜", "收藏备用｜", "新手必看｜", "划重点｜", "一分钟看懂｜", "小课堂｜"),
    "anti_fraud": ("再次提醒｜", "紧急提醒｜", "反诈小课堂｜", "真实案例｜", "必看｜"),
    "service": ("收藏备用｜", "办事指南｜", "问答｜", "划重点｜", "再提醒一次｜"),
    "product": ("上新｜", "种草｜", "测评｜", "真实体验｜", "攻略｜"),
    "activity": ("福利｜", "本周｜", "宠粉｜", "限时｜", "返场｜"),
    "lifestyle": ("分享｜", "日常｜", "打卡｜", "经验帖｜"),
    "brand": ("日常｜", "幕后｜", "新一期｜", "番外｜"),
}


def _at_local_time(rng: random.Random, day: datetime) -> datetime:
    hour = rng.choices(list(_HOURS), weights=list(_HOURS.values()))[0]
    return day.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60), microsecond=0)


_GAPS = {"weekly": (7, 1.5, 4, 10), "biweekly": (14, 3, 9, 20), "monthly": (30, 6, 21, 42)}


def _midnight(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _gap(rng: random.Random, cadence: str) -> float:
    if cadence == "few_days":
        return rng.choice((1, 2, 2, 3, 3, 3, 3, 4, 4, 5)) + rng.uniform(-0.3, 0.3)
    mean, sd, lo, hi = _GAPS[cadence]
    return min(hi, max(lo, rng.gauss(mean, sd)))


def _run(rng: random.Random, cadence: str, start: datetime, end: datetime) -> list[datetime]:
    days: list[datetime] = []
    t = start + timedelta(days=rng.uniform(0, _gap(rng, cadence)))
    while t < end:
        days.append(t)
        t += timedelta(days=_gap(rng, cadence))
    return days


def post_times(
    rng: random.Random, acc: Account, start: datetime, end: datetime, now: datetime
) -> list[datetime]:
    """Publish times of one account over ``[start, end)`` following its cadence."""
    if acc.cadence == "slowing":
        days = _run(rng, "few_days", start, now - timedelta(days=180))
        days += _run(rng, "weekly", now - timedelta(days=180), now - timedelta(days=92))
        days += [now - timedelta(days=d + rng.uniform(-4, 4)) for d in (82, 52, 22)]
    elif acc.cadence == "stopped":
        stop = now - timedelta(days=acc.stopped_days)
        prior = "weekly" if acc.followers_now >= 1000 else "biweekly"
        days = _run(rng, prior, start, stop - timedelta(days=3)) + [stop]
    else:
        days = _run(rng, acc.cadence, start, end)
    times = [_at_local_time(rng, _midnight(d)) for d in days]
    if acc.cadence == "stopped":
        times[-1] = min(times[-1], now - timedelta(days=acc.stopped_days))
    return sorted(t for t in times if start <= t < end)


def _in_season(moment: datetime) -> list[str]:
    return [key for key, spans in SEASONS.items() if any(a <= moment <= b for a, b in spans)]


def _pick_topic(rng: random.Random, acc: Account, moment: datetime, last_key: str) -> Topic:
    seasons = _in_season(moment)
    seasonal = [t for t in TOPICS if t.season in seasons]
    if seasonal and rng.random() < 0.45:
        return rng.choice(seasonal)
    weights = _ROLE_PILLARS[acc.role]
    for _ in range(3):
        pillar = rng.choices(list(weights), weights=list(weights.values()))[0]
        pool = [t for t in TOPICS if t.pillar == pillar and not t.season]
        shared = [t for t in pool if t.shared]
        topic = rng.choice(shared) if shared and rng.random() < 0.35 else rng.choice(pool)
        if topic.key != last_key:
            return topic
    return topic


def _engagement(
    rng: random.Random, acc: Account, pillar: str, ntype: str
) -> tuple[int, int, int, int]:
    median = (2 + 0.35 * acc.followers_now**0.6) * acc.quality * _PILLAR_LIKES[pillar]
    median *= 1.2 if ntype == "video" else 1.0
    likes = math.exp(math.log(median) + rng.gauss(0, 1.0))
    if rng.random() < 0.012:
        likes *= rng.uniform(6, 25)
    likes = min(likes, 300_000.0)
    collects = likes * _COLLECT_RATIO[pillar] * math.exp(rng.gauss(0, 0.3))
    comments = likes * _COMMENT_RATIO.get(pillar, 0.03) * math.exp(rng.gauss(0, 0.4))
    shares = likes * _SHARE_RATIO.get(pillar, 0.06) * math.exp(rng.gauss(0, 0.4))
    return round(likes), round(collects), round(comments), round(shares)


def context_for(acc: Account) -> NoteContext:
    """Template context (bank short name, app, hotline, region) for an account."""
    inst = _INST[acc.institution]
    hotline = f"客服热线{inst.hotline}" if inst.hotline else "官方客服热线"
    bank = acc.institution if len(acc.institution) <= 4 else inst.alias
    return NoteContext(acct=acc.name, bank=bank, app=inst.app, hotline=hotline, region=acc.region)


def _make_note(rng: random.Random, acc: Account, moment: datetime, topic: Topic | None,
               rendered: RenderedNote, ntype: str = "") -> Note:
    pillar = topic.pillar if topic else "service"
    ntype = ntype or ("video" if rng.random() < acc.video_share else "normal")
    likes, collects, comments, shares = _engagement(rng, acc, pillar, ntype)
    n_images = 1 if ntype == "video" else rng.choice((1, 2, 3, 3, 4, 4, 5, 6, 6, 9))
    roll = rng.random()
    if roll < 0.6:
        offset_s = rng.randrange(0, 900)
    elif roll < 0.8:
        offset_s = -rng.randrange(1, 3_600)
    else:
        offset_s = rng.randrange(3_600, 86_400)
    return Note(
        note_id=ids.hex_id(rng, moment),
        account_key=acc.key,
        type=ntype,
        title=rendered.title,
        desc=rendered.desc,
        tags=rendered.tags,
        published_at=moment,
        pillar=pillar,
        product=topic.product if topic else "general",
        template=topic.key if topic else "wuyi_guide_gd",
        image_keys=[ids.image_key(rng) for _ in range(n_images)],
        video_key=f"pre_post/1040g2t0{rng.getrandbits(128):032x}" if ntype == "video" else "",
        xsec_token=ids.xsec_token(rng),
        ip_location=acc.province if rng.random() < 0.55 else "",
        likes=likes,
        collects=collects,
        comments=comments,
        shares=shares,
        update_offset_ms=offset_s * 1000,
    )


def _fresh_title(rng: random.Random, title: str, pillar: str, seen: dict[str, int]) -> str:
    """Vary a title the account already used: a column hook first, an issue number last."""
    count = seen.get(title, 0) + 1
    seen[title] = count
    if count == 1:
        return title
    hooks = [h + title for h in _HOOKS[pillar] if h + title not in seen]
    if hooks:
        choice = rng.choice(hooks)
        seen[choice] = 1
        return choice
    return f"{title}｜第{count}期"


def build_notes(rng: random.Random, accounts: list[Account], start: datetime, end: datetime,
                now: datetime) -> list[Note]:
    """All notes of all accounts in ``[start, end)``, sorted by publish time then id."""
    notes: list[Note] = []
    for acc in accounts:
        times = post_times(rng, acc, start, end, now)
        if acc.key == "中国银行广东省分行":
            times = [t for t in times if abs((t - WUYI_GUIDE_AT).days) > 0] + [WUYI_GUIDE_AT]
            times.sort()
        ctx = context_for(acc)
        seen: dict[str, int] = {}
        last_key = ""
        for moment in times:
            if moment == WUYI_GUIDE_AT and acc.key == "中国银行广东省分行":
                note = _make_note(rng, acc, moment, None, wuyi_guide(rng), ntype="normal")
                note.likes, note.collects, note.comments, note.shares = 26_340, 41_250, 1_872, 9_630
                notes.append(note)
                continue
            topic = _pick_topic(rng, acc, moment, last_key)
            last_key = topic.key
            rendered = render_note(rng, topic, ctx)
            title = _fresh_title(rng, rendered.title, topic.pillar, seen)
            if title != rendered.title:
                rendered = RenderedNote(title, rendered.desc, rendered.tags)
            notes.append(_make_note(rng, acc, moment, topic, rendered))
    _plant_viral(rng, [n for n in notes if n.account_key == "招商银行"])
    notes.sort(key=lambda n: (n.published_at, n.note_id))
    return notes


def _plant_viral(rng: random.Random, own: list[Note]) -> None:
    """Make the leader's best note a "10万+" hit so the floor form always occurs in the counts."""
    best = max(own, key=lambda n: n.likes)
    if best.likes >= 100_000:
        return
    scale = rng.uniform(105_000, 160_000) / best.likes
    best.likes, best.collects = round(best.likes * scale), round(best.collects * scale)
    best.comments, best.shares = round(best.comments * scale), round(best.shares * scale)
