"""Walk a published route for one call. Written once, driven twice.

A ``RouteRun`` gives each effect a node asks for and is answered with its outcome. The live
executor (ivr/route_session.py) answers with AGI commands, the simulator
(routes/simulator.py) with scripted inputs. Neither knows about the other.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ringdesk.routes.effects import (
    CollectDigit,
    DialAgent,
    Effect,
    Hangup,
    JoinQueue,
    Outcome,
    Play,
    RecordVoicemail,
    Ring,
    SetTicketFields,
    Transfer,
)
from ringdesk.routes.graph import RouteGraph
from ringdesk.routes.nodes import NODE_TYPES
from ringdesk.routes.nodes.base import CallFacts, References
from ringdesk.routes.nodes.reasons import explain

MAX_STEPS = 100  # a published graph cannot spin, but a runaway must still end


@dataclass(slots=True, init=False)  # its own __init__: see routes/effects.py
class Step:
    node: str
    type: str
    label: str  # the admin's name for the node, so a stored path reads without its graph
    port: str | None
    why: str  # a key of reasons.REASONS with its facts: the web app tells it translated
    facts: dict[str, Any]
    effects: list[dict[str, Any]]

    def __init__(self, node: str, type: str, port: str | None = None, why: str = "",
                 facts: dict[str, Any] | None = None, label: str = "") -> None:
        self.node = node
        self.type = type
        self.label = label
        self.port = port
        self.why = why
        self.facts = facts if facts is not None else {}
        self.effects = []  # RouteRun.answer records each one as it is answered

    @property
    def reason(self) -> str:
        return explain(self.why, self.facts)

    def as_dict(self, at: str | None = None) -> dict[str, Any]:
        described = {"node": self.node, "type": self.type, "label": self.label,
                     "port": self.port,
                     "reason": self.reason, "why": self.why, "facts": self.facts,
                     "effects": self.effects}
        return described if at is None else {"at": at, **described}

    def as_record(self, at: float) -> StepRecord:
        """The step as a call's journal sends it to the recorder (``at`` in seconds since
        the epoch): a plain tuple, several times cheaper to build and send than the dict
        ``step_dicts`` makes of it."""
        return (at, self.node, self.type, self.label, self.port, self.reason, self.why,
                self.facts, self.effects)


StepRecord = tuple[float, str, str, str, str | None, str, str, dict[str, Any],
                   list[dict[str, Any]]]
_RECORD_KEYS = ("at", "node", "type", "label", "port", "reason", "why", "facts", "effects")


def step_dicts(steps: Iterable[dict[str, Any] | StepRecord]) -> list[dict[str, Any]]:
    """A call's path as stored: step records as ``Step.as_dict(at)`` would show them; other
    journal entries (a hang-up, a fallback) are dicts already."""
    return [step if isinstance(step, dict) else
            dict(zip(_RECORD_KEYS, (iso_time(step[0]), *step[1:]), strict=True))
            for step in steps]


def iso_time(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat()


def ticket_fields_chosen(steps: Iterable[dict[str, Any]]
                         ) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """Category, priority and tags set by the ticket fields nodes of a stored path."""
    for step in steps:
        for effect in step.get("effects", ()):
            if effect.get("effect") == "SetTicketFields":  # as _DESCRIBE writes it
                yield (effect.get("category", ""), effect.get("priority", ""),
                       tuple(effect.get("tags", ())))


@dataclass(slots=True, init=False)
class RouteResult:
    steps: list[Step]
    # False when the route could not finish (a failure with no branch, a runaway): the
    # caller is left to the dialplan fallback.
    completed: bool
    why: str
    facts: dict[str, Any]

    def __init__(self, steps: list[Step], completed: bool, why: str,
                 facts: dict[str, Any]) -> None:
        self.steps = steps
        self.completed = completed
        self.why = why
        self.facts = facts

    @property
    def reason(self) -> str:
        return explain(self.why, self.facts)


def describe_effect(effect: Effect, outcome: Outcome) -> dict[str, Any]:
    data = _DESCRIBE[type(effect)](effect, outcome)  # by type: runs for every effect of a call
    if not outcome.ok:
        data["failed"] = True
    return data


def _queue(effect: JoinQueue, outcome: Outcome) -> dict[str, Any]:
    data: dict[str, Any] = {"effect": "JoinQueue", "queue": effect.queue,
                            "status": outcome.value}
    if "levels" in outcome.details:
        data["levels"] = outcome.details["levels"].split()
    return data


_DESCRIBE: dict[type, Callable[[Any, Outcome], dict[str, Any]]] = {
    Play: lambda effect, _: {"effect": "Play", "sound": effect.sound},
    CollectDigit: lambda effect, outcome: {"effect": "CollectDigit", "prompt": effect.prompt,
                                           "digit": outcome.value},
    Ring: lambda effect, _: {"effect": "Ring", "seconds": effect.seconds},
    JoinQueue: _queue,
    DialAgent: lambda effect, outcome: {"effect": "DialAgent", "target": effect.endpoint,
                                        "status": outcome.value},
    Transfer: lambda effect, outcome: {"effect": "Transfer", "target": effect.number,
                                       "status": outcome.value},
    RecordVoicemail: lambda _, outcome: {"effect": "RecordVoicemail",
                                         "recording": outcome.value},
    SetTicketFields: lambda effect, _: {"effect": "SetTicketFields",
                                        "category": effect.category,
                                        "priority": effect.priority, "tags": list(effect.tags)},
    Hangup: lambda _, __: {"effect": "Hangup"},
}


class RouteRun:
    """One call's way through a route, one effect at a time.

    ``start()`` and then ``answer(outcome)`` give the next effect the route asks for, or
    None once it is over; ``result`` then says how it ended. Each answer is recorded on the
    step that asked for it, here, so both drivers leave the same path. The nodes' own
    generators are delegated to with ``yield from``: a node that ends costs no exception
    (a caught StopIteration per node was a tenth of a compiled walk).
    """

    def __init__(self, graph: RouteGraph, call: CallFacts, refs: References) -> None:
        self.steps: list[Step] = []  # filled as it goes: the call's journal reads it early
        self.result: RouteResult | None = None
        self._walk = _walk(graph, call, refs, self.steps)
        self._asked: Effect | None = None

    def start(self) -> Effect | None:
        return self._advance(None)

    def answer(self, outcome: Outcome) -> Effect | None:
        asked = self._asked
        if asked is None:
            raise RuntimeError("answer() without an effect asked for")
        self.steps[-1].effects.append(describe_effect(asked, outcome))
        return self._advance(outcome)

    def _advance(self, outcome: Outcome | None) -> Effect | None:
        try:
            self._asked = self._walk.send(outcome)  # type: ignore[arg-type]
        except StopIteration as stop:
            self._asked = None
            self.result = stop.value
        return self._asked


def _walk(graph: RouteGraph, call: CallFacts, refs: References,
          path: list[Step]) -> Generator[Effect, Outcome, RouteResult]:
    node_id = graph.entry
    while node_id is not None:
        if len(path) >= MAX_STEPS:
            return RouteResult(path, False, "too_many_steps", {"steps": MAX_STEPS})
        node = graph.nodes[node_id]
        step = Step(node.id, node.type, label=node.label)
        path.append(step)  # RouteRun.answer records this node's effects on it
        decision = yield from NODE_TYPES[node.type].run(node.params, call, refs)
        step.port, step.why, step.facts = decision.port, decision.why, decision.facts
        if decision.port is None:
            return RouteResult(path, True, decision.why, decision.facts)
        target = node.ports.get(decision.port)
        if target is None:
            return RouteResult(path, False, "port_not_connected",
                               {"port": decision.port, "node": node.id})
        node_id = target
    return RouteResult(path, False, "no_entry", {})
