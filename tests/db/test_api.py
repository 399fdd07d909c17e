"""The REST API through Flask's test client on real databases, checked against OpenAPI."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from flask.testing import FlaskClient

from ringdesk.callcenter.calls.recorder import CallRecorder
from ringdesk.core.config import load_config
from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.core.health import OK, HealthBoard
from ringdesk.helpdesk.calls.tickets import CallTicketDesk
from ringdesk.web.app import create_app, spec
from ringdesk.web.services import WebServices
from tests.db.test_recorder import lifecycle
from tests.users import user_and_token

SPEC = spec()


def validate(body: Any, path: str, status: str) -> None:
    operation = SPEC["paths"][path]["get"]
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    resolver_schema = {**schema, "components": SPEC["components"]}
    jsonschema.validate(body, resolver_schema)


@pytest.fixture
def client_and_sessions(database_url: str):
    sessions = make_sessionmaker(make_engine(database_url))
    health = HealthBoard()
    for component in ("agi", "ami", "db"):
        health.report(component, OK, "test")
    app = create_app(WebServices(sessions, health, load_config(environ={}), lambda: None))
    with sessions.begin() as session:
        _, token = user_and_token(session, "lead", rank="supervisor")
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client, sessions, health


def test_tickets_list_and_detail_match_the_description(client_and_sessions):
    client, sessions, _ = client_and_sessions
    recorder = CallRecorder(sessions, "DE", CallTicketDesk)
    callers = {"1.1": "+4915112345601", "1.2": "+4915112345602", "1.3": "+4915112345678"}
    for linkedid, caller in callers.items():
        for update in lifecycle(linkedid, answered=linkedid != "1.2", caller=caller):
            recorder.apply(update)
    response = client.get("/api/v1/tickets?per_page=2")
    assert response.status_code == 200
    body = response.get_json()
    validate(body, "/api/v1/tickets", "200")
    assert body["total"] == 3 and len(body["items"]) == 2
    newest = body["items"][0]
    assert newest["calls"][0]["linkedid"] == "1.3"
    assert newest["calls"][0]["caller_number"] == "+4915112345678"
    page_two = client.get("/api/v1/tickets?per_page=2&page=2").get_json()
    assert [item["calls"][0]["outcome"] for item in page_two["items"]] == ["answered"]
    detail = client.get(f"/api/v1/tickets/{newest['id']}")
    validate(detail.get_json(), "/api/v1/tickets/{ticket_id}", "200")


@pytest.mark.parametrize("query", ["page=0", "per_page=500", "page=x"])
def test_bad_paging_is_a_clear_400(client_and_sessions, query):
    client, _, _ = client_and_sessions
    response = client.get(f"/api/v1/tickets?{query}")
    assert response.status_code == 400
    body = response.get_json()
    validate(body, "/api/v1/tickets", "400")
    assert body["code"] == "invalid_input" and body["details"]["field"] in query


def test_missing_ticket_and_unknown_path_use_the_error_shape(client_and_sessions):
    client, _, _ = client_and_sessions
    missing = client.get("/api/v1/tickets/999")
    assert missing.status_code == 404
    validate(missing.get_json(), "/api/v1/tickets/{ticket_id}", "404")
    unknown = client.get("/api/v1/nothing")
    assert unknown.status_code == 404 and unknown.get_json()["code"] == "not_found"


def test_healthz_reports_each_component(client_and_sessions):
    client, _, health = client_and_sessions
    ok = client.get("/healthz")
    assert ok.status_code == 200
    validate(ok.get_json(), "/healthz", "200")
    health.report("ami", "down", "AMI login as 'ringdesk' failed: Authentication failed")
    degraded = client.get("/healthz")
    assert degraded.status_code == 503
    body = degraded.get_json()
    validate(body, "/healthz", "503")
    assert "Authentication failed" in body["components"]["ami"]["detail"]


def test_openapi_document_is_served_and_valid(client_and_sessions):
    client: FlaskClient = client_and_sessions[0]
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    jsonschema.Draft202012Validator.check_schema(document["components"]["schemas"]["Ticket"])
    assert set(document["paths"]) >= {"/api/v1/tickets", "/api/v1/tickets/{ticket_id}",
                                      "/healthz", "/api/v1/openapi.json"}
