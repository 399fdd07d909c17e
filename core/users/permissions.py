"""Who may do what: ranks and the actions each may take. Pure.

Ranks, from most to least powerful: ``admin`` (configuration, reports), ``supervisor``
(live dashboard, reports, all tickets), ``privileged_agent`` (also sees tickets assigned
to others), ``agent`` (own tickets and the queues they are granted). Every API view
declares the action it needs beside itself (web/contract.py); a test calls every endpoint
with every rank against this table.
"""

from __future__ import annotations

import enum


class Rank(enum.StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    PRIVILEGED_AGENT = "privileged_agent"
    AGENT = "agent"


ADMIN, SUPERVISOR, PRIVILEGED, AGENT = Rank
RANKS: tuple[str, ...] = tuple(Rank)

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
    "calls.recording": _EVERYONE,  # of the tickets one may see
    "calls.recording_untracked": _MANAGERS,  # of calls without a ticket
    "click_to_call": _EVERYONE,  # ringing one's own phone
    "click_to_call.for_others": _MANAGERS,  # ringing another agent's phone
    "routes.read": _MANAGERS,
    "routes.write": _ADMINS,
    "pbx.read": _MANAGERS,
    "pbx.write": _ADMINS,
    "work_modes.read": _EVERYONE,
    "work_modes.write": _ADMINS,
    "agents.read": _MANAGERS,
    "agents.set_mode": _EVERYONE,  # one's own
    "agents.set_any_mode": _MANAGERS,
    "agents.mode_log": _MANAGERS,
    "live.view": _MANAGERS,
    "live.spy": _MANAGERS,  # listen, whisper, barge: each use is in the audit log
    "live.redirect": _MANAGERS,  # send a waiting caller to an agent: in the audit log too
    "audit.read": _ADMINS,
    "wallboards.manage": _ADMINS,
    "users.read": _ADMINS,
    "users.write": _ADMINS,
    "me": _EVERYONE,
    "tokens.own": _EVERYONE,  # one's personal API tokens
}

def may(rank: str, action: str | None) -> bool:
    """May a user of ``rank`` do ``action``? Unknown actions: no."""
    return action is not None and rank in ACTIONS.get(action, frozenset())


def permissions_of(rank: str) -> list[str]:
    """Every action a user of ``rank`` may take (the web app shows what these allow)."""
    return sorted(action for action, ranks in ACTIONS.items() if rank in ranks)
