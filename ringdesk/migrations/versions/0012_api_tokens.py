"""API tokens that end: kind, name, expiry, last use; TOTP codes used once, seeds sealed

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 17:00:00
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

import ringdesk.core.db

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

# Tokens issued before they ended get this long from the upgrade (then they are made anew).
EXISTING_TOKEN_DAYS = 30


def upgrade() -> None:
    until = datetime.now(UTC) + timedelta(days=EXISTING_TOKEN_DAYS)
    with op.batch_alter_table('user_tokens') as batch:
        batch.add_column(sa.Column('kind', sa.String(length=16), nullable=False,
                                   server_default='login'))
        batch.add_column(sa.Column('name', sa.String(length=100), nullable=False,
                                   server_default=''))
        batch.add_column(sa.Column('expires_at', ringdesk.core.db.UtcDateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column('last_used_at', ringdesk.core.db.UtcDateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column('created_by', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_user_tokens_created_by_users'), 'users',
                                 ['created_by'], ['id'])
    tokens = sa.table('user_tokens', sa.column('user_id', sa.Integer()),
                      sa.column('token_hash', sa.String()), sa.column('kind', sa.String()),
                      sa.column('name', sa.String()),
                      sa.column('created_at', ringdesk.core.db.UtcDateTime(timezone=True)),
                      sa.column('expires_at', ringdesk.core.db.UtcDateTime(timezone=True)))
    op.execute(tokens.update().values(expires_at=until))
    # The command line's token (one per user, kept on the user) becomes a personal token.
    users = sa.table('users', sa.column('id', sa.Integer()),
                     sa.column('token_hash', sa.String()))
    connection = op.get_bind()
    old = connection.execute(sa.select(users.c.id, users.c.token_hash)
                             .where(users.c.token_hash.is_not(None))).all()
    if old:
        now = datetime.now(UTC)
        op.bulk_insert(tokens, [
            {"user_id": user_id, "token_hash": token_hash, "kind": "personal",
             "name": "command-line token", "created_at": now, "expires_at": until}
            for user_id, token_hash in old])
    with op.batch_alter_table('user_tokens') as batch:
        batch.alter_column('expires_at', nullable=False)
        batch.alter_column('kind', server_default=None)
        batch.alter_column('name', server_default=None)
    with op.batch_alter_table('users') as batch:
        batch.drop_constraint(op.f('uq_users_token_hash'), type_='unique')
        batch.drop_column('token_hash')
        batch.alter_column('totp_secret', type_=sa.String(length=255))
        batch.alter_column('totp_pending', type_=sa.String(length=255))
        batch.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.drop_column('totp_last_step')
        batch.alter_column('totp_pending', type_=sa.String(length=64))
        batch.alter_column('totp_secret', type_=sa.String(length=64))
        batch.add_column(sa.Column('token_hash', sa.String(length=64), nullable=True))
        batch.create_unique_constraint(op.f('uq_users_token_hash'), ['token_hash'])
    with op.batch_alter_table('user_tokens') as batch:
        batch.drop_constraint(op.f('fk_user_tokens_created_by_users'), type_='foreignkey')
        batch.drop_column('created_by')
        batch.drop_column('last_used_at')
        batch.drop_column('expires_at')
        batch.drop_column('name')
        batch.drop_column('kind')
