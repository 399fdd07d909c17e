"""One timer shows the path of every call kept waiting, each once it has waited long enough."""

from datetime import UTC, datetime

from twisted.internet.task import Clock

from ringdesk.ivr.call import CallIdentity, PathJournal, WaitingPaths
from ringdesk.routes.engine import Step, step_dicts

AT = datetime(2026, 11, 23, 10, tzinfo=UTC)


def journal_for(linkedid: str, written: list[tuple[str, list[str]]]) -> PathJournal:
    def record(call, steps, version_id) -> None:
        written.append((call.linkedid, [step["node"] for step in step_dicts(steps)]))

    journal = PathJournal(CallIdentity(linkedid, "4930120000", "+4915112345678"), record,
                          AT.timestamp)
    journal.note_steps([Step("menu", "ivr_menu", "1")], [AT.timestamp()])
    return journal


def one_second_wait() -> tuple[Clock, list[tuple[str, list[str]]], WaitingPaths]:
    """A clock, what gets written, and calls shown after one second of waiting."""
    clock = Clock()
    return clock, [], WaitingPaths(clock, 1.0)


def test_each_waiting_call_is_shown_after_its_own_wait_with_one_timer():
    clock, written, waiting = one_second_wait()
    first, second = journal_for("1.1", written), journal_for("1.2", written)
    waiting.start(first)
    clock.advance(0.4)
    waiting.start(second)
    assert len(clock.getDelayedCalls()) == 1
    clock.advance(0.6)
    assert written == [("1.1", ["menu"])]
    assert len(clock.getDelayedCalls()) == 1  # now for the second call
    clock.advance(0.3)
    assert written == [("1.1", ["menu"])]
    clock.advance(0.1)
    assert written == [("1.1", ["menu"]), ("1.2", ["menu"])]
    assert not clock.getDelayedCalls() and len(waiting) == 0


def test_a_call_that_stops_waiting_in_time_is_not_written_early():
    clock, written, waiting = one_second_wait()
    journal = journal_for("2.1", written)
    waiting.start(journal)
    clock.advance(0.5)
    waiting.stop(journal)
    clock.advance(5)
    assert written == []
    assert not clock.getDelayedCalls()


def test_waiting_again_counts_from_the_new_start():
    clock, written, waiting = one_second_wait()
    journal, other = journal_for("3.1", written), journal_for("3.2", written)
    waiting.start(journal)
    clock.advance(0.2)
    waiting.start(other)
    clock.advance(0.5)
    waiting.stop(journal)
    waiting.start(journal)  # a second long node: its wait starts now, behind the other
    clock.advance(0.3)
    assert written == []  # the first wait would have been due now
    clock.advance(0.2)
    assert written == [("3.2", ["menu"])]
    clock.advance(0.4)
    assert written == [("3.2", ["menu"])]
    clock.advance(0.1)
    assert written == [("3.2", ["menu"]), ("3.1", ["menu"])]
