"""Plans a click-to-call from a ticket: its customer's number, the agent's phone, the number
shown (runs in a thread; the call center places it)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.callcenter.calls.click_to_call import (
    ClickToCall,
    new_linkedid,
    plan_problem,
    presented_number,
)
from ringdesk.callcenter.calls.models import Call
from ringdesk.callcenter.pbx.models import AgentAccount, PbxQueue
from ringdesk.core.errors import InvalidInput, NotFound
from ringdesk.core.phone import to_e164
from ringdesk.helpdesk.tickets.models import Ticket


def do_plan_click_to_call(session: Session, ticket_id: int, endpoint: str,
                          number: str | None, queue_name: str | None,
                          region: str) -> ClickToCall:
    ticket = session.get(Ticket, ticket_id)
    account = session.scalar(select(AgentAccount).where(AgentAccount.endpoint == endpoint))
    queue = (session.scalar(select(PbxQueue).where(PbxQueue.name == queue_name))
             if queue_name else None)
    if queue_name and queue is None:
        raise NotFound(f"no queue {queue_name!r}", {"field": "queue"})
    raw = number or (ticket.contact.first("phone") if ticket and ticket.contact else None)
    customer = to_e164(raw, region) if raw else None
    if raw and customer is None:
        raise InvalidInput(f"{raw!r} is not a phone number", {"field": "number"})
    first_call = session.scalar(select(Call.dialed_number).where(
        Call.ticket_id == ticket_id, Call.direction == "inbound").order_by(Call.started_at))
    presented = presented_number(queue.caller_id if queue else "",
                                 account.caller_id if account else "", first_call)
    problem = plan_problem(ticket is not None, account is not None, customer, presented)
    if problem is not None:
        field, message = problem
        error = NotFound if field in ("ticket_id", "agent") else InvalidInput
        raise error(message, {"field": field})
    assert customer is not None and presented is not None
    return ClickToCall(new_linkedid(), ticket_id, endpoint, customer, presented)
