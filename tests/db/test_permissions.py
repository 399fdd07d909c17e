"""Every endpoint of the app against the permission it declares, for every rank, through the
real Flask app on a real database: allowed ranks get past the check, the others get 403,
no token gets 401, and no endpoint is left undeclared."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from ringdesk.core.config import load_config
from ringdesk.core.db import make_engine, make_sessionmaker, utcnow
from ringdesk.core.health import HealthBoard
from ringdesk.core.users.models import User
from ringdesk.core.users.operations import access_user_by_password, do_update_user
from ringdesk.core.users.permissions import ACTIONS, RANKS, may
from ringdesk.core.users.tokens import PERSONAL, do_issue_token
from ringdesk.web.app import bare_app, create_app
from ringdesk.web.contract import declared
from ringdesk.web.services import WebServices
from tests.users import user_and_token


@pytest.fixture
def app_and_tokens(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    tokens = {}
    with sessions.begin() as session:
        for rank in RANKS:
            _, tokens[rank] = user_and_token(session, rank.replace("_", "-"), rank=rank)
    app = create_app(WebServices(sessions, HealthBoard(), load_config(environ={}),
                                 lambda: None))
    return app, tokens, sessions


# Endpoints that may end the token they are called with.
ENDS_A_TOKEN = {"auth.logout", "session.end_all_sessions", "tokens.revoke_token",
                "tokens.revoke_user_token"}


def spare_token(sessions, rank: str) -> str:
    with sessions.begin() as session:
        user = session.scalars(select(User).where(User.login == rank.replace("_", "-"))).one()
        return do_issue_token(session, user, PERSONAL, utcnow(), timedelta(days=1), "spare")[1]


def concrete(rule: str) -> str:
    """A path for a rule: ids become 1, countries PL, other parts a word."""
    path = re.sub(r"<id:[a-z_]+>", "1", rule)
    path = re.sub(r"<country:[a-z_]+>", "PL", path)
    return re.sub(r"<[^>]+>", "x", path)


def permission(app, endpoint: str) -> str | None:
    found = declared(app.view_functions[endpoint])
    assert found is not None, f"{endpoint} declares no permission"
    return found.permission


PUBLIC = {"health.healthz", "openapi.openapi", "auth.login", "session.sign_in",
          "session.probe_session",
          "routes.node_types", "routes.route_schema"}


def test_every_endpoint_is_public_or_in_the_table(app_and_tokens):
    app, _, _ = app_and_tokens
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {
        "static", "spa.index", "spa.asset"}  # the web app's files: public, not the API
    public = {name for name in endpoints if permission(app, name) is None}
    assert public == PUBLIC
    assert {permission(app, name) for name in endpoints - public} - set(ACTIONS) == set()


def test_each_rank_reaches_exactly_what_the_table_allows(app_and_tokens):
    app, tokens, sessions = app_and_tokens
    client = app.test_client()
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "spa.index", "spa.asset") or \
                permission(app, rule.endpoint) is None:
            continue
        path = concrete(rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            anonymous = client.open(path, method=method, json={})
            assert anonymous.status_code == 401, (method, path)
            for rank, token in tokens.items():
                answer = client.open(path, method=method, json={},
                                     headers={"Authorization": f"Bearer {token}"})
                if rule.endpoint in ENDS_A_TOKEN:  # it may have been this one
                    tokens[rank] = spare_token(sessions, rank)
                if may(rank, permission(app, rule.endpoint)):
                    assert answer.status_code not in (401, 403), (rank, method, path)
                else:
                    assert answer.status_code == 403, (rank, method, path)
                    assert answer.get_json()["code"] == "forbidden"
                    article = "an" if rank[0] in "aeiou" else "a"
                    assert answer.get_json()["message"].startswith(f"{article} ")
                checked += 1
    assert checked >= 40 * len(RANKS)


def test_login_by_login_or_email_and_deactivation_ends_sessions(app_and_tokens):
    app, tokens, sessions = app_and_tokens
    client = app.test_client()
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    created = client.post("/api/v1/users", headers=admin, json={
        "login": "ada", "rank": "supervisor", "email": "Ada@Example.com",
        "password": "correct horse battery"})
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["email"] == "ada@example.com"
    assert client.post("/api/v1/users", headers=admin,
                       json={"login": "ada"}).status_code == 409
    assert client.post("/api/v1/users", headers=admin,
                       json={"login": "eve", "password": "short"}).status_code == 400
    wrong = client.post("/api/v1/auth/login", json={"login": "ada", "password": "nope"})
    assert wrong.status_code == 401
    for who in ("ada", "ADA@example.com"):
        session = client.post("/api/v1/auth/login",
                              json={"login": who, "password": "correct horse battery"})
        assert session.status_code == 200, session.get_json()
    token = session.get_json()["token"]
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.get_json()["rank"] == "supervisor"
    user_id = created.get_json()["id"]
    off = client.patch(f"/api/v1/users/{user_id}", headers=admin, json={"active": False})
    assert off.status_code == 200 and off.get_json()["active"] is False
    assert client.get("/api/v1/auth/me",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 401
    with sessions.begin() as db, pytest.raises(Exception, match="wrong login or password"):
        access_user_by_password(db, "ada", "correct horse battery")
    with sessions.begin() as db:
        assert do_update_user(db, user_id, {"active": True}).active


def test_the_table_refuses_what_it_does_not_know():
    assert not may("admin", "nothing.here")
    assert not may("admin", None)
    assert permission(bare_app(), "health.healthz") is None
