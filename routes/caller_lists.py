"""Caller lists (VIP and others) the route's VIP node looks callers up in: entries are
numbers in E.164 or prefixes written ``+4930*``. A list a route uses cannot be renamed or
deleted from under it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.core.db import utcnow
from ringdesk.core.errors import Conflict, InvalidInput, NotFound
from ringdesk.core.phone import to_e164
from ringdesk.core.users.models import User
from ringdesk.routes.models import CallerList
from ringdesk.routes.usage import lists_named, routes_naming

MAX_ENTRIES = 20_000
NAME = re.compile(r"^[^\s].{0,99}$")
PREFIX = re.compile(r"^\+[1-9][0-9]{0,14}\*$")


def normalized_entries(raw_entries: Iterable[str], default_region: str) -> list[str]:
    """Entries in E.164 (or ``+prefix*``), duplicates dropped, order kept; a wrong one named."""
    seen: dict[str, None] = {}
    for index, raw in enumerate(raw_entries):
        text = raw.strip().replace(" ", "")
        if not text:
            continue
        if text.endswith("*"):
            entry = "+" + text[2:] if text.startswith("00") else text
            if not PREFIX.match(entry):
                raise InvalidInput(f"{raw!r} is not a number prefix like +4930*",
                                   {"field": "entries", "index": index, "entry": raw})
        else:
            number = to_e164(text, default_region)
            if number is None:
                raise InvalidInput(f"{raw!r} is not a phone number",
                                   {"field": "entries", "index": index, "entry": raw})
            entry = number
        seen[entry] = None
    if len(seen) > MAX_ENTRIES:
        raise InvalidInput(f"a list holds at most {MAX_ENTRIES} entries", {"field": "entries"})
    return list(seen)


def list_users(session: Session) -> dict[str, list[str]]:
    """Each caller list's name -> the routes whose draft or published version uses it."""
    return routes_naming(session, lists_named)


def routes_using(session: Session, name: str) -> list[str]:
    """Names of the routes whose draft or published version looks callers up in the list."""
    return list_users(session).get(name, [])


def access_caller_list(session: Session, list_id: int) -> CallerList:
    row = session.get(CallerList, list_id)
    if row is None:
        raise NotFound(f"caller list {list_id} does not exist", {"id": list_id})
    return row


def _check_name(session: Session, name: str, list_id: int | None) -> str:
    name = name.strip()
    if not NAME.match(name):
        raise InvalidInput("a list needs a name of 1-100 characters", {"field": "name"})
    taken = session.scalars(select(CallerList).where(CallerList.name == name)).first()
    if taken is not None and taken.id != list_id:
        raise InvalidInput(f"a caller list named {name!r} exists", {"field": "name"})
    return name


def do_create_caller_list(session: Session, user: User, name: str, description: str,
                          entries: list[str], default_region: str,
                          now: datetime | None = None) -> CallerList:
    row = CallerList(name=_check_name(session, name, None), description=description.strip(),
                     entries=normalized_entries(entries, default_region), revision=1,
                     updated_at=now or utcnow(), updated_by=user.id)
    session.add(row)
    session.flush()
    return row


def do_update_caller_list(session: Session, user: User, row: CallerList, revision: int,
                          default_region: str, name: str | None = None,
                          description: str | None = None,
                          entries: list[str] | None = None) -> CallerList:
    if revision != row.revision:
        raise Conflict("someone changed this list meanwhile; reload it",
                       {"revision": row.revision})
    if name is not None and name.strip() != row.name:
        new_name = _check_name(session, name, row.id)
        using = routes_using(session, row.name)
        if using:
            raise InvalidInput(f"routes use this list by its name: {', '.join(using)}",
                               {"field": "name", "routes": using})
        row.name = new_name
    if description is not None:
        row.description = description.strip()
    if entries is not None:
        row.entries = normalized_entries(entries, default_region)
    row.revision += 1
    row.updated_at = utcnow()
    row.updated_by = user.id
    session.flush()
    return row


def do_delete_caller_list(session: Session, row: CallerList) -> None:
    using = routes_using(session, row.name)
    if using:
        raise InvalidInput(f"routes use this list: {', '.join(using)}",
                           {"field": "id", "routes": using})
    session.delete(row)
