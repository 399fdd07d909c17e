"""Placing a click-to-call: plan it from the database, log it on the ticket, Originate once.

The decisions (which number to show, the Originate headers) are in click_to_call.py; this
is the I/O around them, run on the reactor by the server.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from twisted.internet.threads import deferToThread
from twisted.logger import Logger

from ringdesk.callcenter.ami.protocol import AmiActionError, AmiActionTimeout, AmiDisconnected
from ringdesk.callcenter.calls.click_to_call import ClickToCall, PlanClickToCall
from ringdesk.callcenter.calls.merge import OutboundCallPlaced, Update
from ringdesk.callcenter.calls.updates import CallEnded
from ringdesk.core.errors import CallNotPlaced, PbxUnavailable


class ClickToCaller:
    log = Logger()

    def __init__(self, sessions: sessionmaker[Session], region: str, plan_call: PlanClickToCall,
                 follow: Callable[[str], None], post: Callable[[Update], None],
                 send_action: Callable[[str, dict[str, str | list[str]]], Awaitable[Any]],
                 ami_ready: Callable[[], bool], now: Callable[[], datetime]) -> None:
        self._sessions = sessions
        self._region = region
        self._plan_call = plan_call  # the help desk knows the ticket's customer
        self._follow = follow  # the tracker follows this Uniqueid from its first channel
        self._post = post
        self._send_action = send_action
        self._ami_ready = ami_ready
        self._now = now

    async def place(self, ticket_id: int, endpoint: str, number: str | None,
                    queue: str | None) -> dict[str, Any]:
        """Ring the agent, then the customer; the call is logged on the ticket."""
        if not self._ami_ready():
            raise PbxUnavailable("Asterisk's manager interface is not connected; try again")

        def plan() -> ClickToCall:
            with self._sessions() as session:
                return self._plan_call(session, ticket_id, endpoint, number, queue,
                                       self._region)

        call = await deferToThread(plan)
        self._follow(call.linkedid)
        self._post(OutboundCallPlaced(call.linkedid, self._now(), call.ticket_id,
                                      call.agent, call.number, call.presented))
        try:
            await self._send_action("Originate", call.originate())
        except AmiActionError as error:
            self._post(CallEnded(call.linkedid, self._now(), 0, f"not placed: {error}"))
            raise CallNotPlaced(f"Asterisk did not place the call: {error}",
                                {"linkedid": call.linkedid}) from error
        except (AmiDisconnected, AmiActionTimeout) as error:
            # Never sent again by itself: it may have gone through. The resync after the
            # reconnect ends or follows the call.
            raise PbxUnavailable("Asterisk's connection dropped while placing the call; it "
                                 "may still ring: look at the ticket before trying again",
                                 {"linkedid": call.linkedid}) from error
        self.log.info("click_to_call linkedid={linkedid} ticket={ticket} agent={agent}",
                      linkedid=call.linkedid, ticket=ticket_id, agent=call.agent)
        return {"linkedid": call.linkedid, "agent": call.agent, "number": call.number,
                "presented": call.presented}
