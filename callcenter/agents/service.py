"""Changing an agent's work mode: the database first (the log is what reports read), then
Asterisk's queues. When AMI is down the mode is kept and pushed again once it is back
(and after every config apply, which may reset static members' pauses)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from twisted.internet.threads import deferToThread
from twisted.logger import Logger

from ringdesk.callcenter.agents.models import WorkMode
from ringdesk.callcenter.agents.modes import ModeSpec, PauseAction, pause_for
from ringdesk.callcenter.agents.operations import (
    ModeOfAgent,
    do_agent_modes,
    do_set_agent_mode,
    spec_of,
)
from ringdesk.callcenter.ami.protocol import AmiActionError, AmiActionTimeout, AmiDisconnected

SendAction = Callable[[str, dict[str, str]], Awaitable[Any]]


class WorkModes:
    log = Logger()

    def __init__(self, sessions: sessionmaker[Session], send_action: SendAction,
                 ami_ready: Callable[[], bool], now: Callable[[], datetime],
                 on_change: Callable[[ModeOfAgent], None] = lambda _: None) -> None:
        self._sessions = sessions
        self._on_change = on_change
        self._send_action = send_action
        self._ami_ready = ami_ready
        self._now = now
        self.by_code: dict[str, ModeSpec] = {}  # active modes, for feature codes

    def load_codes(self, session: Session) -> dict[str, ModeSpec]:
        modes = session.scalars(select(WorkMode).where(WorkMode.active))
        return {mode.code: spec_of(mode) for mode in modes}

    async def set_mode(self, endpoint: str, mode_key: str, source: str,
                       changed_by: int | None = None) -> tuple[ModeOfAgent, bool]:
        """Returns the agent's mode and whether Asterisk's queues follow it already."""
        def write() -> ModeOfAgent:
            with self._sessions.begin() as session:
                return do_set_agent_mode(session, endpoint, mode_key, source, self._now(),
                                         changed_by)

        changed = await deferToThread(write)
        assert changed.mode is not None
        self._on_change(changed)
        applied = await self.push(pause_for(endpoint, changed.mode))
        self.log.info("work_mode_changed endpoint={endpoint} mode={mode} source={source} "
                      "applied={applied}", endpoint=endpoint, mode=changed.mode.name,
                      source=source, applied=applied)
        return changed, applied

    async def reassert(self) -> int:
        """Push every agent's mode to Asterisk; how many were applied."""
        def read() -> list[ModeOfAgent]:
            with self._sessions() as session:
                return do_agent_modes(session)

        applied = 0
        for agent in await deferToThread(read):
            if agent.mode is not None:
                applied += await self.push(pause_for(agent.endpoint, agent.mode))
        return applied

    async def push(self, action: PauseAction) -> bool:
        if not self._ami_ready():
            return False
        try:
            await self._send_action("QueuePause", action.headers())
        except AmiActionError as error:
            # Typically "Interface not found": the agent is in no queue yet.
            self.log.debug("queue_pause_refused interface={interface} error={error}",
                           interface=action.interface, error=error)
            return False
        except (AmiActionTimeout, AmiDisconnected) as error:
            self.log.warn("queue_pause_failed interface={interface} error={error}",
                          interface=action.interface, error=error)
            return False
        return True
