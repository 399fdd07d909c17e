"""The live event bus: in-process by default, Redis pub/sub when processes are split.

Messages are small JSON-able dicts (what the live board changed). Listeners run on the
reactor thread in both cases, so they may touch Twisted objects (an SSE response).
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

from twisted.internet.interfaces import IReactorFromThreads
from twisted.logger import Logger

Message = dict[str, Any]
Listener = Callable[[Message], None]
CHANNEL = "ringdesk:live"

log = Logger()


class EventBus(Protocol):
    def publish(self, message: Message) -> None: ...

    def subscribe(self, listener: Listener) -> Callable[[], None]: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...


class _Listeners:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def deliver(self, message: Message) -> None:
        for listener in list(self._listeners):
            try:
                listener(message)
            except Exception:  # noqa: BLE001 - one broken listener must not stop the rest
                log.failure("live_listener_failed")


class InProcessBus(_Listeners):
    def publish(self, message: Message) -> None:
        self.deliver(message)

    def start(self) -> None: ...

    def stop(self) -> None: ...


class RedisBus(_Listeners):
    """Publishes through Redis, and delivers what any process published (itself included).

    A publisher thread sends queued messages in pipelined batches, so a burst of calls
    never blocks the reactor on Redis; a subscriber thread hands messages to the reactor.
    """

    def __init__(self, reactor: IReactorFromThreads, url: str, channel: str = CHANNEL) -> None:
        super().__init__()
        import redis

        self._reactor = reactor
        self._redis = redis.Redis.from_url(url)
        self._channel = channel
        self._outbox: deque[str] = deque()
        self._wake = threading.Condition()
        self._running = False
        self._threads: list[threading.Thread] = []
        self._pubsub: Any = None

    def publish(self, message: Message) -> None:
        with self._wake:
            self._outbox.append(json.dumps(message, separators=(",", ":")))
            self._wake.notify()

    def start(self) -> None:
        self._running = True
        self._pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        self._pubsub.subscribe(self._channel)
        for target, name in ((self._send, "live-publish"), (self._receive, "live-subscribe")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._running = False
        with self._wake:
            self._wake.notify()
        for thread in self._threads:
            thread.join(timeout=2)
        if self._pubsub is not None:
            self._pubsub.close()
        self._redis.close()

    def _send(self) -> None:
        while self._running:
            with self._wake:
                while self._running and not self._outbox:
                    self._wake.wait(1.0)
                batch = [self._outbox.popleft() for _ in range(min(len(self._outbox), 500))]
            if not batch:
                continue
            try:
                pipe = self._redis.pipeline(transaction=False)
                for item in batch:
                    pipe.publish(self._channel, item)
                pipe.execute()
            except Exception as error:  # noqa: BLE001 - live views miss these; calls go on
                log.warn("live_publish_failed count={count} error={error}",
                         count=len(batch), error=error)

    def _receive(self) -> None:
        while self._running:
            try:
                raw = self._pubsub.get_message(timeout=0.5)
            except Exception as error:  # noqa: BLE001 - Redis restarts: keep trying
                log.warn("live_subscribe_failed error={error}", error=error)
                threading.Event().wait(1.0)
                continue
            if raw is not None and raw.get("type") == "message":
                message = json.loads(raw["data"])
                self._reactor.callFromThread(self.deliver, message)
