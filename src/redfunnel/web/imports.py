"""Data import from the browser: uploaded files are saved in the workspace and ingested in a
background thread through the normal pipeline (``ingest_paths``), while the page polls progress.

Each file is still all-or-nothing and audited by the pipeline under the uploading user's name;
the job only adds progress and per-file results for the page. A job's state is also written to
``job.json`` in its upload folder, so any server worker (``serve --workers N``) can report it and
it survives a restart; the ``import_file`` table keeps the results in any case.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Engine, select

from redfunnel.store.models import ImportFile

MAX_FILE_BYTES = 512 * 1024 * 1024
_UNSAFE = re.compile(r"[^\w.\-\u4e00-\u9fff()（）]+")


def safe_name(filename: str | None) -> str:
    """The base name of an upload with path parts and odd characters removed (never empty)."""
    base = Path((filename or "").replace("\\", "/")).name
    base = _UNSAFE.sub("_", base).strip("._") or "upload"
    return base[:120]


@dataclass
class ImportJob:
    id: str
    actor: str
    files: list[Path]
    started_at: datetime
    state: str = "running"  # running | done | failed
    current: str | None = None
    rows: int = 0
    done: int = 0
    results: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    finished_at: datetime | None = None
    folder: Path | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "actor": self.actor, "state": self.state,
                "files": [p.name for p in self.files], "current": self.current, "rows": self.rows,
                "done": self.done, "total": len(self.files), "results": self.results,
                "error": self.error, "started_at": self.started_at.isoformat(),
                "finished_at": self.finished_at.isoformat() if self.finished_at else None}


class ImportJobs:
    """Starts and tracks import jobs of one app instance."""

    def __init__(self, engine: Engine, upload_root: Path, batch_size: int = 5000,
                 on_change: Any = None) -> None:
        self.engine = engine
        self.upload_root = upload_root
        self.batch_size = batch_size
        self.on_change = on_change
        self._jobs: dict[str, ImportJob] = {}
        self._lock = threading.Lock()

    def save_uploads(self, uploads: list[tuple[str | None, BinaryIO]]) -> list[Path]:
        """Write uploaded files into a new folder of the workspace; refuses oversized files."""
        folder = self.upload_root / (datetime.now(UTC).strftime("%Y%m%d-%H%M%S-")
                                     + secrets.token_hex(3))
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for filename, stream in uploads:
            target = folder / safe_name(filename)
            n = 1
            while target.exists():
                target = folder / f"{n}-{safe_name(filename)}"
                n += 1
            size = 0
            with target.open("wb") as out:
                while chunk := stream.read(1 << 20):
                    size += len(chunk)
                    if size > MAX_FILE_BYTES:
                        raise ValueError(f"{safe_name(filename)}：文件超过 "
                                         f"{MAX_FILE_BYTES // (1024 * 1024)} MB 上限")
                    out.write(chunk)
            paths.append(target)
        return paths

    def start(self, paths: list[Path], actor: str, *, wait: bool = False) -> ImportJob:
        job = ImportJob(secrets.token_hex(8), actor, paths, datetime.now(UTC),
                        folder=paths[0].parent if paths else None)
        with self._lock:
            self._jobs[job.id] = job
        self._save(job)
        thread = threading.Thread(target=self._run, args=(job,), name=f"import-{job.id}",
                                  daemon=True)
        thread.start()
        if wait:
            thread.join()
        return job

    def get(self, job_id: str) -> ImportJob | dict[str, Any] | None:
        """The job: live in this process, else its saved state (another worker's or older)."""
        job = self._jobs.get(job_id)
        if job is not None:
            return job
        if not re.fullmatch(r"[0-9a-f]{16}", job_id or ""):
            return None
        for state in self.upload_root.glob(f"*/job-{job_id}.json"):
            return SavedJob(json.loads(state.read_text(encoding="utf-8")))
        return None

    def _save(self, job: ImportJob) -> None:
        if job.folder is None:
            return
        target = job.folder / f"job-{job.id}.json"
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(job.to_dict(), ensure_ascii=False, default=str), encoding="utf-8")
        tmp.replace(target)

    def recent(self) -> list[ImportJob]:
        return sorted(self._jobs.values(), key=lambda j: j.started_at, reverse=True)[:10]

    def _run(self, job: ImportJob) -> None:
        from redfunnel.ingest.pipeline import ingest_file

        try:
            for path in job.files:
                job.current, job.rows = path.name, 0

                last = [0.0]

                def progress(p: Path, rows: int) -> None:
                    job.rows = rows
                    if time.monotonic() - last[0] > 0.5:
                        last[0] = time.monotonic()
                        self._save(job)

                result = ingest_file(self.engine, path, batch_size=self.batch_size,
                                     actor=job.actor, on_progress=progress)
                row = result.to_dict()
                row["name"] = path.name
                job.results.append(row)
                job.done += 1
                self._save(job)
            job.state = "done"
        except Exception as exc:  # report it on the page instead of losing the thread silently
            job.state, job.error = "failed", f"{type(exc).__name__}: {exc}"
        finally:
            job.current = None
            job.finished_at = datetime.now(UTC)
            self._save(job)
            if self.on_change:
                self.on_change()


class SavedJob(dict):  # type: ignore[type-arg]
    """A job read back from ``job-<id>.json``: the same fields, as attributes for the template."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    def to_dict(self) -> dict[str, Any]:
        return dict(self)


def import_history(engine: Engine, limit: int = 50) -> list[dict[str, Any]]:
    """The newest imported files with status and counts."""
    t = ImportFile.__table__
    with engine.connect() as conn:
        rows = conn.execute(select(t.c.id, t.c.path, t.c.format, t.c.status, t.c.new, t.c.updated,
                                   t.c.unchanged, t.c.started_at, t.c.finished_at, t.c.detail)
                            .order_by(t.c.id.desc()).limit(limit)).all()
    out = []
    for r in rows:
        d = r._asdict()
        d["name"] = Path(r.path).name
        out.append(d)
    return out
