"""What routes may refer to, loaded for validation and the live snapshot: sounds on disk,
the PBX's queues and agents, caller lists."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ringdesk.callcenter.calls.models import Call
from ringdesk.callcenter.pbx.models import AgentAccount, PbxQueue, QueueMember
from ringdesk.routes.models import CallerList
from ringdesk.routes.nodes import NODE_TYPES
from ringdesk.routes.nodes.base import Issue, References
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


def route_warnings(session: Session, document: Any) -> list[Issue]:
    """What does not stop a route from publishing but leaves its callers unserved: a queue
    nobody answers (no agent in any of its levels)."""
    nodes = document.get("nodes") if isinstance(document, dict) else None
    if not isinstance(nodes, dict):
        return []
    queues = set(session.scalars(select(PbxQueue.name)))
    staffed = set(session.scalars(select(PbxQueue.name).join(QueueMember).distinct()))
    warnings = []
    for node_id, node in nodes.items():
        type_name = node.get("type") if isinstance(node, dict) else None
        node_type = NODE_TYPES.get(type_name) if isinstance(type_name, str) else None
        if node_type is None:
            continue
        params = node.get("params") or {}
        for spec in node_type.params:
            name = params.get(spec.name) if isinstance(params, dict) else None
            if spec.kind == "queue" and name in queues and name not in staffed:
                warnings.append(Issue("empty_queue", f"nobody answers queue {name!r}: its "
                                      "callers wait until they give up", node_id, spec.name,
                                      key="empty_queue", params={"queue": str(name)}))
    return warnings


def versions_ran_calls(session: Session, version_ids: Select[Any]) -> bool:
    """Whether a call ran one of these route versions (its history keeps the route)."""
    ran = session.scalars(select(Call.id).where(Call.route_version_id.in_(version_ids)))
    return ran.first() is not None
