"""The OpenAPI description, generated from what the views declare (web/contract.py) and the
app's URL rules: paths and their parameters, bodies, answers and errors, and the models as
named component schemas. Nothing here is written by hand but the wording of statuses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib.metadata import version
from typing import Any, get_args, get_origin

from flask import Blueprint, Flask, current_app
from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import models_json_schema
from werkzeug.routing import Rule

from ringdesk.web.contract import BINARY, NO_CONTENT, Endpoint, declared, endpoint
from ringdesk.web.desk_stream import PATH as DESK_EVENTS_PATH
from ringdesk.web.desk_stream import PERMISSION as DESK_EVENTS_PERMISSION
from ringdesk.web.live_stream import PATH as LIVE_EVENTS_PATH
from ringdesk.web.live_stream import PERMISSION as LIVE_EVENTS_PERMISSION
from ringdesk.web.schemas.common import Error, JsonObject

blueprint = Blueprint("openapi", __name__, url_prefix="/api/v1")
REF = "#/components/schemas/{model}"
JSON = "application/json"

STATUS_TEXT = {
    200: "done", 201: "created", 202: "accepted", 204: "done, nothing to return",
    400: "invalid input, naming the field (details.field)",
    401: "no or unknown API token", 403: "the user's rank may not do this",
    404: "no such thing, or not one this user may see",
    409: "changed meanwhile (send the current version) or not possible now",
    413: "the request body is larger than this endpoint accepts",
    415: "the body is not application/json",
    422: "the content is not valid: details name each problem",
    429: "too many failed sign-ins: wait the Retry-After seconds",
    502: "Asterisk refused the call", 503: "Asterisk or the live board cannot be reached",
}

# The live event stream is a Twisted resource beside the Flask app (web/live_stream.py).
OUTSIDE_FLASK: dict[tuple[str, str], Endpoint] = {
    (LIVE_EVENTS_PATH.decode(), "get"): Endpoint(
        "The live board as server-sent events: a snapshot, then every change (agent, queue, "
        "call, call_ended). The access check is made again every few seconds: when the "
        "session or token ends, an `ended` event says why and the stream closes",
        LIVE_EVENTS_PERMISSION, answers={200: BINARY},
        binary_types=("text/event-stream",)),
    (DESK_EVENTS_PATH.decode(), "get"): Endpoint(
        "The agent desk's server-sent events: `tickets` when any ticket changed (ask the "
        "lists again: they show only what you may see), `notifications` when you got one. "
        "Checked again every few seconds: when the session or token ends, `ended` says why",
        DESK_EVENTS_PERMISSION, answers={200: BINARY},
        binary_types=("text/event-stream",)),
}


@blueprint.get("/openapi.json")
@endpoint("This description (OpenAPI 3.1)", permission=None, answers={200: JsonObject})
def openapi() -> dict[str, Any]:
    return describe(current_app)


def describe(app: Flask) -> dict[str, Any]:
    cached: dict[str, Any] | None = app.extensions.get("ringdesk.openapi")
    if cached is None:
        cached = app.extensions["ringdesk.openapi"] = _Description(app).build()
    return cached


class _Description:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.models: dict[type[BaseModel], str] = {}  # model -> mode
        self.inline_defs: dict[str, Any] = {}

    def build(self) -> dict[str, Any]:
        paths: dict[str, dict[str, Any]] = {}
        names: dict[str, str] = {}
        for rule, method, declared_by, name in self._operations():
            operation = self._operation(rule, method, declared_by)
            if name in names:
                raise ValueError(f"two views are named {name}: {names[name]} and {rule}")
            names[name] = str(rule)
            operation["operationId"] = name
            paths.setdefault(_path(rule), {})[method] = operation
        schemas = self._schemas()
        return {
            "openapi": "3.1.0",
            "info": {"title": "ringdesk", "version": version("ringdesk"),
                     "description": "Errors answer {code, message, details}."},
            "paths": dict(sorted(paths.items())),
            "components": {
                "schemas": schemas,
                "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                               "description": "a user's API token"}},
            },
        }

    def _operations(self) -> Iterator[tuple[Rule | str, str, Endpoint, str]]:
        for rule in sorted(self.app.url_map.iter_rules(), key=lambda rule: rule.rule):
            view = self.app.view_functions[rule.endpoint]
            found = declared(view)
            if found is None:
                continue  # Flask's own static route
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                yield rule, method.lower(), found, view.__name__
        for (path, method), found in OUTSIDE_FLASK.items():
            yield path, method, found, path.strip("/").split("/")[-2] + "_events"

    def _operation(self, rule: Rule | str, method: str, spec: Endpoint) -> dict[str, Any]:
        operation: dict[str, Any] = {"summary": spec.summary}
        if spec.description:
            operation["description"] = spec.description
        tag = rule.endpoint.split(".")[0] if isinstance(rule, Rule) \
            else rule.strip("/").split("/")[-2]
        operation["tags"] = [tag]
        parameters = [*_path_parameters(rule, self.app), *self._query_parameters(spec)]
        if parameters:
            operation["parameters"] = parameters
        if spec.body is not None:
            media = JSON if spec.body_kind == "json" else "multipart/form-data"
            operation["requestBody"] = {"required": not spec.body_optional, "content": {
                media: {"schema": self._schema(spec.body, "validation")}}}
        if spec.permission is not None:
            operation["security"] = [{"bearer": []}]
        operation["responses"] = self._responses(spec, parameters)
        return operation

    def _query_parameters(self, spec: Endpoint) -> list[dict[str, Any]]:
        if spec.query is None:
            return []
        schema = spec.query.model_json_schema(ref_template=REF, mode="validation")
        required = set(schema.get("required", []))
        parameters = []
        for name, field in schema["properties"].items():
            described = {"name": name, "in": "query", "required": name in required}
            if "description" in field:
                described["description"] = field.pop("description")
            field.pop("title", None)
            parameters.append({**described, "schema": field})
        return parameters

    def _responses(self, spec: Endpoint, parameters: list[dict[str, Any]],
                   ) -> dict[str, Any]:
        responses: dict[str, Any] = {}
        for status, kind in spec.answers.items():
            answer: dict[str, Any] = {"description": STATUS_TEXT.get(status, "done")}
            content: dict[str, Any] = {}
            if kind is not NO_CONTENT and kind != BINARY:
                content[JSON] = {"schema": self._schema(kind, "serialization")}
            if kind == BINARY or spec.binary_types != Endpoint.binary_types:
                for media in spec.binary_types:
                    content[media] = {"schema": {"type": "string", "format": "binary"}}
            if content:
                answer["content"] = content
            responses[str(status)] = answer
        errors = set(spec.errors)
        if spec.body is not None or spec.query is not None:
            errors |= {400}
        if spec.body is not None:
            errors |= {413, 415} if spec.body_kind == "json" else {413}
        if spec.permission is not None:
            errors |= {401, 403}
        if any(parameter["in"] == "path" for parameter in parameters):
            errors |= {404}
        for status in sorted(errors):
            responses[str(status)] = self._error(STATUS_TEXT[status])
        responses["default"] = self._error("any other error")
        return responses

    def _error(self, text: str) -> dict[str, Any]:
        return {"description": text,
                "content": {JSON: {"schema": self._schema(Error, "serialization")}}}

    def _schema(self, kind: Any, mode: str) -> dict[str, Any]:
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            self.models[kind] = mode
            return {"$ref": REF.format(model=kind.__name__)}
        if get_origin(kind) is list:
            (item,) = get_args(kind)
            return {"type": "array", "items": self._schema(item, mode)}
        schema = TypeAdapter(kind).json_schema(ref_template=REF, mode=mode)  # type: ignore[arg-type]
        self.inline_defs.update(schema.pop("$defs", {}))
        return schema

    def _schemas(self) -> dict[str, Any]:
        pairs = [(model, mode) for model, mode in self.models.items()]
        _, generated = models_json_schema(pairs, ref_template=REF)  # type: ignore[arg-type]
        schemas = {**self.inline_defs, **generated.get("$defs", {})}
        return dict(sorted(schemas.items()))


def _path(rule: Rule | str) -> str:
    text = rule.rule if isinstance(rule, Rule) else rule
    return re.sub(r"<(?:[a-z_]+:)?([a-z_]+)>", r"{\1}", text)


def _path_parameters(rule: Rule | str, app: Flask) -> list[dict[str, Any]]:
    if not isinstance(rule, Rule):
        return []
    parameters = []
    for converter_name, _, name in _arguments(rule.rule):
        converter = app.url_map.converters[converter_name or "default"]
        schema = getattr(converter, "openapi_schema", {"type": "string", "minLength": 1})
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema})
    return parameters


def _arguments(rule: str) -> list[tuple[str, str, str]]:
    return [(converter, "", name) for converter, name in
            re.findall(r"<(?:([a-z_]+):)?([a-z_]+)>", rule)]
