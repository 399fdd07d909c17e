"""Who sees which queues on the live board, through the API's one access check: an admin
sees all; a supervisor who watches queues sees only them (agents, callers, calls), and
ranks an admin chose see callers' numbers masked. Queues name their supervisors."""

from __future__ import annotations

import pytest

from ringdesk.callcenter.calls.updates import CallStarted, QueueJoined
from ringdesk.callcenter.live.board import LiveBoard
from ringdesk.callcenter.live.rows import AgentAccountFacts
from ringdesk.core.config import load_config
from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.core.health import HealthBoard
from ringdesk.web.app import create_app
from ringdesk.web.services import WebServices
from tests.db.openapi_check import check
from tests.unit.test_live_board import T0, at
from tests.users import user_and_token


def live_board() -> LiveBoard:
    board = LiveBoard("Europe/Berlin")
    board.know_agents({"anna": AgentAccountFacts("Anna", {"sales": 1}),
                       "ben": AgentAccountFacts("Ben", {"support": 1})}, T0)
    board.know_queues(["sales", "support"], T0)
    for update in (CallStarted("1.0", at(1), "+4930130121", "100", "from-trunk"),
                   QueueJoined("1.0", at(2), "sales-L1", 1),
                   CallStarted("2.0", at(3), "+4930999999", "100", "from-trunk"),
                   QueueJoined("2.0", at(4), "support-L1", 1)):
        board.call_update(update, update.at)
    return board


@pytest.fixture
def api(database_url: str):
    sessions = make_sessionmaker(make_engine(database_url))
    tokens = {}
    with sessions.begin() as session:
        for login, rank in (("ada", "admin"), ("lead", "supervisor"), ("sam", "supervisor"),
                            ("ann", "agent")):
            user, tokens[login] = user_and_token(session, login, login.title(), rank=rank)
            tokens[f"{login}_id"] = user.id
    board = live_board()
    config = load_config(environ={"RINGDESK_LIVE_MASK_NUMBERS_FOR": "supervisor"})
    app = create_app(WebServices(sessions, HealthBoard(), config, lambda: None,
                                 live_snapshot=lambda: board.snapshot(at(10))))
    client = app.test_client()

    def call(login: str, method: str, path: str, body=None, spec=None):
        response = client.open(path, method=method, json=body,
                               headers={"Authorization": f"Bearer {tokens[login]}"})
        return response.status_code, check(response, spec or path, method.lower())

    return call, tokens


def test_a_supervisor_sees_only_the_queues_they_watch_with_numbers_masked(api):
    call, tokens = api
    status, _ = call("ada", "PUT", "/api/v1/pbx/queues/sales",
                     {"members": [], "supervisors": [tokens["lead_id"]]},
                     spec="/api/v1/pbx/queues/{name}")
    assert status == 200
    _, queues = call("ada", "GET", "/api/v1/pbx/queues")
    assert [(queue["name"], queue["supervisors"]) for queue in queues] == [
        ("sales", [tokens["lead_id"]])]
    _, everything = call("ada", "GET", "/api/v1/live")
    assert {queue["name"] for queue in everything["queues"]} == {"sales", "support"}
    assert {c["caller"] for c in everything["calls"]} == {"+4930130121", "+4930999999"}
    _, lead = call("lead", "GET", "/api/v1/live")
    assert [queue["name"] for queue in lead["queues"]] == ["sales"]
    assert [agent["endpoint"] for agent in lead["agents"]] == ["anna"]
    assert [(c["linkedid"], c["caller"]) for c in lead["calls"]] == [("1.0", "+49•••••121")]
    assert lead["queues"][0]["callers"][0]["caller"] == "+49•••••121"
    _, calls = call("lead", "GET", "/api/v1/live/calls")
    assert [c["linkedid"] for c in calls] == ["1.0"]
    # A supervisor who watches no queue in particular sees them all (masked all the same).
    _, sam = call("sam", "GET", "/api/v1/live")
    assert len(sam["calls"]) == 2 and all("•" in c["caller"] for c in sam["calls"])
    assert call("ann", "GET", "/api/v1/live")[0] == 403


def test_only_people_who_see_the_board_can_watch_a_queue(api):
    call, tokens = api
    status, refused = call("ada", "PUT", "/api/v1/pbx/queues/sales",
                           {"members": [], "supervisors": [tokens["ann_id"]]},
                           spec="/api/v1/pbx/queues/{name}")
    assert status == 400 and refused["details"]["field"] == "supervisors"
    status, refused = call("ada", "PUT", "/api/v1/pbx/queues/sales",
                           {"members": [], "supervisors": [99999]},
                           spec="/api/v1/pbx/queues/{name}")
    assert status == 400 and refused["details"]["field"] == "supervisors"
