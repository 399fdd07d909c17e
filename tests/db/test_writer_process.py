"""The recorder child process against real databases: writes, verdicts, a killed child."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from ringdesk.callcenter.calls.models import Call
from ringdesk.callcenter.calls.outcome import CallTicketPolicy
from ringdesk.callcenter.calls.recorder import PathSteps
from ringdesk.callcenter.calls.updates import CallEnded, CallStarted
from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.writer import WriteRejected, WriteRetryable, retryable_error
from ringdesk.writer_process import (
    RecorderProcess,
    decode_update,
    describe_update,
    encode_update,
    run_recorder,
)

AT = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture
def recorder(database_url: str) -> Iterator[RecorderProcess]:
    process = RecorderProcess(database_url, "DE", CallTicketPolicy())
    process.start()
    yield process
    process.stop()


def call(linkedid: str) -> list[bytes]:
    return [encode_update(update) for update in (
        CallStarted(linkedid, AT, "+4915112345678", "4930120000", "PJSIP/trunk-1"),
        PathSteps(linkedid, ({"at": AT.isoformat(), "step": "answer"},)),
        CallEnded(linkedid, AT, 16, "Normal Clearing"))]


def stored(database_url: str, linkedid: str) -> Call | None:
    engine = make_engine(database_url)
    try:
        with make_sessionmaker(engine)() as session:
            return session.scalars(select(Call).where(Call.linkedid == linkedid)).first()
    finally:
        engine.dispose()


def test_a_batch_is_committed_by_the_child_with_its_ticket(recorder, database_url):
    recorder.apply_batch(call("100.1"))
    row = stored(database_url, "100.1")
    assert row is not None and row.ticket_id is not None
    assert row.path == [{"at": AT.isoformat(), "step": "answer"}]
    assert recorder.pid != os.getpid()


def test_bad_data_is_rejected_and_the_child_goes_on(recorder, database_url):
    unstorable = PathSteps("100.2", ({"at": AT.isoformat(), "odd": {1, 2}},))
    with pytest.raises(WriteRejected, match="JSON serializable"):
        recorder.apply_batch([encode_update(unstorable)])
    recorder.apply_batch(call("100.3"))
    assert stored(database_url, "100.3") is not None
    assert stored(database_url, "100.2") is None


def test_a_killed_child_fails_the_batch_as_retryable_and_a_new_one_writes_it(
        recorder, database_url):
    first = recorder.pid
    assert first is not None
    recorder.apply_batch(call("100.4"))  # the child is up
    batch = call("100.5")
    # The child dies while it holds the batch: stopped first, so the writer sees it alive,
    # sends, and waits for the verdict; then killed. (Killed at once, it may already be
    # gone when the writer looks, and a new child would simply take the batch.)
    os.kill(first, signal.SIGSTOP)
    failures: list[Exception] = []

    def write() -> None:
        try:
            recorder.apply_batch(batch)
        except WriteRetryable as error:
            failures.append(error)

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(0.2)  # the batch is in the pipe
    os.kill(first, signal.SIGKILL)
    writer.join(10)
    assert len(failures) == 1 and retryable_error(failures[0])
    recorder.apply_batch(batch)  # what the serial writer does after its delay
    assert recorder.pid not in (None, first)
    assert stored(database_url, "100.5") is not None


def test_a_database_that_cannot_be_opened_is_worth_a_retry(tmp_path):
    process = RecorderProcess(f"sqlite:///{tmp_path}/missing/dir/db.sqlite3", "DE",
                              CallTicketPolicy())
    process.start()
    try:
        with pytest.raises(WriteRetryable, match="OperationalError"):
            process.apply_batch(call("100.6"))
    finally:
        process.stop()


def test_a_dropped_update_is_shown_readably_in_the_log():
    shown = describe_update(encode_update(CallEnded("100.7", AT, 16, "Normal Clearing")))
    assert shown.startswith("CallEnded(linkedid='100.7'")
    assert describe_update(b"not a pickle").startswith("b'not a pickle'")


def test_a_path_travels_marshalled_and_reads_back_equal():
    path = PathSteps("100.8", ((AT.timestamp(), "menu", "ivr_menu", "1",
                                "caller pressed 1 (Support)",
                                [{"effect": "CollectDigit", "prompt": "p", "digit": "1"}]),
                               {"at": "2026-11-23T10:00:05+00:00", "step": "caller_hung_up"}),
                     "+4915112345678", "4930120000", 7)
    encoded = encode_update(path)
    assert encoded.startswith(b"M")
    assert decode_update(encoded) == path
    odd = PathSteps("100.9", ({"at": AT, "step": "answer"},))  # a datetime: pickled instead
    assert decode_update(encode_update(odd)) == odd
    assert describe_update(encoded).startswith("PathSteps(linkedid='100.8'")


def test_the_child_keeps_its_start_up_heap_out_of_the_collector(database_url):
    # run_recorder itself, in this process: the pipe's far end is closed before it starts,
    # so it sets up, finds the pipe ended and returns.
    ours, theirs = multiprocessing.Pipe()
    ours.close()
    handlers = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    frozen_before = gc.get_freeze_count()
    try:
        run_recorder(theirs, database_url, "DE", CallTicketPolicy())
        assert gc.get_freeze_count() > frozen_before
    finally:
        signal.signal(signal.SIGINT, handlers[0])
        signal.signal(signal.SIGTERM, handlers[1])
        theirs.close()
        if frozen_before == 0:
            gc.unfreeze()
