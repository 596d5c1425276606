"""content: content labels (issue 4)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import redfunnel.store.types  # noqa: F401

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('note_label',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_key', sa.String(length=80), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('pillar', sa.String(length=16), nullable=False),
    sa.Column('product', sa.String(length=20), nullable=False),
    sa.Column('segment', sa.String(length=20), nullable=False),
    sa.Column('format', sa.String(length=8), nullable=False),
    sa.Column('scores', sa.JSON(none_as_null=True), nullable=False),
    sa.Column('preachiness', sa.Float(), nullable=True),
    sa.Column('model_version', sa.String(length=40), nullable=False),
    sa.Column('labelled_at', redfunnel.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note_label')),
    sa.UniqueConstraint('note_key', 'platform', name=op.f('uq_note_label_note_key'))
    )
    op.create_index('ix_note_label_pillar', 'note_label', ['pillar'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_note_label_pillar', table_name='note_label')
    op.drop_table('note_label')
