"""Xiaohongshu's own exports: the creator-centre note list (§3.4) and 聚光 delivery data (§3.5).

Files are generated in the test exactly as the platform writes them: the creator-centre xlsx has
a preamble in row 1, the 13 headers in row 2 and data from row 3, Chinese time stamps, percent
and second suffixes and ``-`` for missing values.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import xlsxwriter
from sqlalchemy import Engine, select

from redfunnel.ingest.pipeline import FileResult, ingest_paths
from redfunnel.store import models

SHANGHAI = ZoneInfo("Asia/Shanghai")
CREATED = datetime(2026, 7, 1, 9, 30, 0)  # the export's workbook creation time (UTC)

EXPORT_HEADERS = [
    "笔记标题",
    "首次发布时间",
    "体裁",
    "曝光",
    "观看量",
    "封面点击率",
    "点赞",
    "评论",
    "收藏",
    "涨粉",
    "分享",
    "人均观看时长",
    "弹幕",
]

N_CARD = "6a5f00000000000001000001"
N_GOLD = "6a5f00000000000001000002"
N_DECOY = "6a5f00000000000001000003"  # same title as N_CARD, published a day earlier
BANK_UID = "5f3c0a9e000000000101a0b1"

# (title, export time string, genre, impressions, views, ctr, likes, comments, collects, gain,
#  shares, watch, danmaku)
EXPORT_ROWS = [
    [
        "信用卡分期避坑指南",
        "2026年06月25日14时50分00秒",
        "图文",
        12345,
        3456,
        "28.64%",
        120,
        8,
        64,
        15,
        9,
        "10.59秒",
        "-",
    ],
    [
        "积存金怎么买？一篇讲清",
        "2026年06月20日09时30分00秒",
        "视频",
        80210,
        20333,
        "9.05%",
        1021,
        77,
        450,
        "-",
        38,
        "32.4秒",
        12,
    ],
    [
        "还没被爬到的笔记",
        "2026年06月18日20时00分00秒",
        "图文",
        100,
        50,
        "-",
        1,
        0,
        0,
        "-",
        0,
        "-",
        "-",
    ],
]


def shanghai_ms(*args: int) -> int:
    return int(datetime(*args, tzinfo=SHANGHAI).timestamp() * 1000)  # type: ignore[misc]


CRAWLED = [  # (note_id, title, publish time in ms)
    (N_CARD, "信用卡分期避坑指南", shanghai_ms(2026, 6, 25, 14, 50, 0)),
    (
        N_GOLD,
        "积存金怎么买？一篇讲清",
        shanghai_ms(2026, 6, 20, 9, 30, 40),
    ),  # within the join tolerance
    (N_DECOY, "信用卡分期避坑指南", shanghai_ms(2026, 6, 24, 14, 50, 0)),
]


def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    return folder


def only(results: list[FileResult]) -> FileResult:
    assert len(results) == 1
    return results[0]


def imported(engine: Engine, path: Path) -> FileResult:
    result = only(ingest_paths(engine, [path]))
    assert result.status == "imported", result.errors
    return result


def table_rows(engine: Engine, model: type[models.Base], *where: Any) -> list[dict[str, Any]]:
    table = models.Base.metadata.tables[model.__tablename__]
    with engine.connect() as conn:
        return [
            dict(r)
            for r in conn.execute(select(table).where(*where).order_by(table.c.id)).mappings()
        ]


def write_creator_export(
    path: Path, rows: list[list[Any]], headers: list[str] = EXPORT_HEADERS
) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": CREATED})
    ws = wb.add_worksheet("笔记列表明细表")
    ws.write(0, 0, "最多导出最近1000条笔记数据")
    ws.write_row(1, 0, headers)
    for i, row in enumerate(rows, 2):
        ws.write_row(i, 0, row)
    wb.close()
    return path


def write_notes_jsonl(path: Path, notes: list[tuple[str, str, int]]) -> Path:
    lines = []
    for note_id, title, ms in notes:
        lines.append(
            json.dumps(
                {
                    "note_id": note_id,
                    "type": "normal",
                    "title": title,
                    "desc": "正文内容",
                    "video_url": "",
                    "time": ms,
                    "last_update_time": ms,
                    "user_id": BANK_UID,
                    "nickname": "中国银行广东省分行",
                    "avatar": "",
                    "liked_count": "100",
                    "collected_count": "50",
                    "comment_count": "5",
                    "share_count": "3",
                    "ip_location": "广东",
                    "image_list": "",
                    "tag_list": "",
                    "last_modify_ts": ms + 86_400_000,
                    "note_url": f"https://www.xiaohongshu.com/explore/{note_id}",
                    "source_keyword": "",
                    "xsec_token": "",
                },
                ensure_ascii=False,
            )
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def export_snapshots(engine: Engine) -> dict[str, dict[str, Any]]:
    snap = models.NoteSnapshot.__table__
    rows = table_rows(engine, models.NoteSnapshot, snap.c.source_kind == "xhs_creator_export")
    by_note = {r["note_key"]: r for r in rows}
    assert len(by_note) == len(rows)
    return by_note


def assert_joined(engine: Engine) -> None:
    """The state both import orders must reach."""
    snaps = export_snapshots(engine)
    assert set(snaps) == {N_CARD, N_GOLD}  # never the decoy a day away, never the unmatched row
    card = snaps[N_CARD]
    assert (card["impressions"], card["views"], card["follower_gain"]) == (12345, 3456, 15)
    assert card["cover_ctr"] == pytest.approx(0.2864)
    assert card["avg_watch_seconds"] == pytest.approx(10.59)
    assert (card["likes"], card["comments"], card["collects"], card["shares"]) == (120, 8, 64, 9)
    assert card["danmaku"] is None  # '-' means unknown
    assert card["captured_at"] == CREATED.replace(tzinfo=UTC)
    gold = snaps[N_GOLD]
    assert (gold["impressions"], gold["views"], gold["follower_gain"], gold["danmaku"]) == (
        80210,
        20333,
        None,
        12,
    )
    assert gold["cover_ctr"] == pytest.approx(0.0905)
    assert gold["avg_watch_seconds"] == pytest.approx(32.4)
    rows = {r["title"]: r for r in table_rows(engine, models.ExportRow)}
    assert len(rows) == 3
    assert rows["信用卡分期避坑指南"]["matched_note_key"] == N_CARD
    assert rows["积存金怎么买？一篇讲清"]["matched_note_key"] == N_GOLD
    waiting = rows["还没被爬到的笔记"]
    assert waiting["matched_note_key"] is None
    assert waiting["published_at"] == datetime(2026, 6, 18, 12, 0, tzinfo=UTC)
    assert waiting["metrics"]["impressions"] == 100
    assert waiting["metrics"]["cover_ctr"] is None
    assert {r["source_kind"] for r in rows.values()} == {"xhs_creator_export"}


def test_creator_export_joined_to_crawled_notes(engine: Engine, tmp_path: Path) -> None:
    folder = inbox(tmp_path)
    notes = write_notes_jsonl(folder / "creator_contents_2026-07-01.jsonl", CRAWLED)
    export = write_creator_export(folder / "笔记列表明细表.xlsx", EXPORT_ROWS)
    assert imported(engine, notes).new == 3
    result = imported(engine, export)
    assert result.format == "xhs.creator_center.xlsx"
    assert (result.new, result.updated, result.records) == (3, 0, 3)
    assert result.notes == {"export_rows_linked": 2, "export_rows_waiting": 1}
    assert_joined(engine)
    # re-imports change nothing
    again = imported(engine, export)
    assert (again.new, again.updated) == (0, 0)
    assert again.notes["export_rows_waiting"] == 1
    again_notes = imported(engine, notes)
    assert (again_notes.new, again_notes.updated) == (0, 0)
    assert_joined(engine)


def test_creator_export_before_notes_is_linked_later(engine: Engine, tmp_path: Path) -> None:
    folder = inbox(tmp_path)
    export = write_creator_export(folder / "笔记列表明细表 (1).xlsx", EXPORT_ROWS)
    first = imported(engine, export)
    assert first.new == 3
    assert first.notes == {"export_rows_linked": 0, "export_rows_waiting": 3}
    assert export_snapshots(engine) == {}
    assert {r["matched_note_key"] for r in table_rows(engine, models.ExportRow)} == {None}
    imported(engine, write_notes_jsonl(folder / "search_contents.jsonl", CRAWLED))
    assert_joined(engine)
    again = imported(engine, export)
    assert (again.new, again.updated) == (0, 0)
    assert again.notes == {"export_rows_linked": 0, "export_rows_waiting": 1}
    assert_joined(engine)


def test_creator_export_publish_time_alias_and_content_detection(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    folder = inbox(tmp_path)
    imported(sqlite_engine, write_notes_jsonl(folder / "n.jsonl", CRAWLED[:1]))
    headers = ["发布时间" if h == "首次发布时间" else h for h in EXPORT_HEADERS]
    export = write_creator_export(folder / "download.xlsx", EXPORT_ROWS[:1], headers=headers)
    result = imported(sqlite_engine, export)
    assert result.format == "xhs.creator_center.xlsx"
    assert result.notes == {"export_rows_linked": 1, "export_rows_waiting": 0}
    assert export_snapshots(sqlite_engine)[N_CARD]["cover_ctr"] == pytest.approx(0.2864)


def test_creator_export_bad_time_names_row_and_field(sqlite_engine: Engine, tmp_path: Path) -> None:
    rows = [EXPORT_ROWS[0], [*EXPORT_ROWS[1][:1], "上周三", *EXPORT_ROWS[1][2:]]]
    export = write_creator_export(inbox(tmp_path) / "e.xlsx", rows)
    result = only(ingest_paths(sqlite_engine, [export]))
    assert result.status == "rejected"
    assert (result.errors[0]["row"], result.errors[0]["field"]) == (
        4,
        "published_at",
    )  # sheet row 4
    assert table_rows(sqlite_engine, models.ExportRow) == []


# ---------------------------------------------------------------- 聚光


JUGUANG_HEADERS = (
    "笔记/素材ID, 笔记/素材链接, 时间, 消费, 展现量, 点击量, 点击率, 平均点击成本, "
    "平均千次展示费用, 互动量, 平均互动成本, 5s播放量, 5s完播率, 新增种草人群, "
    "新增种草人群成本, 新增深度种草人群, 新增深度种草人群成本, "
    "私信进线数, 私信开口数, 私信留资数, 私信进线成本, 私信开口成本, 私信留资成本"
).split(", ")
JG_1 = "6a5f0000000000000b000001"
JG_2 = "6a5f0000000000000b000002"


def juguang_rows(summary_id: str, summary_time: str) -> list[list[Any]]:
    return [
        [
            summary_id,
            "",
            summary_time,
            3000.5,
            150000,
            4500,
            "3.00%",
            0.67,
            20.0,
            900,
            3.33,
            1200,
            "40%",
            300,
            10.0,
            80,
            37.51,
            60,
            45,
            12,
            50.01,
            66.68,
            250.04,
        ],
        [
            JG_1,
            f"https://www.xiaohongshu.com/explore/{JG_1}",
            "2026-06-01~2026-06-07",
            2000.0,
            100000,
            3000,
            "3.00%",
            0.67,
            20.0,
            600,
            3.33,
            800,
            "40%",
            200,
            10.0,
            50,
            40.0,
            40,
            30,
            8,
            50.0,
            66.67,
            250.0,
        ],
        [
            JG_2,
            f"https://www.xiaohongshu.com/explore/{JG_2}",
            "2026-06-03",
            1000.5,
            50000,
            1500,
            "3.00%",
            0.67,
            20.01,
            300,
            3.34,
            400,
            "40%",
            100,
            10.01,
            30,
            33.35,
            20,
            15,
            4,
            50.03,
            66.7,
            250.13,
        ],
    ]


def write_juguang(path: Path, container: str) -> Path:
    if container == "xlsx":
        rows = juguang_rows("合计", "2026-06-01~2026-06-07")
        wb = xlsxwriter.Workbook(str(path))
        ws = wb.add_worksheet("笔记-投放数据")
        ws.write_row(0, 0, JUGUANG_HEADERS)
        for i, row in enumerate(rows, 1):
            ws.write_row(i, 0, row)
        wb.close()
    else:
        rows = juguang_rows("", "合计")
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(JUGUANG_HEADERS)
            writer.writerows(rows)
    return path


@pytest.mark.parametrize("container", ["xlsx", "csv"])
def test_juguang_export_becomes_spend(engine: Engine, tmp_path: Path, container: str) -> None:
    path = write_juguang(inbox(tmp_path) / f"笔记-投放数据.{container}", container)
    result = imported(engine, path)
    assert result.format == f"xhs.juguang.{container}"
    assert (result.new, result.records) == (2, 3)
    assert result.notes == {"summary_rows_skipped": 1}
    spend = {s["note_key"]: s for s in table_rows(engine, models.Spend)}
    assert set(spend) == {JG_1, JG_2}  # the 合计 row is not spend
    one = spend[JG_1]
    assert (one["channel"], one["campaign_key"]) == ("xhs_juguang", None)
    assert one["amount"] == pytest.approx(2000.0)
    assert (one["impressions"], one["clicks"], one["interactions"]) == (100000, 3000, 600)
    assert (one["dm_entries"], one["dm_opens"], one["dm_leads"]) == (40, 30, 8)
    assert (one["period_start"], one["period_end"]) == (date(2026, 6, 1), date(2026, 6, 7))
    assert one["detail"] == {"plays_5s": 800, "seeded": 200, "deep_seeded": 50}
    two = spend[JG_2]
    assert two["amount"] == pytest.approx(1000.5)
    assert (two["period_start"], two["period_end"]) == (date(2026, 6, 3), date(2026, 6, 3))
    assert (two["dm_entries"], two["dm_opens"], two["dm_leads"]) == (20, 15, 4)
    assert {s["source_kind"] for s in spend.values()} == {"xhs_juguang"}
    again = imported(engine, path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert len(table_rows(engine, models.Spend)) == 2


def test_juguang_same_data_in_both_containers_is_one_set_of_rows(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    folder = inbox(tmp_path)
    imported(sqlite_engine, write_juguang(folder / "a.xlsx", "xlsx"))
    second = imported(sqlite_engine, write_juguang(folder / "b.csv", "csv"))
    assert (second.new, second.updated, second.unchanged) == (0, 0, 2)
    assert len(table_rows(sqlite_engine, models.Spend)) == 2
