"""Automatic distribution and reassignment decisions (pure).

Tickets of a queue wait in order of their source's weight (higher first), then age. Each
goes to the logged-in agent of the queue with the fewest of its tickets, never above
their buffer; among equals, the one who got a ticket longest ago (round robin).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

SOURCES = ("phone", "email", "form")
_EPOCH = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Candidate:
    user_id: int
    online: bool
    held: int  # tickets of this queue the agent holds, not closed
    buffer: int
    last_assigned_at: datetime | None = None

    @property
    def room(self) -> int:
        return self.buffer - self.held if self.online else 0


@dataclass(frozen=True)
class Waiting:
    ticket_id: int
    source: str
    created_at: datetime


def source_of(channel: str) -> str:
    """Reassignment and weights speak of sources: phone (calls, SMS), email, form."""
    return {"phone": "phone", "sms": "phone", "email": "email"}.get(channel, "form")


def waiting_order(tickets: list[Waiting], weights: dict[str, int]) -> list[Waiting]:
    return sorted(tickets, key=lambda item: (-weights.get(item.source, 0),
                                             item.created_at, item.ticket_id))


def pick(candidates: list[Candidate], by_load: bool = True) -> Candidate | None:
    """The agent the next ticket goes to, or None when nobody has room."""
    open_ones = [item for item in candidates if item.room > 0]
    if not open_ones:
        return None
    def key(item: Candidate) -> tuple[int, datetime, int]:
        when = item.last_assigned_at or _EPOCH
        return (item.held if by_load else 0, when, item.user_id)
    return min(open_ones, key=key)


def plan(tickets: list[Waiting], candidates: list[Candidate], weights: dict[str, int],
         now: datetime, by_load: bool = True) -> list[tuple[int, int]]:
    """(ticket, agent) pairs for as many waiting tickets as the agents have room for."""
    pool = {item.user_id: item for item in candidates}
    pairs = []
    for ticket in waiting_order(tickets, weights):
        chosen = pick(list(pool.values()), by_load)
        if chosen is None:
            break
        pairs.append((ticket.ticket_id, chosen.user_id))
        pool[chosen.user_id] = replace(chosen, held=chosen.held + 1, last_assigned_at=now)
    return pairs


def reassign_due(owner_offline_since: datetime | None, now: datetime,
                 after_minutes: int | None, percent: int | None, used_fraction: float) -> bool:
    """Does an unhandled ticket go back to distribution? Its owner has been logged out
    longer than ``after_minutes`` and it has used ``percent`` of its handling time."""
    if owner_offline_since is None or after_minutes is None or percent is None:
        return False
    return (now - owner_offline_since >= timedelta(minutes=after_minutes)
            and used_fraction * 100 >= percent)
