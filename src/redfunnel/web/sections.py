"""Report sections for the web pages: built on request, cached per store version.

A domain page shows the same ``Section`` the report writes (``reports.registry``), so the web and
the files never disagree. Building a section can take a second or more on a large store, so
results are cached under the *store version*: the newest audit event and import ids. Every state
change is audited, so any change to the data moves the version and the next request rebuilds; a
time limit bounds staleness caused by anything that slipped past the audit trail. One lock per
key keeps twenty concurrent users from building the same section twenty times.

A domain whose module is not installed yet yields a ``missing`` result (the page shows a notice);
a builder that fails yields ``error`` with the exception text, so one broken domain does not take
the whole app down.
"""

from __future__ import annotations

import dataclasses
import inspect
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, func, select

from redfunnel.access import Scope
from redfunnel.reports.model import Section
from redfunnel.reports.registry import SECTION_TITLES, section_builder
from redfunnel.store.models import AuditEvent, ImportFile

log = logging.getLogger(__name__)

SCOPE_SENSITIVE = frozenset({"inbox", "compliance"})
"""Sections about customer messages and drafts: never shown unscoped to a scoped user."""


@dataclass
class SectionResult:
    kind: str
    title: str
    status: str  # ok | missing | error | unscoped
    section: Section | None = None
    message: str | None = None
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return json_safe({"kind": self.kind, "title": self.title, "status": self.status,
                          "message": self.message,
                          "section": dataclasses.asdict(self.section) if self.section else None})


def json_safe(value: Any) -> Any:
    """Plain JSON values: NaN/inf become null, dates ISO strings, tuples lists, dataclasses dicts."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return json_safe(dataclasses.asdict(value))
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return json_safe(value.item())
    return value


def store_version(engine: Engine) -> tuple[int, int]:
    """Newest audit event and import ids: moves with every recorded change of the data.

    Logins and user administration are audited too but change no analysis, so they are skipped
    (a backward scan of the primary key that stops at the first other event).
    """
    a, f = AuditEvent.__table__, ImportFile.__table__
    with engine.connect() as conn:
        event = conn.execute(select(a.c.id).where(~a.c.action.like("auth.%"),
                                                  ~a.c.action.like("user.%"))
                             .order_by(a.c.id.desc()).limit(1)).scalar()
        return (event or 0, conn.execute(select(func.max(f.c.id))).scalar() or 0)


def _accepts(fn: Callable[..., Any], name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


class SectionCache:
    """Builds sections for a (kind, scope, options) key and keeps them per store version."""

    def __init__(self, engine: Engine, *, ttl: float = 600.0, now: datetime | None = None,
                 version_ttl: float = 1.0) -> None:
        self.engine = engine
        self.ttl = ttl
        self.now = now
        self.version_ttl = version_ttl
        self.max_entries = 2000
        self._results: dict[tuple[Any, ...], tuple[tuple[int, int], float, Any]] = {}
        self._locks: dict[tuple[Any, ...], threading.Lock] = {}
        self._guard = threading.Lock()
        self._version: tuple[float, tuple[int, int]] | None = None

    def version(self) -> tuple[int, int]:
        """The store version, re-read at most every ``version_ttl`` seconds."""
        cached = self._version
        if cached and time.monotonic() - cached[0] < self.version_ttl:
            return cached[1]
        v = store_version(self.engine)
        self._version = (time.monotonic(), v)
        return v

    def invalidate(self) -> None:
        """Forget the version so the next request re-reads it (after a change made by this app)."""
        self._version = None

    def get(self, kind: str, scope: Scope | None = None, **options: Any) -> SectionResult:
        scope = scope or Scope.everything()
        title = SECTION_TITLES.get(kind, kind)
        try:
            builder = section_builder(kind)
        except Exception as exc:  # the domain module fails to import: a bug to show, not hide
            log.exception("section %s failed to import", kind)
            return SectionResult(kind, title, "error", message=f"{type(exc).__name__}: {exc}")
        if builder is None:
            return SectionResult(kind, title, "missing", message="该功能模块尚未提供")
        scoped = _accepts(builder, "scope")
        if not scope.unrestricted and kind in SCOPE_SENSITIVE and not scoped:
            return SectionResult(kind, title, "unscoped",
                                 message="该部分暂不支持按账号范围显示，请使用下方列表")
        key_scope = None if (scope.unrestricted or not scoped) else tuple(sorted(scope.account_ids or ()))
        key = (kind, key_scope, tuple(sorted((k, repr(v)) for k, v in options.items())))
        version = self.version()
        hit = self._fresh(key, version)
        if hit:
            return hit
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            hit = self._fresh(key, version)
            if hit:
                return hit
            kwargs = dict(options)
            if scoped and not scope.unrestricted:
                kwargs["scope"] = scope
            if self.now is not None:
                kwargs["now"] = self.now
            started = time.perf_counter()
            try:
                section = builder(self.engine, **kwargs)
                result = SectionResult(kind, section.title or title, "ok", section)
            except Exception as exc:
                log.exception("section %s failed", kind)
                result = SectionResult(kind, title, "error", message=f"{type(exc).__name__}: {exc}")
            result.seconds = time.perf_counter() - started
            self._store(key, (version, time.monotonic(), result))
            return result

    def memo(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        """Any other expensive page value (e.g. a content plan), cached like the sections."""
        version = self.version()
        full = ("memo", *key)
        entry = self._results.get(full)
        if entry and entry[0] == version and time.monotonic() - entry[1] < self.ttl:
            return entry[2]
        with self._guard:
            lock = self._locks.setdefault(full, threading.Lock())
        with lock:
            entry = self._results.get(full)
            if entry and entry[0] == version and time.monotonic() - entry[1] < self.ttl:
                return entry[2]
            value = compute()
            self._store(full, (version, time.monotonic(), value))
            return value

    def _store(self, key: tuple[Any, ...], entry: tuple[tuple[int, int], float, Any]) -> None:
        if len(self._results) >= self.max_entries:  # e.g. many distinct searches: start over
            self._results.clear()
        self._results[key] = entry

    def _fresh(self, key: tuple[Any, ...], version: tuple[int, int]) -> SectionResult | None:
        entry = self._results.get(key)
        if entry and entry[0] == version and time.monotonic() - entry[1] < self.ttl:
            return entry[2]
        return None
