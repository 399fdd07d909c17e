"""Tickets as the API shows them, with their calls and queue codes (shared by the ticket
views and the ticket actions)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.callcenter.calls.models import Call
from ringdesk.callcenter.pbx.models import AgentAccount
from ringdesk.core.errors import NotFound
from ringdesk.core.users.models import User
from ringdesk.helpdesk.setup.models import TicketQueue
from ringdesk.helpdesk.tickets.models import Ticket, TicketWatcher
from ringdesk.routes.models import Route, RouteVersion
from ringdesk.web.api.common import services
from ringdesk.web.schemas.tickets import Call as CallAnswer
from ringdesk.web.schemas.tickets import Ticket as TicketAnswer
from ringdesk.web.schemas.tickets import TicketDetail, TicketLink


def ticket_detail(ticket_id: int) -> TicketDetail:
    with services().sessions() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"ticket {ticket_id} does not exist", {"ticket_id": ticket_id})
        calls = calls_by_ticket(session, [ticket.id])
        answer = TicketAnswer.of(ticket, calls.get(ticket.id, []), queue_codes(session),
                                 names_of(session, [ticket.owner_id]))
        watchers = list(session.scalars(select(TicketWatcher.user_id).where(
            TicketWatcher.ticket_id == ticket.id).order_by(TicketWatcher.user_id)))
        linked_from = [TicketLink.model_validate(row) for row in session.execute(
            select(Ticket.id, Ticket.number).where(Ticket.linked_ticket_id == ticket.id))]
        return TicketDetail(**dict(answer), watchers=watchers, linked_from=linked_from)


def names_of(session: Session, user_ids: Iterable[int | None]) -> dict[int, str]:
    """People by id as a ticket shows them: their name, else their login."""
    wanted = {user_id for user_id in user_ids if user_id is not None}
    if not wanted:
        return {}
    return {user_id: name or login for user_id, name, login in session.execute(
        select(User.id, User.display_name, User.login).where(User.id.in_(wanted)))}


def queue_codes(session: Session) -> dict[int, str]:
    return {key: value for key, value in
            session.execute(select(TicketQueue.id, TicketQueue.code))}


def calls_by_ticket(session: Session, ticket_ids: list[int]) -> dict[int, list[CallAnswer]]:
    if not ticket_ids:
        return {}
    rows = session.execute(
        select(Call, RouteVersion.number, Route.name)
        .outerjoin(RouteVersion, RouteVersion.id == Call.route_version_id)
        .outerjoin(Route, Route.id == RouteVersion.route_id)
        .where(Call.ticket_id.in_(ticket_ids)).order_by(Call.id)
    ).all()
    names = agent_names(session) if rows else {}
    grouped: dict[int, list[CallAnswer]] = {}
    for call, version, route in rows:
        assert call.ticket_id is not None
        grouped.setdefault(call.ticket_id, []).append(
            CallAnswer.of(call, version, names.get(call.agent, ""), route or ""))
    return grouped


def agent_names(session: Session) -> dict[str, str]:
    """Each agent's device (``PJSIP/desk-anna``) to the name people know them by."""
    return {f"PJSIP/{endpoint}": name or endpoint for endpoint, name in
            session.execute(select(AgentAccount.endpoint, AgentAccount.display_name))}
