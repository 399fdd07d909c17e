"""ticket number counters

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 08:32:15.960394
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ticket_counters',
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_ticket_counters'))
    )
    # Until now a ticket's number was its id: the default counter continues from there.
    op.execute("INSERT INTO ticket_counters (key, value) "
               "SELECT 'default:nr:all', MAX(id) FROM tickets HAVING COUNT(*) > 0")


def downgrade() -> None:
    op.drop_table('ticket_counters')
