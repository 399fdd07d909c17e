"""OpenAPI paths and schemas of work modes and agents (merged into web/openapi.py)."""

from __future__ import annotations

from typing import Any

from web.openapi_routes import AUTH, BAD, UNAUTHORIZED, _body, _error, _json, _list

MODE_REF = {"type": ["object", "null"], "required": ["name", "available", "code"],
            "description": "null until first set: the agent takes calls as configured",
            "properties": {"name": {"type": "string"}, "available": {"type": "boolean"},
                           "code": {"type": "string"}}}
ENDPOINT = {"name": "endpoint", "in": "path", "required": True,
            "schema": {"type": "string", "minLength": 1}}
MODE_ID = {"name": "mode_id", "in": "path", "required": True,
           "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}
NOT_FOUND = _error("no such agent account or work mode")
CONFLICT = _error("another work mode has this name or code")
TIME = {"type": "string", "format": "date-time"}

SCHEMAS: dict[str, Any] = {
    "ClickToCall": {
        "type": "object", "required": ["agent"],
        "properties": {
            "agent": {"type": "string", "description": "the agent's endpoint"},
            "number": {"type": "string",
                       "description": "whom to call; default: the ticket's contact"},
            "queue": {"type": "string",
                      "description": "present this queue's caller ID (else the agent's, "
                                     "else the number the customer called)"}},
    },
    "CallPlaced": {
        "type": "object", "required": ["linkedid", "agent", "number", "presented"],
        "properties": {"linkedid": {"type": "string"}, "agent": {"type": "string"},
                       "number": {"type": "string"}, "presented": {"type": "string"}},
    },
    "WorkMode": {
        "type": "object", "required": ["id", "name", "available", "code", "active"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string", "minLength": 1, "maxLength": 60},
            "available": {"type": "boolean", "description": "takes calls (else paused)"},
            "code": {"type": "string", "pattern": "^[0-9]{1,4}$",
                     "description": "dialled as *5<code> from the agent's phone"},
            "active": {"type": "boolean"},
        },
    },
    "NewWorkMode": {
        "type": "object", "required": ["name", "available", "code"],
        "properties": {"name": {"type": "string"}, "available": {"type": "boolean"},
                       "code": {"type": "string"}},
    },
    "WorkModeChanges": {
        "type": "object",
        "properties": {"name": {"type": "string"}, "available": {"type": "boolean"},
                       "code": {"type": "string"}, "active": {"type": "boolean"}},
    },
    "AgentMode": {
        "type": "object", "required": ["endpoint", "mode", "since"],
        "properties": {"endpoint": {"type": "string"}, "mode": MODE_REF,
                       "since": {"type": ["string", "null"], "format": "date-time"},
                       "applied": {"type": "boolean",
                                   "description": "Asterisk's queues already follow it"}},
    },
    "SetAgentMode": {
        "type": "object", "required": ["mode"],
        "properties": {"mode": {"type": "string", "description": "a mode's name or code"}},
    },
    "ModePeriod": {
        "type": "object", "required": ["mode", "available", "started_at", "ended_at", "source"],
        "properties": {"mode": {"type": "string"}, "available": {"type": "boolean"},
                       "started_at": TIME,
                       "ended_at": {"type": ["string", "null"], "format": "date-time"},
                       "source": {"type": "string", "enum": ["api", "phone", "system"]}},
    },
}

TICKET_ID = {"name": "ticket_id", "in": "path", "required": True,
             "schema": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}}

PATHS: dict[str, Any] = {
    "/api/v1/tickets/{ticket_id}/calls": {
        "parameters": [TICKET_ID],
        "post": {"summary": "Click-to-call: ring the agent's phone, then the customer; the "
                            "call is logged on this ticket (never retried by itself)",
                 "security": AUTH, "requestBody": _body("ClickToCall"),
                 "responses": {"202": {"description": "the agent's phone rings",
                                       **_json("CallPlaced")},
                               "400": BAD, "401": UNAUTHORIZED, "404": NOT_FOUND,
                               "502": _error("Asterisk refused the call"),
                               "503": _error("Asterisk cannot be reached (or dropped while "
                                             "placing: the call may still ring)")}}},
    "/api/v1/work-modes": {
        "get": {"summary": "Work modes", "security": AUTH,
                "responses": {"200": {"description": "modes", **_list("WorkMode")},
                              "401": UNAUTHORIZED}},
        "post": {"summary": "Create a work mode", "security": AUTH,
                 "requestBody": _body("NewWorkMode"),
                 "responses": {"201": {"description": "created", **_json("WorkMode")},
                               "400": BAD, "401": UNAUTHORIZED, "409": CONFLICT}}},
    "/api/v1/work-modes/{mode_id}": {
        "parameters": [MODE_ID],
        "patch": {"summary": "Rename, recode, retire a work mode", "security": AUTH,
                  "requestBody": _body("WorkModeChanges"),
                  "responses": {"200": {"description": "saved", **_json("WorkMode")},
                                "400": BAD, "401": UNAUTHORIZED, "404": NOT_FOUND,
                                "409": CONFLICT}}},
    "/api/v1/agents": {
        "get": {"summary": "Agent accounts with their work mode", "security": AUTH,
                "responses": {"200": {"description": "agents", **_list("AgentMode")},
                              "401": UNAUTHORIZED}}},
    "/api/v1/agents/{endpoint}/mode": {
        "parameters": [ENDPOINT],
        "put": {"summary": "Change an agent's work mode (pauses or unpauses all its queues)",
                "security": AUTH, "requestBody": _body("SetAgentMode"),
                "responses": {"200": {"description": "changed", **_json("AgentMode")},
                              "400": BAD, "401": UNAUTHORIZED, "404": NOT_FOUND,
                              "503": _error("the server is not running the PBX side")}}},
    "/api/v1/agents/{endpoint}/mode-log": {
        "parameters": [ENDPOINT,
                       {"name": "since", "in": "query", "required": False,
                        "schema": {"type": "string", "format": "date-time"}},
                       {"name": "until", "in": "query", "required": False,
                        "schema": {"type": "string", "format": "date-time"}}],
        "get": {"summary": "The periods an agent spent in each mode", "security": AUTH,
                "responses": {"200": {"description": "periods", **_list("ModePeriod")},
                              "400": BAD, "401": UNAUTHORIZED, "404": NOT_FOUND}}},
}
