"""Signing in from a browser through the real Flask app on real databases: the session
cookie, CSRF on writes, idle and absolute expiry, signing out everywhere, throttling, and
the security headers."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from ringdesk.core.audit import AuditEntry
from ringdesk.core.config import load_config
from ringdesk.core.db import make_engine, make_sessionmaker, utcnow
from ringdesk.core.health import HealthBoard
from ringdesk.core.users.models import BrowserSession
from ringdesk.core.users.operations import do_create_user
from ringdesk.web.app import create_app
from ringdesk.web.services import WebServices
from tests.users import user_and_token

PASSWORD = "correct horse battery"


@pytest.fixture
def app_and_sessions(database_url: str):
    sessions = make_sessionmaker(make_engine(database_url))
    with sessions.begin() as session:
        do_create_user(session, "lead", rank="supervisor", password=PASSWORD,
                       email="lead@example.com")
        do_create_user(session, "ann", rank="agent", password=PASSWORD)
    config = load_config(environ={"RINGDESK_AUTH_FAILURES_PER_ACCOUNT": "3",
                                  "RINGDESK_AUTH_FAILURES_PER_ADDRESS": "5",
                                  "RINGDESK_AUTH_SESSION_IDLE_MINUTES": "30",
                                  "RINGDESK_AUTH_SESSION_HOURS": "8"})
    return create_app(WebServices(sessions, HealthBoard(), config, lambda: None)), sessions


def sign_in(client: FlaskClient, login: str = "lead", password: str = PASSWORD,
            address: str = "192.0.2.10") -> tuple[int, dict]:
    answer = client.post("/api/v1/auth/session", json={"login": login, "password": password},
                         environ_base={"REMOTE_ADDR": address})
    return answer.status_code, answer.get_json()


def test_the_cookie_is_httponly_strict_and_writes_need_the_csrf_token(app_and_sessions):
    app, _ = app_and_sessions
    client = app.test_client()
    answer = client.post("/api/v1/auth/session",
                         json={"login": "Lead@Example.com", "password": PASSWORD})
    assert answer.status_code == 200
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith("ringdesk_session=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain HTTP here; behind HTTPS it is Secure
    body = answer.get_json()
    assert body["user"]["login"] == "lead" and len(body["csrf_token"]) == 64
    assert client.get("/api/v1/auth/me").get_json()["login"] == "lead"
    assert client.get("/api/v1/auth/session").get_json()["csrf_token"] == body["csrf_token"]
    forged = client.post("/api/v1/tickets", json={"subject": "forged"})
    assert forged.status_code == 403 and forged.get_json()["code"] == "csrf_failed"
    wrong = client.post("/api/v1/tickets", json={"subject": "forged"},
                        headers={"X-CSRF-Token": "0" * 64})
    assert wrong.status_code == 403
    made = client.post("/api/v1/tickets", json={"subject": "real"},
                       headers={"X-CSRF-Token": body["csrf_token"]})
    assert made.status_code == 201, made.get_json()


def test_a_cookie_never_reaches_another_users_data(app_and_sessions):
    app, _ = app_and_sessions
    lead, ann = app.test_client(), app.test_client()
    sign_in(lead)
    sign_in(ann, "ann")
    assert lead.get("/api/v1/auth/me").get_json()["login"] == "lead"
    assert ann.get("/api/v1/auth/me").get_json()["login"] == "ann"
    assert ann.get("/api/v1/reports/calls?from=2026-11-01&to=2026-11-02").status_code == 403


def test_sessions_end_after_idle_time_and_after_their_lifetime(app_and_sessions):
    app, sessions = app_and_sessions
    client = app.test_client()
    sign_in(client)
    with sessions.begin() as session:
        row = session.query(BrowserSession).one()
        row.last_seen_at = utcnow() - timedelta(minutes=31)
    for _ in range(2):  # every request of a page still holding the cookie hears why
        ended = client.get("/api/v1/auth/me")
        assert ended.status_code == 401 and ended.get_json()["details"] == {"reason": "expired"}
    sign_in(client)
    with sessions.begin() as session:
        row = session.query(BrowserSession).order_by(BrowserSession.id.desc()).first()
        row.expires_at = utcnow() - timedelta(seconds=1)
    assert client.get("/api/v1/auth/me").status_code == 401


def test_the_probe_answers_200_signed_in_or_not_and_says_when_a_session_ended(
        app_and_sessions):
    app, sessions = app_and_sessions
    client = app.test_client()
    stranger = client.get("/api/v1/auth/session/probe")
    assert (stranger.status_code, stranger.get_json()) == (200, {"session": None,
                                                                 "ended": None})
    _, signed_in = sign_in(client)
    probe = client.get("/api/v1/auth/session/probe").get_json()
    assert probe["session"]["user"]["login"] == "lead" and probe["ended"] is None
    assert probe["session"]["csrf_token"] == signed_in["csrf_token"]
    with sessions.begin() as session:
        session.query(BrowserSession).one().last_seen_at = utcnow() - timedelta(minutes=31)
    ended = client.get("/api/v1/auth/session/probe")
    assert (ended.status_code, ended.get_json()) == (200, {"session": None,
                                                          "ended": "expired"})
    # A forged cookie is no session, and no error either.
    client.set_cookie("ringdesk_session", "forged")
    assert client.get("/api/v1/auth/session/probe").get_json() == {"session": None,
                                                                   "ended": None}
    # Signed out everywhere from another browser: this one hears so, once it asks.
    other = app.test_client()
    sign_in(client)
    _, signed_in = sign_in(other)
    assert other.post("/api/v1/auth/sessions/end-all",
                      headers={"X-CSRF-Token": signed_in["csrf_token"]}).status_code == 200
    assert client.get("/api/v1/auth/session/probe").get_json() == {
        "session": None, "ended": "signed_out_everywhere"}
    assert client.get("/api/v1/auth/me").get_json()["details"] == {
        "reason": "signed_out_everywhere"}


def test_ended_sessions_are_purged_a_day_later_by_the_next_sign_in(app_and_sessions):
    app, sessions = app_and_sessions
    client = app.test_client()
    sign_in(client)
    with sessions.begin() as session:
        session.query(BrowserSession).one().expires_at = utcnow() - timedelta(hours=23)
    sign_in(app.test_client())
    with sessions.begin() as session:
        assert session.query(BrowserSession).count() == 2  # still tells its page it ended
        session.query(BrowserSession).order_by(BrowserSession.id).first().expires_at = (
            utcnow() - timedelta(hours=25))
    sign_in(app.test_client())
    with sessions.begin() as session:
        assert session.query(BrowserSession).count() == 2
    purged = client.get("/api/v1/auth/me")
    assert purged.status_code == 401 and "reason" not in (purged.get_json()["details"] or {})


def test_sign_out_here_and_everywhere(app_and_sessions):
    app, _ = app_and_sessions
    first, second = app.test_client(), app.test_client()
    _, one = sign_in(first)
    sign_in(second)
    api = app.test_client().post("/api/v1/auth/login",
                                 json={"login": "lead", "password": PASSWORD}).get_json()
    bearer = {"Authorization": f"Bearer {api['token']}"}
    assert app.test_client().get("/api/v1/auth/me", headers=bearer).status_code == 200
    out = first.delete("/api/v1/auth/session", headers={"X-CSRF-Token": one["csrf_token"]})
    assert out.status_code == 204 and "ringdesk_session=;" in out.headers["Set-Cookie"]
    assert first.get("/api/v1/auth/me").status_code == 401
    assert second.get("/api/v1/auth/me").status_code == 200
    csrf = second.get("/api/v1/auth/session").get_json()["csrf_token"]
    everywhere = second.post("/api/v1/auth/sessions/end-all", headers={"X-CSRF-Token": csrf})
    assert everywhere.status_code == 200 and everywhere.get_json()["ended"] == 2
    assert second.get("/api/v1/auth/me").status_code == 401
    assert app.test_client().get("/api/v1/auth/me", headers=bearer).status_code == 401


def test_failed_sign_ins_are_throttled_per_account_alike_for_unknown_ones(app_and_sessions):
    app, _ = app_and_sessions
    client = app.test_client()
    for login in ("lead", "nobody"):
        answers = [sign_in(client, login, "wrong password", f"198.51.100.{n}")
                   for n in range(3)]
        assert [status for status, _ in answers] == [401, 401, 401]
        assert {body["message"] for _, body in answers} == {"wrong login or password"}
        status, body = sign_in(client, login, PASSWORD if login == "lead" else "x",
                               "198.51.100.9")
        assert status == 429 and body["code"] == "too_many_attempts"
        assert 1 <= body["details"]["retry_after"] <= 15 * 60
    answer = client.post("/api/v1/auth/session", json={"login": "lead", "password": PASSWORD})
    assert answer.status_code == 429 and int(answer.headers["Retry-After"]) > 0
    # The API's own sign-in counts and is refused the same way.
    assert client.post("/api/v1/auth/login",
                       json={"login": "lead", "password": PASSWORD}).status_code == 429


def test_failed_sign_ins_are_throttled_per_address(app_and_sessions):
    app, _ = app_and_sessions
    client = app.test_client()
    for n in range(5):
        assert sign_in(client, f"guess{n}", "wrong password", "203.0.113.7")[0] == 401
    assert sign_in(client, "ann", PASSWORD, "203.0.113.7")[0] == 429
    assert sign_in(client, "ann", PASSWORD, "203.0.113.8")[0] == 200


def test_a_successful_sign_in_forgives_the_accounts_failures(app_and_sessions):
    app, _ = app_and_sessions
    client = app.test_client()
    for _ in range(2):
        assert sign_in(client, "ann", "wrong password")[0] == 401
    assert sign_in(client, "ann")[0] == 200
    for _ in range(2):
        assert sign_in(client, "ann", "wrong password")[0] == 401
    assert sign_in(client, "ann")[0] == 200


def test_every_answer_carries_the_security_headers(app_and_sessions):
    app, _ = app_and_sessions
    client = app.test_client()
    for answer in (client.get("/healthz"), client.get("/api/v1/auth/me"),
                   client.get("/api/v1/openapi.json")):
        csp = answer.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["Referrer-Policy"] == "same-origin"


def test_the_web_apps_page_allows_only_its_own_style_elements_by_a_fresh_nonce(
        app_and_sessions, monkeypatch, tmp_path):
    from ringdesk.web import spa

    (tmp_path / "index.html").write_text("<!doctype html><html><head><title>x</title></head>"
                                         "<body></body></html>")
    monkeypatch.setattr(spa, "BUILT", tmp_path)
    app, _ = app_and_sessions
    client = app.test_client()
    first, second = client.get("/routes/1"), client.get("/")
    nonces = []
    for answer in (first, second):
        csp = answer.headers["Content-Security-Policy"]
        nonce = csp.split("'nonce-")[1].split("'")[0]
        assert f'<meta name="style-nonce" content="{nonce}">' in answer.get_data(as_text=True)
        assert "unsafe-inline" not in csp and "script-src 'self';" in csp
        assert answer.headers["Cache-Control"] == "no-store"
        nonces.append(nonce)
    assert nonces[0] != nonces[1] and len(nonces[0]) >= 24


def test_a_user_an_admin_created_chooses_their_own_password_first(app_and_sessions):
    app, _ = app_and_sessions
    api = app.test_client()
    with app.extensions["ringdesk"].sessions.begin() as session:
        _, token = user_and_token(session, "boss", rank="admin", password=PASSWORD)
    bearer = {"Authorization": f"Bearer {token}"}
    made = api.post("/api/v1/users", headers=bearer, json={
        "login": "newbie", "rank": "agent", "password": "given by admin 1"})
    assert made.status_code == 201 and made.get_json()["must_change_password"] is True
    newbie = app.test_client()
    status, body = sign_in(newbie, "newbie", "given by admin 1")
    assert status == 200 and body["user"]["must_change_password"] is True
    blocked = newbie.get("/api/v1/tickets")
    assert blocked.status_code == 403 and blocked.get_json()["code"] == \
        "password_change_required"
    csrf = {"X-CSRF-Token": body["csrf_token"]}
    wrong = newbie.post("/api/v1/auth/password", headers=csrf,
                        json={"current": "not it at all", "new": "my own secret 9"})
    assert wrong.status_code == 400 and wrong.get_json()["details"]["field"] == "current"
    same = newbie.post("/api/v1/auth/password", headers=csrf,
                       json={"current": "given by admin 1", "new": "given by admin 1"})
    assert same.status_code == 400
    changed = newbie.post("/api/v1/auth/password", headers=csrf,
                          json={"current": "given by admin 1", "new": "my own secret 9"})
    assert changed.status_code == 204
    assert newbie.get("/api/v1/tickets").status_code == 200
    assert newbie.get("/api/v1/auth/me").get_json()["must_change_password"] is False
    reset = api.patch(f"/api/v1/users/{made.get_json()['id']}", headers=bearer,
                      json={"password": "reset by admin 2"})
    assert reset.get_json()["must_change_password"] is True


@pytest.fixture
def strict_app(database_url: str):
    sessions = make_sessionmaker(make_engine(database_url))
    with sessions.begin() as session:
        _, admin_token = user_and_token(session, "boss", rank="admin", password=PASSWORD)
        do_create_user(session, "lead", rank="supervisor", password=PASSWORD)
        do_create_user(session, "ann", rank="agent", password=PASSWORD)
    config = load_config(environ={"RINGDESK_AUTH_SECOND_FACTOR_RANKS": "admin,supervisor",
                                  "RINGDESK_AUTH_TRUSTED_NETWORKS": "10.1.0.0/16",
                                  "RINGDESK_AUTH_ALLOWED_NETWORKS": "10.0.0.0/8,192.0.2.0/24"})
    app = create_app(WebServices(sessions, HealthBoard(), config, lambda: None))
    return app, sessions, admin_token


def next_code(totp) -> str:
    """The code of the time step after now's (accepted: a phone's clock may run ahead)."""
    return totp.at(time.time() + totp.interval)


def test_two_factor_enrolment_sign_in_recovery_and_reset(strict_app):
    import pyotp

    app, sessions, admin_token = strict_app
    client = app.test_client()
    status, body = sign_in(client, "lead")
    assert status == 200 and body["must_enrol"] is True
    csrf = {"X-CSRF-Token": body["csrf_token"]}
    refused = client.get("/api/v1/tickets")
    assert refused.status_code == 403
    assert refused.get_json()["code"] == "second_factor_enrolment_required"
    enrolment = client.post("/api/v1/auth/totp", headers=csrf).get_json()
    assert enrolment["uri"].startswith("otpauth://totp/ringdesk:lead?secret=")
    assert enrolment["qr_svg"].startswith("data:image/svg+xml")
    totp = pyotp.TOTP(enrolment["secret"])
    bad = client.post("/api/v1/auth/totp/confirm", headers=csrf, json={"code": "000000"})
    assert bad.status_code == 400 and bad.get_json()["details"]["field"] == "code"
    confirmed = totp.now()
    codes = client.post("/api/v1/auth/totp/confirm", headers=csrf,
                        json={"code": confirmed}).get_json()["recovery_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/api/v1/tickets").status_code == 200
    with sessions() as session:  # their own choice is in the audit log too
        assert session.query(AuditEntry).filter_by(
            action="user.second_factor_on", target="lead").count() == 1

    fresh = app.test_client()
    status, body = sign_in(fresh, "lead")
    assert status == 401 and body["code"] == "second_factor_required"
    assert "Set-Cookie" not in fresh.post("/api/v1/auth/session", json={
        "login": "lead", "password": PASSWORD}, environ_base={"REMOTE_ADDR": "192.0.2.10"}
    ).headers
    wrong = fresh.post("/api/v1/auth/session", json={
        "login": "lead", "password": PASSWORD, "code": "123456"},
        environ_base={"REMOTE_ADDR": "192.0.2.10"})
    assert wrong.status_code == 401 and wrong.get_json()["details"]["field"] == "code"
    # The code that confirmed the app is spent (that very code: by now the clock may have
    # moved on a step); the next one (a step ahead) signs in once.
    for code, expected in ((confirmed, 401), (next_code(totp), 200), (next_code(totp), 401)):
        with_code = app.test_client().post("/api/v1/auth/session", json={
            "login": "lead", "password": PASSWORD, "code": code},
            environ_base={"REMOTE_ADDR": "192.0.2.10"})
        assert with_code.status_code == expected, code
    for attempt in range(2):  # a recovery code works once
        answer = app.test_client().post("/api/v1/auth/session", json={
            "login": "lead", "password": PASSWORD, "code": codes[0]},
            environ_base={"REMOTE_ADDR": "192.0.2.10"})
        assert answer.status_code == (200 if attempt == 0 else 401)
    # From the trusted network, the password is enough.
    assert sign_in(app.test_client(), "lead", address="10.1.2.3")[0] == 200
    # Outside the allowed networks, not even the right password and code sign in.
    outside = app.test_client().post("/api/v1/auth/session", json={
        "login": "lead", "password": PASSWORD, "code": totp.now()},
        environ_base={"REMOTE_ADDR": "203.0.113.5"})
    assert outside.status_code == 403 and outside.get_json()["code"] == "address_refused"
    # Agents need no second factor.
    assert sign_in(app.test_client(), "ann")[1]["must_enrol"] is False
    # An admin resets a lost phone: the password alone signs in, then enrolment again.
    lead_id = app.test_client().get("/api/v1/users", headers={
        "Authorization": f"Bearer {admin_token}"})
    assert lead_id.status_code == 403  # the admin must enrol first too


def test_an_admin_resets_a_lost_second_factor(app_and_sessions):
    import pyotp

    app, sessions = app_and_sessions
    with sessions.begin() as session:
        _, admin_token = user_and_token(session, "boss", rank="admin", password=PASSWORD)
    client = app.test_client()
    _, body = sign_in(client, "ann")
    csrf = {"X-CSRF-Token": body["csrf_token"]}
    secret = client.post("/api/v1/auth/totp", headers=csrf).get_json()["secret"]
    client.post("/api/v1/auth/totp/confirm", headers=csrf,
                json={"code": pyotp.TOTP(secret).now()})
    assert client.get("/api/v1/auth/me").get_json()["second_factor"] is True
    assert sign_in(app.test_client(), "ann")[1]["code"] == "second_factor_required"
    ann = client.get("/api/v1/auth/me").get_json()["id"]
    reset = app.test_client().delete(f"/api/v1/users/{ann}/totp",
                                     headers={"Authorization": f"Bearer {admin_token}"})
    assert reset.status_code == 200 and reset.get_json()["second_factor"] is False
    assert sign_in(app.test_client(), "ann")[0] == 200


def test_an_admin_ends_every_browser_of_a_user_and_each_browser_is_told_why(app_and_sessions):
    from ringdesk.core.users.models import User

    app, sessions = app_and_sessions
    with sessions.begin() as session:
        _, admin = user_and_token(session, "boss", rank="admin")
        ann_id = session.query(User).filter_by(login="ann").one().id
    phone, laptop = app.test_client(), app.test_client()
    assert sign_in(phone, "ann")[0] == 200 and sign_in(laptop, "ann")[0] == 200
    bearer = {"Authorization": f"Bearer {admin}"}
    ended = app.test_client().delete(f"/api/v1/users/{ann_id}/sessions", headers=bearer)
    assert (ended.status_code, ended.get_json()) == (200, {"ended": 2})
    for browser in (phone, laptop):
        assert browser.get("/api/v1/auth/session/probe").get_json() == {
            "session": None, "ended": "ended_by_admin"}
    lead = app.test_client()
    csrf = {"X-CSRF-Token": sign_in(lead, "lead")[1]["csrf_token"]}
    refused = lead.delete(f"/api/v1/users/{ann_id}/sessions", headers=csrf)
    assert (refused.status_code, refused.get_json()["code"]) == (403, "forbidden")
    assert app.test_client().delete("/api/v1/users/999999/sessions",
                                    headers=bearer).status_code == 404
