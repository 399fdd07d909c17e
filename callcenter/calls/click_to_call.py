"""Click-to-call from a ticket: ring the agent's phone, then the customer.

Pure parts: which number the customer sees, and the AMI Originate that places the call.
The Originate gets a ChannelId chosen here, so the call's Linkedid is known before
Asterisk creates the first channel: the call is logged on the ticket from the start, and
the tracker follows it although it starts in no inbound context. An Originate is never
sent twice: if AMI drops while it is in flight, the caller of this API is told that the
outcome is unknown, and the call (if it happened) is found by the resync.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

CONTEXT = "ringdesk-click-to-call"
AGENT_RING_SECONDS = 30


@dataclass(frozen=True)
class ClickToCall:
    linkedid: str
    ticket_id: int
    endpoint: str  # the agent's PJSIP endpoint
    number: str  # the customer, E.164
    presented: str  # the caller ID the customer sees

    @property
    def agent(self) -> str:
        return f"PJSIP/{self.endpoint}"

    def originate(self) -> dict[str, str | list[str]]:
        return {
            "Channel": self.agent,
            "Context": CONTEXT, "Exten": self.number, "Priority": "1",
            # On the agent's phone: whom they are about to call.
            "CallerID": f'"Ticket {self.ticket_id}" <{self.number}>',
            "Timeout": str(AGENT_RING_SECONDS * 1000),
            "ChannelId": self.linkedid,
            "Async": "true",
            "Variable": [f"RINGDESK_PRESENT={self.presented}",
                         f"RINGDESK_TICKET={self.ticket_id}"],
        }


PlanClickToCall = Callable[[Session, int, str, str | None, str | None, str], ClickToCall]
"""(session, ticket id, agent endpoint, number, queue, region) -> the call to place; the help
desk provides it, since the ticket's customer decides the number."""


def new_linkedid() -> str:
    """Unique like Asterisk's own ids, and recognisably ringdesk's."""
    return f"rd-{int(time.time())}-{secrets.token_hex(4)}"


def presented_number(queue_caller_id: str, agent_caller_id: str,
                     number_they_called: str | None) -> str | None:
    """The queue's number, else the agent's, else the number the customer called us on."""
    return queue_caller_id or agent_caller_id or number_they_called or None


def plan_problem(ticket_found: bool, account_found: bool, number: str | None,
                 presented: str | None) -> tuple[str, str] | None:
    """(field, message) when the call cannot be placed as asked."""
    if not ticket_found:
        return ("ticket_id", "no such ticket")
    if not account_found:
        return ("agent", "no such agent account")
    if number is None:
        return ("number", "give a phone number: the ticket's contact has none")
    if presented is None:
        return ("queue", "no caller ID to present: set one on the queue or the agent")
    return None
