"""Who is calling whom, and the journal of steps a call takes inside ringdesk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ivr.agi.parser import AgiEnvironment
from routes.engine import Step


@dataclass(frozen=True)
class CallIdentity:
    linkedid: str
    dialed: str
    caller: str


def identify(environment: AgiEnvironment) -> CallIdentity:
    """The dialplan passes ``linkedid,exten`` as arguments; fall back to the environment."""
    args = environment.arguments
    linkedid = args[0] if args and args[0] else environment.uniqueid
    dialed = args[1] if len(args) > 1 and args[1] else environment.extension
    return CallIdentity(linkedid, dialed, environment.caller_number)


PathRecorder = Callable[[CallIdentity, list[dict[str, Any]], int | None], None]


class PathJournal:
    """The steps a call took, handed to the recorder in few writes.

    Steps are kept until the call is about to wait (ringing, a menu, a queue) or the
    session ends, so a short call costs one database update while a long one shows its
    path early.
    """

    def __init__(self, call: CallIdentity, record: PathRecorder,
                 now: Callable[[], datetime]) -> None:
        self._call = call
        self._record = record
        self._now = now
        self._pending: list[dict[str, Any]] = []
        self.route_version_id: int | None = None

    def note(self, step: dict[str, Any]) -> None:
        self._pending.append({"at": self._now().isoformat(), **step})

    def note_steps(self, steps: list[Step]) -> None:
        """Steps the route decided since the last note, all stamped now."""
        at = self._now().isoformat()
        self._pending += [step.as_dict(at) for step in steps]

    def flush(self) -> None:
        if self._pending:
            steps, self._pending = self._pending, []
            self._record(self._call, steps, self.route_version_id)
