"""Who is calling whom, and the journal of steps a call takes inside ringdesk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ringdesk.ivr.agi.parser import AgiEnvironment
from ringdesk.routes.engine import Step, StepRecord, iso_time


@dataclass(slots=True, init=False)  # its own __init__: see routes/effects.py
class CallIdentity:
    linkedid: str
    dialed: str
    caller: str

    def __init__(self, linkedid: str, dialed: str, caller: str) -> None:
        self.linkedid = linkedid
        self.dialed = dialed
        self.caller = caller


def identify(environment: AgiEnvironment) -> CallIdentity:
    """The dialplan passes ``linkedid,exten`` as arguments; fall back to the environment."""
    args = environment.arguments
    linkedid = args[0] if args and args[0] else environment.uniqueid
    dialed = args[1] if len(args) > 1 and args[1] else environment.extension
    return CallIdentity(linkedid, dialed, environment.caller_number)


# The journal's entries: route steps as records, other notes (a hang-up...) as dicts.
JournalEntry = dict[str, Any] | StepRecord
PathRecorder = Callable[[CallIdentity, list[JournalEntry], int | None], None]


class PathJournal:
    """The steps a call took, handed to the recorder in few writes.

    Steps are kept until the call is about to wait (ringing, a menu, a queue) or the
    session ends, so a short call costs one database update while a long one shows its
    path early.
    """

    def __init__(self, call: CallIdentity, record: PathRecorder,
                 clock: Callable[[], float]) -> None:
        self._call = call
        self._record = record
        self._clock = clock  # seconds since the epoch
        self._pending: list[JournalEntry] = []
        self.route_version_id: int | None = None

    def note(self, step: dict[str, Any]) -> None:
        self._pending.append({"at": iso_time(self._clock()), **step})

    def note_steps(self, steps: list[Step], decided_at: list[float]) -> None:
        """Steps the route decided since the last note, each with the moment it was
        decided (a menu the caller spent 20 s in is stamped when they pressed the key)."""
        self._pending += [step.as_record(at) for step, at in zip(steps, decided_at,
                                                                 strict=True)]

    def flush(self) -> None:
        if self._pending:
            steps, self._pending = self._pending, []
            self._record(self._call, steps, self.route_version_id)


class ReactorTime(Protocol):
    def seconds(self) -> float: ...

    def callLater(self, delay: float, callable: Callable[[], None]) -> Any: ...  # noqa: N802


class WaitingPaths:
    """Shows the path of a call kept waiting (a queue, ringing) once it has waited ``after``
    seconds, so live views see where the call is; most calls pass such a node quicker
    and cost no early write.

    One timer serves every waiting call: a timer per call would cost each queued call a
    scheduled and a cancelled timer, thousands a second at full load.
    """

    def __init__(self, clock: ReactorTime, after: float) -> None:
        self._clock = clock
        self._after = after
        # Oldest first: a journal is always removed before it is added again.
        self._waiting: dict[PathJournal, float] = {}
        self._timer_set = False

    def __len__(self) -> int:
        return len(self._waiting)

    def start(self, journal: PathJournal) -> None:
        self._waiting.pop(journal, None)
        self._waiting[journal] = self._clock.seconds()
        if not self._timer_set:
            self._timer_set = True
            self._clock.callLater(self._after, self._show)

    def stop(self, journal: PathJournal) -> None:
        self._waiting.pop(journal, None)

    def _show(self) -> None:
        self._timer_set = False
        now = self._clock.seconds()
        for journal, since in list(self._waiting.items()):
            if now - since < self._after:
                break
            del self._waiting[journal]
            journal.flush()
        if self._waiting:
            oldest = next(iter(self._waiting.values()))
            self._timer_set = True
            self._clock.callLater(max(0.0, oldest + self._after - now), self._show)
