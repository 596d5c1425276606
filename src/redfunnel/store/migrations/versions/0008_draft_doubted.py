"""draft.doubted: rule findings the model layer doubted, kept beside the counted ones

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("draft") as batch:
        batch.add_column(
            sa.Column("doubted", sa.JSON(none_as_null=True), nullable=False, server_default="[]")
        )


def downgrade() -> None:
    with op.batch_alter_table("draft") as batch:
        batch.drop_column("doubted")
