"""note_snapshot: index on (platform, captured_at) for the default "as of" time

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_note_snapshot_captured", "note_snapshot", ["platform", "captured_at"])


def downgrade() -> None:
    op.drop_index("ix_note_snapshot_captured", table_name="note_snapshot")
