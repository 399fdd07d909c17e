"""Statuses, priorities and rules as one small snapshot, reloaded at most every few seconds.

Every ticket write needs them and they change a few times a year: reading them once per
write was a third of the statements of opening a ticket. A change made in this process is
seen at once (the snapshot is dropped after the commit); other processes see it within
``TTL_SECONDS``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from ringdesk.helpdesk.automation.rules import Rule, parse_rule
from ringdesk.helpdesk.setup.models import AutomationRule, Priority, TicketStatus

TTL_SECONDS = 5.0


@dataclass(frozen=True)
class StatusInfo:
    code: str
    name: str
    kind: str
    counts_sla: bool
    position: int
    active: bool


@dataclass(frozen=True)
class Snapshot:
    statuses: dict[str, StatusInfo]
    priorities: dict[str, bool]  # code -> active
    rules: tuple[Rule, ...]


class SetupCache:
    """One snapshot per database (a process may talk to several: tests, tools)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._snapshots: dict[str, tuple[float, Snapshot]] = {}

    def get(self, session: Session) -> Snapshot:
        key = str(session.get_bind().engine.url)
        with self._lock:
            found = self._snapshots.get(key)
        if found is not None and time.monotonic() - found[0] < TTL_SECONDS:
            return found[1]
        snapshot = _load(session)
        with self._lock:
            self._snapshots[key] = (time.monotonic(), snapshot)
        return snapshot

    def drop_after_commit(self, session: Session) -> None:
        key = str(session.get_bind().engine.url)
        event.listen(session, "after_commit", lambda _: self.drop(key), once=True)

    def drop(self, key: str) -> None:
        with self._lock:
            self._snapshots.pop(key, None)


def _load(session: Session) -> Snapshot:
    statuses = {row.code: StatusInfo(row.code, row.name, row.kind, row.counts_sla,
                                     row.position, row.active)
                for row in session.scalars(select(TicketStatus))}
    priorities = {row.code: row.active for row in session.scalars(select(Priority))}
    rules = tuple(parse_rule(row.id, row.event, row.conditions, row.actions)
                  for row in session.scalars(select(AutomationRule)
                                             .where(AutomationRule.active.is_(True))
                                             .order_by(AutomationRule.position,
                                                       AutomationRule.id)))
    return Snapshot(statuses, priorities, rules)


SETUP = SetupCache()
