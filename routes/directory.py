"""Which route each inbound number runs: an in-memory snapshot for the AGI path.

Calls must not wait for the database, so the server loads the published version of every
route that has numbers, and refreshes it periodically and after each publish.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from routes.graph import RouteGraph, parse_graph
from routes.models import InboundNumber, Route, RouteVersion


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


def load_published_routes(sessions: sessionmaker[Session]) -> dict[str, PublishedRoute]:
    with sessions() as session:
        rows = session.execute(
            select(InboundNumber.number, Route.id, RouteVersion.id, RouteVersion.number,
                   RouteVersion.graph)
            .join(Route, Route.id == InboundNumber.route_id)
            .join(RouteVersion, RouteVersion.id == Route.published_version_id)
        ).all()
    published: dict[str, PublishedRoute] = {}
    parsed: dict[int, RouteGraph | None] = {}
    for number, route_id, version_id, version, document in rows:
        if version_id not in parsed:
            parsed[version_id] = parse_graph(document)[0]
        graph = parsed[version_id]
        if graph is not None:  # published versions were validated; never trust blindly
            published[number] = PublishedRoute(route_id, version_id, version, graph)
    return published
