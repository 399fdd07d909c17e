"""/api/v1/tickets: lists (filter, sort, search), opening, reading and changing tickets."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, send_from_directory
from sqlalchemy import select

from ringdesk.callcenter.calls.models import Call
from ringdesk.core.db import utcnow
from ringdesk.core.errors import NotFound
from ringdesk.core.users.permissions import may
from ringdesk.helpdesk.tickets import listing
from ringdesk.helpdesk.tickets.changes import change_ticket
from ringdesk.helpdesk.tickets.listing import check_visible, parse_filter
from ringdesk.helpdesk.tickets.models import TicketEvent
from ringdesk.helpdesk.tickets.opening import open_customer_ticket
from ringdesk.web.api.common import desk_session, services, viewer
from ringdesk.web.api.ticket_answers import calls_by_ticket, names_of, queue_codes, ticket_detail
from ringdesk.web.contract import BINARY, endpoint
from ringdesk.web.schemas.tickets import (
    NewTicket,
    TicketChanges,
    TicketDetail,
    TicketListQuery,
    TicketPage,
    TimelineEntry,
)
from ringdesk.web.schemas.tickets import Ticket as TicketAnswer

blueprint = Blueprint("tickets", __name__, url_prefix="/api/v1")


@blueprint.get("/tickets")
@endpoint("Tickets this user may see: filtered, sorted, searched, paged",
          permission="tickets.read", query=TicketListQuery, answers={200: TicketPage})
def list_tickets(query: TicketListQuery) -> TicketPage:
    wanted = parse_filter({name: value for name, value in query.model_dump(
        exclude_unset=True, exclude={"page", "per_page"}).items() if value is not None})
    page, per_page = query.page, query.per_page
    with services().sessions() as session:
        tickets, total = listing.list_tickets(session, viewer(), wanted, utcnow(), page, per_page)
        calls = calls_by_ticket(session, [ticket.id for ticket in tickets])
        queues = queue_codes(session)
        people = names_of(session, [ticket.owner_id for ticket in tickets])
        items = [TicketAnswer.of(ticket, calls.get(ticket.id, []), queues, people)
                 for ticket in tickets]
    return TicketPage(items=items, page=page, per_page=per_page,
                      total=min(total, listing.COUNT_LIMIT),
                      total_exact=total <= listing.COUNT_LIMIT)


@blueprint.post("/tickets")
@endpoint("Open a ticket (an agent's or a form's)", permission="tickets.write", body=NewTicket,
          answers={201: TicketDetail})
def create_ticket(body: NewTicket) -> tuple[TicketDetail, int]:
    fields = body.model_dump(exclude_unset=True,
                             include={"status", "priority", "tags", "owner_id"})
    customer = body.contact
    with desk_session() as desk:
        queue = desk.queue(body.queue) if body.queue is not None else None
        ticket = open_customer_ticket(
            desk, body.subject, body.channel, phone=customer.phone if customer else None,
            email=customer.email if customer else None,
            name=(customer.name if customer else None) or "", queue=queue, body=body.body,
            **fields)
        ticket_id = ticket.id
    return ticket_detail(ticket_id), 201


@blueprint.get("/tickets/<id:ticket_id>")
@endpoint("One ticket", permission="tickets.read", answers={200: TicketDetail})
def get_ticket(ticket_id: int) -> TicketDetail:
    with services().sessions() as session:
        check_visible(session, viewer(), ticket_id)
    return ticket_detail(ticket_id)


@blueprint.patch("/tickets/<id:ticket_id>")
@endpoint("Change fields (status, priority, tags, owner, queue, subject); send the version "
          "you read", permission="tickets.write", body=TicketChanges,
          answers={200: TicketDetail}, errors=(404, 409))
def change_ticket_fields(ticket_id: int, body: TicketChanges) -> TicketDetail:
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        change_ticket(desk, ticket_id, body.version, body.model_dump(exclude_unset=True))
    return ticket_detail(ticket_id)


@blueprint.get("/tickets/<id:ticket_id>/timeline")
@endpoint("Everything that happened on the ticket, oldest first", permission="tickets.read",
          answers={200: list[TimelineEntry]})
def get_timeline(ticket_id: int) -> list[TimelineEntry]:
    with services().sessions() as session:
        check_visible(session, viewer(), ticket_id)
        entries = session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
                                  .order_by(TicketEvent.at, TicketEvent.id)).all()
        return [TimelineEntry.model_validate(entry) for entry in entries]


@blueprint.get("/calls/<linkedid>/recordings/<name>")
@endpoint("A recording of the call (WAV)", permission="calls.recording",
          answers={200: BINARY}, binary_types=("audio/wav",))
def get_recording(linkedid: str, name: str) -> Response:
    """A call's recording (voicemail), only if that call's path produced it, to whoever may
    see the call's ticket; a call without a ticket's only to managers. Knowing a file's
    name opens nothing."""
    with services().sessions() as session:
        call = session.scalars(select(Call).where(Call.linkedid == linkedid)).first()
        if call is None or name not in call.recordings():
            raise NotFound(f"call {linkedid} has no recording {name!r}",
                           {"linkedid": linkedid, "name": name})
        if call.ticket_id is not None:
            check_visible(session, viewer(), call.ticket_id)
        elif not may(viewer().rank, "calls.recording_untracked"):
            raise NotFound(f"call {linkedid} has no recording {name!r}",
                           {"linkedid": linkedid, "name": name})
    directory = Path(services().config.media.recordings_dir)
    if not (directory / name).is_file():
        raise NotFound(f"recording {name!r} is no longer on disk", {"name": name})
    return send_from_directory(directory, name, mimetype="audio/wav")
