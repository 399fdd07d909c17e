"""A user's own account in a real browser: API tokens made, shown once, listed and revoked;
an authenticator app in use is replaced only after the password is confirmed."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.web.conftest import (
    PASSWORD,
    assert_accessible,
    assert_no_raw_keys,
    screenshot,
    sign_in,
)


def me_with(url: str, token: str) -> int:
    request = urllib.request.Request(f"{url}/api/v1/auth/me",
                                     headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            json.loads(answer.read())
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize(("language", "width", "height"), [
    ("en-GB", 1440, 900), ("pl-PL", 390, 844)])
def test_an_agent_makes_uses_and_revokes_an_api_token(contexts, server, language, width,
                                                      height):
    page = contexts(language, width, height).page()
    sign_in(page, "ann")
    page.goto("/account/tokens")
    heading = re.compile("API tokens|Tokeny API")
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    page.get_by_label(re.compile("^(Name|Nazwa)$")).fill("nightly export")
    page.get_by_label(re.compile("Valid for|Ważny przez")).select_option("30")
    page.get_by_role("button", name=re.compile("Make token|Utwórz token")).click()
    secret = page.get_by_role("status").locator("code")
    expect(secret).to_be_visible()
    token = secret.inner_text()
    assert me_with(server.url, token) == 200
    row = page.get_by_role("row", name=re.compile("nightly export"))
    expect(row).to_be_visible()
    assert_no_raw_keys(page)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"tokens-{language}-{width}")
    row.get_by_role("button", name=re.compile("Revoke|Unieważnij")).click()
    screenshot(page, f"tokens-revoke-{language}-{width}")
    row.get_by_role("button", name=re.compile("(Revoke|Unieważnij) .nightly export")).click()
    expect(row).to_have_count(0)
    assert me_with(server.url, token) == 401


def enrol_in_the_browser(page) -> str:
    """Turn two-factor sign-in on from the account page; the app's secret."""
    import pyotp

    page.goto("/account/two-factor")
    page.get_by_role("button", name="Set up an authenticator app").click()
    secret = page.locator("code.two-factor__secret").inner_text().replace(" ", "")
    page.get_by_label("The app's current code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on").click()
    return secret


def test_replacing_the_authenticator_app_asks_for_the_password(contexts, server):
    page = contexts().page()
    sign_in(page, "sam")
    secret = enrol_in_the_browser(page)
    page.get_by_role("button", name="Continue").click()
    page.goto("/account/two-factor")
    replace = page.get_by_role("button", name="Set up a new app")
    expect(replace).to_be_disabled()
    page.get_by_label("Current password").fill("not my password")
    with page.expect_response(lambda answer: answer.url.endswith("/api/v1/auth/totp")):
        replace.click()
    expect(page.get_by_role("alert")).to_contain_text("current password")
    page.get_by_label("Current password").fill(PASSWORD)
    replace.click()
    expect(page.get_by_role("img", name="QR code for the authenticator app")).to_be_visible()
    assert page.locator("code.two-factor__secret").inner_text().replace(" ", "") != secret
    screenshot(page, "two-factor-replace")


def test_new_recovery_codes_are_made_with_the_password_and_kept_as_a_file(contexts, server):
    page = contexts().page()
    sign_in(page, "sam")
    enrol_in_the_browser(page)
    expect(page.locator(".recovery-codes code")).to_have_count(10)
    first = page.locator(".recovery-codes code").all_inner_texts()
    page.get_by_role("button", name="Continue").click()
    page.goto("/account/two-factor")
    expect(page.get_by_text("Two-factor sign-in is on.")).to_be_visible()
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_role("button", name="Make new recovery codes").click()
    expect(page.get_by_role("heading", name="New recovery codes")).to_be_visible()
    expect(page.locator(".recovery-codes code")).to_have_count(10)
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == len(first) and not set(codes) & set(first)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the codes").click()
    kept = Path(download.value.path()).read_text()
    assert download.value.suggested_filename == "ringdesk-recovery-codes.txt"
    assert all(code in kept for code in codes)
    assert_no_raw_keys(page)
    screenshot(page, "two-factor-new-codes")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Welcome, Sam")).to_be_visible()


def test_the_user_menu_closes_like_a_menu(contexts, server):
    page = contexts().page()
    sign_in(page, "ann")
    opener = page.locator("button.shell__user")
    tokens = page.get_by_role("menuitem", name="API tokens")
    opener.click()
    expect(tokens).to_be_visible()
    page.keyboard.press("Escape")
    expect(tokens).to_be_hidden()
    expect(opener).to_be_focused()
    opener.click()
    expect(tokens).to_be_visible()
    page.locator("main").click(position={"x": 5, "y": 5})
    expect(tokens).to_be_hidden()
    opener.click()
    page.keyboard.press("ArrowDown")  # a menu: the arrow keys walk it
    expect(page.get_by_role("menuitem").first).to_be_focused()
    tokens.click()
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    expect(tokens).to_be_hidden()
    # The language is chosen in the menu too, and the page follows at once.
    opener.click()
    page.get_by_role("menuitemradio", name="Polski").click()
    expect(page.get_by_role("heading", name="Tokeny API")).to_be_visible()


def test_sign_in_and_home_fit_a_phone(contexts, server):
    page = contexts("pl-PL", 390, 844).page()
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    sign_in(page, "ada")
    # The navigation folds into the menu button on a phone; it closes once a page is chosen.
    expect(page.get_by_role("navigation", name="Główna")).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("dialog").get_by_role("link", name="Trasy").click()
    expect(page.get_by_role("heading", name="Trasy")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto("/")
    # The health badge keeps its words for screen readers on a narrow screen.
    badge = page.get_by_role("status", name=re.compile("element nie działa|działa"))
    expect(badge).to_have_count(1)
    screenshot(page, "home-pl-390")


def test_no_screen_scrolls_sideways_on_a_phone_with_real_rows(contexts, server):
    """Tables with rows (routes with numbers and versions, tickets, lists) become cards on
    a phone: no page is wider than the screen."""
    graph = {"entry": "bye", "nodes": {"bye": {"type": "hangup"}}}
    _, route = server.api("POST", "/api/v1/routes", body={"name": "A rather long route name "
                                                                  "for a phone screen",
                                                          "graph": graph})
    assert server.api("POST", f"/api/v1/routes/{route['id']}/publish",
                      body={"note": "first version, with a note that runs long"})[0] == 201
    assert server.api("POST", f"/api/v1/routes/{route['id']}/numbers",
                      body={"number": "+4930120099"})[0] == 201
    _, ticket = server.api("POST", "/api/v1/tickets",
                           body={"subject": "A printer that prints only on Tuesdays"})
    server.api("POST", "/api/v1/caller-lists", body={"name": "vip", "entries": ["+4930*"]})
    page = contexts("pl-PL", 390, 844).page()
    sign_in(page, "ada")
    for path in ("/", "/routes", f"/routes/{route['id']}", "/caller-lists",
                 f"/tickets/{ticket['id']}", "/account/two-factor", "/account/tokens",
                 "/account/password", "/live"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        screenshot(page, f"phone-{path.strip('/').replace('/', '-') or 'home'}")
