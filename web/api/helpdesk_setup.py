"""/api/v1 help desk configuration: statuses, priorities, calendars, queues, rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import Blueprint
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.core.errors import NotFound
from ringdesk.helpdesk.admin.settings import (
    delete_rule,
    save_calendar,
    save_priority,
    save_queue,
    save_rule,
    save_status,
)
from ringdesk.helpdesk.setup.models import (
    AutomationRule,
    CalendarRecord,
    Priority,
    TicketQueue,
    TicketQueueAgent,
    TicketStatus,
)
from ringdesk.helpdesk.tickets.desk import Desk
from ringdesk.web.api.common import desk_session, services
from ringdesk.web.contract import NO_CONTENT, endpoint
from ringdesk.web.schemas.common import Extended, Output
from ringdesk.web.schemas.helpdesk_setup import (
    Calendar,
    CalendarInput,
    PriorityInput,
    Rule,
    RuleInput,
    Status,
    StatusInput,
    TicketQueueInput,
)
from ringdesk.web.schemas.helpdesk_setup import Priority as PriorityAnswer
from ringdesk.web.schemas.helpdesk_setup import TicketQueue as QueueAnswer

blueprint = Blueprint("helpdesk_setup", __name__, url_prefix="/api/v1")


Answer = TypeVar("Answer", bound=Output)


def _agents(session: Session, queue_id: int) -> list[TicketQueueAgent]:
    return list(session.scalars(select(TicketQueueAgent)
                                .where(TicketQueueAgent.queue_id == queue_id)
                                .order_by(TicketQueueAgent.user_id)))


def _queue_answer(session: Session, row: TicketQueue) -> QueueAnswer:
    return QueueAnswer.model_validate(Extended(row, agents=_agents(session, row.id)))


def _listing(model: Any, answer: type[Answer]) -> list[Answer]:
    with services().sessions() as session:
        order = getattr(model, "position", model.id)
        return [answer.model_validate(row)
                for row in session.scalars(select(model).order_by(order, model.id))]


def _save(saver: Callable[[Desk, int | None, dict[str, Any]], Any], answer: type[Answer],
          row_id: int | None, body: BaseModel) -> tuple[Answer, int]:
    # The savers change what was sent and keep the rest, so absent fields stay absent.
    with desk_session() as desk:
        row = saver(desk, row_id, body.model_dump(exclude_unset=True))
        result = (_queue_answer(desk.session, row) if isinstance(row, TicketQueue)
                  else answer.model_validate(row))
    return cast(Answer, result), 201 if row_id is None else 200


@blueprint.get("/ticket-statuses")
@endpoint("Statuses (normal or closed; counting toward SLA or not)",
          permission="helpdesk.read", answers={200: list[Status]})
def list_statuses() -> list[Status]:
    return _listing(TicketStatus, Status)


@blueprint.post("/ticket-statuses")
@endpoint("Add a status (admins)", permission="helpdesk.write", body=StatusInput,
          answers={201: Status}, errors=(409,))
def create_status(body: StatusInput) -> tuple[Status, int]:
    return _save(save_status, Status, None, body)


@blueprint.patch("/ticket-statuses/<id:status_id>")
@endpoint("Change a status (admins)", permission="helpdesk.write", body=StatusInput,
          answers={200: Status}, errors=(404, 409))
def update_status(status_id: int, body: StatusInput) -> tuple[Status, int]:
    return _save(save_status, Status, status_id, body)


@blueprint.get("/ticket-priorities")
@endpoint("Priorities", permission="helpdesk.read", answers={200: list[PriorityAnswer]})
def list_priorities() -> list[PriorityAnswer]:
    return _listing(Priority, PriorityAnswer)


@blueprint.post("/ticket-priorities")
@endpoint("Add a priority (admins)", permission="helpdesk.write", body=PriorityInput,
          answers={201: PriorityAnswer}, errors=(409,))
def create_priority(body: PriorityInput) -> tuple[PriorityAnswer, int]:
    return _save(save_priority, PriorityAnswer, None, body)


@blueprint.patch("/ticket-priorities/<id:priority_id>")
@endpoint("Change a priority (admins)", permission="helpdesk.write", body=PriorityInput,
          answers={200: PriorityAnswer}, errors=(404,))
def update_priority(priority_id: int, body: PriorityInput) -> tuple[PriorityAnswer, int]:
    return _save(save_priority, PriorityAnswer, priority_id, body)


@blueprint.get("/calendars")
@endpoint("Business calendars", permission="helpdesk.read", answers={200: list[Calendar]})
def list_calendars() -> list[Calendar]:
    return _listing(CalendarRecord, Calendar)


@blueprint.post("/calendars")
@endpoint("Add a calendar (admins)", permission="helpdesk.write", body=CalendarInput,
          answers={201: Calendar}, errors=(409,))
def create_calendar(body: CalendarInput) -> tuple[Calendar, int]:
    return _save(save_calendar, Calendar, None, body)


@blueprint.put("/calendars/<id:calendar_id>")
@endpoint("Change a calendar (admins); SLA due times follow", permission="helpdesk.write",
          body=CalendarInput, answers={200: Calendar}, errors=(404, 409))
def update_calendar(calendar_id: int, body: CalendarInput) -> tuple[Calendar, int]:
    return _save(save_calendar, Calendar, calendar_id, body)


@blueprint.get("/ticket-queues")
@endpoint("Ticket queues (categories) with their agents", permission="helpdesk.read",
          answers={200: list[QueueAnswer]})
def list_ticket_queues() -> list[QueueAnswer]:
    with services().sessions() as session:
        return [_queue_answer(session, row) for row in
                session.scalars(select(TicketQueue).order_by(TicketQueue.name))]


@blueprint.get("/ticket-queues/<id:queue_id>")
@endpoint("One ticket queue", permission="helpdesk.read", answers={200: QueueAnswer})
def get_ticket_queue(queue_id: int) -> QueueAnswer:
    with services().sessions() as session:
        row = session.get(TicketQueue, queue_id)
        if row is None:
            raise NotFound(f"queue {queue_id} does not exist", {"id": queue_id})
        return _queue_answer(session, row)


@blueprint.post("/ticket-queues")
@endpoint("Add a ticket queue (admins)", permission="helpdesk.write", body=TicketQueueInput,
          answers={201: QueueAnswer}, errors=(409,))
def create_ticket_queue(body: TicketQueueInput) -> tuple[QueueAnswer, int]:
    return _save(save_queue, QueueAnswer, None, body)


@blueprint.patch("/ticket-queues/<id:queue_id>")
@endpoint("Change a ticket queue (admins)", permission="helpdesk.write",
          body=TicketQueueInput, answers={200: QueueAnswer}, errors=(404, 409))
def update_ticket_queue(queue_id: int, body: TicketQueueInput) -> tuple[QueueAnswer, int]:
    return _save(save_queue, QueueAnswer, queue_id, body)


@blueprint.get("/automation-rules")
@endpoint("Automation rules, in order (admins)", permission="helpdesk.write",
          answers={200: list[Rule]})
def list_rules() -> list[Rule]:
    return _listing(AutomationRule, Rule)


@blueprint.post("/automation-rules")
@endpoint("Add a rule (admins)", permission="helpdesk.write", body=RuleInput,
          answers={201: Rule})
def create_rule(body: RuleInput) -> tuple[Rule, int]:
    return _save(save_rule, Rule, None, body)


@blueprint.patch("/automation-rules/<id:rule_id>")
@endpoint("Change a rule (admins)", permission="helpdesk.write", body=RuleInput,
          answers={200: Rule}, errors=(404,))
def update_rule(rule_id: int, body: RuleInput) -> tuple[Rule, int]:
    return _save(save_rule, Rule, rule_id, body)


@blueprint.delete("/automation-rules/<id:rule_id>")
@endpoint("Delete a rule (admins)", permission="helpdesk.write", answers={204: NO_CONTENT},
          errors=(404,))
def remove_rule(rule_id: int) -> None:
    with desk_session() as desk:
        delete_rule(desk, rule_id)
