"""Inbox threads, assignments and drafted replies: tables on the store's shared metadata.

Declared here, next to the code that uses them; ``redfunnel.store.schema`` imports this module so
that migrations and tests see every table. Schema changes go into migration
``store/migrations/versions/*_inbox.py``.

A thread is one customer conversation: a root comment under a note (its brand replies are the
sub-comments the note's author wrote) or one DM conversation. Threads are derived from the stored
comments and messages, so the source rows stay untouched; the thread adds what the team does with
it (state, assignee, priority, escalation queue) and the clocks read from the source.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from redfunnel.store.models import Base
from redfunnel.store.types import JSONValue, UTCDateTime

THREAD_STATES = ("new", "assigned", "replied", "escalated", "closed")
PRIORITIES = ("high", "normal", "low")
CHANNELS = ("comment", "dm")
QUEUES = ("consumer_protection", "anti_fraud")
REPLY_STATUSES = ("draft", "awaiting_approval", "approved", "sent", "blocked")


class InboxThread(Base):
    """One customer conversation and its handling state."""

    __tablename__ = "inbox_thread"
    __table_args__ = (
        UniqueConstraint("thread_key", "platform", "channel"),
        Index("ix_inbox_thread_account_opened", "account_id", "opened_at"),
        Index("ix_inbox_thread_state", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread_key: Mapped[str] = mapped_column(String(80))
    platform: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(8))
    account_key: Mapped[str | None] = mapped_column(String(120), nullable=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), nullable=True)
    account_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    note_key: Mapped[str | None] = mapped_column(String(80), nullable=True)
    customer_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_customer_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    responder: Mapped[str | None] = mapped_column(String(80), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    state: Mapped[str] = mapped_column(String(16), default="new")
    assignee: Mapped[str | None] = mapped_column(String(80), nullable=True)
    priority: Mapped[str] = mapped_column(String(8), default="normal")
    intent: Mapped[str | None] = mapped_column(String(16), nullable=True)
    intent_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    topic: Mapped[str | None] = mapped_column(String(20), nullable=True)
    topic_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    queue: Mapped[str | None] = mapped_column(String(24), nullable=True)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    awaiting_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class InboxAssignment(Base):
    """Who a thread was given to, by whom and when (the history; the thread holds the latest)."""

    __tablename__ = "inbox_assignment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("inbox_thread.id"), index=True)
    assignee: Mapped[str] = mapped_column(String(80))
    assigned_by: Mapped[str] = mapped_column(String(80))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime())


class InboxReply(Base):
    """A reply drafted in redfunnel: its text, the FAQ version it came from and its fate."""

    __tablename__ = "inbox_reply"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("inbox_thread.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    faq_key: Mapped[str | None] = mapped_column(String(80), nullable=True)
    faq_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    author: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(20))
    blocked_reasons: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONValue, nullable=True)
    approval_ref: Mapped[str | None] = mapped_column(String(80), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
