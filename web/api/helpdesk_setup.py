"""/api/v1 help desk configuration: statuses, priorities, calendars, queues, rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint
from pydantic import BaseModel
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
from web.api.common import desk_session, services
from web.contract import NO_CONTENT, endpoint
from web.schemas.helpdesk import (
    Calendar,
    CalendarInput,
    PriorityInput,
    Rule,
    RuleInput,
    Status,
    StatusInput,
    TicketQueueInput,
)
from web.schemas.helpdesk import Priority as PriorityAnswer
from web.schemas.helpdesk import TicketQueue as QueueAnswer

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


def _listing(model: Any, render: Callable[[Any], dict[str, Any]]) -> list[dict[str, Any]]:
    with services().sessions() as session:
        order = getattr(model, "position", model.id)
        return [render(row) for row in session.scalars(select(model).order_by(order, model.id))]


def _save(saver: Callable[[Desk, int | None, dict[str, Any]], Any],
          render: Callable[[Any], dict[str, Any]], row_id: int | None,
          body: BaseModel) -> tuple[dict[str, Any], int]:
    # The savers change what was sent and keep the rest, so absent fields stay absent.
    with desk_session() as desk:
        row = saver(desk, row_id, body.model_dump(exclude_unset=True))
        result = render(row)
    return result, 201 if row_id is None else 200


@blueprint.get("/ticket-statuses")
@endpoint("Statuses (normal or closed; counting toward SLA or not)",
          permission="helpdesk.read", answers={200: list[Status]})
def list_statuses() -> list[dict[str, Any]]:
    return _listing(TicketStatus, status_json)


@blueprint.post("/ticket-statuses")
@endpoint("Add a status (admins)", permission="helpdesk.write", body=StatusInput,
          answers={201: Status}, errors=(409,))
def create_status(body: StatusInput) -> tuple[dict[str, Any], int]:
    return _save(save_status, status_json, None, body)


@blueprint.patch("/ticket-statuses/<id:status_id>")
@endpoint("Change a status (admins)", permission="helpdesk.write", body=StatusInput,
          answers={200: Status}, errors=(404, 409))
def update_status(status_id: int, body: StatusInput) -> tuple[dict[str, Any], int]:
    return _save(save_status, status_json, status_id, body)


@blueprint.get("/ticket-priorities")
@endpoint("Priorities", permission="helpdesk.read", answers={200: list[PriorityAnswer]})
def list_priorities() -> list[dict[str, Any]]:
    return _listing(Priority, priority_json)


@blueprint.post("/ticket-priorities")
@endpoint("Add a priority (admins)", permission="helpdesk.write", body=PriorityInput,
          answers={201: PriorityAnswer}, errors=(409,))
def create_priority(body: PriorityInput) -> tuple[dict[str, Any], int]:
    return _save(save_priority, priority_json, None, body)


@blueprint.patch("/ticket-priorities/<id:priority_id>")
@endpoint("Change a priority (admins)", permission="helpdesk.write", body=PriorityInput,
          answers={200: PriorityAnswer}, errors=(404,))
def update_priority(priority_id: int, body: PriorityInput) -> tuple[dict[str, Any], int]:
    return _save(save_priority, priority_json, priority_id, body)


@blueprint.get("/calendars")
@endpoint("Business calendars", permission="helpdesk.read", answers={200: list[Calendar]})
def list_calendars() -> list[dict[str, Any]]:
    return _listing(CalendarRecord, calendar_json)


@blueprint.post("/calendars")
@endpoint("Add a calendar (admins)", permission="helpdesk.write", body=CalendarInput,
          answers={201: Calendar}, errors=(409,))
def create_calendar(body: CalendarInput) -> tuple[dict[str, Any], int]:
    return _save(save_calendar, calendar_json, None, body)


@blueprint.put("/calendars/<id:calendar_id>")
@endpoint("Change a calendar (admins); SLA due times follow", permission="helpdesk.write",
          body=CalendarInput, answers={200: Calendar}, errors=(404, 409))
def update_calendar(calendar_id: int, body: CalendarInput) -> tuple[dict[str, Any], int]:
    return _save(save_calendar, calendar_json, calendar_id, body)


@blueprint.get("/ticket-queues")
@endpoint("Ticket queues (categories) with their agents", permission="helpdesk.read",
          answers={200: list[QueueAnswer]})
def list_ticket_queues() -> list[dict[str, Any]]:
    with services().sessions() as session:
        return [queue_json(row, _agents(session, row.id)) for row in
                session.scalars(select(TicketQueue).order_by(TicketQueue.name))]


@blueprint.get("/ticket-queues/<id:queue_id>")
@endpoint("One ticket queue", permission="helpdesk.read", answers={200: QueueAnswer})
def get_ticket_queue(queue_id: int) -> dict[str, Any]:
    with services().sessions() as session:
        row = session.get(TicketQueue, queue_id)
        if row is None:
            raise NotFound(f"queue {queue_id} does not exist", {"id": queue_id})
        return queue_json(row, _agents(session, row.id))


def _queue_saver(desk: Desk, queue_id: int | None, body: dict[str, Any]) -> dict[str, Any]:
    row = save_queue(desk, queue_id, body)
    return queue_json(row, _agents(desk.session, row.id))


@blueprint.post("/ticket-queues")
@endpoint("Add a ticket queue (admins)", permission="helpdesk.write", body=TicketQueueInput,
          answers={201: QueueAnswer}, errors=(409,))
def create_ticket_queue(body: TicketQueueInput) -> tuple[dict[str, Any], int]:
    return _save(_queue_saver, lambda rendered: rendered, None, body)


@blueprint.patch("/ticket-queues/<id:queue_id>")
@endpoint("Change a ticket queue (admins)", permission="helpdesk.write",
          body=TicketQueueInput, answers={200: QueueAnswer}, errors=(404, 409))
def update_ticket_queue(queue_id: int, body: TicketQueueInput) -> tuple[dict[str, Any], int]:
    return _save(_queue_saver, lambda rendered: rendered, queue_id, body)


@blueprint.get("/automation-rules")
@endpoint("Automation rules, in order (admins)", permission="helpdesk.write",
          answers={200: list[Rule]})
def list_rules() -> list[dict[str, Any]]:
    return _listing(AutomationRule, rule_json)


@blueprint.post("/automation-rules")
@endpoint("Add a rule (admins)", permission="helpdesk.write", body=RuleInput,
          answers={201: Rule})
def create_rule(body: RuleInput) -> tuple[dict[str, Any], int]:
    return _save(save_rule, rule_json, None, body)


@blueprint.patch("/automation-rules/<id:rule_id>")
@endpoint("Change a rule (admins)", permission="helpdesk.write", body=RuleInput,
          answers={200: Rule}, errors=(404,))
def update_rule(rule_id: int, body: RuleInput) -> tuple[dict[str, Any], int]:
    return _save(save_rule, rule_json, rule_id, body)


@blueprint.delete("/automation-rules/<id:rule_id>")
@endpoint("Delete a rule (admins)", permission="helpdesk.write", answers={204: NO_CONTENT},
          errors=(404,))
def remove_rule(rule_id: int) -> None:
    with desk_session() as desk:
        delete_rule(desk, rule_id)
