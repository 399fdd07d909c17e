"""Serial database writes off the reactor thread: in order, batched, retried while the DB is down.

Call events must reach the database in the order Asterisk sent them and must survive a
database outage, so they queue here. Whatever has queued up while one transaction ran is
written by the next as one batch (group commit): a burst of calls costs a few commits,
not one per event. A batch that fails for a reason an operator can fix (database down,
read-only, locked) is retried with backoff before anything later runs; a batch that fails
on bad data is split so that only the offending update is logged and skipped. Updates are
idempotent, so a retry after an uncertain commit is safe.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from twisted.internet import defer
from twisted.internet.interfaces import IReactorFromThreads, IReactorTime
from twisted.internet.threads import deferToThreadPool
from twisted.logger import Logger
from twisted.python.failure import Failure
from twisted.python.threadpool import ThreadPool

from ringdesk.core.health import DOWN, OK, HealthBoard

COMPONENT = "db"
MAX_BATCH = 500
Item = TypeVar("Item")
# An update (None marks a drain request) and whoever waits for its commit, if anyone.
Entry = tuple[Item | None, "defer.Deferred[None] | None"]


def retry_delay(attempt: int) -> float:
    return float(min(30.0, 0.5 * 2 ** max(0, attempt - 1)))


class WriteRetryable(Exception):
    """A batch could not be written for a reason that passes (the recorder restarting)."""


class WriteRejected(Exception):
    """A batch was refused for what is in it: retrying the same data cannot help."""


def retryable_error(error: BaseException) -> bool:
    """Database down, read-only or locked: worth waiting for. Bad data or a bug: not."""
    if isinstance(error, WriteRetryable):
        return True
    return isinstance(error, DBAPIError) and not isinstance(error, IntegrityError | DataError)


def is_retryable(failure: Failure) -> bool:
    return failure.value is not None and retryable_error(failure.value)


class WriterReactor(IReactorTime, IReactorFromThreads):
    """A reactor with a clock (the linger) that threads can call back into (the batches)."""


class SerialWriter(Generic[Item]):
    log = Logger()

    def __init__(self, reactor: WriterReactor, health: HealthBoard,
                 apply_batch: Callable[[list[Item]], None],
                 pool: ThreadPool | None = None, linger: float = 0.0,
                 describe: Callable[[Item], str] = repr) -> None:
        self._reactor = reactor  # IReactorTime and IReactorThreads
        # Waiting a few milliseconds before a commit gathers a trickle of events into one
        # batch: each transaction has a fixed cost that would otherwise come per call.
        self._linger = linger
        self._lingering = False
        self._health = health
        self._apply_batch = apply_batch
        self._describe = describe  # how a dropped update is shown in the log
        self._pool = pool or ThreadPool(minthreads=1, maxthreads=1, name="ringdesk-db-writer")
        self._queue: deque[Entry[Item]] = deque()
        self._in_flight: list[Entry[Item]] = []
        self._attempt = 0

    def start(self) -> None:
        self._pool.start()

    def stop(self) -> None:
        self._pool.stop()

    @property
    def backlog(self) -> int:
        return len(self._queue) + len(self._in_flight)

    def submit(self, item: Item) -> defer.Deferred[None]:
        """Queue ``item``; the Deferred fires once it has been committed."""
        done: defer.Deferred[None] = defer.Deferred()
        self._queue.append((item, done))
        self._next()
        return done

    def post(self, item: Item) -> None:
        """Queue ``item`` with nobody waiting for it (failures are logged here)."""
        self._queue.append((item, None))
        self._next()

    def drained(self) -> defer.Deferred[None]:
        """Fires once everything submitted so far has been committed."""
        done: defer.Deferred[None] = defer.Deferred()
        self._queue.append((None, done))
        self._next()
        return done

    def _next(self) -> None:
        if self._in_flight or not self._queue or self._lingering:
            return
        if self._linger > 0 and len(self._queue) < MAX_BATCH:
            self._lingering = True
            self._reactor.callLater(self._linger, self._linger_over)
            return
        self._take_batch()

    def _linger_over(self) -> None:
        self._lingering = False
        if not self._in_flight and self._queue:
            self._take_batch()

    def _take_batch(self) -> None:
        while self._queue and len(self._in_flight) < MAX_BATCH:
            self._in_flight.append(self._queue.popleft())
        self._run(self._in_flight)

    def _run(self, batch: list[Entry[Item]]) -> None:
        items = [item for item, _ in batch if item is not None]
        if not items:  # only drain markers: nothing to write
            self._written(None)
            return
        result = deferToThreadPool(self._reactor, self._pool, self._apply_batch, items)
        result.addCallbacks(self._written, self._failed)

    def _written(self, _: object) -> None:
        batch, self._in_flight = self._in_flight, []
        self._attempt = 0
        self._health.report(COMPONENT, OK)
        for _, done in batch:
            if done is not None:
                done.callback(None)
        self._next()

    def _failed(self, failure: Failure) -> None:
        if is_retryable(failure):
            self._attempt += 1
            delay = retry_delay(self._attempt)
            self._health.report(COMPONENT, DOWN, f"write failed, retrying: {failure.value}")
            self.log.warn("db_write_retry pending={pending} attempt={attempt} in={delay}s",
                          pending=self.backlog, attempt=self._attempt, delay=delay)
            self._reactor.callLater(delay, self._run, self._in_flight)
            return
        batch, self._in_flight = self._in_flight, []
        if len(batch) > 1:
            # Find the bad update: put the batch back as single writes, in order.
            for entry in reversed(batch):
                self._queue.appendleft(entry)
            self._isolate(len(batch))
            return
        # One update that can never be written (bad data or a bug): log all of it, go on.
        item, done = batch[0]
        self.log.failure("db_write_dropped update={update}", failure,
                         update=self._show(item))
        if done is not None:
            done.errback(failure)
        self._next()

    def _isolate(self, count: int) -> None:
        """Write the next ``count`` queued updates one per transaction."""
        if count == 0:
            self._next()
            return
        self._in_flight = [self._queue.popleft()]
        items = [item for item, _ in self._in_flight if item is not None]
        result = deferToThreadPool(self._reactor, self._pool, self._apply_batch, items)

        def written(_: object) -> None:
            _, done = self._in_flight.pop()
            if done is not None:
                done.callback(None)
            self._isolate(count - 1)

        def failed(failure: Failure) -> None:
            if is_retryable(failure):
                self._failed(failure)  # the outage path retries and then batches again
                return
            item, done = self._in_flight.pop()
            self.log.failure("db_write_dropped update={update}", failure,
                             update=self._show(item))
            if done is not None:
                done.errback(failure)
            self._isolate(count - 1)

        result.addCallbacks(written, failed)

    def _show(self, item: Item | None) -> str:
        return "(drain marker)" if item is None else self._describe(item)
