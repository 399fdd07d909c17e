"""routes, versions, users, caller lists, queues and agents

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 07:57:28.182936
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import ringdesk.core.db

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agent_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('endpoint', sa.String(length=80), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agent_accounts')),
    sa.UniqueConstraint('endpoint', name=op.f('uq_agent_accounts_endpoint'))
    )
    op.create_table('caller_lists',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('entries', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caller_lists')),
    sa.UniqueConstraint('name', name=op.f('uq_caller_lists_name'))
    )
    op.create_table('pbx_queues',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pbx_queues')),
    sa.UniqueConstraint('name', name=op.f('uq_pbx_queues_name'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=100), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('created_at', ringdesk.core.db.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('login', name=op.f('uq_users_login')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_users_token_hash'))
    )
    op.create_table('routes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.String(length=2000), nullable=False),
    sa.Column('draft', sa.JSON(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('published_version_id', sa.Integer(), nullable=True),
    sa.Column('created_at', ringdesk.core.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', ringdesk.core.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by'], ['users.id'], name=op.f('fk_routes_updated_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routes')),
    sa.UniqueConstraint('name', name=op.f('uq_routes_name'))
    )
    op.create_table('route_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('route_id', sa.Integer(), nullable=True),
    sa.Column('route_name', sa.String(length=200), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('at', ringdesk.core.db.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['route_id'], ['routes.id'], name=op.f('fk_route_audit_route_id_routes')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_route_audit_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_route_audit'))
    )
    with op.batch_alter_table('route_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_route_audit_route_id'), ['route_id'], unique=False)

    op.create_table('route_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('route_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('graph', sa.JSON(), nullable=False),
    sa.Column('published_at', ringdesk.core.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('published_by', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['published_by'], ['users.id'], name=op.f('fk_route_versions_published_by_users')),
    sa.ForeignKeyConstraint(['route_id'], ['routes.id'], name=op.f('fk_route_versions_route_id_routes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_route_versions')),
    sa.UniqueConstraint('route_id', 'number', name=op.f('uq_route_versions_route_id'))
    )
    with op.batch_alter_table('route_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_route_versions_route_id'), ['route_id'], unique=False)

    with op.batch_alter_table('routes', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_routes_published_version', 'route_versions',
                                    ['published_version_id'], ['id'])

    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('route_version_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('ticket_category', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('ticket_priority', sa.String(length=16), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('ticket_tags', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.create_foreign_key(batch_op.f('fk_calls_route_version_id_route_versions'), 'route_versions', ['route_version_id'], ['id'])

    with op.batch_alter_table('inbound_numbers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('route_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_inbound_numbers_route_id'), ['route_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_inbound_numbers_route_id_routes'), 'routes', ['route_id'], ['id'])
    _numbers_to_routes()
    with op.batch_alter_table('inbound_numbers', schema=None) as batch_op:
        batch_op.drop_column('answer_after_seconds')
        batch_op.drop_column('announcement')

    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('priority', sa.String(length=16), nullable=False, server_default='normal'))
        batch_op.add_column(sa.Column('tags', sa.JSON(), nullable=False, server_default='[]'))



def _numbers_to_routes() -> None:
    """Before routes, a number answered with one announcement (after optional ringing):
    each becomes a published route doing exactly that."""
    connection = op.get_bind()
    numbers = connection.execute(sa.text(
        "SELECT id, number, announcement, answer_after_seconds FROM inbound_numbers")).all()
    now = datetime.now(UTC)
    routes = sa.table("routes", sa.column("id", sa.Integer), sa.column("name", sa.String),
                      sa.column("description", sa.String), sa.column("draft", sa.JSON),
                      sa.column("revision", sa.Integer), sa.column("created_at", ringdesk.core.db.UtcDateTime),
                      sa.column("updated_at", ringdesk.core.db.UtcDateTime),
                      sa.column("published_version_id", sa.Integer))
    versions = sa.table("route_versions", sa.column("id", sa.Integer),
                        sa.column("route_id", sa.Integer), sa.column("number", sa.Integer),
                        sa.column("graph", sa.JSON), sa.column("published_at", ringdesk.core.db.UtcDateTime),
                        sa.column("note", sa.String))
    for number_id, number, announcement, ring in numbers:
        nodes = {"announce": {"type": "announcement", "params": {"sound": announcement},
                              "ports": {"next": "bye"}},
                 "bye": {"type": "hangup"}}
        entry = "announce"
        if ring:
            nodes["ring"] = {"type": "ring", "params": {"seconds": ring},
                             "ports": {"next": "announce"}}
            entry = "ring"
        graph = {"entry": entry, "nodes": nodes}
        route_id = connection.execute(routes.insert().values(
            name=f"Number {number}", description="migrated from the number's announcement",
            draft=graph, revision=1, created_at=now, updated_at=now).returning(routes.c.id)
        ).scalar_one()
        version_id = connection.execute(versions.insert().values(
            route_id=route_id, number=1, graph=graph, published_at=now,
            note="migrated").returning(versions.c.id)).scalar_one()
        connection.execute(routes.update().where(routes.c.id == route_id)
                           .values(published_version_id=version_id))
        connection.execute(sa.text("UPDATE inbound_numbers SET route_id = :route WHERE id = :id"),
                           {"route": route_id, "id": number_id})


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('tags')
        batch_op.drop_column('priority')
        batch_op.drop_column('category')

    with op.batch_alter_table('inbound_numbers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('announcement', sa.VARCHAR(length=200), nullable=False, server_default='ringdesk/welcome'))
        batch_op.add_column(sa.Column('answer_after_seconds', sa.INTEGER(), nullable=False, server_default='0'))
        batch_op.drop_constraint(batch_op.f('fk_inbound_numbers_route_id_routes'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_inbound_numbers_route_id'))
        batch_op.drop_column('route_id')

    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_calls_route_version_id_route_versions'), type_='foreignkey')
        batch_op.drop_column('ticket_tags')
        batch_op.drop_column('ticket_priority')
        batch_op.drop_column('ticket_category')
        batch_op.drop_column('route_version_id')

    with op.batch_alter_table('routes', schema=None) as batch_op:
        batch_op.drop_constraint('fk_routes_published_version', type_='foreignkey')
    with op.batch_alter_table('route_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_route_versions_route_id'))

    op.drop_table('route_versions')
    with op.batch_alter_table('route_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_route_audit_route_id'))

    op.drop_table('route_audit')
    op.drop_table('routes')
    op.drop_table('users')
    op.drop_table('pbx_queues')
    op.drop_table('caller_lists')
    op.drop_table('agent_accounts')
