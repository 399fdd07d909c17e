"""The OpenAPI description of the REST API; the tests validate real responses against it."""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from web import (
    openapi_agents,
    openapi_helpdesk,
    openapi_live,
    openapi_pbx,
    openapi_routes,
    openapi_users,
)

blueprint = Blueprint("openapi", __name__, url_prefix="/api/v1")

_TIME = {"type": ["string", "null"], "format": "date-time"}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["code", "message", "details"],
        "properties": {
            "code": {"type": "string"},
            "message": {"type": "string"},
            "details": {"type": "object"},
        },
    },
    "Call": {
        "type": "object",
        "required": ["linkedid", "caller_number", "dialed_number", "started_at",
                     "answered_at", "ended_at", "outcome", "source", "path"],
        "properties": {
            "linkedid": {"type": "string", "description": "Asterisk Linkedid of the call"},
            "direction": {"type": "string", "enum": ["inbound", "outbound"],
                          "description": "outbound: click-to-call from the ticket"},
            "caller_number": {"type": ["string", "null"], "description": "E.164, or null"},
            "caller_raw": {"type": "string"},
            "dialed_number": {"type": ["string", "null"]},
            "started_at": _TIME,
            "answered_at": _TIME,
            "ended_at": _TIME,
            "outcome": {"type": ["string", "null"],
                        "enum": ["answered", "transferred", "voicemail", "abandoned",
                                 "out_of_hours", "missed", "ivr", "unanswered", None],
                        "description": "set when the call ends"},
            "state": {"type": "string",
                      "enum": ["arriving", "in_route", "queued", "ringing_agent", "talking",
                               "ended"]},
            "connected_at": {**_TIME, "description": "when an agent answered"},
            "agent": {"type": "string", "description": "device of the agent who answered"},
            "queue": {"type": "string"},
            "wait_seconds": {"type": ["integer", "null"],
                             "description": "start until an agent answered (or the end)"},
            "hold_seconds": {"type": ["integer", "null"], "description": "time in queue"},
            "talk_seconds": {"type": ["integer", "null"]},
            "hangup_cause": {"type": ["integer", "null"]},
            "hangup_cause_text": {"type": "string"},
            "hangup_side": {"type": "string", "enum": ["", "caller", "agent", "transfer"]},
            "legs": {"type": "array", "items": {"type": "object"}},
            "queue_events": {"type": "array", "items": {"type": "object"},
                             "description": "joins and leaves, with positions"},
            "agents_rung": {"type": "array", "items": {"type": "object"},
                            "description": "every agent rung, and whether they answered"},
            "transfers": {"type": "array", "items": {"type": "object"}},
            "source": {"type": "string", "enum": ["ami", "fallback"]},
            "route_version": {"type": ["integer", "null"],
                              "description": "the route version the call ran"},
            "path": {"type": "array", "items": {"type": "object"}},
            "recordings": {"type": "array", "items": {"type": "string"},
                           "description": "URLs of the call's recordings (conversation, "
                                          "voicemail)"},
        },
    },
    "Ticket": {
        "type": "object",
        "required": ["id", "number", "subject", "status", "channel", "contact", "created_at",
                     "version", "queue", "owner_id", "calls"],
        "properties": {
            "id": {"type": "integer"},
            "number": {"type": "string"},
            "subject": {"type": "string"},
            "status": {"type": "string"},
            "closed": {"type": "boolean", "description": "in a status of kind closed"},
            "channel": {"type": "string", "enum": ["phone", "email", "sms", "form", "agent"]},
            "contact": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Contact"}]},
            "created_at": _TIME,
            "updated_at": _TIME,
            "version": {"type": "integer", "description": "send it back to change the ticket"},
            "queue": {"type": ["string", "null"], "description": "ticket queue code"},
            "owner_id": {"type": ["integer", "null"]},
            "category": {"type": "string"},
            "priority": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "reaction_due": _TIME,
            "resolution_due": {**_TIME, "description": "null while the SLA clock is paused"},
            "sla_paused": {"type": "boolean"},
            "first_reaction_at": _TIME,
            "resolved_at": _TIME,
            "snoozed_until": _TIME,
            "merged_into_id": {"type": ["integer", "null"]},
            "linked_ticket_id": {"type": ["integer", "null"]},
            "calls": {"type": "array", "items": {"$ref": "#/components/schemas/Call"}},
        },
    },
    "TicketDetail": {"allOf": [{"$ref": "#/components/schemas/Ticket"}, {
        "type": "object", "required": ["watchers", "linked_from"],
        "properties": {"watchers": {"type": "array", "items": {"type": "integer"}},
                       "linked_from": {"type": "array", "items": {"type": "object"}}}}]},
    "TicketPage": {
        "type": "object",
        "required": ["items", "page", "per_page", "total"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Ticket"}},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": 200},
            "total": {"type": "integer", "minimum": 0},
            "total_exact": {"type": "boolean",
                            "description": "false: at least this many (counting stops at "
                                           "1,000)"},
        },
    },
    "Health": {
        "type": "object",
        "required": ["status", "components"],
        "properties": {
            "status": {"type": "string", "enum": ["ok", "degraded"]},
            "components": {"type": "object", "additionalProperties": {
                "type": "object", "required": ["status", "detail"],
                "properties": {"status": {"type": "string"}, "detail": {"type": "string"}},
            }},
        },
    },
}


def _json(schema: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, **_json("Error")}


def _page_param(name: str, maximum: int) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": maximum}
    return {"name": name, "in": "query", "required": False, "schema": schema}


_DESCRIPTION: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "ringdesk", "version": version("ringdesk")},
    "paths": {
        "/healthz": {"get": {
            "summary": "State of the AGI server, the AMI session and the database",
            "responses": {"200": {"description": "all healthy", **_json("Health")},
                          "503": {"description": "a component is down", **_json("Health")}},
        }},
        "/api/v1/tickets": {"get": {
            "summary": openapi_helpdesk.TICKET_PATHS["list"]["summary"],
            "parameters": [_page_param("page", 10**9), _page_param("per_page", 200),
                           *openapi_helpdesk.TICKET_PATHS["list"]["parameters"]],
            "security": [{"bearer": []}],
            "responses": {"200": {"description": "one page", **_json("TicketPage")},
                          "400": _error("invalid paging or filter"),
                          "401": _error("no or unknown API token")},
        }, "post": openapi_helpdesk.TICKET_PATHS["post"]},
        "/api/v1/tickets/{ticket_id}": {"get": {
            "summary": "One ticket",
            "parameters": [{"name": "ticket_id", "in": "path", "required": True,
                            "schema": {"type": "integer", "minimum": 1,
                                       "maximum": 2**63 - 1}}],
            "security": [{"bearer": []}],
            "responses": {"200": {"description": "the ticket", **_json("TicketDetail")},
                          "401": _error("no or unknown API token"),
                          "404": _error("no such ticket")},
        }, "patch": openapi_helpdesk.TICKET_PATHS["patch"]},
        "/api/v1/calls/{linkedid}/recordings/{name}": {"get": {
            "summary": "A recording of the call (WAV)",
            "parameters": [{"name": "linkedid", "in": "path", "required": True,
                            "schema": {"type": "string"}},
                           {"name": "name", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "security": [{"bearer": []}],
            "responses": {"200": {"description": "audio/wav"},
                          "401": _error("no or unknown API token"),
                          "404": _error("no such recording for this call")},
        }},
        "/api/v1/openapi.json": {"get": {
            "summary": "This description",
            "responses": {"200": {"description": "OpenAPI 3.1 document"}},
        }},
        **openapi_routes.PATHS,
        **openapi_pbx.PATHS,
        **openapi_agents.PATHS,
        **openapi_live.PATHS,
        **openapi_users.PATHS,
        **openapi_helpdesk.PATHS,
    },
    "components": {
        "schemas": {**SCHEMAS, **openapi_routes.SCHEMAS, **openapi_pbx.SCHEMAS,
                    **openapi_agents.SCHEMAS, **openapi_live.SCHEMAS,
                    **openapi_users.SCHEMAS, **openapi_helpdesk.SCHEMAS},
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                       "description": "a user's API token"}},
    },
}


SPEC: dict[str, Any] = {
    **_DESCRIPTION, "paths": openapi_routes.with_default_errors(_DESCRIPTION["paths"])}


@blueprint.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    return jsonify(SPEC)
