"""What one person's live board shows: the queues they supervise (an admin, or a supervisor
who watches no queue in particular, sees them all) and callers' numbers masked for ranks an
admin chose. Applied alike to the snapshot, each change on the stream and the REST views."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Message = dict[str, Any]
MASK = "•"


@dataclass(frozen=True)
class BoardView:
    queues: frozenset[str] | None = None  # None: every queue
    mask_numbers: bool = False

    @property
    def whole(self) -> bool:
        return self.queues is None and not self.mask_numbers

    def sees_queue(self, name: str) -> bool:
        return self.queues is None or name in self.queues


EVERYTHING = BoardView()


def mask_number(number: str) -> str:
    """``+4930130121`` -> ``+49•••••121``: enough to tell two callers apart, not to call."""
    if len(number) <= 6:
        return MASK * len(number)
    return number[:3] + MASK * (len(number) - 6) + number[-3:]


def _masked(number: Any, view: BoardView) -> Any:
    return mask_number(number) if view.mask_numbers and isinstance(number, str) and number \
        else number


def view_agent(agent: Message, view: BoardView) -> Message | None:
    if view.queues is not None and not any(
            member["queue"] in view.queues for member in agent["queues"]):
        return None
    return {**agent, "caller": _masked(agent.get("caller", ""), view)}


def view_queue(queue: Message, view: BoardView) -> Message | None:
    if not view.sees_queue(queue["name"]):
        return None
    if not view.mask_numbers:
        return queue
    return {**queue, "callers": [{**caller, "caller": _masked(caller.get("caller"), view)}
                                 for caller in queue["callers"]]}


def view_call(call: Message, view: BoardView) -> Message | None:
    if view.queues is not None and call.get("queue") not in view.queues:
        return None  # a call not (yet) in one of their queues is not theirs to see
    return {**call, "caller": _masked(call.get("caller", ""), view)}


def view_message(message: Message, view: BoardView) -> Message | None:
    """A stream change as this view shows it; None when it is not theirs to see. A call's
    end always passes: the page drops what it does not know."""
    if view.whole:
        return message
    kind = message.get("type")
    if kind == "agent":
        agent = view_agent(message["agent"], view)
        return None if agent is None else {**message, "agent": agent}
    if kind == "queue":
        queue = view_queue(message["queue"], view)
        return None if queue is None else {**message, "queue": queue}
    if kind == "call":
        call = view_call(message["call"], view)
        return None if call is None else {**message, "call": call}
    return message


def view_board(board: Message, view: BoardView) -> Message:
    if view.whole:
        return board
    return {
        "agents": [shown for agent in board["agents"]
                   if (shown := view_agent(agent, view)) is not None],
        "queues": [shown for queue in board["queues"]
                   if (shown := view_queue(queue, view)) is not None],
        "calls": [shown for call in board["calls"]
                  if (shown := view_call(call, view)) is not None],
    }
