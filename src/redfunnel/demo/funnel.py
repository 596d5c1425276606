"""Campaigns, paid promotion and the conversion funnel behind the home bank's content.

Every tracking code has hidden stage-to-stage rates (``TrackingCode.true_rates``); the
conversions file is sampled from them, so attribution and funnel estimates can be checked
against the truth. Promoted notes carry their code in the note body (as a 口令 readers type
into the app) and appear in the 聚光 export and, aggregated by week, in ``spend.csv`` with the
code as campaign id.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from redfunnel.demo import ids
from redfunnel.demo.posting import context_for
from redfunnel.demo.text import plain_title
from redfunnel.demo.world import Account, Conversion, Note, PromoDay, SpendRow, TrackingCode

__all__ = ["STAGES", "build_funnel"]

STAGES = ("click", "landing", "lead", "application", "approved")
_PRODUCT = {"credit_card": "credit_card", "consumer_loan": "consumer_loan", "gold": "gold",
            "wealth": "wealth", "fund_insurance": "wealth", "fx_study": "fx", "pension": "pension",
            "deposit": "deposit"}
_RATES = {
    "credit_card": (0.78, 0.22, 0.55, 0.52), "consumer_loan": (0.75, 0.15, 0.50, 0.42),
    "gold": (0.80, 0.20, 0.60, 0.95), "wealth": (0.78, 0.12, 0.50, 0.92),
    "fx": (0.80, 0.18, 0.45, 0.90), "pension": (0.75, 0.14, 0.60, 0.97),
    "deposit": (0.80, 0.20, 0.60, 0.98),
}
_VALUE_RANGE = {
    "consumer_loan": (20_000, 300_000), "gold": (1_000, 30_000), "wealth": (10_000, 500_000),
    "fx": (20_000, 400_000), "pension": (2_000, 12_000), "deposit": (200_000, 1_000_000),
}
_CAMPAIGNS = (
    ("wechat", "WX", "朋友圈广告-信用卡新客礼", "credit_card"),
    ("wechat", "WX", "公众号推广-积存金定投季", "gold"),
    ("wechat", "WX", "朋友圈广告-消费贷", "consumer_loan"),
    ("wechat", "WX", "公众号互选-留学金融", "fx"),
    ("wechat", "WX", "朋友圈广告-个人养老金", "pension"),
    ("wechat", "WX", "朋友圈广告-大额存单", "deposit"),
    ("douyin", "DY", "巨量引擎-信用卡开卡礼", "credit_card"),
    ("douyin", "DY", "DOU+-积存金", "gold"),
    ("douyin", "DY", "巨量引擎-消费贷", "consumer_loan"),
    ("douyin", "DY", "DOU+-五一出行", "credit_card"),
    ("douyin", "DY", "巨量引擎-留学季", "fx"),
    ("douyin", "DY", "DOU+-理财节", "wealth"),
    ("xhs", "XHS", "蒲公英达人合作-留学金融", "fx"),
    ("xhs", "XHS", "蒲公英达人合作-信用卡", "credit_card"),
)


def _code(rng: random.Random, prefix: str, used: set[str]) -> str:
    while True:
        code = f"RF-{prefix}-{ids.short_code(rng)}"
        if code not in used:
            used.add(code)
            return code


def _true_rates(rng: random.Random, product: str) -> tuple[float, float, float, float]:
    a, b, c, d = (min(0.98, r * math.exp(rng.gauss(0, 0.2))) for r in _RATES[product])
    return a, b, c, d


def _embed_code(note: Note, code: str, app: str) -> None:
    body, sep, tags = note.desc.partition("\n\t\n")
    note.desc = f"{body}\n\n🔗活动口令：{code}（{app}首页搜索口令参与）{sep}{tags}"
    note.tracking_code = code


def _promo_days(rng: random.Random, note: Note, now: datetime) -> list[PromoDay]:
    midnight = note.published_at.replace(hour=0, minute=0, second=0)
    start = midnight + timedelta(days=rng.randint(0, 2))
    budget, cpm, ctr = rng.uniform(300, 1500), rng.uniform(80, 150), rng.uniform(0.02, 0.06)
    days: list[PromoDay] = []
    for d in range(rng.randint(14, 28)):
        day = start + timedelta(days=d)
        if day + timedelta(days=1) > now:
            break
        spend = round(budget * math.exp(rng.gauss(0, 0.25)), 2)
        imps = round(spend / cpm * 1000 * math.exp(rng.gauss(0, 0.1)))
        clicks = round(imps * ctr * math.exp(rng.gauss(0, 0.15)))
        dm_in = round(clicks * 0.012 * math.exp(rng.gauss(0, 0.4)))
        dm_open = round(dm_in * rng.uniform(0.5, 0.8))
        seeded = round(imps * 0.012 * math.exp(rng.gauss(0, 0.2)))
        days.append(PromoDay(
            note_id=note.note_id, day=day, spend=spend, impressions=imps, clicks=clicks,
            interactions=round(clicks * 0.25 + imps * 0.003),
            plays_5s=round(imps * 0.35 * rng.uniform(0.8, 1.2)) if note.type == "video" else None,
            seeded=seeded, deep_seeded=round(seeded * rng.uniform(0.12, 0.25)),
            dm_in=dm_in, dm_open=dm_open, dm_leads=round(dm_open * rng.uniform(0.25, 0.45)),
        ))
    return days


def _weekly(
    code: str, name: str, channel: str, note_id: str, days: list[PromoDay]
) -> list[SpendRow]:
    weeks: dict[datetime, list[PromoDay]] = {}
    for day in days:
        monday = day.day - timedelta(days=day.day.weekday())
        weeks.setdefault(monday, []).append(day)
    return [SpendRow(code, name, channel, group[0].day, group[-1].day,
                     round(sum(d.spend for d in group), 2), sum(d.impressions for d in group),
                     sum(d.clicks for d in group), note_id)
            for _, group in sorted(weeks.items())]


def _value(rng: random.Random, product: str, stage: str) -> float | None:
    if stage not in ("application", "approved"):
        return None
    if product == "credit_card":
        return 800.0 if stage == "approved" else None
    lo, hi = _VALUE_RANGE[product]
    return float(round(rng.uniform(lo, hi), -3 if product != "pension" else -2))


_HOUR_WEIGHTS = (1, 1, 0, 0, 0, 0, 1, 2, 4, 5, 5, 5, 7, 6, 5, 5, 5, 5, 6, 8, 9, 9, 7, 4)


def _click_time(rng: random.Random, tc: TrackingCode) -> datetime:
    """Clicks decay after launch and follow the daily rhythm of phone use."""
    span_days = max(1.0, (tc.end - tc.start) / timedelta(days=1))
    day = tc.start + timedelta(days=int(min(span_days - 1, rng.expovariate(3 / span_days))))
    hour = rng.choices(range(24), weights=_HOUR_WEIGHTS)[0]
    t = day.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60), microsecond=0)
    return max(t, tc.start)


def _journeys(rng: random.Random, tc: TrackingCode, now: datetime) -> list[Conversion]:
    out: list[Conversion] = []
    for _ in range(tc.expected_clicks):
        t = _click_time(rng, tc)
        value: float | None = None
        for stage_i, stage in enumerate(STAGES):
            if stage_i > 0:
                if rng.random() >= tc.true_rates[stage_i - 1]:
                    break
                gap_h = (0.002, 0.5, 48.0, 120.0)[stage_i - 1]
                t = (t + timedelta(hours=rng.expovariate(1 / gap_h) + 0.001)).replace(microsecond=0)
            if t >= now:
                break
            v = _value(rng, tc.product, stage)
            if stage == "approved" and value is not None and tc.product == "consumer_loan":
                v = float(round(value * rng.uniform(0.6, 1.0), -3))
            value = v if v is not None else value
            cid = "" if rng.random() < 0.04 else f"CV{rng.getrandbits(48):012X}"
            out.append(Conversion(cid, tc.code, stage, tc.product, v, t, tc.channel))
    return out


def _home_notes(notes: list[Note], accounts: dict[str, Account], now: datetime) -> list[Note]:
    """Home-bank product notes old enough to have converted and young enough to be tracked."""
    return [n for n in notes if accounts[n.account_key].is_home and n.product in _PRODUCT
            and now - timedelta(days=150) <= n.published_at <= now - timedelta(days=21)]


def _campaign(rng: random.Random, code: str, channel: str, name: str, product: str,
              now: datetime) -> tuple[TrackingCode, list[SpendRow]]:
    """A WeChat/Douyin/KOL campaign: weekly spend lines and its tracking code."""
    weeks = rng.randint(1, 2) if channel == "xhs" else rng.randint(2, 5)
    first = now - timedelta(days=rng.randint(weeks * 7 + 7, 170))
    monday = first.replace(hour=0, minute=0, second=0) - timedelta(days=first.weekday())
    cpm = rng.uniform(40, 90)
    rows: list[SpendRow] = []
    for w in range(weeks):
        amount = round(rng.uniform(8_000, 60_000), 2)
        imps = round(amount / cpm * 1000)
        start = monday + timedelta(days=7 * w)
        rows.append(SpendRow(code, name, channel, start, start + timedelta(days=6), amount, imps,
                             round(imps * rng.uniform(0.008, 0.02)), ""))
    end = min(monday + timedelta(days=7 * weeks), now)
    clicks = max(40, min(150, round(sum(r.clicks for r in rows) * 0.02)))
    return TrackingCode(code, channel, product, "", name, monday, end, clicks,
                        _true_rates(rng, product)), rows


def build_funnel(
    rng: random.Random, notes: list[Note], accounts: dict[str, Account], now: datetime
) -> tuple[list[TrackingCode], list[PromoDay], list[SpendRow], list[Conversion]]:
    """Tracking codes, 聚光 daily rows, weekly spend and sampled conversions for the home bank."""
    used: set[str] = set()
    home = _home_notes(notes, accounts, now)
    window = (datetime(2026, 8, 1, tzinfo=now.tzinfo), datetime(2026, 10, 25, tzinfo=now.tzinfo))
    promo_pool = [n for n in home if window[0] <= n.published_at <= window[1]
                  and n.account_key in ("中国银行", "中国银行广东省分行", "中国银行信用卡")]
    promoted = rng.sample(promo_pool, min(10, len(promo_pool)))
    promoted_ids = {n.note_id for n in promoted}
    rest = [n for n in home if n.note_id not in promoted_ids]
    organic = rng.sample(rest, min(12, len(rest)))
    codes: list[TrackingCode] = []
    promo_days: list[PromoDay] = []
    spend: list[SpendRow] = []
    for note in sorted(promoted + organic, key=lambda n: n.published_at):
        product = _PRODUCT[note.product]
        code = _code(rng, "XHS", used)
        _embed_code(note, code, context_for(accounts[note.account_key]).app)
        if note.note_id in promoted_ids:
            note.promoted = True
            days = _promo_days(rng, note, now)
            promo_days.extend(days)
            name = f"聚光-{plain_title(note.title)}"
            spend.extend(_weekly(code, name, "xhs_juguang", note.note_id, days))
            clicks = round(sum(d.clicks for d in days) * 0.03)
            last = days[-1].day if days else note.published_at + timedelta(days=13)
            end = last + timedelta(days=1)
        else:
            clicks = min(300, round((note.likes + note.collects) * 0.01) + rng.randint(3, 15))
            end = note.published_at + timedelta(days=30)
        codes.append(TrackingCode(code, "xhs", product, note.note_id, note.title, note.published_at,
                                  min(end, now), clicks, _true_rates(rng, product)))
    for channel, prefix, name, product in _CAMPAIGNS:
        tc, rows = _campaign(rng, _code(rng, prefix, used), channel, name, product, now)
        codes.append(tc)
        spend.extend(rows)
    conversions = [c for tc in codes for c in _journeys(rng, tc, now)]
    conversions.sort(key=lambda c: (c.at, c.tracking_code, c.stage))
    promo_days.sort(key=lambda d: (d.day, d.note_id))
    return codes, promo_days, spend, conversions
