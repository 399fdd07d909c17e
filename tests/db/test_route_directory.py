"""The AGI path's snapshot of published routes, as the server refreshes it."""

from pathlib import Path

from sqlalchemy import select

from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.models import User
from ringdesk.routes.directory import RouteDirectory, load_published_routes
from ringdesk.routes.models import Route
from ringdesk.routes.operations import do_rollback
from ringdesk.routes.references import sound_names
from sandbox.demo import DEMO_ROUTES, seed_demo

SOUNDS = Path(__file__).parents[2] / "sounds" / "ringdesk"


def test_refresh_reuses_unchanged_versions_and_loads_new_ones(database_url: str):
    sessions = make_sessionmaker(make_engine(database_url))
    numbers, _ = seed_demo(sessions, sound_names(SOUNDS))
    first = load_published_routes(sessions)
    assert sorted(first) == sorted(numbers)
    directory = RouteDirectory()
    directory.replace(first)

    again = load_published_routes(sessions, directory.graphs())
    assert all(again[number].graph is first[number].graph for number in numbers)

    name, menu_number, _ = DEMO_ROUTES[2]
    with sessions.begin() as session:
        admin = session.scalars(select(User).where(User.login == "admin")).one()
        route = session.scalars(select(Route).where(Route.name == name)).one()
        do_rollback(session, admin, route, 1)  # version 2, the same graph as version 1
    after = load_published_routes(sessions, directory.graphs())
    assert after[menu_number].version == 2
    assert after[menu_number].version_id != first[menu_number].version_id
    assert after[menu_number].graph is not first[menu_number].graph  # read and parsed anew
    assert after[menu_number].graph == first[menu_number].graph
    assert all(after[number].graph is first[number].graph
               for number in numbers if number != menu_number)
