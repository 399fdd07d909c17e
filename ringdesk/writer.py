"""Serial database writes off the reactor thread, in order, retried while the DB is down.

Call events must reach the database in the order Asterisk sent them and must survive a
database outage, so writes queue here; a failing write is retried (with backoff) before any
later one runs. Writes are idempotent, so a retry after an uncertain commit is safe.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from twisted.internet import defer
from twisted.internet.threads import deferToThreadPool
from twisted.logger import Logger
from twisted.python.failure import Failure
from twisted.python.threadpool import ThreadPool

from ringdesk.health import DOWN, OK, HealthBoard

COMPONENT = "db"


def retry_delay(attempt: int) -> float:
    return min(30.0, 0.5 * 2 ** max(0, attempt - 1))


class SerialWriter:
    log = Logger()

    def __init__(self, reactor: Any, health: HealthBoard, pool: ThreadPool | None = None) -> None:
        self._reactor = reactor  # IReactorTime and IReactorThreads
        self._health = health
        self._pool = pool or ThreadPool(minthreads=1, maxthreads=1, name="ringdesk-db-writer")
        self._queue: deque[tuple[Callable[[], object], str, defer.Deferred[None]]] = deque()
        self._busy = False
        self._attempt = 0

    def start(self) -> None:
        self._pool.start()

    def stop(self) -> None:
        self._pool.stop()

    @property
    def backlog(self) -> int:
        return len(self._queue)  # the write in flight stays at the head until committed

    def submit(self, write: Callable[[], object], what: str) -> defer.Deferred[None]:
        """Queue ``write`` (run in the writer thread); fires once it has been committed."""
        done: defer.Deferred[None] = defer.Deferred()
        self._queue.append((write, what, done))
        self._next()
        return done

    def drained(self) -> defer.Deferred[None]:
        return self.submit(lambda: None, "drain")

    def _next(self) -> None:
        if self._busy or not self._queue:
            return
        self._busy = True
        write, what, _ = self._queue[0]
        result = deferToThreadPool(self._reactor, self._pool, write)
        result.addCallbacks(self._written, self._failed, errbackArgs=(what,))

    def _written(self, _: object) -> None:
        _, _, done = self._queue.popleft()
        if self._attempt:
            self._attempt = 0
        self._health.report(COMPONENT, OK)
        self._busy = False
        done.callback(None)
        self._next()

    def _failed(self, failure: Failure, what: str) -> None:
        if failure.check(DBAPIError) and not failure.check(IntegrityError, DataError):
            # Unreachable, read-only, locked, or a schema not yet migrated: an operator can
            # fix each of these, so hold the write (and every later one) and try again.
            self._attempt += 1
            delay = retry_delay(self._attempt)
            self._health.report(COMPONENT, DOWN, f"write failed, retrying: {failure.value}")
            self.log.warn("db_write_retry what={what} attempt={attempt} in={delay}s",
                          what=what, attempt=self._attempt, delay=delay)
            self._reactor.callLater(delay, self._retry)
            return
        # Bad data or a bug: retrying cannot help. Log the whole operation so nothing is
        # lost silently, and go on with the rest.
        _, _, done = self._queue.popleft()
        self.log.failure("db_write_dropped what={what}", failure, what=what)
        self._busy = False
        done.errback(failure)
        self._next()

    def _retry(self) -> None:
        self._busy = False
        self._next()
