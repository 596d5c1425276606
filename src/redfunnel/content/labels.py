"""Classify the notes in the store and keep their labels in ``note_label``.

Notes are read and written in batches: classification is per-note Python work, but the writes are
one delete and one multi-row insert per batch, and the whole run is one audited state change.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, delete, insert, select

from redfunnel.content.classify import MODEL_VERSION, get_classifier
from redfunnel.content.models import NoteLabel
from redfunnel.content.tone import preachiness
from redfunnel.store.audit import append_event
from redfunnel.store.models import Note

BATCH = 2000


def _unlabelled(engine: Engine, only_new: bool) -> Iterator[list[dict[str, Any]]]:
    n, lab = Note.__table__, NoteLabel.__table__
    q = select(n.c.note_key, n.c.platform, n.c.title, n.c.body, n.c.note_type)
    if only_new:
        q = q.outerjoin(
            lab, and_(lab.c.note_key == n.c.note_key, lab.c.platform == n.c.platform)
        ).where(lab.c.id.is_(None))
    q = q.order_by(n.c.id)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q)]
    for i in range(0, len(rows), BATCH):
        yield rows[i : i + BATCH]


def label_notes(
    engine: Engine, *, only_new: bool = True, cache_dir: Path | None = None, actor: str = "system"
) -> dict[str, Any]:
    """Classify notes (by default only those without labels) and store the labels.

    Returns counts per pillar of the notes labelled in this run.
    """
    clf = get_classifier(cache_dir)
    lab = NoteLabel.__table__
    now = datetime.now(UTC)
    total = 0
    by_pillar: dict[str, int] = {}
    with engine.begin() as conn:
        for batch in _unlabelled(engine, only_new):
            preds = clf.predict(batch)
            rows = []
            for note, p in zip(batch, preds, strict=True):
                tone = preachiness(note["title"], note["body"])
                rows.append(
                    {
                        "note_key": note["note_key"],
                        "platform": note["platform"],
                        "pillar": p.pillar,
                        "product": p.product,
                        "segment": p.segment,
                        "format": p.format or "图文",
                        "scores": p.scores,
                        "preachiness": tone.score,
                        "model_version": MODEL_VERSION,
                        "labelled_at": now,
                    }
                )
                by_pillar[p.pillar] = by_pillar.get(p.pillar, 0) + 1
            for platform in {r["platform"] for r in rows}:
                keys = [r["note_key"] for r in rows if r["platform"] == platform]
                conn.execute(
                    delete(lab).where(lab.c.platform == platform, lab.c.note_key.in_(keys))
                )
            conn.execute(insert(lab), rows)
            total += len(rows)
        if total:
            append_event(
                conn,
                actor,
                "content.label_notes",
                "note_label",
                None,
                {"notes": total, "model_version": MODEL_VERSION, "by_pillar": by_pillar},
            )
    return {"labelled": total, "by_pillar": by_pillar, "model_version": MODEL_VERSION}
