"""web: users, roles and sessions (issue 8)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import redfunnel.store.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=80), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("password_changed_at", redfunnel.store.types.UTCDateTime(timezone=True),
                  nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_user")),
        sa.UniqueConstraint("name", name=op.f("uq_web_user_name")),
    )
    op.create_table(
        "web_user_scope",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["web_user.id"], ondelete="CASCADE",
                                name=op.f("fk_web_user_scope_user_id_web_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_user_scope")),
        sa.UniqueConstraint("user_id", "kind", "value", name=op.f("uq_web_user_scope_user_id")),
    )
    op.create_index(op.f("ix_web_user_scope_user_id"), "web_user_scope", ["user_id"], unique=False)
    op.create_table(
        "web_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("client", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["web_user.id"], ondelete="CASCADE",
                                name=op.f("fk_web_session_user_id_web_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_web_session_token_hash")),
    )
    op.create_index(op.f("ix_web_session_user_id"), "web_session", ["user_id"], unique=False)
    op.create_table(
        "web_login_throttle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("locked_until", redfunnel.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_login_throttle")),
        sa.UniqueConstraint("key", name=op.f("uq_web_login_throttle_key")),
    )


def downgrade() -> None:
    op.drop_table("web_login_throttle")
    op.drop_index(op.f("ix_web_session_user_id"), table_name="web_session")
    op.drop_table("web_session")
    op.drop_index(op.f("ix_web_user_scope_user_id"), table_name="web_user_scope")
    op.drop_table("web_user_scope")
    op.drop_table("web_user")
