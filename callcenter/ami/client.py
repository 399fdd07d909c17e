"""A long-lived AMI session: connect, log in, wait for FullyBooted, reconnect with backoff.

The reconnect counter is reset only once a session is ready (logged in and booted), so
wrong credentials back off like an unreachable host instead of hammering Asterisk.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import cast

from twisted.internet import defer, protocol
from twisted.internet.interfaces import IDelayedCall, IReactorTime, IStreamClientEndpoint
from twisted.logger import Logger

from ringdesk.callcenter.ami.parser import AmiMessage
from ringdesk.callcenter.ami.protocol import AmiActionError, AmiDisconnected, AmiProtocol, AmiResult
from ringdesk.core.health import DOWN, OK, STARTING, HealthBoard

COMPONENT = "ami"


def reconnect_delay(attempt: int, initial: float = 0.5, factor: float = 2.0,
                    maximum: float = 30.0) -> float:
    """Seconds to wait before connection attempt number ``attempt`` (1-based)."""
    return min(maximum, initial * factor ** max(0, attempt - 1))


@dataclass(frozen=True)
class AmiCredentials:
    username: str
    secret: str


class AmiLoginFailed(Exception):
    pass


class AmiClient:
    log = Logger()

    def __init__(
        self,
        clock: IReactorTime,
        endpoint: IStreamClientEndpoint,
        credentials: AmiCredentials,
        health: HealthBoard,
        on_event: Callable[[AmiMessage], None],
        on_ready: Callable[[AmiClient], Awaitable[None]],
        action_timeout: float = 10.0,
        max_delay: float = 30.0,
    ) -> None:
        self._clock = clock
        self._endpoint = endpoint
        self._credentials = credentials
        self._health = health
        self._on_event = on_event
        self._on_ready = on_ready
        self._action_timeout = action_timeout
        self._max_delay = max_delay
        self._attempt = 0
        self._protocol: AmiProtocol | None = None
        self._retry: IDelayedCall | None = None
        self._booted: defer.Deferred[None] | None = None
        self._stopped = True
        self.ready = False

    def start(self) -> None:
        self._stopped = False
        self._health.report(COMPONENT, STARTING, "connecting")
        self._connect()

    def stop(self) -> None:
        self._stopped = True
        if self._retry is not None and self._retry.active():
            self._retry.cancel()
        if self._protocol is not None:
            self._protocol.close()

    def send_action(
        self, action: str, headers: dict[str, str | list[str]] | None = None,
        timeout: float | None = None,
    ) -> defer.Deferred[AmiResult]:
        if self._protocol is None or not self.ready:
            return defer.fail(AmiDisconnected(f"AMI not ready; {action} not sent"))
        return self._protocol.send_action(action, headers, timeout)

    def _connect(self) -> None:
        self._retry = None
        self._attempt += 1
        defer.ensureDeferred(self._session()).addErrback(
            lambda failure: self.log.failure("ami_session_crashed", failure)
        )

    async def _session(self) -> None:
        factory = protocol.Factory.forProtocol(
            lambda: AmiProtocol(self._event, self._clock, self._action_timeout)
        )
        factory.noisy = False  # a reconnect loop would log two lines per attempt
        try:
            ami = cast(AmiProtocol, await self._endpoint.connect(factory))
        except Exception as error:  # noqa: BLE001 - any connect failure means "retry later"
            self._health.report(COMPONENT, DOWN, f"cannot connect: {error}")
            self._schedule_reconnect()
            return
        self._protocol = ami
        ami.disconnected.addCallback(self._lost)
        try:
            await ami.banner_received
            # Asterisk may send FullyBooted in the same read as the login response.
            booted: defer.Deferred[None] = defer.Deferred()
            self._booted = booted
            await self._login(ami)
            self._health.report(COMPONENT, STARTING, "logged in, waiting for FullyBooted")
            await booted
        except AmiLoginFailed as error:
            self._booted = None
            self._health.report(COMPONENT, DOWN, str(error))
            ami.close()
            return
        except Exception as error:  # noqa: BLE001 - lost mid-handshake; _lost reconnects
            self.log.info("ami_handshake_interrupted error={error}", error=error)
            return
        self.ready = True
        self._attempt = 0
        self._health.report(COMPONENT, OK, f"connected to {ami.banner}")
        try:
            await self._on_ready(self)
        except Exception:  # noqa: BLE001 - a failing resync must not kill the session
            self.log.failure("ami_on_ready_failed")

    async def _login(self, ami: AmiProtocol) -> None:
        try:
            await ami.send_action(
                "Login",
                {"Username": self._credentials.username, "Secret": self._credentials.secret,
                 "Events": "on"},
            )
        except AmiActionError as error:
            message = error.response.get("Message") or "rejected"
            raise AmiLoginFailed(
                f"AMI login as {self._credentials.username!r} failed: {message}; "
                "check ami.username/ami.secret against manager.conf"
            ) from error

    def _event(self, message: AmiMessage) -> None:
        if message.event == "FullyBooted" and self._booted is not None:
            booted, self._booted = self._booted, None
            booted.callback(None)
            return
        try:
            self._on_event(message)
        except Exception:  # noqa: BLE001 - one bad event must not drop the stream
            self.log.failure("ami_event_handler_failed event={event}", event=message.event)

    def _lost(self, _: object) -> None:
        was_ready = self.ready
        self.ready = False
        self._protocol = None
        if self._booted is not None and not self._booted.called:
            booted, self._booted = self._booted, None
            booted.errback(ConnectionError("AMI connection lost before FullyBooted"))
        if self._stopped:
            return
        if was_ready:
            self._health.report(COMPONENT, DOWN, "connection lost; reconnecting")
        self._schedule_reconnect()

    def _schedule_reconnect(self) -> None:
        if self._stopped or self._retry is not None:
            return
        delay = reconnect_delay(self._attempt, maximum=self._max_delay)
        self._retry = self._clock.callLater(delay, self._connect)
