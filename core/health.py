"""Component health shared by the server's parts and shown on /healthz.

Each part reports its own state; a change is logged once, so a flapping dependency is
visible in the log without a line per retry.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from twisted.logger import Logger

OK = "ok"
STARTING = "starting"
DOWN = "down"


@dataclass(frozen=True)
class ComponentHealth:
    status: str
    detail: str
    since: datetime


class HealthBoard:
    log = Logger()

    def __init__(self, now: Callable[[], datetime] | None = None) -> None:
        self._now = now or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()  # written from the reactor, read from web threads
        self._components: dict[str, ComponentHealth] = {}

    def report(self, component: str, status: str, detail: str = "") -> None:
        with self._lock:
            current = self._components.get(component)
            if current is not None and (current.status, current.detail) == (status, detail):
                return
            self._components[component] = ComponentHealth(status, detail, self._now())
        level = self.log.info if status == OK else self.log.warn
        level(
            "health component={component} status={status} detail={detail}",
            component=component, status=status, detail=detail,
        )

    def snapshot(self) -> dict[str, ComponentHealth]:
        with self._lock:
            return dict(self._components)
