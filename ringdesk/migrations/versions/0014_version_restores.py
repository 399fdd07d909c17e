"""route_versions: which version a rollback restored, instead of an English note

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 19:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

ROLLBACK_NOTE = "rollback to version "


def upgrade() -> None:
    with op.batch_alter_table('route_versions') as batch:
        batch.add_column(sa.Column('restores', sa.Integer(), nullable=True))
    versions = sa.table('route_versions', sa.column('id', sa.Integer),
                        sa.column('note', sa.String), sa.column('restores', sa.Integer))
    connection = op.get_bind()
    # The notes the server used to write itself: a rollback's becomes its number, the
    # default "published" becomes no note (the web app words both in the reader's language).
    for row_id, note in connection.execute(sa.select(versions.c.id, versions.c.note)):
        if note.startswith(ROLLBACK_NOTE) and note[len(ROLLBACK_NOTE):].isdigit():
            connection.execute(versions.update().where(versions.c.id == row_id).values(
                restores=int(note[len(ROLLBACK_NOTE):]), note=""))
        elif note == "published":
            connection.execute(versions.update().where(versions.c.id == row_id).values(note=""))


def downgrade() -> None:
    with op.batch_alter_table('route_versions') as batch:
        batch.drop_column('restores')
