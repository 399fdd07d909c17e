"""What an agent's own desk hears of the calls their phone rings for (the screen pop).

A call update that concerns one agent's phone becomes a ``desk_call`` message on the live
bus, naming the endpoint; the desk stream hands it only to the person whose phone that is.
The live board's streams never carry it (web/live_fanout.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ringdesk.callcenter.calls.updates import (
    AgentAnswered,
    AgentFinished,
    AgentNotAnswered,
    AgentRung,
    CallUpdate,
)
from ringdesk.callcenter.live.bus import Message
from ringdesk.callcenter.live.rows import device_endpoint, queue_of

DESK_CALL = "desk_call"


def desk_call(update: CallUpdate, caller_of: Callable[[str], str]) -> Message | None:
    """The message for the desk of the agent ``update`` is about, or None if it is not
    about one agent's phone. ``caller_of`` gives a live call's caller as the board has it."""
    match update:
        case AgentRung(queue=queue):
            phase = "ringing"
        case AgentAnswered(queue=queue):
            phase = "answered"
        case AgentNotAnswered():
            phase, queue = "missed", ""
        case AgentFinished():
            phase, queue = "finished", ""
        case _:
            return None
    endpoint = device_endpoint(update.agent)
    if endpoint is None:
        return None
    return {"type": DESK_CALL, "endpoint": endpoint, "linkedid": update.linkedid,
            "phase": phase, "caller": caller_of(update.linkedid),
            "queue": queue_of(queue) if queue else ""}


def rang_for(agent: str, agents_rung: Iterable[dict[str, Any]],
             phones: frozenset[str]) -> bool:
    """Did the call ring (or reach) one of ``phones``? ``agent`` is the device that took
    it, ``agents_rung`` every device it rang (PJSIP/<endpoint>): whose desk it pops on."""
    devices = [agent, *(entry.get("agent", "") for entry in agents_rung)]
    return any(device_endpoint(device) in phones for device in devices if device)
