"""The FastAGI server protocol: a thin Twisted class over the pure parser.

One connection is one call. The protocol reads the environment and asks its factory for
the call's *script*: a generator that yields one command line at a time and is sent
Asterisk's reply to it (AGI allows one outstanding command). The conversation itself is
pure (see ivr/agi/script.py); this class only moves bytes and ends the connection when
the script is over. Driving a generator straight from ``dataReceived`` costs a fraction
of a Deferred-and-coroutine round trip per command, which matters at thousands of calls
per second on one core.
"""

from __future__ import annotations

from typing import Any, ClassVar

from twisted.internet import protocol
from twisted.internet.interfaces import IAddress
from twisted.logger import Logger
from twisted.python.failure import Failure

from ringdesk.ivr.agi.parser import AgiEnvironment, AgiProtocolError, AgiReply, AgiStreamParser
from ringdesk.ivr.agi.script import (
    AgiChannelGone,
    AgiCommandFailed,
    AgiScript,
    AgiSessionHandler,
    command_name,
)
from ringdesk.ivr.agi.send import close_now, send_now

__all__ = ["AgiChannelGone", "AgiCommandFailed", "FastAgiFactory", "FastAgiProtocol"]


class FastAgiProtocol(protocol.Protocol):
    log: ClassVar[Logger] = Logger()

    def __init__(self, handler: AgiSessionHandler) -> None:
        self._handler = handler
        self._parser = AgiStreamParser()
        self._script: AgiScript | None = None
        self._in_flight: bytes | None = None  # the command awaiting its reply
        self._uniqueid = ""
        self._closed = False

    def dataReceived(self, data: bytes) -> None:  # noqa: N802 (Twisted's interface)
        try:
            messages = self._parser.feed(data)
        except AgiProtocolError as error:
            self.log.warn("agi_garbage peer={peer} error={error}", peer=self._peer(), error=error)
            self._tcp().abortConnection()
            return
        for message in messages:
            if type(message) is AgiReply:
                self._deliver(message)
            elif type(message) is AgiEnvironment:
                self._start(message)
            # HANGUP notices need nothing: the reply to the next command says 511.

    def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:  # noqa: N802
        self._closed = True
        if self._script is not None and self._in_flight is not None:
            self._in_flight = None
            self._advance(None, AgiChannelGone("connection closed"))
        self._script = None

    def _start(self, environment: AgiEnvironment) -> None:
        if self._script is not None:
            return
        self._uniqueid = environment.uniqueid
        try:
            self._script = self._handler(environment)
        except Exception:  # noqa: BLE001 - a broken handler must not take the server down
            self.log.failure("agi_session_failed uniqueid={uniqueid}", uniqueid=self._uniqueid)
            self._finish()
            return
        self._advance(None, None)

    def _deliver(self, reply: AgiReply) -> None:
        line, self._in_flight = self._in_flight, None
        if line is None or self._script is None:
            self.log.warn("agi_unexpected_reply reply={reply}", reply=reply.text)
        elif reply.code == 200:
            self._advance(reply, None)
        elif reply.code == 511:
            self._advance(None, AgiChannelGone(reply.text))
        else:
            self._advance(None, AgiCommandFailed(command_name(line), reply))

    def _advance(self, reply: AgiReply | None, error: Exception | None) -> None:
        script = self._script
        assert script is not None
        try:
            line = script.send(reply) if error is None else script.throw(error)  # type: ignore[arg-type]
        except StopIteration:
            self._finish()
            return
        except AgiChannelGone:
            self._finish()
            return
        except Exception:  # noqa: BLE001 - logged; the dialplan fallback takes the caller
            self.log.failure("agi_session_failed uniqueid={uniqueid}", uniqueid=self._uniqueid)
            self._finish()
            return
        if self._closed:  # the peer is gone: nothing more can be asked
            script.close()
            return
        self._in_flight = line
        send_now(self.transport, line)

    def _finish(self) -> None:
        self._script = None
        if not self._closed:
            close_now(self.transport)

    def _peer(self) -> str:
        return str(self._tcp().getPeer()) if self.transport else "?"

    def _tcp(self) -> Any:
        """The TCP transport (``ITCPTransport``), untyped: compiled by mypyc without the
        zope.interface plugin, its interface methods would not type-check."""
        return self.transport


class FastAgiFactory(protocol.ServerFactory):
    noisy = False

    def __init__(self, handler: AgiSessionHandler) -> None:
        self.handler = handler

    def buildProtocol(self, addr: IAddress | None) -> FastAgiProtocol:  # noqa: N802
        return FastAgiProtocol(self.handler)
