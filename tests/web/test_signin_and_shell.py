"""Signing in from a real browser and the shell every screen lives in, in both languages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from ringdesk.core.db import make_engine, make_sessionmaker, utcnow
from ringdesk.core.users.models import BrowserSession
from tests.web.conftest import (
    PASSWORD,
    assert_accessible,
    assert_no_raw_keys,
    screenshot,
    sign_in,
)

GRAPH = {"entry": "bye", "nodes": {"bye": {"type": "hangup", "params": {}, "ports": {}}}}


@pytest.mark.parametrize(("language", "title", "nav"), [
    ("en-GB", "Sign in to ringdesk", "Routes"),
    ("pl-PL", "Zaloguj się do ringdesk", "Trasy"),
])
def test_an_admin_signs_in_and_sees_the_shell_in_their_language(
        contexts, server, language, title, nav):
    server.api("POST", "/api/v1/routes", body={"name": "Main line", "graph": GRAPH})
    page = contexts(language).page()
    page.goto("/")
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    assert_no_raw_keys(page)
    assert_accessible(page)
    screenshot(page, f"login-{language}")
    sign_in(page, "ada")
    expect(page.get_by_role("navigation").get_by_role("link", name=nav)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=re.compile("AMI|down|nie dzia|part")))\
        .to_have_count(1)
    assert_no_raw_keys(page)
    assert_accessible(page)
    screenshot(page, f"home-admin-{language}")
    page.get_by_role("navigation").get_by_role("link", name=nav).click()
    row = page.get_by_role("row", name=re.compile("Main line"))
    expect(row).to_contain_text(re.compile("Not published|Nieopublikowana"))
    expect(row).to_contain_text("Ada")
    assert_no_raw_keys(page)
    assert_accessible(page)
    screenshot(page, f"routes-{language}")


def test_the_cookie_is_httponly_and_strict_and_forged_writes_are_refused(contexts, server):
    watched = contexts()
    page = watched.page()
    sign_in(page, "ada")
    expect(page.get_by_role("navigation").get_by_role("link", name="Routes")).to_be_visible()
    [cookie] = watched.context.cookies()
    assert cookie["name"] == "ringdesk_session"
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.evaluate("document.cookie") == ""  # scripts cannot read it
    forged = page.evaluate("""async () => {
        const answer = await fetch("/api/v1/tickets", {method: "POST",
            headers: {"Content-Type": "application/json"}, body: '{"subject": "forged"}'});
        return [answer.status, (await answer.json()).code];
    }""")
    assert forged == [403, "csrf_failed"]
    assert server.api("GET", "/api/v1/tickets")[1]["items"] == []


def test_an_agent_gets_no_configuration_and_a_cookie_reaches_only_its_user(contexts, server):
    agent = contexts().page()
    admin = contexts().page()
    sign_in(agent, "ann")
    sign_in(admin, "ada")
    expect(agent.get_by_role("heading", name="Welcome, Ann")).to_be_visible()
    expect(admin.get_by_role("heading", name="Welcome, Ada")).to_be_visible()
    expect(agent.get_by_role("link", name="Routes")).to_have_count(0)
    # The home page: the newest tickets each may see, calls in progress for managers.
    _, made = server.api("POST", "/api/v1/tickets", body={"subject": "Printer on fire"})
    row = admin.get_by_role("region", name="Newest tickets").get_by_role(
        "row", name=re.compile("Printer on fire"))
    expect(row).to_be_visible(timeout=10_000)
    # The row opens the ticket; an agent who may not see it learns nothing of it.
    row.get_by_role("link", name=made["number"]).click()
    expect(admin.get_by_role("heading", level=1)).to_have_text(
        f"Ticket {made['number']}: Printer on fire")
    expect(admin.get_by_role("list", name="Timeline")).to_contain_text(
        "Ticket opened in General")
    agent.goto(f"/tickets/{made['id']}")
    expect(agent.get_by_role("alert")).to_have_text(
        "There is no such ticket, or it is not in your queues.")
    expect(agent.get_by_text("Printer on fire")).to_have_count(0)
    screenshot(agent, "ticket-refused-agent")
    agent.goto("/")
    admin.goto("/")
    # An agent sees what their queues hold: none yet, said in those words.
    expect(agent.get_by_role("region", name="Newest tickets")
           .get_by_text("No tickets in your queues right now.")).to_be_visible()
    expect(agent.get_by_role("region", name="Calls right now")).to_have_count(0)
    expect(admin.get_by_role("region", name="Calls right now")
           .get_by_text("No calls right now.")).to_be_visible()
    agent.goto("/routes")
    expect(agent.get_by_role("alert")).to_have_text("This page is not available to your rank.")
    denied = agent.evaluate("async () => (await fetch('/api/v1/routes')).status")
    assert denied == 403
    screenshot(agent, "routes-refused-agent")


def test_throttled_sign_in_says_how_long_to_wait_in_polish(contexts, server):
    page = contexts("pl-PL").page()
    page.goto("/")
    for _ in range(5):
        sign_in(page, "ada", "wrong password")
        expect(page.get_by_role("alert")).to_have_text("Nieprawidłowy login lub hasło.")
    sign_in(page, "ada", PASSWORD)
    expect(page.get_by_role("alert")).to_have_text(
        re.compile(r"Zbyt wiele nieudanych prób\. Spróbuj ponownie za \d+ sekund"))
    screenshot(page, "login-throttled-pl")


def test_an_idle_session_ends_and_the_page_says_so(contexts, server):
    page = contexts().page()
    sign_in(page, "ada")
    expect(page.get_by_role("navigation").get_by_role("link", name="Routes")).to_be_visible()
    with make_sessionmaker(make_engine(server.database)).begin() as session:
        for row in session.query(BrowserSession):
            row.last_seen_at = utcnow() - timedelta(hours=2)
    page.reload()
    expect(page.get_by_role("status").filter(has_text="Your session has ended")).to_be_visible()
    expect(page.get_by_role("heading", name="Sign in to ringdesk")).to_be_visible()


def test_sign_out_everywhere_ends_the_other_browsers_session(contexts, server):
    first = contexts().page()
    second = contexts().page()
    sign_in(first, "sam")
    sign_in(second, "sam")
    expect(second.get_by_role("navigation").get_by_role("link", name="Routes")).to_be_visible()
    first.get_by_text("Sam", exact=True).click()
    first.get_by_role("menuitem", name="Sign out everywhere").click()
    expect(first.get_by_role("heading", name="Sign in to ringdesk")).to_be_visible()
    second.reload()
    expect(second.get_by_role("heading", name="Sign in to ringdesk")).to_be_visible()
    # The other browser hears why, not just that it is signed out.
    expect(second.get_by_role("status").filter(
        has_text="You were signed out on all your devices")).to_be_visible()


def test_the_language_choice_sticks(contexts, server):
    page = contexts("en-GB").page()
    sign_in(page, "ada")
    page.get_by_text("Ada", exact=True).click()
    page.get_by_role("menuitemradio", name="Polski").click()
    expect(page.get_by_role("link", name="Trasy", exact=True)).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Witaj, Ada")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "pl"
    screenshot(page, "home-admin-switched-pl")


def test_a_user_an_admin_created_must_choose_a_password_first(contexts, server):
    status, _ = server.api("POST", "/api/v1/users", body={
        "login": "newbie", "display_name": "Nina", "rank": "agent",
        "password": "given by admin 1"})
    assert status == 201
    page = contexts("pl-PL").page()
    sign_in(page, "newbie", "given by admin 1")
    expect(page.get_by_role("heading", name="Zmień hasło")).to_be_visible()
    assert_no_raw_keys(page)
    assert_accessible(page)
    screenshot(page, "password-required-pl")
    page.get_by_label("Obecne hasło").fill("given by admin 1")
    page.get_by_label("Nowe hasło (co najmniej 10 znaków)").fill("my own secret 9")
    page.get_by_label("Powtórz nowe hasło").fill("my own secret 9")
    page.get_by_role("button", name="Zmień hasło").click()
    expect(page.get_by_role("heading", name="Witaj, Nina")).to_be_visible()
    with make_sessionmaker(make_engine(server.database)).begin() as session:
        from ringdesk.core.users.operations import access_user_by_password

        assert not access_user_by_password(session, "newbie", "my own secret 9") \
            .must_change_password


@pytest.mark.server_env(RINGDESK_AUTH_SECOND_FACTOR_RANKS="supervisor")
def test_a_supervisor_enrols_an_authenticator_and_signs_in_with_its_code(contexts, server):
    import pyotp

    page = contexts().page()
    sign_in(page, "sam")
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    page.get_by_role("button", name="Set up an authenticator app").click()
    expect(page.get_by_role("img", name="QR code for the authenticator app")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "two-factor-enrol")
    secret = page.locator("code.two-factor__secret").inner_text().replace(" ", "")
    page.get_by_label("The app's current code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on").click()
    codes = page.locator(".recovery-codes code")
    expect(codes).to_have_count(10)
    recovery = codes.first.inner_text()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Welcome, Sam")).to_be_visible()

    again = contexts().page()
    sign_in(again, "sam")
    code_field = again.get_by_label("Code from your authenticator app (or a recovery code)")
    expect(code_field).to_be_visible()
    code_field.fill("000000")
    with again.expect_response(lambda answer: answer.url.endswith("/api/v1/auth/session")):
        again.get_by_role("button", name="Sign in").click()
    expect(again.get_by_role("alert")).to_have_text("That code is wrong or already used.")
    code_field.fill(recovery)
    again.get_by_role("button", name="Sign in").click()
    expect(again.get_by_role("heading", name="Welcome, Sam")).to_be_visible()
    screenshot(again, "two-factor-signed-in")


def test_a_cold_load_and_signing_in_log_nothing_to_the_console(contexts, server):
    """Not even the browser's own "failed to load resource" line: the session probe
    answers 200 whether or not anyone is signed in."""
    page = contexts().page()
    logged: list[str] = []
    page.on("console", lambda message: logged.append(f"{message.type}: {message.text}")
            if message.type in ("error", "warning") else None)
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in to ringdesk")).to_be_visible()
    sign_in(page, "ada")
    expect(page.get_by_role("heading", name="Welcome, Ada")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Welcome, Ada")).to_be_visible()
    assert logged == []
