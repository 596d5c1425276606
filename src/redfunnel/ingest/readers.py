"""Opening a file as a container of record streams, with positions for error messages.

Detection looks at bytes, never at the file name: SQLite and xlsx by their magic bytes, JSON by
its first character, everything else is tried as CSV. Each container has one or more parts (an
xlsx sheet, a database table, or the file itself) that yield ``(row_number, record)`` pairs
lazily, so JSONL and CSV are streamed and memory stays flat however large the file is.
"""

from __future__ import annotations

import codecs
import csv
import json
import sqlite3
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redfunnel.ingest.errors import IngestError

Record = dict[str, Any]
RowStream = Iterator[tuple[int, Record]]

SQLITE_MAGIC = b"SQLite format 3\x00"
ZIP_MAGIC = b"PK\x03\x04"
SAMPLE_BYTES = 65536
# A redfunnel workspace database (e.g. a copied .demo folder) lies beside data files now and then;
# it is recognised by these tables and never read as crawler output.
STORE_MARKER_TABLES = {"alembic_version", "import_file", "audit_event"}
DATA_SUFFIXES = {".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".xlsx", ".xlsm",
                 ".db", ".sqlite", ".sqlite3"}


@dataclass
class Part:
    """One stream of records inside a file: its name, its columns and a way to read the rows."""

    name: str
    columns: tuple[str, ...]
    rows: Callable[[], RowStream]
    unit: str = "行"
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Container:
    """A file opened for reading: its container kind, text encoding and parts."""

    kind: str
    parts: list[Part]
    encoding: str | None = None


def open_container(path: Path) -> Container:
    """Open ``path`` by its content; raises IngestError when it is no readable data file."""
    name = str(path)
    with path.open("rb") as fh:
        head = fh.read(SAMPLE_BYTES)
    if not head.strip():
        raise IngestError(name, "文件为空")
    if head.startswith(SQLITE_MAGIC):
        return _open_sqlite(path)
    if head.startswith(ZIP_MAGIC):
        return _open_xlsx(path)
    encoding = detect_encoding(name, head, complete=len(head) < SAMPLE_BYTES)
    if len(head) >= SAMPLE_BYTES and head.isascii():
        encoding = _whole_file_encoding(path)
    text_head = head.decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n")
    if text_head.startswith("["):
        return _open_json_document(path, encoding)
    if text_head.startswith("{"):
        first_line = text_head.split("\n", 1)[0].strip()
        try:
            json.loads(first_line)
        except json.JSONDecodeError:
            return _open_json_document(path, encoding)
        return _open_jsonl(path, encoding)
    return _open_csv(path, encoding, text_head)


def detect_encoding(name: str, head: bytes, complete: bool) -> str:
    """UTF-8 (BOM or not) or GB18030, judged on the first bytes; anything else is refused.

    Excel users re-save crawler CSVs in GBK, so GB18030 (a superset) is the only fallback.
    UTF-16 files and binary files are refused with the byte where decoding broke.
    """
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        raise IngestError(name, "不支持的文本编码 UTF-16，请另存为 UTF-8 或 GB18030", position=0)
    failures = []
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        try:
            decoder.decode(head, final=complete)
        except UnicodeDecodeError as exc:
            failures.append(exc.start)
            continue
        if "\x00" in head.decode(encoding, errors="ignore"):
            failures.append(head.index(b"\x00"))
            continue
        return encoding
    raise IngestError(
        name, "无法识别的文本编码（不是 UTF-8 也不是 GB18030）", position=max(failures)
    )


def _nbytes(text: str, encoding: str) -> int:
    """Byte length of ``text`` in the file's encoding, without a BOM."""
    return len(text.encode("utf-8" if encoding == "utf-8-sig" else encoding))


def _decode_failure(path: Path, encoding: str) -> int | None:
    """Absolute byte offset where ``encoding`` fails on the file, or None when it decodes."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = 0
    with path.open("rb") as fh:
        while True:
            chunk = fh.read(1 << 20)
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                return offset - pending + exc.start
            if not chunk:
                return None
            offset += len(chunk)


def _whole_file_encoding(path: Path) -> str:
    failures = []
    for encoding in ("utf-8-sig", "gb18030"):
        failed = _decode_failure(path, encoding)
        if failed is None:
            return encoding
        failures.append(failed)
    pos = max(failures)
    raise IngestError(str(path), "无法识别的文本编码（不是 UTF-8 也不是 GB18030）", row=_line_at(path, pos),
                      position=pos)


def _line_at(path: Path, pos: int) -> int:
    with path.open("rb") as fh:
        return fh.read(pos).count(b"\n") + 1


def _open_json_document(path: Path, encoding: str) -> Container:
    """A whole-file JSON document, as MediaCrawler's JSON writer produces (one array)."""
    name = str(path)
    raw = path.read_bytes()
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(name, f"文本编码错误（{encoding}）", position=exc.start) from exc
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        bom = len(codecs.BOM_UTF8) if encoding == "utf-8-sig" and raw.startswith(codecs.BOM_UTF8) else 0
        byte_pos = bom + _nbytes(text[: exc.pos], encoding)
        raise IngestError(
            name,
            f"JSON 不完整或格式错误（{exc.msg}，第 {exc.lineno} 行第 {exc.colno} 列）",
            row=exc.lineno, position=byte_pos,
        ) from exc
    if isinstance(doc, dict):
        lists = [v for v in doc.values() if isinstance(v, list)]
        if len(lists) != 1:
            raise IngestError(name, "不支持的 JSON 结构：需要记录数组")
        doc = lists[0]
    if not isinstance(doc, list):
        raise IngestError(name, "不支持的 JSON 结构：需要记录数组")
    records: list[Any] = doc

    def rows() -> RowStream:
        for i, rec in enumerate(records, 1):
            if not isinstance(rec, dict):
                raise IngestError(name, "记录不是 JSON 对象", row=i, unit="条记录")
            yield i, rec

    columns = tuple(records[0].keys()) if records and isinstance(records[0], dict) else ()
    return Container("json", [Part("", columns, rows, unit="条记录")], encoding)


def _open_jsonl(path: Path, encoding: str) -> Container:
    name = str(path)
    with path.open("rb") as fh:
        first = fh.readline()
    columns = tuple(json.loads(first.decode(encoding)).keys())

    def rows() -> RowStream:
        offset = 0
        with path.open("rb") as fh:
            for line_no, line in enumerate(fh, 1):
                start = offset
                offset += len(line)
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line.decode(encoding))
                except UnicodeDecodeError as exc:
                    raise IngestError(
                        name, f"文本编码错误（{encoding}）", row=line_no, position=start + exc.start
                    ) from exc
                except json.JSONDecodeError as exc:
                    raise IngestError(
                        name,
                        f"JSON 行不完整或格式错误（{exc.msg}）",
                        row=line_no,
                        position=start + (3 if line_no == 1 and line.startswith(codecs.BOM_UTF8) else 0)
                        + _nbytes(line.decode(encoding)[: exc.pos], encoding),
                    ) from exc
                if not isinstance(rec, dict):
                    raise IngestError(name, "该行不是 JSON 对象", row=line_no, position=start)
                yield line_no, rec

    return Container("jsonl", [Part("", columns, rows)], encoding)


def _open_csv(path: Path, encoding: str, text_head: str) -> Container:
    name = str(path)
    header_line = text_head.split("\n", 1)[0]
    delimiter = "\t" if header_line.count("\t") > header_line.count(",") else ","
    header = next(csv.reader([header_line], delimiter=delimiter), [])
    columns = tuple(c.strip().lstrip("\ufeff") for c in header)
    if len([c for c in columns if c]) < 2:
        raise IngestError(name, "无法识别的文件格式：既不是 JSON/JSONL，也不是带表头的 CSV", row=1)

    def rows() -> RowStream:
        with path.open("r", encoding=encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            try:
                next(reader)
                for values in reader:
                    if not any(v.strip() for v in values):
                        continue
                    if len(values) > len(columns):
                        raise IngestError(
                            name,
                            f"列数 {len(values)} 多于表头的 {len(columns)} 列",
                            row=reader.line_num,
                        )
                    yield reader.line_num, dict(zip(columns, values, strict=False))
            except UnicodeDecodeError as exc:
                pos = _decode_failure(path, encoding)
                line = None if pos is None else _line_at(path, pos)
                raise IngestError(
                    name, f"文本编码错误（{encoding}）：{exc.reason}", row=line, position=pos
                ) from exc
            except csv.Error as exc:
                raise IngestError(name, f"CSV 格式错误：{exc}", row=reader.line_num) from exc

    return Container("csv", [Part("", columns, rows)], encoding)


def _cell_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _open_xlsx(path: Path) -> Container:
    """Every sheet of a workbook whose header row can be found among its first ten rows.

    The header is the first row with at least three filled cells, which skips the preamble row
    (``最多导出…``) of the creator-centre export.
    """
    import openpyxl

    name = str(path)
    fh = path.open("rb")  # a handle, so openpyxl does not judge the file by its suffix
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken zips
        fh.close()
        raise IngestError(name, f"无法读取 Excel 文件：{exc}") from exc
    parts: list[Part] = []
    for ws in wb.worksheets:
        header_row = 0
        columns: tuple[str, ...] = ()
        preamble: list[str] = []
        for row_no, values in enumerate(ws.iter_rows(max_row=10, values_only=True), 1):
            cells = [_cell_text(v) for v in values]
            if sum(1 for c in cells if c) >= 3:
                header_row, columns = row_no, tuple(cells)
                break
            preamble.extend(c for c in cells if c)
        if not header_row:
            continue
        parts.append(
            Part(ws.title, columns, _xlsx_rows(path, ws.title, header_row, columns),
                 meta={"preamble": preamble, "created": wb.properties.created,
                       "modified": wb.properties.modified})
        )
    wb.close()
    fh.close()
    if not parts:
        raise IngestError(name, "Excel 文件中没有找到表头行")
    return Container("xlsx", parts)


def _xlsx_rows(path: Path, sheet: str, header_row: int, columns: tuple[str, ...]) -> Callable[[], RowStream]:
    import openpyxl

    def rows() -> RowStream:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fh = path.open("rb")
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        try:
            ws = wb[sheet]
            for row_no, values in enumerate(
                ws.iter_rows(min_row=header_row + 1, values_only=True), header_row + 1
            ):
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                    continue
                yield row_no, {c: v for c, v in zip(columns, values, strict=False) if c}
        finally:
            wb.close()
            fh.close()

    return rows


def _open_sqlite(path: Path) -> Container:
    name = str(path)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        if STORE_MARKER_TABLES <= set(tables):
            conn.close()
            raise IngestError(name, "无法识别的数据格式：这是 redfunnel 工作区的数据库，不是可导入的数据文件")
        parts = []
        for table in tables:
            cols = tuple(r[1] for r in conn.execute(f'PRAGMA table_info("{table}")'))
            parts.append(Part(table, cols, _sqlite_rows(path, table), unit="条记录"))
        conn.close()
    except sqlite3.DatabaseError as exc:
        raise IngestError(name, f"无法读取 SQLite 数据库：{exc}") from exc
    return Container("sqlite", parts)


def _sqlite_rows(path: Path, table: str) -> Callable[[], RowStream]:
    def rows() -> RowStream:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        try:
            for i, row in enumerate(conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid'), 1):
                yield i, dict(row)
        finally:
            conn.close()

    return rows


def walk(paths: list[Path]) -> Iterator[Path]:
    """Files to ingest: explicit files as given, folders recursively (data suffixes only, sorted)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in DATA_SUFFIXES and not child.name.startswith((".", "~$")):
                    yield child
        else:
            yield path


__all__ = ["Container", "Part", "Record", "RowStream", "open_container", "walk", "detect_encoding"]
