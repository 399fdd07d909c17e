"""Each second, how far the help desk has got (helpdesk/desk_marks.py), and the open desks
told what moved: any ticket, or notifications for whom. Whichever process wrote the change
(a web view, the call path's writer, a job), the database says so."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy.orm import Session, sessionmaker
from twisted.internet.threads import deferToThread

from ringdesk.helpdesk.desk_marks import DeskMarks, desk_marks, notified_since


class DeskWatch:
    def __init__(self, sessions: sessionmaker[Session], tickets_changed: Callable[[], None],
                 notified: Callable[[Iterable[int]], None],
                 anyone_watching: Callable[[], bool]) -> None:
        self._sessions = sessions
        self._tickets_changed = tickets_changed
        self._notified = notified
        self._anyone_watching = anyone_watching
        self._seen: DeskMarks | None = None

    async def tick(self) -> None:
        if not self._anyone_watching() and self._seen is not None:
            return
        seen = self._seen
        marks, people = await deferToThread(self._read, seen)
        self._seen = marks
        if seen is None:
            return  # the first look only sets where we are
        if marks.last_event != seen.last_event:
            self._tickets_changed()
        if people:
            self._notified(people)

    def _read(self, seen: DeskMarks | None) -> tuple[DeskMarks, set[int]]:
        with self._sessions() as session:
            marks = desk_marks(session)
            people = notified_since(session, seen.last_notification, marks.last_notification) \
                if seen is not None and marks.last_notification > seen.last_notification \
                else set()
            return marks, people
