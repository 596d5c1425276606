"""Accounts with their hidden behaviour and follower histories.

Follower counts are pinned at the calibration values on the last crawl date and walked backwards
in 14-day steps with positive, noisy increments, so every series grows over time and ends
exactly on the published figure. A stopped account's series goes flat (with a little churn)
from the day it stopped posting: the "stagnating" accounts the article describes.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from redfunnel.demo import ids
from redfunnel.demo.catalog import HOME_INSTITUTION, INSTITUTIONS, XHS_ACCOUNTS, AccountSpec
from redfunnel.demo.world import DEMO_TZ, Account, Crawl

__all__ = ["build_accounts", "province_of", "set_follower_history"]

_CITY_PROVINCE = {
    "宁波": "浙江", "杭州": "浙江", "温州": "浙江", "台州": "浙江", "南京": "江苏",
    "苏州": "江苏", "常熟": "江苏", "张家港": "江苏", "无锡": "江苏", "深圳": "广东",
    "广州": "广东", "长沙": "湖南", "成都": "四川", "重庆": "重庆", "贵阳": "贵州",
    "青岛": "山东", "济南": "山东", "厦门": "福建", "泉州": "福建", "兰州": "甘肃",
    "九江": "江西", "北京": "北京", "上海": "上海", "广东": "广东",
}
_INSTITUTIONS = {inst.name: inst for inst in INSTITUTIONS}

# cadence -> (reply rate range, median reply delay hours, annual follower growth, video share)
_BEHAVIOUR: dict[str, tuple[tuple[float, float], float, float, float]] = {
    "few_days": ((0.55, 0.75), 3.0, 0.32, 0.30),
    "weekly": ((0.30, 0.50), 10.0, 0.20, 0.18),
    "biweekly": ((0.15, 0.30), 20.0, 0.13, 0.15),
    "monthly": ((0.08, 0.15), 40.0, 0.07, 0.10),
    "slowing": ((0.04, 0.07), 70.0, 0.05, 0.10),
    "stopped": ((0.01, 0.03), 120.0, 0.06, 0.10),
}
# Home-bank accounts behave as the article's interviewee describes: some answer fast, some never.
_HOME_REPLY = {
    "中国银行": (0.60, 4.0),
    "中国银行广东省分行": (0.82, 1.0),
    "中国银行信用卡": (0.50, 6.0),
    "中国银行北京市分行": (0.20, 30.0),
    "中国银行上海市分行": (0.10, 60.0),
}
_ROLE_DESC = {
    "主账号": "官方账号🌟 金融知识、用卡攻略、福利活动都在这里",
    "信用卡": "官方信用卡账号💳 用卡攻略｜优惠活动｜权益上新",
    "分行": "官方账号📍 本地网点服务、办事指南与惠民活动",
    "产品": "官方产品账号✨ 生活消费好帮手",
    "客服": "官方服务号🤝 业务办理指南，安全用卡提醒",
    "IP": "官方吉祥物🐱 每天都在努力营业",
}


def province_of(spec_region: str, institution: str) -> str:
    """Province for ``ip_location``: the branch's own, or the bank's head-office province."""
    if spec_region == "全国":
        return _INSTITUTIONS[institution].province
    return _CITY_PROVINCE.get(spec_region, spec_region)


def _created_at(rng: random.Random, spec: AccountSpec) -> datetime:
    """Big accounts opened years ago; many small ones joined in the early-2025 rush."""
    if spec.followers >= 10_000:
        start, span = datetime(2019, 3, 1, tzinfo=DEMO_TZ), 365 * 4
    else:
        start, span = datetime(2024, 9, 1, tzinfo=DEMO_TZ), 200
    return start + timedelta(days=rng.randrange(span), seconds=rng.randrange(86_400))


def build_accounts(rng: random.Random) -> list[Account]:
    """Instantiate every Xiaohongshu account of the catalogue with seeded behaviour."""
    accounts: list[Account] = []
    for spec in XHS_ACCOUNTS:
        inst = _INSTITUTIONS[spec.institution]
        rate_range, delay, _growth, video = _BEHAVIOUR[spec.cadence]
        reply_rate = rng.uniform(*rate_range)
        is_home = spec.institution == HOME_INSTITUTION
        if is_home:
            reply_rate, delay = _HOME_REPLY[spec.name]
        created = _created_at(rng, spec)
        accounts.append(
            Account(
                key=spec.name,
                name=spec.name,
                institution=spec.institution,
                category=inst.category,
                role=spec.role,
                region=spec.region,
                province=province_of(spec.region, spec.institution),
                user_id=ids.hex_id(rng, created),
                followers_now=spec.followers,
                cadence=spec.cadence,
                stopped_days=spec.stopped_days,
                reply_rate=reply_rate,
                reply_delay_hours=delay * rng.uniform(0.7, 1.4),
                video_share=video,
                quality=math.exp(rng.gauss(0.0, 0.25)),
                created_at=created,
                avatar=ids.avatar_url(rng, thumb=False),
                desc=f"{spec.name}{_ROLE_DESC[spec.role]}\n📮如需帮助请私信，我们会尽快回复",
                follows=rng.randint(3, 60),
                is_home=is_home,
            )
        )
    return accounts


def set_follower_history(
    rng: random.Random, accounts: list[Account], crawls: list[Crawl], now: datetime
) -> None:
    """Fill ``followers_at`` for every crawl date, ending exactly at ``followers_now``."""
    for acc in accounts:
        growth = _BEHAVIOUR[acc.cadence][2]
        stop = now - timedelta(days=acc.stopped_days) if acc.cadence == "stopped" else None
        value = float(acc.followers_now)
        acc.followers_at[crawls[-1].day] = acc.followers_now
        for later, earlier in zip(reversed(crawls[1:]), reversed(crawls[:-1]), strict=True):
            days = (later.at - earlier.at) / timedelta(days=1)
            if stop is not None and earlier.at >= stop:
                step = acc.followers_now * rng.uniform(-0.0015, 0.0008)
            else:
                phase = 1.6 if acc.cadence == "slowing" and (now - earlier.at).days > 150 else 1.0
                trend = acc.followers_now * growth * phase * days / 365
                step = trend * math.exp(rng.gauss(0, 0.35))
            value = max(1.0, value - step)
            acc.followers_at[earlier.day] = round(value)
        acc.interaction_base = round(acc.followers_now * rng.uniform(1.2, 4.0))
