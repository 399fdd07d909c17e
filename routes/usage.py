"""Which routes name a thing (a caller list, a PBX queue) in a node's parameters: in their
draft or their published version, since either may run or be published next."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.routes.models import Route, RouteVersion

NodeNames = Callable[[str, dict[str, Any]], Iterable[str]]


def routes_naming(session: Session, names_in: NodeNames) -> dict[str, list[str]]:
    """Each name ``names_in(node type, params)`` finds -> the routes using it, sorted."""
    published: dict[int, dict[str, Any]] = {
        version_id: graph for version_id, graph in session.execute(
            select(RouteVersion.id, RouteVersion.graph)
            .join(Route, Route.published_version_id == RouteVersion.id))}
    users: dict[str, set[str]] = {}
    for route in session.scalars(select(Route)):
        named = _named(route.draft, names_in)
        if route.published_version_id in published:
            named |= _named(published[route.published_version_id], names_in)
        for name in named:
            users.setdefault(name, set()).add(route.name)
    return {name: sorted(routes) for name, routes in users.items()}


def _named(graph: dict[str, Any], names_in: NodeNames) -> set[str]:
    # Drafts save freely: any shape may be there.
    named: set[str] = set()
    nodes = graph.get("nodes")
    for node in nodes.values() if isinstance(nodes, dict) else ():
        params = node.get("params") if isinstance(node, dict) else None
        if isinstance(params, dict) and isinstance(node.get("type"), str):
            named.update(name for name in names_in(node["type"], params)
                         if isinstance(name, str))
    return named


def queues_named(node_type: str, params: dict[str, Any]) -> Iterable[str]:
    queue = params.get("queue")
    return [queue] if node_type == "queue" and isinstance(queue, str) else []


def lists_named(node_type: str, params: dict[str, Any]) -> Iterable[str]:
    lists = params.get("lists")
    return lists if node_type == "vip" and isinstance(lists, list) else []
