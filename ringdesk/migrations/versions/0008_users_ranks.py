"""users: rank, email, argon2 password, active flag; tokens handed out at login

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 11:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import ringdesk.core.db

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch.add_column(sa.Column('password_hash', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('rank', sa.String(length=24), nullable=False,
                                   server_default='agent'))
        batch.add_column(sa.Column('active', sa.Boolean(), nullable=False,
                                   server_default=sa.true()))
        batch.create_unique_constraint(op.f('uq_users_email'), ['email'])
    # Until now every user could change everything: they stay admins.
    op.execute("UPDATE users SET rank = 'admin'")
    op.create_table('user_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', ringdesk.core.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_user_tokens_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_user_tokens')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_user_tokens_token_hash')),
    )
    op.create_index(op.f('ix_user_tokens_user_id'), 'user_tokens', ['user_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_user_tokens_user_id'), table_name='user_tokens')
    op.drop_table('user_tokens')
    with op.batch_alter_table('users') as batch:
        batch.drop_constraint(op.f('uq_users_email'), type_='unique')
        for column in ('active', 'rank', 'password_hash', 'email'):
            batch.drop_column(column)
