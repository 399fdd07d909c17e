"""OpenAPI paths and schemas of the help desk (merged into web/openapi.py)."""

from __future__ import annotations

from typing import Any

from web.openapi_routes import AUTH, BAD, DB_ID, UNAUTHORIZED, _body, _error, _json, _list

_TIME = {"type": ["string", "null"], "format": "date-time"}
_TEXT = {"type": "string"}
_INT = {"type": "integer"}
_BOOL = {"type": "boolean"}
_OBJ = {"type": "object"}
_CODES = {"type": "array", "items": _TEXT}
CONFLICT = _error("changed meanwhile (send the current version) or not possible now")
MISSING = _error("no such ticket, or not one this user may see")


def _id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": DB_ID}


def _query(name: str, description: str, schema: dict[str, Any] | None = None,
           ) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or _TEXT}


def _op(summary: str, ok: str | None, schema: str | None = None, body: str | None = None,
        listed: bool = False, **errors: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": "done"}
    if schema:
        answer.update(_list(schema) if listed else _json(schema))
    responses = {ok or "204": answer, "401": UNAUTHORIZED,
                 **{code.removeprefix("e"): value for code, value in errors.items()}}
    operation: dict[str, Any] = {"summary": summary, "security": AUTH, "responses": responses}
    if body:
        operation["requestBody"] = _body(body)
    return operation


def _obj(required: list[str], **properties: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


SCHEMAS: dict[str, Any] = {
    "Contact": _obj(["id", "name", "phones", "emails"], id=_INT, name=_TEXT,
                    phone={"type": ["string", "null"]}, phones=_CODES, emails=_CODES,
                    company={"type": ["object", "null"]}),
    "ContactInput": {"type": "object", "properties": {
        "name": {"type": "string", "maxLength": 200},
        "phones": {"type": "array", "items": _TEXT, "description": "E.164"},
        "emails": {"type": "array", "items": _TEXT},
        "company_id": {"type": ["integer", "null"]}}},
    "ContactHistory": {"allOf": [{"$ref": "#/components/schemas/Contact"}, _obj(
        ["tickets", "calls"], tickets={"type": "array", "items": _OBJ},
        calls={"type": "array", "items": _OBJ})]},
    "Company": _obj(["id", "name", "domain"], id=_INT, name=_TEXT,
                    domain={"type": ["string", "null"]}),
    "CompanyInput": _obj(["name"], name=_TEXT, domain={"type": ["string", "null"]}),
    "NewTicket": _obj(["subject"], subject=_TEXT, channel=_TEXT, queue={
        "type": ["string", "integer", "null"], "description": "code or id; default queue"},
        status=_TEXT, priority=_TEXT, tags=_CODES, owner_id={"type": ["integer", "null"]},
        body={"type": "string", "description": "the first message"},
        contact={"type": "object", "properties": {"phone": _TEXT, "email": _TEXT,
                                                  "name": _TEXT}}),
    "TicketChanges": _obj(
        ["version"], version={"type": "integer", "description": "the version you read"},
        subject=_TEXT, status=_TEXT, priority=_TEXT, tags=_CODES,
        owner_id={"type": ["integer", "null"]},
        queue={"type": ["string", "integer"], "description": "transfer to this queue"},
        note={"type": "string", "description": "why (transfers)"}),
    "TimelineEntry": _obj(["id", "at", "author_id", "kind", "body", "data"], id=_INT, at=_TIME,
                          author_id={"type": ["integer", "null"]}, kind=_TEXT, body=_TEXT,
                          data=_OBJ, ticket_id=_INT),
    "Note": _obj(["body"], body={"type": "string", "minLength": 1,
                                 "description": "@login mentions notify"}),
    "Message": _obj(["body"], body={"type": "string", "minLength": 1},
                    direction={"type": "string", "enum": ["in", "out"]},
                    channel={"type": "string", "enum": ["email", "sms", "phone", "form"]}),
    "Snooze": _obj(["until"], until={"type": "string", "format": "date-time"},
                   version=_INT),
    "Correction": _obj(["at"], at={"type": "string", "format": "date-time"}),
    "Merge": _obj(["tickets"], tickets={"type": "array", "items": _INT, "minItems": 1}),
    "Split": _obj(["entry_id"], entry_id=_INT, subject=_TEXT),
    "Status": _obj(["id", "code", "name", "kind", "counts_sla", "position", "active"],
                   id=_INT, code=_TEXT, name=_TEXT,
                   kind={"type": "string", "enum": ["normal", "closed"]},
                   counts_sla=_BOOL, position=_INT, active=_BOOL),
    "StatusInput": {"type": "object", "properties": {
        "code": _TEXT, "name": _TEXT, "kind": _TEXT, "counts_sla": _BOOL, "position": _INT,
        "active": _BOOL}},
    "Priority": _obj(["id", "code", "name", "position", "active"], id=_INT, code=_TEXT,
                     name=_TEXT, position=_INT, active=_BOOL),
    "PriorityInput": {"type": "object", "properties": {
        "code": _TEXT, "name": _TEXT, "position": _INT, "active": _BOOL}},
    "Calendar": _obj(["id", "name", "timezone", "hours"], id=_INT, name=_TEXT, timezone=_TEXT,
                     hours=_OBJ, closed_dates=_CODES, exceptional=_OBJ,
                     country={"type": ["string", "null"]},
                     subdivision={"type": ["string", "null"]}),
    "CalendarInput": {"type": "object", "properties": {
        "name": _TEXT, "timezone": _TEXT,
        "hours": {"type": "object", "description": "{mon: [[\"09:00\", \"17:00\"]], ...}"},
        "closed_dates": _CODES, "exceptional": _OBJ, "country": {"type": ["string", "null"]},
        "subdivision": {"type": ["string", "null"]}}},
    "TicketQueue": _obj(["id", "name", "code", "distribution", "agents"], id=_INT, name=_TEXT,
                        code=_TEXT, colour=_TEXT, active=_BOOL, is_default=_BOOL,
                        distribution={"type": "string", "enum": ["automatic", "manual"]},
                        source_weights=_OBJ, reaction_minutes={"type": ["integer", "null"]},
                        resolution_minutes={"type": ["integer", "null"]},
                        calendar_id={"type": ["integer", "null"]}, default_status=_TEXT,
                        statuses=_CODES, number_pattern=_TEXT, renumber_on_move=_BOOL,
                        closed_reply={"type": "string",
                                      "enum": ["reopen", "new_ticket", "notify_owner"]},
                        reopen_status=_TEXT,
                        reassign_after_minutes={"type": ["integer", "null"]},
                        reassign_percent=_OBJ,
                        no_agent_alert_minutes={"type": ["integer", "null"]},
                        agents={"type": "array", "items": _obj(
                            ["user_id", "buffer"], user_id=_INT, buffer=_INT)}),
    "TicketQueueInput": {"type": "object", "description": "any TicketQueue field but id"},
    "Rule": _obj(["id", "name", "event", "position", "active", "conditions", "actions"],
                 id=_INT, name=_TEXT, event=_TEXT, position=_INT, active=_BOOL,
                 conditions={"type": "array", "items": _OBJ},
                 actions={"type": "array", "items": _OBJ}),
    "RuleInput": {"type": "object", "properties": {
        "name": _TEXT, "event": _TEXT, "position": _INT, "active": _BOOL,
        "conditions": {"type": "array", "items": _OBJ},
        "actions": {"type": "array", "items": _OBJ}}},
    "Notifications": _obj(["counters", "items"], counters={
        "type": "object", "additionalProperties": _INT}, items={"type": "array", "items": _obj(
            ["id", "kind", "ticket_id", "at"], id=_INT, kind=_TEXT,
            ticket_id={"type": ["integer", "null"]}, at=_TIME, data=_OBJ)}),
    "MarkRead": {"type": "object", "properties": {
        "ids": {"type": ["array", "null"], "items": _INT},
        "kind": {"type": ["string", "null"]}}},
    "Marked": _obj(["marked"], marked=_INT),
    "Report": _obj(["from", "to", "group_by", "rows"], to=_TIME, group_by=_TEXT,
                   rows={"type": "array", "items": _OBJ}, **{"from": _TIME}),
}

TICKET = _id("ticket_id")
_PERIOD = [{**_query("from", "first day, e.g. 2026-11-01"), "required": True},
           {**_query("to", "last day"), "required": True},
           _query("tz", "timezone of the days (default: live.timezone)"),
           _query("format", "json, csv or xlsx"),
           _query("group_by", "queue, agent or channel (calls: queue or agent)")]
_FILTERS = [_query("status", "status codes, comma separated"),
            _query("queue", "queue codes, comma separated"),
            _query("owner", "me, none or a user id",
                   {"type": "string", "pattern": "^(me|none|[0-9]{1,18})?$"}),
            _query("priority", "priority codes, comma separated"),
            _query("channel", "channels, comma separated"), _query("tag", "one tag"),
            _query("contact_id", "one customer",
                   {"type": "string", "pattern": "^[0-9]{0,18}$"}),
            _query("q", "full-text search over numbers, subjects, messages and notes"),
            _query("snoozed", "exclude (default), only or include",
                   {"type": "string", "enum": ["", "exclude", "only", "include"]}),
            _query("merged", "true: also tickets merged into others",
                   {"type": "string", "enum": ["", "true", "false"]}),
            _query("sort", "prefix - for descending (default -created_at)", {
                "type": "string", "enum": ["", *(f"{sign}{name}" for sign in ("", "-") for name
                                                 in ("created_at", "updated_at", "resolution_due",
                                                     "reaction_due", "number", "id"))]})]

PATHS: dict[str, Any] = {
    "/api/v1/tickets/{ticket_id}/timeline": {"parameters": [TICKET], "get": _op(
        "Everything that happened on the ticket, oldest first", "200", "TimelineEntry",
        listed=True, e404=MISSING)},
    "/api/v1/tickets/{ticket_id}/timeline/{entry_id}": {
        "parameters": [TICKET, _id("entry_id")],
        "patch": _op("Correct when a status change happened (supervisors); the SLA due "
                     "times are rebuilt from the corrected history", "200", "TicketDetail",
                     "Correction", e400=BAD, e404=MISSING)},
    "/api/v1/tickets/{ticket_id}/notes": {"parameters": [TICKET], "post": _op(
        "Internal note; @login mentions notify those users", "201", "TimelineEntry", "Note",
        e400=BAD, e404=MISSING)},
    "/api/v1/tickets/{ticket_id}/messages": {"parameters": [TICKET], "post": _op(
        "A reply to the customer (out) or a customer's message (in; on a closed ticket "
        "the queue decides: reopen, new linked ticket, or notify the owner)", "201",
        "TimelineEntry", "Message", e400=BAD, e404=MISSING)},
    "/api/v1/tickets/{ticket_id}/attachments": {"parameters": [TICKET], "post": {
        **_op("Attach a file (multipart field 'file', up to 25 MB)", "201", "TimelineEntry",
              e400=BAD, e404=MISSING),
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary"}}}}}}}},
    "/api/v1/tickets/{ticket_id}/attachments/{entry_id}": {
        "parameters": [TICKET, _id("entry_id")],
        "get": _op("Download an attachment", "200", e404=MISSING)},
    "/api/v1/tickets/{ticket_id}/watchers/{user_id}": {
        "parameters": [TICKET, _id("user_id")],
        "put": _op("Watch the ticket", "200", "TicketDetail", e400=BAD, e404=MISSING),
        "delete": _op("Stop watching", "200", "TicketDetail", e400=BAD, e404=MISSING)},
    "/api/v1/tickets/{ticket_id}/snooze": {"parameters": [TICKET], "post": _op(
        "Snooze until a time: off the active list, back with a notification", "200",
        "TicketDetail", "Snooze", e400=BAD, e404=MISSING, e409=CONFLICT)},
    "/api/v1/tickets/{ticket_id}/wake": {"parameters": [TICKET], "post": _op(
        "Wake a snoozed ticket early (its owner only)", "200", "TicketDetail",
        e404=MISSING, e409=CONFLICT)},
    "/api/v1/tickets/{ticket_id}/merge": {"parameters": [TICKET], "post": _op(
        "Merge other tickets into this one (irreversible)", "200", "TicketDetail", "Merge",
        e400=BAD, e404=MISSING, e409=CONFLICT)},
    "/api/v1/tickets/{ticket_id}/split": {"parameters": [TICKET], "post": _op(
        "Split a message out into a new linked ticket", "201", "TicketDetail", "Split",
        e400=BAD, e404=MISSING)},
    "/api/v1/ticket-statuses": {
        "get": _op("Statuses (normal or closed; counting toward SLA or not)", "200",
                   "Status", listed=True),
        "post": _op("Add a status (admins)", "201", "Status", "StatusInput", e400=BAD,
                    e409=CONFLICT)},
    "/api/v1/ticket-statuses/{status_id}": {"parameters": [_id("status_id")], "patch": _op(
        "Change a status (admins)", "200", "Status", "StatusInput", e400=BAD,
        e404=_error("no such status"), e409=CONFLICT)},
    "/api/v1/ticket-priorities": {
        "get": _op("Priorities", "200", "Priority", listed=True),
        "post": _op("Add a priority (admins)", "201", "Priority", "PriorityInput", e400=BAD,
                    e409=CONFLICT)},
    "/api/v1/ticket-priorities/{priority_id}": {"parameters": [_id("priority_id")],
                                                "patch": _op(
        "Change a priority (admins)", "200", "Priority", "PriorityInput", e400=BAD,
        e404=_error("no such priority"))},
    "/api/v1/calendars": {
        "get": _op("Business calendars", "200", "Calendar", listed=True),
        "post": _op("Add a calendar (admins)", "201", "Calendar", "CalendarInput", e400=BAD,
                    e409=CONFLICT)},
    "/api/v1/calendars/{calendar_id}": {"parameters": [_id("calendar_id")], "put": _op(
        "Change a calendar (admins); SLA due times follow", "200", "Calendar",
        "CalendarInput", e400=BAD, e404=_error("no such calendar"), e409=CONFLICT)},
    "/api/v1/ticket-queues": {
        "get": _op("Ticket queues (categories) with their agents", "200", "TicketQueue",
                   listed=True),
        "post": _op("Add a ticket queue (admins)", "201", "TicketQueue", "TicketQueueInput",
                    e400=BAD, e409=CONFLICT)},
    "/api/v1/ticket-queues/{queue_id}": {
        "parameters": [_id("queue_id")],
        "get": _op("One ticket queue", "200", "TicketQueue", e404=_error("no such queue")),
        "patch": _op("Change a ticket queue (admins)", "200", "TicketQueue",
                     "TicketQueueInput", e400=BAD, e404=_error("no such queue"),
                     e409=CONFLICT)},
    "/api/v1/automation-rules": {
        "get": _op("Automation rules, in order (admins)", "200", "Rule", listed=True),
        "post": _op("Add a rule (admins)", "201", "Rule", "RuleInput", e400=BAD)},
    "/api/v1/automation-rules/{rule_id}": {
        "parameters": [_id("rule_id")],
        "patch": _op("Change a rule (admins)", "200", "Rule", "RuleInput", e400=BAD,
                     e404=_error("no such rule")),
        "delete": _op("Delete a rule (admins)", None, e404=_error("no such rule"))},
    "/api/v1/contacts": {
        "get": {**_op("Contacts, newest first", "200", "Contact", listed=True, e400=BAD),
                "parameters": [_query("q", "name, phone or email contains"),
                               _query("page", "page", {"type": "integer", "minimum": 1,
                                                       "maximum": 10**9}),
                               _query("per_page", "per page", {"type": "integer", "minimum": 1,
                                                               "maximum": 200})]},
        "post": _op("Add a contact", "201", "Contact", "ContactInput", e400=BAD,
                    e409=_error("a phone or email belongs to another contact"))},
    "/api/v1/contacts/{contact_id}": {
        "parameters": [_id("contact_id")],
        "get": _op("A contact with their tickets and calls across channels", "200",
                   "ContactHistory", e404=_error("no such contact")),
        "put": _op("Change a contact", "200", "Contact", "ContactInput", e400=BAD,
                   e404=_error("no such contact"),
                   e409=_error("a phone or email belongs to another contact"))},
    "/api/v1/companies": {
        "get": _op("Companies", "200", "Company", listed=True),
        "post": _op("Add a company; contacts at its email domain join it", "201", "Company",
                    "CompanyInput", e400=BAD, e409=CONFLICT)},
    "/api/v1/companies/{company_id}": {"parameters": [_id("company_id")], "put": _op(
        "Change a company", "200", "Company", "CompanyInput", e400=BAD,
        e404=_error("no such company"), e409=CONFLICT)},
    "/api/v1/notifications": {"get": _op(
        "My unread notifications and counters per kind", "200", "Notifications")},
    "/api/v1/notifications/read": {"post": _op(
        "Mark notifications read (by ids, by kind, or all)", "200", "Marked", "MarkRead",
        e400=BAD)},
    "/api/v1/reports/tickets": {"get": {**_op(
        "Tickets per group: created, resolved, first reaction, handling time (SLA time "
        "only), resolution time, actions per ticket, SLA met %", "200", "Report", e400=BAD),
        "parameters": _PERIOD}},
    "/api/v1/reports/calls": {"get": {**_op(
        "Calls per queue or agent: offered, answered, missed, abandoned, average wait, "
        "service level", "200", "Report", e400=BAD), "parameters": _PERIOD}},
    "/api/v1/reports/tickets/export": {"get": {**_op(
        "Every ticket of the period, one row each, streamed (csv or xlsx)", "200", e400=BAD),
        "parameters": _PERIOD[:4]}},
}

TICKET_PATHS: dict[str, Any] = {
    "list": {"summary": "Tickets this user may see: filtered, sorted, searched, paged",
             "parameters": _FILTERS},
    "post": _op("Open a ticket (an agent's or a form's)", "201", "TicketDetail",
                "NewTicket", e400=BAD),
    "patch": {**_op("Change fields (status, priority, tags, owner, queue, subject); send "
                    "the version you read", "200", "TicketDetail", "TicketChanges", e400=BAD,
                    e404=MISSING, e409=CONFLICT), "parameters": [TICKET]},
}
