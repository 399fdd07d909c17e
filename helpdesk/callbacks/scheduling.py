"""Scheduled callbacks: asked for on a ticket, claimed when due (once, whichever process),
and settled from the call they placed. The agent's phone rings first, then the customer;
one the agent never took goes back to the ticket's queue, and its agents are told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ringdesk.callcenter.agents.operations import own_accounts
from ringdesk.callcenter.calls.models import Call
from ringdesk.core.errors import Conflict, InvalidInput, NotFound
from ringdesk.core.phone import to_e164
from ringdesk.helpdesk.callbacks.models import Callback
from ringdesk.helpdesk.tickets.changes import assign, queue_agent_ids
from ringdesk.helpdesk.tickets.desk import Desk
from ringdesk.helpdesk.tickets.models import Ticket

LONGEST_AHEAD = timedelta(days=365)
RETRY_AFTER = timedelta(minutes=1)
TRIES = 3
GIVE_UP_AFTER = timedelta(minutes=10)  # a placed call nothing more was heard of


@dataclass(frozen=True)
class DueCallback:
    id: int
    ticket_id: int
    endpoint: str
    number: str | None


def schedule(desk: Desk, ticket: Ticket, user_id: int, due_at: datetime, number: str | None,
             region: str) -> Callback:
    if due_at <= desk.now:
        raise InvalidInput("a callback is for a time still to come", {"field": "at"})
    if due_at - desk.now > LONGEST_AHEAD:
        raise InvalidInput("a callback is at most a year ahead", {"field": "at"})
    if not own_accounts(desk.session, user_id):
        raise InvalidInput("you have no phone of your own to call back from",
                           {"field": "at", "reason": "no_phone"})
    e164 = None
    if number:
        e164 = to_e164(number, region)
        if e164 is None:
            raise InvalidInput(f"“{number}” is not a phone number",
                               {"field": "number", "value": number})
    callback = Callback(ticket_id=ticket.id, user_id=user_id, number=e164, due_at=due_at,
                        state="scheduled", attempts=0, created_at=desk.now)
    desk.session.add(callback)
    desk.session.flush()
    desk.record(ticket, "callback", data={"state": "scheduled", "at": due_at.isoformat(),
                                          "callback_id": callback.id, "number": e164})
    return callback


def cancel(desk: Desk, callback_id: int, ticket_id: int) -> Callback:
    callback = desk.session.get(Callback, callback_id)
    if callback is None or callback.ticket_id != ticket_id:
        raise NotFound(f"callback {callback_id} does not exist", {"callback_id": callback_id})
    if callback.state != "scheduled":
        raise Conflict(f"the callback is already {callback.state}", {"state": callback.state})
    callback.state = "cancelled"
    ticket = desk.session.get(Ticket, ticket_id)
    assert ticket is not None
    desk.record(ticket, "callback", data={"state": "cancelled", "callback_id": callback.id,
                                          "at": callback.due_at.isoformat()})
    return callback


def claim_due(session: Session, now: datetime, limit: int = 20) -> list[DueCallback]:
    """Due callbacks, each claimed by one process (the state moves only once)."""
    due = session.scalars(select(Callback).where(Callback.state == "scheduled",
                                                 Callback.due_at <= now)
                          .order_by(Callback.due_at).limit(limit)).all()
    claimed = []
    for callback in due:
        claim = session.execute(update(Callback).where(
            Callback.id == callback.id, Callback.state == "scheduled").values(
            state="placing", attempts=Callback.attempts + 1))
        if not getattr(claim, "rowcount", 0):
            continue
        phones = own_accounts(session, callback.user_id)
        if not phones:
            _settle(session, callback, "returned", now)
            continue
        claimed.append(DueCallback(callback.id, callback.ticket_id, phones[0], callback.number))
    session.commit()
    return claimed


def placed(session: Session, callback_id: int, linkedid: str, agent: str, number: str,
           now: datetime) -> None:
    """Ringing: on the ticket as the agent's call to the customer, as click-to-call is."""
    callback = session.get(Callback, callback_id)
    if callback is None:
        return
    callback.state, callback.linkedid = "ringing", linkedid
    ticket = session.get(Ticket, callback.ticket_id)
    if ticket is not None:
        Desk(session, callback.user_id, now).record(ticket, "call_out", data={
            "linkedid": linkedid, "agent": agent, "number": number,
            "callback_id": callback_id})
    session.commit()


def not_placed(session: Session, callback_id: int, now: datetime) -> None:
    """Asterisk was away or refused: tried again a minute later, a few times."""
    callback = session.get(Callback, callback_id)
    if callback is None:
        return
    if callback.attempts < TRIES:
        callback.state, callback.due_at = "scheduled", now + RETRY_AFTER
    else:
        _settle(session, callback, "returned", now)
    session.commit()


def callback_outcome(agent_answered: bool, customer_answered: bool) -> str:
    """What a placed callback came to: talked, the customer did not answer, or the agent
    never took it (back to the queue)."""
    if customer_answered:
        return "done"
    return "no_answer" if agent_answered else "returned"


def settle_ringing(session: Session, now: datetime) -> int:
    """Callbacks whose calls have ended, settled; how many."""
    settled = 0
    for callback in session.scalars(select(Callback).where(Callback.state == "ringing")).all():
        call = session.scalars(select(Call).where(Call.linkedid == callback.linkedid)).first()
        if call is None or call.ended_at is None:
            if now - callback.due_at > GIVE_UP_AFTER:
                _settle(session, callback, "returned", now)
                settled += 1
            continue
        _settle(session, callback, callback_outcome(call.answered_at is not None,
                                                    call.connected_at is not None), now)
        settled += 1
    session.commit()
    return settled


def _settle(session: Session, callback: Callback, state: str, now: datetime) -> None:
    callback.state = state
    ticket = session.get(Ticket, callback.ticket_id)
    if ticket is None:
        return
    desk = Desk(session, None, now)
    desk.record(ticket, "callback", data={"state": state, "callback_id": callback.id,
                                          "at": callback.due_at.isoformat(),
                                          "linkedid": callback.linkedid})
    if state == "returned":
        # Nobody took it: the ticket waits in its queue again, and its agents hear of it.
        assign(desk, ticket, None, "callback not taken", notify=False)
        desk.notify([*queue_agent_ids(session, ticket.queue_id), callback.user_id],
                    "callback_returned", ticket, {"callback_id": callback.id})
