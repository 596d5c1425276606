"""WeChat 公众号 articles and Douyin videos of a few big banks.

They give the cross-platform view the article recommends (WeChat for 私域深耕, Douyin for brand
exposure, Xiaohongshu for young customers): WeChat reaches millions per push with modest read
rates, Douyin plays are large and cheap, and both reuse the same topics as the XHS notes.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from redfunnel.demo.catalog import OTHER_PLATFORM_ACCOUNTS
from redfunnel.demo.text import plain_title
from redfunnel.demo.topics import TOPICS, Topic
from redfunnel.demo.world import OtherAccount, PlatformPost

__all__ = ["build_platforms"]

_FOLLOWERS = {
    ("wechat", "招商银行"): 12_800_000, ("wechat", "中国银行"): 9_600_000,
    ("wechat", "中国银行广东省分行"): 1_450_000, ("wechat", "中国建设银行"): 8_900_000,
    ("wechat", "中信银行信用卡"): 6_200_000, ("douyin", "招商银行"): 2_100_000,
    ("douyin", "中国银行"): 1_600_000, ("douyin", "中国建设银行"): 1_300_000,
    ("douyin", "平安银行"): 980_000, ("douyin", "中信银行信用卡"): 760_000,
}
_WX_PREFIX = ("", "", "", "重要提醒｜", "收藏｜", "干货｜", "今日话题｜")


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return math.exp(math.log(median) + rng.gauss(0, sigma))


def _titles(rng: random.Random, topic: Topic | None = None) -> str:
    topic = topic or rng.choice(TOPICS)
    fill = {"bank": "", "acct": "", "app": "手机银行", "hotline": "客服热线", "city": "这座城"}
    return plain_title(rng.choice(topic.titles).format(**fill))


def _wechat(rng: random.Random, acc: OtherAccount, now: datetime, days: int) -> list[PlatformPost]:
    posts: list[PlatformPost] = []
    for d in range(days, 0, -1):
        if rng.random() > (0.8 if acc.role != "信用卡" else 0.6):
            continue
        day = now - timedelta(days=d)
        at = day.replace(hour=rng.choice((17, 18, 19, 20)), minute=rng.randrange(60), second=0,
                         microsecond=0)
        reach = round(acc.followers * rng.uniform(0.92, 0.98))
        for slot in range(rng.choice((1, 1, 2, 2, 3))):
            reads = round(_lognormal(rng, acc.followers * (0.008 if slot == 0 else 0.0025), 0.6))
            posts.append(PlatformPost(
                platform="wechat", account=acc.name, title=rng.choice(_WX_PREFIX) + _titles(rng),
                published_at=at, reach=reach, views=reads,
                likes=round(reads * rng.uniform(0.003, 0.01)),
                comments=round(reads * rng.uniform(0.0002, 0.001)),
                shares=round(reads * rng.uniform(0.01, 0.05)),
                collects=round(reads * rng.uniform(0.001, 0.004)),
                follower_gain=round(reads * rng.uniform(0.0002, 0.001)),
            ))
    return posts


def _douyin(rng: random.Random, acc: OtherAccount, now: datetime, days: int) -> list[PlatformPost]:
    posts: list[PlatformPost] = []
    t = now - timedelta(days=days)
    while True:
        t += timedelta(days=rng.uniform(1.0, 2.8))
        if t >= now - timedelta(hours=6):
            break
        topic = rng.choice(TOPICS)
        tags = " ".join(f"#{tag}" for tag in topic.tags[:3] if "{" not in tag)
        title = f"{_titles(rng, topic)} {tags}"
        plays = round(_lognormal(rng, acc.followers * 0.02, 1.0))
        likes = round(plays * rng.uniform(0.01, 0.04))
        posts.append(PlatformPost(
            platform="douyin", account=acc.name, title=title,
            published_at=t.replace(hour=rng.choice((12, 18, 19, 20, 21)), second=0, microsecond=0),
            reach=0, views=plays, likes=likes, comments=round(likes * rng.uniform(0.05, 0.15)),
            shares=round(likes * rng.uniform(0.08, 0.2)),
            collects=round(likes * rng.uniform(0.1, 0.3)),
            follower_gain=round(plays * rng.uniform(0.0005, 0.002)),
        ))
    return posts


def build_platforms(
    rng: random.Random, now: datetime, days: int = 90
) -> tuple[list[OtherAccount], list[PlatformPost]]:
    """Accounts and posts for WeChat and Douyin over the last ``days`` days."""
    accounts = [OtherAccount(p, name, inst, role, region, _FOLLOWERS[(p, name)])
                for p, name, inst, role, region in OTHER_PLATFORM_ACCOUNTS]
    posts: list[PlatformPost] = []
    for acc in accounts:
        make = _wechat if acc.platform == "wechat" else _douyin
        posts.extend(make(rng, acc, now, days))
    posts.sort(key=lambda p: (p.platform, p.published_at, p.account, p.title))
    return accounts, posts
