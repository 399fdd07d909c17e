"""The shape every route node type shares: declared parameters and ports, validation, and
a pure ``run`` that yields effects and returns the port the call leaves by."""

from __future__ import annotations

from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from mypy_extensions import mypyc_attr

from ringdesk.routes.effects import Effect, Outcome
from ringdesk.routes.nodes.reasons import explain

# What the route builder has an editor for; a parameter of any other kind is refused.
PARAM_KINDS = ("string", "integer", "number", "boolean", "choice", "list", "object",
               "timezone", "sound", "queue", "agent", "trunk", "phone", "caller_lists",
               "weekly_hours", "digit_choices", "date_periods", "holiday_country",
               "holiday_region")


@dataclass(frozen=True)
class ParamSpec:
    name: str
    # one of PARAM_KINDS: weekly_hours is {"mon": [["08:00", "12:00"]], ...}, digit_choices
    # {"1": "Sales"}, date_periods [{"name", "from": "24.12", "to": "26.12"}, ...]
    kind: str
    label: str
    required: bool = True
    default: Any = None
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""


@dataclass(frozen=True)
class PortSpec:
    name: str
    label: str
    required: bool = True


@dataclass(frozen=True)
class Issue:
    """One validation problem, naming where it is. ``message`` is the English rendering;
    ``key`` and ``params`` are what the web app translates it from (``issues.<key>``)."""

    code: str
    message: str
    node: str | None = None
    param: str | None = None
    port: str | None = None
    key: str = ""
    params: dict[str, str] | None = None

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            key: value for key, value in
            (("code", self.code), ("message", self.message), ("node", self.node),
             ("param", self.param), ("port", self.port)) if value is not None}
        found["key"] = self.key or self.code
        found["params"] = dict(self.params or {})
        return found

    def at(self, node: str) -> Issue:
        """The same problem, on ``node``."""
        return Issue(self.code, self.message, node, self.param, self.port, self.key,
                     self.params)


@dataclass(frozen=True)
class References:
    """What exists outside the graph, for validation and at run time."""

    sounds: frozenset[str] = frozenset()
    queues: frozenset[str] = frozenset()
    agents: frozenset[str] = frozenset()
    caller_lists: Mapping[str, frozenset[str]] = field(default_factory=dict)
    trunks: frozenset[str] = frozenset({"trunk"})


# CallFacts and Decision are values made for every call; slotted rather than frozen, with
# their own __init__, for speed (see routes/effects.py).
@dataclass(slots=True, init=False)
class CallFacts:
    """What the route knows about the call when it starts."""

    caller: str | None  # E.164, or None for anonymous/unknown
    caller_raw: str
    dialed: str | None
    now: datetime

    def __init__(self, caller: str | None, caller_raw: str, dialed: str | None,
                 now: datetime) -> None:
        self.caller = caller
        self.caller_raw = caller_raw
        self.dialed = dialed
        self.now = now


@dataclass(slots=True, init=False)
class Decision:
    port: str | None  # None: the route ends here (hangup, voicemail, connected call)
    why: str  # a key of reasons.REASONS (a plugin's own text otherwise)
    facts: dict[str, Any]

    def __init__(self, port: str | None, why: str, facts: dict[str, Any]) -> None:
        self.port = port
        self.why = why
        self.facts = facts

    @property
    def reason(self) -> str:
        return explain(self.why, self.facts)


Run = Generator[Effect, Outcome, Decision]


# Node types may come from plugins (Python classes) while this module is compiled by mypyc.
@mypyc_attr(allow_interpreted_subclasses=True)
class NodeType:
    type_name: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    params: ClassVar[tuple[ParamSpec, ...]] = ()
    static_ports: ClassVar[tuple[PortSpec, ...]] = ()
    # Whether running this node takes the caller's time (plays, waits for keys, rings).
    # A loop made only of nodes that do not would spin forever: validation rejects it.
    waits_for_caller: ClassVar[bool] = False

    def ports(self, params: Mapping[str, Any]) -> tuple[PortSpec, ...]:
        """The ports of a node with these parameters (an IVR's depend on its choices)."""
        return self.static_ports

    def check(self, params: Mapping[str, Any], refs: References) -> list[Issue]:
        """Problems beyond the declared parameter types (schedules, references...)."""
        return []

    def run(self, params: Mapping[str, Any], call: CallFacts, refs: References) -> Run:
        raise NotImplementedError

    @classmethod
    def describe(cls) -> dict[str, Any]:
        """Metadata the route builder renders: parameters and ports."""
        return {
            "type": cls.type_name,
            "title": cls.title,
            "description": cls.description,
            "waits_for_caller": cls.waits_for_caller,
            "params": [_param_json(spec) for spec in cls.params],
            "ports": [{"name": p.name, "label": p.label, "required": p.required}
                      for p in cls.static_ports],
        }


def _param_json(spec: ParamSpec) -> dict[str, Any]:
    data: dict[str, Any] = {"name": spec.name, "kind": spec.kind, "label": spec.label,
                            "required": spec.required}
    for key in ("default", "minimum", "maximum"):
        if getattr(spec, key) is not None:
            data[key] = getattr(spec, key)
    if spec.choices:
        data["choices"] = list(spec.choices)
    if spec.help:
        data["help"] = spec.help
    return data


def done(port: str | None, why: str, **facts: Any) -> Decision:
    return Decision(port, why, facts)
