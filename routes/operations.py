"""Every write to routes goes through here, and each one is written to the route's audit
trail with the user who made it. Drafts save freely; publishing validates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.orm import Session

from ringdesk.core.audit import record
from ringdesk.core.db import utcnow
from ringdesk.core.errors import Conflict, InvalidInput, NotFound, ValidationFailed
from ringdesk.core.phone import to_e164
from ringdesk.core.users.models import User
from ringdesk.routes.models import InboundNumber, Route, RouteAudit, RouteVersion
from ringdesk.routes.nodes.base import References
from ringdesk.routes.validation import validate_document

EMPTY_GRAPH: dict[str, Any] = {"entry": None, "nodes": {}}


def _audit(session: Session, route: Route, user: User, action: str, **details: Any) -> None:
    session.add(RouteAudit(route_id=route.id, route_name=route.name, user_id=user.id,
                           action=action, details=details))
    if action != "draft_saved":  # drafts save as they are drawn; the product log tells events
        record(session, user.id, f"route.{action}", route.name, route_id=route.id, **details)


def access_route(session: Session, route_id: int) -> Route:
    route = session.get(Route, route_id)
    if route is None:
        raise NotFound(f"route {route_id} does not exist", {"route_id": route_id})
    return route


def check_name(session: Session, name: Any, route_id: int | None = None) -> str:
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        raise InvalidInput("a route name is 1-200 characters", {"field": "name"})
    clash = session.scalars(select(Route).where(Route.name == name.strip())).first()
    if clash is not None and clash.id != route_id:
        raise InvalidInput(f"a route named {name.strip()!r} exists already", {"field": "name"})
    return name.strip()


def check_draft(graph: Any) -> dict[str, Any]:
    if not isinstance(graph, dict):
        raise InvalidInput("graph must be a JSON object", {"field": "graph"})
    return graph


def check_description(description: Any) -> str:
    if description is None:
        return ""
    if not isinstance(description, str) or len(description) > 2000:
        raise InvalidInput("a description is text of at most 2000 characters",
                           {"field": "description"})
    return description


def do_create_route(session: Session, user: User, name: str, description: Any = "",
                    graph: Any = None) -> Route:
    route = Route(name=check_name(session, name), description=check_description(description),
                  draft=check_draft(graph if graph is not None else EMPTY_GRAPH),
                  updated_by=user.id)
    session.add(route)
    session.flush()
    _audit(session, route, user, "created", name=route.name)
    return route


def do_save_draft(session: Session, user: User, route: Route, expected_revision: int,
                  graph: Any = None, name: str | None = None,
                  description: str | None = None) -> Route:
    if expected_revision != route.revision:
        raise Conflict(f"route {route.id} was changed meanwhile (revision {route.revision}, "
                       f"you edited {expected_revision}); reload it and apply your change again",
                       {"revision": route.revision})
    changed = []
    if graph is not None:
        route.draft = check_draft(graph)
        changed.append("graph")
    if name is not None and name != route.name:
        route.name = check_name(session, name, route.id)
        changed.append("name")
    if description is not None:
        route.description = check_description(description)
        changed.append("description")
    route.revision += 1
    route.updated_at = utcnow()
    route.updated_by = user.id
    _audit(session, route, user, "draft_saved", fields=changed, revision=route.revision)
    return route


class NothingToPublish(Conflict):
    """The draft is the published version already: a new version would change nothing."""

    code = "nothing_to_publish"


class NumberTaken(Conflict):
    """A number leads to one route: detach it from the other one first."""

    code = "number_taken"


class NotAPhoneNumber(InvalidInput):
    code = "not_a_phone_number"


class RouteHasNumbers(Conflict):
    """Numbers still lead to the route: deleting it would leave their callers nowhere."""

    code = "route_has_numbers"


class RouteRanCalls(Conflict):
    """Calls ran the route: it stays, for their history."""

    code = "route_ran_calls"


def do_publish(session: Session, user: User, route: Route, refs: References,
               note: str = "") -> RouteVersion:
    issues = validate_document(route.draft, refs)
    if issues:
        raise ValidationFailed(f"route {route.name!r} has {len(issues)} problem(s); it was not "
                               "published", {"issues": [issue.as_dict() for issue in issues]})
    current = session.get(RouteVersion, route.published_version_id) \
        if route.published_version_id else None
    if current is not None and current.graph == route.draft:
        raise NothingToPublish(f"the draft is version {current.number} as published: nothing "
                               "to publish", {"version": current.number})
    return _new_version(session, user, route, route.draft, note.strip())


def do_rollback(session: Session, user: User, route: Route, number: int,
                note: str = "") -> RouteVersion:
    """Publish an earlier version's graph again, as a new version (history stays linear)."""
    old = access_version(session, route, number)
    route.draft = old.graph
    route.revision += 1
    return _new_version(session, user, route, old.graph, note.strip(), restores=number)


def _new_version(session: Session, user: User, route: Route, graph: dict[str, Any],
                 note: str, restores: int | None = None) -> RouteVersion:
    latest = session.scalar(select(func.max(RouteVersion.number))
                            .where(RouteVersion.route_id == route.id)) or 0
    version = RouteVersion(route_id=route.id, number=latest + 1, graph=graph,
                           published_by=user.id, note=note[:500], restores=restores)
    session.add(version)
    session.flush()
    route.published_version_id = version.id
    route.updated_at = utcnow()
    _audit(session, route, user, "published", version=version.number, note=note)
    return version


def access_version(session: Session, route: Route, number: int) -> RouteVersion:
    version = session.scalars(select(RouteVersion).where(
        RouteVersion.route_id == route.id, RouteVersion.number == number)).first()
    if version is None:
        raise NotFound(f"route {route.id} has no version {number}",
                       {"route_id": route.id, "version": number})
    return version


VersionsRanCalls = Callable[[Session, Select[Any]], bool]
"""Whether any call ran one of the route versions the query selects (the call center knows)."""


def do_delete_route(session: Session, user: User, route: Route,
                    versions_ran_calls: VersionsRanCalls) -> None:
    numbers = list(session.scalars(select(InboundNumber.number)
                                   .where(InboundNumber.route_id == route.id)))
    if numbers:
        raise RouteHasNumbers("detach the route's numbers before deleting it",
                              {"numbers": numbers, "count": len(numbers)})
    version_ids = select(RouteVersion.id).where(RouteVersion.route_id == route.id)
    if versions_ran_calls(session, version_ids):
        raise RouteRanCalls("calls ran this route; it stays for their history")
    route.published_version_id = None
    session.flush()
    session.execute(delete(RouteVersion).where(RouteVersion.route_id == route.id))
    session.execute(update(RouteAudit).where(RouteAudit.route_id == route.id)
                    .values(route_id=None))
    session.add(RouteAudit(route_id=None, route_name=route.name, user_id=user.id,
                           action="deleted", details={"route_id": route.id}))
    record(session, user.id, "route.deleted", route.name, route_id=route.id)
    session.delete(route)


def do_attach_number(session: Session, user: User, route: Route, raw_number: str,
                     default_region: str, label: str = "") -> InboundNumber:
    number = to_e164(raw_number, default_region)
    if number is None:
        raise NotAPhoneNumber(f"{raw_number!r} is not a phone number",
                              {"field": "number", "value": raw_number})
    row = session.scalars(select(InboundNumber).where(InboundNumber.number == number)).first()
    if row is not None and row.route_id not in (None, route.id):
        other = session.get(Route, row.route_id)
        name = other.name if other else "?"
        raise NumberTaken(f"{number} already leads to route {name!r}",
                          {"field": "number", "number": number, "route_id": row.route_id,
                           "route": name})
    if row is None:
        row = InboundNumber(number=number, label=label)
        session.add(row)
    row.route_id = route.id
    row.label = label or row.label
    session.flush()
    _audit(session, route, user, "number_attached", number=number)
    return row


def do_detach_number(session: Session, user: User, route: Route, raw_number: str,
                     default_region: str) -> None:
    number = to_e164(raw_number, default_region) or raw_number
    row = session.scalars(select(InboundNumber).where(InboundNumber.number == number,
                                                      InboundNumber.route_id == route.id)).first()
    if row is None:
        raise NotFound(f"{number} is not attached to route {route.id}", {"number": number})
    row.route_id = None
    _audit(session, route, user, "number_detached", number=number)
