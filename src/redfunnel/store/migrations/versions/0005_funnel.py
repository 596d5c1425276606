"""funnel: tracking codes, touchpoints, holdouts (issue 7)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import redfunnel.store.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tracking_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=True),
        sa.Column("note_key", sa.String(length=80), nullable=True),
        sa.Column("campaign_key", sa.String(length=80), nullable=True),
        sa.Column("account_key", sa.String(length=120), nullable=True),
        sa.Column("channel", sa.String(length=30), nullable=True),
        sa.Column("product", sa.String(length=40), nullable=True),
        sa.Column("landing_url", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("params", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("created_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_code")),
        sa.UniqueConstraint("code", name=op.f("uq_tracking_code_code")),
    )
    with op.batch_alter_table("tracking_code", schema=None) as batch_op:
        batch_op.create_index("ix_tracking_code_note", ["platform", "note_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_tracking_code_campaign_key"), ["campaign_key"], unique=False)

    op.create_table(
        "touchpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("touch_key", sa.String(length=80), nullable=False),
        sa.Column("journey_key", sa.String(length=64), nullable=False),
        sa.Column("occurred_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=30), nullable=False),
        sa.Column("touch_type", sa.String(length=20), nullable=False),
        sa.Column("tracking_code", sa.String(length=60), nullable=True),
        sa.Column("note_key", sa.String(length=80), nullable=True),
        sa.Column("campaign_key", sa.String(length=80), nullable=True),
        sa.Column("conversion_key", sa.String(length=80), nullable=True),
        sa.Column("product", sa.String(length=40), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("row_hash", sa.String(length=32), nullable=False),
        sa.Column("last_seen_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("source_kind", sa.String(length=40), nullable=False),
        sa.Column("imported_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("source_file_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["source_file_id"], ["import_file.id"],
                                name=op.f("fk_touchpoint_source_file_id_import_file")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_touchpoint")),
        sa.UniqueConstraint("touch_key", name=op.f("uq_touchpoint_touch_key")),
    )
    with op.batch_alter_table("touchpoint", schema=None) as batch_op:
        batch_op.create_index("ix_touchpoint_journey", ["journey_key", "occurred_at"], unique=False)

    op.create_table(
        "holdout_test",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("test_key", sa.String(length=80), nullable=False),
        sa.Column("channel", sa.String(length=30), nullable=False),
        sa.Column("design", sa.String(length=20), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("treated_units", sa.Float(), nullable=False),
        sa.Column("treated_conversions", sa.Float(), nullable=False),
        sa.Column("control_units", sa.Float(), nullable=False),
        sa.Column("control_conversions", sa.Float(), nullable=False),
        sa.Column("attributed", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holdout_test")),
        sa.UniqueConstraint("test_key", name=op.f("uq_holdout_test_test_key")),
    )
    with op.batch_alter_table("holdout_test", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_holdout_test_channel"), ["channel"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("holdout_test", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_holdout_test_channel"))
    op.drop_table("holdout_test")
    with op.batch_alter_table("touchpoint", schema=None) as batch_op:
        batch_op.drop_index("ix_touchpoint_journey")
    op.drop_table("touchpoint")
    with op.batch_alter_table("tracking_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tracking_code_campaign_key"))
        batch_op.drop_index("ix_tracking_code_note")
    op.drop_table("tracking_code")
