"""Bank-side CSVs (``docs/data-contracts.md``) and the WeChat post metrics CSV.

The files deliberately use the variety the contract allows, so the demo exercises the ingest's
matching rules: Chinese header aliases next to English ones, bank aliases (招行, 中行 …) in the
institution column, a profile URL instead of a user id on a few rows, counts with thousands
separators, stage names in Chinese for one channel, several sender labels, a BOM on some files
and a GB18030 WeChat export as Excel users re-save them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from redfunnel.demo.catalog import INSTITUTIONS
from redfunnel.demo.faq_text import FAQ_APPROVED, FAQ_DRAFTS
from redfunnel.demo.world import World

__all__ = ["ACCOUNT_HEADERS", "WECHAT_HEADERS", "write_bank_files"]

ACCOUNT_HEADERS = (
    "账号", "platform", "机构", "role", "地区", "owner_team", "user_id", "主页链接", "粉丝数",
    "as_of",
)
WECHAT_HEADERS = (
    "公众号名称", "标题", "发表时间", "送达人数", "阅读次数", "分享次数", "点赞", "在看", "留言",
    "阅读后关注人数", "统计时间",
)
CONVERSION_HEADERS = (
    "conversion_id", "tracking_code", "stage", "product", "value", "time", "channel",
)
SPEND_HEADERS = (
    "campaign_id", "campaign", "channel", "period_start", "period_end", "amount", "impressions",
    "clicks", "note_id",
)
FAQ_HEADERS = ("编号", "问题", "答案", "分类", "状态")
DM_HEADERS = ("conversation_id", "message_id", "account", "platform", "sender", "text", "time")
_OWNER = {
    "中国银行": "总行网络金融部新媒体组", "中国银行广东省分行": "广东省分行个人金融部",
    "中国银行北京市分行": "北京市分行个人金融部", "中国银行上海市分行": "上海市分行个人金融部",
    "中国银行信用卡": "信用卡中心品牌部",
}
_STAGE_CN = {
    "click": "点击", "landing": "落地页", "lead": "留资", "application": "申请", "approved": "核准",
}
_SENDER = {"中国银行": ("customer", "brand"), "中国银行广东省分行": ("客户", "客服"),
           "中国银行信用卡": ("customer", "官方"), "中国银行北京市分行": ("客户", "brand"),
           "中国银行上海市分行": ("customer", "客服")}
_ALIAS = {inst.name: inst.alias for inst in INSTITUTIONS}
# Only the aliases every registry knows; obscure short names would make matching a guessing game.
_COMMON_ALIASES = frozenset({
    "工行", "农行", "中行", "建行", "交行", "邮储", "招行", "中信", "光大", "浦发",
    "民生", "兴业", "平安", "广发", "华夏", "浙商", "恒丰", "渤海", "微众", "网商",
})


def _institution(name: str, use_alias: bool) -> str:
    alias = _ALIAS[name]
    return alias if use_alias and alias in _COMMON_ALIASES else name


def _write(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], encoding: str = "utf-8"
) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            n += 1
    return n


def _money(v: float | None) -> str:
    if v is None:
        return ""
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}"


def _accounts(world: World) -> list[list[object]]:
    as_of = world.now.strftime("%Y-%m-%d")
    rows: list[list[object]] = []
    for i, acc in enumerate(world.accounts):
        inst = _institution(acc.institution, i % 3 != 1)
        followers = f"{acc.followers_now:,}" if i % 5 == 2 else str(acc.followers_now)
        user_id = "" if i in (7, 33, 58) else acc.user_id
        url = f"https://www.xiaohongshu.com/user/profile/{acc.user_id}"
        rows.append([acc.name, "xhs", inst, acc.role, "" if acc.region == "全国" else acc.region,
                     _OWNER.get(acc.key, ""), user_id, url, followers, as_of])
    for j, other in enumerate(world.other_accounts):
        inst = _institution(other.institution, j % 2 == 0)
        region = "" if other.region == "全国" else other.region
        owner = _OWNER.get(other.name, "") if other.institution == "中国银行" else ""
        rows.append([other.name, other.platform, inst, other.role, region, owner, "", "",
                     str(other.followers), as_of])
    return rows


def _conversion_rows(world: World) -> Iterable[list[object]]:
    for c in world.conversions:
        if c.channel == "douyin":
            stage, at = _STAGE_CN[c.stage], c.at.strftime("%Y-%m-%d %H:%M:%S")
        else:
            stage, at = c.stage, c.at.isoformat(timespec="seconds")
        yield [c.conversion_id, c.tracking_code, stage, c.product, _money(c.value), at, c.channel]


def _spend_rows(world: World) -> Iterable[list[object]]:
    for s in world.spend:
        yield [s.campaign_id, s.campaign, s.channel, s.start.strftime("%Y-%m-%d"),
               s.end.strftime("%Y-%m-%d"), f"{s.amount:.2f}", s.impressions, s.clicks, s.note_id]


def _faq_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for i, (q, a, cat) in enumerate(FAQ_APPROVED, start=1):
        rows.append([f"FAQ-{i:03d}", q, a, cat, "已审核" if i % 3 else "approved"])
    for j, (q, a, cat) in enumerate(FAQ_DRAFTS, start=len(FAQ_APPROVED) + 1):
        rows.append([f"FAQ-{j:03d}", q, a, cat, "草稿" if j % 2 else "draft"])
    return rows


def _dm_rows(world: World) -> Iterable[list[object]]:
    for m in world.dms:
        customer, brand = _SENDER[m.account]
        sender = customer if m.sender == "customer" else brand
        yield [m.conversation_id, m.message_id, m.account, "xhs", sender, m.text,
               m.sent_at.strftime("%Y-%m-%d %H:%M:%S")]


def _wechat_rows(world: World) -> Iterable[list[object]]:
    for p in world.platform_posts:
        if p.platform == "wechat":
            yield [p.account, p.title, p.published_at.strftime("%Y-%m-%d %H:%M"), p.reach, p.views,
                   p.shares, p.likes, p.collects, p.comments, p.follower_gain,
                   world.now.strftime("%Y-%m-%d %H:%M")]


def write_bank_files(world: World, root: Path) -> dict[str, int]:
    """Write ``bank/*.csv`` and ``platforms/wechat_posts.csv``; return row counts."""
    bank = root / "bank"
    return {
        "accounts": _write(bank / "accounts.csv", ACCOUNT_HEADERS, _accounts(world), "utf-8-sig"),
        "conversions": _write(bank / "conversions.csv", CONVERSION_HEADERS,
                              _conversion_rows(world)),
        "spend": _write(bank / "spend.csv", SPEND_HEADERS, _spend_rows(world)),
        "faq": _write(bank / "faq.csv", FAQ_HEADERS, _faq_rows(), "utf-8-sig"),
        "faq_approved": len(FAQ_APPROVED),
        "dm_messages": _write(bank / "dm_transcripts.csv", DM_HEADERS, _dm_rows(world)),
        "dm_conversations": len({m.conversation_id for m in world.dms}),
        "wechat_posts": _write(root / "platforms" / "wechat_posts.csv", WECHAT_HEADERS,
                               _wechat_rows(world), "gb18030"),
    }
