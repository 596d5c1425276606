"""Writing canonical records: dedupe by natural key, newest version wins, snapshots kept.

Each entity has a spec: its table, its natural key, and how a re-import is judged. ``upsert``
entities are looked up by key once per batch; a row is *new* when the key is unknown, *updated*
when a newer version changes any stored value, and *unchanged* otherwise. Missing values in a
newer version never erase stored ones (the 2026-07 crawler edition drops ``ip_location``; that is
not news that the location vanished). ``snapshot`` entities are insert-only: one row per key,
which is how count history accumulates. ``versioned`` entities (the FAQ) keep every text version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, select, update

from redfunnel.funnel.models import Touchpoint
from redfunnel.store import models
from redfunnel.store.bulk import insert_rows


@dataclass(frozen=True)
class Counts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class Tally:
    """Per-entity counts for one file, and the rows of small entities as this file left them.

    Every crawled note repeats its author; ``written`` remembers each account row already
    written by this file so that the thousands of repeats neither query nor rewrite it.
    """

    by_entity: dict[str, dict[str, int]] = field(default_factory=dict)
    written: dict[tuple[Any, ...], dict[str, Any]] = field(default_factory=dict)
    seen_later: set[tuple[Any, ...]] = field(default_factory=set)

    def add(self, entity: str, new: int = 0, updated: int = 0, unchanged: int = 0) -> None:
        slot = self.by_entity.setdefault(entity, {"new": 0, "updated": 0, "unchanged": 0})
        slot["new"] += new
        slot["updated"] += updated
        slot["unchanged"] += unchanged


Merge = Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]


def _already_written(spec: EntitySpec, tally: Tally, key: tuple[Any, ...], row: dict[str, Any]) -> bool:
    """Whether this file already wrote ``row``'s key with values the row would not change."""
    held = tally.written.get((spec.name, *key))
    if held is None or "id" not in held:
        return False
    for name, value in row.items():
        if value is not None and name != "last_seen_at" and held.get(name) != value:
            return False
    held_seen, seen = held.get("last_seen_at"), row.get("last_seen_at")
    if seen is not None and (held_seen is None or seen > held_seen):
        held["last_seen_at"] = seen
        tally.seen_later.add((spec.name, *key))
    return True


def finish_file(conn: Connection, tally: Tally) -> None:
    """Write the latest ``last_seen_at`` of remembered rows that only were seen again."""
    by_entity: dict[str, list[dict[str, Any]]] = {}
    for full_key in tally.seen_later:
        held = tally.written[full_key]
        by_entity.setdefault(full_key[0], []).append({"_id": held["id"], "seen": held["last_seen_at"]})
    for entity, rows in by_entity.items():
        table = SPECS[entity].table
        conn.execute(update(table).where(table.c.id == bindparam("_id"))
                     .values(last_seen_at=bindparam("seen")), rows)
    tally.seen_later.clear()


def _defaults(table: Table) -> dict[str, Any]:
    """Python-side column defaults (``False`` flags and the like) for executemany inserts."""
    out: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if default is not None and getattr(default, "is_scalar", False):
            out[column.name] = default.arg  # type: ignore[attr-defined]
        elif default is not None and getattr(default, "is_callable", False) and column.name == "aliases":
            out[column.name] = []
    return out


@dataclass(frozen=True)
class EntitySpec:
    name: str
    table: Table
    key: tuple[str, ...]
    lookup: str
    mode: str = "upsert"
    merge: Merge | None = None
    derived: tuple[str, ...] = ()
    remember: bool = False
    columns: tuple[str, ...] = field(init=False)
    data_columns: tuple[str, ...] = field(init=False)
    blank_row: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        skip = {"id", "row_hash", "last_seen_at", "source_kind", "source_file_id", "imported_at",
                *self.derived}
        columns = tuple(c.name for c in self.table.columns if c.name != "id")
        object.__setattr__(self, "columns", columns)
        # columns whose change makes an update; derived ones are recomputed after each import
        object.__setattr__(self, "data_columns", tuple(c for c in columns if c not in skip))
        object.__setattr__(self, "blank_row", {c: None for c in columns} | _defaults(self.table))


def row_hash(spec: EntitySpec, row: dict[str, Any]) -> str:
    """Digest of the stored values that matter, to tell an update from a re-import."""
    values = tuple(v.isoformat() if type(v) is datetime else v
                   for v in map(row.get, spec.data_columns))
    return hashlib.blake2b(repr(values).encode("utf-8"), digest_size=16).hexdigest()


def keep_stored(existing: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """Newer values win, but a value the newer version lacks keeps the stored one."""
    merged = dict(existing)
    for name, value in incoming.items():
        if value is not None:
            merged[name] = value
    return merged


def merge_note(existing: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """Like :func:`keep_stored`, and a note keeps every search keyword it was found under."""
    merged = keep_stored(existing, incoming)
    keywords = sorted(set(existing.get("source_keywords") or []) | set(incoming.get("source_keywords") or []))
    merged["source_keywords"] = keywords or None
    return merged


def merge_account(existing: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """Accounts keep a clear name over a masked one (``招***行``) from the teaching edition.

    A new declared institution or a new name sends the account back to matching, unless a user
    confirmed or rejected its institution.
    """
    merged = keep_stored(existing, incoming)
    old, new = existing.get("name"), incoming.get("name")
    if old and new and "***" in new and "***" not in old:
        merged["name"] = old
    declared_changed = incoming.get("declared_institution") not in (None, existing.get("declared_institution"))
    renamed = merged.get("name") != old and existing.get("match_status") in ("auto", "review", "none")
    if declared_changed or renamed:
        merged["match_status"] = "pending"
    return merged


def merge_message(existing: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """A DM keeps the account it was linked to; the file only names the account (``name:…``)."""
    merged = keep_stored(existing, incoming)
    if not str(existing.get("account_key", "")).startswith("name:"):
        merged["account_key"] = existing["account_key"]
    return merged


def _spec(name: str, model: type[models.Base], key: tuple[str, ...], lookup: str, **kw: Any) -> EntitySpec:
    table = model.__table__
    assert isinstance(table, Table)
    return EntitySpec(name, table, key, lookup, **kw)


SPECS: dict[str, EntitySpec] = {
    s.name: s
    for s in (
        _spec("account", models.Account, ("platform", "account_key"), "account_key", merge=merge_account,
              derived=("institution_id", "match_confidence", "match_status"), remember=True),
        _spec("account_snapshot", models.AccountSnapshot,
              ("platform", "account_key", "captured_at", "source_kind"), "account_key", mode="snapshot"),
        _spec("note", models.Note, ("platform", "note_key"), "note_key", merge=merge_note),
        _spec("note_snapshot", models.NoteSnapshot,
              ("platform", "note_key", "captured_at", "source_kind"), "note_key", mode="snapshot"),
        _spec("export_row", models.ExportRow, ("row_key",), "row_key", mode="snapshot"),
        _spec("comment", models.Comment, ("platform", "comment_key"), "comment_key",
              derived=("is_brand_reply",)),
        _spec("message", models.Message, ("platform", "message_key"), "message_key",
              merge=merge_message, derived=("account_key",)),
        _spec("conversion", models.Conversion, ("conversion_key",), "conversion_key"),
        _spec("campaign", models.Campaign, ("campaign_key",), "campaign_key"),
        _spec("spend", models.Spend, ("spend_key",), "spend_key"),
        _spec("faq_entry", models.FaqEntry, ("faq_key",), "faq_key", mode="versioned"),
        _spec("touchpoint", Touchpoint, ("touch_key",), "touch_key"),
    )
}


@dataclass
class Provenance:
    source_kind: str
    source_file_id: int
    imported_at: datetime

    def stamp(self) -> dict[str, Any]:
        return {"source_kind": self.source_kind, "source_file_id": self.source_file_id,
                "imported_at": self.imported_at}


def _key(spec: EntitySpec, row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row.get(k) for k in spec.key)


def _newest(spec: EntitySpec, rows: list[dict[str, Any]]) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Collapse a batch to one row per key: the latest ``last_seen_at`` wins, ties go to the later row."""
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    merge = spec.merge or keep_stored
    for row in rows:
        key = _key(spec, row)
        held = out.get(key)
        if held is None:
            out[key] = row
            continue
        held_seen, seen = held.get("last_seen_at"), row.get("last_seen_at")
        if held_seen is not None and seen is not None and seen < held_seen:
            out[key] = merge(row, held)
        else:
            out[key] = merge(held, row)
    return out


def _existing(conn: Connection, spec: EntitySpec, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], dict[str, Any]]:
    lookup_values = sorted({k[spec.key.index(spec.lookup)] for k in keys})
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    column = spec.table.c[spec.lookup]
    # Only the lookup column is filtered: every unique key leads with it, and a second condition
    # (platform, say) lets a planner with stale statistics pick another index that has it.
    if conn.dialect.name == "postgresql":
        # rows inserted earlier in this file's transaction are invisible to the planner's
        # statistics, so it would pick a sequential scan over a table it thinks is empty
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    for start in range(0, len(lookup_values), 900):
        chunk = lookup_values[start : start + 900]
        query = select(spec.table).where(column.in_(chunk))
        if spec.mode == "versioned":
            query = query.where(spec.table.c.is_current.is_(True))
        for row in conn.execute(query).mappings():
            found[tuple(row[k] for k in spec.key)] = dict(row)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL enable_seqscan = on")
    return found


def write_batch(
    conn: Connection, entity: str, rows: list[dict[str, Any]], prov: Provenance, tally: Tally
) -> None:
    """Write one batch of canonical rows of ``entity`` inside the caller's transaction."""
    spec = SPECS[entity]
    if "source_kind" in spec.key:
        rows = [{**row, "source_kind": prov.source_kind} for row in rows]
    incoming = _newest(spec, rows)
    if spec.remember:
        incoming = {k: r for k, r in incoming.items() if not _already_written(spec, tally, k, r)}
    existing = _existing(conn, spec, list(incoming))
    stamp = prov.stamp()
    columns = spec.columns
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    new = changed = same = 0
    merge = spec.merge or keep_stored
    for key, row in incoming.items():
        old = existing.get(key)
        if spec.mode == "snapshot":
            if old is None:
                inserts.append({**spec.blank_row, **row, **stamp})
                new += 1
            else:
                same += 1
            continue
        if spec.mode == "versioned":
            n, u, s = _versioned(spec, row, old, stamp, columns, inserts, updates)
            new, changed, same = new + n, changed + u, same + s
            continue
        if old is None:
            full = {**spec.blank_row, **row, **stamp}
            full["row_hash"] = row_hash(spec, full)
            inserts.append(full)
            new += 1
            continue
        seen_in_this_file = old.get("source_file_id") == prov.source_file_id
        old_seen, seen = old.get("last_seen_at"), row.get("last_seen_at")
        if old_seen is not None and seen is not None and seen < old_seen:
            same += 0 if seen_in_this_file else 1
            continue
        merged = merge(old, row)
        digest = row_hash(spec, merged)
        if digest == old["row_hash"]:
            if seen is not None and (old_seen is None or seen > old_seen):
                updates.append({**merged, "row_hash": digest, "_id": old["id"]})
            same += 0 if seen_in_this_file else 1
            continue
        updates.append({**merged, **stamp, "row_hash": digest, "_id": old["id"]})
        changed += 0 if seen_in_this_file else 1
    insert_rows(conn, spec.table, columns, inserts)
    if spec.remember:
        for row in (*existing.values(), *updates):
            if "_id" in row:
                row = {**row, "id": row["_id"]}
            tally.written[(spec.name, *(row[k] for k in spec.key))] = row
    if updates:
        values = {c: bindparam(c) for c in columns}
        conn.execute(
            update(spec.table).where(spec.table.c.id == bindparam("_id")).values(values),
            [{c: u.get(c) for c in (*columns, "_id")} for u in updates],
        )
    tally.add(entity, new, changed, same)


def _versioned(
    spec: EntitySpec,
    row: dict[str, Any],
    old: dict[str, Any] | None,
    stamp: dict[str, Any],
    columns: tuple[str, ...],
    inserts: list[dict[str, Any]],
    updates: list[dict[str, Any]],
) -> tuple[int, int, int]:
    """A new text version for a changed entry; the previous version stays, no longer current."""
    full = {**spec.blank_row, **row, **stamp, "is_current": True}
    full["version"] = 1 if old is None else old["version"] + 1
    full["row_hash"] = row_hash(spec, {**full, "version": None})
    if old is None:
        inserts.append(full)
        return 1, 0, 0
    if old["row_hash"] == full["row_hash"]:
        return 0, 0, 1
    updates.append({**old, "is_current": False, "_id": old["id"]})
    inserts.append(full)
    return 0, 1, 0
