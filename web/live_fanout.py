"""One live board, many open streams: every change is encoded once, changes are gathered
for a moment and sent to each stream as one write, and a stream that cannot keep up gets
a fresh snapshot when it can instead of a growing backlog.

Agent, queue and call changes each carry the whole row, so within one gathering only the
last change of a row matters (a call's end replaces the call). A flood of AMI events thus
costs each dashboard a bounded number of writes per second, whatever the call rate.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from twisted.internet.interfaces import IDelayedCall, IReactorTime

from ringdesk.callcenter.live.views import EVERYTHING, BoardView, view_message

Message = dict[str, Any]
GATHER_SECONDS = 0.1
DESK_ONLY = "desk_"  # messages on the bus for the desks' stream, never the board's
BACKLOG_LIMIT = 5000  # rows a paused stream keeps before it is sent the whole board instead


def sse(event: str, data: Any) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


def row_key(message: Message) -> tuple[str, str] | None:
    """The board row a change replaces whole, or None for a change that must be kept."""
    kind = message.get("type")
    if kind == "agent":
        return ("agent", str(message["agent"]["endpoint"]))
    if kind == "queue":
        return ("queue", str(message["queue"]["name"]))
    if kind == "call":
        return ("call", str(message["call"]["linkedid"]))
    if kind == "call_ended":
        return ("call", str(message["linkedid"]))
    return None


class Gathered:
    """Changes since the last send, the superseded ones dropped, in the order last seen."""

    def __init__(self) -> None:
        self.pending: dict[object, bytes] = {}
        self._unkeyed: Iterator[int] = itertools.count()

    def add(self, message: Message) -> object:
        key: object = row_key(message) or ("once", next(self._unkeyed))
        self.keep(key, sse(str(message["type"]), message))
        return key

    def keep(self, key: object, encoded: bytes) -> None:
        self.pending.pop(key, None)  # the newer one goes last
        self.pending[key] = encoded

    def take(self) -> bytes:
        batch = b"".join(self.pending.values())
        self.pending.clear()
        return batch

    def __len__(self) -> int:
        return len(self.pending)


@dataclass(frozen=True)
class Batch:
    """One gathering: encoded once, written whole to every stream that keeps up."""

    items: dict[object, bytes]
    data: bytes


def viewed(raw: dict[object, Message], view: BoardView) -> Batch:
    items = {key: sse(str(shown["type"]), shown) for key, message in raw.items()
             if (shown := view_message(message, view)) is not None}
    return Batch(items, b"".join(items.values()))


class Stream(Protocol):
    def write(self, data: bytes) -> None: ...


class Subscriber:
    """One open stream. Registered as its connection's streaming producer: Twisted pauses
    it when the socket's buffer is full. While paused it keeps the latest change of each
    row (bounded by the board's size) and sends them when it can; past ``backlog_limit``
    rows it drops them and sends the whole board instead."""

    def __init__(self, stream: Stream, snapshot: Callable[[], bytes],
                 backlog_limit: int = BACKLOG_LIMIT, view: BoardView = EVERYTHING) -> None:
        self.view = view
        self._stream = stream
        self._snapshot = snapshot
        self._backlog = Gathered()
        self._backlog_limit = backlog_limit
        self.paused = False
        self.stale = False

    def send(self, batch: Batch) -> None:
        if not self.paused:
            self._stream.write(batch.data)
        elif not self.stale:
            for key, encoded in batch.items.items():
                self._backlog.keep(key, encoded)
            if len(self._backlog) > self._backlog_limit:
                self._backlog.take()
                self.stale = True

    def show(self, view: BoardView) -> None:
        """Another view from now on (the person's queues or masking changed): the whole
        board again, as rows already sent may not belong to the new view."""
        self.view = view
        self._backlog.take()
        if self.paused:
            self.stale = True
        else:
            self._stream.write(self._snapshot())

    def pauseProducing(self) -> None:  # noqa: N802 (Twisted's IPushProducer)
        self.paused = True

    def resumeProducing(self) -> None:  # noqa: N802
        self.paused = False
        if self.stale:
            self.stale = False
            self._stream.write(self._snapshot())
        elif len(self._backlog):
            self._stream.write(self._backlog.take())

    def stopProducing(self) -> None:  # noqa: N802
        self.paused = True


class FanOut:
    """Listens to the bus once for all streams."""

    def __init__(self, reactor: IReactorTime, gather_seconds: float = GATHER_SECONDS) -> None:
        self._reactor = reactor
        self._gather_seconds = gather_seconds
        self._gathered = Gathered()
        self._raw: dict[object, Message] = {}  # the gathered changes, for narrower views
        self._subscribers: list[Subscriber] = []
        self._sending: IDelayedCall | None = None

    def __call__(self, message: Message) -> None:
        if str(message.get("type", "")).startswith(DESK_ONLY):
            return  # one person's own (a call, who is on a ticket): web/desk_stream.py
        key = self._gathered.add(message)
        self._raw.pop(key, None)
        self._raw[key] = message
        if self._sending is None:
            self._sending = self._reactor.callLater(self._gather_seconds, self._send)

    def add(self, subscriber: Subscriber) -> Callable[[], None]:
        self._subscribers.append(subscriber)
        return lambda: self._subscribers.remove(subscriber) \
            if subscriber in self._subscribers else None

    def _send(self) -> None:
        self._sending = None
        items = dict(self._gathered.pending)
        batches = {EVERYTHING: Batch(items, self._gathered.take())}
        raw, self._raw = self._raw, {}
        for subscriber in list(self._subscribers):
            if subscriber.view not in batches:  # once per view, not per stream
                batches[subscriber.view] = viewed(raw, subscriber.view)
            subscriber.send(batches[subscriber.view])

    @property
    def streams(self) -> int:
        return len(self._subscribers)
