"""Wrap-up: what an agent says a queue call came to (one of the queue's codes) and a note,
kept on the call (for reports) and on its ticket's timeline."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.callcenter.calls.models import Call
from ringdesk.callcenter.live.rows import queue_of
from ringdesk.callcenter.pbx.models import PbxQueue
from ringdesk.core.errors import InvalidInput
from ringdesk.helpdesk.tickets.desk import Desk
from ringdesk.helpdesk.tickets.models import Ticket

NOTE_LENGTH = 4000


def dispositions_of(session: Session, call: Call) -> list[str]:
    """The codes of the PBX queue that put the call through (none for a direct call)."""
    if not call.queue:
        return []
    queue = session.scalars(select(PbxQueue).where(
        PbxQueue.name == queue_of(call.queue))).first()
    return list(queue.dispositions) if queue is not None else []


def do_set_disposition(desk: Desk, call: Call, code: str, note: str) -> None:
    codes = dispositions_of(desk.session, call)
    if not codes:
        raise InvalidInput("this call came through no queue with dispositions",
                           {"field": "code"})
    if code not in codes:
        raise InvalidInput(f"{code!r} is not one of this queue's dispositions",
                           {"field": "code", "choices": codes})
    if len(note) > NOTE_LENGTH:
        raise InvalidInput(f"a note is at most {NOTE_LENGTH} characters", {"field": "note"})
    call.disposition = code
    ticket = desk.session.get(Ticket, call.ticket_id) if call.ticket_id else None
    if ticket is not None:
        desk.record(ticket, "disposition", note.strip(),
                    {"linkedid": call.linkedid, "code": code})
