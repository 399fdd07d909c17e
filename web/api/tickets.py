"""/api/v1/tickets: tickets with the calls that made them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, jsonify, request, send_from_directory
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callcenter.calls.models import Call
from helpdesk.models import Ticket
from ringdesk.errors import InvalidInput, NotFound
from routes.models import RouteVersion
from web.services import WebServices

blueprint = Blueprint("tickets", __name__, url_prefix="/api/v1")
MAX_PER_PAGE = 200


def _services() -> WebServices:
    services: WebServices = current_app.extensions["ringdesk"]
    return services


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidInput(f"{name} must be a whole number", {"field": name}) from None
    if not low <= value <= high:
        raise InvalidInput(f"{name} must be between {low} and {high}", {"field": name})
    return value


@blueprint.get("/tickets")
def list_tickets() -> ResponseReturnValue:
    page = _int_arg("page", 1, 1, 10**9)
    per_page = _int_arg("per_page", 50, 1, MAX_PER_PAGE)
    with _services().sessions() as session:
        total = session.scalar(select(func.count(Ticket.id))) or 0
        tickets = session.scalars(
            select(Ticket).order_by(Ticket.id.desc()).offset((page - 1) * per_page)
            .limit(per_page)
        ).all()
        calls = _calls_by_ticket(session, [ticket.id for ticket in tickets])
        items = [ticket_json(ticket, calls.get(ticket.id, [])) for ticket in tickets]
    return jsonify({"items": items, "page": page, "per_page": per_page, "total": total})


@blueprint.get("/tickets/<id:ticket_id>")
def get_ticket(ticket_id: int) -> ResponseReturnValue:
    with _services().sessions() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"ticket {ticket_id} does not exist", {"ticket_id": ticket_id})
        calls = _calls_by_ticket(session, [ticket.id])
        return jsonify(ticket_json(ticket, calls.get(ticket.id, [])))


def _calls_by_ticket(session: Session, ticket_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    if not ticket_ids:
        return {}
    rows = session.execute(
        select(Call, RouteVersion.number)
        .outerjoin(RouteVersion, RouteVersion.id == Call.route_version_id)
        .where(Call.ticket_id.in_(ticket_ids)).order_by(Call.id)
    ).all()
    grouped: dict[int, list[dict[str, Any]]] = {}
    for call, version in rows:
        assert call.ticket_id is not None
        grouped.setdefault(call.ticket_id, []).append(call_json(call, version))
    return grouped


@blueprint.get("/calls/<linkedid>/recordings/<name>")
def get_recording(linkedid: str, name: str) -> ResponseReturnValue:
    """A call's recording (voicemail), only if that call's path produced it."""
    with _services().sessions() as session:
        call = session.scalars(select(Call).where(Call.linkedid == linkedid)).first()
        if call is None or name not in recordings_of(call):
            raise NotFound(f"call {linkedid} has no recording {name!r}",
                           {"linkedid": linkedid, "name": name})
    directory = Path(_services().config.media.recordings_dir)
    if not (directory / name).is_file():
        raise NotFound(f"recording {name!r} is no longer on disk", {"name": name})
    return send_from_directory(directory, name, mimetype="audio/wav")


def recordings_of(call: Call) -> list[str]:
    """The conversation (MixMonitor) first, then any voicemail the caller left."""
    voicemails = [effect["recording"] for step in call.path
                  for effect in step.get("effects", [])
                  if effect.get("effect") == "RecordVoicemail" and effect.get("recording")
                  and not effect.get("failed")]
    return [call.recording, *voicemails] if call.recording else voicemails


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def ticket_json(ticket: Ticket, calls: list[dict[str, Any]]) -> dict[str, Any]:
    contact = ticket.contact
    return {
        "id": ticket.id,
        "number": ticket.number,
        "subject": ticket.subject,
        "status": ticket.status,
        "channel": ticket.channel,
        "contact": {"id": contact.id, "phone": contact.phone} if contact else None,
        "created_at": _iso(ticket.created_at),
        "category": ticket.category,
        "priority": ticket.priority,
        "tags": ticket.tags,
        "calls": calls,
    }


def call_json(call: Call, version_number: int | None = None) -> dict[str, Any]:
    return {
        "linkedid": call.linkedid,
        "direction": call.direction,
        "caller_number": call.caller_number,
        "caller_raw": call.caller_raw,
        "dialed_number": call.dialed_number,
        "started_at": _iso(call.started_at),
        "answered_at": _iso(call.answered_at),
        "ended_at": _iso(call.ended_at),
        "outcome": call.outcome,
        "state": call.state,
        "connected_at": _iso(call.connected_at),
        "agent": call.agent,
        "queue": call.queue,
        "wait_seconds": call.wait_seconds,
        "hold_seconds": call.hold_seconds,
        "talk_seconds": call.talk_seconds,
        "hangup_cause": call.hangup_cause,
        "hangup_cause_text": call.hangup_cause_text,
        "hangup_side": call.hangup_side,
        "legs": call.legs,
        "queue_events": call.queue_events,
        "agents_rung": call.agents_rung,
        "transfers": call.transfers,
        "source": call.source,
        "route_version": version_number,
        "path": call.path,
        "recordings": [f"/api/v1/calls/{call.linkedid}/recordings/{name}"
                       for name in recordings_of(call)],
    }
