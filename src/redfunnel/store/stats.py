"""Stored row counts, one query per table."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from redfunnel.store import models

COUNTED = {
    "institutions": models.Institution,
    "accounts": models.Account,
    "account_snapshots": models.AccountSnapshot,
    "notes": models.Note,
    "note_snapshots": models.NoteSnapshot,
    "comments": models.Comment,
    "messages": models.Message,
    "conversions": models.Conversion,
    "campaigns": models.Campaign,
    "spend_rows": models.Spend,
    "faq_entries": models.FaqEntry,
    "export_rows": models.ExportRow,
    "imported_files": models.ImportFile,
    "audit_events": models.AuditEvent,
}


def stored_counts(engine: Engine) -> dict[str, int]:
    """Row counts of the canonical tables (FAQ counts current versions only)."""
    out: dict[str, int] = {}
    with engine.connect() as conn:
        for name, model in COUNTED.items():
            query = select(func.count()).select_from(model)
            if model is models.FaqEntry:
                query = query.where(models.FaqEntry.is_current.is_(True))
            out[name] = int(conn.execute(query).scalar_one())
    return out
