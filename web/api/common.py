"""What every API module needs from the request: services, JSON body, the acting user."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from flask import current_app, request
from sqlalchemy.orm.exc import StaleDataError

from core.db import utcnow
from core.errors import Conflict, InvalidInput
from helpdesk.automation import run_rules
from helpdesk.desk import Desk
from helpdesk.listing import Viewer
from web.auth import USER_ID, USER_RANK
from web.services import WebServices


def services() -> WebServices:
    found: WebServices = current_app.extensions["ringdesk"]
    return found


def json_body() -> dict[str, Any]:
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # nested deeper than the parser goes
        raise InvalidInput("the JSON body is nested too deeply", {"field": "body"}) from None
    if not isinstance(body, dict):
        raise InvalidInput("send a JSON object", {"field": "body"})
    return body


def viewer() -> Viewer:
    return Viewer(request.environ[USER_ID], request.environ[USER_RANK])


@contextmanager
def desk_session() -> Iterator[Desk]:
    """One unit of work for the acting user: rules run, then everything commits at once.
    A concurrent change to the same ticket (its version moved) is a conflict, not a loss."""
    try:
        with services().sessions.begin() as session:
            desk = Desk(session, request.environ[USER_ID], utcnow())
            yield desk
            run_rules(desk)
    except StaleDataError:
        raise Conflict("the ticket changed meanwhile; reload it and try again",
                       {"field": "version"}) from None


def int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidInput(f"{name} must be a whole number", {"field": name}) from None
    if not low <= value <= high:
        raise InvalidInput(f"{name} must be between {low} and {high}", {"field": name})
    return value


def moment(value: Any, field: str) -> datetime:
    """An ISO 8601 date-time with a timezone."""
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise InvalidInput(f"{field} is an ISO 8601 date-time with a timezone, like "
                           "2026-11-23T09:00:00+01:00", {"field": field})
    return parsed


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
