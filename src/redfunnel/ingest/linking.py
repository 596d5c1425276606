"""Steps that join what separate files brought in, run after every imported file.

They are idempotent and only look at rows still waiting (pending accounts, comments whose brand
status is unknown, export rows not yet joined), so running them after each file is cheap and the
order in which files arrive does not matter.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, and_, bindparam, exists, select, update

from redfunnel.ingest.writer import SPECS, row_hash
from redfunnel.registry import LOW_CONFIDENCE, Match, Matcher, infer_region, infer_role
from redfunnel.store import models

EXPORT_TIME_TOLERANCE = timedelta(minutes=2)
EXPORT_SOURCE = "xhs_creator_export"

_matcher: Matcher | None = None


def matcher() -> Matcher:
    global _matcher
    if _matcher is None:
        _matcher = Matcher()
    return _matcher


def _institution_ids(conn: Connection) -> dict[str, int]:
    inst = models.Institution.__table__
    return {name: id_ for id_, name in conn.execute(select(inst.c.id, inst.c.name))}


def resolve_accounts(conn: Connection) -> dict[str, int]:
    """Match pending accounts to institutions.

    A registry file's declared institution is trusted (confirmed), and an institution the
    built-in registry lacks is created for it; otherwise the account name is matched, with
    matches below :data:`LOW_CONFIDENCE` left for a user to confirm (``review``).
    """
    table = models.Account.__table__
    spec = SPECS["account"]
    rows = [dict(r) for r in conn.execute(
        select(table).where(table.c.match_status == "pending")).mappings()]
    if not rows:
        return {}
    ids = _institution_ids(conn)
    outcome: dict[str, int] = {}
    updates: list[dict[str, Any]] = []
    for row in rows:
        declared = row.get("declared_institution")
        name = row.get("name") or ""
        if declared:
            found = _declared_match(declared)
            if found.institution is not None and found.confidence >= LOW_CONFIDENCE:
                inst_id = ids[found.institution.name]
            elif declared in ids:
                inst_id = ids[declared]
            else:
                inst_id = _create_institution(conn, declared)
                ids[declared] = inst_id
            row.update(institution_id=inst_id, match_confidence=1.0, match_status="confirmed")
        else:
            found = matcher().match(name) if name and "***" not in name else None
            if found is None or found.institution is None or found.confidence < 0.5:
                row.update(institution_id=None, match_confidence=found.confidence if found else None,
                           match_status="none")
            else:
                row.update(institution_id=ids.get(found.institution.name),
                           match_confidence=round(found.confidence, 3),
                           match_status="auto" if found.confidence >= LOW_CONFIDENCE else "review")
        if row["match_status"] in ("confirmed", "auto") and name:
            row["role"] = row.get("role") or infer_role(name)
            row["region"] = row.get("region") or infer_region(name)
        row["row_hash"] = row_hash(spec, row)
        outcome[row["match_status"]] = outcome.get(row["match_status"], 0) + 1
        updates.append(row)
    cols = ("institution_id", "match_confidence", "match_status", "role", "region", "row_hash")
    conn.execute(
        update(table).where(table.c.id == bindparam("_id")).values({c: bindparam(c) for c in cols}),
        [{**{c: u[c] for c in cols}, "_id": u["id"]} for u in updates],
    )
    return outcome


def _declared_match(declared: str) -> Match:
    """Match an institution a registry file declares; a bare short name (``光大``, ``中信``) is
    ambiguous in free text but in an institution column means the bank, so ``…银行`` is tried too."""
    found = matcher().match(declared)
    if (found.institution is None or found.confidence < LOW_CONFIDENCE) and not declared.endswith("银行"):
        with_bank = matcher().match(declared + "银行")
        if with_bank.institution is not None and with_bank.confidence >= LOW_CONFIDENCE:
            return with_bank
    return found


def _create_institution(conn: Connection, name: str) -> int:
    inst = models.Institution.__table__
    result = conn.execute(inst.insert().values(
        name=name, short_name=name, category="其他", region=None, aliases=[], builtin=False))
    return int(result.inserted_primary_key[0])


def mark_brand_replies(conn: Connection) -> None:
    """A comment is the brand's reply when its author is the author of the note it sits under.

    Set as one statement in the database; comments whose note is not stored stay unknown (NULL).
    """
    comment, note = models.Comment.__table__, models.Note.__table__
    same_note = and_(note.c.platform == comment.c.platform, note.c.note_key == comment.c.note_key)
    conn.execute(
        update(comment)
        .where(comment.c.is_brand_reply.is_(None), exists().where(same_note))
        .values(is_brand_reply=exists().where(same_note, note.c.account_key == comment.c.author_hash))
    )


def link_messages(conn: Connection) -> None:
    """Point DMs, which name their account, at the stored account of that name on the platform."""
    message, account = models.Message.__table__, models.Account.__table__
    named = and_(account.c.platform == message.c.platform, account.c.name == message.c.account_name,
                 ~account.c.account_key.startswith("name:"))
    conn.execute(
        update(message)
        .where(message.c.account_key.startswith("name:"), exists().where(named))
        .values(account_key=select(account.c.account_key).where(named)
                .order_by(account.c.id).limit(1).scalar_subquery())
    )


def link_export_rows(conn: Connection, imported_at: Any) -> tuple[int, int]:
    """Join creator-centre export rows to notes by title and publish time; returns (linked, waiting).

    A matched row becomes a note snapshot carrying exposure, views, CTR and follower gain, the
    figures only the export has.
    """
    export, note = models.ExportRow.__table__, models.Note.__table__
    waiting = [dict(r) for r in conn.execute(
        select(export).where(export.c.matched_note_key.is_(None))).mappings()]
    if not waiting:
        return 0, 0
    titles = sorted({r["title"] for r in waiting if r["title"]})
    candidates: dict[tuple[str, str], list[tuple[Any, str]]] = {}
    for start in range(0, len(titles), 900):
        for n in conn.execute(select(note.c.platform, note.c.note_key, note.c.title, note.c.published_at)
                              .where(note.c.title.in_(titles[start:start + 900]))).mappings():
            candidates.setdefault((n["platform"], n["title"]), []).append((n["published_at"], n["note_key"]))
    snapshots: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for row in waiting:
        best = None
        for published, note_key in candidates.get((row["platform"], row["title"]), []):
            if published is None or row["published_at"] is None:
                continue
            gap = abs(published - row["published_at"])
            if gap <= EXPORT_TIME_TOLERANCE and (best is None or gap < best[0]):
                best = (gap, note_key)
        if best is None:
            continue
        links.append({"_id": row["id"], "note": best[1]})
        m = row["metrics"]
        snapshots.append({
            "platform": row["platform"], "note_key": best[1], "captured_at": row["captured_at"],
            "likes": m.get("likes"), "collects": m.get("collects"), "comments": m.get("comments"),
            "shares": m.get("shares"), "likes_is_floor": False, "collects_is_floor": False,
            "comments_is_floor": False, "shares_is_floor": False,
            "impressions": m.get("impressions"), "views": m.get("views"), "cover_ctr": m.get("cover_ctr"),
            "follower_gain": m.get("follower_gain"), "avg_watch_seconds": m.get("avg_watch_seconds"),
            "danmaku": m.get("danmaku"), "source_kind": EXPORT_SOURCE,
            "source_file_id": row["source_file_id"], "imported_at": imported_at,
        })
    if links:
        conn.execute(update(export).where(export.c.id == bindparam("_id"))
                     .values(matched_note_key=bindparam("note")), links)
        snap = models.NoteSnapshot.__table__
        have = {(r.note_key, r.captured_at) for r in conn.execute(
            select(snap.c.note_key, snap.c.captured_at).where(
                snap.c.source_kind == EXPORT_SOURCE,
                snap.c.note_key.in_(sorted({s["note_key"] for s in snapshots}))))}
        fresh = [s for s in snapshots if (s["note_key"], s["captured_at"]) not in have]
        if fresh:
            conn.execute(snap.insert(), fresh)
    return len(links), len(waiting) - len(links)
