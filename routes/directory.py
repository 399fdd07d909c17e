"""Which route each inbound number runs: an in-memory snapshot for the AGI path.

Calls must not wait for the database, so the server loads the published version of every
route that has numbers, and refreshes it periodically and after each publish.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ringdesk.routes.graph import RouteGraph, parse_graph
from ringdesk.routes.models import InboundNumber, Route, RouteVersion


@dataclass(frozen=True)
class PublishedRoute:
    route_id: int
    version_id: int
    version: int
    graph: RouteGraph


class RouteDirectory:
    def __init__(self) -> None:
        self._by_number: dict[str, PublishedRoute] = {}

    def lookup(self, number: str | None) -> PublishedRoute | None:
        return self._by_number.get(number) if number else None

    def replace(self, routes: dict[str, PublishedRoute]) -> None:
        self._by_number = routes  # one assignment: readers see the old or the new map

    def __len__(self) -> int:
        return len(self._by_number)

    def graphs(self) -> dict[int, RouteGraph]:
        """The snapshot's graphs by version id (see ``load_published_routes``)."""
        return {route.version_id: route.graph for route in self._by_number.values()}


def load_published_routes(sessions: sessionmaker[Session],
                          known: Mapping[int, RouteGraph] | None = None
                          ) -> dict[str, PublishedRoute]:
    """Every number's published route. Versions never change once published: a graph in
    ``known`` (by version id, from the last snapshot) is reused, neither fetched nor
    parsed again, so the periodic refresh costs little however many routes there are."""
    known = known or {}
    with sessions() as session:
        rows = session.execute(
            select(InboundNumber.number, Route.id, RouteVersion.id, RouteVersion.number)
            .join(Route, Route.id == InboundNumber.route_id)
            .join(RouteVersion, RouteVersion.id == Route.published_version_id)
        ).all()
        missing = {version_id for _, _, version_id, _ in rows if version_id not in known}
        documents: dict[int, Any] = {}
        if missing:
            documents = {version_id: document for version_id, document in session.execute(
                select(RouteVersion.id, RouteVersion.graph).where(RouteVersion.id.in_(missing)))}
    graphs: dict[int, RouteGraph | None] = dict(known)
    for version_id, document in documents.items():
        graphs[version_id] = parse_graph(document)[0]
    published: dict[str, PublishedRoute] = {}
    for number, route_id, version_id, version in rows:
        graph = graphs.get(version_id)
        if graph is not None:  # published versions were validated; never trust blindly
            published[number] = PublishedRoute(route_id, version_id, version, graph)
    return published
