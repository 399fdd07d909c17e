"""Who is asking, and may they: every request of the app passes ``check_access``.

The bearer token names the user; the permission each view declares beside itself
(web/contract.py), looked up in the ranks' table (core/users/permissions.py), says whether
their rank may call it. Public endpoints need no token; an undeclared one is refused.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, request
from sqlalchemy.exc import SQLAlchemyError

from core.db import utcnow
from core.users.operations import Forbidden, access_user_by_token
from core.users.permissions import may
from web.contract import declared_endpoint
from web.services import WebServices

USER_ID = "ringdesk.user_id"
USER_RANK = "ringdesk.user_rank"
SEEN_EVERY = timedelta(seconds=30)  # presence is written at most this often per user


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:] if header.startswith("Bearer ") else None


def check_access() -> None:
    """The app's ``before_request``: 401 without a valid token, 403 when the user's rank
    may not call this endpoint; the user's id is kept for attribution."""
    endpoint = request.endpoint
    if endpoint is None or endpoint == "static":
        return  # unknown paths answer 404 on their own
    declared = declared_endpoint(endpoint)
    if declared is not None and declared.permission is None:
        return  # public: health, the API description, signing in, node types
    services: WebServices = current_app.extensions["ringdesk"]
    with services.sessions() as session:
        user = access_user_by_token(session, bearer_token())
        request.environ[USER_ID] = user.id
        request.environ[USER_RANK] = user.rank
        if declared is None or not may(user.rank, declared.permission):
            raise Forbidden(f"a {user.rank.replace('_', ' ')} may not do this",
                            {"rank": user.rank})
        now = utcnow()
        if user.signed_out or user.last_seen_at is None or \
                now - user.last_seen_at >= SEEN_EVERY:
            # Presence for automatic distribution: using the API is being at the desk.
            # It is a side note: a database that refuses writes must not refuse reads.
            user.last_seen_at, user.signed_out = now, endpoint == "auth.logout"
            try:
                session.commit()
            except SQLAlchemyError:
                session.rollback()
