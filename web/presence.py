"""Who is on which ticket right now, and who is writing on it (collision warnings).

Fed by each desk's heartbeat (``PUT /api/v1/tickets/{id}/presence``) through the live bus,
so every web process knows everyone; someone whose heartbeat stops is gone after
``STAY_SECONDS``. Pure: the desk stream (web/desk_stream.py) owns one and tells the people
on a ticket who else is there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

STAY_SECONDS = 30.0
DESK_PRESENCE = "desk_presence"


@dataclass
class _Here:
    name: str
    writing: bool
    until: float


class TicketPresence:
    def __init__(self, stay_seconds: float = STAY_SECONDS) -> None:
        self._stay = stay_seconds
        self._tickets: dict[int, dict[int, _Here]] = {}

    def heard(self, ticket_id: int, user_id: int, name: str, present: bool, writing: bool,
              now: float) -> bool:
        """A heartbeat (or leaving); True if what others see of the ticket changed."""
        people = self._tickets.setdefault(ticket_id, {})
        before = people.get(user_id)
        if not present:
            people.pop(user_id, None)
            if not people:
                del self._tickets[ticket_id]
            return before is not None
        people[user_id] = _Here(name, writing, now + self._stay)
        return before is None or before.writing != writing or before.name != name

    def expire(self, now: float) -> set[int]:
        """Forget those whose heartbeat stopped; the tickets whose people changed."""
        changed = set()
        for ticket_id, people in list(self._tickets.items()):
            gone = [user_id for user_id, here in people.items() if here.until <= now]
            for user_id in gone:
                del people[user_id]
            if gone:
                changed.add(ticket_id)
            if not people:
                del self._tickets[ticket_id]
        return changed

    def people_on(self, ticket_id: int) -> list[dict[str, Any]]:
        return [{"user_id": user_id, "name": here.name, "writing": here.writing}
                for user_id, here in sorted(self._tickets.get(ticket_id, {}).items())]

    def tickets_of(self, user_id: int) -> list[int]:
        return [ticket_id for ticket_id, people in self._tickets.items() if user_id in people]

    def user_ids_on(self, ticket_id: int) -> set[int]:
        return set(self._tickets.get(ticket_id, {}))
