"""Reading agents' time for a report period from the database (the figures themselves are
worked out in time_report.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ringdesk.callcenter.agents.models import WorkModeChange
from ringdesk.callcenter.agents.time_report import ModePeriod, Talk, agent_time
from ringdesk.callcenter.calls.models import Call
from ringdesk.callcenter.pbx.models import AgentAccount


def agent_time_report(session: Session, start: datetime, end: datetime, zone: ZoneInfo,
                      now: datetime) -> dict[str, Any]:
    accounts = {account.id: account for account in session.scalars(select(AgentAccount))}
    periods = [
        ModePeriod(accounts[row.account_id].endpoint, row.mode_name, row.available,
                   row.started_at, row.ended_at)
        for row in session.scalars(select(WorkModeChange).where(
            WorkModeChange.started_at < end,
            or_(WorkModeChange.ended_at.is_(None), WorkModeChange.ended_at > start)))
        if row.account_id in accounts]
    talks = [Talk(agent.removeprefix("PJSIP/"), connected, talk or 0)
             for agent, connected, talk in session.execute(
                 select(Call.agent, Call.connected_at, Call.talk_seconds).where(
                     Call.agent != "", Call.connected_at >= start, Call.connected_at < end))
             if connected is not None]
    names = {account.endpoint: account.display_name for account in accounts.values()}
    return agent_time(periods, talks, start, end, zone, now, names)
