"""/api/v1/tickets/{id}/...: notes, messages, attachments, watchers, snooze, merge, split."""

from __future__ import annotations

import uuid
from pathlib import Path

from flask import Blueprint, Response, request, send_from_directory
from sqlalchemy import select

from ringdesk.core.errors import InvalidInput, NotFound
from ringdesk.helpdesk.callbacks.models import Callback
from ringdesk.helpdesk.callbacks.scheduling import cancel, schedule
from ringdesk.helpdesk.tickets.conversation import (
    add_attachment,
    add_note,
    correct_status_time,
    customer_message,
    reply,
    set_watching,
    snooze,
    wake,
)
from ringdesk.helpdesk.tickets.listing import check_visible
from ringdesk.helpdesk.tickets.merging import merge, split
from ringdesk.helpdesk.tickets.models import Ticket, TicketEvent
from ringdesk.web.api.common import desk_session, services, viewer
from ringdesk.web.api.ticket_answers import ticket_detail
from ringdesk.web.api.transactions import acting_user, reading
from ringdesk.web.contract import BINARY, NO_CONTENT, endpoint
from ringdesk.web.presence import DESK_PRESENCE
from ringdesk.web.schemas.ticket_actions import (
    Attachment,
    CallbackInput,
    Correction,
    Merge,
    Message,
    Note,
    Presence,
    ScheduledCallback,
    Snooze,
    Split,
)
from ringdesk.web.schemas.tickets import TicketDetail, TimelineEntry

blueprint = Blueprint("ticket_actions", __name__, url_prefix="/api/v1/tickets/<id:ticket_id>")


@blueprint.post("/notes")
@endpoint("Internal note; @login mentions notify those users", permission="tickets.write",
          body=Note, answers={201: TimelineEntry})
def post_note(ticket_id: int, body: Note) -> tuple[TimelineEntry, int]:
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        entry = add_note(desk, ticket_id, body.body)
        desk.session.flush()
        return TimelineEntry.model_validate(entry), 201


@blueprint.post("/messages")
@endpoint("A reply to the customer (out) or a customer's message (in; on a closed ticket the "
          "queue decides: reopen, new linked ticket, or notify the owner)",
          permission="tickets.write", body=Message, answers={201: TimelineEntry})
def post_message(ticket_id: int, body: Message) -> tuple[TimelineEntry, int]:
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        if body.direction == "out":
            entry = reply(desk, ticket_id, body.body, body.channel)
        else:
            _, entry = customer_message(desk, ticket_id, body.body, body.channel)
        desk.session.flush()
        return TimelineEntry.model_validate(entry), 201


def _attachments_dir() -> Path:
    directory = Path(services().config.media.attachments_dir)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@blueprint.post("/attachments")
@endpoint("Attach a file (multipart field 'file', up to web.max_attachment_bytes)",
          permission="tickets.write", body=Attachment, body_kind="multipart",
          answers={201: TimelineEntry})
def post_attachment(ticket_id: int) -> tuple[TimelineEntry, int]:
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput("send the file as multipart form field 'file'", {"field": "file"})
    most = services().config.web.max_attachment_bytes
    data = upload.stream.read(most + 1)
    if len(data) > most:
        raise InvalidInput(f"attachments are at most {most // 2**20} MB", {"field": "file"})
    if not data:
        raise InvalidInput("the file is empty", {"field": "file"})
    stored_as = uuid.uuid4().hex
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        (_attachments_dir() / stored_as).write_bytes(data)
        entry = add_attachment(desk, ticket_id, Path(upload.filename).name[:200], stored_as,
                               len(data), upload.mimetype or "application/octet-stream")
        desk.session.flush()
        return TimelineEntry.model_validate(entry), 201


@blueprint.get("/attachments/<id:entry_id>")
@endpoint("Download an attachment", permission="tickets.read", answers={200: BINARY})
def get_attachment(ticket_id: int, entry_id: int) -> Response:
    with services().sessions() as session:
        check_visible(session, viewer(), ticket_id)
        entry = session.get(TicketEvent, entry_id)
        if entry is None or entry.ticket_id != ticket_id or entry.kind != "attachment":
            raise NotFound(f"ticket {ticket_id} has no attachment {entry_id}",
                           {"entry_id": entry_id})
        stored, name = entry.data["stored_as"], entry.body
        mimetype = entry.data.get("content_type", "application/octet-stream")
    return send_from_directory(_attachments_dir(), stored, mimetype=mimetype,
                               as_attachment=True, download_name=name)


@blueprint.put("/watchers/<id:user_id>")
@endpoint("Watch the ticket", permission="tickets.write", answers={200: TicketDetail})
def watch(ticket_id: int, user_id: int) -> TicketDetail:
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        set_watching(desk, ticket_id, user_id, True)
    return ticket_detail(ticket_id)


@blueprint.delete("/watchers/<id:user_id>")
@endpoint("Stop watching", permission="tickets.write", answers={200: TicketDetail})
def unwatch(ticket_id: int, user_id: int) -> TicketDetail:
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        set_watching(desk, ticket_id, user_id, False)
    return ticket_detail(ticket_id)


@blueprint.post("/snooze")
@endpoint("Snooze until a time: off the active list, back with a notification",
          permission="tickets.write", body=Snooze, answers={200: TicketDetail},
          errors=(409,))
def post_snooze(ticket_id: int, body: Snooze) -> TicketDetail:
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        snooze(desk, ticket_id, body.until, body.version)
    return ticket_detail(ticket_id)


@blueprint.post("/wake")
@endpoint("Wake a snoozed ticket early (its owner only)", permission="tickets.write",
          answers={200: TicketDetail}, errors=(409,))
def post_wake(ticket_id: int) -> TicketDetail:
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        wake(desk, ticket_id)
    return ticket_detail(ticket_id)


@blueprint.post("/merge")
@endpoint("Merge other tickets into this one (irreversible)", permission="tickets.write",
          body=Merge, answers={200: TicketDetail}, errors=(409,))
def post_merge(ticket_id: int, body: Merge) -> TicketDetail:
    with desk_session() as desk:
        for item in [ticket_id, *body.tickets]:
            check_visible(desk.session, viewer(), item)
        merge(desk, ticket_id, body.tickets)
    return ticket_detail(ticket_id)


@blueprint.post("/split")
@endpoint("Split a message out into a new linked ticket", permission="tickets.write",
          body=Split, answers={201: TicketDetail})
def post_split(ticket_id: int, body: Split) -> tuple[TicketDetail, int]:
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        fresh = split(desk, ticket_id, body.entry_id, body.subject)
        fresh_id = fresh.id
    return ticket_detail(fresh_id), 201


@blueprint.patch("/timeline/<id:entry_id>")
@endpoint("Correct when a status change happened (supervisors); the SLA due times are "
          "rebuilt from the corrected history", permission="tickets.correct", body=Correction,
          answers={200: TicketDetail})
def correct_entry(ticket_id: int, entry_id: int, body: Correction) -> TicketDetail:
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        correct_status_time(desk, ticket_id, entry_id, body.at)
    return ticket_detail(ticket_id)


@blueprint.put("/presence")
@endpoint("Say I am on this ticket (every few seconds while it is open), writing on it or "
          "not, or that I left: the others on it see so live (the desk's stream)",
          permission="tickets.read", body=Presence, answers={204: NO_CONTENT}, errors=(404,))
def say_presence(ticket_id: int, body: Presence) -> None:
    with reading() as session:
        check_visible(session, viewer(), ticket_id)
        user = acting_user(session)
        name = user.display_name or user.login
    tell = services().tell_desks
    if tell is not None:
        tell({"type": DESK_PRESENCE, "ticket_id": ticket_id, "user_id": user.id, "name": name,
              "present": body.present, "writing": body.present and body.writing})


@blueprint.get("/callbacks")
@endpoint("Callbacks scheduled on the ticket, soonest first", permission="tickets.read",
          answers={200: list[ScheduledCallback]}, errors=(404,))
def list_callbacks(ticket_id: int) -> list[ScheduledCallback]:
    with reading() as session:
        check_visible(session, viewer(), ticket_id)
        return [ScheduledCallback.model_validate(row) for row in session.scalars(
            select(Callback).where(Callback.ticket_id == ticket_id)
            .order_by(Callback.due_at, Callback.id))]


@blueprint.post("/callbacks")
@endpoint("Call the customer back at a time: my phone rings first, then theirs (a callback "
          "nobody takes goes back to the queue)", permission="click_to_call",
          body=CallbackInput, answers={201: ScheduledCallback}, errors=(404,))
def schedule_callback(ticket_id: int, body: CallbackInput) -> tuple[ScheduledCallback, int]:
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        ticket = desk.session.get(Ticket, ticket_id)
        assert ticket is not None
        callback = schedule(desk, ticket, viewer().user_id, body.at, body.number,
                            services().config.phone.default_region)
        return ScheduledCallback.model_validate(callback), 201


@blueprint.delete("/callbacks/<id:callback_id>")
@endpoint("Cancel a callback still to come", permission="click_to_call",
          answers={204: NO_CONTENT}, errors=(404, 409))
def cancel_callback(ticket_id: int, callback_id: int) -> None:
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        cancel(desk, callback_id, ticket_id)
