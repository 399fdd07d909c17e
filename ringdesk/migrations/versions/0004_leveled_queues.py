"""leveled queues and agent accounts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 09:35:26.840079
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# Existing rows get the same values the models default to.
QUEUE_COLUMNS = [
    ('ring_timeout', sa.Integer(), '15'), ('retry', sa.Integer(), '2'),
    ('max_wait', sa.Integer(), '300'), ('wrapup', sa.Integer(), '0'),
    ('music_class', sa.String(length=80), 'default'),
    ('announce_frequency', sa.Integer(), '0'),
    ('announce_position', sa.Boolean(), sa.false()),
    ('announce_holdtime', sa.Boolean(), sa.false()),
]


def upgrade() -> None:
    op.create_table('pbx_queue_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('queue_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['agent_accounts.id'],
                            name=op.f('fk_pbx_queue_members_account_id_agent_accounts'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['queue_id'], ['pbx_queues.id'],
                            name=op.f('fk_pbx_queue_members_queue_id_pbx_queues'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pbx_queue_members')),
    sa.UniqueConstraint('queue_id', 'account_id', name=op.f('uq_pbx_queue_members_queue_id'))
    )
    with op.batch_alter_table('agent_accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('password_ha1', sa.String(length=32), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('static_contact', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_agent_accounts_user_id'), ['user_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_agent_accounts_user_id_users'), 'users',
                                    ['user_id'], ['id'])
    with op.batch_alter_table('pbx_queues', schema=None) as batch_op:
        for name, column_type, default in QUEUE_COLUMNS:
            batch_op.add_column(sa.Column(name, column_type, nullable=False,
                                          server_default=default))


def downgrade() -> None:
    with op.batch_alter_table('pbx_queues', schema=None) as batch_op:
        for name, _, _ in reversed(QUEUE_COLUMNS):
            batch_op.drop_column(name)
    with op.batch_alter_table('agent_accounts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_agent_accounts_user_id_users'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_agent_accounts_user_id'))
        batch_op.drop_column('user_id')
        batch_op.drop_column('static_contact')
        batch_op.drop_column('password_ha1')
    op.drop_table('pbx_queue_members')
