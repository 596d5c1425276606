"""Tracking codes, journeys/touchpoints and holdout designs: tables on the store's shared metadata.

Declared here, next to the code that uses them; ``redfunnel.store.schema`` imports this module so
that migrations and tests see every table. Schema changes go into migration
``store/migrations/versions/*_funnel.py``.

Like the canonical tables, these join on natural keys (``code``, ``note_key``, ``campaign_key``)
rather than foreign keys: a conversions file may arrive before the code is registered, and a code
may be discovered in a note body long after its conversions were imported.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from redfunnel.store.models import Base, Versioned
from redfunnel.store.types import JSONValue, UTCDateTime


class TrackingCode(Base):
    """A tracking code and what it stands for: a note, a campaign, or both.

    ``origin`` is ``issued`` for codes made by ``redfunnel track new`` and ``discovered`` for codes
    found in note bodies (口令) or as campaign ids in spend files.
    """

    __tablename__ = "tracking_code"
    __table_args__ = (Index("ix_tracking_code_note", "platform", "note_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    platform: Mapped[str | None] = mapped_column(String(16), nullable=True)
    note_key: Mapped[str | None] = mapped_column(String(80), nullable=True)
    campaign_key: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)
    account_key: Mapped[str | None] = mapped_column(String(120), nullable=True)
    channel: Mapped[str | None] = mapped_column(String(30), nullable=True)
    product: Mapped[str | None] = mapped_column(String(40), nullable=True)
    landing_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    origin: Mapped[str] = mapped_column(String(16))
    params: Mapped[dict[str, Any] | None] = mapped_column(JSONValue, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(80))


class Touchpoint(Versioned, Base):
    """One step of a pseudonymous customer journey (``docs/data-contracts.md``, touchpoints).

    ``journey_key`` is the bank's pseudonymous journey or customer id, hashed before storage; a
    row with ``touch_type == "conversion"`` marks the journey as converted at ``occurred_at``.
    """

    __tablename__ = "touchpoint"
    __table_args__ = (Index("ix_touchpoint_journey", "journey_key", "occurred_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    touch_key: Mapped[str] = mapped_column(String(80), unique=True)
    journey_key: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    channel: Mapped[str] = mapped_column(String(30))
    touch_type: Mapped[str] = mapped_column(String(20))
    tracking_code: Mapped[str | None] = mapped_column(String(60), nullable=True)
    note_key: Mapped[str | None] = mapped_column(String(80), nullable=True)
    campaign_key: Mapped[str | None] = mapped_column(String(80), nullable=True)
    conversion_key: Mapped[str | None] = mapped_column(String(80), nullable=True)
    product: Mapped[str | None] = mapped_column(String(40), nullable=True)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)


class HoldoutTest(Base):
    """A holdout experiment's result (dark weeks, regions or audience split) for one channel.

    Counts are what the bank measured in the test and control groups; ``attributed`` is the
    number of conversions path-based attribution credited to the channel over the same units and
    period, so ``incremental / attributed`` is the channel's incrementality factor.
    """

    __tablename__ = "holdout_test"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    test_key: Mapped[str] = mapped_column(String(80), unique=True)
    channel: Mapped[str] = mapped_column(String(30), index=True)
    design: Mapped[str] = mapped_column(String(20))
    period_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    period_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    treated_units: Mapped[float] = mapped_column(Float)
    treated_conversions: Mapped[float] = mapped_column(Float)
    control_units: Mapped[float] = mapped_column(Float)
    control_conversions: Mapped[float] = mapped_column(Float)
    attributed: Mapped[float | None] = mapped_column(Float, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(80))
