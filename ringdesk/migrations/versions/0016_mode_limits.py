"""work_modes.limit_minutes: how long an agent may stay in a mode before the live board
marks them; a "Missed calls" mode for agents paused after letting calls ring out

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 23:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

MISSED_CALLS = 'Missed calls'


def upgrade() -> None:
    with op.batch_alter_table('work_modes') as batch:
        batch.add_column(sa.Column('limit_minutes', sa.Integer(), nullable=True))
    connection = op.get_bind()
    modes = sa.table('work_modes', sa.column('name', sa.String), sa.column('code', sa.String),
                     sa.column('available', sa.Boolean), sa.column('active', sa.Boolean))
    names = {row[0] for row in connection.execute(sa.select(modes.c.name))}
    codes = {row[0] for row in connection.execute(sa.select(modes.c.code))}
    if MISSED_CALLS not in names:
        code = next(str(number) for number in range(9, 10000) if str(number) not in codes)
        op.bulk_insert(modes, [{'name': MISSED_CALLS, 'code': code, 'available': False,
                                'active': True}])


def downgrade() -> None:
    with op.batch_alter_table('work_modes') as batch:
        batch.drop_column('limit_minutes')
