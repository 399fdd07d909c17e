"""settings: what admins change on screens rather than in the configuration file (sign-in
rules, masked numbers), one JSON value per key with a revision

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 05:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ringdesk.core.db import UtcDateTime

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'settings',
        sa.Column('key', sa.String(length=60), nullable=False),
        sa.Column('value', sa.JSON(), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('changed_at', UtcDateTime(timezone=True), nullable=False),
        sa.Column('changed_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['changed_by'], ['users.id'], ondelete='SET NULL',
                                name=op.f('fk_settings_changed_by_users')),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_settings')))


def downgrade() -> None:
    op.drop_table('settings')
