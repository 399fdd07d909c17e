"""/api/v1/calls/{linkedid}/...: an agent's own calls at the desk — the card their desk pops
for a call on their phone, and the disposition they give it in wrap-up."""

from __future__ import annotations

from flask import Blueprint
from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.callcenter.agents.operations import phones_of
from ringdesk.callcenter.calls.models import Call
from ringdesk.callcenter.live.desk_calls import rang_for
from ringdesk.callcenter.live.rows import queue_of
from ringdesk.core.db import utcnow
from ringdesk.core.errors import NotFound, PbxUnavailable
from ringdesk.helpdesk.calls.disposition import dispositions_of, do_set_disposition
from ringdesk.helpdesk.customers.contacts import find_contact
from ringdesk.helpdesk.setup.cache import SETUP
from ringdesk.helpdesk.tickets import listing
from ringdesk.helpdesk.tickets.models import Ticket
from ringdesk.web.api.common import desk_session, services, viewer
from ringdesk.web.api.ticket_answers import calls_by_ticket, names_of, queue_codes
from ringdesk.web.contract import endpoint
from ringdesk.web.schemas.tickets import (
    CallPop,
    Contact,
    Disposition,
    DispositionInput,
    RecordingPaused,
    RecordingState,
)
from ringdesk.web.schemas.tickets import Ticket as TicketAnswer

blueprint = Blueprint("agent_calls", __name__, url_prefix="/api/v1")
OPEN_TICKETS_SHOWN = 10


@blueprint.get("/calls/<linkedid>/pop")
@endpoint("A call's card for the desk: the caller's customer, their open tickets and this "
          "call's ticket. Only for the agents the call rang, or whoever may see its ticket",
          permission="tickets.read", answers={200: CallPop})
def call_pop(linkedid: str) -> CallPop:
    who = viewer()
    with services().sessions() as session:
        call, _ = _call_of(session, linkedid)
        contact = find_contact(session, phone=call.caller_number) \
            if call.caller_number else None
        tickets: list[Ticket] = []
        if call.ticket_id is not None:
            own = session.get(Ticket, call.ticket_id)
            tickets += [own] if own is not None else []
        if contact is not None:
            still_open = [code for code, status in SETUP.get(session).statuses.items()
                          if status.kind == "normal"]
            others, _ = listing.list_tickets(session, who, listing.parse_filter({
                "contact_id": str(contact.id), "status": ",".join(still_open),
                "snoozed": "include"}), utcnow(), 1, OPEN_TICKETS_SHOWN + 1)
            tickets += [ticket for ticket in others if ticket.id != call.ticket_id]
        calls = calls_by_ticket(session, [ticket.id for ticket in tickets])
        queues = queue_codes(session)
        people = names_of(session, [ticket.owner_id for ticket in tickets])
        answers = [TicketAnswer.of(ticket, calls.get(ticket.id, []), queues, people)
                   for ticket in tickets]
        own_ticket = answers.pop(0) if call.ticket_id is not None and answers else None
        return CallPop(linkedid=call.linkedid, caller=call.caller_number or call.caller_raw or None,
                       state=call.state, queue=queue_of(call.queue), ticket=own_ticket,
                       contact=Contact.of(contact) if contact is not None else None,
                       open_tickets=answers[:OPEN_TICKETS_SHOWN],
                       dispositions=dispositions_of(session, call),
                       disposition=call.disposition)


@blueprint.put("/calls/<linkedid>/disposition")
@endpoint("Say what the call came to (one of its queue's dispositions) with a note: on the "
          "call for reports and on its ticket's timeline", permission="tickets.write",
          body=DispositionInput, answers={200: Disposition}, errors=(404,))
def set_disposition(linkedid: str, body: DispositionInput) -> Disposition:
    with desk_session() as desk:
        call, _ = _call_of(desk.session, linkedid)
        do_set_disposition(desk, call, body.code, body.note)
        return Disposition(linkedid=linkedid, code=body.code, note=body.note.strip())


def _call_of(session: Session, linkedid: str) -> tuple[Call, frozenset[str]]:
    """The call (and the viewer's phones), for the agents it rang and whoever may see its
    ticket; nobody else learns that it exists."""
    who = viewer()
    call = session.scalars(select(Call).where(Call.linkedid == linkedid)).first()
    if call is None:
        raise NotFound(f"call {linkedid} does not exist", {"linkedid": linkedid})
    phones = phones_of(session, [who.user_id]).get(who.user_id, frozenset())
    if not rang_for(call.agent, call.agents_rung, phones):
        if call.ticket_id is None:
            raise NotFound(f"call {linkedid} does not exist", {"linkedid": linkedid})
        listing.check_visible(session, who, call.ticket_id)
    return call, phones


@blueprint.put("/calls/<linkedid>/recording")
@endpoint("Pause the call's recording while the caller gives card details, or resume it "
          "(by itself after live.recording_pause_seconds): for the agent on the call; "
          "marked on its ticket", permission="tickets.write", body=RecordingState,
          answers={200: RecordingPaused}, errors=(404, 409, 503))
def pause_recording(linkedid: str, body: RecordingState) -> RecordingPaused:
    who = viewer()
    with services().sessions() as session:
        call, phones = _call_of(session, linkedid)
        if not rang_for(call.agent, [], phones):
            raise NotFound(f"you are not on call {linkedid}", {"linkedid": linkedid})
    change = services().pause_recording
    if change is None:
        raise PbxUnavailable("recordings are paused by the running server")
    return RecordingPaused.model_validate(change(linkedid, body.paused, who.user_id))
