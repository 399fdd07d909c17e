"""The one access check, probed as an attacker would through the real Flask app on real
databases: tokens that end (expiry, password change, sign out everywhere, revocation), the
rank's gates on tokens, two-factor codes that work once, ownership of agents' phones and
recordings, JSON-only sign-in, throttling that counts an account once, exports that stay
text, and a health answer without error texts."""

from __future__ import annotations

import csv
import hashlib
import io
import threading
import time
from collections.abc import Callable
from datetime import timedelta

import pyotp
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, update

from ringdesk.callcenter.agents.operations import ModeOfAgent
from ringdesk.callcenter.calls.models import Call
from ringdesk.callcenter.pbx.models import AgentAccount, PbxQueue
from ringdesk.core.config import load_config
from ringdesk.core.db import make_engine, make_sessionmaker, utcnow
from ringdesk.core.health import HealthBoard
from ringdesk.core.users.models import User, UserToken
from ringdesk.core.users.operations import do_create_user
from ringdesk.core.users.second_factor import RecoveryCode
from ringdesk.helpdesk.reports import as_csv
from ringdesk.web.app import create_app
from ringdesk.web.services import WebServices
from tests.db.openapi_check import check
from tests.users import user_and_token

PASSWORD = "correct horse battery"


class Phones:
    """What the running server would do with Asterisk, recorded (the access check is what
    these tests are about; the AMI side has its own end-to-end tests)."""

    def __init__(self) -> None:
        self.modes: list[tuple[str, str]] = []
        self.calls: list[str] = []

    def set_mode(self, endpoint: str, mode: str, by: int | None) -> tuple[ModeOfAgent, bool]:
        self.modes.append((endpoint, mode))
        return ModeOfAgent(endpoint, None, None), True

    def click_to_call(self, ticket_id: int, endpoint: str, number: str | None,
                      queue: str | None) -> dict[str, str]:
        self.calls.append(endpoint)
        return {"linkedid": "c2c-1", "agent": endpoint, "number": "+4930123456",
                "presented": "+4930000000"}


@pytest.fixture
def world(database_url: str, tmp_path):
    sessions = make_sessionmaker(make_engine(database_url))
    tokens: dict[str, str] = {}
    with sessions.begin() as session:
        for login, rank in (("boss", "admin"), ("lead", "supervisor"), ("ann", "agent"),
                            ("ben", "agent")):
            user, tokens[login] = user_and_token(session, login, rank=rank, password=PASSWORD,
                                                 email=f"{login}@example.com")
            if rank == "agent":
                session.add(AgentAccount(endpoint=f"desk-{login}", user_id=user.id))
    phones = Phones()
    config = load_config(environ={
        "RINGDESK_AUTH_FAILURES_PER_ACCOUNT": "3", "RINGDESK_AUTH_FAILURES_PER_ADDRESS": "50",
        "RINGDESK_MEDIA_RECORDINGS_DIR": str(tmp_path)})
    app = create_app(WebServices(sessions, HealthBoard(), config, lambda: None,
                                 set_agent_mode=phones.set_mode,
                                 click_to_call=phones.click_to_call))
    return app, sessions, tokens, phones


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def at_once(count: int, attempt: Callable[[], int]) -> list[int]:
    """``attempt`` run by ``count`` threads released together; their answers' statuses."""
    statuses: list[int] = []
    start = threading.Barrier(count)

    def run() -> None:
        start.wait()
        statuses.append(attempt())

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def login(client: FlaskClient, who: str, code: str | None = None,
          password: str = PASSWORD) -> tuple[int, dict]:
    answer = client.post("/api/v1/auth/login",
                         json={"login": who, "password": password, "code": code})
    return answer.status_code, answer.get_json()


# -- tokens ----------------------------------------------------------------------------

def test_creating_a_user_hands_out_no_token_but_a_first_password_to_change(world):
    app, _, tokens, _ = world
    client = app.test_client()
    made = client.post("/api/v1/users", headers=bearer(tokens["boss"]),
                       json={"login": "cid", "rank": "agent"})
    assert made.status_code == 201
    body = made.get_json()
    assert "token" not in body and body["must_change_password"] is True
    status, signed_in = login(client, "cid", password=body["first_password"])
    assert status == 200
    gated = client.get("/api/v1/tickets", headers=bearer(signed_in["token"]))
    assert gated.status_code == 403 and gated.get_json()["code"] == "password_change_required"


def test_a_login_token_ends_at_its_expiry(world):
    app, sessions, _, _ = world
    client = app.test_client()
    _, signed_in = login(client, "ann")
    assert client.get("/api/v1/auth/me", headers=bearer(signed_in["token"])).status_code == 200
    with sessions.begin() as session:
        session.execute(update(UserToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    expired = client.get("/api/v1/auth/me", headers=bearer(signed_in["token"]))
    assert expired.status_code == 401 and expired.get_json()["details"]["reason"] == "expired"


def test_a_password_change_ends_every_token(world):
    app, _, tokens, _ = world
    client = app.test_client()
    _, signed_in = login(client, "ann")
    changed = client.post("/api/v1/auth/password", headers=bearer(tokens["ann"]),
                          json={"current": PASSWORD, "new": "another long password"})
    assert changed.status_code == 204
    for token in (signed_in["token"], tokens["ann"]):
        assert client.get("/api/v1/auth/me", headers=bearer(token)).status_code == 401


def test_an_admin_setting_a_password_ends_the_users_tokens(world):
    app, sessions, tokens, _ = world
    client = app.test_client()
    with sessions() as session:
        ann = session.scalars(select(User.id).where(User.login == "ann")).one()
    client.patch(f"/api/v1/users/{ann}", headers=bearer(tokens["boss"]),
                 json={"password": "set by the admin"})
    assert client.get("/api/v1/auth/me", headers=bearer(tokens["ann"])).status_code == 401


def test_signing_out_everywhere_ends_personal_tokens_too(world):
    app, _, tokens, _ = world
    client = app.test_client()
    made = client.post("/api/v1/auth/tokens", headers=bearer(tokens["lead"]),
                       json={"name": "my script", "days": 30}).get_json()
    assert client.post("/api/v1/auth/sessions/end-all",
                       headers=bearer(tokens["lead"])).status_code == 200
    assert client.get("/api/v1/auth/me", headers=bearer(made["token"])).status_code == 401


def test_tokens_are_listed_and_revoked_by_their_owner_and_by_admins_only(world):
    app, sessions, tokens, _ = world
    client = app.test_client()
    made = client.post("/api/v1/auth/tokens", headers=bearer(tokens["ann"]),
                       json={"name": "report script"})
    assert made.status_code == 201
    token = made.get_json()
    assert token["kind"] == "personal" and token["name"] == "report script"
    listed = client.get("/api/v1/auth/tokens", headers=bearer(tokens["ann"])).get_json()
    assert {item["name"] for item in listed} == {"test", "report script"}
    assert all("token" not in item for item in listed)  # secrets are never listed
    # Another user cannot revoke it, even knowing its id.
    assert client.delete(f"/api/v1/auth/tokens/{token['id']}",
                         headers=bearer(tokens["ben"])).status_code == 404
    assert client.get("/api/v1/auth/me", headers=bearer(token["token"])).status_code == 200
    assert client.delete(f"/api/v1/auth/tokens/{token['id']}",
                         headers=bearer(tokens["ann"])).status_code == 204
    assert client.get("/api/v1/auth/me", headers=bearer(token["token"])).status_code == 401
    # An admin sees and revokes anyone's.
    with sessions() as session:
        ann = session.scalars(select(User.id).where(User.login == "ann")).one()
    theirs = client.get(f"/api/v1/users/{ann}/tokens", headers=bearer(tokens["boss"]))
    assert [item["name"] for item in theirs.get_json()] == ["test"]
    assert client.get(f"/api/v1/users/{ann}/tokens",
                      headers=bearer(tokens["lead"])).status_code == 403
    revoked = client.delete(f"/api/v1/users/{ann}/tokens/{theirs.get_json()[0]['id']}",
                            headers=bearer(tokens["boss"]))
    assert revoked.status_code == 204
    assert client.get("/api/v1/auth/me", headers=bearer(tokens["ann"])).status_code == 401
    too_long = client.post("/api/v1/auth/tokens", headers=bearer(tokens["lead"]),
                           json={"name": "forever", "days": 5000})
    assert too_long.status_code == 400 and too_long.get_json()["details"]["field"] == "days"


def test_tokens_pass_the_ranks_gates_unless_an_admin_made_a_service_token(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    with sessions.begin() as session:
        _, admin = user_and_token(session, "boss", rank="admin", password=PASSWORD)
        lead = do_create_user(session, "lead", rank="supervisor", password=PASSWORD)
        lead_id = lead.id
    config = load_config(environ={"RINGDESK_AUTH_SECOND_FACTOR_RANKS": "supervisor",
                                  "RINGDESK_AUTH_ALLOWED_NETWORKS": "192.0.2.0/24"})
    app = create_app(WebServices(sessions, HealthBoard(), config, lambda: None))
    client = app.test_client()
    inside = {"REMOTE_ADDR": "192.0.2.7"}
    personal = client.post(f"/api/v1/users/{lead_id}/tokens", headers=bearer(admin),
                           json={"name": "personal", "service": False}, environ_base=inside)
    service = client.post(f"/api/v1/users/{lead_id}/tokens", headers=bearer(admin),
                          json={"name": "wallboard"}, environ_base=inside)
    assert service.get_json()["kind"] == "service"
    gated = client.get("/api/v1/tickets", headers=bearer(personal.get_json()["token"]),
                       environ_base=inside)
    assert gated.status_code == 403
    assert gated.get_json()["code"] == "second_factor_enrolment_required"
    assert client.get("/api/v1/tickets", headers=bearer(service.get_json()["token"]),
                      environ_base=inside).status_code == 200
    # Outside the allowed networks no token works, not even a service token.
    outside = client.get("/api/v1/tickets", headers=bearer(service.get_json()["token"]),
                         environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert outside.status_code == 403 and outside.get_json()["code"] == "address_refused"


# -- two-factor ------------------------------------------------------------------------

def enrol(client: FlaskClient, token: str) -> tuple[pyotp.TOTP, list[str]]:
    secret = client.post("/api/v1/auth/totp", headers=bearer(token)).get_json()["secret"]
    totp = pyotp.TOTP(secret)
    codes = client.post("/api/v1/auth/totp/confirm", headers=bearer(token),
                        json={"code": totp.now()}).get_json()["recovery_codes"]
    return totp, codes


def test_a_totp_code_signs_in_once(world):
    app, _, tokens, _ = world
    client = app.test_client()
    totp, _ = enrol(client, tokens["lead"])
    code = totp.at(time.time() + totp.interval)  # the next step's (the current one confirmed)
    assert login(client, "lead", code)[0] == 200
    replayed = login(client, "lead", code)
    assert replayed[0] == 401 and replayed[1]["code"] == "second_factor_required"


def test_the_totp_seed_is_sealed_and_recovery_codes_are_keyed_hashes(world):
    app, sessions, tokens, _ = world
    client = app.test_client()
    totp, codes = enrol(client, tokens["lead"])
    with sessions() as session:
        stored = session.scalars(select(User.totp_secret).where(User.login == "lead")).one()
        hashes = set(session.scalars(select(RecoveryCode.code_hash)))
    assert stored is not None and stored.startswith("v1:") and totp.secret not in stored
    plain = codes[0].replace("-", "")
    assert hashlib.sha256(plain.encode()).hexdigest() not in hashes


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_a_recovery_code_is_spent_once_by_parallel_sign_ins(world):
    app, _, tokens, _ = world
    _, codes = enrol(app.test_client(), tokens["lead"])
    # As many at once as the throttle lets through.
    statuses = at_once(3, lambda: login(app.test_client(), "lead", codes[0])[0])
    assert sorted(statuses) == [200, 401, 401]


def test_replacing_or_removing_the_second_factor_needs_the_password_or_a_code(world):
    app, _, tokens, _ = world
    client = app.test_client()
    totp, _ = enrol(client, tokens["lead"])
    token = tokens["lead"]
    assert client.post("/api/v1/auth/totp", headers=bearer(token)).status_code == 400
    assert client.post("/api/v1/auth/totp", headers=bearer(token),
                       json={"password": "wrong password!"}).status_code == 400
    assert client.delete("/api/v1/auth/totp", headers=bearer(token),
                         json={"password": "wrong password!"}).status_code == 400
    assert client.post("/api/v1/auth/totp", headers=bearer(token),
                       json={"password": PASSWORD}).status_code == 200
    removed = client.delete("/api/v1/auth/totp", headers=bearer(token),
                            json={"code": totp.at(time.time() + totp.interval)})
    assert removed.status_code == 200 and removed.get_json()["second_factor"] is False


def test_new_recovery_codes_need_proof_and_end_the_old_ones(world):
    app, _, tokens, _ = world
    client = app.test_client()
    path = "/api/v1/auth/totp/recovery-codes"
    off = client.post(path, headers=bearer(tokens["lead"]), json={"password": PASSWORD})
    assert off.status_code == 409  # nothing to renew without two-factor sign-in
    _, old = enrol(client, tokens["lead"])
    assert client.post(path, headers=bearer(tokens["lead"]), json={}).status_code == 400
    assert client.post(path, headers=bearer(tokens["lead"]),
                       json={"password": "wrong password!"}).status_code == 400
    renewed = client.post(path, headers=bearer(tokens["lead"]), json={"password": PASSWORD})
    assert renewed.status_code == 200
    new = renewed.get_json()["recovery_codes"]
    assert len(new) == len(old) and not set(new) & set(old)
    assert login(client, "lead", old[0])[0] == 401
    assert login(client, "lead", new[0])[0] == 200


# -- ownership -------------------------------------------------------------------------

def test_an_agent_changes_only_their_own_work_mode(world):
    app, _, tokens, phones = world
    client = app.test_client()
    other = client.put("/api/v1/agents/desk-ben/mode", headers=bearer(tokens["ann"]),
                       json={"mode": "Break"})
    assert other.status_code == 403
    own = client.put("/api/v1/agents/desk-ann/mode", headers=bearer(tokens["ann"]),
                     json={"mode": "Break"})
    assert own.status_code == 200
    assert client.put("/api/v1/agents/desk-ben/mode", headers=bearer(tokens["lead"]),
                      json={"mode": "Break"}).status_code == 200
    assert phones.modes == [("desk-ann", "Break"), ("desk-ben", "Break")]


def test_click_to_call_rings_only_the_agents_own_phone(world):
    app, sessions, tokens, phones = world
    client = app.test_client()
    with sessions() as session:
        ann = session.scalars(select(User.id).where(User.login == "ann")).one()
    ticket = client.post("/api/v1/tickets", headers=bearer(tokens["lead"]),
                         json={"subject": "call me", "owner_id": ann,
                               "contact": {"phone": "+4930123456"}})
    assert ticket.status_code == 201, ticket.get_json()
    path = f"/api/v1/tickets/{ticket.get_json()['id']}/calls"
    assert client.post(path, headers=bearer(tokens["ann"]),
                       json={"agent": "desk-ben"}).status_code == 403
    assert client.post(path, headers=bearer(tokens["ann"]),
                       json={"agent": "desk-ann"}).status_code == 202
    assert client.post(path, headers=bearer(tokens["lead"]),
                       json={"agent": "desk-ben"}).status_code == 202
    assert phones.calls == ["desk-ann", "desk-ben"]


def test_a_recording_of_a_call_without_a_ticket_is_only_for_managers(world, tmp_path):
    app, sessions, tokens, _ = world
    (tmp_path / "rec-1.wav").write_bytes(b"RIFF....WAVE")
    with sessions.begin() as session:
        session.add(Call(linkedid="untracked-1", started_at=utcnow(), recording="rec-1.wav",
                         path=[]))
    client = app.test_client()
    path = "/api/v1/calls/untracked-1/recordings/rec-1.wav"
    assert client.get(path, headers=bearer(tokens["ann"])).status_code == 404
    assert client.get(path, headers=bearer(tokens["lead"])).status_code == 200



def test_a_calls_screen_pop_is_for_the_agents_it_rang_or_who_may_see_its_ticket(world):
    app, sessions, tokens, _ = world
    client = app.test_client()
    with sessions() as session:
        ann = session.scalars(select(User.id).where(User.login == "ann")).one()
    earlier = client.post("/api/v1/tickets", headers=bearer(tokens["lead"]),
                          json={"subject": "Broken router", "owner_id": ann,
                                "contact": {"phone": "+4930123456", "name": "Jan Kowalski"}})
    assert earlier.status_code == 201, earlier.get_json()
    with sessions.begin() as session:
        session.add(Call(linkedid="pop-1", started_at=utcnow(), caller_number="+4930123456",
                         state="ringing_agent", queue="support", path=[],
                         agents_rung=[{"agent": "PJSIP/desk-ann", "queue": "support"}]))
    path = "/api/v1/calls/pop-1/pop"
    rung = client.get(path, headers=bearer(tokens["ann"]))
    assert rung.status_code == 200, rung.get_json()
    card = check(rung, "/api/v1/calls/{linkedid}/pop", "get")
    assert card["contact"]["name"] == "Jan Kowalski" and card["ticket"] is None
    assert [t["subject"] for t in card["open_tickets"]] == ["Broken router"]
    # Another agent, and a supervisor before the call has a ticket: nothing to see.
    for other in ("ben", "lead"):
        assert client.get(path, headers=bearer(tokens[other])).status_code == 404
    assert client.get("/api/v1/calls/nope/pop", headers=bearer(tokens["ann"])).status_code \
        == 404
    # Answered: its ticket opened; whoever may see that ticket may see the card.
    with sessions.begin() as session:
        call = session.scalars(select(Call).where(Call.linkedid == "pop-1")).one()
        call.ticket_id = earlier.get_json()["id"]
    supervised = client.get(path, headers=bearer(tokens["lead"]))
    assert supervised.status_code == 200
    assert supervised.get_json()["ticket"]["subject"] == "Broken router"
    assert supervised.get_json()["open_tickets"] == []  # its own ticket is not listed twice


def test_an_agent_gives_their_queue_call_a_disposition_from_its_queues_codes(world):
    app, sessions, tokens, _ = world
    client = app.test_client()
    with sessions() as session:
        ann = session.scalars(select(User.id).where(User.login == "ann")).one()
    created = client.post("/api/v1/tickets", headers=bearer(tokens["lead"]),
                          json={"subject": "Call from +4930123456", "owner_id": ann,
                                "contact": {"phone": "+4930123456"}})
    assert created.status_code == 201
    ticket_id = created.get_json()["id"]
    with sessions.begin() as session:
        session.add(PbxQueue(name="support", dispositions=["Solved", "Call back promised"]))
        session.add(Call(linkedid="wrap-1", started_at=utcnow(), caller_number="+4930123456",
                         state="ended", connected_at=utcnow(), queue="support-L1",
                         agent="PJSIP/desk-ann", path=[],
                         ticket_id=ticket_id, agents_rung=[{"agent": "PJSIP/desk-ann"}]))
        session.add(Call(linkedid="direct-1", started_at=utcnow(), state="ended",
                         agent="PJSIP/desk-ann", path=[]))
    pop = client.get("/api/v1/calls/wrap-1/pop", headers=bearer(tokens["ann"])).get_json()
    assert pop["dispositions"] == ["Solved", "Call back promised"] and pop["disposition"] is None
    assert pop["queue"] == "support"  # the queue, not the level that rang
    path = "/api/v1/calls/wrap-1/disposition"
    wrong = client.put(path, headers=bearer(tokens["ann"]), json={"code": "Lunch"})
    assert wrong.status_code == 400
    assert wrong.get_json()["details"] == {"field": "code",
                                           "choices": ["Solved", "Call back promised"]}
    # Ben's phone never rang for it, and the ticket is Ann's: no such call for him.
    assert client.put(path, headers=bearer(tokens["ben"]),
                      json={"code": "Solved"}).status_code == 404
    chosen = client.put(path, headers=bearer(tokens["ann"]),
                        json={"code": "Call back promised", "note": " Tomorrow at 9 "})
    assert chosen.status_code == 200, chosen.get_json()
    assert check(chosen, "/api/v1/calls/{linkedid}/disposition", "put") == {
        "linkedid": "wrap-1", "code": "Call back promised", "note": "Tomorrow at 9"}
    timeline = client.get(f"/api/v1/tickets/{ticket_id}/timeline",
                          headers=bearer(tokens["ann"])).get_json()
    [entry] = [e for e in timeline if e["kind"] == "disposition"]
    assert entry["body"] == "Tomorrow at 9" and entry["data"]["code"] == "Call back promised"
    ticket = client.get(f"/api/v1/tickets/{ticket_id}", headers=bearer(tokens["ann"]))
    assert ticket.get_json()["calls"][0]["disposition"] == "Call back promised"
    today = utcnow().date().isoformat()
    report = client.get(f"/api/v1/reports/calls?from={today}&to={today}&tz=UTC"
                        "&group_by=disposition",
                        headers=bearer(tokens["lead"]))
    assert report.status_code == 200, report.get_json()
    assert [(row["group"], row["offered"]) for row in report.get_json()["rows"]] == [
        ("Call back promised", 1)]
    # A call no queue put through has no codes to choose from.
    direct = client.put("/api/v1/calls/direct-1/disposition", headers=bearer(tokens["ann"]),
                        json={"code": "Solved"})
    assert direct.status_code == 400 and direct.get_json()["details"]["field"] == "code"


def test_saved_views_are_ones_own_unless_an_admin_shares_them(world):
    app, _, tokens, _ = world
    client = app.test_client()
    views = "/api/v1/ticket-views"

    def names(who: str) -> list[str]:
        answer = client.get(views, headers=bearer(tokens[who]))
        check(answer, views, "get")
        return [view["name"] for view in answer.get_json()]

    mine = client.post(views, headers=bearer(tokens["ann"]), json={
        "name": "My overdue", "filters": {"view": "mine", "sort": "resolution_due"}})
    assert mine.status_code == 201, mine.get_json()
    assert names("ann") == ["My overdue"] and names("ben") == []
    # A filter the list would refuse is refused here, naming the filters.
    for filters in ({"sort": "price"}, {"colour": "red"}, {"view": "everything"}):
        bad = client.post(views, headers=bearer(tokens["ann"]),
                          json={"name": "Bad", "filters": filters})
        assert bad.status_code == 400 and bad.get_json()["details"]["field"] == "filters"
    # Sharing is for admins, with someone.
    assert client.post(views, headers=bearer(tokens["ann"]), json={
        "name": "Team", "filters": {}, "shared": True, "ranks": ["agent"]}).status_code == 403
    assert client.post(views, headers=bearer(tokens["boss"]), json={
        "name": "Team", "filters": {}, "shared": True}).status_code == 400
    shared = client.post(views, headers=bearer(tokens["boss"]), json={
        "name": "Call backs", "filters": {"view": "waiting", "status": "call_back"},
        "shared": True, "ranks": ["agent"]})
    assert shared.status_code == 201, shared.get_json()
    assert names("ann") == ["My overdue", "Call backs"] and names("ben") == ["Call backs"]
    assert names("lead") == []  # not shared with supervisors
    view_id = shared.get_json()["id"]
    # Agents neither change nor delete it; another's own view does not exist for them.
    assert client.put(f"{views}/{view_id}", headers=bearer(tokens["ann"]), json={
        "name": "Mine now", "filters": {}}).status_code == 403
    assert client.delete(f"{views}/{view_id}", headers=bearer(tokens["ann"])).status_code == 403
    assert client.delete(f"{views}/{mine.get_json()['id']}",
                         headers=bearer(tokens["ben"])).status_code == 404
    # A change made meanwhile is a conflict, not a loss.
    renamed = client.put(f"{views}/{view_id}", headers=bearer(tokens["boss"]), json={
        "name": "Call them back", "filters": {"status": "call_back"}, "shared": True,
        "ranks": ["agent"], "revision": 1})
    assert renamed.status_code == 200 and renamed.get_json()["revision"] == 2
    stale = client.put(f"{views}/{view_id}", headers=bearer(tokens["boss"]), json={
        "name": "Stale", "filters": {}, "shared": True, "ranks": ["agent"], "revision": 1})
    assert stale.status_code == 409
    assert client.delete(f"{views}/{view_id}", headers=bearer(tokens["boss"])).status_code \
        == 204
    assert names("ben") == []

# -- edges -----------------------------------------------------------------------------

def test_signing_in_takes_only_json(world):
    app, _, _, _ = world
    client = app.test_client()
    for path in ("/api/v1/auth/session", "/api/v1/auth/login"):
        forged = client.post(path, data=f'{{"login": "ann", "password": "{PASSWORD}"}}',
                             content_type="text/plain")
        assert forged.status_code == 415, path
        assert forged.get_json()["code"] == "unsupported_media_type"
        assert "Set-Cookie" not in forged.headers


def test_logout_from_a_browser_ends_its_session(world):
    app, _, _, _ = world
    client = app.test_client()
    signed_in = client.post("/api/v1/auth/session", json={"login": "ann", "password": PASSWORD})
    csrf = {"X-CSRF-Token": signed_in.get_json()["csrf_token"]}
    assert client.post("/api/v1/auth/logout", headers=csrf).status_code == 204
    assert client.get("/api/v1/auth/me").status_code == 401


def test_the_throttle_counts_an_account_once_by_login_or_email(world):
    app, _, _, _ = world
    client = app.test_client()
    for who in ("ann", "ANN@example.com", "ann"):  # three failures, one account
        assert login(client, who, password="wrong password!")[0] == 401
    status, body = login(client, "ann@example.com")
    assert status == 429 and body["code"] == "too_many_attempts"


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_parallel_guesses_cannot_overshoot_the_throttle(world):
    app, _, _, _ = world
    statuses = at_once(12, lambda: login(app.test_client(), "ann",
                                         password="wrong password!")[0])
    assert statuses.count(401) <= 3 and statuses.count(429) >= 9


def test_exported_cells_that_a_spreadsheet_would_evaluate_stay_text():
    rows = iter([("=HYPERLINK(\"http://evil\")", "+49 30 1", "-2+3", "@SUM(A1)", "plain", 7)])
    text = "".join(as_csv(("subject", "phone", "a", "b", "c", "n"), rows))
    record = list(csv.reader(io.StringIO(text)))[1]
    assert record[:4] == ["'=HYPERLINK(\"http://evil\")", "'+49 30 1", "'-2+3", "'@SUM(A1)"]
    assert record[4:] == ["plain", "7"]


def test_healthz_tells_strangers_the_states_and_managers_the_reasons(world):
    app, _, tokens, _ = world
    services: WebServices = app.extensions["ringdesk"]
    services.health.report("ami", "down", "AMI login as 'ringdesk' failed at 10.0.0.5")
    client = app.test_client()
    anonymous = client.get("/healthz").get_json()
    assert anonymous["components"]["ami"] == {
        "status": "down", "detail": None, "since": anonymous["components"]["ami"]["since"]}
    assert "10.0.0.5" not in str(anonymous)
    assert client.get("/healthz", headers=bearer(tokens["ann"])).get_json()[
        "components"]["ami"]["detail"] is None
    lead = client.get("/healthz", headers=bearer(tokens["lead"])).get_json()
    assert "10.0.0.5" in lead["components"]["ami"]["detail"]
    # The web app's badge asks /api/v1/health: the same state, 200 when degraded too, and
    # only for someone signed in.
    assert client.get("/healthz").status_code == 503
    assert client.get("/api/v1/health").status_code == 401
    badge = client.get("/api/v1/health", headers=bearer(tokens["ann"]))
    assert badge.status_code == 200 and badge.get_json()["status"] == "degraded"
    assert badge.get_json()["components"]["ami"]["detail"] is None
    managers = client.get("/api/v1/health", headers=bearer(tokens["lead"])).get_json()
    assert "10.0.0.5" in managers["components"]["ami"]["detail"]


def test_a_seed_kept_before_seeds_were_sealed_still_signs_in_and_is_sealed(world):
    app, sessions, _, _ = world
    seed = pyotp.random_base32()
    with sessions.begin() as session:
        session.execute(update(User).where(User.login == "lead").values(totp_secret=seed))
    assert login(app.test_client(), "lead", pyotp.TOTP(seed).now())[0] == 200
    with sessions() as session:
        stored = session.scalars(select(User.totp_secret).where(User.login == "lead")).one()
    assert stored is not None and stored.startswith("v1:") and seed not in stored
