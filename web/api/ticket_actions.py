"""/api/v1/tickets/{id}/...: notes, messages, attachments, watchers, snooze, merge, split."""

from __future__ import annotations

import uuid
from pathlib import Path

from flask import Blueprint, jsonify, request, send_from_directory
from flask.typing import ResponseReturnValue

from core.errors import InvalidInput, NotFound
from helpdesk.conversation import (
    add_attachment,
    add_note,
    correct_status_time,
    customer_message,
    reply,
    set_watching,
    snooze,
    wake,
)
from helpdesk.listing import check_visible
from helpdesk.merging import merge, split
from helpdesk.models import TicketEvent
from web.api.common import desk_session, json_body, moment, services, viewer
from web.api.tickets import entry_json, ticket_response

blueprint = Blueprint("ticket_actions", __name__, url_prefix="/api/v1/tickets/<id:ticket_id>")
CHANNELS = ("email", "sms", "phone", "form")


@blueprint.post("/notes")
def post_note(ticket_id: int) -> ResponseReturnValue:
    body = json_body()
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        entry = add_note(desk, ticket_id, body.get("body"))
        desk.session.flush()
        return jsonify(entry_json(entry)), 201


@blueprint.post("/messages")
def post_message(ticket_id: int) -> ResponseReturnValue:
    """``direction`` out: an agent's reply; in: a customer's message taken down by hand."""
    body = json_body()
    direction, channel = body.get("direction", "out"), body.get("channel", "email")
    if direction not in ("in", "out"):
        raise InvalidInput("direction is in or out", {"field": "direction"})
    if channel not in CHANNELS:
        raise InvalidInput(f"channel is one of {', '.join(CHANNELS)}", {"field": "channel"})
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        if direction == "out":
            entry = reply(desk, ticket_id, body.get("body"), channel)
        else:
            _, entry = customer_message(desk, ticket_id, body.get("body"), channel)
        desk.session.flush()
        return jsonify({**entry_json(entry), "ticket_id": entry.ticket_id}), 201


def _attachments_dir() -> Path:
    directory = Path(services().config.media.attachments_dir)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@blueprint.post("/attachments")
def post_attachment(ticket_id: int) -> ResponseReturnValue:
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
        return jsonify(entry_json(entry)), 201


@blueprint.get("/attachments/<id:entry_id>")
def get_attachment(ticket_id: int, entry_id: int) -> ResponseReturnValue:
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
def watch(ticket_id: int, user_id: int) -> ResponseReturnValue:
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        set_watching(desk, ticket_id, user_id, True)
    return ticket_response(ticket_id)


@blueprint.delete("/watchers/<id:user_id>")
def unwatch(ticket_id: int, user_id: int) -> ResponseReturnValue:
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        set_watching(desk, ticket_id, user_id, False)
    return ticket_response(ticket_id)


@blueprint.post("/snooze")
def post_snooze(ticket_id: int) -> ResponseReturnValue:
    body = json_body()
    until = moment(body.get("until"), "until")
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        snooze(desk, ticket_id, until, body.get("version"))
    return ticket_response(ticket_id)


@blueprint.post("/wake")
def post_wake(ticket_id: int) -> ResponseReturnValue:
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        wake(desk, ticket_id)
    return ticket_response(ticket_id)


@blueprint.post("/merge")
def post_merge(ticket_id: int) -> ResponseReturnValue:
    """Merge the listed tickets into this one. Irreversible."""
    others = json_body().get("tickets")
    if not isinstance(others, list) or not all(
            isinstance(item, int) and not isinstance(item, bool) for item in others):
        raise InvalidInput("tickets is a list of ticket ids", {"field": "tickets"})
    with desk_session() as desk:
        for item in [ticket_id, *others]:
            check_visible(desk.session, viewer(), item)
        merge(desk, ticket_id, others)
    return ticket_response(ticket_id)


@blueprint.post("/split")
def post_split(ticket_id: int) -> ResponseReturnValue:
    body = json_body()
    entry_id = body.get("entry_id")
    if isinstance(entry_id, bool) or not isinstance(entry_id, int):
        raise InvalidInput("entry_id is the id of a message on the ticket",
                           {"field": "entry_id"})
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        fresh = split(desk, ticket_id, entry_id, body.get("subject"))
        fresh_id = fresh.id
    return ticket_response(fresh_id), 201


@blueprint.patch("/timeline/<id:entry_id>")
def correct_entry(ticket_id: int, entry_id: int) -> ResponseReturnValue:
    """Correct when a status change happened; the SLA due times are rebuilt."""
    at = moment(json_body().get("at"), "at")
    with desk_session() as desk:
        check_visible(desk.session, viewer(), ticket_id)
        correct_status_time(desk, ticket_id, entry_id, at)
    return ticket_response(ticket_id)
