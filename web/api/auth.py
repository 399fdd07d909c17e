"""/api/v1/auth and /api/v1/users: logging in, who am I, and managing users (admins)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from ringdesk.errors import Conflict, InvalidInput
from ringdesk.users.models import User
from ringdesk.users.operations import do_create_user, do_login, do_update_user
from web.api.common import json_body, services
from web.auth import USER_ID

blueprint = Blueprint("auth", __name__, url_prefix="/api/v1")




def user_json(user: User) -> dict[str, Any]:
    return {"id": user.id, "login": user.login, "display_name": user.display_name,
            "email": user.email, "rank": user.rank, "active": user.active,
            "has_password": bool(user.password_hash)}


@blueprint.post("/auth/login")
def login() -> ResponseReturnValue:
    body = json_body()
    who, password = body.get("login"), body.get("password")
    if not isinstance(who, str) or not who or not isinstance(password, str):
        raise InvalidInput("send login (or email) and password", {"field": "login"})
    with services().sessions.begin() as session:
        user, token = do_login(session, who, password)
        return jsonify({"token": token, "user": user_json(user)})


@blueprint.get("/auth/me")
def me() -> ResponseReturnValue:
    with services().sessions() as session:
        user = session.get(User, request.environ[USER_ID])
        assert user is not None
        return jsonify(user_json(user))


@blueprint.get("/users")
def list_users() -> ResponseReturnValue:
    with services().sessions() as session:
        return jsonify([user_json(user) for user in
                        session.scalars(select(User).order_by(User.login))])


@blueprint.post("/users")
def create_user() -> ResponseReturnValue:
    body = json_body()
    for field in ("login", "display_name", "rank", "email", "password"):
        if field in body and not isinstance(body[field], str):
            raise InvalidInput(f"{field} must be text", {"field": field})
    with services().sessions.begin() as session:
        user, token = do_create_user(session, body.get("login", ""),
                                     body.get("display_name") or "",
                                     body.get("rank") or "agent", body.get("email"),
                                     body.get("password"))
        # The API token is in this answer and nowhere else.
        return jsonify({**user_json(user), "token": token}), 201


@blueprint.patch("/users/<id:user_id>")
def update_user(user_id: int) -> ResponseReturnValue:
    changes = json_body()
    if user_id == request.environ[USER_ID] and (
            changes.get("active") is False or changes.get("rank", "admin") != "admin"):
        raise Conflict("an admin cannot deactivate or demote themselves; ask another admin",
                       {"field": "active" if changes.get("active") is False else "rank"})
    with services().sessions.begin() as session:
        return jsonify(user_json(do_update_user(session, user_id, changes)))
