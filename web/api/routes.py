"""/api/v1/routes, /numbers, /sounds: the route engine over HTTP. Views load, check access,
and call operations; every change is attributed to the token's user."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, request, send_file
from sqlalchemy import select
from sqlalchemy.orm import Session

from callcenter.route_references import load_references, versions_ran_calls
from callcenter.route_traffic import route_traffic
from core.errors import InvalidInput
from core.phone import to_e164
from core.users.models import User
from routes import operations
from routes.diff import diff_graphs
from routes.graph import graph_schema, parse_graph
from routes.models import InboundNumber, Route, RouteVersion
from routes.nodes import NODE_TYPES
from routes.nodes.base import References
from routes.simulator import Script, ScriptExhausted, simulate
from routes.sounds import do_delete_sound, do_store_sound, list_sounds, sound_file
from routes.validation import validate_document
from web.api.common import services as _services
from web.api.transactions import reading as _reading
from web.api.transactions import writing as _writing
from web.contract import BINARY, NO_CONTENT, endpoint
from web.schemas.routes import (
    Diff,
    DiffQuery,
    GraphSchema,
    NodeType,
    Number,
    NumberInput,
    PublishInput,
    RollbackInput,
    RouteInput,
    RouteSummary,
    RouteUpdate,
    Simulation,
    SimulationInput,
    Sound,
    SoundUpload,
    Traffic,
    TrafficQuery,
    ValidateInput,
    Validation,
    Version,
    VersionWithGraph,
)
from web.schemas.routes import Route as RouteAnswer

blueprint = Blueprint("routes", __name__, url_prefix="/api/v1")


def _sounds_dir() -> Path:
    return Path(_services().config.media.sounds_dir)


def _references(session: Session) -> References:
    return load_references(session, _sounds_dir(), _services().config.pbx.trunks)


def route_json(session: Session, route: Route, with_draft: bool = True) -> dict[str, Any]:
    version = session.get(RouteVersion, route.published_version_id) \
        if route.published_version_id else None
    numbers = session.scalars(select(InboundNumber.number)
                              .where(InboundNumber.route_id == route.id)).all()
    data: dict[str, Any] = {
        "id": route.id, "name": route.name, "description": route.description,
        "revision": route.revision, "published_version": version.number if version else None,
        "numbers": sorted(numbers), "updated_at": route.updated_at,
        "updated_by": user_ref(session, route.updated_by),
    }
    if with_draft:
        data["graph"] = route.draft
    return data


def user_ref(session: Session, user_id: int | None) -> dict[str, Any] | None:
    user = session.get(User, user_id) if user_id is not None else None
    return {"id": user.id, "login": user.login, "display_name": user.display_name} \
        if user is not None else None


def version_json(session: Session, version: RouteVersion,
                 with_graph: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {"number": version.number, "published_at": version.published_at,
                            "published_by": version.published_by, "note": version.note,
                            "author": user_ref(session, version.published_by)}
    if with_graph:
        data["graph"] = version.graph
    return data


@blueprint.get("/route-node-types")
@endpoint("Node types with their parameters and ports (what the builder renders)",
          permission=None, answers={200: list[NodeType]})
def node_types() -> list[dict[str, Any]]:
    return [node.describe() for node in NODE_TYPES.values()]


@blueprint.get("/route-schema")
@endpoint("JSON Schema of a route graph", permission=None, answers={200: GraphSchema})
def route_schema() -> dict[str, Any]:
    return graph_schema()


@blueprint.get("/routes")
@endpoint("Routes", permission="routes.read", answers={200: list[RouteSummary]})
def list_routes() -> list[dict[str, Any]]:
    with _reading() as session:
        routes = session.scalars(select(Route).order_by(Route.name)).all()
        return [route_json(session, route, with_draft=False) for route in routes]


@blueprint.post("/routes")
@endpoint("Create a route (a draft; graphs save freely)", permission="routes.write",
          body=RouteInput, answers={201: RouteAnswer})
def create_route(body: RouteInput) -> tuple[dict[str, Any], int]:
    with _writing() as (session, user):
        route = operations.do_create_route(session, user, body.name, body.description,
                                           body.graph)
        return route_json(session, route), 201


@blueprint.get("/routes/<id:route_id>")
@endpoint("A route with its draft", permission="routes.read", answers={200: RouteAnswer})
def get_route(route_id: int) -> dict[str, Any]:
    with _reading() as session:
        return route_json(session, operations.access_route(session, route_id))


@blueprint.put("/routes/<id:route_id>")
@endpoint("Save the draft (optimistic locking by revision)", permission="routes.write",
          body=RouteUpdate, answers={200: RouteAnswer}, errors=(409,))
def save_route(route_id: int, body: RouteUpdate) -> dict[str, Any]:
    with _writing() as (session, user):
        route = operations.access_route(session, route_id)
        operations.do_save_draft(session, user, route, body.revision, body.graph, body.name,
                                 body.description)
        return route_json(session, route)


@blueprint.delete("/routes/<id:route_id>")
@endpoint("Delete a route no call ever ran", permission="routes.write",
          answers={204: NO_CONTENT}, errors=(400,))
def delete_route(route_id: int) -> None:
    with _writing() as (session, user):
        operations.do_delete_route(session, user, operations.access_route(session, route_id),
                                   versions_ran_calls)


@blueprint.post("/routes/<id:route_id>/validate")
@endpoint("Problems of the draft (or of a graph sent in the body)", permission="routes.read",
          body=ValidateInput, body_optional=True, answers={200: Validation})
def validate_route(route_id: int, body: ValidateInput) -> dict[str, Any]:
    with _reading() as session:
        route = operations.access_route(session, route_id)
        graph = body.graph if body.graph is not None else route.draft
        issues = validate_document(graph, _references(session))
    return {"valid": not issues, "issues": [issue.as_dict() for issue in issues]}


@blueprint.post("/routes/<id:route_id>/publish")
@endpoint("Validate the draft and publish it as a new immutable version",
          permission="routes.write", body=PublishInput, body_optional=True,
          answers={201: Version}, errors=(422,))
def publish_route(route_id: int, body: PublishInput) -> tuple[dict[str, Any], int]:
    with _writing() as (session, user):
        route = operations.access_route(session, route_id)
        refs = _references(session)
        version = operations.do_publish(session, user, route, refs, body.note)
        result = version_json(session, version)
    _services().routes_changed()
    return result, 201


@blueprint.post("/routes/<id:route_id>/rollback")
@endpoint("Publish an earlier version again (as a new version)", permission="routes.write",
          body=RollbackInput, answers={201: Version})
def rollback_route(route_id: int, body: RollbackInput) -> tuple[dict[str, Any], int]:
    with _writing() as (session, user):
        route = operations.access_route(session, route_id)
        result = version_json(session,
                              operations.do_rollback(session, user, route, body.version))
    _services().routes_changed()
    return result, 201


@blueprint.get("/routes/<id:route_id>/versions")
@endpoint("Published versions", permission="routes.read", answers={200: list[Version]})
def list_versions(route_id: int) -> list[dict[str, Any]]:
    with _reading() as session:
        operations.access_route(session, route_id)
        versions = session.scalars(select(RouteVersion).where(RouteVersion.route_id == route_id)
                                   .order_by(RouteVersion.number)).all()
        return [version_json(session, version) for version in versions]


@blueprint.get("/routes/<id:route_id>/versions/<id:number>")
@endpoint("One version with its graph", permission="routes.read",
          answers={200: VersionWithGraph})
def get_version(route_id: int, number: int) -> dict[str, Any]:
    with _reading() as session:
        route = operations.access_route(session, route_id)
        return version_json(session, operations.access_version(session, route, number), True)


@blueprint.get("/routes/<id:route_id>/diff")
@endpoint("What changed between two versions", permission="routes.read", query=DiffQuery,
          answers={200: Diff})
def diff_versions(route_id: int, query: DiffQuery) -> dict[str, Any]:
    with _reading() as session:
        route = operations.access_route(session, route_id)
        before = operations.access_version(session, route, query.from_).graph
        after = operations.access_version(session, route, query.to).graph
    return diff_graphs(before, after)


@blueprint.get("/routes/<id:route_id>/traffic")
@endpoint("How real calls went: per edge and node, over a period, from the calls' recorded "
          "paths (every published version)", permission="routes.read", query=TrafficQuery,
          answers={200: Traffic})
def route_traffic_view(route_id: int, query: TrafficQuery) -> dict[str, Any]:
    with _reading() as session:
        operations.access_route(session, route_id)
        found = route_traffic(session, route_id, query.from_, query.to, query.edge)
    return {"calls": found.calls, "edges": dict(found.edges), "ended": dict(found.ended),
            "listed": found.listed}


@blueprint.post("/routes/<id:route_id>/simulate")
@endpoint("The exact path a call would take (same engine as live calls)",
          permission="routes.read", body=SimulationInput, answers={200: Simulation})
def simulate_route(route_id: int, body: SimulationInput) -> dict[str, Any]:
    region = _services().config.phone.default_region
    at = body.at or datetime.now().astimezone()
    with _reading() as session:
        route = operations.access_route(session, route_id)
        document = route.draft if body.version is None else \
            operations.access_version(session, route, body.version).graph
        refs = _references(session)
    graph, issues = parse_graph(document)
    if graph is None:
        raise InvalidInput("the graph is malformed", {"issues": [i.as_dict() for i in issues]})
    script = Script(digits=body.digits, queue_statuses=body.queue_statuses,
                    dial_statuses=body.dial_statuses)
    try:
        result = simulate(graph, to_e164(body.caller, region), body.caller,
                          to_e164(body.dialed, region), at, refs, script)
    except ScriptExhausted as error:
        raise InvalidInput(str(error), {"field": "digits"}) from None
    return {"completed": result.completed, "reason": result.reason,
            "path": [step.as_dict() for step in result.steps]}


@blueprint.post("/routes/<id:route_id>/numbers")
@endpoint("Attach a number (a number leads to one route)", permission="routes.write",
          body=NumberInput, answers={201: Number})
def attach_number(route_id: int, body: NumberInput) -> tuple[dict[str, Any], int]:
    with _writing() as (session, user):
        route = operations.access_route(session, route_id)
        row = operations.do_attach_number(session, user, route, body.number,
                                          _services().config.phone.default_region,
                                          body.label)
        result = {"number": row.number, "route_id": route.id, "label": row.label}
    _services().routes_changed()
    return result, 201


@blueprint.delete("/routes/<id:route_id>/numbers/<number>")
@endpoint("Detach a number", permission="routes.write", answers={204: NO_CONTENT})
def detach_number(route_id: int, number: str) -> None:
    with _writing() as (session, user):
        route = operations.access_route(session, route_id)
        operations.do_detach_number(session, user, route, number,
                                    _services().config.phone.default_region)
    _services().routes_changed()


@blueprint.get("/numbers")
@endpoint("Inbound numbers", permission="routes.read", answers={200: list[Number]})
def list_numbers() -> list[dict[str, Any]]:
    with _reading() as session:
        rows = session.scalars(select(InboundNumber).order_by(InboundNumber.number)).all()
        return [{"number": row.number, "route_id": row.route_id, "label": row.label}
                for row in rows]


@blueprint.get("/sounds")
@endpoint("Sounds routes can play", permission="routes.read", answers={200: list[Sound]})
def get_sounds() -> list[dict[str, Any]]:
    return [{"name": s.name, "seconds": s.seconds, "bytes": s.bytes}
            for s in list_sounds(_sounds_dir())]


@blueprint.post("/sounds")
@endpoint("Upload mp3/wav/ogg/flac/m4a; stored as 8 kHz mono WAV", permission="routes.write",
          body=SoundUpload, body_kind="multipart", answers={201: Sound})
def upload_sound() -> tuple[dict[str, Any], int]:
    upload = request.files.get("file")
    if upload is None:
        raise InvalidInput("send the audio as multipart field 'file'", {"field": "file"})
    stored = do_store_sound(_sounds_dir(), request.form.get("name", ""),
                            upload.filename or "", upload.read())
    _services().routes_changed()
    return {"name": stored.name, "seconds": stored.seconds, "bytes": stored.bytes}, 201


@blueprint.get("/sounds/<sound:name>")
@endpoint("A sound's audio (WAV), to listen to it", permission="routes.read",
          answers={200: BINARY}, binary_types=("audio/wav",))
def get_sound(name: str) -> Response:
    path = sound_file(_sounds_dir(), name)
    return send_file(path, mimetype="audio/wav", max_age=0, conditional=True)


@blueprint.delete("/sounds/<sound:name>")
@endpoint("Delete a sound", permission="routes.write", answers={204: NO_CONTENT})
def delete_sound(name: str) -> None:
    do_delete_sound(_sounds_dir(), name)
    _services().routes_changed()
