"""Feeds the live board and publishes what changed on the bus (runs on the reactor)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from ringdesk.callcenter.agents.operations import ModeOfAgent
from ringdesk.callcenter.ami.parser import AmiMessage
from ringdesk.callcenter.calls.updates import CallUpdate
from ringdesk.callcenter.live.board import LiveBoard
from ringdesk.callcenter.live.bus import EventBus
from ringdesk.callcenter.live.desk_calls import desk_call
from ringdesk.callcenter.live.rows import AgentAccountFacts, Change
from ringdesk.callcenter.live.tally import DayCall


class LiveFeed:
    def __init__(self, board: LiveBoard, bus: EventBus, now: Callable[[], datetime]) -> None:
        self.board = board
        self.bus = bus
        self._now = now

    def calls(self, updates: Iterable[CallUpdate]) -> None:
        now = self._now()
        for update in updates:
            self._publish(self.board.call_update(update, now))
            for_desk = desk_call(update, self._caller_of)
            if for_desk is not None:
                self.bus.publish(for_desk)

    def _caller_of(self, linkedid: str) -> str:
        call = self.board.calls.get(linkedid)
        return call.caller if call is not None else ""

    def count_day(self, calls: Iterable[DayCall]) -> None:
        self._publish(self.board.count_day(calls, self._now()))

    def route_steps(self, linkedid: str, steps: Iterable[tuple[str, str, str]]) -> None:
        self._publish(self.board.route_steps(linkedid, steps))

    def route_waits(self, linkedid: str, queue: str | None) -> None:
        self._publish(self.board.route_waits(linkedid, queue, self._now()))

    def ami(self, event: AmiMessage) -> None:
        self._publish(self.board.ami_event(event, self._now()))

    def modes(self, agents: Iterable[ModeOfAgent]) -> None:
        now = self._now()
        for agent in agents:
            self._publish(self.board.work_mode(agent.endpoint, agent.mode, now))

    def configured(self, accounts: dict[str, AgentAccountFacts], queues: list[str]) -> None:
        """The agents and queues as configured (names, levels), shown before any event."""
        now = self._now()
        self._publish(self.board.know_agents(accounts, now) + self.board.know_queues(queues, now))

    def snapshot(self) -> dict[str, Any]:
        return self.board.snapshot(self._now())

    def publish(self, changes: list[Change]) -> None:
        self._publish(changes)

    def _publish(self, changes: list[Change]) -> None:
        for change in changes:
            self.bus.publish(change)
