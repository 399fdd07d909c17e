"""OpenAPI paths and schemas of logging in and users (merged into web/openapi.py)."""

from __future__ import annotations

from typing import Any

from core.users.permissions import RANKS
from web.openapi_routes import AUTH, BAD, UNAUTHORIZED, _body, _error, _json, _list

USER_ID = {"name": "user_id", "in": "path", "required": True,
           "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}
RANK = {"type": "string", "enum": list(RANKS)}
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"

SCHEMAS: dict[str, Any] = {
    "User": {
        "type": "object",
        "required": ["id", "login", "display_name", "email", "rank", "active", "has_password"],
        "properties": {
            "id": {"type": "integer"}, "login": {"type": "string"},
            "display_name": {"type": "string"},
            "email": {"type": ["string", "null"]}, "rank": RANK,
            "active": {"type": "boolean"}, "has_password": {"type": "boolean"},
            "token": {"type": "string", "description": "only when created: shown once"},
        },
    },
    "NewUser": {
        "type": "object", "required": ["login"],
        "properties": {"login": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._-]{1,99}$"},
                       "display_name": {"type": "string"},
                       "rank": RANK, "email": {"type": "string", "pattern": EMAIL},
                       "password": {"type": "string", "minLength": 10}},
    },
    "UserChanges": {
        "type": "object",
        "properties": {"display_name": {"type": "string"}, "rank": RANK,
                       "email": {"type": ["string", "null"], "pattern": EMAIL},
                       "password": {"type": "string", "minLength": 10},
                       "active": {"type": "boolean",
                                  "description": "false ends the user's sessions"},
                       "open_tickets": {"type": "string", "enum": ["reassign", "close"],
                                        "description": "when deactivating a user who holds "
                                                       "open tickets"},
                       "reassign_to": {"type": ["integer", "null"],
                                       "description": "null: back to their queues"}},
    },
    "Login": {
        "type": "object", "required": ["login", "password"],
        "properties": {"login": {"type": "string", "minLength": 1,
                                 "description": "login or email"},
                       "password": {"type": "string"}},
    },
    "Session": {
        "type": "object", "required": ["token", "user"],
        "properties": {"token": {"type": "string", "description": "Bearer token"},
                       "user": {"$ref": "#/components/schemas/User"}},
    },
}

PATHS: dict[str, Any] = {
    "/api/v1/auth/login": {
        "post": {"summary": "Log in with a login or an email and a password",
                 "requestBody": _body("Login"),
                 "responses": {"200": {"description": "a new API token", **_json("Session")},
                               "400": BAD, "401": _error("wrong login or password")}}},
    "/api/v1/auth/me": {
        "get": {"summary": "The user this token belongs to", "security": AUTH,
                "responses": {"200": {"description": "me", **_json("User")},
                              "401": UNAUTHORIZED}}},
    "/api/v1/users": {
        "get": {"summary": "Users (admins)", "security": AUTH,
                "responses": {"200": {"description": "users", **_list("User")},
                              "401": UNAUTHORIZED}},
        "post": {"summary": "Create a user (admins); the API token is shown once",
                 "security": AUTH, "requestBody": _body("NewUser"),
                 "responses": {"201": {"description": "created", **_json("User")},
                               "400": BAD, "401": UNAUTHORIZED,
                               "409": _error("the login or email is taken")}}},
    "/api/v1/users/{user_id}": {
        "parameters": [USER_ID],
        "patch": {"summary": "Change a user's rank, email, password; deactivate (admins)",
                  "security": AUTH, "requestBody": _body("UserChanges"),
                  "responses": {"200": {"description": "saved", **_json("User")},
                                "400": BAD, "401": UNAUTHORIZED,
                                "404": _error("no such user"),
                                "409": _error("the email is taken, an admin would lock "
                                              "themselves out, or the user holds open "
                                              "tickets (details.open_tickets)")}},
        "delete": {"summary": "Delete a user who never took part in a ticket (admins)",
                   "security": AUTH,
                   "responses": {"204": {"description": "deleted"}, "401": UNAUTHORIZED,
                                 "404": _error("no such user"),
                                 "409": _error("took part: deactivate instead")}}},
    "/api/v1/auth/logout": {
        "post": {"summary": "End this session and leave the desk", "security": AUTH,
                 "responses": {"204": {"description": "logged out"},
                               "401": UNAUTHORIZED}}},
}
