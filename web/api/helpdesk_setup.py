"""/api/v1 help desk configuration: statuses, priorities, calendars, queues, rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import NotFound
from helpdesk.desk import Desk
from helpdesk.setup import (
    delete_rule,
    save_calendar,
    save_priority,
    save_queue,
    save_rule,
    save_status,
)
from helpdesk.setup_models import (
    AutomationRule,
    CalendarRecord,
    Priority,
    TicketQueue,
    TicketQueueAgent,
    TicketStatus,
)
from web.api.common import desk_session, json_body, services

blueprint = Blueprint("helpdesk_setup", __name__, url_prefix="/api/v1")


def status_json(row: TicketStatus) -> dict[str, Any]:
    return {"id": row.id, "code": row.code, "name": row.name, "kind": row.kind,
            "counts_sla": row.counts_sla, "position": row.position, "active": row.active}


def priority_json(row: Priority) -> dict[str, Any]:
    return {"id": row.id, "code": row.code, "name": row.name, "position": row.position,
            "active": row.active}


def calendar_json(row: CalendarRecord) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "timezone": row.timezone, "hours": row.hours,
            "closed_dates": row.closed_dates, "exceptional": row.exceptional,
            "country": row.country, "subdivision": row.subdivision}


def rule_json(row: AutomationRule) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "event": row.event, "position": row.position,
            "active": row.active, "conditions": row.conditions, "actions": row.actions}


def queue_json(row: TicketQueue, agents: list[dict[str, int]]) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "code": row.code, "colour": row.colour,
            "active": row.active, "is_default": row.is_default,
            "distribution": row.distribution, "source_weights": row.source_weights,
            "reaction_minutes": row.reaction_minutes,
            "resolution_minutes": row.resolution_minutes, "calendar_id": row.calendar_id,
            "default_status": row.default_status, "statuses": row.statuses,
            "number_pattern": row.number_pattern, "renumber_on_move": row.renumber_on_move,
            "closed_reply": row.closed_reply, "reopen_status": row.reopen_status,
            "reassign_after_minutes": row.reassign_after_minutes,
            "reassign_percent": row.reassign_percent,
            "no_agent_alert_minutes": row.no_agent_alert_minutes, "agents": agents}


def _agents(session: Session, queue_id: int) -> list[dict[str, int]]:
    rows = session.execute(select(TicketQueueAgent.user_id, TicketQueueAgent.buffer)
                                   .where(TicketQueueAgent.queue_id == queue_id)
                                   .order_by(TicketQueueAgent.user_id))
    return [{"user_id": user_id, "buffer": buffer} for user_id, buffer in rows]


def _listing(model: Any, render: Callable[[Any], dict[str, Any]]) -> ResponseReturnValue:
    with services().sessions() as session:
        order = getattr(model, "position", model.id)
        return jsonify([render(row) for row in session.scalars(
            select(model).order_by(order, model.id))])


def _save(saver: Callable[[Desk, int | None, dict[str, Any]], Any],
          render: Callable[[Any], dict[str, Any]], row_id: int | None) -> ResponseReturnValue:
    body = json_body()
    with desk_session() as desk:
        row = saver(desk, row_id, body)
        result = render(row)
    return jsonify(result), 201 if row_id is None else 200


@blueprint.get("/ticket-statuses")
def list_statuses() -> ResponseReturnValue:
    return _listing(TicketStatus, status_json)


@blueprint.post("/ticket-statuses")
def create_status() -> ResponseReturnValue:
    return _save(save_status, status_json, None)


@blueprint.patch("/ticket-statuses/<id:status_id>")
def update_status(status_id: int) -> ResponseReturnValue:
    return _save(save_status, status_json, status_id)


@blueprint.get("/ticket-priorities")
def list_priorities() -> ResponseReturnValue:
    return _listing(Priority, priority_json)


@blueprint.post("/ticket-priorities")
def create_priority() -> ResponseReturnValue:
    return _save(save_priority, priority_json, None)


@blueprint.patch("/ticket-priorities/<id:priority_id>")
def update_priority(priority_id: int) -> ResponseReturnValue:
    return _save(save_priority, priority_json, priority_id)


@blueprint.get("/calendars")
def list_calendars() -> ResponseReturnValue:
    return _listing(CalendarRecord, calendar_json)


@blueprint.post("/calendars")
def create_calendar() -> ResponseReturnValue:
    return _save(save_calendar, calendar_json, None)


@blueprint.put("/calendars/<id:calendar_id>")
def update_calendar(calendar_id: int) -> ResponseReturnValue:
    return _save(save_calendar, calendar_json, calendar_id)


@blueprint.get("/ticket-queues")
def list_queues() -> ResponseReturnValue:
    with services().sessions() as session:
        return jsonify([queue_json(row, _agents(session, row.id)) for row in
                        session.scalars(select(TicketQueue).order_by(TicketQueue.name))])


@blueprint.get("/ticket-queues/<id:queue_id>")
def get_queue(queue_id: int) -> ResponseReturnValue:
    with services().sessions() as session:
        row = session.get(TicketQueue, queue_id)
        if row is None:
            raise NotFound(f"queue {queue_id} does not exist", {"id": queue_id})
        return jsonify(queue_json(row, _agents(session, row.id)))


def _queue_saver(desk: Desk, queue_id: int | None, body: dict[str, Any]) -> dict[str, Any]:
    row = save_queue(desk, queue_id, body)
    return queue_json(row, _agents(desk.session, row.id))


@blueprint.post("/ticket-queues")
def create_queue() -> ResponseReturnValue:
    return _save(_queue_saver, lambda rendered: rendered, None)


@blueprint.patch("/ticket-queues/<id:queue_id>")
def update_queue(queue_id: int) -> ResponseReturnValue:
    return _save(_queue_saver, lambda rendered: rendered, queue_id)


@blueprint.get("/automation-rules")
def list_rules() -> ResponseReturnValue:
    return _listing(AutomationRule, rule_json)


@blueprint.post("/automation-rules")
def create_rule() -> ResponseReturnValue:
    return _save(save_rule, rule_json, None)


@blueprint.patch("/automation-rules/<id:rule_id>")
def update_rule(rule_id: int) -> ResponseReturnValue:
    return _save(save_rule, rule_json, rule_id)


@blueprint.delete("/automation-rules/<id:rule_id>")
def remove_rule(rule_id: int) -> ResponseReturnValue:
    with desk_session() as desk:
        delete_rule(desk, rule_id)
    return "", 204
