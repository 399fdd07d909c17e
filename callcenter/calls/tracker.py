"""Follow inbound calls through AMI events; pure state, no I/O.

A call is keyed by Asterisk's Linkedid: the Uniqueid of the channel that started it. Every
channel that shares the Linkedid (agent legs, Local channels) belongs to the call, and the
call ends when its last channel hangs up. ``apply`` returns what changed, for the recorder.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from callcenter.ami.parser import AmiMessage

CHANNEL_STATE_UP = "6"


class Outcome(enum.StrEnum):
    ANSWERED = "answered"
    MISSED = "missed"


@dataclass(frozen=True)
class CallStarted:
    linkedid: str
    at: datetime
    caller: str
    dialed: str
    channel: str


@dataclass(frozen=True)
class CallAnswered:
    linkedid: str
    at: datetime


@dataclass(frozen=True)
class CallEnded:
    linkedid: str
    at: datetime
    outcome: Outcome
    cause: int
    cause_text: str


CallUpdate = CallStarted | CallAnswered | CallEnded


@dataclass
class _LiveCall:
    linkedid: str
    channels: set[str] = field(default_factory=set)
    answered: bool = False
    cause: int = 0
    cause_text: str = ""


def event_time(event: AmiMessage, now: Callable[[], datetime]) -> datetime:
    """Asterisk's own event time (``timestampevents=yes``), else the time we read it."""
    stamp = event.get("Timestamp")
    if stamp:
        try:
            return datetime.fromtimestamp(float(stamp), tz=UTC)
        except ValueError:
            pass
    return now()


def outcome_of(answered: bool) -> Outcome:
    return Outcome.ANSWERED if answered else Outcome.MISSED


class CallTracker:
    def __init__(
        self, inbound_contexts: frozenset[str], now: Callable[[], datetime]
    ) -> None:
        self._inbound_contexts = inbound_contexts
        self._now = now
        self._calls: dict[str, _LiveCall] = {}

    @property
    def live_linkedids(self) -> frozenset[str]:
        return frozenset(self._calls)

    def apply(self, event: AmiMessage) -> list[CallUpdate]:
        handler = _HANDLERS.get(event.event)
        return handler(self, event) if handler else []

    def resync(self, live_channels: list[AmiMessage],
               unfinished: dict[str, bool]) -> list[CallUpdate]:
        """After (re)connecting: align with what Asterisk has now.

        ``live_channels`` are CoreShowChannel events; ``unfinished`` maps the Linkedid of
        every call the database holds as not yet ended to whether it was answered. A known
        call that still has channels is followed on (and caught up if it was answered in the
        meantime); one with no channel left ended while we were away.
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
                updates.append(CallEnded(linkedid, now, outcome_of(call.answered), call.cause,
                                         call.cause_text or "ended while AMI was disconnected"))
                continue
            call.channels = {channel.get("Uniqueid") for channel in live}
            self._calls[linkedid] = call
            origin_up = any(channel.get("Uniqueid") == linkedid
                            and channel.get("ChannelState") == CHANNEL_STATE_UP
                            for channel in live)
            if origin_up and not call.answered:
                call.answered = True
                updates.append(CallAnswered(linkedid, now))
        return updates

    def _newchannel(self, event: AmiMessage) -> list[CallUpdate]:
        linkedid = event.get("Linkedid") or event.get("Uniqueid")
        uniqueid = event.get("Uniqueid")
        call = self._calls.get(linkedid)
        if call is not None:
            call.channels.add(uniqueid)
            return []
        if uniqueid != linkedid or event.get("Context") not in self._inbound_contexts:
            return []
        self._calls[linkedid] = _LiveCall(linkedid, {uniqueid})
        return [
            CallStarted(linkedid, event_time(event, self._now), event.get("CallerIDNum"),
                        event.get("Exten"), event.get("Channel"))
        ]

    def _newstate(self, event: AmiMessage) -> list[CallUpdate]:
        call = self._calls.get(event.get("Linkedid"))
        if call is None or call.answered or event.get("ChannelState") != CHANNEL_STATE_UP:
            return []
        if event.get("Uniqueid") != call.linkedid:
            return []
        call.answered = True
        return [CallAnswered(call.linkedid, event_time(event, self._now))]

    def _hangup(self, event: AmiMessage) -> list[CallUpdate]:
        call = self._calls.get(event.get("Linkedid"))
        if call is None:
            return []
        uniqueid = event.get("Uniqueid")
        call.channels.discard(uniqueid)
        if uniqueid == call.linkedid:
            call.cause = _int(event.get("Cause"))
            call.cause_text = event.get("Cause-txt")
        if call.channels:
            return []
        del self._calls[call.linkedid]
        return [
            CallEnded(call.linkedid, event_time(event, self._now), outcome_of(call.answered),
                      call.cause, call.cause_text)
        ]


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


_HANDLERS: dict[str, Callable[[CallTracker, AmiMessage], list[CallUpdate]]] = {
    "Newchannel": CallTracker._newchannel,
    "Newstate": CallTracker._newstate,
    "Hangup": CallTracker._hangup,
}
