"""What every API module needs from the request: the injected services and a JSON body."""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from ringdesk.errors import InvalidInput
from web.services import WebServices


def services() -> WebServices:
    found: WebServices = current_app.extensions["ringdesk"]
    return found


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput("send a JSON object", {"field": "body"})
    return body
