"""Xiaohongshu's own exports: the creator-centre note list and the 聚光 ad delivery data.

The creator-centre export (``笔记列表明细表*.xlsx``) is the only source of exposure, views and
follower gain but carries no note id, so its rows are stored as they are and joined to crawled
notes by title and publish time (see :mod:`redfunnel.ingest.linking`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redfunnel.ingest.adapters.base import (
    Canonical,
    Context,
    ContractAdapter,
    FieldError,
    blank,
    content_key,
    day,
    integer,
    number,
    required,
    text,
    when,
)
from redfunnel.ingest.readers import Record


class CreatorCenterExport(ContractAdapter):
    format = "xhs.creator_center"
    entity = "export_row"
    source_kind = "xhs_creator_export"
    columns = {
        "title": ("笔记标题",), "published_at": ("首次发布时间", "发布时间"), "genre": ("体裁",),
        "impressions": ("曝光",), "views": ("观看量",), "cover_ctr": ("封面点击率",),
        "likes": ("点赞",), "comments": ("评论",), "collects": ("收藏",), "follower_gain": ("涨粉",),
        "shares": ("分享",), "avg_watch_seconds": ("人均观看时长",), "danmaku": ("弹幕",),
    }
    signature = ("title", "published_at", "impressions")
    english_headers = False
    required = ("title", "published_at")

    def convert_row(self, row: Record, ctx: Context) -> Iterable[Canonical]:
        title = required(row, "title")
        published = when(row.get("published_at"), "published_at", required=True)
        metrics = {
            name: integer(row.get(name), name)
            for name in ("impressions", "views", "likes", "comments", "collects", "follower_gain",
                         "shares", "danmaku")
        }
        metrics["cover_ctr"] = number(row.get("cover_ctr"), "cover_ctr")
        metrics["avg_watch_seconds"] = number(row.get("avg_watch_seconds"), "avg_watch_seconds")
        metrics["genre"] = text(row, "genre")
        yield "export_row", {
            "row_key": content_key("xhs", title, published, ctx.captured_at),
            "platform": "xhs", "title": title, "published_at": published,
            "captured_at": ctx.captured_at, "metrics": metrics,
        }


SUMMARY = re.compile(r"合计|总计|汇总")
RANGE = re.compile(r"\s*(?:~|至|到|—|–)\s*")


class JuguangNoteDelivery(ContractAdapter):
    format = "xhs.juguang"
    entity = "spend"
    source_kind = "xhs_juguang"
    columns = {
        "note_id": ("笔记/素材ID",), "note_url": ("笔记/素材链接",), "time": ("时间",),
        "amount": ("消费",), "impressions": ("展现量",), "clicks": ("点击量",),
        "interactions": ("互动量",), "dm_entries": ("私信进线数",), "dm_opens": ("私信开口数",),
        "dm_leads": ("私信留资数",), "plays_5s": ("5s播放量",),
        "seeded": ("新增种草人群",), "deep_seeded": ("新增深度种草人群",),
    }
    signature = ("note_id", "amount")
    english_headers = False
    required = ("note_id", "time", "amount")

    def convert_row(self, row: Record, ctx: Context) -> Iterable[Canonical]:
        note = text(row, "note_id")
        period = text(row, "time") or ""
        if not note or SUMMARY.search(note) or SUMMARY.search(period):
            ctx.bump("summary_rows_skipped")
            return
        if blank(row.get("time")):
            raise FieldError("time", "必填时间为空")
        ends = RANGE.split(period, maxsplit=1) if isinstance(row.get("time"), str) else [row.get("time")]
        start = day(ends[0], "time")
        end = day(ends[-1], "time")
        yield "spend", {
            "spend_key": content_key("xhs_juguang", note, start, end),
            "campaign_key": None, "channel": "xhs_juguang", "note_key": note,
            "period_start": start, "period_end": end,
            "amount": number(row.get("amount"), "amount", required=True),
            **{name: integer(row.get(name), name)
               for name in ("impressions", "clicks", "interactions", "dm_entries", "dm_opens", "dm_leads")},
            "detail": {name: integer(row.get(name), name)
                       for name in ("plays_5s", "seeded", "deep_seeded") if row.get(name) is not None},
        }

