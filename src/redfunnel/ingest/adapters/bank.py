"""Bank-side CSV/xlsx files with documented column contracts (docs/data-contracts.md).

The account registry, conversions with tracking codes, campaign spend, the FAQ library and DM
transcripts come from the bank's own systems; their headers may be English or Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redfunnel.ingest.adapters.base import (
    Canonical,
    Context,
    ContractAdapter,
    FieldError,
    content_key,
    count,
    day,
    number,
    required,
    text,
    when,
)
from redfunnel.ingest.readers import Record
from redfunnel.privacy.mask import hash_user_id, mask_pii
from redfunnel.registry import ROLES

PLATFORMS = {
    "xhs": "xhs", "小红书": "xhs", "红书": "xhs", "rednote": "xhs", "xiaohongshu": "xhs",
    "wechat": "wechat", "微信": "wechat", "公众号": "wechat", "微信公众号": "wechat", "weixin": "wechat",
    "douyin": "douyin", "抖音": "douyin", "tiktok": "douyin",
}
ROLE_ALIASES = {"main": "主账号", "credit_card": "信用卡", "branch": "分行", "product": "产品",
                "service": "客服", "ip": "IP", "主号": "主账号", "官方号": "主账号", "条线": "产品"}
STAGES = {
    "exposure": "exposure", "曝光": "exposure", "view": "view", "阅读": "view", "观看": "view",
    "interaction": "interaction", "互动": "interaction", "follow": "follow", "关注": "follow",
    "dm": "dm", "私信": "dm", "lead": "lead", "留资": "lead", "线索": "lead",
    "click": "click", "点击": "click", "landing": "landing", "落地页": "landing",
    "application": "application", "申请": "application", "进件": "application",
    "approved": "approved", "核准": "approved", "审批通过": "approved", "开户": "approved",
    "激活": "approved", "activated": "approved",
}
FAQ_STATUS = {"approved": "approved", "已审核": "approved", "已批准": "approved", "通过": "approved",
              "draft": "draft", "草稿": "draft", "retired": "retired", "停用": "retired"}
DIRECTIONS = {"customer": "customer", "客户": "customer", "用户": "customer",
              "brand": "brand", "客服": "brand", "官方": "brand", "银行": "brand", "运营": "brand"}
PROFILE_ID = re.compile(r"/user/profile/([0-9a-fA-F]{24})")


def platform_of(value: str | None, field: str = "platform") -> str:
    """Normalise a platform name (``小红书`` → ``xhs``)."""
    key = (value or "").strip().lower()
    if key not in PLATFORMS:
        raise FieldError(field, f"未知平台 '{value}'（可用：xhs/小红书、wechat/微信、douyin/抖音）")
    return PLATFORMS[key]


def name_key(name: str) -> str:
    """Account key for accounts known only by name (WeChat exports carry no user id)."""
    return "name:" + re.sub(r"\s+", "", name)


def _choice(value: str | None, table: dict[str, str], field: str, label: str) -> str:
    key = (value or "").strip()
    found = table.get(key) or table.get(key.lower())
    if found is None:
        raise FieldError(field, f"未知的{label} '{value}'")
    return found


class AccountRegistry(ContractAdapter):
    format = "bank.accounts"
    entity = "account"
    source_kind = "bank_registry"
    columns = {
        "account": ("账号", "账号名称"), "platform": ("平台",), "institution": ("机构", "银行"),
        "role": ("角色",), "region": ("地区",), "owner_team": ("负责团队",),
        "user_id": ("用户ID",), "profile_url": ("主页链接",), "followers": ("粉丝数",),
        "as_of": ("统计日期",),
    }
    signature = ("account", "institution")
    required = ("account", "platform", "institution", "role")

    def convert_row(self, row: Record, ctx: Context) -> Iterable[Canonical]:
        name = required(row, "account")
        platform = platform_of(text(row, "platform"))
        role_raw = required(row, "role")
        role = role_raw if role_raw in ROLES else ROLE_ALIASES.get(role_raw.lower())
        if role is None:
            raise FieldError("role", f"未知角色 '{role_raw}'（可用：{'/'.join(ROLES)}）")
        user_id = text(row, "user_id")
        url = text(row, "profile_url")
        if not user_id and url and (m := PROFILE_ID.search(url)):
            user_id = m.group(1)
        key = hash_user_id(user_id) if user_id and platform == "xhs" else name_key(name)
        yield "account", {
            "platform": platform, "account_key": key, "name": name, "user_id": user_id,
            "declared_institution": required(row, "institution"), "role": role,
            "region": text(row, "region"), "owner_team": text(row, "owner_team"),
        }
        followers = count(row.get("followers"), "followers")
        if followers.value is not None:
            yield "account_snapshot", {
                "platform": platform, "account_key": key,
                "captured_at": when(row.get("as_of"), "as_of") or ctx.captured_at,
                "followers": followers.value, "followers_is_floor": followers.is_floor,
            }


class Conversions(ContractAdapter):
    format = "bank.conversions"
    entity = "conversion"
    source_kind = "bank_conversions"
    columns = {
        "conversion_id": ("转化ID",), "tracking_code": ("追踪码",), "stage": ("阶段",),
        "product": ("产品",), "value": ("价值",), "time": ("时间",), "channel": ("渠道",),
    }
    signature = ("tracking_code",)
    required = ("tracking_code", "stage", "product", "time")

    def convert_row(self, row: Record, ctx: Context) -> Iterable[Canonical]:
        code = required(row, "tracking_code")
        stage = _choice(text(row, "stage"), STAGES, "stage", "阶段")
        product = required(row, "product").lower()
        occurred = when(row.get("time"), "time", required=True)
        value = number(row.get("value"), "value")
        key = text(row, "conversion_id") or content_key(code, stage, product, occurred, value)
        yield "conversion", {
            "conversion_key": key, "tracking_code": code, "stage": stage, "product": product,
            "value": value, "occurred_at": occurred, "channel": text(row, "channel"),
        }


TOUCH_TYPES = {
    "exposure": "exposure", "曝光": "exposure", "view": "view", "阅读": "view", "观看": "view",
    "click": "click", "点击": "click", "dm": "dm", "私信": "dm", "search": "search", "搜索": "search",
    "visit": "visit", "访问": "visit", "touch": "touch", "触达": "touch",
    "conversion": "conversion", "转化": "conversion",
}


class Touchpoints(ContractAdapter):
    """Multi-touch journeys: one row per touch of a pseudonymous journey (hashed on import)."""

    format = "bank.touchpoints"
    entity = "touchpoint"
    source_kind = "bank_touchpoints"
    columns = {
        "journey_id": ("旅程ID", "客户标识"), "time": ("时间",), "channel": ("渠道",),
        "touch": ("触点类型",), "tracking_code": ("追踪码",), "note_id": ("笔记ID",),
        "campaign_id": ("活动ID",), "conversion_id": ("转化ID",), "product": ("产品",),
        "value": ("价值",),
    }
    signature = ("journey_id", "channel")
    required = ("journey_id", "time", "channel")

    def convert_row(self, row: Record, ctx: Context) -> Iterable[Canonical]:
        journey = hash_user_id(required(row, "journey_id"))
        at = when(row.get("time"), "time", required=True)
        channel = required(row, "channel").lower()
        touch_raw = text(row, "touch")
        touch = _choice(touch_raw, TOUCH_TYPES, "touch", "触点类型") if touch_raw else "touch"
        code, note = text(row, "tracking_code"), text(row, "note_id")
        yield "touchpoint", {
            "touch_key": content_key(journey, at, channel, touch, code, note),
            "journey_key": journey, "occurred_at": at, "channel": channel, "touch_type": touch,
            "tracking_code": code, "note_key": note, "campaign_key": text(row, "campaign_id"),
            "conversion_key": text(row, "conversion_id"),
            "product": (text(row, "product") or "").lower() or None,
            "value": number(row.get("value"), "value"),
        }


class CampaignSpend(ContractAdapter):
    format = "bank.spend"
    entity = "spend"
    source_kind = "bank_spend"
    columns = {
        "campaign_id": ("活动ID",), "campaign": ("活动名称",), "channel": ("渠道",),
        "period_start": ("开始日期",), "period_end": ("结束日期",), "amount": ("金额",),
        "impressions": ("曝光",), "clicks": ("点击",), "note_id": ("笔记ID",),
    }
    signature = ("campaign_id", "amount")
    required = ("campaign_id", "channel", "period_start", "period_end", "amount")

    def convert_row(self, row: Record, ctx: Context) -> Iterable[Canonical]:
        campaign = required(row, "campaign_id")
        channel = required(row, "channel").lower()
        start, end = day(row.get("period_start"), "period_start"), day(row.get("period_end"), "period_end")
        if end < start:
            raise FieldError("period_end", f"结束日期 {end} 早于开始日期 {start}")
        note = text(row, "note_id")
        yield "campaign", {"campaign_key": campaign, "name": text(row, "campaign"), "channel": channel}
        yield "spend", {
            "spend_key": content_key(campaign, channel, start, end, note),
            "campaign_key": campaign, "channel": channel, "note_key": note,
            "period_start": start, "period_end": end,
            "amount": number(row.get("amount"), "amount", required=True),
            "impressions": count(row.get("impressions"), "impressions").value,
            "clicks": count(row.get("clicks"), "clicks").value,
        }


class FaqLibrary(ContractAdapter):
    format = "bank.faq"
    entity = "faq_entry"
    source_kind = "bank_faq"
    columns = {"id": ("编号",), "question": ("问题",), "answer": ("答案",), "category": ("分类",),
               "status": ("状态",)}
    signature = ("question", "answer")
    required = ("id", "question", "answer")

    def convert_row(self, row: Record, ctx: Context) -> Iterable[Canonical]:
        status = text(row, "status")
        yield "faq_entry", {
            "faq_key": required(row, "id"), "question": required(row, "question"),
            "answer": required(row, "answer"), "category": text(row, "category"),
            "status": _choice(status, FAQ_STATUS, "status", "状态") if status else "draft",
        }


class DmTranscripts(ContractAdapter):
    format = "bank.dm_transcripts"
    entity = "message"
    source_kind = "bank_dm"
    columns = {
        "conversation_id": ("会话ID",), "message_id": ("消息ID",), "account": ("账号",),
        "platform": ("平台",), "sender": ("发送方",), "text": ("内容",), "time": ("时间",),
        "operator": ("客服人员", "操作人"),
    }
    signature = ("conversation_id", "sender")
    required = ("conversation_id", "account", "platform", "sender", "text", "time")

    def convert_row(self, row: Record, ctx: Context) -> Iterable[Canonical]:
        thread = required(row, "conversation_id")
        account = required(row, "account")
        direction = _choice(text(row, "sender"), DIRECTIONS, "sender", "发送方")
        sent = when(row.get("time"), "time", required=True)
        body = mask_pii(required(row, "text"))
        yield "message", {
            "platform": platform_of(text(row, "platform")),
            "message_key": text(row, "message_id") or content_key(thread, sent, direction, body),
            "thread_key": thread, "account_key": name_key(account), "account_name": account,
            "direction": direction, "text": body, "sent_at": sent, "operator": text(row, "operator"),
        }
