"""Walk a published route for one call. Written once, driven twice.

``walk`` is a generator: it yields each effect a node asks for and is sent the outcome.
The live executor (ivr/route_session.py) answers with AGI commands, the simulator
(routes/simulator.py) with scripted inputs. Neither knows about the other.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

from routes.effects import (
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
from routes.graph import RouteGraph
from routes.nodes import NODE_TYPES
from routes.nodes.base import CallFacts, References

MAX_STEPS = 100  # a published graph cannot spin, but a runaway must still end


@dataclass(slots=True)
class Step:
    node: str
    type: str
    port: str | None = None
    reason: str = ""
    effects: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self, at: str | None = None) -> dict[str, Any]:
        described = {"node": self.node, "type": self.type, "port": self.port,
                     "reason": self.reason, "effects": self.effects}
        return described if at is None else {"at": at, **described}


@dataclass
class RouteResult:
    steps: list[Step]
    # False when the route could not finish (a failure with no branch, a runaway): the
    # caller is left to the dialplan fallback.
    completed: bool
    reason: str


def describe_effect(effect: Effect, outcome: Outcome) -> dict[str, Any]:
    data: dict[str, Any] = {"effect": type(effect).__name__}
    if isinstance(effect, Play):
        data["sound"] = effect.sound
    elif isinstance(effect, CollectDigit):
        data.update(prompt=effect.prompt, digit=outcome.value)
    elif isinstance(effect, Ring):
        data["seconds"] = effect.seconds
    elif isinstance(effect, JoinQueue):
        data.update(queue=effect.queue, status=outcome.value)
        if "levels" in outcome.details:
            data["levels"] = outcome.details["levels"].split()
    elif isinstance(effect, (DialAgent, Transfer)):
        data.update(target=getattr(effect, "endpoint", None) or getattr(effect, "number", ""),
                    status=outcome.value)
    elif isinstance(effect, RecordVoicemail):
        data["recording"] = outcome.value
    elif isinstance(effect, SetTicketFields):
        data.update(category=effect.category, priority=effect.priority, tags=list(effect.tags))
    elif isinstance(effect, Hangup):
        pass
    if not outcome.ok:
        data["failed"] = True
    return data


def walk(graph: RouteGraph, call: CallFacts, refs: References,
         steps: list[Step] | None = None) -> Generator[Effect, Outcome, RouteResult]:
    """Run the route; ``steps`` (if given) is filled as the call goes, for live views."""
    path = steps if steps is not None else []
    node_id = graph.entry
    while node_id is not None:
        if len(path) >= MAX_STEPS:
            return RouteResult(path, False, f"stopped after {MAX_STEPS} steps")
        node = graph.nodes[node_id]
        step = Step(node.id, node.type)
        path.append(step)
        run = NODE_TYPES[node.type].run(node.params, call, refs)
        try:
            effect = next(run)
            while True:
                outcome = yield effect
                step.effects.append(describe_effect(effect, outcome))
                effect = run.send(outcome)
        except StopIteration as stop:
            decision = stop.value
        step.port, step.reason = decision.port, decision.reason
        if decision.port is None:
            return RouteResult(path, True, decision.reason)
        target = node.ports.get(decision.port)
        if target is None:
            return RouteResult(path, False, f"port {decision.port!r} of {node.id!r} is not "
                                            "connected")
        node_id = target
    return RouteResult(path, False, "the route has no entry")
