"""What became of a call, and what its ticket should say: pure rules over a call's row.

The outcome is decided from everything recorded: AMI's view (an agent answered, the caller
left a queue) and the route's path (a voicemail, a transfer out, a closed branch). The two
reach the database in either order, so a call is classified again whenever its row
changes after it ended; the ticket follows.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ringdesk.callcenter.calls.row import CallRow


class CallOutcome(enum.StrEnum):
    ANSWERED = "answered"  # an agent talked to the caller
    TRANSFERRED = "transferred"  # sent to an outside number, answered there
    VOICEMAIL = "voicemail"
    ABANDONED = "abandoned"  # the caller hung up while waiting in a queue
    OUT_OF_HOURS = "out_of_hours"
    MISSED = "missed"  # nobody answered: queue timeout, no agents, agent no answer
    IVR = "ivr"  # the route served the call on its own (announcements, menus)
    UNANSWERED = "unanswered"  # an agent's outbound call nobody picked up


# Calls someone should return: their tickets are marked "call back".
NEEDS_CALL_BACK = frozenset({CallOutcome.MISSED, CallOutcome.ABANDONED,
                             CallOutcome.VOICEMAIL, CallOutcome.OUT_OF_HOURS})
CALL_BACK_STATUS = "call_back"
# Statuses after which a repeat call opens a new ticket instead of joining this one.
CLOSED_BRANCHES = {"time_condition": "closed", "holiday": "holiday"}
REACHING_SOMEONE = frozenset({"queue", "agent", "transfer"})


def classify(row: CallRow) -> CallOutcome:
    if row.direction == "outbound":
        return CallOutcome.ANSWERED if row.connected_at else CallOutcome.UNANSWERED
    effects = list(_effects(row.path))
    if row.connected_at is not None:
        if any(e.get("effect") == "Transfer" and e.get("status") == "ANSWER" for e in effects):
            return CallOutcome.TRANSFERRED
        return CallOutcome.ANSWERED
    if any(e.get("effect") == "RecordVoicemail" and e.get("recording") and not e.get("failed")
           for e in effects):
        return CallOutcome.VOICEMAIL
    if any(event.get("abandoned") for event in row.queue_events):
        return CallOutcome.ABANDONED
    steps = [step for step in row.path if "node" in step]
    if any(step.get("step") == "fallback" for step in row.path):
        return CallOutcome.MISSED  # ringdesk could not route it: nobody took the call
    if any(step.get("type") in CLOSED_BRANCHES
           and CLOSED_BRANCHES[step["type"]] == step.get("port") for step in steps):
        return CallOutcome.OUT_OF_HOURS
    if (row.queue_events or row.agents_rung
            or any(step.get("type") in REACHING_SOMEONE for step in steps)):
        return CallOutcome.MISSED
    if row.answered_at is not None:
        return CallOutcome.IVR
    return CallOutcome.MISSED  # rang at the PBX and was never picked up


def _effects(path: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for step in path:
        yield from step.get("effects") or ()


def ticket_status(outcome: CallOutcome) -> str:
    return CALL_BACK_STATUS if outcome in NEEDS_CALL_BACK else "open"


class TicketMode(enum.StrEnum):
    ALL = "all"
    MISSED = "missed"  # only calls that need a call back
    OFF = "off"


@dataclass(frozen=True)
class CallTicketPolicy:
    """Which calls get a ticket, and how long a repeat call joins the previous one."""

    mode: TicketMode = TicketMode.ALL
    repeat_window: timedelta = timedelta(minutes=60)

    def wants_ticket(self, outcome: CallOutcome) -> bool:
        if self.mode is TicketMode.OFF:
            return False
        return self.mode is TicketMode.ALL or outcome in NEEDS_CALL_BACK

    def joins(self, previous_finished: bool, previous_activity: datetime, at: datetime) -> bool:
        """Does a call at ``at`` attach to the caller's ticket last active then? Never to a
        finished one (the help desk says which are: its statuses' kinds). A window of 0
        turns joining off, even for two calls at the same time."""
        return (self.repeat_window > timedelta(0) and not previous_finished
                and at - previous_activity <= self.repeat_window)


def ticket_policy(mode: str, repeat_minutes: int) -> CallTicketPolicy:
    """The policy from settings; ValueError names what is wrong."""
    try:
        chosen = TicketMode(mode)
    except ValueError:
        choices = ", ".join(item.value for item in TicketMode)
        raise ValueError(f"{mode!r} is not one of {choices}") from None
    if repeat_minutes < 0:
        raise ValueError(f"the repeat window cannot be negative ({repeat_minutes})")
    return CallTicketPolicy(chosen, timedelta(minutes=repeat_minutes))
