"""The serial writer's batching and retry rules, with a Clock and a same-thread pool."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError, OperationalError
from twisted.internet.task import Clock
from twisted.python.failure import Failure

from ringdesk.core.health import HealthBoard
from ringdesk.writer import SerialWriter


class ManualPool:
    """Runs thread jobs when the test says so, to see what gets batched together."""

    def __init__(self) -> None:
        self.jobs: list = []

    def callInThreadWithCallback(self, on_result, function, *args, **kwargs):  # noqa: N802
        self.jobs.append((on_result, function, args, kwargs))

    def run_all(self) -> None:
        while self.jobs:
            on_result, function, args, kwargs = self.jobs.pop(0)
            try:
                result = function(*args, **kwargs)
            except Exception as error:  # noqa: BLE001
                on_result(False, Failure(error))
            else:
                on_result(True, result)

    def start(self) -> None: ...
    def stop(self) -> None: ...


class ClockReactor(Clock):
    def callFromThread(self, function, *args, **kwargs):  # noqa: N802
        function(*args, **kwargs)


def make(apply_batch):
    reactor, health, pool = ClockReactor(), HealthBoard(), ManualPool()
    return SerialWriter(reactor, health, apply_batch, pool=pool), reactor, health, pool


def test_updates_queued_during_a_commit_go_in_the_next_batch():
    batches: list[list[str]] = []
    writer, _, _, pool = make(batches.append)
    first = writer.submit("a")
    writer.submit("b")
    writer.submit("c")
    pool.run_all()
    assert batches == [["a"], ["b", "c"]]
    assert first.called and writer.backlog == 0


def test_writes_wait_out_a_database_outage_in_order():
    written: list[str] = []
    outage = {"left": 2}

    def apply_batch(items: list[str]) -> None:
        if outage["left"]:
            outage["left"] -= 1
            raise OperationalError("INSERT", {}, Exception("attempt to write a readonly database"))
        written.extend(items)

    writer, reactor, health, pool = make(apply_batch)
    writer.submit("first")
    writer.submit("second")
    pool.run_all()
    assert written == [] and health.snapshot()["db"].status == "down"
    assert "readonly" in health.snapshot()["db"].detail
    assert writer.backlog == 2
    reactor.advance(0.5)
    pool.run_all()
    reactor.advance(1.0)
    pool.run_all()
    assert written == ["first", "second"]
    assert health.snapshot()["db"].status == "ok"


def test_a_bad_update_is_isolated_logged_and_skipped():
    written: list[str] = []

    def apply_batch(items: list[str]) -> None:
        if "bad" in items:
            raise IntegrityError("INSERT", {}, Exception("duplicate"))
        written.extend(items)

    writer, _, _, pool = make(apply_batch)
    failures: list[object] = []
    writer.submit("warm-up")
    writer.submit("one")
    writer.submit("bad").addErrback(failures.append)
    writer.submit("two")
    pool.run_all()
    assert written == ["warm-up", "one", "two"]
    assert len(failures) == 1


def test_drained_fires_after_earlier_writes():
    batches: list[list[str]] = []
    writer, _, _, pool = make(batches.append)
    writer.submit("a")
    drained = writer.drained()
    assert not drained.called
    pool.run_all()
    assert drained.called and batches == [["a"]]
