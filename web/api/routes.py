"""/api/v1/routes, /numbers, /sounds: the route engine over HTTP. Views load, check access,
and call operations; every change is attributed to the token's user."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, request, send_file
from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.callcenter.route_references import (
    load_references,
    route_warnings,
    versions_ran_calls,
)
from ringdesk.callcenter.route_traffic import route_traffic
from ringdesk.core.errors import InvalidInput
from ringdesk.core.phone import to_e164
from ringdesk.routes import operations
from ringdesk.routes.diff import diff_graphs, differs
from ringdesk.routes.graph import RouteGraphDocument, graph_schema, parse_graph
from ringdesk.routes.models import InboundNumber, Route, RouteVersion
from ringdesk.routes.nodes import NODE_TYPES
from ringdesk.routes.nodes.base import References
from ringdesk.routes.simulator import Script, simulate
from ringdesk.routes.sounds import do_delete_sound, do_store_sound, list_sounds, sound_file
from ringdesk.routes.validation import validate_document
from ringdesk.web.api.common import services as _services
from ringdesk.web.api.common import users_by_id
from ringdesk.web.api.transactions import reading as _reading
from ringdesk.web.api.transactions import writing as _writing
from ringdesk.web.contract import BINARY, NO_CONTENT, endpoint
from ringdesk.web.schemas.common import Extended, JsonObject
from ringdesk.web.schemas.routes import (
    Diff,
    DiffQuery,
    GraphSchema,
    Issue,
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
    SimulationStep,
    Sound,
    SoundUpload,
    Traffic,
    TrafficQuery,
    ValidateInput,
    Validation,
    Version,
    VersionWithGraph,
)
from ringdesk.web.schemas.routes import Route as RouteAnswer

blueprint = Blueprint("routes", __name__, url_prefix="/api/v1")


def _sounds_dir() -> Path:
    return Path(_services().config.media.sounds_dir)


def _references(session: Session) -> References:
    return load_references(session, _sounds_dir(), _services().config.pbx.trunks)


def stored(graph: RouteGraphDocument | None) -> dict[str, Any] | None:
    """A graph as it is kept: what was sent, no defaults added."""
    return graph.model_dump(mode="json", exclude_unset=True) if graph is not None else None


def route_answers(session: Session, routes: list[Route]) -> list[RouteSummary]:
    """The routes as the API shows them: their published number, numbers and last editor,
    each found in one query for the whole list."""
    ids = [route.id for route in routes]
    published = {version_id: (number, graph) for version_id, number, graph in session.execute(
        select(RouteVersion.id, RouteVersion.number, RouteVersion.graph).where(
            RouteVersion.id.in_([route.published_version_id for route in routes
                                 if route.published_version_id])))}
    numbers: dict[int, list[str]] = {}
    for route_id, number in session.execute(
            select(InboundNumber.route_id, InboundNumber.number)
            .where(InboundNumber.route_id.in_(ids)).order_by(InboundNumber.number)):
        if route_id is not None:
            numbers.setdefault(route_id, []).append(number)
    editors = users_by_id(session, [route.updated_by for route in routes])
    unpublished = (None, None)
    return [RouteSummary.model_validate(Extended(
        route, published_version=published.get(route.published_version_id or 0, unpublished)[0],
        draft_differs=differs(published.get(route.published_version_id or 0, unpublished)[1],
                              route.draft),
        numbers=numbers.get(route.id, []), updated_by=editors.get(route.updated_by or 0)))
        for route in routes]


def route_answer(session: Session, route: Route) -> RouteAnswer:
    [summary] = route_answers(session, [route])
    return RouteAnswer(**dict(summary), graph=RouteGraphDocument.model_validate(route.draft))


def version_answers(session: Session, versions: list[RouteVersion]) -> list[Version]:
    authors = users_by_id(session, [version.published_by for version in versions])
    return [Version.model_validate(Extended(version,
                                            author=authors.get(version.published_by or 0)))
            for version in versions]


@blueprint.get("/route-node-types")
@endpoint("Node types with their parameters and ports (what the builder renders)",
          permission=None, answers={200: list[NodeType]})
def node_types() -> list[NodeType]:
    return [NodeType.model_validate(node.describe()) for node in NODE_TYPES.values()]


@blueprint.get("/route-schema")
@endpoint("JSON Schema of a route graph", permission=None, answers={200: GraphSchema})
def route_schema() -> JsonObject:  # a JSON Schema document, as the graph declares it
    return graph_schema()


@blueprint.get("/routes")
@endpoint("Routes", permission="routes.read", answers={200: list[RouteSummary]})
def list_routes() -> list[RouteSummary]:
    with _reading() as session:
        return route_answers(session, list(session.scalars(select(Route).order_by(Route.name))))


@blueprint.post("/routes")
@endpoint("Create a route (a draft; graphs save freely)", permission="routes.write",
          body=RouteInput, answers={201: RouteAnswer})
def create_route(body: RouteInput) -> tuple[RouteAnswer, int]:
    with _writing() as (session, user):
        route = operations.do_create_route(session, user, body.name, body.description,
                                           stored(body.graph))
        return route_answer(session, route), 201


@blueprint.get("/routes/<id:route_id>")
@endpoint("A route with its draft", permission="routes.read", answers={200: RouteAnswer})
def get_route(route_id: int) -> RouteAnswer:
    with _reading() as session:
        return route_answer(session, operations.access_route(session, route_id))


@blueprint.put("/routes/<id:route_id>")
@endpoint("Save the draft (optimistic locking by revision)", permission="routes.write",
          body=RouteUpdate, answers={200: RouteAnswer}, errors=(409,))
def save_route(route_id: int, body: RouteUpdate) -> RouteAnswer:
    with _writing() as (session, user):
        route = operations.access_route(session, route_id)
        operations.do_save_draft(session, user, route, body.revision, stored(body.graph),
                                 body.name, body.description)
        return route_answer(session, route)


@blueprint.delete("/routes/<id:route_id>")
@endpoint("Delete a route no call ever ran", permission="routes.write",
          answers={204: NO_CONTENT}, errors=(409,))
def delete_route(route_id: int) -> None:
    with _writing() as (session, user):
        operations.do_delete_route(session, user, operations.access_route(session, route_id),
                                   versions_ran_calls)


@blueprint.post("/routes/<id:route_id>/validate")
@endpoint("Problems of the draft (or of a graph sent in the body)", permission="routes.read",
          body=ValidateInput, body_optional=True, answers={200: Validation})
def validate_route(route_id: int, body: ValidateInput) -> Validation:
    with _reading() as session:
        route = operations.access_route(session, route_id)
        graph = body.graph if body.graph is not None else route.draft
        issues = validate_document(graph, _references(session))
        warnings = route_warnings(session, graph)
    return Validation(valid=not issues,
                      issues=[Issue.model_validate(issue.as_dict()) for issue in issues],
                      warnings=[Issue.model_validate(issue.as_dict()) for issue in warnings])


@blueprint.post("/routes/<id:route_id>/publish")
@endpoint("Validate the draft and publish it as a new immutable version",
          permission="routes.write", body=PublishInput, body_optional=True,
          answers={201: Version}, errors=(409, 422))
def publish_route(route_id: int, body: PublishInput) -> tuple[Version, int]:
    with _writing() as (session, user):
        route = operations.access_route(session, route_id)
        refs = _references(session)
        version = operations.do_publish(session, user, route, refs, body.note)
        [result] = version_answers(session, [version])
    _services().routes_changed()
    return result, 201


@blueprint.post("/routes/<id:route_id>/rollback")
@endpoint("Publish an earlier version again (as a new version)", permission="routes.write",
          body=RollbackInput, answers={201: Version})
def rollback_route(route_id: int, body: RollbackInput) -> tuple[Version, int]:
    with _writing() as (session, user):
        route = operations.access_route(session, route_id)
        [result] = version_answers(
            session, [operations.do_rollback(session, user, route, body.version, body.note)])
    _services().routes_changed()
    return result, 201


@blueprint.get("/routes/<id:route_id>/versions")
@endpoint("Published versions", permission="routes.read", answers={200: list[Version]})
def list_versions(route_id: int) -> list[Version]:
    with _reading() as session:
        operations.access_route(session, route_id)
        versions = session.scalars(select(RouteVersion).where(RouteVersion.route_id == route_id)
                                   .order_by(RouteVersion.number)).all()
        return version_answers(session, list(versions))


@blueprint.get("/routes/<id:route_id>/versions/<id:number>")
@endpoint("One version with its graph", permission="routes.read",
          answers={200: VersionWithGraph})
def get_version(route_id: int, number: int) -> VersionWithGraph:
    with _reading() as session:
        route = operations.access_route(session, route_id)
        version = operations.access_version(session, route, number)
        [answer] = version_answers(session, [version])
        return VersionWithGraph(**dict(answer),
                                graph=RouteGraphDocument.model_validate(version.graph))


@blueprint.get("/routes/<id:route_id>/diff")
@endpoint("What changed between two versions", permission="routes.read", query=DiffQuery,
          answers={200: Diff})
def diff_versions(route_id: int, query: DiffQuery) -> Diff:
    with _reading() as session:
        route = operations.access_route(session, route_id)
        before = operations.access_version(session, route, query.from_).graph
        after = operations.access_version(session, route, query.to).graph
    return Diff.model_validate(diff_graphs(before, after))


@blueprint.get("/routes/<id:route_id>/traffic")
@endpoint("How real calls went: per edge and node, over a period, from the calls' recorded "
          "paths (every published version)", permission="routes.read", query=TrafficQuery,
          answers={200: Traffic})
def route_traffic_view(route_id: int, query: TrafficQuery) -> Traffic:
    with _reading() as session:
        operations.access_route(session, route_id)
        found = route_traffic(session, route_id, query.from_, query.to, query.edge)
    return Traffic.model_validate(found)


@blueprint.post("/routes/<id:route_id>/simulate")
@endpoint("The exact path a call would take (same engine as live calls)",
          permission="routes.read", body=SimulationInput, answers={200: Simulation})
def simulate_route(route_id: int, body: SimulationInput) -> Simulation:
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
    result = simulate(graph, to_e164(body.caller, region), body.caller,
                      to_e164(body.dialed, region), at, refs, script)
    return Simulation(completed=result.completed, reason=result.reason, why=result.why,
                      facts=result.facts,
                      path=[SimulationStep.model_validate(step.as_dict())
                            for step in result.steps])


@blueprint.post("/routes/<id:route_id>/numbers")
@endpoint("Attach a number (a number leads to one route)", permission="routes.write",
          body=NumberInput, answers={201: Number}, errors=(409,))
def attach_number(route_id: int, body: NumberInput) -> tuple[Number, int]:
    with _writing() as (session, user):
        route = operations.access_route(session, route_id)
        row = operations.do_attach_number(session, user, route, body.number,
                                          _services().config.phone.default_region,
                                          body.label)
        result = Number.model_validate(row)
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
def list_numbers() -> list[Number]:
    with _reading() as session:
        return [Number.model_validate(row) for row in
                session.scalars(select(InboundNumber).order_by(InboundNumber.number))]


@blueprint.get("/sounds")
@endpoint("Sounds routes can play", permission="routes.read", answers={200: list[Sound]})
def get_sounds() -> list[Sound]:
    return [Sound.model_validate(sound) for sound in list_sounds(_sounds_dir())]


@blueprint.post("/sounds")
@endpoint("Upload mp3/wav/ogg/flac/m4a; stored as 8 kHz mono WAV", permission="routes.write",
          body=SoundUpload, body_kind="multipart", answers={201: Sound})
def upload_sound() -> tuple[Sound, int]:
    upload = request.files.get("file")
    if upload is None:
        raise InvalidInput("send the audio as multipart field 'file'", {"field": "file"})
    stored = do_store_sound(_sounds_dir(), request.form.get("name", ""),
                            upload.filename or "", upload.read())
    _services().routes_changed()
    return Sound.model_validate(stored), 201


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
