"""MediaCrawler output files (creator mode) for every crawl of the demo.

Key orders, value types and containers follow ``reference/xhs-data-formats.md`` §1: counts are
display strings (``"452"``, ``"1.2万"``, ``"10万+"``), times are epoch milliseconds, roots carry
``parent_comment_id`` ``0`` (``""`` in the 2026-07 teaching edition, which also swaps
``user_id`` for ``creator_hash`` and masks nicknames). Each crawl writes every note published in
the 120 days before it (the first crawl: all notes), so repeated rows give count snapshots;
comments appear in the first crawl that sees them, plus a few re-written duplicates.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from redfunnel.demo import ids
from redfunnel.demo.world import (
    Account,
    Comment,
    Crawl,
    Note,
    World,
    counts_at,
    growth_fraction,
    to_ms,
)

__all__ = [
    "COMMENT_KEYS",
    "CREATOR_KEYS",
    "NOTE_KEYS",
    "TEACH_COMMENT_KEYS",
    "TEACH_NOTE_KEYS",
    "format_count",
    "write_crawls",
]

NOTE_KEYS = (
    "note_id", "type", "title", "desc", "video_url", "time", "last_update_time", "user_id",
    "nickname", "avatar", "liked_count", "collected_count", "comment_count", "share_count",
    "ip_location", "image_list", "tag_list", "last_modify_ts", "note_url", "source_keyword",
    "xsec_token",
)
TEACH_NOTE_KEYS = (
    "note_id", "type", "title", "desc", "video_url", "time", "last_update_time", "creator_hash",
    "nickname", "liked_count", "collected_count", "comment_count", "share_count", "image_list",
    "tag_list", "last_modify_ts", "note_url", "source_keyword", "xsec_token",
)
COMMENT_KEYS = (
    "comment_id", "create_time", "ip_location", "note_id", "content", "user_id", "nickname",
    "avatar", "sub_comment_count", "pictures", "parent_comment_id", "last_modify_ts", "like_count",
)
TEACH_COMMENT_KEYS = (
    "comment_id", "create_time", "note_id", "content", "creator_hash", "nickname",
    "sub_comment_count", "pictures", "parent_comment_id", "last_modify_ts", "like_count",
)
CREATOR_KEYS = (
    "user_id", "nickname", "gender", "avatar", "desc", "ip_location", "follows", "fans",
    "interaction", "tag_list", "last_modify_ts",
)
WINDOW = timedelta(days=120)
DUPLICATE_SHARE = 0.03


def format_count(n: int) -> str:
    """XHS display form: digits below 10 000, ``1.2万`` above, ``10万+`` from 100 000."""
    if n < 10_000:
        return str(n)
    if n >= 100_000:
        return "10万+"
    return f"{n // 1000 / 10:.1f}".removesuffix(".0") + "万"


def creator_hash(user_id: str) -> str:
    """``sha256(user_id)[:16]``, the teaching edition's pseudonymous author id."""
    return hashlib.sha256(user_id.encode()).hexdigest()[:16]


class _Clock:
    """The crawler's write time: strictly increasing, a few hundred ms per record."""

    def __init__(self, rng: random.Random, start: datetime) -> None:
        self.rng, self.ms = rng, to_ms(start)

    def tick(self) -> int:
        self.ms += self.rng.randint(150, 900)
        return self.ms


def _visible(note: Note, crawl: Crawl) -> bool:
    if note.published_at >= crawl.at:
        return False
    return crawl.index == 0 or crawl.at - note.published_at <= WINDOW


def _note_row(
    note: Note, acc: Account, crawl: Crawl, ts: int, shown_comments: int
) -> dict[str, Any]:
    stamp = crawl.at.strftime("%Y%m%d%H%M")
    likes, collects, comments, shares = counts_at(note, crawl.at)
    published = to_ms(note.published_at)
    video = f"http://sns-video-bd.xhscdn.com/{note.video_key}" if note.video_key else ""
    url = (f"https://www.xiaohongshu.com/explore/{note.note_id}"
           f"?xsec_token={note.xsec_token}&xsec_source=pc_search")
    row: dict[str, Any] = {
        "note_id": note.note_id, "type": note.type, "title": note.title, "desc": note.desc,
        "video_url": video, "time": published,
        "last_update_time": published + note.update_offset_ms,
        "user_id": acc.user_id, "nickname": acc.name, "avatar": acc.avatar,
        "liked_count": format_count(likes), "collected_count": format_count(collects),
        "comment_count": format_count(max(comments, shown_comments)),
        "share_count": format_count(shares), "ip_location": note.ip_location,
        "image_list": ",".join(ids.image_url(k, stamp) for k in note.image_keys),
        "tag_list": ",".join(note.tags), "last_modify_ts": ts, "note_url": url,
        "source_keyword": "", "xsec_token": note.xsec_token,
    }
    if crawl.container == "teaching":
        row["creator_hash"] = creator_hash(acc.user_id)
        row["nickname"] = ids.mask_nickname(acc.name)
        return {k: row[k] for k in TEACH_NOTE_KEYS}
    return row


def _comment_row(c: Comment, crawl: Crawl, ts: int) -> dict[str, Any]:
    age = (crawl.at - c.created_at) / timedelta(days=1)
    likes = round(c.like_count * min(1.0, 0.4 + 0.6 * growth_fraction(age)))
    pictures = ""
    if c.pictures:
        stamp = crawl.at.strftime("%Y%m%d%H%M")
        sig = hashlib.md5(f"{c.pictures}/{stamp}".encode()).hexdigest()
        pictures = (f"http://sns-webpic-qc.xhscdn.com/{stamp}/{sig}/comment/"
                    f"{c.pictures}!nd_whgt34_webp_wm_1")
    row: dict[str, Any] = {
        "comment_id": c.comment_id, "create_time": to_ms(c.created_at),
        "ip_location": c.author.ip_location, "note_id": c.note_id, "content": c.content,
        "user_id": c.author.user_id, "nickname": c.author.nickname, "avatar": c.author.avatar,
        "sub_comment_count": str(c.sub_comment_count), "pictures": pictures,
        "parent_comment_id": c.parent_id or 0, "last_modify_ts": ts,
        "like_count": format_count(likes),
    }
    if crawl.container == "teaching":
        row["creator_hash"] = creator_hash(c.author.user_id)
        row["nickname"] = ids.mask_nickname(c.author.nickname)
        row["parent_comment_id"] = c.parent_id or ""
        return {k: row[k] for k in TEACH_COMMENT_KEYS}
    return row


def _creator_row(acc: Account, crawl: Crawl, notes: list[Note], ts: int) -> dict[str, Any]:
    fans = acc.followers_at[crawl.day]
    earned = sum(sum(counts_at(n, crawl.at)[:2]) for n in notes if n.published_at < crawl.at)
    interaction = round(acc.interaction_base * fans / acc.followers_now) + earned
    location = acc.province
    if acc.region not in ("全国", acc.province):
        location += acc.region
    return {
        "user_id": acc.user_id, "nickname": acc.name, "gender": None, "avatar": acc.avatar,
        "desc": acc.desc, "ip_location": acc.province, "follows": str(acc.follows),
        "fans": str(fans), "interaction": str(interaction),
        "tag_list": json.dumps({"location": location}, ensure_ascii=False), "last_modify_ts": ts,
    }


def _dump(path: Path, rows: list[dict[str, Any]], container: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if container == "json":
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=4), encoding="utf-8")
    elif container == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            if rows:
                writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)
    else:
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        path.write_text(lines, encoding="utf-8")


def write_crawls(world: World, root: Path, rng: random.Random) -> dict[str, int]:
    """Write every crawl's files under ``root/mediacrawler/data/xhs`` and return row counts."""
    by_account: dict[str, list[Note]] = {}
    for note in world.notes:
        by_account.setdefault(note.account_key, []).append(note)
    by_note: dict[str, list[Comment]] = {}
    for c in world.comments:
        by_note.setdefault(c.note_id, []).append(c)
    first_seen: dict[str, int] = {}
    totals = {"note_rows": 0, "comment_rows": 0, "creator_rows": 0}
    base = root / "mediacrawler" / "data" / "xhs"
    for crawl in world.crawls:
        clock = _Clock(rng, crawl.at)
        creators: list[dict[str, Any]] = []
        note_rows: list[dict[str, Any]] = []
        comment_rows: list[dict[str, Any]] = []
        for acc in world.accounts:
            own = by_account.get(acc.key, [])
            creators.append(_creator_row(acc, crawl, own, clock.tick()))
            pending: list[Comment] = []
            for note in sorted(own, key=lambda n: n.published_at, reverse=True):
                if not _visible(note, crawl):
                    continue
                thread = by_note.get(note.note_id, [])
                shown = sum(1 for c in thread if c.created_at < crawl.at)
                note_rows.append(_note_row(note, acc, crawl, clock.tick(), shown))
                for c in thread:
                    if c.created_at >= crawl.at:
                        continue
                    if c.comment_id not in first_seen:
                        first_seen[c.comment_id] = crawl.index
                        pending.append(c)
                    elif rng.random() < DUPLICATE_SHARE / 4:
                        pending.append(c)
            comment_rows.extend(_comment_row(c, crawl, clock.tick()) for c in pending)
        ext = {"teaching": "jsonl"}.get(crawl.container, crawl.container)
        _dump(base / "json" / f"creator_creator_{crawl.day}.json", creators, "json")
        _dump(base / ext / f"creator_contents_{crawl.day}.{ext}", note_rows, ext)
        _dump(base / ext / f"creator_comments_{crawl.day}.{ext}", comment_rows, ext)
        totals["note_rows"] += len(note_rows)
        totals["comment_rows"] += len(comment_rows)
        totals["creator_rows"] += len(creators)
    totals["comments_written"] = len(first_seen)
    return totals
