"""The AMI client protocol: a thin Twisted class over the pure parser.

Every action owns one Deferred in a map keyed by ActionID. List actions (``EventList:
start``) collect their events until ``EventList: Complete``. A lost connection or a timeout
fails the pending Deferreds, so no caller waits forever.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from twisted.internet import defer, protocol
from twisted.internet.interfaces import IDelayedCall, IReactorTime, ITCPTransport
from twisted.logger import Logger
from twisted.python.failure import Failure

from ringdesk.callcenter.ami.parser import (
    AmiMessage,
    AmiProtocolError,
    format_action,
    parse_banner,
    parse_messages,
)


class AmiDisconnected(Exception):
    pass


class AmiActionTimeout(Exception):
    pass


class AmiActionError(Exception):
    def __init__(self, action: str, response: AmiMessage) -> None:
        super().__init__(f"AMI {action} failed: {response.get('Message') or 'error'}")
        self.response = response


@dataclass
class AmiResult:
    response: AmiMessage
    events: list[AmiMessage] = field(default_factory=list)


@dataclass
class _Pending:
    action: str
    deferred: defer.Deferred[AmiResult]
    timer: IDelayedCall | None
    result: AmiResult | None = None  # set once a list action's first response arrived


_ids = itertools.count(1)


class AmiProtocol(protocol.Protocol):
    log = Logger()

    def __init__(
        self, on_event: Callable[[AmiMessage], None], clock: IReactorTime, action_timeout: float
    ) -> None:
        self._on_event = on_event
        self._clock = clock
        self._action_timeout = action_timeout
        self._buffer = b""
        self.banner: str | None = None
        self.banner_received: defer.Deferred[str] = defer.Deferred()
        self.disconnected: defer.Deferred[None] = defer.Deferred()
        self._pending: dict[str, _Pending] = {}
        self._connected = False

    def connectionMade(self) -> None:  # noqa: N802 (Twisted's interface)
        self._connected = True

    def dataReceived(self, data: bytes) -> None:  # noqa: N802
        self._buffer += data
        try:
            if self.banner is None:
                banner, self._buffer = parse_banner(self._buffer)
                if banner is None:
                    return
                self.banner = banner
                self.banner_received.callback(banner)
            messages, self._buffer = parse_messages(self._buffer)
        except AmiProtocolError as error:
            self.log.error("ami_garbage error={error}; dropping the connection", error=error)
            self._tcp().abortConnection()
            return
        for message in messages:
            self._dispatch(message)

    def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:  # noqa: N802
        self._connected = False
        pending, self._pending = self._pending, {}
        for item in pending.values():
            if item.timer is not None and item.timer.active():
                item.timer.cancel()
            item.deferred.errback(AmiDisconnected(f"connection lost during {item.action}"))
        if not self.banner_received.called:
            self.banner_received.errback(AmiDisconnected("connection lost before the banner"))
        self.disconnected.callback(None)

    def send_action(
        self, action: str, headers: dict[str, str | list[str]] | None = None,
        timeout: float | None = None,
    ) -> defer.Deferred[AmiResult]:
        """Send one action; the Deferred fires with its response (and list events)."""
        if not self._connected:
            return defer.fail(AmiDisconnected(f"not connected; {action} not sent"))
        action_id = f"rd-{next(_ids)}"
        deferred: defer.Deferred[AmiResult] = defer.Deferred()
        delay = self._action_timeout if timeout is None else timeout
        timer = self._clock.callLater(delay, self._expire, action_id) if delay > 0 else None
        self._pending[action_id] = _Pending(action, deferred, timer)
        self._tcp().write(format_action(action, action_id, headers or {}))
        return deferred

    def close(self) -> None:
        if self._connected:
            self._tcp().loseConnection()

    def _tcp(self) -> ITCPTransport:
        return cast(ITCPTransport, self.transport)

    def _dispatch(self, message: AmiMessage) -> None:
        pending = self._pending.get(message.action_id) if message.action_id else None
        if pending is None:
            if message.event:
                self._on_event(message)
            return
        if message.response:
            self._on_response(message.action_id, pending, message)
        elif pending.result is not None:
            if message.get("EventList") == "Complete":
                self._complete(message.action_id, pending.result)
            else:
                pending.result.events.append(message)
        else:
            self._on_event(message)

    def _on_response(self, action_id: str, pending: _Pending, message: AmiMessage) -> None:
        if message.response == "Error":
            self._fail(action_id, AmiActionError(pending.action, message))
        elif message.get("EventList") == "start":
            pending.result = AmiResult(message)
        else:
            self._complete(action_id, AmiResult(message))

    def _complete(self, action_id: str, result: AmiResult) -> None:
        pending = self._pending.pop(action_id)
        if pending.timer is not None and pending.timer.active():
            pending.timer.cancel()
        pending.deferred.callback(result)

    def _fail(self, action_id: str, error: Exception) -> None:
        pending = self._pending.pop(action_id)
        if pending.timer is not None and pending.timer.active():
            pending.timer.cancel()
        pending.deferred.errback(error)

    def _expire(self, action_id: str) -> None:
        pending = self._pending.get(action_id)
        if pending is not None:
            pending.timer = None
            self._fail(action_id, AmiActionTimeout(f"no answer to {pending.action} in time"))
