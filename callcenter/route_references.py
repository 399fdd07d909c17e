"""What routes may refer to, loaded for validation and the live snapshot: sounds on disk,
the PBX's queues and agents, caller lists."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ringdesk.callcenter.calls.models import Call
from ringdesk.callcenter.pbx.models import AgentAccount, PbxQueue
from ringdesk.routes.models import CallerList
from ringdesk.routes.nodes.base import References
from ringdesk.routes.references import sound_names


def load_references(session: Session, sounds_dir: Path, trunks: Iterable[str]) -> References:
    return References(
        sounds=sound_names(sounds_dir),
        queues=frozenset(session.scalars(select(PbxQueue.name))),
        agents=frozenset(session.scalars(select(AgentAccount.endpoint))),
        caller_lists={row.name: frozenset(row.entries)
                      for row in session.scalars(select(CallerList))},
        trunks=frozenset(trunks),
    )


def versions_ran_calls(session: Session, version_ids: Select[Any]) -> bool:
    """Whether a call ran one of these route versions (its history keeps the route)."""
    ran = session.scalars(select(Call.id).where(Call.route_version_id.in_(version_ids)))
    return ran.first() is not None
