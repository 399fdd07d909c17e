"""saved_views: named ticket lists, personal or shared with ranks and queues

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ringdesk.core.db import UtcDateTime

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'saved_views',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('filters', sa.JSON(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=True),
        sa.Column('ranks', sa.JSON(), nullable=False),
        sa.Column('queues', sa.JSON(), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('updated_at', UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE',
                                name=op.f('fk_saved_views_owner_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_views')))
    op.create_index(op.f('ix_saved_views_owner_id'), 'saved_views', ['owner_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_saved_views_owner_id'), table_name='saved_views')
    op.drop_table('saved_views')
