"""How real calls went through a route: per node and port, how many calls took each edge
and ended at each node over a period, from the paths the calls recorded (every published
version of the route)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.callcenter.calls.models import Call
from ringdesk.routes.models import RouteVersion

MAX_LISTED = 100


@dataclass
class Traffic:
    calls: int = 0
    edges: Counter[str] = field(default_factory=Counter)  # "node:port" -> calls
    ended: Counter[str] = field(default_factory=Counter)  # node -> calls that ended there
    listed: list[dict[str, Any]] = field(default_factory=list)  # the calls of one edge


def edge_key(node: str, port: str) -> str:
    return f"{node}:{port}"


def count_path(traffic: Traffic, path: list[dict[str, Any]]) -> list[str]:
    """Add one call's path; answer the edges it took. Pure."""
    steps = [step for step in path if step.get("node")]
    taken = [edge_key(step["node"], step["port"]) for step in steps if step.get("port")]
    traffic.calls += 1
    traffic.edges.update(set(taken))
    if steps:
        traffic.ended[steps[-1]["node"]] += 1
    return taken


def route_traffic(session: Session, route_id: int, since: datetime, until: datetime,
                  edge: str | None = None) -> Traffic:
    versions = select(RouteVersion.id).where(RouteVersion.route_id == route_id)
    rows = session.execute(
        select(Call.linkedid, Call.started_at, Call.caller_number, Call.ticket_id, Call.path,
               Call.outcome)
        .where(Call.route_version_id.in_(versions), Call.started_at >= since,
               Call.started_at < until)
        .order_by(Call.started_at.desc()))
    traffic = Traffic()
    for row in rows:
        taken = count_path(traffic, row.path or [])
        if edge is not None and edge in taken and len(traffic.listed) < MAX_LISTED:
            traffic.listed.append({"linkedid": row.linkedid, "started_at": row.started_at,
                                   "caller_number": row.caller_number,
                                   "ticket_id": row.ticket_id, "outcome": row.outcome})
    return traffic
