"""Which inbound numbers ringdesk answers and how: an in-memory snapshot for the AGI path.

Calls must not wait for the database, so the server loads this snapshot at start and
refreshes it periodically; a lookup is a dict access.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from routes.models import InboundNumber


@dataclass(frozen=True)
class NumberPlan:
    number: str
    announcement: str
    answer_after_seconds: int


class NumberDirectory:
    def __init__(self) -> None:
        self._plans: dict[str, NumberPlan] = {}

    def lookup(self, number: str | None) -> NumberPlan | None:
        return self._plans.get(number) if number else None

    def replace(self, plans: dict[str, NumberPlan]) -> None:
        self._plans = plans  # one assignment: readers see the old or the new map, never half

    def __len__(self) -> int:
        return len(self._plans)


def load_number_plans(sessions: sessionmaker[Session]) -> dict[str, NumberPlan]:
    with sessions() as session:
        rows = session.scalars(select(InboundNumber)).all()
        return {
            row.number: NumberPlan(row.number, row.announcement, row.answer_after_seconds)
            for row in rows
        }
