"""/api/v1/routes, /numbers, /sounds: the route engine over HTTP. Views load, check access,
and call operations; every change is attributed to the token's user."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import Session

from callcenter.route_references import load_references, versions_ran_calls
from core.errors import InvalidInput
from core.phone import to_e164
from core.users.models import User
from core.users.operations import access_user_by_token
from routes import operations
from routes.diff import diff_graphs
from routes.graph import graph_schema, parse_graph
from routes.models import InboundNumber, Route, RouteVersion
from routes.nodes import NODE_TYPES
from routes.simulator import Script, ScriptExhausted, simulate
from routes.sounds import do_delete_sound, do_store_sound, list_sounds
from routes.validation import validate_document
from web.services import WebServices

blueprint = Blueprint("routes", __name__, url_prefix="/api/v1")


def _services() -> WebServices:
    services: WebServices = current_app.extensions["ringdesk"]
    return services


@contextmanager
def _writing() -> Iterator[tuple[Session, User]]:
    with _services().sessions.begin() as session:
        yield session, _user(session)


@contextmanager
def _reading() -> Iterator[Session]:
    with _services().sessions() as session:  # authenticate() has checked the token
        yield session


def _user(session: Session) -> User:
    header = request.headers.get("Authorization", "")
    token = header[7:] if header.startswith("Bearer ") else None
    return access_user_by_token(session, token)


def _body(*text_fields: str) -> dict[str, Any]:
    """The JSON object sent; ``text_fields``, when present, must be strings."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput("send a JSON object", {"field": "body"})
    for field in text_fields:
        if field in body and not isinstance(body[field], str):
            raise InvalidInput(f"{field} must be text", {"field": field})
    return body


def _sounds_dir() -> Path:
    return Path(_services().config.media.sounds_dir)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def route_json(session: Session, route: Route, with_draft: bool = True) -> dict[str, Any]:
    version = session.get(RouteVersion, route.published_version_id) \
        if route.published_version_id else None
    numbers = session.scalars(select(InboundNumber.number)
                              .where(InboundNumber.route_id == route.id)).all()
    data: dict[str, Any] = {
        "id": route.id, "name": route.name, "description": route.description,
        "revision": route.revision, "published_version": version.number if version else None,
        "numbers": sorted(numbers), "updated_at": _iso(route.updated_at),
    }
    if with_draft:
        data["graph"] = route.draft
    return data


def version_json(version: RouteVersion, with_graph: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {"number": version.number, "published_at": _iso(version.published_at),
                            "published_by": version.published_by, "note": version.note}
    if with_graph:
        data["graph"] = version.graph
    return data


@blueprint.get("/route-node-types")
def node_types() -> ResponseReturnValue:
    return jsonify([node.describe() for node in NODE_TYPES.values()])


@blueprint.get("/route-schema")
def route_schema() -> ResponseReturnValue:
    return jsonify(graph_schema())


@blueprint.get("/routes")
def list_routes() -> ResponseReturnValue:
    with _reading() as session:
        routes = session.scalars(select(Route).order_by(Route.name)).all()
        return jsonify([route_json(session, route, with_draft=False) for route in routes])


@blueprint.post("/routes")
def create_route() -> ResponseReturnValue:
    body = _body("name", "description")
    with _writing() as (session, user):
        route = operations.do_create_route(session, user, body.get("name", ""),
                                           body.get("description", ""), body.get("graph"))
        return jsonify(route_json(session, route)), 201


@blueprint.get("/routes/<id:route_id>")
def get_route(route_id: int) -> ResponseReturnValue:
    with _reading() as session:
        return jsonify(route_json(session, operations.access_route(session, route_id)))


@blueprint.put("/routes/<id:route_id>")
def save_route(route_id: int) -> ResponseReturnValue:
    body = _body("name", "description")
    revision = body.get("revision")
    if not isinstance(revision, int):
        raise InvalidInput("send the revision you edited", {"field": "revision"})
    with _writing() as (session, user):
        route = operations.access_route(session, route_id)
        operations.do_save_draft(session, user, route, revision, body.get("graph"),
                                 body.get("name"), body.get("description"))
        return jsonify(route_json(session, route))


@blueprint.delete("/routes/<id:route_id>")
def delete_route(route_id: int) -> ResponseReturnValue:
    with _writing() as (session, user):
        operations.do_delete_route(session, user, operations.access_route(session, route_id),
                                   versions_ran_calls)
    return "", 204


@blueprint.post("/routes/<id:route_id>/validate")
def validate_route(route_id: int) -> ResponseReturnValue:
    body = request.get_json(silent=True) or {}
    with _reading() as session:
        route = operations.access_route(session, route_id)
        graph = body.get("graph", route.draft) if isinstance(body, dict) else route.draft
        issues = validate_document(graph, load_references(session, _sounds_dir()))
    return jsonify({"valid": not issues, "issues": [issue.as_dict() for issue in issues]})


@blueprint.post("/routes/<id:route_id>/publish")
def publish_route(route_id: int) -> ResponseReturnValue:
    body = request.get_json(silent=True) or {}
    with _writing() as (session, user):
        route = operations.access_route(session, route_id)
        refs = load_references(session, _sounds_dir())
        version = operations.do_publish(session, user, route, refs, str(body.get("note", "")))
        result = version_json(version)
    _services().routes_changed()
    return jsonify(result), 201


@blueprint.post("/routes/<id:route_id>/rollback")
def rollback_route(route_id: int) -> ResponseReturnValue:
    number = _version_number(_body().get("version"), "version")
    with _writing() as (session, user):
        route = operations.access_route(session, route_id)
        result = version_json(operations.do_rollback(session, user, route, number))
    _services().routes_changed()
    return jsonify(result), 201


@blueprint.get("/routes/<id:route_id>/versions")
def list_versions(route_id: int) -> ResponseReturnValue:
    with _reading() as session:
        operations.access_route(session, route_id)
        versions = session.scalars(select(RouteVersion).where(RouteVersion.route_id == route_id)
                                   .order_by(RouteVersion.number)).all()
        return jsonify([version_json(version) for version in versions])


@blueprint.get("/routes/<id:route_id>/versions/<id:number>")
def get_version(route_id: int, number: int) -> ResponseReturnValue:
    with _reading() as session:
        route = operations.access_route(session, route_id)
        return jsonify(version_json(operations.access_version(session, route, number), True))


@blueprint.get("/routes/<id:route_id>/diff")
def diff_versions(route_id: int) -> ResponseReturnValue:
    old = _version_number(request.args.get("from"), "from")
    new = _version_number(request.args.get("to"), "to")
    with _reading() as session:
        route = operations.access_route(session, route_id)
        before = operations.access_version(session, route, old).graph
        after = operations.access_version(session, route, new).graph
    return jsonify(diff_graphs(before, after))


@blueprint.post("/routes/<id:route_id>/simulate")
def simulate_route(route_id: int) -> ResponseReturnValue:
    body = _body()
    region = _services().config.phone.default_region
    try:
        at = datetime.fromisoformat(body["at"]) if body.get("at") else datetime.now().astimezone()
    except (TypeError, ValueError):
        raise InvalidInput("at must be an ISO date-time with a zone", {"field": "at"}) from None
    if at.tzinfo is None:
        raise InvalidInput("at needs a timezone, e.g. 2026-12-24T10:00:00+01:00",
                           {"field": "at"})
    with _reading() as session:
        route = operations.access_route(session, route_id)
        version = body.get("version")
        document = route.draft if version is None else \
            operations.access_version(session, route, _version_number(version, "version")).graph
        refs = load_references(session, _sounds_dir())
    graph, issues = parse_graph(document)
    if graph is None:
        raise InvalidInput("the graph is malformed", {"issues": [i.as_dict() for i in issues]})
    script = Script(digits=_strings(body, "digits"),
                    queue_statuses=_strings(body, "queue_statuses"),
                    dial_statuses=_strings(body, "dial_statuses"))
    caller = str(body.get("caller", ""))
    try:
        result = simulate(graph, to_e164(caller, region), caller,
                          to_e164(str(body.get("dialed", "")), region), at, refs, script)
    except ScriptExhausted as error:
        raise InvalidInput(str(error), {"field": "digits"}) from None
    return jsonify({"completed": result.completed, "reason": result.reason,
                    "path": [step.as_dict() for step in result.steps]})


def _version_number(value: Any, field: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{field} must be a version number", {"field": field}) from None
    if isinstance(value, bool) or not 1 <= number <= 2**31:
        raise InvalidInput(f"{field} must be a version number", {"field": field})
    return number


def _strings(body: dict[str, Any], field: str) -> list[str]:
    value = body.get(field, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidInput(f"{field} must be a list of strings", {"field": field})
    return list(value)


@blueprint.post("/routes/<id:route_id>/numbers")
def attach_number(route_id: int) -> ResponseReturnValue:
    body = _body()
    with _writing() as (session, user):
        route = operations.access_route(session, route_id)
        row = operations.do_attach_number(session, user, route, str(body.get("number", "")),
                                          _services().config.phone.default_region,
                                          str(body.get("label", "")))
        result = {"number": row.number, "route_id": route.id, "label": row.label}
    _services().routes_changed()
    return jsonify(result), 201


@blueprint.delete("/routes/<id:route_id>/numbers/<number>")
def detach_number(route_id: int, number: str) -> ResponseReturnValue:
    with _writing() as (session, user):
        route = operations.access_route(session, route_id)
        operations.do_detach_number(session, user, route, number,
                                    _services().config.phone.default_region)
    _services().routes_changed()
    return "", 204


@blueprint.get("/numbers")
def list_numbers() -> ResponseReturnValue:
    with _reading() as session:
        rows = session.scalars(select(InboundNumber).order_by(InboundNumber.number)).all()
        return jsonify([{"number": row.number, "route_id": row.route_id, "label": row.label}
                        for row in rows])


@blueprint.get("/sounds")
def get_sounds() -> ResponseReturnValue:
    return jsonify([{"name": s.name, "seconds": s.seconds, "bytes": s.bytes}
                    for s in list_sounds(_sounds_dir())])


@blueprint.post("/sounds")
def upload_sound() -> ResponseReturnValue:
    upload = request.files.get("file")
    if upload is None:
        raise InvalidInput("send the audio as multipart field 'file'", {"field": "file"})
    stored = do_store_sound(_sounds_dir(), request.form.get("name", ""),
                            upload.filename or "", upload.read())
    _services().routes_changed()
    return jsonify({"name": stored.name, "seconds": stored.seconds, "bytes": stored.bytes}), 201


@blueprint.delete("/sounds/<name>")
def delete_sound(name: str) -> ResponseReturnValue:
    do_delete_sound(_sounds_dir(), name)
    _services().routes_changed()
    return "", 204
