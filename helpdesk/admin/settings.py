"""Configuring the help desk: statuses, priorities, calendars, ticket queues and rules.

Every change is checked field by field (errors name the field) and written to the audit
log with who made it.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import delete, select, update

from ringdesk.core.errors import Conflict, InvalidInput, NotFound
from ringdesk.core.users.models import User
from ringdesk.helpdesk.automation.rules import parse_rule
from ringdesk.helpdesk.setup.cache import SETUP
from ringdesk.helpdesk.setup.models import (
    AutomationRule,
    CalendarRecord,
    Priority,
    TicketQueue,
    TicketQueueAgent,
    TicketStatus,
)
from ringdesk.helpdesk.setup.queue_settings import check_queue_settings
from ringdesk.helpdesk.sla.calendar import BusinessCalendar, CalendarError
from ringdesk.helpdesk.tickets.desk import Desk
from ringdesk.routes.schedule import ScheduleError

CODE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


def _bad(message: str, field: str) -> InvalidInput:
    return InvalidInput(message, {"field": field})


def _get(desk: Desk, model: Any, row_id: int, what: str) -> Any:
    row = desk.session.get(model, row_id)
    if row is None:
        raise NotFound(f"{what} {row_id} does not exist", {"id": row_id})
    return row


def _code(value: Any, limit: int = 32) -> str:
    if not isinstance(value, str) or not CODE.match(value) or len(value) > limit:
        raise _bad(f"a code is 1-{limit} lowercase letters, digits or '_'", "code")
    return value


def _name(value: Any) -> str:
    if not isinstance(value, str) or not 1 <= len(value.strip()) <= 100:
        raise _bad("a name is 1-100 characters", "name")
    return value.strip()


def save_status(desk: Desk, status_id: int | None, body: dict[str, Any]) -> TicketStatus:
    row = TicketStatus() if status_id is None else _get(desk, TicketStatus, status_id, "status")
    if status_id is None:
        row.code = _code(body.get("code"))
        if desk.session.scalars(select(TicketStatus).where(TicketStatus.code == row.code)).first():
            raise Conflict(f"status {row.code!r} exists", {"field": "code"})
    elif "code" in body and body["code"] != row.code:
        raise _bad("a status's code cannot change (tickets and history use it)", "code")
    if status_id is None or "name" in body:
        row.name = _name(body.get("name"))
    if "kind" in body or status_id is None:
        if body.get("kind", "normal") not in ("normal", "closed"):
            raise _bad("kind is normal or closed", "kind")
        row.kind = body.get("kind", "normal")
    for flag, default in (("counts_sla", True), ("active", True)):
        if flag in body or status_id is None:
            value = body.get(flag, default)
            if not isinstance(value, bool):
                raise _bad(f"{flag} is true or false", flag)
            setattr(row, flag, value)
    if "position" in body or status_id is None:
        position = body.get("position", 100)
        if isinstance(position, bool) or not isinstance(position, int):
            raise _bad("position is a whole number", "position")
        row.position = position
    if not row.active and desk.session.scalars(select(TicketQueue).where(
            (TicketQueue.default_status == row.code) | (TicketQueue.reopen_status == row.code)
    )).first():
        raise Conflict(f"a queue uses {row.code!r} as its default or reopen status",
                       {"field": "active"})
    desk.session.add(row)
    desk.session.flush()
    desk.audit("status.save", row.code, body)
    SETUP.drop_after_commit(desk.session)
    if status_id is not None and ("counts_sla" in body or "kind" in body):
        # Time in this status now counts differently: every open ticket's clock follows.
        desk.session.execute(update(TicketQueue).values(sla_rebuild_from=0))
    return row


def save_priority(desk: Desk, priority_id: int | None, body: dict[str, Any]) -> Priority:
    row = Priority() if priority_id is None else _get(desk, Priority, priority_id, "priority")
    if priority_id is None:
        row.code = _code(body.get("code"), 16)
        if desk.session.scalars(select(Priority).where(Priority.code == row.code)).first():
            raise Conflict(f"priority {row.code!r} exists", {"field": "code"})
    if priority_id is None or "name" in body:
        row.name = _name(body.get("name"))
    for field, kind, default in (("position", int, 0), ("active", bool, True)):
        if field in body or priority_id is None:
            value = body.get(field, default)
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise _bad(f"{field} must be a {kind.__name__}", field)
            setattr(row, field, value)
    desk.session.add(row)
    desk.session.flush()
    desk.audit("priority.save", row.code, body)
    SETUP.drop_after_commit(desk.session)
    return row


def save_calendar(desk: Desk, calendar_id: int | None, body: dict[str, Any]) -> CalendarRecord:
    row = CalendarRecord() if calendar_id is None else \
        _get(desk, CalendarRecord, calendar_id, "calendar")
    name = _name(body.get("name", row.name))
    fields = {key: body.get(key, getattr(row, key, None)) for key in (
        "timezone", "hours", "closed_dates", "exceptional", "country", "subdivision")}
    try:
        BusinessCalendar.from_config(
            fields["timezone"] or "", fields["hours"] or {}, fields["closed_dates"] or [],
            fields["exceptional"] or {}, fields["country"], fields["subdivision"])
    except (CalendarError, ScheduleError, TypeError, AttributeError) as error:
        field = next((key for key in ("timezone", "hours", "closed_dates", "exceptional",
                                      "country") if key in str(error)), "hours")
        raise _bad(f"invalid calendar: {error}", field) from None
    other = desk.session.scalars(select(CalendarRecord).where(CalendarRecord.name == name)).first()
    if other is not None and other.id != row.id:
        raise Conflict(f"calendar {name!r} exists", {"field": "name"})
    row.name = name
    row.timezone, row.hours = fields["timezone"], fields["hours"] or {}
    row.closed_dates, row.exceptional = fields["closed_dates"] or [], fields["exceptional"] or {}
    row.country, row.subdivision = fields["country"], fields["subdivision"]
    desk.session.add(row)
    desk.session.flush()
    desk.audit("calendar.save", row.name, body)
    desk.session.execute(update(TicketQueue).where(TicketQueue.calendar_id == row.id)
                         .values(sla_rebuild_from=0))
    return row


def save_queue(desk: Desk, queue_id: int | None, body: dict[str, Any]) -> TicketQueue:
    row = TicketQueue() if queue_id is None else _get(desk, TicketQueue, queue_id, "queue")
    checked = check_queue_settings(body, set(desk.statuses()))
    if queue_id is None:
        for field in ("name", "code"):
            if field not in checked:
                raise _bad(f"a new queue needs a {field}", field)
    code = checked.get("code", row.code)
    other = desk.session.scalars(select(TicketQueue).where(TicketQueue.code == code)).first()
    if other is not None and other.id != row.id:
        raise Conflict(f"queue code {code!r} is taken", {"field": "code"})
    calendar_id = checked.get("calendar_id")
    if calendar_id is not None and desk.session.get(CalendarRecord, calendar_id) is None:
        raise _bad(f"no calendar {calendar_id}", "calendar_id")
    if row.is_default and checked.get("is_default") is False:
        raise Conflict("make another queue the default instead", {"field": "is_default"})
    if row.is_default and checked.get("active") is False:
        raise Conflict("the default queue cannot be deactivated", {"field": "active"})
    statuses = checked.get("statuses", row.statuses or [])
    for field in ("default_status", "reopen_status"):
        current = checked.get(field, getattr(row, field, None) or "open")
        if statuses and current not in statuses:
            raise _bad(f"{field} {current!r} is not in the queue's statuses", field)
    if queue_id is not None and any(
            field in checked and checked[field] != getattr(row, field)
            for field in ("reaction_minutes", "resolution_minutes", "calendar_id")):
        row.sla_rebuild_from = 0  # open tickets' due times follow (helpdesk/jobs.py)
    for field, value in checked.items():
        setattr(row, field, value)
    if checked.get("is_default"):
        desk.session.execute(update(TicketQueue).values(is_default=False))
        row.is_default = True
    desk.session.add(row)
    desk.session.flush()
    if "agents" in body:
        set_queue_agents(desk, row, body["agents"])
    desk.audit("queue.save", row.code, body)
    return row


def set_queue_agents(desk: Desk, queue: TicketQueue, agents: Any) -> None:
    if not isinstance(agents, list):
        raise _bad("agents is a list of {user_id, buffer}", "agents")
    wanted: dict[int, int] = {}
    for index, item in enumerate(agents):
        user_id = item.get("user_id") if isinstance(item, dict) else None
        buffer = item.get("buffer", 10) if isinstance(item, dict) else None
        if isinstance(user_id, bool) or not isinstance(user_id, int) or \
                desk.session.get(User, user_id) is None:
            raise _bad(f"no user {user_id!r}", f"agents[{index}].user_id")
        if isinstance(buffer, bool) or not isinstance(buffer, int) or not 1 <= buffer <= 1000:
            raise _bad("buffer is 1-1000 tickets", f"agents[{index}].buffer")
        wanted[user_id] = buffer
    desk.session.execute(delete(TicketQueueAgent).where(TicketQueueAgent.queue_id == queue.id))
    for user_id, buffer in wanted.items():
        desk.session.add(TicketQueueAgent(queue_id=queue.id, user_id=user_id, buffer=buffer))
    desk.session.flush()


def save_rule(desk: Desk, rule_id: int | None, body: dict[str, Any]) -> AutomationRule:
    row = AutomationRule() if rule_id is None else _get(desk, AutomationRule, rule_id, "rule")
    name = body.get("name", row.name)
    if not isinstance(name, str) or not 1 <= len(name.strip()) <= 200:
        raise _bad("a rule's name is 1-200 characters", "name")
    rule = parse_rule(0, body.get("event", row.event), body.get("conditions", row.conditions
                                                                 or []),
                      body.get("actions", row.actions))
    for index, action in enumerate(rule.actions):
        if action.action == "set_status" and action.value not in desk.statuses():
            raise _bad(f"no status {action.value!r}", f"actions[{index}].value")
        if action.action == "set_queue" and not desk.session.scalars(
                select(TicketQueue).where(TicketQueue.code == action.value)).first():
            raise _bad(f"no queue {action.value!r}", f"actions[{index}].value")
    for field, kind in (("position", int), ("active", bool)):
        if field in body and (not isinstance(body[field], kind) or
                              (kind is int and isinstance(body[field], bool))):
            raise _bad(f"{field} must be a {kind.__name__}", field)
    row.name, row.event = name.strip(), rule.event
    row.conditions = body.get("conditions", row.conditions or [])
    row.actions = body.get("actions", row.actions)
    row.position = body.get("position", row.position or 0)
    row.active = body.get("active", True if row.active is None else row.active)
    desk.session.add(row)
    desk.session.flush()
    desk.audit("rule.save", str(row.id), body)
    SETUP.drop_after_commit(desk.session)
    return row


def delete_rule(desk: Desk, rule_id: int) -> None:
    row = _get(desk, AutomationRule, rule_id, "rule")
    desk.session.delete(row)
    desk.audit("rule.delete", str(rule_id), {})
    SETUP.drop_after_commit(desk.session)
