"""Who is asking, and may they: one function, ``authorize``, answers it for every way in:
the Flask views (``check_access``, their ``before_request``), the live event stream (when it
opens and again every few seconds while it is open), uploads before their body is read, and
every download (they are views).

API clients send a bearer token; browsers carry a session cookie (HttpOnly, SameSite
Strict, Secure over HTTPS) and, for every write, the session's CSRF token in a header. The
permission each view declares beside itself (web/contract.py), looked up in the ranks'
table (core/users/permissions.py), says whether the user's rank may call it. Public
endpoints need no credential; an undeclared one is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Response, current_app, request
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ringdesk.core.config import Config
from ringdesk.core.db import utcnow
from ringdesk.core.errors import RingdeskError
from ringdesk.core.users.models import User
from ringdesk.core.users.operations import Forbidden
from ringdesk.core.users.permissions import may
from ringdesk.core.users.second_factor import SecondFactorPolicy, check_address, must_enrol
from ringdesk.core.users.sessions import SessionPolicy, access_session, csrf_matches
from ringdesk.core.users.sign_in_rules import sign_in_rules
from ringdesk.core.users.throttle import ThrottlePolicy
from ringdesk.core.users.tokens import access_token
from ringdesk.web.contract import declared_endpoint, is_page
from ringdesk.web.services import WebServices

USER_ID = "ringdesk.user_id"
USER_RANK = "ringdesk.user_rank"
SESSION_TOKEN = "ringdesk.session_token"  # set when the request came with a session cookie
SESSION_COOKIE = "ringdesk_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SEEN_EVERY = timedelta(seconds=30)  # presence is written at most this often per user


class EnrolmentRequired(RingdeskError):
    """The user's rank signs in with a second factor, and they have none yet."""

    code = "second_factor_enrolment_required"


class PasswordChangeRequired(RingdeskError):
    """An admin set this user's password: they choose their own before anything else."""

    code = "password_change_required"


# What a user who must change their password may still do.
WHILE_CHANGING_PASSWORD = frozenset({
    "auth.me", "auth.logout", "session.current_session", "session.end_session",
    "session.end_all_sessions", "session.change_password"})
WHILE_ENROLLING = WHILE_CHANGING_PASSWORD | {"session.start_totp", "session.confirm_totp"}


class CsrfFailed(RingdeskError):
    """A write from a browser session without the session's CSRF token."""

    code = "csrf_failed"


def session_policy(config: Config) -> SessionPolicy:
    return SessionPolicy(idle=timedelta(minutes=config.auth.session_idle_minutes),
                         lifetime=timedelta(hours=config.auth.session_hours))


def second_factor_policy(session: Session, config: Config) -> SecondFactorPolicy:
    """The sign-in rules in force: the Users screen's, else the configuration file's."""
    return sign_in_rules(session, config.auth).policy


def throttle_policy(config: Config) -> ThrottlePolicy:
    auth = config.auth
    return ThrottlePolicy(auth.failures_per_account, auth.failures_per_address,
                          timedelta(minutes=auth.failure_window_minutes))


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:] if header.startswith("Bearer ") else None


def session_cookie() -> str | None:
    return request.cookies.get(SESSION_COOKIE) or None


def set_session_cookie(response: Response, token: str, config: Config) -> None:
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="Strict",
                        secure=request.is_secure, path="/",
                        max_age=config.auth.session_hours * 3600)


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="Strict",
                           secure=request.is_secure)


@dataclass(frozen=True)
class Credentials:
    """What a request brings to prove who sends it, whichever way it came in."""

    bearer: str | None
    cookie: str | None
    csrf: str | None
    method: str
    address: str

    @property
    def present(self) -> bool:
        return self.bearer is not None or self.cookie is not None


@dataclass(frozen=True)
class Access:
    user: User
    session_token: str | None  # the browser session's, when it came with a cookie


def authorize(session: Session, config: Config, credentials: Credentials, endpoint: str,
              permission: str | None, now: datetime, touch: bool = True) -> Access:
    """The one access check: the credential is live (token not expired or revoked, browser
    session not ended, user active), a browser's write carries its CSRF token, the address
    is allowed, the user's rank holds ``permission``, and the rank's gates (choose a
    password, enrol a second factor) are passed unless ``endpoint`` is one that clears them.
    ``touch``: the request is the person's activity (keeps a browser session from idling).
    Raises NotAuthenticated, Forbidden, CsrfFailed, AddressRefused or a gate's error."""
    gated = True
    if credentials.bearer is not None or credentials.cookie is None:
        found = access_token(session, credentials.bearer, now)
        user, session_token, gated = found.user, None, not found.exempt_from_gates
        check_address(second_factor_policy(session, config), credentials.address)
        if not found.allows(permission):
            raise Forbidden("a wallboard token shows the live board and nothing else",
                            {"token": found.token.kind})
    else:
        user = access_session(session, credentials.cookie, now, session_policy(config), touch)
        session_token = credentials.cookie
        if credentials.method not in SAFE_METHODS and not csrf_matches(
                credentials.cookie, credentials.csrf):
            raise CsrfFailed(f"a browser's changes carry the {CSRF_HEADER} header of its "
                             "session", {"header": CSRF_HEADER})
    if not may(user.rank, permission):
        rank = user.rank.replace("_", " ")
        article = "an" if rank[:1] in "aeiou" else "a"
        raise Forbidden(f"{article} {rank} may not do this", {"rank": user.rank})
    if gated and user.must_change_password and endpoint not in WHILE_CHANGING_PASSWORD:
        raise PasswordChangeRequired("choose your own password first (POST "
                                     "/api/v1/auth/password)")
    # The rules are read (one lookup) only for someone without a second factor yet.
    if gated and endpoint not in WHILE_ENROLLING and user.totp_secret is None and must_enrol(
            second_factor_policy(session, config), user):
        raise EnrolmentRequired("your rank signs in with an authenticator app: enrol one "
                                "first (POST /api/v1/auth/totp)")
    return Access(user, session_token)


class AccessCheck:
    """``authorize`` for a way in outside the Flask views (the live stream, the HTTP edge's
    uploads), in a database session of its own; blocking: called from a thread."""

    def __init__(self, sessions: sessionmaker[Session], config: Config, endpoint: str,
                 permission: str) -> None:
        self._sessions = sessions
        self._config = config
        self._endpoint = endpoint
        self._permission = permission

    def __call__(self, credentials: Credentials, touch: bool = True) -> tuple[int, str]:
        """The user's id and rank, or raises the reason they are refused."""
        with self._sessions() as session:
            user = authorize(session, self._config, credentials, self._endpoint,
                             self._permission, utcnow(), touch).user
            identity = (user.id, user.rank)
            session.commit()  # a token's last use
            return identity

    def many(self, credentials: Sequence[Credentials]) -> list[tuple[int, str] | BaseException]:
        """Open streams rechecked in one database session: each gets its user's id and
        rank, or the reason it must end."""
        judged: list[tuple[int, str] | BaseException] = []
        with self._sessions() as session:
            now = utcnow()
            for item in credentials:
                try:
                    user = authorize(session, self._config, item, self._endpoint,
                                     self._permission, now, False).user
                    judged.append((user.id, user.rank))
                except Exception as reason:  # noqa: BLE001 - each stream hears its own
                    session.rollback()
                    judged.append(reason)
            session.commit()
        return judged


def request_credentials() -> Credentials:
    return Credentials(bearer_token(), session_cookie(), request.headers.get(CSRF_HEADER),
                       request.method, request.remote_addr or "")


def check_access() -> None:
    """The app's ``before_request``: 401 without a valid credential, 403 when the user's
    rank may not call this endpoint or a browser's write lacks its CSRF token."""
    endpoint = request.endpoint
    if endpoint is None or endpoint == "static":
        return  # unknown paths answer 404 on their own
    declared = declared_endpoint(endpoint)
    if declared is not None and declared.permission is None:
        return  # public: health, the API description, signing in, node types
    if is_page(current_app.view_functions.get(endpoint)):
        return  # the web app's own files: what they show comes from the API

    services: WebServices = current_app.extensions["ringdesk"]
    with services.sessions() as session:
        access = authorize(session, services.config, request_credentials(), endpoint,
                           declared.permission if declared is not None else None, utcnow())
        user = access.user
        request.environ[USER_ID] = user.id
        request.environ[USER_RANK] = user.rank
        if access.session_token is not None:
            request.environ[SESSION_TOKEN] = access.session_token
        _note_presence(session, user, endpoint)
        _save_side_notes(session)


def _note_presence(session: Session, user: User, endpoint: str) -> None:
    now = utcnow()
    if user.signed_out or user.last_seen_at is None or now - user.last_seen_at >= SEEN_EVERY:
        # Presence for automatic distribution: using the API is being at the desk.
        user.last_seen_at = now
        user.signed_out = endpoint in ("auth.logout", "session.end_session")


def _save_side_notes(session: Session) -> None:
    """Presence and a token's last use are side notes: a database that refuses writes must
    not refuse reads."""
    if not (session.dirty or session.new):
        return
    try:
        session.commit()
    except SQLAlchemyError:
        session.rollback()
