"""The users and audit screens in a real browser: a new user's first password shown once
and forced to change; a rank changed; a new password that signs the person out at once; a
browser session ended from the admin's screen, its browser told why; deactivation asks what
happens to open tickets; every one of these in the audit log."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.conftest import assert_accessible, assert_no_raw_keys, screenshot, sign_in


def user_id(server, login: str) -> int:
    _, users = server.api("GET", "/api/v1/users")
    return next(user["id"] for user in users if user["login"] == login)


def test_an_admin_adds_a_user_who_must_choose_a_password(contexts, server):
    page = contexts("en-GB", 1280, 720).page()
    sign_in(page, "ada")
    page.get_by_role("link", name="Users").click()
    page.get_by_role("button", name="New user").click()
    form = page.get_by_role("form", name="New user")
    form.get_by_label("Login").fill("zed")
    form.get_by_label("Name").fill("Zed Nowak")
    form.get_by_label("Rank").select_option("supervisor")
    form.get_by_role("button", name="Create user").click()
    shown = page.get_by_role("region", name="Zed Nowak can sign in")
    first = shown.get_by_test_id("first-password").inner_text()
    assert len(first) >= 12
    expect(page.get_by_role("row", name=re.compile("Zed Nowak"))).to_contain_text(
        "Must choose a password")
    newcomer = contexts().page()
    sign_in(newcomer, "zed", first)
    expect(newcomer.get_by_role("heading", name=re.compile("password", re.I))).to_be_visible()
    # The same login again: said at the login field.
    shown.get_by_role("button", name="Done, I noted it").click()
    page.get_by_role("button", name="New user").click()
    form.get_by_label("Login").fill("zed")
    form.get_by_role("button", name="Create user").click()
    expect(form.locator(".field--invalid label")).to_have_text("Login")
    expect(form.locator(".field__error")).to_have_text("This login is taken.")


def test_a_new_password_or_an_ended_session_signs_the_person_out_everywhere(contexts, server):
    ann = contexts().page()
    sign_in(ann, "ann")
    sam = contexts().page()
    sign_in(sam, "sam")
    expect(sam.get_by_role("link", name="Live board")).to_be_visible()
    page = contexts("pl-PL", 1440, 900).page()
    sign_in(page, "ada")
    page.goto(f"/users/{user_id(server, 'sam')}")
    browsers = page.get_by_role("region", name="Zalogowany")
    expect(browsers.get_by_text(re.compile("Chrome, Linux"))).to_have_count(1)
    browsers.get_by_role("button", name=re.compile("Zakończ sesję")).click()
    expect(browsers.get_by_text(re.compile("Chrome, Linux"))).to_have_count(1)  # asked first
    browsers.get_by_role("button", name="Tak, zakończ").click()
    expect(browsers.get_by_text(re.compile("Chrome, Linux"))).to_have_count(0)
    sam.reload()
    expect(sam.get_by_text("An administrator ended this session. Please sign in again.")
           ).to_be_visible()

    page.goto(f"/users/{user_id(server, 'ann')}")
    page.get_by_label("Rola").select_option("privileged_agent")
    page.get_by_role("button", name="Zapisz", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Zapisano")).to_be_visible()
    _, users = server.api("GET", "/api/v1/users")
    assert next(u["rank"] for u in users if u["login"] == "ann") == "privileged_agent"
    page.get_by_role("button", name="Ustaw nowe hasło").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Ustaw nowe hasło").click()
    made = page.get_by_test_id("new-password").inner_text()
    assert len(made) == 16
    status = ann.evaluate("async () => (await fetch('/api/v1/auth/me')).status")
    assert status == 401  # her browser is out at once
    assert_no_raw_keys(page)
    assert_accessible(page)
    screenshot(page, "users-pl-1440")

    _, log = server.api("GET", "/api/v1/audit-log?action=user.")
    assert [entry["action"] for entry in log["items"]][:3] == [
        "user.changed", "user.changed", "user.session_ended"]
    assert "(new)" in str(log["items"][0]["data"]) and made not in str(log["items"][0]["data"])
    page.get_by_role("link", name="Dziennik", exact=True).click()
    page.get_by_label("Czynność").select_option("user.")
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text("Zmieniono użytkownika")
    expect(rows.nth(2)).to_contain_text("Zakończono sesję")
    assert_accessible(page)
    screenshot(page, "audit-pl-1440")


def test_deactivating_someone_with_open_tickets_asks_where_they_go(contexts, server):
    ann = user_id(server, "ann")
    for subject in ("Printer", "Invoice"):
        status, _ = server.api("POST", "/api/v1/tickets",
                               body={"subject": subject, "owner_id": ann})
        assert status == 201
    page = contexts("en-GB", 390, 844).page()
    sign_in(page, "ada")
    page.goto(f"/users/{ann}")
    page.get_by_role("button", name="Deactivate").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Deactivate").click()
    dialog = page.get_by_role("alertdialog", name="2 open tickets to hand over")
    dialog.get_by_label("To a colleague").check()
    dialog.get_by_label("Give them to").select_option(label="Sam")
    dialog.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_role("row", name=re.compile("ann")).first).to_contain_text("Deactivated")
    _, tickets = server.api("GET", "/api/v1/tickets")
    assert {ticket["owner_id"] for ticket in tickets["items"]} == {user_id(server, "sam")}
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "users-deactivate-en-390")


def test_an_admin_sets_the_sign_in_rules_and_masked_numbers_on_the_screen(contexts, server):
    sam = contexts().page()
    sign_in(sam, "sam")
    expect(sam.get_by_role("link", name="Live board")).to_be_visible()
    page = contexts("en-GB", 1440, 900).page()
    sign_in(page, "ada")
    page.get_by_role("link", name="Users").click()
    rules = page.get_by_role("form", name="Sign-in rules")
    expect(rules).to_contain_text("From the configuration file")
    allowed = rules.get_by_label("Sign-in allowed from")
    expect(rules).to_contain_text("You are signing in from 127.0.0.1")
    # A list that leaves the admin's own address out is refused where the field is.
    allowed.fill("10.0.0.0/8")
    rules.get_by_role("button", name="Save sign-in rules").click()
    expect(rules.locator(".field--invalid .field__error")).to_have_text(
        "This leaves out the address you are signed in from: you could not sign in again.")
    allowed.fill("127.0.0.0/8\noffice lan")
    rules.get_by_role("button", name="Save sign-in rules").click()
    expect(rules.get_by_text("Not networks: office, lan")).to_be_visible()
    allowed.fill("127.0.0.0/8")
    rules.get_by_label("Supervisor").check()
    rules.get_by_role("button", name="Save sign-in rules").click()
    expect(rules.get_by_role("status")).to_have_text("Saved: the new rules hold now.")
    expect(rules).to_contain_text("1 person of these ranks has no authenticator app yet")
    expect(rules).to_contain_text("Saved on this screen")
    # The supervisor, already signed in, is asked to set one up at their next step.
    sam.reload()
    expect(sam.get_by_text("Your role signs in with an authenticator app too.")).to_be_visible()
    _, now = server.api("GET", "/api/v1/users/sign-in-rules")
    assert (now["allowed_networks"], now["second_factor_ranks"]) == (
        ["127.0.0.0/8"], ["supervisor"])

    masking = page.get_by_role("form", name="Callers' numbers on the live board")
    masking.get_by_label("Supervisor").check()
    masking.get_by_role("button", name="Save masking").click()
    expect(masking.get_by_role("status")).to_have_text("Saved: open boards follow within seconds.")
    assert server.api("GET", "/api/v1/live/masking")[1]["ranks"] == ["supervisor"]
    # Saved meanwhile elsewhere: said, and what was chosen here kept.
    server.api("PUT", "/api/v1/live/masking", body={"ranks": [], "revision": 1})
    masking.get_by_label("Administrator").check()
    masking.get_by_role("button", name="Save masking").click()
    expect(masking.get_by_role("alert")).to_contain_text("Someone saved these settings meanwhile")
    expect(masking.get_by_label("Administrator")).to_be_checked()
    masking.get_by_role("button", name="Keep mine").click()
    expect(masking.get_by_role("status")).to_be_visible()
    assert server.api("GET", "/api/v1/live/masking")[1]["ranks"] == ["admin", "supervisor"]
    screenshot(page, "users-sign-in-rules")

    page.get_by_role("link", name="Audit log").click()
    page.get_by_label("Action").select_option(label="Sign-in and privacy")
    expect(page.get_by_role("cell", name="Sign-in rules changed")).to_have_count(1)
    expect(page.get_by_role("cell", name="Masked numbers changed")).to_have_count(3)

    polish = contexts("pl-PL", 390, 844).page()
    sign_in(polish, "ada")
    polish.goto("/users")
    expect(polish.get_by_role("form", name="Zasady logowania")).to_contain_text(
        "Zapisane na tym ekranie")
    assert_no_raw_keys(polish)
    assert_accessible(polish)
    screenshot(polish, "users-sign-in-rules-pl-phone")
