"""caller IDs shown on click-to-call: per agent account and per queue

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 10:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('agent_accounts', 'pbx_queues'):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('caller_id', sa.String(length=32), nullable=False,
                                       server_default=''))


def downgrade() -> None:
    for table in ('pbx_queues', 'agent_accounts'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('caller_id')
