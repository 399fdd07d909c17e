"""Today's figures count each call once: the live events and the database's account of the
day (read when the server starts, so a restart does not zero the board at noon) meet
without a call counted twice. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ringdesk.callcenter.live.rows import AgentLive, QueueLive


@dataclass(frozen=True)
class DayCall:
    """One of today's calls as the database has it."""

    linkedid: str
    queue: str  # the board's queue name ("" for none)
    agent: str  # the endpoint that answered ("" for none)
    answered: bool
    wait_seconds: int | None
    abandoned: bool


class Counted:
    def __init__(self) -> None:
        self._seen: set[tuple[str, str]] = set()

    def first(self, figure: str, linkedid: str) -> bool:
        """True the first time ``linkedid`` counts toward ``figure`` today."""
        key = (figure, linkedid)
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

    def clear(self) -> None:
        self._seen.clear()


class Tally:
    """Today's figures of the board's queues and agents, by the board's timezone."""

    def __init__(self, timezone: str, service_level_seconds: int) -> None:
        self._zone = ZoneInfo(timezone)
        self._service_level = timedelta(seconds=service_level_seconds)
        self._day: date | None = None
        self._counted = Counted()

    def today_began(self, now: datetime) -> datetime:
        """Midnight in the board's timezone: where "today" starts."""
        local = now.astimezone(self._zone)
        return local.replace(hour=0, minute=0, second=0, microsecond=0)

    def new_day(self, now: datetime, queues: Iterable[QueueLive],
                agents: Iterable[AgentLive]) -> bool:
        """Past midnight since last asked: every figure starts at nought again."""
        today = now.astimezone(self._zone).date()
        if self._day == today:
            return False
        self._day = today
        self._counted.clear()
        for queue in queues:
            queue.answered = queue.answered_in_time = queue.abandoned = 0
        for agent in agents:
            agent.answered_today = 0
        return True

    def answered(self, queue: QueueLive, linkedid: str, waited: timedelta) -> None:
        if self._counted.first("answered", linkedid):
            queue.answered += 1
            queue.answered_in_time += waited <= self._service_level

    def abandoned(self, queue: QueueLive, linkedid: str) -> None:
        queue.abandoned += self._counted.first("abandoned", linkedid)

    def agent_answered(self, agent: AgentLive, linkedid: str) -> None:
        agent.answered_today += self._counted.first(f"agent:{agent.endpoint}", linkedid)

    def count(self, calls: Iterable[DayCall], queues: dict[str, QueueLive],
              agents: dict[str, AgentLive]) -> tuple[set[str], set[str]]:
        """Today's calls as the database has them: the queues and agents they changed."""
        touched_queues: set[str] = set()
        touched_agents: set[str] = set()
        for call in calls:
            queue = queues.get(call.queue) if call.queue else None
            if queue is not None and call.answered:
                self.answered(queue, call.linkedid, timedelta(seconds=call.wait_seconds or 0))
                touched_queues.add(queue.name)
            if queue is not None and call.abandoned:
                self.abandoned(queue, call.linkedid)
                touched_queues.add(queue.name)
            agent = agents.get(call.agent) if call.answered else None
            if agent is not None:
                self.agent_answered(agent, call.linkedid)
                touched_agents.add(agent.endpoint)
        return touched_queues, touched_agents
