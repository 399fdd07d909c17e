"""What the help desk does on its own as time passes; ``tick`` runs every half minute.

Snoozes that ended, reaction and resolution times that passed, automatic distribution,
tickets of agents logged out too long going back to distribution, queues nobody staffs.
Each step is one query for the candidates plus the service-layer calls for each ticket.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import not_, select
from sqlalchemy.orm import Session, sessionmaker

from ringdesk.core.users.models import User
from ringdesk.core.users.permissions import ADMIN, SUPERVISOR
from ringdesk.helpdesk.distribution.decisions import Waiting, plan, reassign_due, source_of
from ringdesk.helpdesk.distribution.presence import offline_since
from ringdesk.helpdesk.setup.models import TicketQueue, TicketQueueAgent
from ringdesk.helpdesk.sla.clock import used_fraction
from ringdesk.helpdesk.tickets.automation import candidates, run_rules
from ringdesk.helpdesk.tickets.changes import assign, queue_agent_ids
from ringdesk.helpdesk.tickets.conversation import snooze_ended
from ringdesk.helpdesk.tickets.desk import Desk, sla_targets
from ringdesk.helpdesk.tickets.models import Ticket

BATCH = 500


@dataclass
class TickReport:
    woken: int = 0
    reaction_passed: int = 0
    resolution_passed: int = 0
    assigned: int = 0
    reassigned: int = 0
    recomputed: int = 0
    alerts: list[str] = field(default_factory=list)


_ACTIVE = (not_(Ticket.closed), Ticket.merged_into_id.is_(None))


def tick(desk: Desk) -> TickReport:
    report = TickReport()
    for ticket in desk.session.scalars(select(Ticket).where(
            Ticket.snoozed_until <= desk.now).limit(BATCH)):
        snooze_ended(desk, ticket)
        report.woken += 1
    for ticket in desk.session.scalars(select(Ticket).where(
            *_ACTIVE,
            Ticket.reaction_breached.is_(False), Ticket.first_reaction_at.is_(None),
            Ticket.reaction_due <= desk.now).limit(BATCH)):
        ticket.reaction_breached = True
        _alert_ticket(desk, ticket, "reaction_time_passed")
        report.reaction_passed += 1
    for ticket in desk.session.scalars(select(Ticket).where(
            *_ACTIVE,
            Ticket.resolution_breached.is_(False),
            Ticket.resolution_due <= desk.now).limit(BATCH)):
        ticket.resolution_breached = True
        _alert_ticket(desk, ticket, "resolution_time_passed")
        report.resolution_passed += 1
    queues = list(desk.session.scalars(select(TicketQueue).where(TicketQueue.active.is_(True))))
    for queue in queues:
        if queue.sla_rebuild_from is not None:
            report.recomputed += _recompute_sla(desk, queue)
    for queue in queues:
        report.reassigned += _reassign_unhandled(desk, queue)
    for queue in queues:
        if queue.distribution == "automatic":
            report.assigned += _distribute(desk, queue)
        if _nobody_there(desk, queue):
            report.alerts.append(queue.code)
    run_rules(desk)
    return report


def _recompute_sla(desk: Desk, queue: TicketQueue) -> int:
    """Rebuild open tickets' due times after the queue's targets or calendar changed, a
    batch per pass in id order; done when a batch comes back short."""
    tickets = list(desk.session.scalars(select(Ticket).where(
        *_ACTIVE, Ticket.queue_id == queue.id, Ticket.id > (queue.sla_rebuild_from or 0))
        .order_by(Ticket.id).limit(BATCH)))
    for ticket in tickets:
        desk.refresh_sla(ticket, queue=queue)
    queue.sla_rebuild_from = tickets[-1].id if len(tickets) == BATCH else None
    return len(tickets)


def _alert_ticket(desk: Desk, ticket: Ticket, kind: str) -> None:
    desk.record(ticket, kind.removesuffix("_passed") + "_breached")
    targets: set[int | None] = {ticket.owner_id} if ticket.owner_id else \
        set(queue_agent_ids(desk.session, ticket.queue_id))
    desk.notify(targets | desk.watchers(ticket), kind, ticket)
    desk.events.append((kind, ticket.id))


def _distribute(desk: Desk, queue: TicketQueue) -> int:
    agents = candidates(desk, queue.id)
    room = sum(agent.room for agent in agents)
    if room <= 0:
        return 0
    waiting = [Waiting(ticket_id, source_of(channel), created_at)
               for ticket_id, channel, created_at in desk.session.execute(
                   select(Ticket.id, Ticket.channel, Ticket.created_at).where(
            *_ACTIVE,
                       Ticket.queue_id == queue.id, Ticket.owner_id.is_(None),
                       Ticket.snoozed_until.is_(None))
                   .order_by(Ticket.created_at).limit(max(room * 4, BATCH)))]
    pairs = plan(waiting, agents, queue.source_weights or {}, desk.now)
    for ticket_id, user_id in pairs:
        ticket = desk.session.get(Ticket, ticket_id)
        assert ticket is not None
        assign(desk, ticket, user_id, note="automatic distribution")
    return len(pairs)


def _reassign_unhandled(desk: Desk, queue: TicketQueue) -> int:
    if not queue.reassign_after_minutes or not queue.reassign_percent:
        return 0
    gone = {}
    for user_id, signed_out, seen in desk.session.execute(
            select(User.id, User.signed_out, User.last_seen_at)
            .join(TicketQueueAgent, TicketQueueAgent.user_id == User.id)
            .where(TicketQueueAgent.queue_id == queue.id)):
        since = offline_since(signed_out, seen, desk.now)
        if since is not None:
            gone[user_id] = since
    if not gone:
        return 0
    target = sla_targets(queue).resolution
    moved = 0
    for ticket in desk.session.scalars(select(Ticket).where(
            *_ACTIVE,
            Ticket.queue_id == queue.id, Ticket.owner_id.in_(gone)).limit(BATCH)):
        used = desk.refresh_sla(ticket, queue=queue).resolution_used
        percent = queue.reassign_percent.get(source_of(ticket.channel))
        assert ticket.owner_id is not None
        if reassign_due(gone[ticket.owner_id], desk.now, queue.reassign_after_minutes,
                        percent, used_fraction(used, target)):
            assign(desk, ticket, None, note="owner logged out: back to distribution")
            moved += 1
    return moved


def _nobody_there(desk: Desk, queue: TicketQueue) -> bool:
    """Alert supervisors once when no agent of the queue was logged in for the set time."""
    if not queue.no_agent_alert_minutes:
        return False
    rows = desk.session.execute(
        select(User.signed_out, User.last_seen_at)
        .join(TicketQueueAgent, TicketQueueAgent.user_id == User.id)
        .where(TicketQueueAgent.queue_id == queue.id, User.active.is_(True))).all()
    left = [offline_since(signed_out, seen, desk.now) for signed_out, seen in rows]
    if any(since is None for since in left):
        queue.no_agent_alerted_at = None  # someone is there: alert again next time
        return False
    empty_since = max((since for since in left if since is not None), default=None)
    if empty_since is not None and desk.now - empty_since < timedelta(
            minutes=queue.no_agent_alert_minutes):
        return False
    if queue.no_agent_alerted_at is not None:
        return False
    queue.no_agent_alerted_at = desk.now
    managers = set(desk.session.scalars(select(User.id).where(
        User.rank.in_((ADMIN, SUPERVISOR)), User.active.is_(True))))
    desk.notify(managers, "no_agent", None, {"queue": queue.code})
    return True



def run_tick(sessions: sessionmaker[Session], now: datetime) -> TickReport:
    """One pass in its own transaction (the server's timer calls this every half minute)."""
    with sessions.begin() as session:
        return tick(Desk(session, None, now))
