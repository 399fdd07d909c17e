"""Pausing a call's recording while the caller gives card details: MixMonitor muted through
AMI on the recorded channel, resumed by the agent or by itself after a limit, and each
pause and resumption marked on the call's ticket."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from twisted.internet.defer import ensureDeferred
from twisted.internet.interfaces import IDelayedCall
from twisted.internet.threads import deferToThread
from twisted.logger import Logger

from ringdesk.callcenter.ami.protocol import AmiActionError
from ringdesk.callcenter.calls.models import Call
from ringdesk.core.errors import Conflict, PbxUnavailable
from ringdesk.helpdesk.tickets.desk import Desk
from ringdesk.helpdesk.tickets.models import Ticket


class NotRecording(Conflict):
    """Nothing of this call is being recorded right now."""

    code = "not_recording"


def mute_action(channel: str, paused: bool) -> dict[str, str | list[str]]:
    """Both directions muted in the recording (the call itself goes on)."""
    return {"Channel": channel, "Direction": "both", "State": "1" if paused else "0"}


class RecordingPauses:
    log = Logger()

    def __init__(self, sessions: sessionmaker[Session],
                 send_action: Callable[[str, dict[str, str | list[str]]], Awaitable[Any]],
                 ami_ready: Callable[[], bool],
                 call_later: Callable[..., IDelayedCall], now: Callable[[], datetime],
                 limit_seconds: float) -> None:
        self._sessions = sessions
        self._send_action = send_action
        self._ami_ready = ami_ready
        self._call_later = call_later
        self._now = now
        self._limit = limit_seconds
        self._resumes: dict[str, IDelayedCall] = {}

    async def set(self, linkedid: str, paused: bool, user_id: int | None) -> dict[str, Any]:
        if not self._ami_ready():
            raise PbxUnavailable("Asterisk's manager interface is not connected; try again")
        channel = await deferToThread(self._recorded_channel, linkedid)
        try:
            await self._send_action("MixMonitorMute", mute_action(channel, paused))
        except AmiActionError as error:
            raise NotRecording(f"Asterisk did not change the recording: {error}",
                               {"linkedid": linkedid}) from error
        pending = self._resumes.pop(linkedid, None)
        if pending is not None and pending.active():
            pending.cancel()
        resume_at = None
        if paused:
            resume_at = self._now() + timedelta(seconds=self._limit)
            self._resumes[linkedid] = self._call_later(self._limit, self._resume_by_itself,
                                                       linkedid)
        await deferToThread(self._mark, linkedid, paused, user_id, resume_at)
        return {"linkedid": linkedid, "paused": paused,
                "resume_at": resume_at.isoformat() if resume_at else None}

    def _resume_by_itself(self, linkedid: str) -> None:
        self._resumes.pop(linkedid, None)

        async def resume() -> None:
            try:
                await self.set(linkedid, False, None)
            except Exception as error:  # noqa: BLE001 - e.g. the call ended meanwhile
                self.log.info("recording_resume_skipped linkedid={linkedid} why={why}",
                              linkedid=linkedid, why=error)

        ensureDeferred(resume())

    def _recorded_channel(self, linkedid: str) -> str:
        with self._sessions() as session:
            call = session.scalars(select(Call).where(Call.linkedid == linkedid)).first()
            if call is None or call.state != "talking" or not call.recording or not call.channel:
                raise NotRecording("this call is not being recorded now",
                                   {"linkedid": linkedid})
            return call.channel

    def _mark(self, linkedid: str, paused: bool, user_id: int | None,
              resume_at: datetime | None) -> None:
        with self._sessions.begin() as session:
            call = session.scalars(select(Call).where(Call.linkedid == linkedid)).first()
            ticket = session.get(Ticket, call.ticket_id) if call and call.ticket_id else None
            if ticket is None:
                return
            Desk(session, user_id, self._now()).record(ticket, "recording", data={
                "linkedid": linkedid, "paused": paused, "by_itself": user_id is None,
                "resume_at": resume_at.isoformat() if resume_at else None})
