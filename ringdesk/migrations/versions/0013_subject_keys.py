"""tickets: the message key and parameters of a subject the server wrote

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 17:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets') as batch:
        batch.add_column(sa.Column('subject_key', sa.String(length=40), nullable=False,
                                   server_default=''))
        batch.add_column(sa.Column('subject_params', sa.JSON(), nullable=False,
                                   server_default='{}'))
    with op.batch_alter_table('tickets') as batch:
        batch.alter_column('subject_key', server_default=None)
        batch.alter_column('subject_params', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('tickets') as batch:
        batch.drop_column('subject_params')
        batch.drop_column('subject_key')
