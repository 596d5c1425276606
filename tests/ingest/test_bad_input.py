"""Bad input: every rejected file names its row or byte position and its field, stores nothing,
and never stops the other files; through ``ingest_paths`` and through the CLI (``--json``)."""

from __future__ import annotations

import codecs
import csv
import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, select
from typer.testing import CliRunner

from redfunnel.cli import app
from redfunnel.ingest.pipeline import FileResult, ingest_paths
from redfunnel.ingest.readers import SAMPLE_BYTES
from redfunnel.store import models, open_store
from redfunnel.store.stats import stored_counts

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOTES = "search_contents_2025-09-05.json"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
    b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


# ---------------------------------------------------------------- helpers


def inbox(tmp_path: Path, name: str = "in") -> Path:
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    return folder


def only(results: list[FileResult]) -> FileResult:
    assert len(results) == 1, [r.file for r in results]
    return results[0]


def rejected(engine: Engine, path: Path, **kw: Any) -> dict[str, Any]:
    """Ingest one file that must be rejected; returns its single error."""
    result = only(ingest_paths(engine, [path], **kw))
    assert result.status == "rejected" and result.rejected, result
    assert (result.new, result.updated) == (0, 0)
    [error] = result.errors
    assert error["file"] == str(path)
    return error


def distinct_notes(realdata: Path, n: int) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for rec in json.loads((realdata / NOTES).read_text(encoding="utf-8")):
        seen.setdefault(rec["note_id"], rec)
        if len(seen) == n:
            break
    return list(seen.values())


def jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def truncated_json(realdata: Path, dst: Path, mid_character: bool = False) -> tuple[Path, int]:
    """The real notes JSON cut in the middle (optionally inside a multi-byte character)."""
    raw = (realdata / NOTES).read_bytes()
    cut = len(raw) // 2
    if mid_character:
        while raw[cut] < 0x80:  # move to the first byte of a Chinese character, then one byte on
            cut += 1
        cut += 1
    dst.write_bytes(raw[:cut])
    return dst, cut


def good_folder(realdata: Path, folder: Path) -> int:
    """Good files beside the bad ones: 5 real notes as JSONL and the example account registry."""
    notes = distinct_notes(realdata, 5)
    (folder / "good_notes.jsonl").write_text(jsonl(notes), encoding="utf-8")
    shutil.copy(EXAMPLES / "accounts.csv", folder / "accounts.csv")
    return len(notes)


def counts(engine: Engine) -> dict[str, int]:
    return stored_counts(engine)


def nothing_stored(engine: Engine) -> bool:
    c = counts(engine)
    return all(
        c[k] == 0
        for k in (
            "accounts",
            "notes",
            "note_snapshots",
            "comments",
            "messages",
            "conversions",
            "spend_rows",
            "campaigns",
            "faq_entries",
            "export_rows",
            "account_snapshots",
        )
    )


def line_of(raw: bytes, position: int) -> int:
    return raw[:position].count(b"\n") + 1


def run_cli(home: Path, *args: str) -> Any:
    runner = CliRunner(env={"REDFUNNEL_DATABASE_URL": None, "REDFUNNEL_HOME": None})
    return runner.invoke(app, ["--home", str(home), "ingest", *args, "--json"])


# ---------------------------------------------------------------- truncated JSON


def test_truncated_json_beside_good_files(engine: Engine, realdata: Path, tmp_path: Path) -> None:
    folder = inbox(tmp_path)
    n_good = good_folder(realdata, folder)
    bad, cut = truncated_json(realdata, folder / "search_contents_2025-09-05.json")
    results = {Path(r.file).name: r for r in ingest_paths(engine, [folder])}
    assert {k: r.status for k, r in results.items()} == {
        "accounts.csv": "imported",
        "good_notes.jsonl": "imported",
        "search_contents_2025-09-05.json": "rejected",
    }
    assert results["good_notes.jsonl"].new == n_good
    [error] = results[bad.name].errors
    position = error["position"]
    assert isinstance(position, int) and 0 < position <= cut
    raw = bad.read_bytes()
    assert f"第 {line_of(raw, position)} 行" in error["text"]  # the line of that byte is named
    assert f"第 {position} 字节" in error["text"]
    c = counts(engine)
    assert c["notes"] == n_good  # nothing from the truncated file (it holds 388 notes)
    assert c["note_snapshots"] == n_good
    assert c["accounts"] == 4 + len({r["user_id"] for r in distinct_notes(realdata, n_good)})


def json_failure(raw: bytes) -> tuple[int, int]:
    """Oracle: the byte offset and line at which Python's JSON parser gives up on ``raw``."""
    bom = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    text = raw[bom:].decode("utf-8")
    with pytest.raises(json.JSONDecodeError) as info:
        json.loads(text)
    return bom + len(text[: info.value.pos].encode("utf-8")), info.value.lineno


@pytest.mark.parametrize("bom", [False, True], ids=["no-bom", "bom"])
def test_truncated_json_position_is_the_exact_byte(
    sqlite_engine: Engine, realdata: Path, tmp_path: Path, bom: bool
) -> None:
    bad, _ = truncated_json(realdata, inbox(tmp_path) / "t.json")
    if bom:
        bad.write_bytes(codecs.BOM_UTF8 + bad.read_bytes())
    expected_pos, expected_line = json_failure(bad.read_bytes())
    error = rejected(sqlite_engine, bad)
    assert error["position"] == expected_pos
    assert f"第 {expected_line} 行" in error["text"]


def test_truncated_json_error_row_is_the_line(
    sqlite_engine: Engine, realdata: Path, tmp_path: Path
) -> None:
    """``row`` of the structured error (what --json prints) holds the line of the failure."""
    bad, _ = truncated_json(realdata, inbox(tmp_path) / "t.json")
    _, expected_line = json_failure(bad.read_bytes())
    error = rejected(sqlite_engine, bad)
    assert error["row"] == expected_line


def test_truncated_json_inside_a_character(
    sqlite_engine: Engine, realdata: Path, tmp_path: Path
) -> None:
    bad, cut = truncated_json(realdata, inbox(tmp_path) / "t.json", mid_character=True)
    error = rejected(sqlite_engine, bad)
    assert isinstance(error["position"], int) and 0 < error["position"] <= cut
    assert nothing_stored(sqlite_engine)


def test_cli_truncated_json_beside_good_files(realdata: Path, tmp_path: Path) -> None:
    folder = inbox(tmp_path)
    n_good = good_folder(realdata, folder)
    bad, cut = truncated_json(realdata, folder / "search_contents_2025-09-05.json")
    (folder / "README.txt").write_text("MediaCrawler data\n", encoding="utf-8")
    home = tmp_path / "home"
    result = run_cli(home, str(folder))
    assert result.exit_code != 0
    doc = json.loads(result.stdout)  # exactly one JSON document, nothing else on stdout
    assert isinstance(doc, dict)
    files = {Path(f["file"]).name: f for f in doc["files"]}
    assert set(files) == {"accounts.csv", "good_notes.jsonl", bad.name}
    assert files["good_notes.jsonl"]["status"] == "imported"
    assert files["good_notes.jsonl"]["new"] == n_good
    assert files["accounts.csv"]["status"] == "imported"
    assert files[bad.name]["status"] == "rejected" and files[bad.name]["rejected"] is True
    [error] = files[bad.name]["errors"]
    assert 0 < error["position"] <= cut
    assert doc["summary"]["files"] == 3 and doc["summary"]["rejected"] == 1
    eng = create_engine(f"sqlite:///{home / 'redfunnel.db'}")
    try:
        assert counts(eng)["notes"] == n_good
    finally:
        eng.dispose()


def test_cli_exit_code_zero_when_nothing_is_rejected(tmp_path: Path) -> None:
    folder = inbox(tmp_path)
    shutil.copy(EXAMPLES / "faq.csv", folder / "faq.csv")
    (folder / "logo.png").write_bytes(PNG)
    result = run_cli(tmp_path / "home", str(folder))
    assert result.exit_code == 0, result.stdout
    doc = json.loads(result.stdout)
    assert doc["summary"] == {"files": 1, "rejected": 0, "new": 4, "updated": 0, "unchanged": 0}


def test_cli_reports_every_kind_of_bad_file(realdata: Path, tmp_path: Path) -> None:
    folder = inbox(tmp_path)
    truncated_json(realdata, folder / "a_truncated.json")
    notes = distinct_notes(realdata, 3)
    (folder / "b_cut.jsonl").write_text(jsonl(notes)[:-30], encoding="utf-8")
    (folder / "c_utf16.csv").write_text(
        (EXAMPLES / "accounts.csv").read_text(encoding="utf-8"), encoding="utf-16"
    )
    (folder / "d_missing.csv").write_text(
        "conversion_id,tracking_code,product,time\nA,RF,wealth,2026-11-01\n", encoding="utf-8"
    )
    (folder / "e_date.csv").write_text(
        "conversion_id,tracking_code,stage,product,time\n"
        "A,RF,click,wealth,2026-11-01\nB,RF,lead,wealth,2026-02-30 10:00\n",
        encoding="utf-8",
    )
    result = run_cli(tmp_path / "home", str(folder))
    assert result.exit_code != 0
    doc = json.loads(result.stdout)
    errors = {Path(f["file"]).name: f["errors"][0] for f in doc["files"]}
    assert all(f["status"] == "rejected" for f in doc["files"])
    assert errors["a_truncated.json"]["position"] > 0
    assert (errors["b_cut.jsonl"]["row"], errors["b_cut.jsonl"]["position"] is not None) == (
        3,
        True,
    )
    assert errors["c_utf16.csv"]["position"] == 0
    assert (errors["d_missing.csv"]["row"], errors["d_missing.csv"]["field"]) == (1, "stage")
    assert (errors["e_date.csv"]["row"], errors["e_date.csv"]["field"]) == (3, "time")
    assert doc["summary"] == {"files": 5, "rejected": 5, "new": 0, "updated": 0, "unchanged": 0}


# ---------------------------------------------------------------- truncated JSONL


def test_truncated_jsonl_is_all_or_nothing(engine: Engine, realdata: Path, tmp_path: Path) -> None:
    notes = distinct_notes(realdata, 6)
    text = jsonl(notes)
    raw = text.encode("utf-8")
    line6_start = raw.rstrip(b"\n").rindex(b"\n") + 1
    path = inbox(tmp_path) / "search_contents.jsonl"
    path.write_bytes(raw[: len(raw) - 25])  # the last line is cut
    # batch_size=2: lines 1-5 are written to the database before line 6 fails
    error = rejected(engine, path, batch_size=2)
    assert error["row"] == 6
    assert "第 6 行" in error["text"]
    assert line6_start <= error["position"] <= len(raw) - 25
    assert nothing_stored(engine)


def test_jsonl_bad_line_in_the_middle(
    sqlite_engine: Engine, realdata: Path, tmp_path: Path
) -> None:
    notes = distinct_notes(realdata, 4)
    lines = [line + "\n" for line in jsonl(notes).split("\n")[:-1]]  # not splitlines: U+2028 occurs
    lines[2] = "{not json}\n"
    path = inbox(tmp_path) / "n.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    error = rejected(sqlite_engine, path, batch_size=1)
    assert error["row"] == 3
    assert error["position"] == len("".join(lines[:2]).encode("utf-8")) + 1  # the 'n' after '{'
    assert nothing_stored(sqlite_engine)


# ---------------------------------------------------------------- columns and values


@pytest.mark.parametrize(
    ("header", "row", "field"),
    [
        ("conversion_id,tracking_code,product,time", "A,RF,wealth,2026-11-01", "stage"),
        ("转化ID,追踪码,阶段,产品", "A,RF,点击,wealth", "time"),
        ("account,platform,institution", "招商银行,xhs,招行", "role"),
        ("campaign_id,channel,period_start,amount", "CMP,xhs,2026-11-01,100", "period_end"),
        ("question,answer,status", "问,答,draft", "id"),
        (
            "conversation_id,account,platform,sender,time",
            "T,招商银行,xhs,customer,2026-11-01",
            "text",
        ),
    ],
)
def test_missing_required_column_is_named(
    sqlite_engine: Engine, tmp_path: Path, header: str, row: str, field: str
) -> None:
    path = inbox(tmp_path) / "x.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    error = rejected(sqlite_engine, path)
    assert error["field"] == field
    assert error["row"] == 1
    assert field in error["text"]
    assert nothing_stored(sqlite_engine)


def test_unparseable_date_names_row_3_and_time(engine: Engine, tmp_path: Path) -> None:
    path = inbox(tmp_path) / "conversions.csv"
    path.write_text(
        "conversion_id,tracking_code,stage,product,value,time,channel\n"
        "C-1,RF-1,click,credit_card,,2026-11-02 10:15:00,xhs\n"
        "C-2,RF-1,lead,credit_card,,下周一上午,xhs\n"
        "C-3,RF-1,approved,credit_card,300,2026-11-04 16:02:00,xhs\n",
        encoding="utf-8",
    )
    error = rejected(engine, path, batch_size=1)
    assert (error["row"], error["field"]) == (3, "time")
    assert "下周一上午" in error["message"]
    assert counts(engine)["conversions"] == 0


@pytest.mark.parametrize("container", ["jsonl", "csv"])
def test_bad_count_names_row_and_field(
    sqlite_engine: Engine, realdata: Path, tmp_path: Path, container: str
) -> None:
    notes = distinct_notes(realdata, 3)
    notes[1]["liked_count"] = "abc"
    path = inbox(tmp_path) / f"notes.{container}"
    if container == "jsonl":
        path.write_text(jsonl(notes), encoding="utf-8")
        expected_row = 2  # line 2
    else:
        for rec in notes:  # one physical line per record, so line and record numbers agree
            rec["desc"] = rec["desc"].replace("\r", " ").replace("\n", " ")
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(notes[0]))
            writer.writeheader()
            writer.writerows(notes)
        expected_row = 3  # header on line 1, the bad record on line 3
    error = rejected(sqlite_engine, path)
    assert error["field"] == "liked_count"
    assert error["row"] == expected_row
    assert "abc" in error["message"]
    assert nothing_stored(sqlite_engine)


# ---------------------------------------------------------------- encodings


def test_utf16_file_rejected_with_position(sqlite_engine: Engine, tmp_path: Path) -> None:
    path = inbox(tmp_path) / "accounts.csv"
    path.write_text((EXAMPLES / "accounts.csv").read_text(encoding="utf-8"), encoding="utf-16")
    error = rejected(sqlite_engine, path)
    assert error["position"] == 0
    assert "UTF-16" in error["message"]
    assert nothing_stored(sqlite_engine)


@pytest.mark.parametrize("seed", [1, 7, 2024])
def test_binary_bytes_named_csv_rejected_with_position(
    sqlite_engine: Engine, tmp_path: Path, seed: int
) -> None:
    raw = random.Random(seed).randbytes(4096)
    path = inbox(tmp_path) / "data.csv"
    path.write_bytes(raw)
    error = rejected(sqlite_engine, path)
    position = error["position"]
    assert isinstance(position, int) and 0 <= position < len(raw)

    def decodes(encoding: str) -> bool:
        try:
            raw[:position].decode(encoding)
        except UnicodeDecodeError:
            return False
        return True

    # the bytes before the named position are readable text: decoding broke exactly there
    assert decodes("utf-8") or decodes("gb18030")
    assert nothing_stored(sqlite_engine)


def big_conversions(rows: int) -> list[str]:
    lines = ["conversion_id,tracking_code,stage,product,value,time,channel"]
    lines += [
        f"C-{i:05d},RF-XHS-7K2M9Q,click,credit_card,,2026-11-02 10:15:00,xhs" for i in range(rows)
    ]
    return lines


def test_encoding_error_beyond_the_detection_sample(sqlite_engine: Engine, tmp_path: Path) -> None:
    """A broken byte far into a UTF-8 file: the exact byte and its true line are named."""
    lines = big_conversions(3000)
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    bad_line = 2500
    start = sum(len(line) + 1 for line in lines[: bad_line - 1])
    bad_at = start + len(lines[bad_line - 1]) - 3  # inside the channel value 'xhs'
    raw = raw[:bad_at] + b"\xff" + raw[bad_at + 1 :]
    assert bad_at > SAMPLE_BYTES
    path = inbox(tmp_path) / "conversions.csv"
    path.write_bytes(raw)
    error = rejected(sqlite_engine, path, batch_size=100)
    assert error["position"] == bad_at
    assert error["row"] == bad_line
    assert nothing_stored(sqlite_engine)


def test_gb18030_file_whose_first_bytes_are_ascii(sqlite_engine: Engine, tmp_path: Path) -> None:
    """A GBK (Excel) re-save whose first 64 KiB are ASCII is GB18030, not broken UTF-8."""
    lines = big_conversions(1500)
    lines.append("C-99999,RF-WX-3H8P1D,留资,consumer_loan,,2026-11-05 09:00:00,微信")
    raw = ("\n".join(lines) + "\n").encode("gb18030")
    assert raw.index("留资".encode("gb18030")) > SAMPLE_BYTES
    path = inbox(tmp_path) / "conversions.csv"
    path.write_bytes(raw)
    result = only(ingest_paths(sqlite_engine, [path]))
    assert result.status == "imported", result.errors
    assert result.new == 1501
    conv = models.Conversion.__table__
    with sqlite_engine.connect() as conn:
        row = conn.execute(
            select(conv.c.stage, conv.c.channel).where(conv.c.conversion_key == "C-99999")
        ).one()
    assert tuple(row) == ("lead", "微信")


# ---------------------------------------------------------------- empty and unrelated files


@pytest.mark.parametrize("content", [b"", b"\n\n  \r\n"])
def test_empty_file_rejected(sqlite_engine: Engine, tmp_path: Path, content: bytes) -> None:
    path = inbox(tmp_path) / "conversions.csv"
    path.write_bytes(content)
    error = rejected(sqlite_engine, path)
    assert "空" in error["message"]
    table = models.ImportFile.__table__
    with sqlite_engine.connect() as conn:
        [row] = conn.execute(select(table)).mappings().all()
    assert (row["path"], row["status"], row["size"]) == (str(path), "rejected", len(content))


def test_folder_walk_skips_unrelated_files_but_explicit_unknown_csv_is_rejected(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    folder = inbox(tmp_path)
    (folder / "README.txt").write_text("导出说明\n", encoding="utf-8")
    (folder / "logo.png").write_bytes(PNG)
    (folder / ".~lock.accounts.csv#").write_text("lock", encoding="utf-8")
    unknown = folder / "weekly_report.csv"
    unknown.write_text("week,owner,comment\n47,张三,ok\n", encoding="utf-8")
    shutil.copy(EXAMPLES / "accounts.csv", folder / "accounts.csv")
    results = {Path(r.file).name: r for r in ingest_paths(sqlite_engine, [folder])}
    assert set(results) == {"accounts.csv", "weekly_report.csv"}  # README and PNG never show up
    assert results["accounts.csv"].status == "imported"
    assert results["weekly_report.csv"].status == "skipped"
    assert not results["weekly_report.csv"].rejected and not results["weekly_report.csv"].errors
    table = models.ImportFile.__table__
    with sqlite_engine.connect() as conn:
        assert [r.status for r in conn.execute(select(table))] == ["imported"]
    # named explicitly, the same unrecognised CSV is an error
    error = rejected(sqlite_engine, unknown)
    assert "无法识别" in error["message"]


def test_a_workspace_database_in_the_folder_is_skipped_not_read(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    folder = inbox(tmp_path)
    shutil.copy(EXAMPLES / "accounts.csv", folder / "accounts.csv")
    other = open_store(f"sqlite:///{folder / 'redfunnel.db'}")  # a copied workspace beside the data
    ingest_paths(other, [EXAMPLES / "accounts.csv"])
    other.dispose()
    results = {Path(r.file).name: r for r in ingest_paths(sqlite_engine, [folder])}
    assert results["accounts.csv"].status == "imported"
    assert results["redfunnel.db"].status == "skipped" and not results["redfunnel.db"].rejected
    error = rejected(sqlite_engine, folder / "redfunnel.db")
    assert "工作区的数据库" in error["message"]


def test_explicit_png_is_rejected(sqlite_engine: Engine, tmp_path: Path) -> None:
    path = inbox(tmp_path) / "logo.png"
    path.write_bytes(PNG)
    error = rejected(sqlite_engine, path)
    assert error["message"]


# ---------------------------------------------------------------- provenance of outcomes


def test_import_file_and_audit_event_per_file(
    engine: Engine, realdata: Path, tmp_path: Path
) -> None:
    folder = inbox(tmp_path)
    good_folder(realdata, folder)
    truncated_json(realdata, folder / "truncated.json")
    (folder / "utf16.csv").write_text("a,b,c\n1,2,3\n", encoding="utf-16")
    (folder / "date.csv").write_text(
        "conversion_id,tracking_code,stage,product,time\n"
        "A,RF,click,wealth,2026-11-01\nB,RF,lead,wealth,昨天\n",
        encoding="utf-8",
    )
    results = {r.file: r for r in ingest_paths(engine, [folder], actor="tester")}
    assert len(results) == 5
    imports, audit = models.ImportFile.__table__, models.AuditEvent.__table__
    with engine.connect() as conn:
        files = {r["path"]: dict(r) for r in conn.execute(select(imports)).mappings()}
        events = [dict(r) for r in conn.execute(select(audit).order_by(audit.c.id)).mappings()]
    assert set(files) == set(results)
    for path, result in results.items():
        row = files[path]
        assert row["status"] == result.status
        assert row["sha256"] and row["size"] == Path(path).stat().st_size
        assert row["finished_at"] is not None
        if result.rejected:
            assert row["detail"]["errors"] == result.errors
            assert (row["new"], row["updated"]) == (0, 0)
        else:
            assert row["new"] == result.new
    rejected_names = {Path(p).name for p, r in results.items() if r.rejected}
    assert rejected_names == {"truncated.json", "utf16.csv", "date.csv"}
    date_error = files[str(folder / "date.csv")]["detail"]["errors"][0]
    assert (date_error["row"], date_error["field"]) == (3, "time")
    # one audit event per file, pointing at its import_file row, with the right action
    by_entity = {e["entity_id"]: e for e in events if e["entity"] == "import_file"}
    assert len([e for e in events if e["entity"] == "import_file"]) == len(files)
    for row in files.values():
        event = by_entity[str(row["id"])]
        assert event["action"] == (
            "ingest.rejected" if row["status"] == "rejected" else "ingest.file"
        )
        assert event["actor"] == "tester"
        assert event["detail"]["path"] == row["path"]
