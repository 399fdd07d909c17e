"""/api/v1/work-modes and /api/v1/agents: work modes, agents' current mode, the mode log;
and what agents do on the PBX from a ticket (click-to-call)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from callcenter.agents import operations
from callcenter.agents.models import WorkMode, WorkModeChange
from callcenter.agents.operations import ModeOfAgent
from core.errors import InvalidInput, PbxUnavailable
from helpdesk.listing import check_visible
from web.api.common import desk_session, json_body, services, viewer
from web.auth import USER_ID

blueprint = Blueprint("agents", __name__, url_prefix="/api/v1")




def mode_json(mode: WorkMode) -> dict[str, Any]:
    return {"id": mode.id, "name": mode.name, "available": mode.available, "code": mode.code,
            "active": mode.active}


def agent_mode_json(agent: ModeOfAgent) -> dict[str, Any]:
    mode = agent.mode
    return {"endpoint": agent.endpoint,
            "mode": {"name": mode.name, "available": mode.available, "code": mode.code}
            if mode else None,
            "since": agent.since.isoformat() if agent.since else None}


def log_json(change: WorkModeChange) -> dict[str, Any]:
    return {"mode": change.mode_name, "available": change.available,
            "started_at": change.started_at.isoformat(),
            "ended_at": change.ended_at.isoformat() if change.ended_at else None,
            "source": change.source}


@blueprint.get("/work-modes")
def list_modes() -> ResponseReturnValue:
    with services().sessions() as session:
        modes = session.scalars(select(WorkMode).order_by(WorkMode.code))
        return jsonify([mode_json(mode) for mode in modes])


@blueprint.post("/work-modes")
def create_mode() -> ResponseReturnValue:
    body = json_body()
    with services().sessions.begin() as session:
        mode = operations.do_create_mode(session, body.get("name"), body.get("available"),
                                         body.get("code"))
        created = mode_json(mode)
    services().routes_changed()  # feature codes are read with the routes snapshot
    return jsonify(created), 201


@blueprint.patch("/work-modes/<id:mode_id>")
def update_mode(mode_id: int) -> ResponseReturnValue:
    body = json_body()
    unknown = set(body) - {"name", "available", "code", "active"}
    if unknown:
        raise InvalidInput(f"unknown fields: {', '.join(sorted(unknown))}",
                           {"field": sorted(unknown)[0]})
    with services().sessions.begin() as session:
        updated = mode_json(operations.do_update_mode(session, mode_id, body))
    services().routes_changed()
    return jsonify(updated)


@blueprint.get("/agents")
def list_agents() -> ResponseReturnValue:
    with services().sessions() as session:
        return jsonify([agent_mode_json(agent) for agent in operations.do_agent_modes(session)])


@blueprint.put("/agents/<endpoint>/mode")
def set_mode(endpoint: str) -> ResponseReturnValue:
    mode = json_body().get("mode")
    if not isinstance(mode, str) or not mode:
        raise InvalidInput("mode: a work mode's name or code", {"field": "mode"})
    change = services().set_agent_mode
    if change is None:
        raise PbxUnavailable("work modes are changed by the running server")
    agent, applied = change(endpoint, mode, request.environ.get(USER_ID))
    return jsonify({**agent_mode_json(agent), "applied": applied})


@blueprint.get("/agents/<endpoint>/mode-log")
def mode_log(endpoint: str) -> ResponseReturnValue:
    since, until = _time_arg("since"), _time_arg("until")
    with services().sessions() as session:
        changes = operations.do_mode_log(session, endpoint, since, until)
        return jsonify([log_json(change) for change in changes])


def _time_arg(name: str) -> datetime | None:
    value = request.args.get(name)
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name}: an ISO 8601 date-time", {"field": name}) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@blueprint.post("/tickets/<id:ticket_id>/calls")
def click_to_call(ticket_id: int) -> ResponseReturnValue:
    body = json_body()
    agent = body.get("agent")
    if not isinstance(agent, str) or not agent:
        raise InvalidInput("agent: the endpoint of the agent's phone", {"field": "agent"})
    optional: dict[str, str | None] = {}
    for field in ("number", "queue"):
        value = body.get(field)
        if value is not None and (not isinstance(value, str) or not value):
            raise InvalidInput(f"{field} must be text", {"field": field})
        optional[field] = value
    place = services().click_to_call
    if place is None:
        raise PbxUnavailable("calls are placed by the running server")
    with services().sessions() as session:
        check_visible(session, viewer(), ticket_id)
    placed = place(ticket_id, agent, optional["number"], optional["queue"])
    with desk_session() as desk:
        # The agent's call to the customer is on the timeline, and it is a reaction.
        desk.record(desk.ticket(ticket_id), "call_out", data={
            "linkedid": placed["linkedid"], "agent": placed["agent"],
            "number": placed["number"]})
    return jsonify(placed), 202
