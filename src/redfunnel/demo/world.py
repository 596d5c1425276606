"""The demo world as plain dataclasses: the model every writer renders into real file formats.

The world is built once from a seed (see :mod:`redfunnel.demo.build`) and then written out by
format-specific writers, so each fact lives in exactly one place: a note's publish time is the
same in the crawler JSON, the creator-centre export and the 聚光 report because all three read it
from one :class:`Note`. Fields that no real file carries (``pillar``, ``intent``, ``template``,
``true_*``) are the ground truth that later evaluation can score the product against.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "Account",
    "Comment",
    "Commenter",
    "Conversion",
    "Crawl",
    "DEMO_NOW",
    "DEMO_TZ",
    "DmMessage",
    "Note",
    "OtherAccount",
    "PlatformPost",
    "PromoDay",
    "SpendRow",
    "TrackingCode",
    "World",
    "counts_at",
    "growth_fraction",
    "to_ms",
]

DEMO_TZ = ZoneInfo("Asia/Shanghai")
DEMO_NOW = datetime(2026, 11, 20, 10, 0, 0, tzinfo=DEMO_TZ)
"""The instant the demo world ends; nothing generated depends on the wall clock."""


def to_ms(moment: datetime) -> int:
    """Epoch milliseconds, the unit of every MediaCrawler timestamp."""
    return int(round(moment.timestamp() * 1000))


def growth_fraction(age_days: float) -> float:
    """Share of a note's lifetime engagement reached ``age_days`` after publishing.

    Most XHS engagement arrives in the first days (the recommendation push), then a slow
    search-driven tail; two exponentials reproduce that shape and make successive crawls show
    growing counts.
    """
    if age_days <= 0:
        return 0.0
    return 1.0 - 0.82 * math.exp(-age_days / 2.5) - 0.18 * math.exp(-age_days / 45.0)


@dataclass(slots=True)
class Account:
    """A Xiaohongshu bank account with its hidden behaviour parameters."""

    key: str
    name: str
    institution: str
    category: str
    role: str
    region: str
    province: str
    user_id: str
    followers_now: int
    cadence: str
    stopped_days: int
    reply_rate: float
    reply_delay_hours: float
    video_share: float
    quality: float
    created_at: datetime
    avatar: str
    desc: str
    follows: int
    is_home: bool
    followers_at: dict[str, int] = field(default_factory=dict)
    interaction_base: int = 0


@dataclass(slots=True)
class Note:
    """A published note and its final engagement (counts at ``DEMO_NOW``)."""

    note_id: str
    account_key: str
    type: str
    title: str
    desc: str
    tags: list[str]
    published_at: datetime
    pillar: str
    product: str
    template: str
    image_keys: list[str]
    video_key: str
    xsec_token: str
    ip_location: str
    likes: int
    collects: int
    comments: int
    shares: int
    update_offset_ms: int = 0
    tracking_code: str = ""
    promoted: bool = False
    impressions: int = 0
    views: int = 0
    follower_gain: int = 0
    avg_watch_s: float | None = None
    danmaku: int | None = None

    def counts(self, moment: datetime) -> tuple[int, int, int, int]:
        """Likes, collects, comments and shares as a crawler would have seen them at ``moment``."""
        return counts_at(self, moment)


def counts_at(note: Note, moment: datetime) -> tuple[int, int, int, int]:
    """Engagement of ``note`` at ``moment`` following :func:`growth_fraction`."""
    frac = growth_fraction((moment - note.published_at) / timedelta(days=1))
    return (
        round(note.likes * frac),
        round(note.collects * frac),
        round(note.comments * frac),
        round(note.shares * frac),
    )


@dataclass(slots=True)
class Commenter:
    """A platform user who comments (a customer, a scammer, or the brand itself)."""

    user_id: str
    nickname: str
    avatar: str
    ip_location: str | None


@dataclass(slots=True)
class Comment:
    """A crawled comment; ``intent`` is hidden truth (question, praise, complaint, spam, …)."""

    comment_id: str
    note_id: str
    author: Commenter
    content: str
    created_at: datetime
    parent_id: str | None
    like_count: int
    sub_comment_count: int
    intent: str
    is_brand: bool
    has_pii: bool
    pictures: str = ""


@dataclass(slots=True)
class Crawl:
    """One MediaCrawler run in creator mode: when, and which container/edition it wrote."""

    index: int
    at: datetime
    container: str  # json | csv | jsonl | teaching

    @property
    def day(self) -> str:
        """Local date in the file name (``YYYY-MM-DD``)."""
        return self.at.strftime("%Y-%m-%d")


@dataclass(slots=True)
class DmMessage:
    """One private message in a conversation with a home-bank account."""

    conversation_id: str
    message_id: str
    account: str
    sender: str  # customer | brand
    text: str
    sent_at: datetime
    intent: str


@dataclass(slots=True)
class TrackingCode:
    """A campaign/note tracking code and the hidden conversion rates behind it."""

    code: str
    channel: str
    product: str
    note_id: str
    campaign: str
    start: datetime
    end: datetime
    expected_clicks: int
    true_rates: tuple[float, float, float, float]


@dataclass(slots=True)
class Conversion:
    """One funnel event (click → landing → lead → application → approved)."""

    conversion_id: str
    tracking_code: str
    stage: str
    product: str
    value: float | None
    at: datetime
    channel: str


@dataclass(slots=True)
class PromoDay:
    """One day of one promoted note in the 聚光 export."""

    note_id: str
    day: datetime
    spend: float
    impressions: int
    clicks: int
    interactions: int
    plays_5s: int | None
    seeded: int
    deep_seeded: int
    dm_in: int
    dm_open: int
    dm_leads: int


@dataclass(slots=True)
class SpendRow:
    """A weekly line of campaign spend as finance records it."""

    campaign_id: str
    campaign: str
    channel: str
    start: datetime
    end: datetime
    amount: float
    impressions: int
    clicks: int
    note_id: str


@dataclass(slots=True)
class OtherAccount:
    """A WeChat or Douyin account of a big bank."""

    platform: str
    name: str
    institution: str
    role: str
    region: str
    followers: int


@dataclass(slots=True)
class PlatformPost:
    """A WeChat article or Douyin video with its platform metrics."""

    platform: str
    account: str
    title: str
    published_at: datetime
    reach: int
    views: int
    likes: int
    comments: int
    shares: int
    collects: int
    follower_gain: int


@dataclass(slots=True)
class World:
    """Everything the demo writes, in one object."""

    seed: int
    now: datetime
    accounts: list[Account]
    notes: list[Note]
    comments: list[Comment]
    crawls: list[Crawl]
    dms: list[DmMessage] = field(default_factory=list)
    tracking: list[TrackingCode] = field(default_factory=list)
    conversions: list[Conversion] = field(default_factory=list)
    promo_days: list[PromoDay] = field(default_factory=list)
    spend: list[SpendRow] = field(default_factory=list)
    other_accounts: list[OtherAccount] = field(default_factory=list)
    platform_posts: list[PlatformPost] = field(default_factory=list)
    export_only: list[Note] = field(default_factory=list)

    def account(self, key: str) -> Account:
        """Account by key (linear scan is fine: there are about 70)."""
        for acc in self.accounts:
            if acc.key == key:
                return acc
        raise KeyError(key)
