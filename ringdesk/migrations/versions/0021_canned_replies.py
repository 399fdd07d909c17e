"""canned replies, and signatures of people and ticket queues

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 09:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ringdesk.core.db import UtcDateTime

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'canned_replies',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=120), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('queues', sa.JSON(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('updated_at', UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_canned_replies')))
    with op.batch_alter_table('users') as table:
        table.add_column(sa.Column('signature', sa.Text(), nullable=False,
                                   server_default=''))
    with op.batch_alter_table('ticket_queues') as table:
        table.add_column(sa.Column('signature', sa.Text(), nullable=False,
                                   server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('ticket_queues') as table:
        table.drop_column('signature')
    with op.batch_alter_table('users') as table:
        table.drop_column('signature')
    op.drop_table('canned_replies')
