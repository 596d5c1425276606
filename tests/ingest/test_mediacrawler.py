"""MediaCrawler against the real sample in ../shared/realdata, every container and edition."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from redfunnel.ingest.pipeline import ingest_paths
from redfunnel.privacy.mask import hash_user_id, mask_name
from redfunnel.store import models
from redfunnel.store.stats import stored_counts

NOTES = "search_contents_2025-09-05.json"
COMMENTS = "search_comments_2025-09-05.json"


def load(realdata: Path, name: str) -> list[dict[str, Any]]:
    return json.loads((realdata / name).read_text(encoding="utf-8"))


def test_real_sample_counts_and_reimport(engine: Engine, realdata: Path) -> None:
    first = ingest_paths(engine, [realdata])
    assert [r.status for r in first] == ["imported", "imported"]
    by_format = {r.format: r for r in first}
    assert by_format["mediacrawler.notes.json"].new == 388
    assert by_format["mediacrawler.notes.json"].records == 400
    assert by_format["mediacrawler.comments.json"].new == 1735
    second = ingest_paths(engine, [realdata])
    assert [(r.new, r.updated) for r in second] == [(0, 0), (0, 0)]
    counts = stored_counts(engine)
    assert (counts["notes"], counts["comments"]) == (388, 1735)
    # every duplicate keeps its counts as a snapshot (duplicates differ in last_modify_ts)
    assert counts["note_snapshots"] == 400


def test_real_sample_values(engine: Engine, realdata: Path) -> None:
    ingest_paths(engine, [realdata])
    raw = load(realdata, NOTES)
    newest: dict[str, dict[str, Any]] = {}
    for rec in raw:
        held = newest.get(rec["note_id"])
        if held is None or rec["last_modify_ts"] >= held["last_modify_ts"]:
            newest[rec["note_id"]] = rec
    note = models.Note.__table__
    with engine.connect() as conn:
        rows = {r.note_key: r for r in conn.execute(select(note))}
    for note_id, rec in newest.items():
        row = rows[note_id]
        assert row.likes == int(rec["liked_count"])
        assert row.collects == int(rec["collected_count"])
        assert row.comments == int(rec["comment_count"])
        assert row.shares == int(rec["share_count"])
        assert int(row.published_at.timestamp() * 1000) == rec["time"]
        assert row.account_key == hash_user_id(rec["user_id"])


def test_real_sample_note_types_and_locations(engine: Engine, realdata: Path) -> None:
    raw = load(realdata, NOTES)
    unique_types: dict[str, str] = {r["note_id"]: r["type"] for r in raw}
    ingest_paths(engine, [realdata / NOTES])
    note = models.Note.__table__
    with engine.connect() as conn:
        stored = dict(conn.execute(select(note.c.note_type, func.count()).group_by(note.c.note_type)).all())
    expected = {"图文": sum(t == "normal" for t in unique_types.values()),
                "视频": sum(t == "video" for t in unique_types.values())}
    assert stored == expected
    assert sum(r["type"] == "normal" for r in raw) == 364  # the provenance file's fact


def test_comments_masked_threaded_and_brand_replies(engine: Engine, realdata: Path) -> None:
    ingest_paths(engine, [realdata])
    comments = load(realdata, COMMENTS)
    notes = {n["note_id"]: n["user_id"] for n in load(realdata, NOTES)}
    expected_brand = {c["comment_id"] for c in comments if notes.get(c["note_id"]) == c["user_id"]}
    table = models.Comment.__table__
    with engine.connect() as conn:
        stored = list(conn.execute(select(table)))
    assert {r.comment_key for r in stored if r.is_brand_reply} == expected_brand
    assert all(r.parent_key is None for r in stored)  # parent_comment_id is the integer 0
    assert all(r.author_hash and len(r.author_hash) == 16 for r in stored)
    raw_names = {c["nickname"] for c in comments if len(c["nickname"]) > 2}
    assert not raw_names & {r.author_name for r in stored}
    assert sum(1 for r in stored if r.ip_location is None) > 1000


def teaching_edition(rec: dict[str, Any], kind: str) -> dict[str, Any]:
    """The 2026-07 edition of a record: creator_hash for user_id, masked nickname, no avatar/ip."""
    out = {}
    for key, value in rec.items():
        if key == "user_id":
            out["creator_hash"] = hash_user_id(value)
        elif key in ("avatar", "ip_location"):
            continue
        elif key == "nickname":
            out[key] = mask_name(value)
        elif key == "parent_comment_id":
            out[key] = "" if value in (0, "0") else str(value)
        else:
            out[key] = value
    if kind == "note":
        out["last_modify_ts"] = rec["last_modify_ts"] + 86_400_000
        out["liked_count"] = str(int(rec["liked_count"]) + 1)
    return out


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_teaching_edition_joins_the_same_accounts(engine: Engine, realdata: Path, tmp_path: Path) -> None:
    ingest_paths(engine, [realdata])
    notes = [teaching_edition(r, "note") for r in load(realdata, NOTES)]
    comments = [teaching_edition(r, "comment") for r in load(realdata, COMMENTS)]
    results = ingest_paths(engine, [write_jsonl(tmp_path / "creator_contents_2026-07-02.jsonl", notes),
                                    write_jsonl(tmp_path / "creator_comments_2026-07-02.jsonl", comments)])
    by_format = {r.format: r for r in results}
    note_result = by_format["mediacrawler.notes.jsonl"]
    assert (note_result.new, note_result.updated) == (0, 388)
    assert by_format["mediacrawler.comments.jsonl"].new == 0
    counts = stored_counts(engine)
    assert counts["accounts"] == len({r["user_id"] for r in load(realdata, NOTES)})
    account, note = models.Account.__table__, models.Note.__table__
    with engine.connect() as conn:
        masked = conn.execute(select(func.count()).where(account.c.name.contains("***"))).scalar_one()
        ips = conn.execute(select(func.count()).where(note.c.ip_location.is_not(None))).scalar_one()
    assert masked == 0  # clear names are not replaced by masked ones
    assert ips > 0  # the teaching edition's missing ip_location does not erase stored values
    assert counts["note_snapshots"] == 400 + 400  # every re-crawled row adds its counts


def test_csv_and_jsonl_containers_match_json(engine: Engine, realdata: Path, tmp_path: Path) -> None:
    raw = load(realdata, NOTES)
    path = tmp_path / "search_contents_2025-09-05.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(raw[0].keys()))
        writer.writeheader()
        writer.writerows(raw)
    comments = write_jsonl(tmp_path / "search_comments.jsonl", load(realdata, COMMENTS))
    results = ingest_paths(engine, [path, comments])
    assert {r.format: r.new for r in results} == {
        "mediacrawler.notes.csv": 388, "mediacrawler.comments.jsonl": 1735}


def test_gb18030_resaved_csv(engine: Engine, realdata: Path, tmp_path: Path) -> None:
    raw = load(realdata, COMMENTS)[:50]
    path = tmp_path / "comments_gbk.csv"
    with path.open("w", encoding="gb18030", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["feature", *raw[0].keys()])
        writer.writeheader()
        for rec in raw:
            writer.writerow({"feature": "x", **rec, "like_count": "1.5万"})
    [result] = ingest_paths(engine, [path])
    assert result.status == "imported", result.errors
    table = models.Comment.__table__
    with engine.connect() as conn:
        likes = set(conn.scalars(select(table.c.likes)))
    assert likes == {15000}


def test_sqlite_database_and_excel_containers(engine: Engine, realdata: Path, tmp_path: Path) -> None:
    """MediaCrawler's SQLite option (tables xhs_note, xhs_note_comment; JSON-encoded list fields,
    integer counts in some columns) and its Excel option (sheets Contents, Comments)."""
    import sqlite3

    import xlsxwriter

    notes, comments = load(realdata, NOTES)[:120], load(realdata, COMMENTS)[:300]
    db = tmp_path / "sqlite_tables.db"
    conn = sqlite3.connect(db)
    for table, rows in (("xhs_note", notes), ("xhs_note_comment", comments)):
        cols = ["id", *rows[0].keys(), "add_ts"]
        conn.execute(f"CREATE TABLE {table} ({', '.join(cols)})")
        for i, rec in enumerate(rows, 1):
            values = [i, *(json.dumps(v, ensure_ascii=False) if k in ("tag_list", "image_list") else v
                           for k, v in rec.items()), rec["last_modify_ts"]]
            conn.execute(f"INSERT INTO {table} VALUES ({', '.join('?' * len(cols))})", values)
    conn.execute("CREATE TABLE douyin_aweme (aweme_id TEXT, title TEXT, liked_count TEXT)")
    conn.commit()
    conn.close()
    [result] = ingest_paths(engine, [db])
    assert result.status == "imported", result.errors
    assert result.entities["note"]["new"] == len({n["note_id"] for n in notes})
    assert result.entities["comment"]["new"] == len({c["comment_id"] for c in comments})
    tagged = next(n for n in notes if n["tag_list"])
    with engine.connect() as c:
        tags = c.execute(select(models.Note.__table__.c.tags).where(
            models.Note.__table__.c.note_key == tagged["note_id"])).scalar_one()
    assert tags == tagged["tag_list"].split(",")

    book = tmp_path / "xhs_search_20250905_120000.xlsx"
    wb = xlsxwriter.Workbook(str(book), {"strings_to_urls": False})
    for sheet, rows in (("Contents", load(realdata, NOTES)), ("Comments", comments)):
        ws = wb.add_worksheet(sheet)
        ws.write_row(0, 0, list(rows[0].keys()))
        for r, rec in enumerate(rows, 1):
            ws.write_row(r, 0, [str(v) for v in rec.values()])
    wb.close()
    [result] = ingest_paths(engine, [book])
    assert result.status == "imported", result.errors
    assert result.entities["note"]["new"] == 388 - len({n["note_id"] for n in notes})
    assert stored_counts(engine)["notes"] == 388
