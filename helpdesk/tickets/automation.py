"""Running automation rules on the events a unit of work raised, and distribution picks."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import func, not_, select

from ringdesk.core.errors import RingdeskError
from ringdesk.core.users.models import User
from ringdesk.helpdesk.automation.rules import Action, Rule, matching_actions
from ringdesk.helpdesk.distribution.decisions import Candidate, pick
from ringdesk.helpdesk.distribution.presence import is_online
from ringdesk.helpdesk.setup.cache import SETUP
from ringdesk.helpdesk.setup.models import TicketQueue, TicketQueueAgent
from ringdesk.helpdesk.tickets.changes import (
    assign,
    move_to_queue,
    queue_agent_ids,
    set_priority,
    set_status,
)
from ringdesk.helpdesk.tickets.desk import Desk
from ringdesk.helpdesk.tickets.models import Ticket

log = logging.getLogger(__name__)
MAX_ROUNDS = 20  # rules that trigger each other stop here


def candidates(desk: Desk, queue_id: int) -> list[Candidate]:
    """The queue's agents with their load (open tickets of this queue) and presence."""
    held = {key: value for key, value in desk.session.execute(
        select(Ticket.owner_id, func.count()).where(
            Ticket.queue_id == queue_id, not_(Ticket.closed),
            Ticket.merged_into_id.is_(None), Ticket.owner_id.is_not(None))
        .group_by(Ticket.owner_id))}
    last = {key: value for key, value in desk.session.execute(
        select(Ticket.owner_id, func.max(Ticket.assigned_at)).where(
            Ticket.queue_id == queue_id, Ticket.owner_id.is_not(None))
        .group_by(Ticket.owner_id))}
    rows = desk.session.execute(
        select(User.id, User.signed_out, User.last_seen_at, TicketQueueAgent.buffer)
        .join(TicketQueueAgent, TicketQueueAgent.user_id == User.id)
        .where(TicketQueueAgent.queue_id == queue_id, User.active.is_(True))).all()
    return [Candidate(user_id, is_online(signed_out, seen, desk.now), held.get(user_id, 0),
                      buffer, last.get(user_id))
            for user_id, signed_out, seen, buffer in rows]


def facts(desk: Desk, ticket: Ticket) -> dict[str, Any]:
    queue = desk.session.get(TicketQueue, ticket.queue_id) if ticket.queue_id else None
    return {"status": ticket.status, "priority": ticket.priority,
            "queue": queue.code if queue else None, "channel": ticket.channel,
            "tags": list(ticket.tags), "owner": ticket.owner_id, "subject": ticket.subject}


def active_rules(desk: Desk) -> list[Rule]:
    return list(SETUP.get(desk.session).rules)


def run_rules(desk: Desk) -> None:
    """Carry out the rules for every event raised so far (and those the rules raise)."""
    if not desk.events:
        return
    rules = active_rules(desk)
    for _ in range(MAX_ROUNDS):
        if not desk.events:
            return
        pending, desk.events = desk.events, []
        for event, ticket_id in pending:
            ticket = desk.touched.get(ticket_id) or desk.session.get(Ticket, ticket_id)
            if ticket is None or ticket.merged_into_id is not None:
                continue
            for action in matching_actions(rules, event, facts(desk, ticket)):
                try:
                    carry_out(desk, ticket, action)
                except RingdeskError as error:  # a rule naming a deleted queue, say
                    log.warning("rule action %s on ticket %s failed: %s", action.action,
                                ticket.number, error.message)
    log.warning("automation rules kept triggering each other; stopped after %d rounds",
                MAX_ROUNDS)
    desk.events = []


def carry_out(desk: Desk, ticket: Ticket, action: Action) -> None:
    kind, value = action.action, action.value
    if kind in ("assign_round_robin", "assign_by_load"):
        chosen = pick(candidates(desk, ticket.queue_id or 0), kind == "assign_by_load")
        if chosen is not None:
            assign(desk, ticket, chosen.user_id)
    elif kind == "set_status":
        set_status(desk, ticket, value)
    elif kind == "set_priority":
        set_priority(desk, ticket, value)
    elif kind == "set_queue":
        move_to_queue(desk, ticket, value)
    elif kind in ("add_tags", "remove_tags"):
        tags = set(ticket.tags) | set(value) if kind == "add_tags" \
            else set(ticket.tags) - set(value)
        if tags != set(ticket.tags):
            desk.record(ticket, "tags", data={"rule": True, kind.split("_")[0]: value})
            ticket.tags = sorted(tags)
    elif kind == "notify":
        targets: set[int | None]
        if value == "owner":
            targets = {ticket.owner_id}
        elif value == "watchers":
            targets = desk.watchers(ticket)
        elif value == "queue_agents":
            targets = set(queue_agent_ids(desk.session, ticket.queue_id))
        else:
            targets = {value}
        desk.notify(targets, "rule", ticket)
