"""The audit log API: newest first, filtered, admins only; every answer checked against
the OpenAPI description."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ringdesk.core.audit import record
from ringdesk.core.config import load_config
from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.core.health import HealthBoard
from ringdesk.web.app import create_app
from ringdesk.web.services import WebServices
from tests.db.openapi_check import check
from tests.users import user_and_token

T0 = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def client_and_tokens(database_url: str):
    sessions = make_sessionmaker(make_engine(database_url))
    with sessions.begin() as session:
        lead, lead_token = user_and_token(session, "lead", "Lead", rank="supervisor")
        _, admin_token = user_and_token(session, "ada", "Ada", rank="admin")
        record(session, lead.id, "call.listen", "call 1.0", at=T0, agent="PJSIP/desk-anna")
        record(session, lead.id, "call.barge", "call 2.0", at=T0 + timedelta(minutes=1))
        record(session, None, "queue.changed", "queue sales", at=T0 + timedelta(minutes=2))
        lead_id = lead.id
    app = create_app(WebServices(sessions, HealthBoard(), load_config(environ={}),
                                 lambda: None))
    return app.test_client(), admin_token, lead_token, lead_id


def get(client, token: str, path: str):
    response = client.get(path, headers={"Authorization": f"Bearer {token}"})
    return response.status_code, check(response, path, "get")


def test_admins_read_the_audit_log_newest_first_and_filtered(client_and_tokens):
    client, admin, _, lead_id = client_and_tokens
    status, page = get(client, admin, "/api/v1/audit-log")
    assert status == 200
    assert [entry["action"] for entry in page["items"]] == [
        "queue.changed", "call.barge", "call.listen"]
    assert page["items"][2]["data"] == {"agent": "PJSIP/desk-anna"}
    _, calls = get(client, admin, "/api/v1/audit-log?action=call.")
    assert [entry["target"] for entry in calls["items"]] == ["call 2.0", "call 1.0"]
    _, listened = get(client, admin, f"/api/v1/audit-log?action=call.listen&user_id={lead_id}")
    assert [entry["target"] for entry in listened["items"]] == ["call 1.0"]
    _, first = get(client, admin, "/api/v1/audit-log?per_page=2")
    assert len(first["items"]) == 2 and first["more"] is True
    _, sales = get(client, admin, "/api/v1/audit-log?target=sales")
    assert [entry["action"] for entry in sales["items"]] == ["queue.changed"]
    # A wildcard in the action is a character, not a pattern.
    _, none = get(client, admin, "/api/v1/audit-log?action=%25.")
    assert none["items"] == []


def test_a_supervisor_may_not_read_who_listened(client_and_tokens):
    client, _, lead, _ = client_and_tokens
    status, body = get(client, lead, "/api/v1/audit-log")
    assert status == 403 and body["code"] == "forbidden"


def test_a_wallboard_token_reads_the_live_board_and_nothing_else(client_and_tokens):
    client, admin, lead, _ = client_and_tokens

    def call(method: str, path: str, token: str, **kwargs):
        response = getattr(client, method)(path, headers={"Authorization": f"Bearer {token}"},
                                           **kwargs)
        return response.status_code, check(response, path, method)

    assert call("post", "/api/v1/wallboard-tokens", lead, json={"name": "x"})[0] == 403
    status, made = call("post", "/api/v1/wallboard-tokens", admin, json={"name": "Hall"})
    assert status == 201 and made["kind"] == "wallboard"
    wall = made["token"]
    # The live board is open to it (no running server here: 503 past the access check).
    assert call("get", "/api/v1/live", wall)[0] == 503
    for path in ("/api/v1/tickets", "/api/v1/routes", "/api/v1/auth/tokens",
                 "/api/v1/wallboard-tokens"):
        status, body = call("get", path, wall)
        assert status == 403 and "wallboard" in body["message"], (path, body)
    assert call("post", "/api/v1/tickets", wall, json={"subject": "x"})[0] == 403
    _, listed = call("get", "/api/v1/wallboard-tokens", admin)
    assert [token["name"] for token in listed] == ["Hall"]
    assert call("delete", f"/api/v1/wallboard-tokens/{made['id']}", admin)[0] == 204
    assert call("get", "/api/v1/live", wall)[0] == 401
    assert call("delete", f"/api/v1/wallboard-tokens/{made['id']}", admin)[0] == 404
