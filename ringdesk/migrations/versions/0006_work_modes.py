"""agents' work modes, their current mode and the log of changes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 10:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import ringdesk.core.db

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# A sensible starting set; admins add, rename or retire modes through the API.
DEFAULT_MODES = [
    {'name': 'Ready', 'available': True, 'code': '1', 'active': True},
    {'name': 'Break', 'available': False, 'code': '2', 'active': True},
    {'name': 'Lunch', 'available': False, 'code': '3', 'active': True},
    {'name': 'Back office', 'available': False, 'code': '4', 'active': True},
    {'name': 'Logged out', 'available': False, 'code': '0', 'active': True},
]


def upgrade() -> None:
    modes = op.create_table('work_modes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('available', sa.Boolean(), nullable=False),
        sa.Column('code', sa.String(length=4), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_work_modes')),
        sa.UniqueConstraint('code', name=op.f('uq_work_modes_code')),
        sa.UniqueConstraint('name', name=op.f('uq_work_modes_name')),
    )
    op.bulk_insert(modes, DEFAULT_MODES)
    op.create_table('agent_states',
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('mode_id', sa.Integer(), nullable=False),
        sa.Column('since', ringdesk.core.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['agent_accounts.id'],
                                name=op.f('fk_agent_states_account_id_agent_accounts'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['mode_id'], ['work_modes.id'],
                                name=op.f('fk_agent_states_mode_id_work_modes')),
        sa.PrimaryKeyConstraint('account_id', name=op.f('pk_agent_states')),
    )
    op.create_table('work_mode_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('mode_name', sa.String(length=60), nullable=False),
        sa.Column('available', sa.Boolean(), nullable=False),
        sa.Column('started_at', ringdesk.core.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column('ended_at', ringdesk.core.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('changed_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['agent_accounts.id'],
                                name=op.f('fk_work_mode_log_account_id_agent_accounts'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['changed_by'], ['users.id'],
                                name=op.f('fk_work_mode_log_changed_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_work_mode_log')),
    )
    op.create_index(op.f('ix_work_mode_log_account_id'), 'work_mode_log', ['account_id'])
    op.create_index(op.f('ix_work_mode_log_started_at'), 'work_mode_log', ['started_at'])


def downgrade() -> None:
    op.drop_index(op.f('ix_work_mode_log_started_at'), table_name='work_mode_log')
    op.drop_index(op.f('ix_work_mode_log_account_id'), table_name='work_mode_log')
    op.drop_table('work_mode_log')
    op.drop_table('agent_states')
    op.drop_table('work_modes')
