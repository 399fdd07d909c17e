"""The checks every sign-in shares (browser session or API login): the address, throttling
per account and per address, the password, and the second factor where it is needed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import request
from sqlalchemy.orm import Session

from ringdesk.core.db import utcnow
from ringdesk.core.users.models import User
from ringdesk.core.users.operations import NotAuthenticated, access_user_by_password
from ringdesk.core.users.second_factor import (
    SecondFactorRequired,
    check_address,
    needs_second_factor,
    verify_second_factor,
)
from ringdesk.core.users.throttle import (
    account_key,
    check_throttle,
    claim_attempt,
    clear_account,
    forget_old_failures,
    release_attempt,
)
from ringdesk.web.api.common import services
from ringdesk.web.auth import second_factor_policy, throttle_policy

Answer = TypeVar("Answer")


def client_address() -> str:
    return request.remote_addr or "unknown"


def password_sign_in(login: str, password: str, code: str | None,
                     then: Callable[[Session, User], Answer]) -> Answer:
    """The checks of every sign-in: the address, throttling per account and per address,
    the password, and the second factor where it is needed; ``then`` runs in the same
    transaction with the user (issue an API token, open a session).

    The attempt is claimed as a failure (committed) before the password is checked, and
    given back unless the password was wrong (core/users/throttle.py)."""
    address = client_address()
    config, sessions = services().config, services().sessions
    policy = throttle_policy(config)
    with sessions() as session:
        factors = second_factor_policy(session, config)
    check_address(factors, address)
    now = utcnow()
    with sessions.begin() as session:
        account = account_key(session, login)
        forget_old_failures(session, now, policy)
        claim = claim_attempt(session, account, address, now)
    failed = False
    try:
        with sessions.begin() as session:
            check_throttle(session, account, address, now, policy)
        with sessions.begin() as session:
            user = access_user_by_password(session, login, password)
            if needs_second_factor(factors, user, address) and user.totp_secret:
                verify_second_factor(session, user, code, utcnow(), services().server_key)
            clear_account(session, account)
            return then(session, user)
    except (NotAuthenticated, SecondFactorRequired) as refused:
        failed = isinstance(refused, NotAuthenticated) or bool(refused.details.get("wrong"))
        raise
    finally:
        if not failed:  # signed in, throttled, or asked for the code: not a failure
            with sessions.begin() as session:
                release_attempt(session, claim)
