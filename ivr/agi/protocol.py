"""The FastAGI server protocol: a thin Twisted class over the pure parser.

One connection is one call. The protocol reads the environment, asks its factory for the
session coroutine, and serialises commands (AGI allows one outstanding command at a time).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, cast
from typing import Protocol as TypingProtocol

from twisted.internet import defer, protocol
from twisted.internet.interfaces import IAddress, ITCPTransport
from twisted.logger import Logger
from twisted.python.failure import Failure

from ivr.agi.parser import (
    AgiEnvironment,
    AgiProtocolError,
    AgiReply,
    AgiStreamParser,
    HangupNotice,
    format_command,
    quote_argument,
)


class AgiChannelGone(Exception):
    """The channel hung up (511 or connection closed): the session should end quietly."""


class AgiCommandFailed(Exception):
    def __init__(self, command: str, reply: AgiReply) -> None:
        super().__init__(f"{command!r} failed with {reply.code}: {reply.text}")
        self.reply = reply


class AgiSessionHandler(TypingProtocol):
    def __call__(
        self, channel: AgiChannel, environment: AgiEnvironment
    ) -> Coroutine[Any, Any, None]: ...


class AgiChannel:
    """What a session sees of the call: typed AGI commands returning Deferred replies."""

    def __init__(self, send: Callable[[str, bytes], defer.Deferred[AgiReply]]) -> None:
        self._send = send
        self.hung_up = False

    def command(self, *words: str) -> defer.Deferred[AgiReply]:
        return self._send(words[0], format_command(*words))

    def answer(self) -> defer.Deferred[AgiReply]:
        return self.command("ANSWER")

    def hangup(self) -> defer.Deferred[AgiReply]:
        return self.command("HANGUP")

    def stream_file(self, sound: str, escape_digits: str = "") -> defer.Deferred[AgiReply]:
        return self.command("STREAM", "FILE", sound, quote_argument(escape_digits))

    def set_variable(self, name: str, value: str) -> defer.Deferred[AgiReply]:
        return self.command("SET", "VARIABLE", name, quote_argument(value))

    def get_variable(self, name: str) -> defer.Deferred[AgiReply]:
        return self.command("GET", "VARIABLE", name)

    def exec_app(self, application: str, arguments: str = "") -> defer.Deferred[AgiReply]:
        return self.command("EXEC", application, quote_argument(arguments))


class FastAgiProtocol(protocol.Protocol):
    log = Logger()

    def __init__(self, handler: AgiSessionHandler) -> None:
        self._handler = handler
        self._parser = AgiStreamParser()
        self._pending: defer.Deferred[AgiReply] | None = None
        self._pending_command = ""
        self._channel = AgiChannel(self._send)
        self._session: defer.Deferred[None] | None = None
        self._closed = False

    def dataReceived(self, data: bytes) -> None:  # noqa: N802 (Twisted's interface)
        try:
            messages = self._parser.feed(data)
        except AgiProtocolError as error:
            self.log.warn("agi_garbage peer={peer} error={error}", peer=self._peer(), error=error)
            self._tcp().abortConnection()
            return
        for message in messages:
            if isinstance(message, AgiEnvironment):
                self._start_session(message)
            elif isinstance(message, HangupNotice):
                self._channel.hung_up = True
            else:
                self._deliver(message)

    def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:  # noqa: N802
        self._closed = True
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.errback(AgiChannelGone("connection closed"))

    def _start_session(self, environment: AgiEnvironment) -> None:
        if self._session is not None:
            return
        session: defer.Deferred[None] = defer.ensureDeferred(
            self._handler(self._channel, environment))
        session.addErrback(self._session_failed, environment)
        session.addBoth(self._finish)
        self._session = session

    def _session_failed(self, failure: Failure, environment: AgiEnvironment) -> None:
        if failure.check(AgiChannelGone):  # type: ignore[no-untyped-call]
            return
        self.log.failure(
            "agi_session_failed uniqueid={uniqueid}", failure, uniqueid=environment.uniqueid
        )

    def _finish(self, _: object) -> None:
        if not self._closed:
            self._tcp().loseConnection()

    def _send(self, name: str, line: bytes) -> defer.Deferred[AgiReply]:
        if self._closed:
            return defer.fail(AgiChannelGone("connection closed"))
        if self._pending is not None:
            return defer.fail(RuntimeError("an AGI command is already in flight"))
        self._pending = defer.Deferred()
        self._pending_command = name
        self._tcp().write(line)
        return self._pending

    def _deliver(self, reply: AgiReply) -> None:
        pending, self._pending = self._pending, None
        if pending is None:
            self.log.warn("agi_unexpected_reply reply={reply}", reply=reply.text)
            return
        if reply.code == 200:
            pending.callback(reply)
        elif reply.code == 511:
            self._channel.hung_up = True
            pending.errback(AgiChannelGone(reply.text))
        else:
            pending.errback(AgiCommandFailed(self._pending_command, reply))

    def _peer(self) -> IAddress | None:
        return self._tcp().getPeer() if self.transport else None

    def _tcp(self) -> ITCPTransport:
        return cast(ITCPTransport, self.transport)


class FastAgiFactory(protocol.ServerFactory):
    noisy = False

    def __init__(self, handler: AgiSessionHandler) -> None:
        self.handler = handler

    def buildProtocol(self, addr: IAddress | None) -> FastAgiProtocol:  # noqa: N802
        return FastAgiProtocol(self.handler)
