"""pbx_queue_supervisors: the supervisors who watch a queue on the live board (one who
supervises none sees every queue)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 03:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'pbx_queue_supervisors',
        sa.Column('queue_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['queue_id'], ['pbx_queues.id'], ondelete='CASCADE',
                                name=op.f('fk_pbx_queue_supervisors_queue_id_pbx_queues')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE',
                                name=op.f('fk_pbx_queue_supervisors_user_id_users')),
        sa.PrimaryKeyConstraint('queue_id', 'user_id', name=op.f('pk_pbx_queue_supervisors')))
    with op.batch_alter_table('pbx_queue_supervisors') as batch:
        batch.create_index(batch.f('ix_pbx_queue_supervisors_user_id'), ['user_id'])


def downgrade() -> None:
    op.drop_table('pbx_queue_supervisors')
