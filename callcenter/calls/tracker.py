"""Follow inbound calls through AMI events; pure state, no I/O.

A call is keyed by Asterisk's Linkedid: the Uniqueid of the channel that started it. Every
channel that shares the Linkedid (agent legs, Local channels) belongs to the call, and the
call ends when its last channel hangs up. ``apply`` returns what changed, for the recorder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ringdesk.callcenter.ami.parser import AmiMessage
from ringdesk.callcenter.calls.updates import (
    TRANSITIONS,
    AgentAnswered,
    AgentFinished,
    AgentNotAnswered,
    AgentRung,
    CallAnswered,
    CallEnded,
    CallStarted,
    CallState,
    CallTransferred,
    CallUpdate,
    LegEnded,
    LegStarted,
    QueueFinished,
    QueueJoined,
    QueueLeft,
    RecordingStarted,
    device_of,
)

CHANNEL_STATE_UP = "6"


@dataclass
class _LiveCall:
    linkedid: str
    channels: set[str] = field(default_factory=set)
    answered: bool = False
    cause: int = 0
    cause_text: str = ""
    state: CallState = CallState.ARRIVING
    queue: str = ""
    in_queue: bool = False
    abandoned_in: str = ""  # the queue an abandon was reported for, until QUEUESTATUS
    hangup_side: str = ""
    agent: str = ""

    def move(self, state: CallState) -> None:
        """Follow the state machine; an impossible move (events out of order) is ignored."""
        if state is not self.state and state in TRANSITIONS[self.state]:
            self.state = state


def event_time(event: AmiMessage, now: Callable[[], datetime]) -> datetime:
    """Asterisk's own event time (``timestampevents=yes``), else the time we read it."""
    stamp = event.get("Timestamp")
    if stamp:
        try:
            return datetime.fromtimestamp(float(stamp), tz=UTC)
        except ValueError:
            pass
    return now()




class CallTracker:
    def __init__(
        self, inbound_contexts: frozenset[str], now: Callable[[], datetime]
    ) -> None:
        self._inbound_contexts = inbound_contexts
        self._now = now
        self._calls: dict[str, _LiveCall] = {}
        self._expected: set[str] = set()  # Uniqueids ringdesk gave to calls it originates

    @property
    def live_linkedids(self) -> frozenset[str]:
        return frozenset(self._calls)

    def expect(self, uniqueid: str) -> None:
        """Follow the call whose first channel will have this Uniqueid (an Originate's
        ChannelId), whatever context it starts in."""
        self._expected.add(uniqueid)

    def state_of(self, linkedid: str) -> CallState | None:
        call = self._calls.get(linkedid)
        return call.state if call else None

    def apply(self, event: AmiMessage) -> list[CallUpdate]:
        handler = _HANDLERS.get(event.event)
        return handler(self, event) if handler else []

    def resync(self, live_channels: list[AmiMessage], unfinished: dict[str, bool],
               settled: frozenset[str] = frozenset()) -> list[CallUpdate]:
        """After (re)connecting: align with what Asterisk has now.

        ``live_channels`` are CoreShowChannel events; ``unfinished`` maps the Linkedid of
        every call the database holds as not yet ended to whether it was answered. A known
        call that still has channels is followed on (and caught up if it was answered in the
        meantime); one with no channel left ended while we were away (``settled``: its
        end is already known, e.g. from Asterisk's CDRs).
        """
        channels: dict[str, list[AmiMessage]] = {}
        for channel in live_channels:
            channels.setdefault(channel.get("Linkedid"), []).append(channel)
        updates: list[CallUpdate] = []
        now = self._now()
        for linkedid in sorted(set(self._calls) | set(unfinished)):
            call = self._calls.get(linkedid) or _LiveCall(
                linkedid, answered=unfinished.get(linkedid, False))
            live = channels.get(linkedid, [])
            if not live:
                self._calls.pop(linkedid, None)
                if linkedid in settled:
                    continue
                updates.append(CallEnded(linkedid, now, call.cause,
                                         call.cause_text or "ended while AMI was disconnected"))
                continue
            call.channels = {channel.get("Uniqueid") for channel in live}
            self._calls[linkedid] = call
            for channel in live:
                up = channel.get("ChannelState") == CHANNEL_STATE_UP
                if channel.get("Uniqueid") == linkedid:
                    if up and not call.answered:
                        call.answered = True
                        call.move(CallState.IN_ROUTE)
                        updates.append(CallAnswered(linkedid, now))
                elif up and channel.get("BridgeId") and not call.agent:
                    # An agent leg talking to the caller: answered while we were away.
                    call.agent = device_of(channel.get("Channel"))
                    call.move(CallState.TALKING)
                    updates.append(AgentAnswered(linkedid, now, call.agent, call.queue, None))
        return updates

    def _call_of(self, event: AmiMessage) -> _LiveCall | None:
        return self._calls.get(event.get("Linkedid"))

    def _newchannel(self, event: AmiMessage) -> list[CallUpdate]:
        linkedid = event.get("Linkedid") or event.get("Uniqueid")
        uniqueid = event.get("Uniqueid")
        call = self._calls.get(linkedid)
        if call is not None:
            if uniqueid in call.channels:
                return []
            call.channels.add(uniqueid)
            return [LegStarted(linkedid, event_time(event, self._now), uniqueid,
                               event.get("Channel"))]
        expected = uniqueid in self._expected
        if uniqueid != linkedid or not (expected or
                                        event.get("Context") in self._inbound_contexts):
            return []
        self._expected.discard(uniqueid)
        self._calls[linkedid] = _LiveCall(linkedid, {uniqueid})
        return [
            CallStarted(linkedid, event_time(event, self._now), event.get("CallerIDNum"),
                        event.get("Exten"), event.get("Channel"))
        ]

    def _newstate(self, event: AmiMessage) -> list[CallUpdate]:
        call = self._call_of(event)
        if call is None or call.answered or event.get("ChannelState") != CHANNEL_STATE_UP:
            return []
        if event.get("Uniqueid") != call.linkedid:
            return []
        call.answered = True
        call.move(CallState.IN_ROUTE)
        return [CallAnswered(call.linkedid, event_time(event, self._now))]

    def _queue_join(self, event: AmiMessage) -> list[CallUpdate]:
        call = self._call_of(event)
        if call is None:
            return []
        call.queue = event.get("Queue")
        call.in_queue = True
        call.abandoned_in = ""
        call.move(CallState.QUEUED)
        return [QueueJoined(call.linkedid, event_time(event, self._now), call.queue,
                            _int(event.get("Position")))]

    def _queue_abandon(self, event: AmiMessage) -> list[CallUpdate]:
        call = self._call_of(event)
        if call is not None:
            call.abandoned_in = event.get("Queue")
        return []

    def _queue_leave(self, event: AmiMessage) -> list[CallUpdate]:
        call = self._call_of(event)
        if call is None:
            return []
        queue = event.get("Queue")
        call.in_queue = False
        abandoned = call.abandoned_in == queue
        if call.state is CallState.QUEUED:  # when ringing, the agent is picking up
            call.move(CallState.IN_ROUTE)
        return [QueueLeft(call.linkedid, event_time(event, self._now), queue,
                          _int(event.get("Position")), abandoned,
                          _optional_int(event.get("HoldTime")))]

    def _varset(self, event: AmiMessage) -> list[CallUpdate]:
        variable = event.get("Variable")
        if variable not in _WATCHED_VARIABLES:
            return []
        call = self._call_of(event)
        if call is None:
            return []
        at, value = event_time(event, self._now), event.get("Value")
        if variable == "MIXMONITOR_FILENAME" and value:
            return [RecordingStarted(call.linkedid, at, value)]
        if variable == "QUEUESTATUS" and event.get("Uniqueid") == call.linkedid and value:
            call.abandoned_in = ""
            return [QueueFinished(call.linkedid, at, value)]
        return []

    def _agent_called(self, event: AmiMessage) -> list[CallUpdate]:
        call = self._call_of(event)
        if call is None:
            return []
        call.move(CallState.RINGING_AGENT)
        return [AgentRung(call.linkedid, event_time(event, self._now), _agent(event),
                          event.get("Queue"))]

    def _agent_ring_no_answer(self, event: AmiMessage) -> list[CallUpdate]:
        call = self._call_of(event)
        if call is None:
            return []
        call.move(CallState.QUEUED)
        ring = _optional_int(event.get("RingTime"))
        return [AgentNotAnswered(call.linkedid, event_time(event, self._now), _agent(event),
                                 "NOANSWER", ring)]

    def _agent_connect(self, event: AmiMessage) -> list[CallUpdate]:
        call = self._call_of(event)
        if call is None:
            return []
        call.agent = _agent(event)
        call.move(CallState.TALKING)
        return [AgentAnswered(call.linkedid, event_time(event, self._now), call.agent,
                              event.get("Queue"), _optional_int(event.get("HoldTime")))]

    def _agent_complete(self, event: AmiMessage) -> list[CallUpdate]:
        call = self._call_of(event)
        if call is None:
            return []
        reason = event.get("Reason")
        if reason in ("caller", "agent"):
            call.hangup_side = reason
        return [AgentFinished(call.linkedid, event_time(event, self._now), _agent(event),
                              _optional_int(event.get("TalkTime")), reason)]

    def _dial_begin(self, event: AmiMessage) -> list[CallUpdate]:
        call = self._call_of(event)
        if call is None or call.in_queue or not event.get("DestChannel"):
            return []  # a queue's own dials are reported by AgentCalled and AgentConnect
        call.move(CallState.RINGING_AGENT)
        return [AgentRung(call.linkedid, event_time(event, self._now),
                          device_of(event.get("DestChannel")), "")]

    def _dial_end(self, event: AmiMessage) -> list[CallUpdate]:
        call = self._call_of(event)
        if call is None or call.in_queue or not event.get("DestChannel"):
            return []
        at, agent = event_time(event, self._now), device_of(event.get("DestChannel"))
        if event.get("DialStatus") == "ANSWER":
            call.agent = agent
            call.move(CallState.TALKING)
            return [AgentAnswered(call.linkedid, at, agent, "", None)]
        call.move(CallState.IN_ROUTE)
        return [AgentNotAnswered(call.linkedid, at, agent, event.get("DialStatus"), None)]

    def _transfer(self, event: AmiMessage) -> list[CallUpdate]:
        linkedid = event.get("TransfererLinkedid") or event.get("OrigTransfererLinkedid")
        call = self._calls.get(linkedid)
        if call is None:
            return []
        if event.event == "BlindTransfer":
            kind, target = "blind", event.get("Extension")
        else:
            kind = "attended"
            target = (event.get("SecondTransfererConnectedLineNum")
                      or event.get("TransferTargetChannel"))
        call.hangup_side = "transfer"
        return [CallTransferred(call.linkedid, event_time(event, self._now), kind, target)]

    def _hangup(self, event: AmiMessage) -> list[CallUpdate]:
        call = self._call_of(event)
        if call is None:
            return []
        at = event_time(event, self._now)
        uniqueid = event.get("Uniqueid")
        call.channels.discard(uniqueid)
        if call.state is CallState.TALKING and not call.hangup_side:
            # The first side to hang up ended the conversation.
            call.hangup_side = "caller" if uniqueid == call.linkedid else "agent"
        if uniqueid == call.linkedid:
            call.cause = _int(event.get("Cause"))
            call.cause_text = event.get("Cause-txt")
        updates: list[CallUpdate] = []
        if uniqueid != call.linkedid:
            updates.append(LegEnded(call.linkedid, at, uniqueid, _int(event.get("Cause"))))
        if call.channels:
            return updates
        del self._calls[call.linkedid]
        call.move(CallState.ENDED)
        updates.append(CallEnded(call.linkedid, at, call.cause, call.cause_text,
                                 call.hangup_side))
        return updates


def _agent(event: AmiMessage) -> str:
    return event.get("Interface") or device_of(event.get("DestChannel"))


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


def _optional_int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


_WATCHED_VARIABLES = frozenset({"MIXMONITOR_FILENAME", "QUEUESTATUS"})

_HANDLERS: dict[str, Callable[[CallTracker, AmiMessage], list[CallUpdate]]] = {
    "Newchannel": CallTracker._newchannel,
    "Newstate": CallTracker._newstate,
    "Hangup": CallTracker._hangup,
    "QueueCallerJoin": CallTracker._queue_join,
    "QueueCallerAbandon": CallTracker._queue_abandon,
    "QueueCallerLeave": CallTracker._queue_leave,
    "VarSet": CallTracker._varset,
    "AgentCalled": CallTracker._agent_called,
    "AgentRingNoAnswer": CallTracker._agent_ring_no_answer,
    "AgentConnect": CallTracker._agent_connect,
    "AgentComplete": CallTracker._agent_complete,
    "DialBegin": CallTracker._dial_begin,
    "DialEnd": CallTracker._dial_end,
    "BlindTransfer": CallTracker._transfer,
    "AttendedTransfer": CallTracker._transfer,
}
