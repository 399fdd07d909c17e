"""The PBX admin API the admin screens stand on: a new SIP password shown once with what to
type into a softphone and its QR code, which routes use a queue, and every change in the
audit log. Answers checked against the OpenAPI description."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from ringdesk.callcenter.pbx.config import password_ha1
from ringdesk.callcenter.pbx.models import AgentAccount
from ringdesk.core.config import load_config
from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.core.health import HealthBoard
from ringdesk.web.app import create_app
from ringdesk.web.services import WebServices
from tests.db.openapi_check import check
from tests.unit.test_route_engine import GRAPH  # hands calls to the "sales" queue
from tests.users import user_and_token


@pytest.fixture
def admin_client(database_url: str):
    sessions = make_sessionmaker(make_engine(database_url))
    with sessions.begin() as session:
        _, admin_token = user_and_token(session, "ada", "Ada", rank="admin")
        _, lead_token = user_and_token(session, "lead", "Lead", rank="supervisor")
    config = load_config(environ={"RINGDESK_PBX_PHONE_SERVER": "pbx.example.com:5070",
                                  "RINGDESK_PBX_PHONE_TRANSPORT": "tcp"})
    app = create_app(WebServices(sessions, HealthBoard(), config, lambda: None))
    return app.test_client(), sessions, admin_token, lead_token


def call(client, token: str, method: str, path: str, body=None, spec_path=None):
    response = client.open(path, method=method, json=body,
                           headers={"Authorization": f"Bearer {token}"})
    return response.status_code, check(response, spec_path or path, method.lower())


def test_a_reset_password_is_shown_once_with_the_softphone_settings_and_qr(admin_client):
    client, sessions, admin, lead = admin_client
    status, created = call(client, admin, "POST", "/api/v1/pbx/accounts",
                           {"endpoint": "anna", "display_name": "Anna"})
    assert status == 201
    assert created["softphone"] == {"server": "pbx.example.com", "port": 5070,
                                    "transport": "tcp", "user": "anna"}
    assert created["qr_svg"].startswith("data:image/svg+xml")
    status, reset = call(client, admin, "POST", "/api/v1/pbx/accounts/anna/password",
                         spec_path="/api/v1/pbx/accounts/{endpoint}/password")
    assert status == 200 and reset["password"] != created["password"]
    with sessions() as session:
        account = session.query(AgentAccount).filter_by(endpoint="anna").one()
        assert account.password_ha1 == password_ha1("anna", reset["password"])
    listed = str(call(client, admin, "GET", "/api/v1/pbx/accounts")[1])
    assert reset["password"] not in listed and created["password"] not in listed
    status, _ = call(client, lead, "POST", "/api/v1/pbx/accounts/anna/password",
                     spec_path="/api/v1/pbx/accounts/{endpoint}/password")
    assert status == 403
    status, missing = call(client, admin, "POST", "/api/v1/pbx/accounts/nobody/password",
                           spec_path="/api/v1/pbx/accounts/{endpoint}/password")
    assert status == 404 and missing["code"] == "not_found"
    call(client, admin, "POST", "/api/v1/pbx/accounts",
         {"endpoint": "desk1", "static_contact": "sip:desk1@10.0.0.5:5060"})
    status, fixed = call(client, admin, "POST", "/api/v1/pbx/accounts/desk1/password",
                         spec_path="/api/v1/pbx/accounts/{endpoint}/password")
    assert status == 400 and fixed["details"]["field"] == "static_contact"


def test_the_qr_code_carries_the_account_a_softphone_needs():
    from ringdesk.callcenter.pbx.softphone import account_uri, softphone_of
    phone = softphone_of("anna", "", "10.1.2.3:8080", 5060, "udp")
    assert (phone.server, phone.port) == ("10.1.2.3", 5060)  # the web port is not SIP's
    uri = account_uri(phone, "s3/cr+t")
    assert unquote(uri) == "sip:anna:s3/cr+t@10.1.2.3:5060;transport=udp"


def test_queues_say_which_routes_use_them_and_changes_are_audited(admin_client):
    client, _, admin, _ = admin_client
    call(client, admin, "POST", "/api/v1/pbx/accounts", {"endpoint": "anna"})
    status, queue = call(client, admin, "PUT", "/api/v1/pbx/queues/sales",
                         {"ring_timeout": 12, "members": [
                             {"endpoint": "anna", "level": 1, "position": 1}]},
                         spec_path="/api/v1/pbx/queues/{name}")
    assert status == 200 and queue["used_by"] == []
    status, _ = call(client, admin, "POST", "/api/v1/routes",
                     {"name": "Main line", "graph": GRAPH})
    assert status == 201
    _, queues = call(client, admin, "GET", "/api/v1/pbx/queues")
    assert [(q["name"], q["used_by"]) for q in queues] == [("sales", ["Main line"])]
    _, log = call(client, admin, "GET", "/api/v1/audit-log?action=pbx.",
                  spec_path="/api/v1/audit-log")
    assert [(entry["action"], entry["target"]) for entry in log["items"]] == [
        ("pbx.queue.changed", "sales"), ("pbx.account.created", "anna")]
    _, routes = call(client, admin, "GET", "/api/v1/audit-log?action=route.",
                     spec_path="/api/v1/audit-log")
    assert [(entry["action"], entry["target"]) for entry in routes["items"]] == [
        ("route.created", "Main line")]
