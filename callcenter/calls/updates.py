"""What the call tracker reports, and the states a call moves through; plain data, no I/O.

The tracker (callcenter/calls/tracker.py) turns AMI events into these updates; the
recorder merges them into call rows, the live board into its picture, the CDR reader
makes the same ones for calls that ended unseen.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CallStarted:
    linkedid: str
    at: datetime
    caller: str
    dialed: str
    channel: str


@dataclass(frozen=True)
class CallAnswered:
    """The PBX answered the caller's channel (a route, an IVR): not yet an agent."""

    linkedid: str
    at: datetime


@dataclass(frozen=True)
class CallEnded:
    linkedid: str
    at: datetime
    cause: int
    cause_text: str
    hangup_side: str = ""  # caller / agent, when the caller was talking to someone


@dataclass(frozen=True)
class LegStarted:
    linkedid: str
    at: datetime
    uniqueid: str
    channel: str


@dataclass(frozen=True)
class LegEnded:
    linkedid: str
    at: datetime
    uniqueid: str
    cause: int


@dataclass(frozen=True)
class QueueJoined:
    linkedid: str
    at: datetime
    queue: str
    position: int


@dataclass(frozen=True)
class QueueLeft:
    linkedid: str
    at: datetime
    queue: str
    position: int
    # The caller hung up while waiting. Asterisk also reports a Queue() timeout as an
    # abandon; its QUEUESTATUS (QueueFinished) comes next and corrects it.
    abandoned: bool
    waited: int | None


@dataclass(frozen=True)
class QueueFinished:
    """Queue() returned without an agent: TIMEOUT, FULL, JOINEMPTY, LEAVEEMPTY..."""

    linkedid: str
    at: datetime
    status: str


@dataclass(frozen=True)
class AgentRung:
    linkedid: str
    at: datetime
    agent: str  # the device rung, e.g. PJSIP/agent-a
    queue: str  # "" for a direct dial


@dataclass(frozen=True)
class AgentNotAnswered:
    linkedid: str
    at: datetime
    agent: str
    status: str  # NOANSWER, BUSY, CHANUNAVAIL...
    ring_seconds: int | None


@dataclass(frozen=True)
class AgentAnswered:
    linkedid: str
    at: datetime
    agent: str
    queue: str
    hold_seconds: int | None  # time in the queue before this agent answered


@dataclass(frozen=True)
class AgentFinished:
    linkedid: str
    at: datetime
    agent: str
    talk_seconds: int | None
    ended_by: str  # caller / agent / transfer


@dataclass(frozen=True)
class CallTransferred:
    linkedid: str
    at: datetime
    kind: str  # blind / attended
    target: str


@dataclass(frozen=True)
class RecordingStarted:
    linkedid: str
    at: datetime
    filename: str


CallUpdate = (CallStarted | CallAnswered | CallEnded | LegStarted | LegEnded | QueueJoined
              | QueueLeft | QueueFinished | AgentRung | AgentNotAnswered | AgentAnswered
              | AgentFinished | CallTransferred | RecordingStarted)


class CallState(enum.StrEnum):
    """Where a live call is; ``TRANSITIONS`` lists the moves Asterisk's events can make."""

    ARRIVING = "arriving"  # ringing at the PBX
    IN_ROUTE = "in_route"  # answered: announcements, menus
    QUEUED = "queued"
    RINGING_AGENT = "ringing_agent"
    TALKING = "talking"
    ENDED = "ended"


TRANSITIONS: dict[CallState, frozenset[CallState]] = {
    # Straight to TALKING: a connection seen only after a reconnect (resync).
    CallState.ARRIVING: frozenset({CallState.IN_ROUTE, CallState.QUEUED,
                                   CallState.RINGING_AGENT, CallState.TALKING,
                                   CallState.ENDED}),
    CallState.IN_ROUTE: frozenset({CallState.QUEUED, CallState.RINGING_AGENT,
                                   CallState.TALKING, CallState.ENDED}),
    CallState.QUEUED: frozenset({CallState.RINGING_AGENT, CallState.TALKING,
                                 CallState.IN_ROUTE, CallState.ENDED}),
    CallState.RINGING_AGENT: frozenset({CallState.QUEUED, CallState.TALKING,
                                        CallState.IN_ROUTE, CallState.ENDED}),
    CallState.TALKING: frozenset({CallState.IN_ROUTE, CallState.QUEUED,
                                  CallState.RINGING_AGENT, CallState.ENDED}),
    CallState.ENDED: frozenset(),
}


def device_of(channel: str) -> str:
    """``PJSIP/agent-a-0000001f`` -> ``PJSIP/agent-a`` (the endpoint, not this leg)."""
    name, dash, suffix = channel.rpartition("-")
    return name if dash and len(suffix) == 8 else channel
