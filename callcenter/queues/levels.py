"""Ring a leveled queue: level 1 in position order, then level 2, and so on.

Asterisk's ``linear`` strategy with penalties does not escalate when an agent rings without
answering (see ../shared/PBX-FACTS.md), so each level is its own Asterisk queue, linear in
position order, and the caller is moved from level to level: a level is given one pass over
its agents (each rings ``ring_timeout`` s, then ``retry`` s), and a level where nobody can
take a call right now refuses the caller at once (``joinempty``), so the next level rings
without delay. When no level could take the call the caller hears music for a while and the
round starts again, until the queue's maximum wait.

This module is the decision part, without Asterisk: the executor asks ``next_step`` what to
do, does it, and reports back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# QUEUESTATUS values: the caller was not taken by this level, try the next one.
PASSED_ON = frozenset({"TIMEOUT", "JOINEMPTY", "LEAVEEMPTY", "JOINUNAVAIL", "LEAVEUNAVAIL"})
REFUSED = frozenset({"JOINEMPTY", "LEAVEEMPTY", "JOINUNAVAIL", "LEAVEUNAVAIL"})
HOLD_SECONDS = 5


@dataclass(frozen=True)
class Level:
    queue: str  # the Asterisk queue of this level
    agents: int

    def pass_seconds(self, ring_timeout: int, retry: int) -> int:
        return max(1, self.agents * (ring_timeout + retry))


@dataclass(frozen=True)
class QueuePlan:
    name: str
    levels: tuple[Level, ...]
    ring_timeout: int
    retry: int
    music_class: str = "default"


@dataclass(frozen=True)
class JoinLevel:
    level: int  # 1-based
    queue: str
    timeout: int


@dataclass(frozen=True)
class CountLoggedIn:
    """Nobody in any level could take the call: is anyone logged in at all?"""

    queues: tuple[str, ...]


@dataclass(frozen=True)
class Hold:
    music_class: str
    seconds: int


@dataclass(frozen=True)
class Finished:
    status: str  # a QUEUESTATUS: "" (connected), TIMEOUT, JOINEMPTY, FULL...


Step = JoinLevel | CountLoggedIn | Hold | Finished


@dataclass
class LevelWalk:
    """One caller's way through the levels of a queue."""

    plan: QueuePlan
    max_wait: int
    waited: float = 0.0
    index: int = 0  # the next level to try
    refused_in_round: int = 0
    outcome: str | None = None
    history: list[tuple[int, str]] = field(default_factory=list)
    _counting: bool = False
    _holding: bool = False

    def next_step(self) -> Step:
        if self.outcome is not None:
            return Finished(self.outcome)
        if not self.plan.levels:
            return Finished("JOINEMPTY")
        remaining = int(self.max_wait - self.waited)
        if remaining <= 0:
            return Finished("TIMEOUT")
        if self.refused_in_round >= len(self.plan.levels):
            self.refused_in_round = 0
            self._counting = True
            return CountLoggedIn(tuple(level.queue for level in self.plan.levels))
        if self._holding:
            self._holding = False
            return Hold(self.plan.music_class, min(HOLD_SECONDS, remaining))
        level = self.plan.levels[self.index]
        timeout = min(level.pass_seconds(self.plan.ring_timeout, self.plan.retry), remaining)
        return JoinLevel(self.index + 1, level.queue, timeout)

    def joined(self, status: str, seconds: float) -> None:
        """A level's Queue() returned with ``status`` after ``seconds``."""
        self.waited += seconds
        self.history.append((self.index + 1, status or "CONNECTED"))
        if status not in PASSED_ON:
            self.outcome = status  # connected, FULL, CONTINUE, UNKNOWN: the queue is done
            return
        self.refused_in_round = self.refused_in_round + 1 if status in REFUSED else 0
        self.index = (self.index + 1) % len(self.plan.levels)

    def redirected(self, seconds: float, answered: bool) -> None:
        """A supervisor sent the caller to an agent from this level: answered, the queue is
        done; not, the caller is back on the same level."""
        self.waited += seconds
        self.history.append((self.index + 1, "REDIRECTED" if answered else "REDIRECT_FAILED"))
        if answered:
            self.outcome = ""

    def counted(self, logged_in: int) -> None:
        self._counting = False
        if logged_in == 0:
            self.outcome = "JOINEMPTY"  # nobody to wait for: the route's no_agents branch
        else:
            self._holding = True

    def held(self, seconds: float) -> None:
        self.waited += seconds
