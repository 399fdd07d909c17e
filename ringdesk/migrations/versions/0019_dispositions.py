"""dispositions: the wrap-up codes of a PBX queue, and the one an agent chose for a call

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 08:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('pbx_queues') as table:
        table.add_column(sa.Column('dispositions', sa.JSON(), nullable=False,
                                   server_default=sa.text("'[]'")))
    with op.batch_alter_table('calls') as table:
        table.add_column(sa.Column('disposition', sa.String(length=60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('calls') as table:
        table.drop_column('disposition')
    with op.batch_alter_table('pbx_queues') as table:
        table.drop_column('dispositions')
