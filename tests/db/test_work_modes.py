"""Work modes on real databases: the shipped set, changes and their log, the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from ringdesk.callcenter.agents import operations
from ringdesk.callcenter.agents.models import WorkMode
from ringdesk.callcenter.pbx.operations import do_create_account
from ringdesk.core.config import load_config
from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.core.errors import Conflict, InvalidInput, NotFound
from ringdesk.core.health import HealthBoard
from ringdesk.web.app import create_app
from ringdesk.web.services import WebServices
from tests.users import user_and_token

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


@pytest.fixture
def sessions(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    with sessions.begin() as session:
        do_create_account(session, "agent-a", static_contact="sip:a@127.0.0.1:5300")
    return sessions


def test_agents_start_without_a_mode_and_the_default_modes_exist(sessions):
    with sessions() as session:
        [agent] = operations.do_agent_modes(session)
        assert (agent.endpoint, agent.mode, agent.since) == ("agent-a", None, None)
        names = {m.name: (m.available, m.code)
                 for m in session.scalars(select(WorkMode))}
    assert names["Ready"] == (True, "1") and names["Break"] == (False, "2")
    assert {"Lunch", "Back office", "Logged out"} <= set(names)


def test_mode_changes_are_logged_as_periods(sessions):
    with sessions.begin() as session:
        operations.do_set_agent_mode(session, "agent-a", "Ready", "api", T0)
        operations.do_set_agent_mode(session, "agent-a", "2", "phone", T0 + timedelta(hours=2))
        # The same mode again changes nothing and logs nothing.
        same = operations.do_set_agent_mode(session, "agent-a", "Break", "api",
                                            T0 + timedelta(hours=3))
        assert same.since == T0 + timedelta(hours=2)
    with sessions() as session:
        log = operations.do_mode_log(session, "agent-a", None, None)
        assert [(p.mode_name, p.started_at, p.ended_at, p.source) for p in log] == [
            ("Ready", T0, T0 + timedelta(hours=2), "api"),
            ("Break", T0 + timedelta(hours=2), None, "phone")]
        # Only periods overlapping the window.
        later = operations.do_mode_log(session, "agent-a", T0 + timedelta(hours=2, minutes=1),
                                       None)
        assert [p.mode_name for p in later] == ["Break"]
        [agent] = operations.do_agent_modes(session)
        assert agent.mode == operations.ModeSpec("Break", False, "2")


def test_unknown_agents_modes_and_retired_modes_are_refused(sessions):
    with sessions.begin() as session:
        with pytest.raises(NotFound):
            operations.do_set_agent_mode(session, "nobody", "Ready", "api", T0)
        with pytest.raises(NotFound):
            operations.do_set_agent_mode(session, "agent-a", "Siesta", "api", T0)
        lunch = operations.do_create_mode(session, "Training", False, "7")
        operations.do_update_mode(session, lunch.id, {"active": False})
        with pytest.raises(NotFound, match="no active work mode"):
            operations.do_set_agent_mode(session, "agent-a", "Training", "api", T0)


def test_mode_names_and_codes_are_checked_and_unique(sessions):
    with sessions.begin() as session:
        with pytest.raises(InvalidInput, match="code"):
            operations.do_create_mode(session, "Coffee", False, "*9")
        with pytest.raises(InvalidInput, match="name"):
            operations.do_create_mode(session, "", False, "9")
        with pytest.raises(InvalidInput, match="available"):
            operations.do_create_mode(session, "Coffee", "no", "9")
        with pytest.raises(Conflict, match="code '2'"):
            operations.do_create_mode(session, "Coffee", False, "2")
        with pytest.raises(Conflict, match="name 'Break'"):
            operations.do_create_mode(session, "Break", False, "9")


def test_work_modes_api(database_url, sessions):
    with sessions.begin() as session:
        _, token = user_and_token(session, "admin", rank="admin")
    changes: list[tuple[str, str, int | None]] = []

    def set_mode(endpoint, mode, user_id):
        changes.append((endpoint, mode, user_id))
        with sessions.begin() as session:
            return operations.do_set_agent_mode(session, endpoint, mode, "api", T0), False

    app = create_app(WebServices(sessions, HealthBoard(), load_config(environ={}),
                                 lambda: None, None, set_mode))
    client = app.test_client()
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/work-modes").status_code == 401
    created = client.post("/api/v1/work-modes", headers=auth,
                          json={"name": "Coaching", "available": False, "code": "6"})
    assert created.status_code == 201 and created.get_json()["code"] == "6"
    clash = client.post("/api/v1/work-modes", headers=auth,
                        json={"name": "Coaching", "available": False, "code": "8"})
    assert clash.status_code == 409 and clash.get_json()["details"]["field"] == "name"
    mode_id = created.get_json()["id"]
    renamed = client.patch(f"/api/v1/work-modes/{mode_id}", headers=auth,
                           json={"name": "Coaching session"})
    assert renamed.get_json()["name"] == "Coaching session"
    changed = client.put("/api/v1/agents/agent-a/mode", headers=auth, json={"mode": "Ready"})
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()
    assert body["mode"]["name"] == "Ready" and body["applied"] is False
    assert changes[0][:2] == ("agent-a", "Ready") and changes[0][2] is not None
    missing = client.put("/api/v1/agents/agent-a/mode", headers=auth, json={})
    assert missing.status_code == 400 and missing.get_json()["details"]["field"] == "mode"
    log = client.get("/api/v1/agents/agent-a/mode-log?since=2026-11-23T07:00:00Z",
                     headers=auth).get_json()
    assert [period["mode"] for period in log] == ["Ready"]
    bad = client.get("/api/v1/agents/agent-a/mode-log?since=yesterday", headers=auth)
    assert bad.status_code == 400
    assert client.get("/api/v1/agents/nobody/mode-log", headers=auth).status_code == 404


def test_a_queue_is_replaced_with_members_it_already_had(sessions):
    """Editing a queue resends its members; the same agent in the new list is no clash."""
    from ringdesk.callcenter.pbx.operations import do_put_queue

    members = [{"endpoint": "agent-a", "level": 1, "position": 1}]
    with sessions.begin() as session:
        do_put_queue(session, "sales", {"ring_timeout": 5}, members)
    with sessions.begin() as session:
        queue = do_put_queue(session, "sales", {"ring_timeout": 9},
                             [{**members[0], "level": 2}])
        assert queue.ring_timeout == 9
        assert [(m.account.endpoint, m.level) for m in queue.members] == [("agent-a", 2)]
