"""Drafts, review steps, approvals and rulebook versions: tables on the store's shared metadata.

Declared here, next to the code that uses them; ``redfunnel.store.schema`` imports this module so
that migrations and tests see every table. Schema changes go into migration
``store/migrations/versions/*_compliance.py``.

An examiner asks "who approved exactly this text, when, under which rules?". Hence approval
records are never updated: each decision is a new ``approval_record`` row carrying the content
hash it approved, the approver, the time and the rulebook version, sealed by its own hash and
mirrored in the hash-chained audit trail. A draft edited after approval gets a new revision and
content hash, so earlier approvals simply stop counting.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from redfunnel.store.models import Base
from redfunnel.store.types import JSONValue, UTCDateTime


class RulebookVersion(Base):
    """A rulebook that findings and approvals were made under (version plus file hash)."""

    __tablename__ = "rulebook_version"
    __table_args__ = (UniqueConstraint("version", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)
    first_used_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReviewFlow(Base):
    """A named sequence of review steps, e.g. operator → compliance → manager.

    ``steps`` is a list of ``{"name", "approvers": [user, ...], "mode": "any"|"all"}``; an empty
    approver list means anyone except the author may approve that step.
    """

    __tablename__ = "review_flow"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSONValue)
    expiry_days: Mapped[int] = mapped_column(Integer, default=30)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Draft(Base):
    """A post, comment reply or DM reply waiting for (or holding) approval."""

    __tablename__ = "draft"
    __table_args__ = (
        Index("ix_draft_account_status", "account_id", "status"),
        Index("ix_draft_content_hash", "content_hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    platform: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    body: Mapped[str] = mapped_column(Text)
    product: Mapped[str] = mapped_column(String(16))
    author: Mapped[str] = mapped_column(String(80))
    flow_name: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    current_step: Mapped[int] = mapped_column(Integer, default=0)
    content_hash: Mapped[str] = mapped_column(String(64))
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSONValue, default=list)
    # Rule findings the model layer doubted (``CheckResult.doubted``): shown to the reviewer,
    # neither blocking nor needing a reason, and kept so the record shows what was set aside.
    doubted: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONValue, default=list, server_default="[]"
    )
    rulebook_version: Mapped[str] = mapped_column(String(40))
    source_ref: Mapped[str | None] = mapped_column(String(120), nullable=True)
    intent: Mapped[str | None] = mapped_column(String(30), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    published_note_key: Mapped[str | None] = mapped_column(String(80), nullable=True)


class ApprovalRecord(Base):
    """One immutable review decision on one revision of a draft."""

    __tablename__ = "approval_record"
    __table_args__ = (Index("ix_approval_record_draft", "draft_id", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id"))
    revision: Mapped[int] = mapped_column(Integer)
    step: Mapped[int] = mapped_column(Integer)
    step_name: Mapped[str] = mapped_column(String(60))
    approver: Mapped[str] = mapped_column(String(80))
    decision: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    rulebook_version: Mapped[str] = mapped_column(String(40))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime())
    record_hash: Mapped[str] = mapped_column(String(64))
