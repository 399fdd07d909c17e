"""Sending a waiting caller to an agent from the live board: find where the caller waits
(Asterisk's own QueueStatus), write the use to the audit log, then withdraw them from the
queue with a note their route session reads (callcenter/calls/redirect.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from twisted.internet.threads import deferToThread
from twisted.logger import Logger

from ringdesk.callcenter.ami.protocol import (
    AmiActionError,
    AmiActionTimeout,
    AmiDisconnected,
    AmiResult,
)
from ringdesk.callcenter.calls.redirect import withdraw_action
from ringdesk.callcenter.live.board import LiveBoard
from ringdesk.callcenter.live.scope import check_call_in_view
from ringdesk.callcenter.live.spy_service import NoPhone
from ringdesk.callcenter.pbx.models import AgentAccount
from ringdesk.core.audit import record
from ringdesk.core.errors import CallNotPlaced, Conflict, NotFound, PbxUnavailable

WAITING = ("queued", "ringing_agent")  # the board's states of a caller in a queue


class CallNotWaiting(Conflict):
    """The caller waits in no queue any more (answered, hung up, gone on in the route)."""

    code = "call_not_waiting"


class CallRedirect:
    log = Logger()

    def __init__(self, sessions: sessionmaker[Session], board: LiveBoard,
                 send_action: Callable[[str, dict[str, str | list[str]]],
                                       Awaitable[AmiResult]],
                 ami_ready: Callable[[], bool], ask: Callable[[str, str], None]) -> None:
        self._sessions = sessions
        self._ask = ask
        self._board = board
        self._send_action = send_action
        self._ami_ready = ami_ready

    async def send(self, linkedid: str, endpoint: str | None, user_id: int) -> dict[str, str]:
        """Ring ``endpoint`` (None: the supervisor's own phone) for the waiting caller."""
        if not self._ami_ready():
            raise PbxUnavailable("Asterisk's manager interface is not connected; try again")
        call = self._board.calls.get(linkedid)
        if call is None:
            raise NotFound(f"no call {linkedid} is in progress", {"linkedid": linkedid})

        def target() -> tuple[str, str]:
            with self._sessions() as session:
                check_call_in_view(session, user_id, linkedid, call.queue)
                query = select(AgentAccount) if endpoint is None else \
                    select(AgentAccount).where(AgentAccount.endpoint == endpoint)
                if endpoint is None:
                    query = query.where(AgentAccount.user_id == user_id)
                account = session.scalars(query.order_by(AgentAccount.id)).first()
                if account is None and endpoint is None:
                    raise NoPhone("you have no phone account to take calls on: an admin "
                                  "links one to you", {})
                if account is None:
                    raise NotFound(f"no agent phone {endpoint!r}", {"field": "agent"})
                return account.endpoint, account.display_name or account.endpoint

        agent, agent_name = await deferToThread(target)
        try:
            entries = await self._send_action("QueueStatus", {})
        except (AmiDisconnected, AmiActionTimeout) as error:
            raise PbxUnavailable("Asterisk's connection dropped; try again") from error
        action = withdraw_action(_events(entries), linkedid, agent)
        if action is None and call.state not in WAITING:
            raise CallNotWaiting("the caller waits in no queue now", {"linkedid": linkedid})

        def audit() -> None:
            with self._sessions.begin() as session:
                record(session, user_id, "call.redirected", f"call {linkedid}",
                       caller=call.caller, agent=agent,
                       queue=action["Queue"] if action else call.queue)

        await deferToThread(audit)
        # The route session takes it after the ring or hold in progress; the withdrawal
        # sends a caller who waits between rings at once.
        self._ask(linkedid, agent)
        if action is None:
            return {"linkedid": linkedid, "agent": agent, "agent_name": agent_name}
        try:
            await self._send_action("QueueWithdrawCaller", dict(action))
        except AmiActionError as error:
            raise CallNotPlaced(f"Asterisk did not withdraw the caller: {error}") from error
        except (AmiDisconnected, AmiActionTimeout) as error:
            raise PbxUnavailable("Asterisk's connection dropped; the caller may still be "
                                 "sent") from error
        self.log.info("call_redirect linkedid={linkedid} agent={agent} by={user}",
                      linkedid=linkedid, agent=agent, user=user_id)
        return {"linkedid": linkedid, "agent": agent, "agent_name": agent_name}


def _events(answer: AmiResult) -> list[dict[str, str]]:
    """QueueStatus's QueueEntry events: who waits in which (level) queue, on which channel."""
    return [{key: event.get(key) for key in ("Queue", "Channel", "Uniqueid", "Linkedid")}
            for event in answer.events if event.event == "QueueEntry"]
