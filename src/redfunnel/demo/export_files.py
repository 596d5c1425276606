"""Platform exports as xlsx: creator-centre note lists, the 聚光 report, Douyin post metrics.

Layouts follow ``reference/xhs-data-formats.md`` §3.4–3.5 and ``docs/data-contracts.md``. The
workbooks are written with xlsxwriter and a fixed ``created`` property; xlsxwriter also pins the
zip entry times, so identical input gives byte-identical files.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import xlsxwriter

from redfunnel.demo.world import Note, PromoDay, World, counts_at, growth_fraction

__all__ = [
    "CREATOR_CENTRE_HEADERS",
    "CREATOR_CENTRE_PREAMBLE",
    "DOUYIN_HEADERS",
    "JUGUANG_HEADERS",
    "cn_timestamp",
    "write_exports",
]

CREATOR_CENTRE_PREAMBLE = "最多导出最近500条笔记数据"
CREATOR_CENTRE_HEADERS = (
    "笔记标题", "首次发布时间", "体裁", "曝光", "观看量", "封面点击率", "点赞", "评论", "收藏",
    "涨粉", "分享", "人均观看时长", "弹幕",
)
JUGUANG_HEADERS = (
    "笔记/素材ID", "笔记/素材链接", "时间", "消费", "展现量", "点击量", "点击率", "平均点击成本",
    "平均千次展示费用", "互动量", "平均互动成本", "5s播放量", "5s完播率", "新增种草人群",
    "新增种草人群成本", "新增深度种草人群", "新增深度种草人群成本", "私信进线数",
    "私信开口数", "私信留资数", "私信进线成本", "私信开口成本", "私信留资成本",
)
DOUYIN_HEADERS = (
    "抖音号名称", "作品名称", "发布时间", "播放量", "点赞量", "评论量", "分享量", "收藏量",
    "涨粉量",
)
EXPORT_WINDOW = timedelta(days=210)
"""About the last 180 days, stretched to keep the late-April 五一 guide (the most-read note)."""


def cn_timestamp(moment: datetime) -> str:
    """Creator-centre time format, e.g. ``2026年06月25日14时50分00秒``."""
    return moment.strftime("%Y年%m月%d日%H时%M分%S秒")


def _workbook(path: Path, created: datetime, rows: list[list[Any]], sheet: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": created.astimezone(UTC).replace(tzinfo=None)})  # Excel stores UTC
    ws = wb.add_worksheet(sheet)
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    wb.close()


def _pct(num: float, den: float) -> str:
    return f"{num / den * 100:.2f}%" if den else "-"


def _cost(spend: float, n: float) -> float | str:
    return round(spend / n, 2) if n else "-"


def _centre_row(note: Note, now: datetime) -> list[Any]:
    likes, collects, comments, shares = counts_at(note, now)
    frac = growth_fraction((now - note.published_at) / timedelta(days=1))
    views, impressions = round(note.views * frac), round(note.impressions * frac)
    return [
        note.title, cn_timestamp(note.published_at), "视频" if note.type == "video" else "图文",
        impressions, views, _pct(views, impressions), likes, comments, collects,
        round(note.follower_gain * frac), shares,
        f"{note.avg_watch_s:.2f}秒" if note.avg_watch_s is not None else "-",
        note.danmaku if note.danmaku is not None else "-",
    ]


def _juguang_row(key: str, link: str, day: str, ds: list[PromoDay], video: bool) -> list[Any]:
    spend = round(sum(d.spend for d in ds), 2)
    imps, clicks = sum(d.impressions for d in ds), sum(d.clicks for d in ds)
    inter, seeded = sum(d.interactions for d in ds), sum(d.seeded for d in ds)
    deep = sum(d.deep_seeded for d in ds)
    dm_in, dm_open = sum(d.dm_in for d in ds), sum(d.dm_open for d in ds)
    leads = sum(d.dm_leads for d in ds)
    plays: int | str = sum(d.plays_5s or 0 for d in ds) if video else "-"
    return [key, link, day, spend, imps, clicks, _pct(clicks, imps), _cost(spend, clicks),
            round(spend / imps * 1000, 2) if imps else "-", inter, _cost(spend, inter), plays,
            _pct(float(plays), imps * 1.0) if video else "-", seeded, _cost(spend, seeded), deep,
            _cost(spend, deep), dm_in, dm_open, leads, _cost(spend, dm_in), _cost(spend, dm_open),
            _cost(spend, leads)]


def write_exports(world: World, root: Path) -> dict[str, int]:
    """Write creator-centre, 聚光 and Douyin workbooks; return row counts."""
    now = world.now
    stamp = now.strftime("%Y%m%d")
    counts = dict.fromkeys(
        ("creator_centre_rows", "creator_centre_unmatched", "juguang_rows", "douyin_posts"), 0)
    home = [a for a in world.accounts if a.is_home]
    for acc in home:
        seen = [n for n in world.notes
                if n.account_key == acc.key and now - n.published_at <= EXPORT_WINDOW]
        extra = [n for n in world.export_only if n.account_key == acc.key]
        notes = sorted(seen + extra, key=lambda n: n.published_at, reverse=True)
        rows: list[list[Any]] = [[CREATOR_CENTRE_PREAMBLE], list(CREATOR_CENTRE_HEADERS)]
        rows += [_centre_row(n, now) for n in notes]
        path = root / "creator_center" / f"笔记列表明细表_{acc.name}_{stamp}.xlsx"
        _workbook(path, now, rows, "笔记列表明细")
        counts["creator_centre_rows"] += len(notes)
        counts["creator_centre_unmatched"] += len(extra)

    by_id = {n.note_id: n for n in world.notes}
    days = world.promo_days
    any_video = any(d.plays_5s for d in days)
    rows = [list(JUGUANG_HEADERS), _juguang_row("合计", "-", "-", days, any_video)]
    for d in days:
        note = by_id[d.note_id]
        rows.append(_juguang_row(d.note_id, f"https://www.xiaohongshu.com/explore/{d.note_id}",
                                 d.day.strftime("%Y-%m-%d"), [d], note.type == "video"))
    _workbook(root / "juguang" / f"聚光_笔记投放数据_{stamp}.xlsx", now, rows, "笔记-投放数据")
    counts["juguang_rows"] = len(days)

    posts = [p for p in world.platform_posts if p.platform == "douyin"]
    rows = [list(DOUYIN_HEADERS)] + [
        [p.account, p.title, p.published_at.strftime("%Y-%m-%d %H:%M"), p.views, p.likes,
         p.comments, p.shares, p.collects, p.follower_gain] for p in posts]
    _workbook(root / "platforms" / "douyin_posts.xlsx", now, rows, "作品数据")
    counts["douyin_posts"] = len(posts)
    return counts
