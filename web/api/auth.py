"""/api/v1/auth and /api/v1/users: logging in, who am I, and managing users (admins)."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Blueprint, Response, request
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ringdesk.core.audit import record
from ringdesk.core.db import utcnow
from ringdesk.core.errors import Conflict, NotFound
from ringdesk.core.users.models import User, UserToken
from ringdesk.core.users.operations import do_create_user, do_update_user
from ringdesk.core.users.second_factor import reset_second_factor
from ringdesk.core.users.sessions import do_end_session
from ringdesk.core.users.tokens import LOGIN, do_issue_token, do_revoke_presented, token_policy
from ringdesk.helpdesk.admin.people import hand_over, took_part
from ringdesk.helpdesk.setup.models import Notification, TicketQueueAgent
from ringdesk.helpdesk.tickets.desk import Desk
from ringdesk.web.api.common import desk_session, services
from ringdesk.web.api.signing_in import client_address, password_sign_in
from ringdesk.web.api.transactions import acting_user, reading
from ringdesk.web.auth import SESSION_TOKEN, USER_ID, bearer_token, clear_session_cookie
from ringdesk.web.contract import NO_CONTENT, endpoint
from ringdesk.web.schemas.auth import (
    CreatedUser,
    Login,
    NewUser,
    SignedIn,
    UserChanges,
)
from ringdesk.web.schemas.auth import User as UserAnswer

blueprint = Blueprint("auth", __name__, url_prefix="/api/v1")
FIRST_PASSWORD_BYTES = 12


@blueprint.post("/auth/login")
@endpoint("Log in with a login or an email and a password (and the second factor's code "
          "where it is needed): a login token", permission=None, body=Login,
          answers={200: SignedIn}, errors=(401, 403, 415, 429))
def login(body: Login) -> SignedIn:
    lifetime = token_policy(services().config).login

    def issue_token(session: Session, user: User) -> SignedIn:
        row, token = do_issue_token(session, user, LOGIN, utcnow(), lifetime,
                                    name=f"sign-in from {client_address()}")
        return SignedIn(token=token, expires_at=row.expires_at, user=UserAnswer.of(user))

    return password_sign_in(body.login, body.password, body.code, issue_token)


@blueprint.get("/auth/me")
@endpoint("The user this token belongs to", permission="me", answers={200: UserAnswer})
def me() -> UserAnswer:
    with reading() as session:
        return UserAnswer.of(acting_user(session))


@blueprint.get("/users")
@endpoint("Users (admins)", permission="users.read", answers={200: list[UserAnswer]})
def list_users() -> list[UserAnswer]:
    with services().sessions() as session:
        return [UserAnswer.of(user)
                for user in session.scalars(select(User).order_by(User.login))]


@blueprint.post("/users")
@endpoint("Create a user (admins). No token is handed out: the person signs in with the "
          "first password (given, or made by the server and shown once) and must change it",
          permission="users.write", body=NewUser, answers={201: CreatedUser}, errors=(409,))
def create_user(body: NewUser) -> tuple[CreatedUser, int]:
    made = None if body.password is not None else secrets.token_urlsafe(FIRST_PASSWORD_BYTES)
    with services().sessions.begin() as session:
        user = do_create_user(session, body.login, body.display_name, body.rank,
                              body.email, body.password or made)
        user.must_change_password = True  # the admin's choice, not the user's
        record(session, request.environ[USER_ID], "user.created", user.login, rank=user.rank)
        return CreatedUser(**UserAnswer.of(user).model_dump(), first_password=made), 201


@blueprint.patch("/users/<id:user_id>")
@endpoint("Change a user's rank, email, password; deactivate (admins)",
          permission="users.write", body=UserChanges, answers={200: UserAnswer},
          errors=(404, 409),
          description="Deactivating a user who holds open tickets needs `open_tickets`: "
                      "reassign (to `reassign_to`, or back to their queues) or close.")
def update_user(user_id: int, body: UserChanges) -> UserAnswer:
    changes: dict[str, Any] = body.model_dump(exclude_unset=True)
    if user_id == request.environ[USER_ID] and (
            changes.get("active") is False or changes.get("rank", "admin") != "admin"):
        raise Conflict("an admin cannot deactivate or demote themselves; ask another admin",
                       {"field": "active" if changes.get("active") is False else "rank"})
    choice, reassign_to = changes.pop("open_tickets", None), changes.pop("reassign_to", None)
    with desk_session() as desk:
        if session_user(desk, user_id) and changes.get("active") is False:
            hand_over(desk, user_id, choice, reassign_to)
        changed = do_update_user(desk.session, user_id, changes)
        # What changed, never a password itself.
        record(desk.session, request.environ[USER_ID], "user.changed", changed.login,
               changes={key: ("(new)" if key == "password" else value)
                        for key, value in changes.items()}, open_tickets=choice)
        return UserAnswer.of(changed)


@blueprint.delete("/users/<id:user_id>/totp")
@endpoint("Reset a user's second factor (a lost phone): they sign in with their password, "
          "then enrol again where their rank requires it (admins)", permission="users.write",
          answers={200: UserAnswer}, errors=(404,))
def reset_totp(user_id: int) -> UserAnswer:
    with services().sessions.begin() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(f"no user {user_id}", {"user_id": user_id})
        reset_second_factor(session, user)
        record(session, request.environ[USER_ID], "user.second_factor_reset", user.login)
        return UserAnswer.of(user)


@blueprint.delete("/users/<id:user_id>")
@endpoint("Delete a user who never took part in a ticket (admins)", permission="users.write",
          answers={204: NO_CONTENT}, errors=(404, 409))
def delete_user(user_id: int) -> None:
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
            record(desk.session, request.environ[USER_ID], "user.deleted", user.login)
    except IntegrityError:
        # Other history names them (route changes, work-mode log): keep it whole.
        raise Conflict("the user appears in the history: deactivate them instead",
                       {"field": "active"}) from None


@blueprint.post("/auth/logout")
@endpoint("End what this request signed in with (the API token, or the browser's session) "
          "and leave the desk (no more automatic distribution)", permission="me",
          answers={204: NO_CONTENT})
def logout() -> Response:
    token, browser = bearer_token(), request.environ.get(SESSION_TOKEN)
    with services().sessions.begin() as session:
        if token is not None:
            do_revoke_presented(session, token)
        elif browser is not None:
            do_end_session(session, browser)
        user = session.get(User, request.environ[USER_ID])
        if user is not None:
            user.signed_out = True
    response = Response(status=204)
    if browser is not None and token is None:
        clear_session_cookie(response)
    return response


def session_user(desk: Desk, user_id: int) -> User:
    user = desk.session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}", {"user_id": user_id})
    return user
