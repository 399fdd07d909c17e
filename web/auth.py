"""Who is asking: the bearer token of a request, checked against the users' tokens."""

from __future__ import annotations

from flask import current_app, request

from ringdesk.users.operations import access_user_by_token
from web.services import WebServices

USER_ID = "ringdesk.user_id"


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:] if header.startswith("Bearer ") else None


def require_user() -> None:
    """A blueprint's ``before_request``: 401 without a valid token; the user's id is kept
    on the request for attribution (``request.environ[USER_ID]``)."""
    services: WebServices = current_app.extensions["ringdesk"]
    with services.sessions() as session:
        request.environ[USER_ID] = access_user_by_token(session, bearer_token()).id
