"""call details from AMI: state, legs, queues, agents rung, times, recording

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 10:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import ringdesk.core.db

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# Calls recorded before this revision are over: their state is "ended".
COLUMNS = [
    ('state', sa.String(length=16), sa.text("'ended'")),
    ('connected_at', ringdesk.core.db.UtcDateTime(timezone=True), None),
    ('agent', sa.String(length=120), sa.text("''")),
    ('queue', sa.String(length=80), sa.text("''")),
    ('wait_seconds', sa.Integer(), None),
    ('hold_seconds', sa.Integer(), None),
    ('talk_seconds', sa.Integer(), None),
    ('hangup_side', sa.String(length=16), sa.text("''")),
    ('recording', sa.String(length=200), sa.text("''")),
    ('legs', sa.JSON(), sa.text("'[]'")),
    ('queue_events', sa.JSON(), sa.text("'[]'")),
    ('agents_rung', sa.JSON(), sa.text("'[]'")),
    ('transfers', sa.JSON(), sa.text("'[]'")),
]


def upgrade() -> None:
    with op.batch_alter_table('calls') as batch:
        for name, kind, default in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=default is None,
                                       server_default=default))
    op.create_index('ix_calls_state', 'calls', ['state'])
    with op.batch_alter_table('pbx_queues') as batch:
        batch.add_column(sa.Column('record_calls', sa.Boolean(), nullable=False,
                                   server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table('pbx_queues') as batch:
        batch.drop_column('record_calls')
    op.drop_index('ix_calls_state', table_name='calls')
    with op.batch_alter_table('calls') as batch:
        for name, _, _ in reversed(COLUMNS):
            batch.drop_column(name)
