"""/api/v1/auth/tokens and /api/v1/users/{id}/tokens: API tokens, listed and revoked by
their owner; admins see and revoke anyone's and make service tokens for integrations."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, request

from ringdesk.core.audit import record
from ringdesk.core.db import utcnow
from ringdesk.core.errors import NotFound
from ringdesk.core.users.models import User, UserToken
from ringdesk.core.users.operations import (
    ENDED_BY_ADMIN,
    do_end_browser_session,
    end_browser_sessions,
    live_browser_sessions,
)
from ringdesk.core.users.tokens import (
    PERSONAL,
    SERVICE,
    WALLBOARD,
    do_issue_token,
    do_revoke_token,
    do_revoke_wallboard_token,
    lifetime_for,
    list_tokens,
    list_wallboard_tokens,
    token_policy,
)
from ringdesk.web.api.common import services
from ringdesk.web.api.transactions import acting_user, reading, writing
from ringdesk.web.auth import SESSION_TOKEN
from ringdesk.web.contract import NO_CONTENT, endpoint
from ringdesk.web.schemas.sessions import Ended
from ringdesk.web.schemas.tokens import (
    ApiToken,
    MadeToken,
    NewServiceToken,
    NewToken,
    NewWallboardToken,
    UserBrowserSession,
)

blueprint = Blueprint("tokens", __name__, url_prefix="/api/v1")


def made(row_and_secret: tuple[UserToken, str]) -> MadeToken:
    row, secret = row_and_secret
    return MadeToken(**ApiToken.of(row).model_dump(), token=secret)


@blueprint.get("/auth/tokens")
@endpoint("My API tokens (never their secrets)", permission="tokens.own",
          answers={200: list[ApiToken]})
def my_tokens() -> list[ApiToken]:
    with reading() as session:
        return [ApiToken.of(row) for row in list_tokens(session, acting_user(session).id)]


@blueprint.post("/auth/tokens")
@endpoint("Make a personal API token for a script of mine: named, with an end; the secret "
          "is shown once", permission="tokens.own", body=NewToken, answers={201: MadeToken},
          errors=(400,))
def make_token(body: NewToken) -> tuple[MadeToken, int]:
    lifetime = lifetime_for(token_policy(services().config), body.days)
    with writing() as (session, user):
        return made(do_issue_token(session, user, PERSONAL, utcnow(), lifetime, body.name,
                                   created_by=user.id)), 201


@blueprint.delete("/auth/tokens/<id:token_id>")
@endpoint("Revoke one of my API tokens", permission="tokens.own", answers={204: NO_CONTENT},
          errors=(404,))
def revoke_token(token_id: int) -> None:
    with writing() as (session, user):
        do_revoke_token(session, user.id, token_id)


@blueprint.get("/users/<id:user_id>/tokens")
@endpoint("A user's API tokens (admins)", permission="users.read",
          answers={200: list[ApiToken]}, errors=(404,))
def user_tokens(user_id: int) -> list[ApiToken]:
    with reading() as session:
        _user(session.get(User, user_id), user_id)
        return [ApiToken.of(row) for row in list_tokens(session, user_id)]


@blueprint.post("/users/<id:user_id>/tokens")
@endpoint("Make an API token for a user (admins): a service token, on purpose, for an "
          "integration (exempt from the rank's gates), or a personal one",
          permission="users.write", body=NewServiceToken, answers={201: MadeToken},
          errors=(400, 404))
def make_user_token(user_id: int, body: NewServiceToken) -> tuple[MadeToken, int]:
    lifetime = lifetime_for(token_policy(services().config), body.days)
    with writing() as (session, admin):
        user = _user(session.get(User, user_id), user_id)
        return made(do_issue_token(session, user, SERVICE if body.service else PERSONAL,
                                   utcnow(), lifetime, body.name, created_by=admin.id)), 201


@blueprint.delete("/users/<id:user_id>/tokens/<id:token_id>")
@endpoint("Revoke a user's API token (admins)", permission="users.write",
          answers={204: NO_CONTENT}, errors=(404,))
def revoke_user_token(user_id: int, token_id: int) -> None:
    with writing() as (session, admin):
        user = _user(session.get(User, user_id), user_id)
        do_revoke_token(session, user_id, token_id)
        record(session, admin.id, "user.token_revoked", user.login, token_id=token_id)


@blueprint.get("/users/<id:user_id>/sessions")
@endpoint("A user's signed-in browsers (admins)", permission="users.read",
          answers={200: list[UserBrowserSession]}, errors=(404,))
def user_sessions(user_id: int) -> list[UserBrowserSession]:
    with reading() as session:
        _user(session.get(User, user_id), user_id)
        return [UserBrowserSession.model_validate(row)
                for row in live_browser_sessions(
                    session, user_id, utcnow(),
                    timedelta(minutes=services().config.auth.session_idle_minutes))]


@blueprint.delete("/users/<id:user_id>/sessions")
@endpoint("End every browser session of a user now (admins; one's own but this one): each "
          "browser is signed out and told why; API tokens stay", permission="users.write",
          answers={200: Ended}, errors=(404,))
def end_user_sessions(user_id: int) -> Ended:
    with writing() as (session, admin):
        user = _user(session.get(User, user_id), user_id)
        ended = end_browser_sessions(session, user_id, ENDED_BY_ADMIN,
                                     keep=request.environ.get(SESSION_TOKEN))
        record(session, admin.id, "user.sessions_ended", user.login, count=ended)
        return Ended(ended=ended)


@blueprint.delete("/users/<id:user_id>/sessions/<id:session_id>")
@endpoint("End one of a user's browser sessions now (admins): the browser is signed out "
          "and told why", permission="users.write", answers={204: NO_CONTENT}, errors=(404,))
def end_user_session(user_id: int, session_id: int) -> None:
    with writing() as (session, admin):
        user = _user(session.get(User, user_id), user_id)
        do_end_browser_session(session, user_id, session_id)
        record(session, admin.id, "user.session_ended", user.login)


@blueprint.get("/wallboard-tokens")
@endpoint("Wallboard tokens: each signs in a screen that shows the live board and nothing "
          "else (admins)", permission="wallboards.manage", answers={200: list[ApiToken]})
def wallboard_tokens() -> list[ApiToken]:
    with reading() as session:
        return [ApiToken.of(row) for row in list_wallboard_tokens(session)]


@blueprint.post("/wallboard-tokens")
@endpoint("Make a wallboard token (admins): open /wallboard#<token> on the wall screen; the "
          "secret is shown once", permission="wallboards.manage", body=NewWallboardToken,
          answers={201: MadeToken}, errors=(400,))
def make_wallboard_token(body: NewWallboardToken) -> tuple[MadeToken, int]:
    lifetime = lifetime_for(token_policy(services().config), body.days)
    with writing() as (session, admin):
        return made(do_issue_token(session, admin, WALLBOARD, utcnow(), lifetime, body.name,
                                   created_by=admin.id)), 201


@blueprint.delete("/wallboard-tokens/<id:token_id>")
@endpoint("Revoke a wallboard token: its screen goes dark at once (admins)",
          permission="wallboards.manage", answers={204: NO_CONTENT}, errors=(404,))
def revoke_wallboard_token(token_id: int) -> None:
    with writing() as (session, _):
        do_revoke_wallboard_token(session, token_id)


def _user(user: User | None, user_id: int) -> User:
    if user is None:
        raise NotFound(f"no user {user_id}", {"user_id": user_id})
    return user
