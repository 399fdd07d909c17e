"""Drive the route engine with scripted inputs instead of a call: the simulator.

Given the caller, the number dialled, a date-time, the keys the caller presses and what
queues and agents would answer, it returns the exact path the live call would take, with
every decision and why. Sounds, queues and agents that do not exist fail the way they
fail live.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ringdesk.routes.effects import (
    CollectDigit,
    DialAgent,
    Effect,
    JoinQueue,
    Outcome,
    Play,
    RecordVoicemail,
    Transfer,
)
from ringdesk.routes.engine import RouteResult, RouteRun
from ringdesk.routes.graph import RouteGraph
from ringdesk.routes.nodes.base import CallFacts, References


@dataclass
class Script:
    """What happens on the simulated call. Each list is consumed in order."""

    # "" is a timeout; a prompt past the end of the list hears nothing too, as a silent
    # caller's would (queues answer, phones pick up, unless the lists say otherwise).
    digits: list[str] = field(default_factory=list)
    queue_statuses: list[str] = field(default_factory=list)  # QUEUESTATUS; "" = connected
    dial_statuses: list[str] = field(default_factory=list)  # DIALSTATUS


def answer(effect: Effect, refs: References, script: Script) -> Outcome:
    if isinstance(effect, Play):
        return Outcome(ok=effect.sound in refs.sounds)
    if isinstance(effect, CollectDigit):
        if effect.prompt not in refs.sounds:
            return Outcome(ok=False)
        return Outcome(value=script.digits.pop(0) if script.digits else "")
    if isinstance(effect, JoinQueue):
        if effect.queue not in refs.queues:
            return Outcome(ok=False)
        return Outcome(value=script.queue_statuses.pop(0) if script.queue_statuses else "")
    if isinstance(effect, (DialAgent, Transfer)):
        if isinstance(effect, DialAgent) and effect.endpoint not in refs.agents:
            return Outcome(ok=False, value="CHANUNAVAIL")
        return Outcome(value=script.dial_statuses.pop(0) if script.dial_statuses else "ANSWER")
    if isinstance(effect, RecordVoicemail):
        return Outcome(ok=effect.greeting in refs.sounds, value="simulated")
    return Outcome()


def simulate(graph: RouteGraph, caller: str | None, caller_raw: str, dialed: str | None,
             at: datetime, refs: References, script: Script) -> RouteResult:
    if at.tzinfo is None:
        raise ValueError("the simulated time needs a timezone")
    run = RouteRun(graph, CallFacts(caller, caller_raw, dialed, at), refs)
    effect = run.start()
    while effect is not None:
        effect = run.answer(answer(effect, refs, script))
    assert run.result is not None
    return run.result
