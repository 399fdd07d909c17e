"""/api/v1/auth and /api/v1/users: logging in, who am I, and managing users (admins)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from core.errors import Conflict, InvalidInput, NotFound
from core.users.models import User, UserToken
from core.users.operations import do_create_user, do_login, do_logout, do_update_user
from helpdesk.desk import Desk
from helpdesk.people import hand_over, took_part
from helpdesk.setup_models import Notification, TicketQueueAgent
from web.api.common import desk_session, json_body, services
from web.auth import USER_ID, bearer_token

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
    """Deactivating a user who holds open tickets needs ``open_tickets``: reassign (to
    ``reassign_to``, or back to their queues) or close."""
    changes = json_body()
    if user_id == request.environ[USER_ID] and (
            changes.get("active") is False or changes.get("rank", "admin") != "admin"):
        raise Conflict("an admin cannot deactivate or demote themselves; ask another admin",
                       {"field": "active" if changes.get("active") is False else "rank"})
    choice, reassign_to = changes.pop("open_tickets", None), changes.pop("reassign_to", None)
    with desk_session() as desk:
        if session_user(desk, user_id) and changes.get("active") is False:
            hand_over(desk, user_id, choice, reassign_to)
        return jsonify(user_json(do_update_user(desk.session, user_id, changes)))


@blueprint.delete("/users/<id:user_id>")
def delete_user(user_id: int) -> ResponseReturnValue:
    """Only users who never took part in a ticket can be deleted; deactivate the others."""
    if user_id == request.environ[USER_ID]:
        raise Conflict("an admin cannot delete themselves", {"field": "user_id"})
    try:
        with desk_session() as desk:
            user = session_user(desk, user_id)
            if took_part(desk, user_id):
                raise Conflict(f"{user.login} took part in tickets: deactivate them instead",
                               {"field": "active"})
            for model in (Notification, TicketQueueAgent, UserToken):
                desk.session.execute(delete(model).where(model.user_id == user_id))
            desk.session.delete(user)
    except IntegrityError:
        # Other history names them (route changes, work-mode log): keep it whole.
        raise Conflict("the user appears in the history: deactivate them instead",
                       {"field": "active"}) from None
    return "", 204


@blueprint.post("/auth/logout")
def logout() -> ResponseReturnValue:
    """End this session; the user leaves the desk (no more automatic distribution)."""
    with services().sessions.begin() as session:
        do_logout(session, request.environ[USER_ID], bearer_token())
    return "", 204


def session_user(desk: Desk, user_id: int) -> User:
    user = desk.session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}", {"user_id": user_id})
    return user
