"""caller lists edited in the web app: description, revision, last change and who made it

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import ringdesk.core.db

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('caller_lists') as batch:
        batch.add_column(sa.Column('description', sa.String(length=500), nullable=False,
                                   server_default=''))
        batch.add_column(sa.Column('revision', sa.Integer(), nullable=False,
                                   server_default='1'))
        batch.add_column(sa.Column('updated_at', ringdesk.core.db.UtcDateTime(timezone=True),
                                   nullable=False, server_default=sa.func.now()))
        batch.add_column(sa.Column('updated_by', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_caller_lists_updated_by_users'), 'users',
                                 ['updated_by'], ['id'])
    with op.batch_alter_table('caller_lists') as batch:
        batch.alter_column('description', server_default=None)
        batch.alter_column('revision', server_default=None)
        batch.alter_column('updated_at', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('caller_lists') as batch:
        batch.drop_constraint(op.f('fk_caller_lists_updated_by_users'), type_='foreignkey')
        batch.drop_column('updated_by')
        batch.drop_column('updated_at')
        batch.drop_column('revision')
        batch.drop_column('description')
