"""callbacks: calls back scheduled on tickets, rung from the agent's phone at their time

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 09:25:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ringdesk.core.db import UtcDateTime

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'callbacks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=32), nullable=True),
        sa.Column('due_at', UtcDateTime(timezone=True), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('linkedid', sa.String(length=64), nullable=True),
        sa.Column('created_at', UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ondelete='CASCADE',
                                name=op.f('fk_callbacks_ticket_id_tickets')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_callbacks_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_callbacks')))
    op.create_index(op.f('ix_callbacks_ticket_id'), 'callbacks', ['ticket_id'])
    op.create_index('ix_callbacks_state_due_at', 'callbacks', ['state', 'due_at'])


def downgrade() -> None:
    op.drop_index('ix_callbacks_state_due_at', table_name='callbacks')
    op.drop_index(op.f('ix_callbacks_ticket_id'), table_name='callbacks')
    op.drop_table('callbacks')
