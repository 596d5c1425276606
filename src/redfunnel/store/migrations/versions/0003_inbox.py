"""inbox: inbox threads and replies (issue 5)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import redfunnel.store.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox_thread",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_key", sa.String(length=80), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("account_key", sa.String(length=120), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("account_name", sa.String(length=120), nullable=True),
        sa.Column("note_key", sa.String(length=80), nullable=True),
        sa.Column("customer_hash", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("opened_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_customer_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("first_response_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_response_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("responder", sa.String(length=80), nullable=True),
        sa.Column("closed_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("assignee", sa.String(length=80), nullable=True),
        sa.Column("priority", sa.String(length=8), nullable=False),
        sa.Column("intent", sa.String(length=16), nullable=True),
        sa.Column("intent_score", sa.Float(), nullable=True),
        sa.Column("topic", sa.String(length=20), nullable=True),
        sa.Column("topic_score", sa.Float(), nullable=True),
        sa.Column("queue", sa.String(length=24), nullable=True),
        sa.Column("escalated_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("due_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("awaiting_approval", sa.Boolean(), nullable=False),
        sa.Column("updated_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"],
                                name=op.f("fk_inbox_thread_account_id_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_thread")),
        sa.UniqueConstraint("thread_key", "platform", "channel", name=op.f("uq_inbox_thread_thread_key")),
    )
    op.create_index("ix_inbox_thread_account_opened", "inbox_thread", ["account_id", "opened_at"],
                    unique=False)
    op.create_index("ix_inbox_thread_state", "inbox_thread", ["state"], unique=False)
    op.create_table(
        "inbox_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("assignee", sa.String(length=80), nullable=False),
        sa.Column("assigned_by", sa.String(length=80), nullable=False),
        sa.Column("assigned_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["thread_id"], ["inbox_thread.id"],
                                name=op.f("fk_inbox_assignment_thread_id_inbox_thread")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_assignment")),
    )
    op.create_index(op.f("ix_inbox_assignment_thread_id"), "inbox_assignment", ["thread_id"], unique=False)
    op.create_table(
        "inbox_reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("faq_key", sa.String(length=80), nullable=True),
        sa.Column("faq_version", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(length=80), nullable=False),
        sa.Column("created_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("blocked_reasons", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("approval_ref", sa.String(length=80), nullable=True),
        sa.Column("sent_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["thread_id"], ["inbox_thread.id"],
                                name=op.f("fk_inbox_reply_thread_id_inbox_thread")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_reply")),
    )
    op.create_index(op.f("ix_inbox_reply_thread_id"), "inbox_reply", ["thread_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_inbox_reply_thread_id"), table_name="inbox_reply")
    op.drop_table("inbox_reply")
    op.drop_index(op.f("ix_inbox_assignment_thread_id"), table_name="inbox_assignment")
    op.drop_table("inbox_assignment")
    op.drop_index("ix_inbox_thread_state", table_name="inbox_thread")
    op.drop_index("ix_inbox_thread_account_opened", table_name="inbox_thread")
    op.drop_table("inbox_thread")
