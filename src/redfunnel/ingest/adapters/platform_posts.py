"""WeChat 公众号 and Douyin post metrics exports, mapped by the documented column table."""

from __future__ import annotations

from collections.abc import Iterable

from redfunnel.ingest.adapters.bank import name_key, platform_of
from redfunnel.ingest.adapters.base import (
    Canonical,
    Context,
    ContractAdapter,
    FieldError,
    content_key,
    integer,
    required,
    text,
    when,
)
from redfunnel.ingest.errors import IngestError
from redfunnel.ingest.readers import Part, Record

NOTE_TYPE = {"wechat": "图文", "douyin": "视频"}
WECHAT_WORDS = ("阅读", "送达", "在看", "公众号")
DOUYIN_WORDS = ("播放", "抖音", "作品", "完播")


class PlatformPosts(ContractAdapter):
    format = "platform.posts"
    entity = "note"
    source_kind = "platform_export"
    columns = {
        "platform": ("平台",),
        "account": ("账号", "公众号名称", "抖音号名称", "账号名称"),
        "post_id": ("文章ID", "内容ID", "作品ID", "视频ID"),
        "title": ("标题", "内容标题", "作品名称", "视频标题"),
        "published_at": ("发表时间", "发布时间"),
        "impressions": ("送达人数", "曝光量"),
        "views": ("阅读次数", "总阅读次数", "阅读量", "播放量"),
        "likes": ("点赞", "点赞数", "点赞量"),
        "comments": ("留言", "留言数", "评论数", "评论量"),
        "shares": ("分享次数", "分享数", "分享量"),
        "collects": ("在看", "在看数", "收藏量", "收藏数"),
        "follower_gain": ("阅读后关注人数", "涨粉量", "新增粉丝"),
        "url": ("链接", "文章链接", "作品链接"),
        "captured_at": ("统计时间", "数据统计时间", "统计日期", "数据日期", "导出时间"),
    }
    signature = ("title", "published_at", "views")
    required = ("account", "title", "published_at")

    def accepts(self, part: Part) -> bool:
        return self.column_map(part).has(*self.signature) and not {"笔记标题", "曝光"} <= set(part.columns)

    def prepare(self, part: Part, ctx: Context) -> None:
        super().prepare(part, ctx)
        headers = "".join(part.columns)
        if ctx.columns is not None and "platform" not in ctx.columns.actual:
            wechat = any(w in headers for w in WECHAT_WORDS)
            douyin = any(w in headers for w in DOUYIN_WORDS)
            if wechat == douyin:
                raise IngestError(str(ctx.path), "无法从表头判断平台，请加一列 platform（wechat/douyin）",
                                  row=1, field="platform")
            ctx.platform = "wechat" if wechat else "douyin"

    def convert_row(self, row: Record, ctx: Context) -> Iterable[Canonical]:
        platform = platform_of(text(row, "platform")) if text(row, "platform") else ctx.platform
        if platform is None:
            raise FieldError("platform", "必填字段为空")
        account = required(row, "account")
        title = required(row, "title")
        published = when(row.get("published_at"), "published_at", required=True)
        key = name_key(account)
        note_key = text(row, "post_id") or content_key(platform, account, title, published)
        counts = {name: integer(row.get(name), name) for name in ("likes", "comments", "shares", "collects")}
        yield "account", {"platform": platform, "account_key": key, "name": account}
        yield "note", {
            "platform": platform, "note_key": note_key, "account_key": key,
            "note_type": NOTE_TYPE.get(platform or ""), "title": title, "published_at": published,
            "url": text(row, "url"), **counts,
        }
        yield "note_snapshot", {
            "platform": platform, "note_key": note_key,
            "captured_at": when(row.get("captured_at"), "captured_at") or ctx.captured_at, **counts,
            "impressions": integer(row.get("impressions"), "impressions"),
            "views": integer(row.get("views"), "views"),
            "follower_gain": integer(row.get("follower_gain"), "follower_gain"),
        }
