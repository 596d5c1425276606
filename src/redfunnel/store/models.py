"""The canonical model of DESIGN.md as SQLAlchemy tables.

Rows from crawlers and exports are keyed by their natural key (the platform's id plus the platform)
rather than by foreign keys to surrogate ids: files arrive in any order (comments before their
notes, exports before the crawl), so joins happen on natural keys at query time and ingest never
has to resolve ids row by row. Unique keys lead with the id column, which is what ingest looks
rows up by. Every row carries its provenance: which kind of source, which
imported file (``import_file``) and when.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from redfunnel.store.types import JSONValue, UTCDateTime


class Base(DeclarativeBase):
    """Declarative base; constraint names follow one convention so migrations are stable."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class Provenance:
    """Where a row came from: the kind of source, the imported file and the import time."""

    source_kind: Mapped[str] = mapped_column(String(40))

    @declared_attr
    def source_file_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("import_file.id"), nullable=True)

    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Versioned(Provenance):
    """Rows deduplicated on re-import: ``row_hash`` detects change, ``last_seen_at`` orders versions."""

    row_hash: Mapped[str] = mapped_column(String(32))
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ImportFile(Base):
    """One file offered to ``redfunnel ingest`` and what became of it."""

    __tablename__ = "import_file"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    size: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    format: Mapped[str | None] = mapped_column(String(60), nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    new: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSONValue, nullable=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Institution(Base):
    """A bank (or other institution) from the built-in registry or added by the user."""

    __tablename__ = "institution"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    short_name: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(16))
    region: Mapped[str | None] = mapped_column(String(16), nullable=True)
    aliases: Mapped[list[str]] = mapped_column(JSONValue, default=list)
    builtin: Mapped[bool] = mapped_column(Boolean, default=True)


class Account(Versioned, Base):
    """An account on a platform; ``account_key`` is the hashed platform user id or ``name:<name>``."""

    __tablename__ = "account"
    __table_args__ = (UniqueConstraint("account_key", "platform"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    account_key: Mapped[str] = mapped_column(String(120))
    name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    user_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institution.id"), nullable=True, index=True
    )
    match_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    match_status: Mapped[str] = mapped_column(String(16), default="pending")
    declared_institution: Mapped[str | None] = mapped_column(String(80), nullable=True)
    role: Mapped[str | None] = mapped_column(String(16), nullable=True)
    region: Mapped[str | None] = mapped_column(String(16), nullable=True)
    owner_team: Mapped[str | None] = mapped_column(String(80), nullable=True)
    ip_location: Mapped[str | None] = mapped_column(String(40), nullable=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)


class AccountSnapshot(Provenance, Base):
    """Follower and interaction totals of an account at one moment."""

    __tablename__ = "account_snapshot"
    __table_args__ = (
        UniqueConstraint("account_key", "platform", "captured_at", "source_kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    account_key: Mapped[str] = mapped_column(String(120))
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime())
    followers: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    followers_is_floor: Mapped[bool] = mapped_column(Boolean, default=False)
    following: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    likes_collects: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class PublicCounts:
    """The public interaction counts of a post; ``*_is_floor`` marks values such as ``10万+``."""

    likes: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    collects: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    comments: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    shares: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    likes_is_floor: Mapped[bool] = mapped_column(Boolean, default=False)
    collects_is_floor: Mapped[bool] = mapped_column(Boolean, default=False)
    comments_is_floor: Mapped[bool] = mapped_column(Boolean, default=False)
    shares_is_floor: Mapped[bool] = mapped_column(Boolean, default=False)


class Note(PublicCounts, Versioned, Base):
    """A post: XHS note, WeChat article or Douyin video, with its latest public counts."""

    __tablename__ = "note"
    __table_args__ = (
        UniqueConstraint("note_key", "platform"),
        Index("ix_note_account_published", "platform", "account_key", "published_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    note_key: Mapped[str] = mapped_column(String(80))
    account_key: Mapped[str | None] = mapped_column(String(120), nullable=True)
    note_type: Mapped[str | None] = mapped_column(String(8), nullable=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    body: Mapped[str | None] = mapped_column(Text, nullable=True)
    tags: Mapped[list[str] | None] = mapped_column(JSONValue, nullable=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    ip_location: Mapped[str | None] = mapped_column(String(40), nullable=True)
    source_keywords: Mapped[list[str] | None] = mapped_column(JSONValue, nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    counts_estimated: Mapped[bool] = mapped_column(Boolean, default=False)


class NoteSnapshot(PublicCounts, Provenance, Base):
    """Counts of a note at one moment; exports add exposure, views and follower gain."""

    __tablename__ = "note_snapshot"
    __table_args__ = (
        UniqueConstraint("note_key", "platform", "captured_at", "source_kind"),
        # "as of" defaults to the newest capture of a platform (landscape, reports)
        Index("ix_note_snapshot_captured", "platform", "captured_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    note_key: Mapped[str] = mapped_column(String(80))
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime())
    impressions: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    views: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    cover_ctr: Mapped[float | None] = mapped_column(Float, nullable=True)
    follower_gain: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    avg_watch_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    danmaku: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class ExportRow(Provenance, Base):
    """A creator-centre export row, kept whole; joined to a note by title and publish time.

    The export has no note id, so the join can only happen once the crawler has seen the note;
    rows that match nothing yet stay here (and are reported) until a later import links them.
    """

    __tablename__ = "export_row"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    row_key: Mapped[str] = mapped_column(String(32), unique=True)
    platform: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime())
    metrics: Mapped[dict[str, Any]] = mapped_column(JSONValue)
    matched_note_key: Mapped[str | None] = mapped_column(String(80), nullable=True)


class Comment(Versioned, Base):
    """A comment under a note; text and author are masked before they reach this table."""

    __tablename__ = "comment"
    __table_args__ = (UniqueConstraint("comment_key", "platform"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    comment_key: Mapped[str] = mapped_column(String(80))
    note_key: Mapped[str] = mapped_column(String(80), index=True)
    parent_key: Mapped[str | None] = mapped_column(String(80), nullable=True)
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    author_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    author_name: Mapped[str | None] = mapped_column(String(80), nullable=True)
    ip_location: Mapped[str | None] = mapped_column(String(40), nullable=True)
    likes: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    likes_is_floor: Mapped[bool] = mapped_column(Boolean, default=False)
    sub_comment_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    picture_count: Mapped[int] = mapped_column(Integer, default=0)
    is_brand_reply: Mapped[bool | None] = mapped_column(Boolean, nullable=True)


class Message(Versioned, Base):
    """A direct message in a conversation with a bank account; text masked before storage."""

    __tablename__ = "message"
    __table_args__ = (
        UniqueConstraint("message_key", "platform"),
        Index("ix_message_thread", "platform", "thread_key", "sent_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    message_key: Mapped[str] = mapped_column(String(80))
    thread_key: Mapped[str] = mapped_column(String(80))
    account_key: Mapped[str] = mapped_column(String(120))
    account_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    direction: Mapped[str] = mapped_column(String(10))
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    operator: Mapped[str | None] = mapped_column(String(80), nullable=True)


class Conversion(Versioned, Base):
    """A business event (click … approved) carrying a tracking code."""

    __tablename__ = "conversion"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversion_key: Mapped[str] = mapped_column(String(80), unique=True)
    tracking_code: Mapped[str] = mapped_column(String(60), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    product: Mapped[str] = mapped_column(String(40))
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    channel: Mapped[str | None] = mapped_column(String(30), nullable=True)


class Campaign(Versioned, Base):
    """A marketing campaign that spend and tracking codes belong to."""

    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    channel: Mapped[str | None] = mapped_column(String(30), nullable=True)


class Spend(Versioned, Base):
    """Money spent on a channel over a period, with the delivery counts the source reports."""

    __tablename__ = "spend"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    spend_key: Mapped[str] = mapped_column(String(80), unique=True)
    campaign_key: Mapped[str | None] = mapped_column(String(80), nullable=True)
    channel: Mapped[str] = mapped_column(String(30))
    note_key: Mapped[str | None] = mapped_column(String(80), nullable=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    amount: Mapped[float] = mapped_column(Float)
    impressions: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    clicks: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    interactions: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    dm_entries: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    dm_opens: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    dm_leads: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSONValue, nullable=True)


class FaqEntry(Provenance, Base):
    """One version of an FAQ answer; a changed text becomes a new version, old ones stay."""

    __tablename__ = "faq_entry"
    __table_args__ = (UniqueConstraint("faq_key", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    faq_key: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(60), nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    row_hash: Mapped[str] = mapped_column(String(32))


class AuditEvent(Base):
    """Append-only record of every state change; each event hashes its predecessor."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str | None] = mapped_column(String(60), nullable=True)
    entity_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSONValue, nullable=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str] = mapped_column(String(64))
