"""Crawled comment threads under every note.

MediaCrawler keeps at most 10 comments per note (root comments plus the sub-comments it
fetched), so a note with thousands of comments still yields ten rows. Brand replies are
sub-comments written by the note's own author (same ``user_id``); how often and how fast an
account answers is its hidden ``reply_rate`` / ``reply_delay_hours``, which the response-time
metrics should recover.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from redfunnel.demo import ids
from redfunnel.demo.comment_text import brand_reply, customer_comment, follow_up
from redfunnel.demo.posting import context_for
from redfunnel.demo.world import Account, Comment, Commenter, Note

__all__ = ["CRAWL_CAP", "build_comments"]

CRAWL_CAP = 10
_PROVINCES = (
    "广东", "北京", "上海", "浙江", "江苏", "四川", "湖北", "山东", "福建", "湖南", "河南", "陕西",
)
_REPLY_WEIGHT = {"question": 1.0, "complaint": 0.9, "pii": 1.0, "praise": 0.35, "lottery": 0.3,
                 "spam": 0.25, "chat": 0.1}


class _Crowd:
    """Commenters: mostly one-off users plus a core of regulars who comment everywhere."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.regulars: list[Commenter] = []

    def pick(self, moment: datetime) -> Commenter:
        rng = self.rng
        if self.regulars and rng.random() < 0.18:
            return rng.choice(self.regulars)
        joined = moment - timedelta(days=rng.uniform(30, 2500))
        person = Commenter(
            user_id=ids.hex_id(rng, joined),
            nickname=ids.nickname(rng),
            avatar=ids.avatar_url(rng, thumb=True),
            ip_location=None if rng.random() < 0.55 else rng.choice(_PROVINCES),
        )
        if rng.random() < 0.08:
            self.regulars.append(person)
        return person


def _delay_days(rng: random.Random) -> float:
    """When a comment arrives after publishing: mostly days, sometimes weeks later."""
    if rng.random() < 0.82:
        return rng.expovariate(1 / 2.5)
    return min(60.0, rng.expovariate(1 / 20))


def _brand(acc: Account) -> Commenter:
    thumb = acc.avatar + "?imageView2/2/w/120/format/jpg"
    return Commenter(acc.user_id, acc.name, thumb, acc.province)


def _thread(rng: random.Random, crowd: _Crowd, note: Note, acc: Account, cutoff: datetime,
            budget: int) -> list[Comment]:
    ctx = context_for(acc)
    hotline = ctx.hotline.removeprefix("客服热线")
    delay = timedelta(days=_delay_days(rng), seconds=rng.randrange(60, 3600))
    created = (note.published_at + delay).replace(microsecond=0)
    if created >= cutoff:
        return []
    text, intent, key = customer_comment(rng, note.product, note.pillar)
    likes = max(0, round(math.exp(math.log(1 + note.likes * 0.004) + rng.gauss(0, 1.2)) - 1))
    root = Comment(
        comment_id=ids.hex_id(rng, created), note_id=note.note_id, author=crowd.pick(created),
        content=text, created_at=created, parent_id=None, like_count=likes, sub_comment_count=0,
        intent=intent, is_brand=False, has_pii=intent == "pii",
        pictures=ids.image_key(rng) if rng.random() < 0.03 else "",
    )
    thread = [root]
    if budget > 1 and intent in ("question", "complaint") and rng.random() < 0.12:
        at = (created + timedelta(hours=rng.uniform(0.5, 72))).replace(microsecond=0)
        if at < cutoff:
            thread.append(Comment(
                comment_id=ids.hex_id(rng, at), note_id=note.note_id, author=crowd.pick(at),
                content=follow_up(rng), created_at=at, parent_id=root.comment_id,
                like_count=rng.randrange(0, 6), sub_comment_count=0, intent="follow_up",
                is_brand=False, has_pii=False,
            ))
    if len(thread) < budget and rng.random() < acc.reply_rate * _REPLY_WEIGHT.get(intent, 0.1):
        hours = acc.reply_delay_hours * math.exp(rng.gauss(0, 0.8))
        at = (created + timedelta(hours=hours)).replace(microsecond=0)
        if at < cutoff:
            thread.append(Comment(
                comment_id=ids.hex_id(rng, at), note_id=note.note_id, author=_brand(acc),
                content=brand_reply(rng, intent, key, ctx.app, hotline),
                created_at=at, parent_id=root.comment_id, like_count=rng.randrange(0, 12),
                sub_comment_count=0, intent="brand_reply", is_brand=True, has_pii=False,
            ))
    hidden = rng.randrange(0, 4) if note.comments > 50 else 0
    root.sub_comment_count = len(thread) - 1 + hidden
    return thread


def build_comments(rng: random.Random, notes: list[Note], accounts: dict[str, Account],
                   cutoff: datetime) -> list[Comment]:
    """Up to :data:`CRAWL_CAP` crawled comments per note, threads kept together."""
    crowd = _Crowd(rng)
    out: list[Comment] = []
    for note in notes:
        acc = accounts[note.account_key]
        want = min(CRAWL_CAP, note.comments)
        got: list[Comment] = []
        attempts = 0
        while len(got) < want and attempts < want * 3:
            attempts += 1
            got.extend(_thread(rng, crowd, note, acc, cutoff, want - len(got)))
        out.extend(got[:want])
    return out
