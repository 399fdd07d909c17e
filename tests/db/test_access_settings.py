"""The sign-in rules and number masking an admin sets on the Users screen, through the real
Flask app on real databases: the configuration file's values until saved, checked input
(ranks, networks, the admin's own address), a change saved meanwhile refused with the
current value, an audit entry, and the new rules holding at once in another process."""

from __future__ import annotations

import pytest

from ringdesk.core.audit import AuditEntry
from ringdesk.core.config import load_config
from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.core.health import HealthBoard
from ringdesk.core.users.operations import do_create_user
from ringdesk.web.app import create_app
from ringdesk.web.services import WebServices
from tests.db.openapi_check import check
from tests.db.test_live_scope import live_board
from tests.unit.test_live_board import at
from tests.users import user_and_token

PASSWORD = "correct horse battery"
OFFICE = "192.0.2.10"
RULES = "/api/v1/users/sign-in-rules"
MASKING = "/api/v1/live/masking"


@pytest.fixture
def two_processes(database_url: str):
    """Two apps on one database, as two server processes are."""
    sessions = make_sessionmaker(make_engine(database_url))
    with sessions.begin() as session:
        _, admin = user_and_token(session, "boss", rank="admin")
        _, lead = user_and_token(session, "lead", rank="supervisor", password=PASSWORD)
        do_create_user(session, "sam", rank="supervisor", password=PASSWORD)
    config = load_config(environ={"RINGDESK_AUTH_TRUSTED_NETWORKS": "10.1.0.0/16",
                                  "RINGDESK_LIVE_MASK_NUMBERS_FOR": ""})
    board = live_board()
    apps = [create_app(WebServices(sessions, HealthBoard(), config, lambda: None,
                                   live_snapshot=lambda: board.snapshot(at(10))))
            for _ in range(2)]
    clients = [app.test_client() for app in apps]

    def call(token: str, method: str, path: str, body=None, process: int = 0,
             address: str = OFFICE):
        response = clients[process].open(path, method=method, json=body,
                                         headers={"Authorization": f"Bearer {token}"},
                                         environ_base={"REMOTE_ADDR": address})
        return response.status_code, check(response, path, method.lower())

    return call, admin, lead, sessions


def rules(ranks=(), allowed=(), trusted=(), revision=0):
    return {"second_factor_ranks": list(ranks), "allowed_networks": list(allowed),
            "trusted_networks": list(trusted), "revision": revision}


def test_the_files_rules_hold_until_an_admin_saves_others_which_hold_everywhere_at_once(
        two_processes):
    call, admin, lead, sessions = two_processes
    status, now = call(admin, "GET", RULES)
    assert status == 200
    assert (now["revision"], now["trusted_networks"], now["second_factor_ranks"],
            now["your_address"]) == (0, ["10.1.0.0/16"], [], OFFICE)
    assert call(lead, "GET", "/api/v1/tickets", process=1)[0] == 200

    status, saved = call(admin, "PUT", RULES, rules(
        ["supervisor"], ["192.0.2.7/24", "10.0.0.0/8", "10.0.0.0/8"], [], 0))
    assert status == 200
    assert saved["allowed_networks"] == ["192.0.2.0/24", "10.0.0.0/8"]  # as networks, once
    assert (saved["revision"], saved["second_factor_ranks"], saved["still_to_enrol"]) == (
        1, ["supervisor"], 2)
    # The other process holds the supervisor to the new rules on its next request...
    status, refused = call(lead, "GET", "/api/v1/tickets", process=1)
    assert (status, refused["code"]) == (403, "second_factor_enrolment_required")
    # ...and refuses an address outside the allowed networks.
    status, refused = call(admin, "GET", RULES, process=1, address="198.51.100.1")
    assert (status, refused["code"]) == (403, "address_refused")
    with sessions() as session:
        entry = session.query(AuditEntry).filter_by(action="settings.sign_in_changed").one()
    assert entry.data["second_factor_ranks"] == {"before": [], "after": ["supervisor"]}
    assert entry.data["trusted_networks"] == {"before": ["10.1.0.0/16"], "after": []}


def test_unreadable_networks_and_a_rank_that_does_not_exist_are_named_and_nothing_is_saved(
        two_processes):
    call, admin, _, _ = two_processes
    status, refused = call(admin, "PUT", RULES, rules([], ["10.0.0.0/8", "office lan"],
                                                       ["10.1.0.0/33"]))
    assert (status, refused["code"]) == (400, "invalid_input")
    assert [(problem["field"], problem["value"]) for problem in refused["details"]["problems"]
            ] == [("allowed_networks.1", "office lan"), ("trusted_networks.0", "10.1.0.0/33")]
    assert "office lan" in refused["message"]
    assert call(admin, "PUT", RULES, rules(["owner"]))[0] == 400  # the schema's own check
    assert call(admin, "GET", RULES)[1]["revision"] == 0


def test_an_admin_cannot_shut_themselves_out_and_a_change_made_meanwhile_is_not_overwritten(
        two_processes):
    call, admin, lead, _ = two_processes
    status, refused = call(admin, "PUT", RULES, rules([], ["10.0.0.0/8"]))
    assert (status, refused["code"]) == (422, "would_lock_out")
    assert refused["details"] == {"field": "allowed_networks", "address": OFFICE}
    assert call(admin, "PUT", RULES, rules(["agent"], [], ["10.1.0.0/16"], 0))[0] == 200
    status, refused = call(admin, "PUT", RULES, rules([], [], [], 0), process=1)
    assert (status, refused["code"]) == (409, "conflict")
    assert refused["details"]["revision"] == 1
    assert refused["details"]["current"]["second_factor_ranks"] == ["agent"]
    assert call(lead, "PUT", RULES, rules())[0] == 403  # supervisors may not


def test_masked_numbers_follow_the_screens_choice_in_every_process(two_processes):
    call, admin, lead, sessions = two_processes
    status, now = call(admin, "GET", MASKING)
    assert (status, now["ranks"], now["revision"]) == (200, [], 0)
    _, board = call(lead, "GET", "/api/v1/live", process=1)
    assert "+4930130121" in {c["caller"] for c in board["calls"]}
    status, saved = call(admin, "PUT", MASKING, {"ranks": ["supervisor"], "revision": 0})
    assert (status, saved["ranks"], saved["revision"]) == (200, ["supervisor"], 1)
    _, board = call(lead, "GET", "/api/v1/live", process=1)
    assert {c["caller"] for c in board["calls"]} == {"+49•••••121", "+49•••••999"}
    _, board = call(admin, "GET", "/api/v1/live", process=1)
    assert "+4930130121" in {c["caller"] for c in board["calls"]}
    assert call(admin, "PUT", MASKING, {"ranks": [], "revision": 0})[0] == 409
    assert call(lead, "GET", MASKING)[0] == 403
    with sessions() as session:
        entry = session.query(AuditEntry).filter_by(action="settings.masking_changed").one()
    assert entry.data == {"ranks": {"before": [], "after": ["supervisor"]}}
