"""The audit trail: append-only events, each hashing its predecessor so edits are detectable."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from redfunnel.store.models import AuditEvent

GENESIS = "0" * 64


def event_hash(prev_hash: str, at: datetime, actor: str, action: str, entity: str | None,
               entity_id: str | None, detail: dict[str, Any] | None) -> str:
    """SHA-256 over the previous hash and the event's canonical JSON."""
    body = json.dumps(
        {"at": at.astimezone(UTC).isoformat(), "actor": actor, "action": action, "entity": entity,
         "entity_id": entity_id, "detail": detail},
        ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str,
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def append_event(conn: Connection, actor: str, action: str, entity: str | None = None,
                 entity_id: str | None = None, detail: dict[str, Any] | None = None) -> str:
    """Append one event inside the caller's transaction and return its hash."""
    table = AuditEvent.__table__
    prev = conn.execute(select(table.c.hash).order_by(table.c.id.desc()).limit(1)).scalar()
    prev_hash = prev or GENESIS
    at = datetime.now(UTC).replace(microsecond=0)
    digest = event_hash(prev_hash, at, actor, action, entity, entity_id, detail)
    conn.execute(table.insert().values(at=at, actor=actor, action=action, entity=entity,
                                       entity_id=entity_id, detail=detail, prev_hash=prev_hash,
                                       hash=digest))
    return digest
