"""The serial writer's retry rules, with a Clock and a same-thread pool (pure logic)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError, OperationalError
from twisted.internet.task import Clock
from twisted.python.failure import Failure

from ringdesk.health import HealthBoard
from ringdesk.writer import SerialWriter


class SameThreadPool:
    def callInThreadWithCallback(self, on_result, function, *args, **kwargs):  # noqa: N802
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


def test_writes_run_in_order_and_wait_out_a_database_outage():
    reactor, health = ClockReactor(), HealthBoard()
    writer = SerialWriter(reactor, health, pool=SameThreadPool())
    written: list[str] = []
    outage = {"left": 2}

    def write(name: str):
        def run() -> None:
            if outage["left"]:
                outage["left"] -= 1
                raise OperationalError("INSERT", {}, Exception("attempt to write a readonly database"))
            written.append(name)
        return run

    first = writer.submit(write("first"), "first")
    writer.submit(write("second"), "second")
    assert written == [] and health.snapshot()["db"].status == "down"
    assert "readonly" in health.snapshot()["db"].detail
    assert writer.backlog == 2
    reactor.advance(0.5)
    reactor.advance(1.0)
    assert written == ["first", "second"]
    assert health.snapshot()["db"].status == "ok"
    assert first.called


def test_a_write_that_can_never_succeed_is_logged_and_skipped():
    reactor, health = ClockReactor(), HealthBoard()
    writer = SerialWriter(reactor, health, pool=SameThreadPool())
    written: list[str] = []

    def broken() -> None:
        raise IntegrityError("INSERT", {}, Exception("duplicate"))

    failures: list[object] = []
    writer.submit(broken, "broken").addErrback(failures.append)
    writer.submit(lambda: written.append("next"), "next")
    assert len(failures) == 1 and written == ["next"]
