"""OpenAPI paths and schemas of the PBX API (merged into web/openapi.py)."""

from __future__ import annotations

from typing import Any

from web.openapi_routes import AUTH, BAD, UNAUTHORIZED, _body, _error, _json, _list

QUEUE_NAME = {"type": "string", "pattern": "^[A-Za-z0-9_]{1,60}$"}
PROBLEMS = {"type": "array", "items": {"$ref": "#/components/schemas/PbxProblem"}}
INVALID = _error("the configuration check failed; details.problems names each field")

SCHEMAS: dict[str, Any] = {
    "PbxProblem": {"type": "object", "required": ["where", "field", "message"],
                   "properties": {"where": {"type": "string"}, "field": {"type": "string"},
                                  "message": {"type": "string"}}},
    "AgentAccount": {
        "type": "object",
        "required": ["endpoint", "display_name", "static_contact", "has_password"],
        "properties": {
            "endpoint": {"type": "string", "description": "PJSIP endpoint and SIP user"},
            "display_name": {"type": "string"},
            "static_contact": {"type": "string",
                               "description": "sip:user@host:port for a phone that does "
                                              "not register; empty when it registers"},
            "has_password": {"type": "boolean"},
            "caller_id": {"type": "string",
                          "description": "number customers see when this agent calls them"},
            "password": {"type": ["string", "null"],
                         "description": "only in the creation response: shown once"},
        },
    },
    "NewAgentAccount": {
        "type": "object", "required": ["endpoint"],
        "properties": {"endpoint": {"type": "string"}, "display_name": {"type": "string"},
                       "static_contact": {"type": "string"},
                       "caller_id": {"type": "string", "pattern": "^\\+?[0-9]{3,20}$"}},
    },
    "QueueMember": {
        "type": "object", "required": ["endpoint", "level", "position"],
        "properties": {"endpoint": {"type": "string"},
                       "level": {"type": "integer", "minimum": 1,
                                 "description": "level 1 rings first"},
                       "position": {"type": "integer", "minimum": 1,
                                    "description": "order inside the level"}},
    },
    "PbxQueue": {
        "type": "object",
        "required": ["name", "ring_timeout", "retry", "max_wait", "wrapup", "music_class",
                     "announce_frequency", "announce_position", "announce_holdtime",
                     "record_calls", "caller_id", "members"],
        "properties": {
            "name": QUEUE_NAME,
            "ring_timeout": {"type": "integer", "description": "seconds each agent rings"},
            "retry": {"type": "integer", "description": "seconds between two agents"},
            "max_wait": {"type": "integer"},
            "wrapup": {"type": "integer"},
            "music_class": {"type": "string"},
            "announce_frequency": {"type": "integer"},
            "announce_position": {"type": "boolean"},
            "announce_holdtime": {"type": "boolean"},
            "record_calls": {"type": "boolean",
                             "description": "record answered calls (MixMonitor)"},
            "caller_id": {"type": "string",
                          "description": "number customers see on click-to-call"},
            "members": {"type": "array", "items": {"$ref": "#/components/schemas/QueueMember"}},
        },
    },
    "QueueSettings": {
        "type": "object",
        "properties": {
            "ring_timeout": {"type": "integer"}, "retry": {"type": "integer"},
            "max_wait": {"type": "integer"}, "wrapup": {"type": "integer"},
            "music_class": {"type": "string"}, "announce_frequency": {"type": "integer"},
            "announce_position": {"type": "boolean"}, "announce_holdtime": {"type": "boolean"},
            "record_calls": {"type": "boolean"}, "caller_id": {"type": "string"},
            "members": {"type": "array", "items": {"$ref": "#/components/schemas/QueueMember"}},
        },
    },
    "PbxCheck": {"type": "object", "required": ["ok", "problems"],
                 "properties": {"ok": {"type": "boolean"}, "problems": PROBLEMS}},
    "PbxApplied": {"type": "object", "required": ["applied", "changed", "reloaded"],
                   "properties": {"applied": {"type": "boolean"},
                                  "changed": {"type": "array", "items": {"type": "string"}},
                                  "reloaded": {"type": "array", "items": {"type": "string"}}}},
}

PATHS: dict[str, Any] = {
    "/api/v1/pbx/accounts": {
        "get": {"summary": "Agents' SIP accounts", "security": AUTH,
                "responses": {"200": {"description": "accounts", **_list("AgentAccount")},
                              "401": UNAUTHORIZED}},
        "post": {"summary": "Create an agent's SIP account; the password is shown once",
                 "security": AUTH, "requestBody": _body("NewAgentAccount"),
                 "responses": {"201": {"description": "created", **_json("AgentAccount")},
                               "400": BAD, "401": UNAUTHORIZED,
                               "409": _error("the endpoint exists"), "422": INVALID}}},
    "/api/v1/pbx/queues": {
        "get": {"summary": "PBX queues with their leveled members", "security": AUTH,
                "responses": {"200": {"description": "queues", **_list("PbxQueue")},
                              "401": UNAUTHORIZED}}},
    "/api/v1/pbx/queues/{name}": {
        "parameters": [{"name": "name", "in": "path", "required": True, "schema": QUEUE_NAME}],
        "put": {"summary": "Create or replace a queue and its members", "security": AUTH,
                "requestBody": _body("QueueSettings"),
                "responses": {"200": {"description": "saved", **_json("PbxQueue")},
                              "400": BAD, "401": UNAUTHORIZED, "422": INVALID}}},
    "/api/v1/pbx/check": {
        "get": {"summary": "Check the PBX configuration without applying it", "security": AUTH,
                "responses": {"200": {"description": "problems, if any", **_json("PbxCheck")},
                              "401": UNAUTHORIZED}}},
    "/api/v1/pbx/apply": {
        "post": {"summary": "Apply config: write Asterisk's files and reload (live calls stay)",
                 "security": AUTH,
                 "responses": {"200": {"description": "applied", **_json("PbxApplied")},
                               "401": UNAUTHORIZED, "422": INVALID,
                               "503": _error("Asterisk cannot be reached")}}},
}
