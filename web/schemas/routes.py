"""Routes, their versions, validation, simulation, numbers and sounds."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field

from ringdesk.routes.graph import RouteGraphDocument
from ringdesk.web.schemas.common import Input, JsonObject, Moment, Output, Query, Stamp, UserRef

VersionNumber = Annotated[int, Field(ge=1, le=2**31)]
SOUND_NAME = r"^[a-z0-9][a-z0-9_-]{0,63}$"


class RouteSummary(Output):
    id: int
    name: str
    description: str
    revision: int = Field(description="send it back to save (409 if stale)")
    published_version: int | None
    draft_differs: bool = Field(description="the draft is not what calls run: it changed "
                                "since the last publish, or was never published")
    numbers: list[str]
    updated_at: Stamp | None
    updated_by: UserRef | None = Field(description="who made the last change")


class Route(RouteSummary):
    graph: RouteGraphDocument = Field(description="the draft graph")


class RouteInput(Input):
    name: str = ""
    description: str = ""
    graph: RouteGraphDocument | None = Field(None, description="omit or null for an empty "
                                                               "draft")


class RouteUpdate(Input):
    revision: int = Field(description="the revision you edited")
    name: str | None = None
    description: str | None = None
    graph: RouteGraphDocument | None = None


class Issue(Output):
    code: str
    message: str = Field(description="in English; key and params give it in other languages")
    node: str | None = None
    param: str | None = None
    port: str | None = None
    key: str = Field(description="the message's key in the web app's catalogue (issues.<key>)")
    params: dict[str, str] = Field(description="the message's parameters")


class Validation(Output):
    valid: bool
    issues: list[Issue]
    warnings: list[Issue] = Field(default_factory=list, description="what does not stop "
                                  "publishing but leaves callers unserved (a queue nobody "
                                  "answers)")


class ValidateInput(Input):
    graph: JsonObject | None = Field(None, description="a graph to check instead of the draft")


class PublishInput(Input):
    note: str = Field("", max_length=500, description="what changed and why, for the history")


class RollbackInput(Input):
    version: VersionNumber
    note: str = Field("", max_length=500)


class Version(Output):
    number: int
    published_at: Stamp | None
    published_by: int | None
    author: UserRef | None = Field(None, description="who published it")
    note: str
    restores: int | None = Field(description="a rollback: the version it published again")


class VersionWithGraph(Version):
    graph: RouteGraphDocument


class DiffQuery(Query):
    from_: VersionNumber = Field(alias="from")
    to: VersionNumber


class Change(Output):
    """One value before and after (null: absent on that side)."""

    model_config = ConfigDict(populate_by_name=True)

    from_: Any = Field(alias="from")
    to: Any


class NodeChange(Output):
    node: str = Field(description="the node's id")
    type: Change | None = None
    label: Change | None = None
    params: dict[str, Change] | None = Field(None, description="by parameter name")
    ports: dict[str, Change] | None = Field(
        None, description="by port name: the next node before and after (null: no wire)")


class Diff(Output):
    """What changed between two versions, ignoring where nodes are drawn."""

    added: list[str] = Field(description="ids of nodes only the newer version has")
    removed: list[str] = Field(description="ids of nodes only the older version has")
    changed: list[NodeChange]
    entry: Change | None = None


class SimulationInput(Input):
    caller: str = ""
    dialed: str = ""
    at: Moment | None = Field(None, description="default: now")
    version: VersionNumber | None = Field(None, description="default: the draft")
    digits: list[Annotated[str, Field(pattern=r"^[0-9*#]?$")]] = Field(
        default_factory=list, description='keys pressed in order, one per prompt; "" is no key')
    queue_statuses: list[str] = Field(default_factory=list)
    dial_statuses: list[str] = Field(default_factory=list)


class SimulationStep(Output):
    node: str
    type: str
    label: str
    port: str | None
    reason: str = Field(description="in English, as logs and the stored path tell it")
    why: str = Field(description="the reason's key: the web app tells it in the reader's "
                                 "language from its facts")
    facts: JsonObject
    effects: list[JsonObject]


class Simulation(Output):
    completed: bool
    reason: str
    why: str
    facts: JsonObject
    path: list[SimulationStep]


# routes.nodes.base.PARAM_KINDS, spelled out for the type checker (a test keeps them equal)
ParamKind = Literal["string", "integer", "number", "boolean", "choice", "list", "object",
                    "timezone", "sound", "queue", "agent", "trunk", "phone", "caller_lists",
                    "weekly_hours", "digit_choices", "date_periods", "holiday_country",
                    "holiday_region"]


class NodeParam(Output):
    name: str
    kind: ParamKind = Field(description="what the builder edits it with")
    label: str
    required: bool
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    choices: list[str] | None = None
    help: str | None = None


class NodePort(Output):
    name: str
    label: str
    required: bool


class NodeType(Output):
    type: str
    title: str
    description: str
    waits_for_caller: bool
    params: list[NodeParam]
    ports: list[NodePort] = Field(description="fixed ports; an IVR menu adds one per choice")


class TrafficQuery(Query):
    from_: Moment = Field(alias="from", description="start of the period")
    to: Moment = Field(description="end of the period")
    edge: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_-]{1,64}$")] | None = \
        Field(None, description="node:port: also list the calls that took this edge")


class TrafficCall(Output):
    linkedid: str
    started_at: Stamp | None
    caller_number: str | None
    ticket_id: int | None
    outcome: str | None


class Traffic(Output):
    calls: int = Field(description="calls that ran the route in the period")
    edges: dict[str, int] = Field(description="node:port -> calls that took it")
    ended: dict[str, int] = Field(description="node -> calls that ended there")
    listed: list[TrafficCall] = Field(description="the calls of the edge asked for (newest "
                                                  "first, at most 100)")


class Number(Output):
    number: str
    route_id: int | None
    label: str


class NumberInput(Input):
    number: str
    label: str = ""


class Sound(Output):
    name: str
    seconds: float
    bytes: int


class SoundUpload(Input):
    """multipart/form-data: the audio in ``file``, its name in ``name``."""

    name: Annotated[str, Field(pattern=SOUND_NAME)]
    file: bytes = Field(json_schema_extra={"format": "binary"})


GraphSchema = dict[str, Any]
