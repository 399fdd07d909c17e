"""OpenAPI paths and schemas of the route API (merged into web/openapi.py)."""

from __future__ import annotations

from typing import Any

_TIME = {"type": ["string", "null"], "format": "date-time"}
AUTH: list[dict[str, list[str]]] = [{"bearer": []}]


def _json(schema: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


def _list(schema: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {
        "type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}}}}}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, **_json("Error")}


def _body(schema: str) -> dict[str, Any]:
    return {"required": True, **_json(schema)}


DB_ID = {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
ROUTE_ID = {"name": "route_id", "in": "path", "required": True, "schema": DB_ID}
NUMBER = {"name": "number", "in": "path", "required": True, "schema": DB_ID}
UNAUTHORIZED = _error("no or unknown API token")
SOUND_NAME = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,63}$"}
MISSING = _error("no such route or version")
BAD = _error("invalid input, naming the field")

SCHEMAS: dict[str, Any] = {
    "RouteSummary": {
        "type": "object",
        "required": ["id", "name", "description", "revision", "published_version", "numbers"],
        "properties": {
            "id": {"type": "integer"}, "name": {"type": "string"},
            "description": {"type": "string"},
            "revision": {"type": "integer", "description": "send it back to save (409 if stale)"},
            "published_version": {"type": ["integer", "null"]},
            "numbers": {"type": "array", "items": {"type": "string"}},
            "updated_at": _TIME,
        },
    },
    "Route": {"allOf": [{"$ref": "#/components/schemas/RouteSummary"}, {
        "type": "object", "required": ["graph"],
        "properties": {"graph": {"type": "object",
                                 "description": "draft graph; see /api/v1/route-schema"}}}]},
    "RouteInput": {
        "type": "object", "required": ["name"],
        "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 200},
                       "description": {"type": "string", "maxLength": 2000},
                       "graph": {"type": ["object", "null"],
                                 "description": "omit or null for an empty draft"}},
    },
    "RouteUpdate": {
        "type": "object", "required": ["revision"],
        "properties": {"revision": {"type": "integer"}, "name": {"type": "string"},
                       "description": {"type": "string"}, "graph": {"type": "object"}},
    },
    "Issue": {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                       "node": {"type": "string"}, "param": {"type": "string"},
                       "port": {"type": "string"}},
    },
    "Validation": {
        "type": "object", "required": ["valid", "issues"],
        "properties": {"valid": {"type": "boolean"}, "issues": {
            "type": "array", "items": {"$ref": "#/components/schemas/Issue"}}},
    },
    "Version": {
        "type": "object", "required": ["number", "published_at", "note"],
        "properties": {"number": {"type": "integer"}, "published_at": _TIME,
                       "published_by": {"type": ["integer", "null"]},
                       "note": {"type": "string"}, "graph": {"type": "object"}},
    },
    "Diff": {
        "type": "object", "required": ["added", "removed", "changed"],
        "properties": {"added": {"type": "array", "items": {"type": "string"}},
                       "removed": {"type": "array", "items": {"type": "string"}},
                       "changed": {"type": "array", "items": {"type": "object"}},
                       "entry": {"type": "object"}},
    },
    "SimulationInput": {
        "type": "object",
        "properties": {
            "caller": {"type": "string"}, "dialed": {"type": "string"},
            "at": {"type": "string", "format": "date-time"},
            "version": {"type": "integer", "description": "default: the draft"},
            "digits": {"type": "array", "items": {"type": "string"},
                       "description": "keys pressed in order; \"\" is no key"},
            "queue_statuses": {"type": "array", "items": {"type": "string"}},
            "dial_statuses": {"type": "array", "items": {"type": "string"}},
        },
    },
    "Simulation": {
        "type": "object", "required": ["completed", "reason", "path"],
        "properties": {
            "completed": {"type": "boolean"}, "reason": {"type": "string"},
            "path": {"type": "array", "items": {
                "type": "object", "required": ["node", "type", "port", "reason", "effects"],
                "properties": {"node": {"type": "string"}, "type": {"type": "string"},
                               "port": {"type": ["string", "null"]},
                               "reason": {"type": "string"},
                               "effects": {"type": "array", "items": {"type": "object"}}}}},
        },
    },
    "NodeType": {
        "type": "object", "required": ["type", "title", "params", "ports"],
        "properties": {"type": {"type": "string"}, "title": {"type": "string"},
                       "description": {"type": "string"},
                       "waits_for_caller": {"type": "boolean"},
                       "params": {"type": "array", "items": {"type": "object"}},
                       "ports": {"type": "array", "items": {"type": "object"}}},
    },
    "Number": {
        "type": "object", "required": ["number", "route_id"],
        "properties": {"number": {"type": "string"}, "route_id": {"type": ["integer", "null"]},
                       "label": {"type": "string"}},
    },
    "NumberInput": {"type": "object", "required": ["number"],
                    "properties": {"number": {"type": "string"}, "label": {"type": "string"}}},
    "Sound": {
        "type": "object", "required": ["name", "seconds", "bytes"],
        "properties": {"name": {"type": "string"}, "seconds": {"type": "number"},
                       "bytes": {"type": "integer"}},
    },
}

PATHS: dict[str, Any] = {
    "/api/v1/route-node-types": {"get": {
        "summary": "Node types with their parameters and ports (what the builder renders)",
        "responses": {"200": {"description": "all node types", **_list("NodeType")}}}},
    "/api/v1/route-schema": {"get": {
        "summary": "JSON Schema of a route graph",
        "responses": {"200": {"description": "the schema"}}}},
    "/api/v1/routes": {
        "get": {"summary": "Routes", "security": AUTH,
                "responses": {"200": {"description": "all routes", **_list("RouteSummary")},
                              "401": UNAUTHORIZED}},
        "post": {"summary": "Create a route (a draft; graphs save freely)", "security": AUTH,
                 "requestBody": _body("RouteInput"),
                 "responses": {"201": {"description": "created", **_json("Route")},
                               "400": BAD, "401": UNAUTHORIZED}}},
    "/api/v1/routes/{route_id}": {
        "parameters": [ROUTE_ID],
        "get": {"summary": "A route with its draft", "security": AUTH,
                "responses": {"200": {"description": "the route", **_json("Route")},
                              "401": UNAUTHORIZED, "404": MISSING}},
        "put": {"summary": "Save the draft (optimistic locking by revision)", "security": AUTH,
                "requestBody": _body("RouteUpdate"),
                "responses": {"200": {"description": "saved", **_json("Route")},
                              "400": BAD, "401": UNAUTHORIZED, "404": MISSING,
                              "409": _error("changed meanwhile: reload and reapply")}},
        "delete": {"summary": "Delete a route no call ever ran", "security": AUTH,
                   "responses": {"204": {"description": "deleted"}, "400": BAD,
                                 "401": UNAUTHORIZED, "404": MISSING}}},
    "/api/v1/routes/{route_id}/validate": {"parameters": [ROUTE_ID], "post": {
        "summary": "Problems of the draft (or of a graph sent in the body)", "security": AUTH,
        "responses": {"200": {"description": "issues", **_json("Validation")},
                      "401": UNAUTHORIZED, "404": MISSING}}},
    "/api/v1/routes/{route_id}/publish": {"parameters": [ROUTE_ID], "post": {
        "summary": "Validate the draft and publish it as a new immutable version",
        "security": AUTH,
        "responses": {"201": {"description": "published", **_json("Version")},
                      "401": UNAUTHORIZED, "404": MISSING,
                      "422": _error("the draft has problems: details.issues")}}},
    "/api/v1/routes/{route_id}/rollback": {"parameters": [ROUTE_ID], "post": {
        "summary": "Publish an earlier version again (as a new version)", "security": AUTH,
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["version"],
            "properties": {"version": {"type": "integer", "minimum": 1,
                                       "maximum": 2**31}}}}}},
        "responses": {"201": {"description": "published", **_json("Version")},
                      "400": BAD, "401": UNAUTHORIZED, "404": MISSING}}},
    "/api/v1/routes/{route_id}/versions": {"parameters": [ROUTE_ID], "get": {
        "summary": "Published versions", "security": AUTH,
        "responses": {"200": {"description": "versions", **_list("Version")},
                      "401": UNAUTHORIZED, "404": MISSING}}},
    "/api/v1/routes/{route_id}/versions/{number}": {"parameters": [ROUTE_ID, NUMBER], "get": {
        "summary": "One version with its graph", "security": AUTH,
        "responses": {"200": {"description": "the version", **_json("Version")},
                      "401": UNAUTHORIZED, "404": MISSING}}},
    "/api/v1/routes/{route_id}/diff": {"parameters": [ROUTE_ID], "get": {
        "summary": "What changed between two versions", "security": AUTH,
        "parameters": [{"name": "from", "in": "query", "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 2**31}},
                       {"name": "to", "in": "query", "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 2**31}}],
        "responses": {"200": {"description": "node by node", **_json("Diff")}, "400": BAD,
                      "401": UNAUTHORIZED, "404": MISSING}}},
    "/api/v1/routes/{route_id}/simulate": {"parameters": [ROUTE_ID], "post": {
        "summary": "The exact path a call would take (same engine as live calls)",
        "security": AUTH, "requestBody": _body("SimulationInput"),
        "responses": {"200": {"description": "the path", **_json("Simulation")}, "400": BAD,
                      "401": UNAUTHORIZED, "404": MISSING}}},
    "/api/v1/routes/{route_id}/numbers": {"parameters": [ROUTE_ID], "post": {
        "summary": "Attach a number (a number leads to one route)", "security": AUTH,
        "requestBody": _body("NumberInput"),
        "responses": {"201": {"description": "attached", **_json("Number")}, "400": BAD,
                      "401": UNAUTHORIZED, "404": MISSING}}},
    "/api/v1/routes/{route_id}/numbers/{number}": {
        "parameters": [ROUTE_ID, {"name": "number", "in": "path", "required": True,
                                  "schema": {"type": "string"}}],
        "delete": {"summary": "Detach a number", "security": AUTH,
                   "responses": {"204": {"description": "detached"},
                                 "401": UNAUTHORIZED, "404": MISSING}}},
    "/api/v1/numbers": {"get": {
        "summary": "Inbound numbers", "security": AUTH,
        "responses": {"200": {"description": "numbers", **_list("Number")},
                      "401": UNAUTHORIZED}}},
    "/api/v1/sounds": {
        "get": {"summary": "Sounds routes can play", "security": AUTH,
                "responses": {"200": {"description": "sounds", **_list("Sound")},
                              "401": UNAUTHORIZED}},
        "post": {"summary": "Upload mp3/wav/ogg/flac/m4a; stored as 8 kHz mono WAV",
                 "security": AUTH,
                 "requestBody": {"required": True, "content": {"multipart/form-data": {
                     "schema": {"type": "object", "required": ["name", "file"], "properties": {
                         "name": SOUND_NAME,
                         "file": {"type": "string", "format": "binary"}}}}}},
                 "responses": {"201": {"description": "stored", **_json("Sound")},
                               "400": BAD, "401": UNAUTHORIZED}}},
    "/api/v1/sounds/{name}": {
        "parameters": [{"name": "name", "in": "path", "required": True,
                        "schema": SOUND_NAME}],
        "delete": {"summary": "Delete a sound", "security": AUTH,
                   "responses": {"204": {"description": "deleted"}, "401": UNAUTHORIZED,
                                 "404": _error("no such sound")}}},
}


def with_default_errors(paths: dict[str, Any]) -> dict[str, Any]:
    """Every operation may also answer any other error in the common error shape."""
    for item in paths.values():
        for method, operation in item.items():
            if method != "parameters":
                operation["responses"].setdefault("default", _error("any other error"))
                if operation.get("security"):
                    operation["responses"].setdefault(
                        "403", _error("the user's rank may not do this"))
    return paths

