"""Places scheduled callbacks when they are due, and settles them from their calls.

Runs on the reactor every few seconds: the database says which are due (each claimed by
one process), click-to-call rings the agent's phone and then the customer, and the
ticket's timeline says what came of it (helpdesk/callbacks/scheduling.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from twisted.internet.threads import deferToThread
from twisted.logger import Logger

from ringdesk.core.errors import RingdeskError
from ringdesk.helpdesk.callbacks.scheduling import (
    DueCallback,
    claim_due,
    not_placed,
    placed,
    settle_ringing,
)

PlaceCall = Callable[[int, str, str | None, str | None], Awaitable[dict[str, Any]]]


class CallbackRunner:
    log = Logger()

    def __init__(self, sessions: sessionmaker[Session], place: PlaceCall,
                 ready: Callable[[], bool], now: Callable[[], datetime]) -> None:
        self._sessions = sessions
        self._place = place  # click-to-call: ticket, agent endpoint, number, queue
        self._ready = ready
        self._now = now
        self._running = False

    async def tick(self) -> None:
        if self._running or not self._ready():
            return  # Asterisk away: due callbacks wait for it, still scheduled
        self._running = True
        try:
            for due in await deferToThread(self._in_session, claim_due):
                await self._ring(due)
            await deferToThread(self._in_session, settle_ringing)
        except Exception:  # noqa: BLE001 - the database away for a moment: next tick
            self.log.failure("callbacks_failed")
        finally:
            self._running = False

    async def _ring(self, due: DueCallback) -> None:
        try:
            call = await self._place(due.ticket_id, due.endpoint, due.number, None)
        except RingdeskError as error:
            self.log.warn("callback_not_placed id={id} error={error}", id=due.id, error=error)
            await deferToThread(self._with, not_placed, due.id, self._now())
            return
        await deferToThread(self._with, placed, due.id, str(call["linkedid"]),
                            str(call["agent"]), str(call["number"]), self._now())
        self.log.info("callback_placed id={id} ticket={ticket} linkedid={linkedid}",
                      id=due.id, ticket=due.ticket_id, linkedid=call["linkedid"])

    def _in_session(self, work: Callable[[Session, datetime], Any]) -> Any:
        with self._sessions() as session:
            return work(session, self._now())

    def _with(self, work: Callable[..., None], *args: Any) -> None:
        with self._sessions() as session:
            work(session, *args)
