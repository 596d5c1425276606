"""Drift: what went live against what was approved.

Staff may publish only what the institution approved (银发〔2019〕316号), and examiners ask for
proof. Each published note of the bank's own accounts (accounts with an ``owner_team`` in the
registry) that ingest brought in is matched to the approved drafts of the same account:

- ``matched``: a draft with exactly this content hash was approved and the approval was valid
  when the note went live (linking sets the draft's ``published_note_key``);
- ``differs``: the closest approved draft (by text similarity, among drafts created before the
  note went live) is not what was published;
- ``expired``: the text was approved, but the approval had lapsed (or not yet been given) when
  the note was published;
- ``unapproved``: nothing similar was ever approved.

Hash lookups are dictionary joins over the account's drafts; similarity (difflib ratio on the
canonical text) runs only for notes with no exact hash, which is the rare case.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import Engine, and_, or_, select

from redfunnel.access import Scope
from redfunnel.compliance.content import canonical_text, content_hash
from redfunnel.compliance.models import Draft
from redfunnel.store.audit import append_event
from redfunnel.store.models import Account, Note

__all__ = ["DriftItem", "SIMILAR", "check_drift", "link_published"]

SIMILAR = 0.6
"""Similarity (0..1) above which a published note is taken to be a changed version of a draft."""

_draft = Draft.__table__
_note = Note.__table__
_account = Account.__table__


@dataclass(frozen=True)
class DriftItem:
    status: str
    platform: str
    note_key: str
    account_id: int
    account_name: str | None
    title: str | None
    published_at: datetime | None
    draft_id: int | None
    similarity: float | None

    @property
    def flagged(self) -> bool:
        return self.status != "matched"

    def to_dict(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["flagged"] = self.flagged
        return doc


def _own_notes(conn: Any, scope: Scope, since: datetime | None) -> list[Any]:
    query = (
        select(
            _note.c.platform,
            _note.c.note_key,
            _note.c.title,
            _note.c.body,
            _note.c.published_at,
            _account.c.id.label("account_id"),
            _account.c.name.label("account_name"),
        )
        .join(
            _account,
            and_(
                _account.c.platform == _note.c.platform,
                _account.c.account_key == _note.c.account_key,
            ),
        )
        .where(
            scope.where(_account.c.id),
            _account.c.owner_team.is_not(None),
            _account.c.owner_team != "",
        )
        .order_by(_note.c.published_at, _note.c.note_key)
    )
    if since is not None:
        query = query.where(or_(_note.c.published_at.is_(None), _note.c.published_at >= since))
    return list(conn.execute(query))


def check_drift(
    engine: Engine, scope: Scope, *, since: datetime | None = None, flagged_only: bool = False
) -> list[DriftItem]:
    """Match the own accounts' published notes (within ``scope``) to approved drafts."""
    with engine.connect() as conn:
        notes = _own_notes(conn, scope, since)
        account_ids = sorted({n.account_id for n in notes})
        drafts = (
            list(
                conn.execute(
                    select(
                        _draft.c.id,
                        _draft.c.account_id,
                        _draft.c.title,
                        _draft.c.body,
                        _draft.c.content_hash,
                        _draft.c.status,
                        _draft.c.approved_at,
                        _draft.c.expires_at,
                        _draft.c.created_at,
                    ).where(
                        _draft.c.account_id.in_(account_ids),
                        _draft.c.kind == "note",
                        _draft.c.approved_at.is_not(None),
                    )
                )
            )
            if account_ids
            else []
        )
    by_hash: dict[tuple[int, str], list[Any]] = {}
    by_account: dict[int, list[Any]] = {}
    for d in drafts:
        by_hash.setdefault((d.account_id, d.content_hash), []).append(d)
        by_account.setdefault(d.account_id, []).append(d)
    items = []
    for note in notes:
        digest = content_hash(note.title, note.body)
        exact = by_hash.get((note.account_id, digest), [])
        status, draft_id, similarity = "unapproved", None, None
        if exact:
            valid = [d for d in exact if _valid_at(d, note.published_at)]
            chosen = valid[0] if valid else exact[0]
            status = "matched" if valid else "expired"
            draft_id, similarity = chosen.id, 1.0
        else:
            best, best_ratio = None, 0.0
            text = canonical_text(note.title, note.body)
            for d in by_account.get(note.account_id, []):
                if note.published_at is not None and note.published_at < d.created_at:
                    continue  # published before the draft existed: not a changed copy of it
                ratio = _similarity(text, canonical_text(d.title, d.body))
                if ratio > best_ratio:
                    best, best_ratio = d, ratio
            if best is not None and best_ratio >= SIMILAR:
                status, draft_id, similarity = "differs", best.id, round(best_ratio, 3)
        item = DriftItem(
            status,
            note.platform,
            note.note_key,
            note.account_id,
            note.account_name,
            note.title,
            note.published_at,
            draft_id,
            similarity,
        )
        if item.flagged or not flagged_only:
            items.append(item)
    return items


def _valid_at(draft: Any, published_at: datetime | None) -> bool:
    if published_at is None:
        return draft.status == "approved"
    return (
        draft.approved_at is not None
        and draft.approved_at <= published_at
        and (draft.expires_at is None or published_at < draft.expires_at)
    )


def _similarity(a: str, b: str) -> float:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def link_published(
    engine: Engine, scope: Scope, *, actor: str = "system", since: datetime | None = None
) -> dict[str, int]:
    """Record matched notes on their drafts (``published_note_key``) and audit each new link;
    return counts per drift status."""
    items = check_drift(engine, scope, since=since)
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        for item in items:
            counts[item.status] = counts.get(item.status, 0) + 1
            if item.status != "matched" or item.draft_id is None:
                continue
            current = conn.execute(
                select(_draft.c.published_note_key).where(_draft.c.id == item.draft_id)
            ).scalar()
            if current == item.note_key:
                continue
            conn.execute(
                _draft.update()
                .where(_draft.c.id == item.draft_id)
                .values(published_note_key=item.note_key)
            )
            append_event(
                conn,
                actor,
                "draft.published_link",
                "draft",
                str(item.draft_id),
                {"platform": item.platform, "note_key": item.note_key},
            )
    return counts
