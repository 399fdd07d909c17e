"""help desk: queues, statuses, priorities, calendars, timeline, customers, rules, notifications

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22 12:50:21.422549
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import ringdesk.core.db
import ringdesk.helpdesk.tickets.models

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('automation_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('event', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('conditions', sa.JSON(), nullable=False),
    sa.Column('actions', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_automation_rules'))
    )
    op.create_table('business_calendars',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('hours', sa.JSON(), nullable=False),
    sa.Column('closed_dates', sa.JSON(), nullable=False),
    sa.Column('exceptional', sa.JSON(), nullable=False),
    sa.Column('country', sa.String(length=8), nullable=True),
    sa.Column('subdivision', sa.String(length=16), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_business_calendars')),
    sa.UniqueConstraint('name', name=op.f('uq_business_calendars_name'))
    )
    op.create_table('companies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('domain', sa.String(length=200), nullable=True),
    sa.Column('created_at', ringdesk.core.db.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_companies')),
    sa.UniqueConstraint('domain', name=op.f('uq_companies_domain'))
    )
    op.create_table('ticket_priorities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_priorities')),
    sa.UniqueConstraint('code', name=op.f('uq_ticket_priorities_code'))
    )
    op.create_table('ticket_statuses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('counts_sla', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_statuses')),
    sa.UniqueConstraint('code', name=op.f('uq_ticket_statuses_code'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', ringdesk.core.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=48), nullable=False),
    sa.Column('target', sa.String(length=100), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_log_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_table('ticket_queues',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('colour', sa.String(length=7), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('distribution', sa.String(length=16), nullable=False),
    sa.Column('source_weights', sa.JSON(), nullable=False),
    sa.Column('reaction_minutes', sa.Integer(), nullable=True),
    sa.Column('resolution_minutes', sa.Integer(), nullable=True),
    sa.Column('calendar_id', sa.Integer(), nullable=True),
    sa.Column('default_status', sa.String(length=32), nullable=False),
    sa.Column('statuses', sa.JSON(), nullable=False),
    sa.Column('number_pattern', sa.String(length=60), nullable=False),
    sa.Column('renumber_on_move', sa.Boolean(), nullable=False),
    sa.Column('closed_reply', sa.String(length=16), nullable=False),
    sa.Column('reopen_status', sa.String(length=32), nullable=False),
    sa.Column('reassign_after_minutes', sa.Integer(), nullable=True),
    sa.Column('reassign_percent', sa.JSON(), nullable=False),
    sa.Column('no_agent_alert_minutes', sa.Integer(), nullable=True),
    sa.Column('no_agent_alerted_at', ringdesk.core.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('sla_rebuild_from', sa.Integer(), nullable=True),
    sa.Column('created_at', ringdesk.core.db.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['calendar_id'], ['business_calendars.id'], name=op.f('fk_ticket_queues_calendar_id_business_calendars')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_queues')),
    sa.UniqueConstraint('code', name=op.f('uq_ticket_queues_code'))
    )
    op.create_table('contact_addresses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('value', sa.String(length=254), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_contact_addresses_contact_id_contacts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_addresses')),
    sa.UniqueConstraint('kind', 'value', name=op.f('uq_contact_addresses_kind'))
    )
    with op.batch_alter_table('contact_addresses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_addresses_contact_id'), ['contact_id'], unique=False)

    op.create_table('ticket_queue_agents',
    sa.Column('queue_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('buffer', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['queue_id'], ['ticket_queues.id'], name=op.f('fk_ticket_queue_agents_queue_id_ticket_queues'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_ticket_queue_agents_user_id_users')),
    sa.PrimaryKeyConstraint('queue_id', 'user_id', name=op.f('pk_ticket_queue_agents'))
    )
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('at', ringdesk.core.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('read', sa.Boolean(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_notifications_ticket_id_tickets')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_user_read', ['user_id', 'read'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('ticket_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('at', ringdesk.core.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('about_user_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_ticket_events_author_id_users')),
    sa.ForeignKeyConstraint(['about_user_id'], ['users.id'], name=op.f('fk_ticket_events_about_user_id_users')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_events_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_events'))
    )
    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_events_ticket_at', ['ticket_id', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_ticket_events_about_user_id'), ['about_user_id'], unique=False)

    op.create_table('ticket_watchers',
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_watchers_ticket_id_tickets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_ticket_watchers_user_id_users')),
    sa.PrimaryKeyConstraint('ticket_id', 'user_id', name=op.f('pk_ticket_watchers'))
    )
    # Phones move from contacts.phone to the contact's addresses (phones and emails).
    op.execute("INSERT INTO contact_addresses (contact_id, kind, value) "
               "SELECT id, 'phone', phone FROM contacts WHERE phone IS NOT NULL")
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('company_id', sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_contacts_phone'), type_='unique')
        batch_op.create_index(batch_op.f('ix_contacts_company_id'), ['company_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_contacts_company_id_companies'), 'companies', ['company_id'], ['id'])
        batch_op.drop_column('phone')

    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('queue_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default=sa.text('1')))
        batch_op.add_column(sa.Column('closed', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('reaction_due', ringdesk.core.db.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('resolution_due', ringdesk.core.db.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('sla_paused', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('handling_seconds', sa.Integer(), nullable=False, server_default=sa.text('0')))
        batch_op.add_column(sa.Column('first_reaction_at', ringdesk.core.db.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('resolved_at', ringdesk.core.db.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('assigned_at', ringdesk.core.db.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reaction_breached', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('resolution_breached', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('snoozed_until', ringdesk.core.db.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('linked_ticket_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('search_vector', ringdesk.helpdesk.tickets.models.SearchVector(), nullable=True))
        batch_op.create_index(batch_op.f('ix_tickets_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_queue_id'), ['queue_id'], unique=False)
        batch_op.create_index('ix_tickets_search_vector', ['search_vector'], unique=False, postgresql_using='gin')
        batch_op.create_index('ix_tickets_open_owner_due', ['owner_id', 'resolution_due', 'id'], unique=False,
                              postgresql_where=sa.text('NOT closed'), sqlite_where=sa.text('NOT closed'))
        batch_op.create_index('ix_tickets_waiting_queue_due', ['queue_id', 'resolution_due', 'id'], unique=False,
                              postgresql_where=sa.text('NOT closed AND owner_id IS NULL'),
                              sqlite_where=sa.text('NOT closed AND owner_id IS NULL'))
        batch_op.create_index(batch_op.f('ix_tickets_snoozed_until'), ['snoozed_until'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_merged_into_id'), ['merged_into_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_linked_ticket_id'), ['linked_ticket_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_tickets_linked_ticket_id_tickets'), 'tickets', ['linked_ticket_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_tickets_queue_id_ticket_queues'), 'ticket_queues', ['queue_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_tickets_merged_into_id_tickets'), 'tickets', ['merged_into_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_tickets_owner_id_users'), 'users', ['owner_id'], ['id'])

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_seen_at', ringdesk.core.db.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('signed_out', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('tickets_seen_at', ringdesk.core.db.UtcDateTime(timezone=True), nullable=True))
    _seed_defaults()


def _seed_defaults() -> None:
    """The shipped statuses, priorities, the default queue and the default rule; existing
    tickets land in the default queue."""
    statuses = sa.table('ticket_statuses', sa.column('code', sa.String),
                        sa.column('name', sa.String), sa.column('kind', sa.String),
                        sa.column('counts_sla', sa.Boolean), sa.column('position', sa.Integer),
                        sa.column('active', sa.Boolean))
    op.bulk_insert(statuses, [
        {'code': code, 'name': name, 'kind': kind, 'counts_sla': counts, 'position': index,
         'active': True}
        for index, (code, name, kind, counts) in enumerate([
            ('open', 'Open', 'normal', True),
            ('in_progress', 'In progress', 'normal', True),
            ('waiting_customer', 'Waiting for customer', 'normal', False),
            ('call_back', 'Call back', 'normal', True),
            ('resolved', 'Resolved', 'closed', False),
            ('closed', 'Closed', 'closed', False),
        ])])
    priorities = sa.table('ticket_priorities', sa.column('code', sa.String),
                          sa.column('name', sa.String), sa.column('position', sa.Integer),
                          sa.column('active', sa.Boolean))
    op.bulk_insert(priorities, [
        {'code': code, 'name': code.capitalize(), 'position': index, 'active': True}
        for index, code in enumerate(['low', 'normal', 'high', 'urgent'])])
    queues = sa.table('ticket_queues', *(sa.column(name) for name in (
        'name', 'code', 'colour', 'active', 'is_default', 'distribution', 'default_status',
        'number_pattern', 'renumber_on_move', 'closed_reply', 'reopen_status')),
        *(sa.column(name, sa.JSON) for name in ('source_weights', 'statuses',
                                                'reassign_percent')),
        sa.column('created_at', ringdesk.core.db.UtcDateTime()))
    op.bulk_insert(queues, [{
        'name': 'General', 'code': 'general', 'colour': '#607d8b', 'active': True,
        'is_default': True, 'distribution': 'manual', 'source_weights': {},
        'default_status': 'open', 'statuses': [], 'number_pattern': '{{nr}}',
        'renumber_on_move': False, 'closed_reply': 'reopen', 'reopen_status': 'open',
        'reassign_percent': {}, 'created_at': datetime.now(UTC)}])
    rules = sa.table('automation_rules', *(sa.column(name) for name in (
        'name', 'event', 'position', 'active')), sa.column('conditions', sa.JSON),
        sa.column('actions', sa.JSON))
    op.bulk_insert(rules, [{
        'name': 'A customer reply reopens a ticket waiting for them',
        'event': 'customer_replied', 'position': 0, 'active': True,
        'conditions': [{'field': 'status', 'op': 'is', 'value': 'waiting_customer'}],
        'actions': [{'action': 'set_status', 'value': 'open'}]}])
    op.execute("UPDATE tickets SET queue_id = (SELECT id FROM ticket_queues "
               "WHERE code = 'general')")
    op.execute("UPDATE tickets SET closed = " + ("true" if op.get_bind().dialect.name ==
               "postgresql" else "1") + " WHERE status IN ('resolved', 'closed')")



def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('tickets_seen_at')
        batch_op.drop_column('signed_out')
        batch_op.drop_column('last_seen_at')

    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_tickets_owner_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_tickets_merged_into_id_tickets'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_tickets_queue_id_ticket_queues'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_tickets_linked_ticket_id_tickets'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_tickets_snoozed_until'))
        batch_op.drop_index(batch_op.f('ix_tickets_merged_into_id'))
        batch_op.drop_index(batch_op.f('ix_tickets_linked_ticket_id'))
        batch_op.drop_index('ix_tickets_search_vector', postgresql_using='gin')
        batch_op.drop_index('ix_tickets_open_owner_due')
        batch_op.drop_index('ix_tickets_waiting_queue_due')
        batch_op.drop_index(batch_op.f('ix_tickets_queue_id'))
        batch_op.drop_index(batch_op.f('ix_tickets_owner_id'))
        batch_op.drop_column('search_vector')
        batch_op.drop_column('linked_ticket_id')
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('snoozed_until')
        batch_op.drop_column('resolution_breached')
        batch_op.drop_column('reaction_breached')
        batch_op.drop_column('assigned_at')
        batch_op.drop_column('resolved_at')
        batch_op.drop_column('first_reaction_at')
        batch_op.drop_column('handling_seconds')
        batch_op.drop_column('sla_paused')
        batch_op.drop_column('resolution_due')
        batch_op.drop_column('reaction_due')
        batch_op.drop_column('closed')
        batch_op.drop_column('version')
        batch_op.drop_column('owner_id')
        batch_op.drop_column('queue_id')

    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone', sa.VARCHAR(length=32), nullable=True))
    op.execute("UPDATE contacts SET phone = (SELECT min(value) FROM contact_addresses a "
               "WHERE a.contact_id = contacts.id AND a.kind = 'phone')")
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_contacts_company_id_companies'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_contacts_company_id'))
        batch_op.create_unique_constraint(batch_op.f('uq_contacts_phone'), ['phone'])
        batch_op.drop_column('company_id')

    op.drop_table('ticket_watchers')
    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_events_ticket_at')
        batch_op.drop_index(batch_op.f('ix_ticket_events_about_user_id'))

    op.drop_table('ticket_events')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_read')
        batch_op.drop_index(batch_op.f('ix_notifications_ticket_id'))

    op.drop_table('notifications')
    op.drop_table('ticket_queue_agents')
    with op.batch_alter_table('contact_addresses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_addresses_contact_id'))

    op.drop_table('contact_addresses')
    op.drop_table('ticket_queues')
    op.drop_table('audit_log')
    op.drop_table('ticket_statuses')
    op.drop_table('ticket_priorities')
    op.drop_table('companies')
    op.drop_table('business_calendars')
    op.drop_table('automation_rules')
