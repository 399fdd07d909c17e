"""browser_sessions: why a session was ended elsewhere, so its browser can say so

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 19:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('browser_sessions') as batch:
        batch.add_column(sa.Column('ended_reason', sa.String(length=32), nullable=True))


def downgrade() -> None:
    # Sessions ended on purpose were kept only to say why: without the reason they are
    # gone, as they were before.
    op.execute("DELETE FROM browser_sessions WHERE ended_reason IS NOT NULL")
    with op.batch_alter_table('browser_sessions') as batch:
        batch.drop_column('ended_reason')
