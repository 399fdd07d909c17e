"""A ticket queue's settings checked field by field (pure); errors name the field."""

from __future__ import annotations

import re
from typing import Any

from ringdesk.core.errors import InvalidInput
from ringdesk.helpdesk.distribution.decisions import SOURCES
from ringdesk.helpdesk.numbering.patterns import parse_pattern
from ringdesk.helpdesk.setup.texts import check_text

CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
DISTRIBUTIONS = ("automatic", "manual")
CLOSED_REPLIES = ("reopen", "new_ticket", "notify_owner")
FIELDS = ("name", "code", "colour", "active", "is_default", "distribution", "source_weights",
          "reaction_minutes", "resolution_minutes", "calendar_id", "default_status",
          "statuses", "number_pattern", "renumber_on_move", "closed_reply", "reopen_status",
          "reassign_after_minutes", "reassign_percent", "no_agent_alert_minutes", "signature")


def _bad(message: str, field: str) -> InvalidInput:
    return InvalidInput(message, {"field": field})


def _minutes(value: Any, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 525_600:
        raise _bad(f"{field} is a number of minutes (1-525600) or null", field)
    return value


def _per_source(value: Any, field: str, low: int, high: int) -> dict[str, int]:
    if not isinstance(value, dict):
        raise _bad(f"{field} maps sources ({', '.join(SOURCES)}) to numbers", field)
    for source, number in value.items():
        if source not in SOURCES:
            raise _bad(f"unknown source {source!r}; use {', '.join(SOURCES)}",
                       f"{field}.{source}")
        if isinstance(number, bool) or not isinstance(number, int) or not low <= number <= high:
            raise _bad(f"{field}.{source} must be {low}-{high}", f"{field}.{source}")
    return dict(value)


def check_queue_settings(changes: dict[str, Any], statuses: set[str]) -> dict[str, Any]:
    """The accepted settings; ``statuses`` are the codes of the statuses that exist."""
    unknown = sorted(set(changes) - set(FIELDS) - {"agents"})
    if unknown:
        raise _bad(f"unknown field {unknown[0]!r}", unknown[0])
    checked: dict[str, Any] = {}
    for field, value in changes.items():
        if field == "name":
            if not isinstance(value, str) or not 3 <= len(value.strip()) <= 200:
                raise _bad("a queue's name is 3-200 characters", field)
            value = value.strip()
        elif field == "code":
            if not isinstance(value, str) or not CODE.match(value):
                raise _bad("a code is 1-32 lowercase letters, digits, '_' or '-'", field)
        elif field == "colour":
            if not isinstance(value, str) or not COLOUR.match(value):
                raise _bad("a colour is #rrggbb", field)
        elif field in ("active", "is_default", "renumber_on_move"):
            if not isinstance(value, bool):
                raise _bad(f"{field} is true or false", field)
        elif field == "distribution" and value not in DISTRIBUTIONS:
            raise _bad("distribution is automatic or manual", field)
        elif field == "closed_reply" and value not in CLOSED_REPLIES:
            raise _bad(f"closed_reply is one of {', '.join(CLOSED_REPLIES)}", field)
        elif field in ("reaction_minutes", "resolution_minutes", "reassign_after_minutes",
                       "no_agent_alert_minutes"):
            value = _minutes(value, field)
        elif field == "source_weights":
            value = _per_source(value, field, 0, 1000)
        elif field == "reassign_percent":
            value = _per_source(value, field, 1, 100)
        elif field in ("default_status", "reopen_status"):
            if value not in statuses:
                raise _bad(f"no status {value!r}", field)
        elif field == "statuses":
            if not isinstance(value, list) or any(code not in statuses for code in value):
                raise _bad("statuses lists existing status codes (empty: all of them)",
                           field)
        elif field == "number_pattern":
            parse_pattern(value)
        elif field == "signature":
            if not isinstance(value, str):
                raise _bad("a signature is text", field)
            value = check_text(value, field)
        elif field == "calendar_id" and value is not None and (
                isinstance(value, bool) or not isinstance(value, int)):
            raise _bad("calendar_id is a calendar's id or null (always open)", field)
        checked[field] = value
    allowed = checked.get("statuses")
    for field in ("default_status", "reopen_status"):
        if allowed and field in checked and checked[field] not in allowed:
            raise _bad(f"{field} must be one of the queue's statuses", field)
    return checked
