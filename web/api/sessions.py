"""/api/v1/auth/session: signing in from a browser (a session cookie), signing out here or
everywhere, and the throttled password check both sign-ins share."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request
from sqlalchemy.orm import Session

from ringdesk.core.audit import record
from ringdesk.core.db import utcnow
from ringdesk.core.errors import Conflict
from ringdesk.core.users.models import User
from ringdesk.core.users.operations import (
    PASSWORD_CHANGED,
    NotAuthenticated,
    do_change_own_password,
    end_credentials,
)
from ringdesk.core.users.permissions import permissions_of
from ringdesk.core.users.second_factor import (
    check_proof,
    confirm_enrolment,
    must_enrol,
    new_recovery_codes,
    reset_second_factor,
    start_enrolment,
)
from ringdesk.core.users.sessions import (
    csrf_token,
    do_end_all_sessions,
    do_end_session,
    do_open_session,
)
from ringdesk.web.api.common import services
from ringdesk.web.api.signing_in import client_address, password_sign_in
from ringdesk.web.api.transactions import acting_user, reading, writing
from ringdesk.web.auth import (
    SESSION_TOKEN,
    USER_ID,
    authorize,
    clear_session_cookie,
    request_credentials,
    second_factor_policy,
    session_policy,
    set_session_cookie,
)
from ringdesk.web.contract import NO_CONTENT, answer, declared_endpoint, endpoint
from ringdesk.web.schemas.auth import Login
from ringdesk.web.schemas.auth import User as UserAnswer
from ringdesk.web.schemas.sessions import (
    ENDED_BECAUSE,
    BrowserSession,
    Ended,
    PasswordChange,
    RecoveryCodes,
    SessionProbe,
    TotpConfirm,
    TotpEnrolment,
    TotpProof,
)

blueprint = Blueprint("session", __name__, url_prefix="/api/v1/auth")
def session_answer(session: Session, user: User, token: str | None) -> BrowserSession:
    policy = second_factor_policy(session, services().config)
    return BrowserSession(user=UserAnswer.of(user),
                          csrf_token=csrf_token(token) if token else None,
                          must_enrol=must_enrol(policy, user),
                          permissions=permissions_of(user.rank))


@blueprint.post("/session")
@endpoint("Sign in from a browser: sets the session cookie (HttpOnly, SameSite Strict, Secure "
          "over HTTPS); send csrf_token as X-CSRF-Token with every change", permission=None,
          body=Login, answers={200: BrowserSession}, errors=(401, 403, 429))
def sign_in(body: Login) -> Response:
    config = services().config

    def open_session(session: Session, user: User) -> tuple[str, BrowserSession]:
        token = do_open_session(session, user, utcnow(), session_policy(config),
                                client_address(), request.headers.get("User-Agent", ""))
        return token, session_answer(session, user, token)

    token, rendered = password_sign_in(body.login, body.password, body.code, open_session)
    response = answer(_declared("session.sign_in"), rendered)
    assert isinstance(response, Response)
    set_session_cookie(response, token, config)
    return response


@blueprint.get("/session")
@endpoint("Who is signed in, and the CSRF token this browser session's changes carry (null "
          "for a bearer token, which needs none)", permission="me",
          answers={200: BrowserSession})
def current_session() -> BrowserSession:
    token = request.environ.get(SESSION_TOKEN)
    with reading() as session:
        return session_answer(session, acting_user(session), token)


@blueprint.get("/session/probe")
@endpoint("The web app's first question: this browser's session, if it has a live one. "
          "Answered 200 either way, so a signed-out page opens without an error",
          permission=None, answers={200: SessionProbe})
def probe_session() -> SessionProbe:
    credentials = request_credentials()
    if credentials.cookie is None:
        return SessionProbe(session=None, ended=None)
    config = services().config
    with services().sessions() as session:
        try:
            access = authorize(session, config, credentials, "session.current_session", "me",
                               utcnow())
        except NotAuthenticated as error:
            reason = error.details.get("reason")
            return SessionProbe(session=None, ended=reason if reason in ENDED_BECAUSE else None)
        answer_ = session_answer(session, access.user, access.session_token)
        session.commit()  # the visit keeps the session from idling, as any request does
    return SessionProbe(session=answer_, ended=None)


@blueprint.delete("/session")
@endpoint("Sign out this browser", permission="me", answers={204: NO_CONTENT})
def end_session() -> Response:
    token = request.environ.get(SESSION_TOKEN)
    with services().sessions.begin() as session:
        if token is not None:
            do_end_session(session, token)
        user = session.get(User, request.environ[USER_ID])
        if user is not None:
            user.signed_out = True
    response = Response(status=204)
    clear_session_cookie(response)
    return response


@blueprint.post("/password")
@endpoint("Change my password (the current one is needed); every other browser session and "
          "every API token of mine ends (this browser stays signed in)",
          permission="me", body=PasswordChange, answers={204: NO_CONTENT})
def change_password(body: PasswordChange) -> None:
    token = request.environ.get(SESSION_TOKEN)
    with writing() as (session, user):
        do_change_own_password(session, user, body.current, body.new)
        end_credentials(session, user.id, PASSWORD_CHANGED, keep_session=token)


@blueprint.post("/totp")
@endpoint("Start enrolling an authenticator app: a new secret as a QR code, pending until "
          "a code from it is confirmed. Replacing an app in use needs the current password "
          "or a current code", permission="me", body=TotpProof, body_optional=True,
          answers={200: TotpEnrolment}, errors=(400,))
def start_totp(body: TotpProof) -> TotpEnrolment:
    key = services().server_key
    with writing() as (session, user):
        if user.totp_secret is not None:
            check_proof(session, user, body.password, body.code, utcnow(), key)
        enrolment = start_enrolment(user, key)
    return TotpEnrolment(secret=enrolment.secret, uri=enrolment.uri, qr_svg=enrolment.qr_svg)


@blueprint.delete("/totp")
@endpoint("Turn my second factor off (needs the current password or a current code); a rank "
          "that requires one enrols again before anything else", permission="me",
          body=TotpProof, answers={200: UserAnswer}, errors=(400,))
def remove_totp(body: TotpProof) -> UserAnswer:
    with writing() as (session, user):
        check_proof(session, user, body.password, body.code, utcnow(), services().server_key)
        reset_second_factor(session, user)
        record(session, user.id, "user.second_factor_off", user.login)
        return UserAnswer.of(user)


@blueprint.post("/totp/confirm")
@endpoint("Confirm the app with a code from it: two-factor sign-in is on; the answer holds "
          "one-time recovery codes, shown only now", permission="me", body=TotpConfirm,
          answers={200: RecoveryCodes})
def confirm_totp(body: TotpConfirm) -> RecoveryCodes:
    with writing() as (session, user):
        replacing = user.totp_secret is not None
        codes = confirm_enrolment(session, user, body.code, utcnow(), services().server_key)
        record(session, user.id, "user.second_factor_replaced" if replacing
               else "user.second_factor_on", user.login)
        return RecoveryCodes(recovery_codes=codes)


@blueprint.post("/totp/recovery-codes")
@endpoint("New one-time recovery codes, shown only now; the old ones stop working. Needs the "
          "current password or a current code", permission="me", body=TotpProof,
          answers={200: RecoveryCodes}, errors=(400, 409))
def renew_recovery_codes(body: TotpProof) -> RecoveryCodes:
    key = services().server_key
    with writing() as (session, user):
        if user.totp_secret is None:
            raise Conflict("two-factor sign-in is off: there are no recovery codes to renew")
        check_proof(session, user, body.password, body.code, utcnow(), key)
        return RecoveryCodes(recovery_codes=new_recovery_codes(session, user, key))


@blueprint.post("/sessions/end-all")
@endpoint("Sign out everywhere: every browser session and API token of this user",
          permission="me", answers={200: Ended})
def end_all_sessions() -> Response:
    with services().sessions.begin() as session:
        ended = do_end_all_sessions(session, request.environ[USER_ID])
    response = answer(_declared("session.end_all_sessions"), {"ended": ended})
    assert isinstance(response, Response)
    clear_session_cookie(response)
    return response


def _declared(name: str) -> Any:
    found = declared_endpoint(name)
    assert found is not None
    return found
