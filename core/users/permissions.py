"""Who may do what: ranks, actions, and the action every API endpoint needs. Pure.

Ranks, from most to least powerful: ``admin`` (configuration, reports), ``supervisor``
(live dashboard, reports, all tickets), ``privileged_agent`` (also sees tickets assigned
to others), ``agent`` (own tickets and the queues they are granted). Every endpoint of the
app is in ``ENDPOINT_ACTIONS`` or ``PUBLIC``: one missing is refused (and a test lists the
app's endpoints against this table for every rank).
"""

from __future__ import annotations

ADMIN, SUPERVISOR, PRIVILEGED, AGENT = "admin", "supervisor", "privileged_agent", "agent"
RANKS = (ADMIN, SUPERVISOR, PRIVILEGED, AGENT)

_EVERYONE = frozenset(RANKS)
_MANAGERS = frozenset({ADMIN, SUPERVISOR})
_ADMINS = frozenset({ADMIN})

ACTIONS: dict[str, frozenset[str]] = {
    "tickets.read": _EVERYONE,  # which tickets: helpdesk/listing.py (by rank and queue)
    "tickets.write": _EVERYONE,
    "tickets.correct": _MANAGERS,  # move a status change in the history (SLA follows)
    "helpdesk.read": _EVERYONE,  # statuses, priorities, queues: what the desk shows
    "helpdesk.write": _ADMINS,
    "customers.read": _EVERYONE,
    "customers.write": _EVERYONE,
    "reports": _MANAGERS,
    "calls.recording": _EVERYONE,
    "click_to_call": _EVERYONE,
    "routes.read": _MANAGERS,
    "routes.write": _ADMINS,
    "pbx.read": _MANAGERS,
    "pbx.write": _ADMINS,
    "work_modes.read": _EVERYONE,
    "work_modes.write": _ADMINS,
    "agents.read": _MANAGERS,
    "agents.set_mode": _EVERYONE,
    "agents.mode_log": _MANAGERS,
    "live.view": _MANAGERS,
    "users.read": _ADMINS,
    "users.write": _ADMINS,
    "me": _EVERYONE,
}

# Flask endpoints anyone may call: health, the API description, logging in.
PUBLIC = frozenset({"health.healthz", "openapi.openapi", "auth.login", "static",
                    "routes.node_types", "routes.route_schema"})

ENDPOINT_ACTIONS: dict[str, str] = {
    "tickets.list_tickets": "tickets.read",
    "tickets.get_ticket": "tickets.read",
    "tickets.get_recording": "calls.recording",
    "agents.click_to_call": "click_to_call",
    "agents.list_modes": "work_modes.read",
    "agents.create_mode": "work_modes.write",
    "agents.update_mode": "work_modes.write",
    "agents.list_agents": "agents.read",
    "agents.set_mode": "agents.set_mode",
    "agents.mode_log": "agents.mode_log",
    "live.board": "live.view",
    "live.agents": "live.view",
    "live.queues": "live.view",
    "live.calls": "live.view",
    "pbx.list_accounts": "pbx.read",
    "pbx.create_account": "pbx.write",
    "pbx.list_queues": "pbx.read",
    "pbx.put_queue": "pbx.write",
    "pbx.check_config": "pbx.read",
    "pbx.apply_config": "pbx.write",
    "routes.list_routes": "routes.read",
    "routes.get_route": "routes.read",
    "routes.list_versions": "routes.read",
    "routes.get_version": "routes.read",
    "routes.diff_versions": "routes.read",
    "routes.validate_route": "routes.read",
    "routes.simulate_route": "routes.read",
    "routes.list_numbers": "routes.read",
    "routes.get_sounds": "routes.read",
    "routes.create_route": "routes.write",
    "routes.save_route": "routes.write",
    "routes.delete_route": "routes.write",
    "routes.publish_route": "routes.write",
    "routes.rollback_route": "routes.write",
    "routes.attach_number": "routes.write",
    "routes.detach_number": "routes.write",
    "routes.upload_sound": "routes.write",
    "routes.delete_sound": "routes.write",
    "auth.me": "me",
    "auth.list_users": "users.read",
    "auth.create_user": "users.write",
    "auth.update_user": "users.write",
    "auth.delete_user": "users.write",
    "auth.logout": "me",
    "tickets.create_ticket": "tickets.write",
    "tickets.change_ticket_fields": "tickets.write",
    "tickets.get_timeline": "tickets.read",
    "ticket_actions.post_note": "tickets.write",
    "ticket_actions.post_message": "tickets.write",
    "ticket_actions.post_attachment": "tickets.write",
    "ticket_actions.get_attachment": "tickets.read",
    "ticket_actions.watch": "tickets.write",
    "ticket_actions.unwatch": "tickets.write",
    "ticket_actions.post_snooze": "tickets.write",
    "ticket_actions.post_wake": "tickets.write",
    "ticket_actions.post_merge": "tickets.write",
    "ticket_actions.post_split": "tickets.write",
    "ticket_actions.correct_entry": "tickets.correct",
    "helpdesk_setup.list_statuses": "helpdesk.read",
    "helpdesk_setup.create_status": "helpdesk.write",
    "helpdesk_setup.update_status": "helpdesk.write",
    "helpdesk_setup.list_priorities": "helpdesk.read",
    "helpdesk_setup.create_priority": "helpdesk.write",
    "helpdesk_setup.update_priority": "helpdesk.write",
    "helpdesk_setup.list_calendars": "helpdesk.read",
    "helpdesk_setup.create_calendar": "helpdesk.write",
    "helpdesk_setup.update_calendar": "helpdesk.write",
    "helpdesk_setup.list_queues": "helpdesk.read",
    "helpdesk_setup.get_queue": "helpdesk.read",
    "helpdesk_setup.create_queue": "helpdesk.write",
    "helpdesk_setup.update_queue": "helpdesk.write",
    "helpdesk_setup.list_rules": "helpdesk.write",
    "helpdesk_setup.create_rule": "helpdesk.write",
    "helpdesk_setup.update_rule": "helpdesk.write",
    "helpdesk_setup.remove_rule": "helpdesk.write",
    "customers.list_contacts": "customers.read",
    "customers.get_contact": "customers.read",
    "customers.create_contact": "customers.write",
    "customers.update_contact": "customers.write",
    "customers.list_companies": "customers.read",
    "customers.create_company": "customers.write",
    "customers.update_company": "customers.write",
    "customers.list_notifications": "me",
    "customers.mark_read": "me",
    "reports.tickets_report": "reports",
    "reports.calls_report": "reports",
    "reports.export_tickets": "reports",
}


def allowed(rank: str, endpoint: str | None) -> bool:
    """May a user of ``rank`` call ``endpoint``? Unknown endpoints: no."""
    if endpoint in PUBLIC:
        return True
    action = ENDPOINT_ACTIONS.get(endpoint or "")
    return action is not None and rank in ACTIONS[action]
