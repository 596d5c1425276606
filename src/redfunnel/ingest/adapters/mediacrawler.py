"""MediaCrawler (NanmiCoder/MediaCrawler) Xiaohongshu notes, comments and creators.

One adapter per record type serves every container MediaCrawler writes (JSON array, JSONL, CSV,
the Excel sheets and the SQLite tables) and every edition: it keys off which columns are
present, never off a version. The 2026-07 teaching edition replaced ``user_id`` with
``creator_hash`` = sha256(user_id)[:16]; hashing ``user_id`` the same way makes both editions
name the same account and lets brand replies be detected across them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from redfunnel.ingest.adapters.base import (
    Adapter,
    Canonical,
    Context,
    FieldError,
    blank,
    count,
    epoch,
    text,
)
from redfunnel.ingest.readers import Part, Record
from redfunnel.privacy.mask import hash_user_id, mask_name, mask_pii

PLATFORM = "xhs"
NOTE_TYPES = {"normal": "图文", "video": "视频", "图文": "图文", "视频": "视频"}


def author_key(rec: Record) -> str:
    """The hashed author id of a record, from ``user_id`` or the teaching edition's ``creator_hash``."""
    user_id = text(rec, "user_id")
    if user_id:
        return hash_user_id(user_id)
    creator_hash = text(rec, "creator_hash")
    if creator_hash:
        return creator_hash
    raise FieldError("user_id", "缺少作者 user_id / creator_hash")


def split_list(value: Any) -> list[str]:
    """MediaCrawler list fields: comma-joined strings, JSON-encoded strings in its DB, or lists."""
    if blank(value):
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    raw = str(value).strip()
    if raw.startswith('"') and raw.endswith('"'):
        try:
            raw = str(json.loads(raw))
        except json.JSONDecodeError:
            raw = raw.strip('"')
    return [part.strip() for part in raw.split(",") if part.strip()]


def _columns(part: Part) -> set[str]:
    return {c.strip() for c in part.columns}


class MediaCrawlerNotes(Adapter):
    format = "mediacrawler.notes"
    entity = "note"
    source_kind = "mediacrawler"

    def accepts(self, part: Part) -> bool:
        cols = _columns(part)
        return "note_id" in cols and bool(cols & {"liked_count", "desc", "title"}) and "comment_id" not in cols

    def convert(self, rec: Record, ctx: Context) -> Iterable[Canonical]:
        note_id = text(rec, "note_id", required=True)
        key = author_key(rec)
        likes = count(rec.get("liked_count"), "liked_count")
        collects = count(rec.get("collected_count"), "collected_count")
        comments = count(rec.get("comment_count"), "comment_count")
        shares = count(rec.get("share_count"), "share_count")
        seen = epoch(rec.get("last_modify_ts"), "last_modify_ts") or ctx.captured_at
        raw_type = text(rec, "type")
        note_type = NOTE_TYPES.get(raw_type or "", None)
        if raw_type and note_type is None:
            raise FieldError("type", f"未知的笔记类型 '{raw_type}'")
        keyword = text(rec, "source_keyword")
        counts = {
            "likes": likes.value, "collects": collects.value,
            "comments": comments.value, "shares": shares.value,
            "likes_is_floor": likes.is_floor, "collects_is_floor": collects.is_floor,
            "comments_is_floor": comments.is_floor, "shares_is_floor": shares.is_floor,
        }
        yield "account", {
            "platform": PLATFORM, "account_key": key, "name": text(rec, "nickname"),
            "last_seen_at": seen,
        }
        yield "note", {
            "platform": PLATFORM,
            "note_key": note_id,
            "account_key": key,
            "note_type": note_type,
            "title": text(rec, "title"),
            "body": rec.get("desc") if isinstance(rec.get("desc"), str) else text(rec, "desc"),
            "tags": split_list(rec.get("tag_list")) if "tag_list" in rec else None,
            "url": text(rec, "note_url"),
            "ip_location": text(rec, "ip_location"),
            "source_keywords": [keyword] if keyword else None,
            "published_at": epoch(rec.get("time"), "time", required=True),
            "edited_at": epoch(rec.get("last_update_time"), "last_update_time"),
            "counts_estimated": any(c.is_estimate for c in (likes, collects, comments, shares)),
            "last_seen_at": seen,
            **counts,
        }
        yield "note_snapshot", {
            "platform": PLATFORM, "note_key": note_id, "captured_at": seen, **counts,
        }


class MediaCrawlerComments(Adapter):
    format = "mediacrawler.comments"
    entity = "comment"
    source_kind = "mediacrawler"

    def accepts(self, part: Part) -> bool:
        cols = _columns(part)
        return "comment_id" in cols and "content" in cols

    def convert(self, rec: Record, ctx: Context) -> Iterable[Canonical]:
        likes = count(rec.get("like_count"), "like_count")
        parent = rec.get("parent_comment_id")
        parent_key = None if blank(parent) or str(parent).strip() == "0" else str(parent).strip()
        content = rec.get("content")
        yield "comment", {
            "platform": PLATFORM,
            "comment_key": text(rec, "comment_id", required=True),
            "note_key": text(rec, "note_id", required=True),
            "parent_key": parent_key,
            "created_at": epoch(rec.get("create_time"), "create_time", required=True),
            "text": mask_pii(content if isinstance(content, str) else text(rec, "content")),
            "author_hash": author_key(rec),
            "author_name": mask_name(text(rec, "nickname")),
            "ip_location": text(rec, "ip_location"),
            "likes": likes.value,
            "likes_is_floor": likes.is_floor,
            "sub_comment_count": count(rec.get("sub_comment_count"), "sub_comment_count").value,
            "picture_count": len(split_list(rec.get("pictures"))),
            "last_seen_at": epoch(rec.get("last_modify_ts"), "last_modify_ts") or ctx.captured_at,
        }


class MediaCrawlerCreators(Adapter):
    format = "mediacrawler.creators"
    entity = "account"
    source_kind = "mediacrawler"

    def accepts(self, part: Part) -> bool:
        cols = _columns(part)
        return "fans" in cols and bool(cols & {"user_id", "creator_hash"}) and "note_id" not in cols

    def convert(self, rec: Record, ctx: Context) -> Iterable[Canonical]:
        key = author_key(rec)
        seen = epoch(rec.get("last_modify_ts"), "last_modify_ts") or ctx.captured_at
        fans = count(rec.get("fans"), "fans")
        yield "account", {
            "platform": PLATFORM, "account_key": key, "name": text(rec, "nickname"),
            "ip_location": text(rec, "ip_location"), "description": text(rec, "desc"),
            "last_seen_at": seen,
        }
        yield "account_snapshot", {
            "platform": PLATFORM, "account_key": key, "captured_at": seen,
            "followers": fans.value, "followers_is_floor": fans.is_floor,
            "following": count(rec.get("follows"), "follows").value,
            "likes_collects": count(rec.get("interaction"), "interaction").value,
        }
