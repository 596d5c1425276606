"""Ingest: files in, canonical rows out, one transaction per file.

A file is detected, converted record by record and written in batches inside a single
transaction; any error rolls the whole file back, is recorded with its position, and the next
file goes on. Every outcome lands in ``import_file`` and in the audit trail.
"""

from __future__ import annotations

import getpass
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, update

from redfunnel.ingest.adapters import ADAPTERS
from redfunnel.ingest.adapters.base import Adapter, Context
from redfunnel.ingest.errors import FieldError, IngestError
from redfunnel.ingest.linking import (
    link_export_rows,
    link_messages,
    mark_brand_replies,
    resolve_accounts,
)
from redfunnel.ingest.readers import Container, Part, open_container, walk
from redfunnel.ingest.writer import Provenance, Tally, finish_file, write_batch
from redfunnel.store import models
from redfunnel.store.audit import append_event
from redfunnel.store.bulk import refresh_statistics
from redfunnel.store.models import ImportFile

Progress = Callable[[Path, int], None]

# The tables the linking statements after each file read; refreshed on PostgreSQL once a file
# has written enough rows for stale planner statistics to matter.
LINKED_TABLES = tuple(m.__table__ for m in (models.Account, models.Note, models.NoteSnapshot,
                                             models.Comment, models.Message, models.ExportRow))
ANALYZE_AFTER_ROWS = 20_000


@dataclass
class FileResult:
    """What happened to one file, as printed by ``redfunnel ingest --json``."""

    file: str
    format: str | None
    status: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: bool = False
    records: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    entities: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _plan(container: Container) -> list[tuple[Part, Adapter]]:
    plan = []
    for part in container.parts:
        for adapter in ADAPTERS:
            if adapter.accepts(part):
                plan.append((part, adapter))
                break
    return plan


def _captured_at(path: Path, container: Container) -> datetime:
    """When the data in the file was taken: an xlsx's creation time, else the file's mtime."""
    for part in container.parts:
        created = part.meta.get("created")
        if isinstance(created, datetime):
            return created if created.tzinfo else created.replace(tzinfo=UTC)
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(microsecond=0)


def ingest_paths(engine: Engine, paths: Iterable[Path], *, batch_size: int = 5000,
                 actor: str | None = None, on_progress: Progress | None = None) -> list[FileResult]:
    """Ingest every file under ``paths``; files inside folders that hold no known format are skipped."""
    actor = actor or whoami()
    results = []
    given = list(paths)
    explicit = {p.resolve() for p in given if p.is_file()}
    for path in walk(given):
        if not path.exists():
            results.append(FileResult(str(path), None, "rejected", rejected=True, errors=[
                IngestError(str(path), "文件不存在").to_dict()]))
            continue
        results.append(ingest_file(engine, path, batch_size=batch_size, actor=actor,
                                   skip_unknown=path.resolve() not in explicit,
                                   on_progress=on_progress))
    return results


def ingest_file(engine: Engine, path: Path, *, batch_size: int = 5000, actor: str = "system",
                skip_unknown: bool = False, on_progress: Progress | None = None) -> FileResult:
    """Import one file all-or-nothing and return its result."""
    name = str(path)
    started = datetime.now(UTC)
    sha, size = _sha256(path)
    try:
        container = open_container(path)
        plan = _plan(container)
        if not plan:
            raise IngestError(name, "无法识别的数据格式（列名与已知格式都不匹配，见 docs/data-contracts.md）")
    except IngestError as exc:
        if skip_unknown and "无法识别的数据格式" in exc.message:
            return FileResult(name, None, "skipped", warnings=[exc.describe()])
        return _reject(engine, path, sha, size, None, started, exc, actor)
    fmt = "+".join(sorted({f"{a.format}.{container.kind}" for _, a in plan}))
    with engine.begin() as conn:
        import_id = int(conn.execute(ImportFile.__table__.insert().values(
            path=name, sha256=sha, size=size, format=fmt, status="running", new=0, updated=0,
            unchanged=0, started_at=started)).inserted_primary_key[0])
    result = FileResult(name, fmt, "imported")
    try:
        with engine.begin() as conn:
            tally = _convert_all(conn, path, container, plan, import_id, started, batch_size,
                                 result, on_progress)
            if sum(sum(c.values()) for c in tally.by_entity.values()) >= ANALYZE_AFTER_ROWS:
                refresh_statistics(conn, LINKED_TABLES)
            resolve_accounts(conn)
            mark_brand_replies(conn)
            link_messages(conn)
            linked, waiting = link_export_rows(conn, started)
            primary = plan[0][1].entity
            counts = tally.by_entity.get(primary, {"new": 0, "updated": 0, "unchanged": 0})
            result.new, result.updated, result.unchanged = counts["new"], counts["updated"], counts["unchanged"]
            result.entities = tally.by_entity
            if any(a.entity == "export_row" for _, a in plan):
                result.notes.update(export_rows_linked=linked, export_rows_waiting=waiting)
            conn.execute(update(ImportFile.__table__).where(ImportFile.__table__.c.id == import_id).values(
                status="imported", new=result.new, updated=result.updated, unchanged=result.unchanged,
                detail={"entities": result.entities, "records": result.records, "notes": result.notes,
                        "warnings": result.warnings},
                finished_at=datetime.now(UTC)))
            append_event(conn, actor, "ingest.file", "import_file", str(import_id),
                         {"path": name, "sha256": sha, "format": fmt, "new": result.new,
                          "updated": result.updated, "unchanged": result.unchanged})
    except IngestError as exc:
        return _reject(engine, path, sha, size, fmt, started, exc, actor, import_id)
    except Exception as exc:  # a bug or a database failure must not stop the other files
        failure = IngestError(name, f"导入失败（{type(exc).__name__}: {exc}）".replace("\n", " ")[:500])
        return _reject(engine, path, sha, size, fmt, started, failure, actor, import_id)
    return result


def _convert_all(conn: Connection, path: Path, container: Container, plan: list[tuple[Part, Adapter]],
                 import_id: int, started: datetime, batch_size: int, result: FileResult,
                 on_progress: Progress | None) -> Tally:
    tally = Tally()
    captured = _captured_at(path, container)
    for part, adapter in plan:
        ctx = Context(path=path, import_id=import_id, imported_at=started, captured_at=captured, part=part)
        prov = Provenance(adapter.source_kind, import_id, started)
        adapter.prepare(part, ctx)
        buffers: dict[str, list[dict[str, Any]]] = {}
        pending = 0
        row_no = 0
        try:
            for row_no, rec in adapter.rows(part, ctx):
                for entity, values in adapter.convert(rec, ctx):
                    buffers.setdefault(entity, []).append(values)
                    pending += 1
                result.records += 1
                if pending >= batch_size:
                    _flush(conn, buffers, prov, tally)
                    pending = 0
                    if on_progress:
                        on_progress(path, result.records)
        except FieldError as exc:
            raise IngestError(str(path), exc.message, row=row_no, field=exc.field, unit=part.unit) from exc
        _flush(conn, buffers, prov, tally)
        finish_file(conn, tally)
        result.warnings.extend(ctx.warnings)
        for k, v in ctx.stats.items():
            result.notes[k] = result.notes.get(k, 0) + v
    if on_progress:
        on_progress(path, result.records)
    return tally


def _flush(conn: Connection, buffers: dict[str, list[dict[str, Any]]], prov: Provenance, tally: Tally) -> None:
    for entity in list(buffers):
        rows = buffers.pop(entity)
        if rows:
            write_batch(conn, entity, rows, prov, tally)


def _reject(engine: Engine, path: Path, sha: str, size: int, fmt: str | None, started: datetime,
            exc: IngestError, actor: str, import_id: int | None = None) -> FileResult:
    table = ImportFile.__table__
    error = exc.to_dict()
    with engine.begin() as conn:
        values = dict(path=str(path), sha256=sha, size=size, format=fmt, status="rejected", new=0,
                      updated=0, unchanged=0, detail={"errors": [error]}, started_at=started,
                      finished_at=datetime.now(UTC))
        if import_id is None:
            import_id = int(conn.execute(table.insert().values(**values)).inserted_primary_key[0])
        else:
            conn.execute(update(table).where(table.c.id == import_id).values(**values))
        append_event(conn, actor, "ingest.rejected", "import_file", str(import_id),
                     {"path": str(path), "sha256": sha, "error": error["text"]})
    return FileResult(str(path), fmt, "rejected", rejected=True, errors=[error])


def whoami() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user database entry in some containers
        return "system"
