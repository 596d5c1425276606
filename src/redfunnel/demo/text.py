"""Render note topics into Xiaohongshu-style titles and bodies for a given account.

The body layout copies what MediaCrawler stores in ``desc``: paragraphs separated by ``\\n``,
emoji both as Unicode and as XHS codes (``[赞R]``), a ``\\n\\t\\n`` gap, then hashtags in the
``#话题[话题]#`` form; ``tag_list`` repeats the hashtag names comma-joined.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from redfunnel.demo.topics import Topic

__all__ = [
    "NoteContext",
    "RenderedNote",
    "hashtags",
    "plain_title",
    "render_note",
    "wuyi_guide",
]

_NUMS = ("1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣")
_XHS_EMOJI = ("[赞R]", "[派对R]", "[哇R]", "[萌萌哒R]", "[害羞R]", "[买爆R]", "[开心R]", "")
_DISCLAIMER = {
    "wealth": "⚠️理财非存款，产品有风险，投资须谨慎。",
    "fund_insurance": "⚠️基金有风险，投资需谨慎。",
    "pension": "⚠️养老金融产品有风险，请根据自身情况选择。",
    "consumer_loan": "💡贷款额度、利率以审批结果为准，请理性借贷、按时还款。",
}
_CITY_POOL = ("上海", "成都", "杭州", "广州", "西安", "长沙", "南京", "厦门")
_PROVINCE_CITY = {"广东": "广州", "北京": "北京", "上海": "上海", "江苏": "南京", "全国": ""}


@dataclass(frozen=True, slots=True)
class NoteContext:
    """What a template needs to know about the posting account."""

    acct: str
    bank: str
    app: str
    hotline: str
    region: str


@dataclass(frozen=True, slots=True)
class RenderedNote:
    """Title, body and topic tags of one note."""

    title: str
    desc: str
    tags: list[str]


def hashtags(tags: list[str]) -> str:
    """Hashtags exactly as MediaCrawler keeps them inline in ``desc``."""
    return " ".join(f"#{t}[话题]#" for t in tags)


def _city(ctx: NoteContext, rng: random.Random) -> str:
    city = _PROVINCE_CITY.get(ctx.region, ctx.region)
    return city or rng.choice(_CITY_POOL)


def render_note(rng: random.Random, topic: Topic, ctx: NoteContext) -> RenderedNote:
    """Fill a topic template for one account.

    Shared topics keep every point in order and the same wording so the copies across banks are
    near-duplicates; other topics sample and shuffle points so an account's series varies.
    """
    city = _city(ctx, rng)
    fill = {"bank": ctx.bank, "acct": ctx.acct, "app": ctx.app, "hotline": ctx.hotline,
            "city": city}
    title = rng.choice(topic.titles).format(**fill)
    opener = rng.choice(topic.opener).format(**fill)
    if topic.shared:
        points = list(topic.points)
    else:
        k = min(len(topic.points), rng.randint(3, 5))
        points = rng.sample(topic.points, k)
        if topic.pillar in ("service", "education"):
            points.sort(key=topic.points.index)
    lines = [f"{_NUMS[i]}{p.format(**fill)}" for i, p in enumerate(points)]
    closing = rng.choice(topic.closing).format(**fill)
    if not topic.shared:
        closing += rng.choice(_XHS_EMOJI)
    parts = [opener, "\n".join(lines), closing]
    disclaimer = _DISCLAIMER.get(topic.product)
    if disclaimer and disclaimer not in closing:
        parts.append(disclaimer)
    tags = [t.format(**fill) for t in topic.tags]
    if ctx.bank not in tags:
        tags.append(ctx.bank)
    desc = "\n\n".join(parts) + "\n\t\n" + hashtags(tags)
    return RenderedNote(title=title, desc=desc, tags=tags)


def wuyi_guide(rng: random.Random) -> RenderedNote:
    """The 中国银行广东省分行 五一 branch-hours guide that the article singles out."""
    title = "五一网点营业时间全攻略📍广东中行看这篇就够了"
    cities = ("广州", "佛山", "东莞", "珠海", "中山", "惠州", "江门", "汕头")
    lines = [
        "五一假期（5月1日至5日）要去网点办业务的朋友，先收藏这篇再出门‼️",
        "🕘营业安排\n1️⃣各地市均安排部分网点假期正常营业，一般为9:00-17:00\n"
        "2️⃣个别网点暂停营业或缩短营业时间，出门前请在中国银行App“网点查询”确认\n"
        "3️⃣大额取现、外币现钞请提前一个工作日预约",
        "📍可营业网点示例\n" + "\n".join(f"▫️{c}：市区部分网点正常营业" for c in cities),
        "💡不想跑网点？转账、查询、缴费、电子回单下载、借记卡临时挂失都可以在中国银行App办理",
        "出游的朋友注意保管好银行卡和手机，遇到陌生来电要求转账请立即挂断，祝大家假期愉快🌿"
        + rng.choice(("[派对R]", "[开心R]")),
    ]
    tags = ["五一", "网点营业时间", "假期攻略", "广州", "中国银行", "办事指南"]
    return RenderedNote(title=title, desc="\n\n".join(lines) + "\n\t\n" + hashtags(tags), tags=tags)


_EMOJI_RE = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u20e3\u3030\u203c\u2049]+"
)


def plain_title(title: str) -> str:
    """A title without emoji, the house style of WeChat 公众号 headlines."""
    return _EMOJI_RE.sub("", title).strip(" ｜|")
