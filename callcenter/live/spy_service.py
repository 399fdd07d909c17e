"""Listening in from the live board: find the agent on the call and the supervisor's own
phone, write the use to the audit log, then Originate once (decisions in spy.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from twisted.internet.threads import deferToThread
from twisted.logger import Logger

from ringdesk.callcenter.ami.protocol import AmiActionError, AmiActionTimeout, AmiDisconnected
from ringdesk.callcenter.calls.spy import Spy, SpyMode
from ringdesk.callcenter.live.board import LiveBoard
from ringdesk.callcenter.live.scope import check_call_in_view
from ringdesk.callcenter.pbx.models import AgentAccount
from ringdesk.core.audit import record
from ringdesk.core.errors import CallNotPlaced, Conflict, NotFound, PbxUnavailable


class NoPhone(Conflict):
    """The supervisor has no phone account of their own to listen on."""

    code = "no_phone"


class CallNotAnswered(Conflict):
    """Nobody answered the call yet: there is no conversation to listen to."""

    code = "call_not_answered"


class CallSpy:
    log = Logger()

    def __init__(self, sessions: sessionmaker[Session], board: LiveBoard,
                 send_action: Callable[[str, dict[str, str | list[str]]], Awaitable[Any]],
                 ami_ready: Callable[[], bool]) -> None:
        self._sessions = sessions
        self._board = board
        self._send_action = send_action
        self._ami_ready = ami_ready

    async def start(self, linkedid: str, mode: SpyMode, user_id: int) -> dict[str, str]:
        """Ring the supervisor's phone; answered, it joins the agent's call in ``mode``."""
        if not self._ami_ready():
            raise PbxUnavailable("Asterisk's manager interface is not connected; try again")
        call = self._board.calls.get(linkedid)
        if call is None:
            raise NotFound(f"no call {linkedid} is in progress", {"linkedid": linkedid})
        if not call.agent or call.state != "talking":
            raise CallNotAnswered("nobody talks to this caller yet", {"linkedid": linkedid})
        agent_device = call.agent
        endpoint = agent_device.removeprefix("PJSIP/")
        agent = self._board.agents.get(endpoint)
        agent_name = agent.name if agent and agent.name else endpoint

        def plan() -> Spy:
            with self._sessions.begin() as session:
                check_call_in_view(session, user_id, linkedid, call.queue)
                own = session.scalars(select(AgentAccount.endpoint).where(
                    AgentAccount.user_id == user_id).order_by(AgentAccount.id)).first()
                if own is None:
                    raise NoPhone("you have no phone account to listen on: an admin links "
                                  "one to you", {})
                record(session, user_id, f"call.{mode}", f"call {linkedid}",
                       agent=agent_device, caller=call.caller, phone=own)
                return Spy(own, agent_device, agent_name, mode)

        spy = await deferToThread(plan)
        try:
            await self._send_action("Originate", spy.originate())
        except AmiActionError as error:
            raise CallNotPlaced(f"Asterisk did not ring your phone: {error}") from error
        except (AmiDisconnected, AmiActionTimeout) as error:
            raise PbxUnavailable("Asterisk's connection dropped; your phone may still ring")\
                from error
        self.log.info("call_spy linkedid={linkedid} mode={mode} supervisor={supervisor}",
                      linkedid=linkedid, mode=mode, supervisor=spy.supervisor)
        return {"linkedid": linkedid, "mode": mode, "phone": spy.supervisor,
                "agent": agent_name}
