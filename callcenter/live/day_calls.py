"""Today's calls from the database, as the live board counts them (callcenter/live/tally.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.callcenter.calls.models import Call
from ringdesk.callcenter.live.rows import device_endpoint, queue_of
from ringdesk.callcenter.live.tally import DayCall


def calls_since(session: Session, since: datetime) -> list[DayCall]:
    rows = session.execute(
        select(Call.linkedid, Call.queue, Call.agent, Call.connected_at.is_not(None),
               Call.wait_seconds, Call.outcome)
        .where(Call.direction == "inbound", Call.started_at >= since))
    return [DayCall(linkedid, queue_of(queue or ""),
                    device_endpoint(agent or "") or (agent or ""), bool(answered), wait,
                    outcome == "abandoned")
            for linkedid, queue, agent, answered, wait, outcome in rows]
