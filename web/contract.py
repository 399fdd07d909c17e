"""What an API view declares beside itself, once: who may call it, its body, query and
answers as typed models. From that one declaration come the input validation (errors name
the field), the JSON answer and the OpenAPI description (web/openapi.py).

    @blueprint.post("/work-modes")
    @endpoint("Add a work mode", permission="work_modes.write", body=WorkModeInput,
              answers={201: WorkMode}, errors=(409,))
    def create_mode(body: WorkModeInput) -> WorkMode: ...

A view returns its answer (a model, the rows or objects the model reads its attributes
from, or a ``(value, status)`` pair); the answer is serialized through the declared type,
so nothing leaves that the description does not name.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from flask import Response, current_app, request
from flask.typing import ResponseReturnValue
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from ringdesk.core.errors import InvalidInput, RingdeskError

BodyKind = Literal["json", "multipart"]
NO_CONTENT = None  # an answer without a body (204)
BINARY = "binary"  # a file (audio, attachment, export)
JSON = "application/json"


@dataclass(frozen=True)
class Endpoint:
    summary: str
    permission: str | None  # an action of core/users/permissions.py; None: anyone
    body: type[BaseModel] | None = None
    body_kind: BodyKind = "json"
    body_optional: bool = False  # no body at all reads as {}
    query: type[BaseModel] | None = None
    answers: Mapping[int, Any] = field(default_factory=dict)  # status -> type, None, BINARY
    errors: tuple[int, ...] = ()  # statuses beyond the ones every endpoint may answer
    description: str = ""
    binary_types: tuple[str, ...] = ("application/octet-stream",)

    @functools.cached_property
    def adapters(self) -> dict[int, TypeAdapter[Any]]:
        return {status: TypeAdapter(kind) for status, kind in self.answers.items()
                if kind is not NO_CONTENT and kind != BINARY}


def endpoint(summary: str, *, permission: str | None, body: type[BaseModel] | None = None,
             body_kind: BodyKind = "json", body_optional: bool = False,
             query: type[BaseModel] | None = None, answers: Mapping[int, Any] | None = None,
             errors: tuple[int, ...] = (), description: str = "",
             binary_types: tuple[str, ...] = ("application/octet-stream",),
             ) -> Callable[[Callable[..., Any]], Callable[..., ResponseReturnValue]]:
    declared = Endpoint(summary, permission, body, body_kind, body_optional, query,
                        answers if answers is not None else {}, errors, description,
                        binary_types)

    def wrap(view: Callable[..., Any]) -> Callable[..., ResponseReturnValue]:
        @functools.wraps(view)
        def run(**path: Any) -> ResponseReturnValue:
            arguments = dict(path)
            if declared.query is not None:
                arguments["query"] = read_query(declared.query)
            if declared.body is not None and declared.body_kind == "json":
                arguments["body"] = read_body(declared.body, declared.body_optional)
            return answer(declared, view(**arguments))

        run.endpoint = declared  # type: ignore[attr-defined]
        return run

    return wrap


def page(view: Callable[..., Any]) -> Callable[..., Any]:
    """A public page of the web app (not part of the API, not in its description)."""
    view.page = True  # type: ignore[attr-defined]
    return view


def is_page(view: Callable[..., Any] | None) -> bool:
    return getattr(view, "page", False) is True


def declared(view: Callable[..., Any] | None) -> Endpoint | None:
    found = getattr(view, "endpoint", None)
    return found if isinstance(found, Endpoint) else None


def declared_endpoint(name: str) -> Endpoint | None:
    """The declaration of the app's endpoint ``name`` (a Flask endpoint name)."""
    return declared(current_app.view_functions.get(name))


Model = TypeVar("Model", bound=BaseModel)


class UnsupportedMediaType(RingdeskError):
    """A JSON endpoint sent something else: a form post from another site (which a browser
    sends without asking) must not reach a view, least of all signing in."""

    code = "unsupported_media_type"


def read_body(model: type[Model], optional: bool = False) -> Model:
    raw = request.get_data(cache=False)
    if optional and not raw.strip():
        raw = b"{}"
    elif request.mimetype != JSON:
        raise UnsupportedMediaType(f"send the body as {JSON}",
                                   {"content_type": request.mimetype or None})
    try:
        return model.model_validate_json(raw)
    except ValidationError as error:
        raise invalid(error, "body") from None


def read_query(model: type[Model]) -> Model:
    values: dict[str, Any] = {}
    for name in request.args:
        items = request.args.getlist(name)
        values[name] = items if len(items) > 1 else items[0]
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise invalid(error, "query") from None


def invalid(error: ValidationError, where: str) -> InvalidInput:
    """One validation error for the client: the first problem, naming its field."""
    first = error.errors(include_url=False, include_input=False)[0]
    location = ".".join(str(part) for part in first["loc"])
    return InvalidInput(_message(first, location, where), {"field": location or where})


def _message(first: ErrorDetails, location: str, where: str) -> str:
    kind = first["type"]
    if kind == "json_invalid" and "recursion" in first["msg"]:
        return "the JSON body is nested too deeply"
    if not location and kind in ("json_invalid", "model_type", "model_attributes_type",
                                 "dict_type"):
        return "send a JSON object" if where == "body" else first["msg"]
    return f"{location}: {first['msg']}" if location else first["msg"]


def answer(declared: Endpoint, result: Any) -> ResponseReturnValue:
    if isinstance(result, Response):
        return result
    status = next(iter(declared.answers), 200)
    if isinstance(result, tuple):
        result, status = result
    adapter = declared.adapters.get(status)
    if adapter is None:
        return Response(status=status) if result is None else (result, status)
    # Only what the view set goes out: optional fields it left alone stay absent.
    return Response(adapter.dump_json(adapter.validate_python(result, from_attributes=True),
                                      exclude_unset=True, by_alias=True),
                    status=status,
                    mimetype="application/json")
