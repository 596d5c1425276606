"""Labels the content classifiers give each note: tables on the store's shared metadata.

Declared here, next to the code that uses them; ``redfunnel.store.schema`` imports this module so
that migrations and tests see every table. Schema changes go into migration
``store/migrations/versions/*_content.py``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from redfunnel.store.models import Base
from redfunnel.store.types import JSONValue, UTCDateTime


class NoteLabel(Base):
    """The classifiers' labels for one note, keyed like the note (``note_key`` + ``platform``).

    Kept apart from ``note`` so that re-classifying with a new model version replaces labels
    without touching ingested rows; ``model_version`` says which model wrote them and
    ``preachiness`` is the 说教 score of ``content.tone`` (stored so reports can join on it).
    """

    __tablename__ = "note_label"
    __table_args__ = (
        UniqueConstraint("note_key", "platform"),
        Index("ix_note_label_pillar", "pillar"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_key: Mapped[str] = mapped_column(String(80))
    platform: Mapped[str] = mapped_column(String(16))
    pillar: Mapped[str] = mapped_column(String(16))
    product: Mapped[str] = mapped_column(String(20))
    segment: Mapped[str] = mapped_column(String(20))
    format: Mapped[str] = mapped_column(String(8))
    scores: Mapped[dict[str, Any]] = mapped_column(JSONValue)
    preachiness: Mapped[float | None] = mapped_column(Float, nullable=True)
    model_version: Mapped[str] = mapped_column(String(40))
    labelled_at: Mapped[datetime] = mapped_column(UTCDateTime())
