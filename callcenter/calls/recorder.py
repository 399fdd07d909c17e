"""Apply call updates (from AMI, the AGI session and the dialplan fallback) to the database.

Every write is an idempotent upsert keyed by Linkedid, and a call gets exactly one ticket:
replayed events after a reconnect, or a fallback record imported twice, change nothing.
The merge rules live in callcenter/calls/merge.py; this module is the SQL around them,
kept to Core bulk statements because it runs for every event of every call.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ringdesk.callcenter.calls.merge import (
    COLUMNS,
    CallRow,
    FallbackRecord,
    PathSteps,
    TicketDesk,
    Update,
    merge,
    new_row,
)
from ringdesk.callcenter.calls.models import Call
from ringdesk.callcenter.calls.outcome import CallTicketPolicy

__all__ = ["CALLS", "CallRecorder", "FallbackRecord", "OpenTicketDesk", "PathSteps", "Update",
           "unfinished_calls"]

CALLS: Table = Call.__table__  # type: ignore[assignment]
_SELECTED = [CALLS.c.id, *(CALLS.c[name] for name in COLUMNS)]
_UPDATE = (update(CALLS).where(CALLS.c.id == bindparam("row_id"))
           .values({name: bindparam(name) for name in COLUMNS}))


OpenTicketDesk = Callable[[Session, CallTicketPolicy], TicketDesk]
"""Opens a call's tickets inside the recorder's transaction (the help desk provides it)."""


class CallRecorder:
    def __init__(self, sessions: sessionmaker[Session], default_region: str,
                 open_desk: OpenTicketDesk, policy: CallTicketPolicy | None = None) -> None:
        self._sessions = sessions
        self._region = default_region
        self._open_desk = open_desk
        self._policy = policy or CallTicketPolicy()

    def apply(self, update: Update) -> None:
        self.apply_batch([update])

    def apply_batch(self, updates: list[Update]) -> None:
        """Write updates in one transaction, in order; runs in the database writer thread.

        The batch's calls are locked and loaded with one query, merged in memory, and
        written back with one bulk INSERT and one bulk UPDATE, so a burst of events costs
        a handful of statements rather than a few per event.
        """
        if not updates:
            return
        for attempt in range(2):
            try:
                with self._sessions.begin() as session:
                    self._apply(session, updates)
                return
            except IntegrityError:
                # Another process inserted the same Linkedid first: its row wins, merge again.
                if attempt:
                    raise

    def _apply(self, session: Session, updates: list[Update]) -> None:
        wanted = list(dict.fromkeys(update.linkedid for update in updates))
        query = select(*_SELECTED).where(CALLS.c.linkedid.in_(wanted)).with_for_update()
        rows = {row.linkedid: CallRow(**row._mapping) for row in session.execute(query)}
        loaded = set(rows)
        desk = self._open_desk(session, self._policy)
        for item in updates:
            row = rows.get(item.linkedid)
            if row is None:
                row = rows[item.linkedid] = new_row(item)
            merge(row, item, self._region, desk)
        connection = session.connection()
        fresh = [row.values() for linkedid, row in rows.items() if linkedid not in loaded]
        if fresh:
            connection.execute(insert(CALLS), fresh)
        known = [{"row_id": row.id, **row.values()} for linkedid, row in rows.items()
                 if linkedid in loaded]
        if known:
            connection.execute(_UPDATE, known)


def unfinished_calls(sessions: sessionmaker[Session]) -> dict[str, bool]:
    """Linkedid -> answered, for every call not yet ended (to resync after a restart)."""
    with sessions() as session:
        rows = session.execute(
            select(Call.linkedid, Call.answered_at).where(Call.ended_at.is_(None))
        ).all()
    return {linkedid: answered_at is not None for linkedid, answered_at in rows}
