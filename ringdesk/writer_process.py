"""The call recorder in a process of its own, so writing a call costs its FastAGI server nothing.

Opening a call's ticket (customer, queue, number, SLA, timeline) is milliseconds of Python.
Run in a thread of the server, it competes with call control for the interpreter lock: every
call in flight waits while a batch is written. Here the serial writer's thread hands each
batch to a child process over a pipe and waits for its verdict, so the batching, ordering,
retry and isolation rules of ringdesk/writer.py stay exactly as they are.

Updates travel pickled (a call's path marshalled, see ``encode_update``): the server is
the only one who writes to the pipe, and it owns the child. The child is started with
``spawn`` (forking a threaded Twisted process is unsafe). If it dies, the batch it held is
reported as retryable and a new child writes it again: updates are idempotent. The child
ends when the server closes the pipe, even if the server is killed, and ignores Ctrl-C and
SIGTERM so it can finish what the server still sends while stopping.
"""

from __future__ import annotations

import contextlib
import marshal
import multiprocessing
import pickle
import signal
from multiprocessing.connection import Connection
from typing import Any

from twisted.logger import Logger

from ringdesk.callcenter.calls.merge import PathSteps
from ringdesk.callcenter.calls.outcome import CallTicketPolicy
from ringdesk.heap import freeze_startup_heap
from ringdesk.writer import WriteRejected, WriteRetryable, retryable_error

RETRY, REJECTED, OK = "retry", "rejected", "ok"
STOP_SECONDS = 30.0


# A call's path is most of what the server sends (one per call, made of plain values):
# marshal carries it in a third of pickle's time. Everything else is pickled.
_MARSHALLED_PATH, _PICKLED = b"M", b"P"


def encode_update(update: Any) -> bytes:
    if type(update) is PathSteps:
        try:
            return _MARSHALLED_PATH + marshal.dumps(
                (update.linkedid, update.steps, update.caller, update.dialed,
                 update.route_version_id))
        except ValueError:  # a value marshal does not know: pickle knows more
            pass
    return _PICKLED + pickle.dumps(update, protocol=pickle.HIGHEST_PROTOCOL)


def decode_update(encoded: bytes) -> Any:
    kind, body = encoded[:1], memoryview(encoded)[1:]
    if kind == _MARSHALLED_PATH:
        return PathSteps(*marshal.loads(body))
    if kind == _PICKLED:
        return pickle.loads(body)
    raise ValueError(f"not an encoded update: {encoded[:20]!r}")


def describe_update(encoded: bytes) -> str:
    """An update as the log shows it when it cannot be written."""
    try:
        return repr(decode_update(encoded))
    except Exception:  # noqa: BLE001 - the log line must still be written
        return repr(encoded[:500])


def run_recorder(connection: Connection, database_url: str, default_region: str,
                 policy: CallTicketPolicy) -> None:
    """The child's loop: one batch in, one verdict out, until the pipe closes."""
    # Ctrl-C or a service manager's SIGTERM reach the whole process group: the server
    # drains its queue into this child before it stops, then closes the pipe.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    from ringdesk.callcenter.calls.recorder import CallRecorder
    from ringdesk.core.db import make_engine, make_sessionmaker
    from ringdesk.helpdesk.calls.tickets import CallTicketDesk

    engine = make_engine(database_url)
    recorder = CallRecorder(make_sessionmaker(engine), default_region, CallTicketDesk, policy)
    # A batch of calls allocates thousands of objects; without this, the collector's passes
    # over the ORM's start-up heap took 40 % of the time a call's record is written.
    freeze_startup_heap()
    try:
        while True:
            try:
                batch = connection.recv()
            except (EOFError, OSError):
                return
            if batch is None:
                return
            try:
                recorder.apply_batch([decode_update(encoded) for encoded in batch])
            except Exception as error:  # noqa: BLE001 - the server decides what happens next
                verdict = RETRY if retryable_error(error) else REJECTED
                connection.send((verdict, f"{type(error).__name__}: {error}"[:2000]))
            else:
                connection.send((OK, ""))
    finally:
        engine.dispose()


class RecorderProcess:
    """``apply_batch`` for the serial writer, carried out by a child process.

    Called from the writer's single thread only, so one batch is in the pipe at a time.
    """

    log = Logger()

    def __init__(self, database_url: str, default_region: str,
                 policy: CallTicketPolicy) -> None:
        self._args = (database_url, default_region, policy)
        self._context = multiprocessing.get_context("spawn")
        self._process: Any = None
        self._connection: Connection | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(target=run_recorder, args=(theirs, *self._args),
                                        name="ringdesk-recorder", daemon=True)
        process.start()
        theirs.close()  # only the child holds its end: its exit shows here as EOF
        self._process, self._connection = process, ours

    def stop(self) -> None:
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if process is None or connection is None:
            return
        with contextlib.suppress(OSError):
            connection.send(None)
        process.join(STOP_SECONDS)
        if process.is_alive():
            process.kill()
            process.join(5)
        connection.close()

    def apply_batch(self, updates: list[bytes]) -> None:
        """Write encoded updates (``encode_update``) in one transaction, in order."""
        if self._connection is None or not self._process.is_alive():
            self._restart("the recorder process is not running")
        assert self._connection is not None
        try:
            self._connection.send(updates)
            verdict, reason = self._connection.recv()
        except (EOFError, OSError) as error:
            self._restart(f"the recorder process stopped: {error or type(error).__name__}")
            raise WriteRetryable("the recorder process stopped while writing") from error
        if verdict == RETRY:
            raise WriteRetryable(reason)
        if verdict == REJECTED:
            raise WriteRejected(reason)

    def _restart(self, why: str) -> None:
        self.log.warn("recorder_restart reason={reason}", reason=why)
        if self._process is not None:
            self._process.kill()
            self._process.join(5)
        if self._connection is not None:
            self._connection.close()
        self.start()
