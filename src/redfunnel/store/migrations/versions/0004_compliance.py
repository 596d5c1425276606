"""compliance: drafts, approvals, rulebook versions (issue 6)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import redfunnel.store.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rulebook_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("first_used_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rulebook_version")),
        sa.UniqueConstraint("version", "sha256", name=op.f("uq_rulebook_version_version")),
    )
    op.create_table(
        "review_flow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("steps", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("expiry_days", sa.Integer(), nullable=False),
        sa.Column("created_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_flow")),
        sa.UniqueConstraint("name", name=op.f("uq_review_flow_name")),
    )
    op.create_table(
        "draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("product", sa.String(length=16), nullable=False),
        sa.Column("author", sa.String(length=80), nullable=False),
        sa.Column("flow_name", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("current_step", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("findings", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("rulebook_version", sa.String(length=40), nullable=False),
        sa.Column("source_ref", sa.String(length=120), nullable=True),
        sa.Column("intent", sa.String(length=30), nullable=True),
        sa.Column("created_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("approved_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("expires_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("published_note_key", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], name=op.f("fk_draft_account_id_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft")),
    )
    op.create_index("ix_draft_account_status", "draft", ["account_id", "status"], unique=False)
    op.create_index("ix_draft_content_hash", "draft", ["content_hash"], unique=False)
    op.create_table(
        "approval_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("step_name", sa.String(length=60), nullable=False),
        sa.Column("approver", sa.String(length=80), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("rulebook_version", sa.String(length=40), nullable=False),
        sa.Column("decided_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("record_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["draft.id"], name=op.f("fk_approval_record_draft_id_draft")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_record")),
    )
    op.create_index("ix_approval_record_draft", "approval_record", ["draft_id", "revision"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_approval_record_draft", table_name="approval_record")
    op.drop_table("approval_record")
    op.drop_index("ix_draft_content_hash", table_name="draft")
    op.drop_index("ix_draft_account_status", table_name="draft")
    op.drop_table("draft")
    op.drop_table("review_flow")
    op.drop_table("rulebook_version")
