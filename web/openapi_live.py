"""OpenAPI paths and schemas of the live board (merged into web/openapi.py)."""

from __future__ import annotations

from typing import Any

from web.openapi_routes import AUTH, UNAUTHORIZED, _error, _json, _list

NO_BOARD = _error("the live board is kept by the running server")

SCHEMAS: dict[str, Any] = {
    "LiveAgent": {
        "type": "object",
        "required": ["endpoint", "registered", "device_state", "status", "mode", "call",
                     "answered_today"],
        "properties": {
            "endpoint": {"type": "string"},
            "registered": {"type": ["boolean", "null"], "description": "null: not known yet"},
            "device_state": {"type": "string", "description": "Asterisk's device state"},
            "status": {"type": "string",
                       "enum": ["idle", "ringing", "in_call", "wrapup", "away", "offline"]},
            "mode": {"type": ["string", "null"], "description": "work mode"},
            "available": {"type": ["boolean", "null"]},
            "call": {"type": ["string", "null"], "description": "Linkedid"},
            "answered_today": {"type": "integer"},
        },
    },
    "LiveQueue": {
        "type": "object",
        "required": ["name", "waiting", "longest_wait_seconds", "callers", "answered_today",
                     "abandoned_today", "service_level"],
        "properties": {
            "name": {"type": "string"},
            "waiting": {"type": "integer"},
            "longest_wait_seconds": {"type": "integer"},
            "callers": {"type": "array", "items": {"type": "object"}},
            "answered_today": {"type": "integer"},
            "abandoned_today": {"type": "integer"},
            "service_level": {"type": ["number", "null"],
                              "description": "% of today's callers answered within "
                                             "live.service_level_seconds"},
        },
    },
    "LiveCall": {
        "type": "object",
        "required": ["linkedid", "caller", "dialed", "state", "queue", "agent", "started_at"],
        "properties": {
            "linkedid": {"type": "string"}, "caller": {"type": "string"},
            "dialed": {"type": "string"},
            "state": {"type": "string", "enum": ["arriving", "in_route", "queued",
                                                 "ringing_agent", "talking"]},
            "queue": {"type": "string"}, "agent": {"type": "string"},
            "started_at": {"type": "string", "format": "date-time"},
        },
    },
    "LiveBoard": {
        "type": "object", "required": ["agents", "queues", "calls"],
        "properties": {
            "agents": {"type": "array", "items": {"$ref": "#/components/schemas/LiveAgent"}},
            "queues": {"type": "array", "items": {"$ref": "#/components/schemas/LiveQueue"}},
            "calls": {"type": "array", "items": {"$ref": "#/components/schemas/LiveCall"}},
        },
    },
}


def _get(summary: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"get": {"summary": summary, "security": AUTH,
                    "responses": {"200": {"description": "now", **body},
                                  "401": UNAUTHORIZED, "503": NO_BOARD}}}


PATHS: dict[str, Any] = {
    "/api/v1/live": _get("The whole live board", _json("LiveBoard")),
    "/api/v1/live/agents": _get("Agents now", _list("LiveAgent")),
    "/api/v1/live/queues": _get("Queues now, with today's figures", _list("LiveQueue")),
    "/api/v1/live/calls": _get("Calls in progress", _list("LiveCall")),
    "/api/v1/live/events": {"get": {
        "summary": "The live board as server-sent events: a snapshot, then every change "
                   "(agent, queue, call, call_ended); ?token= for EventSource",
        "security": AUTH,
        "responses": {"200": {"description": "text/event-stream",
                              "content": {"text/event-stream": {"schema": {"type": "string"}}}},
                      "401": UNAUTHORIZED}}},
}
