"""The PBX admin screens in a real browser: a queue's levels redrawn by dragging and by
the keyboard, a change made meanwhile kept apart from what was typed, a field's error where
the field is; a new phone's password shown once with its softphone settings and QR code;
work modes; Apply config's check; read-only for supervisors, closed to agents."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from ringdesk.callcenter.pbx.config import password_ha1
from ringdesk.callcenter.pbx.models import AgentAccount
from ringdesk.core.db import make_engine, make_sessionmaker
from tests.web.conftest import assert_accessible, assert_no_raw_keys, screenshot, sign_in


def seed_queue(server) -> None:
    for endpoint, name in (("anna", "Anna Nowak"), ("ben", "Ben Kowalski"), ("cleo", "")):
        status, _ = server.api("POST", "/api/v1/pbx/accounts",
                               body={"endpoint": endpoint, "display_name": name})
        assert status == 201
    status, _ = server.api("PUT", "/api/v1/pbx/queues/sales", body={"members": [
        {"endpoint": "anna", "level": 1, "position": 1},
        {"endpoint": "ben", "level": 1, "position": 2}]})
    assert status == 200


def members(server) -> list[tuple[str, int, int]]:
    _, queues = server.api("GET", "/api/v1/pbx/queues")
    [sales] = [queue for queue in queues if queue["name"] == "sales"]
    return [(m["endpoint"], m["level"], m["position"]) for m in sales["members"]]


def test_an_admin_redraws_a_queues_levels_and_keeps_their_typing_on_a_conflict(contexts,
                                                                            server):
    seed_queue(server)
    page = contexts("pl-PL", 1440, 900).page()
    sign_in(page, "ada")
    page.get_by_role("link", name="Centrala").click()
    expect(page).to_have_url(re.compile("/pbx/queues/sales$"))  # the first queue opens
    level1 = page.get_by_role("region", name="Poziom 1")
    expect(level1.locator(".lane__name")).to_have_text(["Anna Nowak anna", "Ben Kowalski ben"])
    # Ben dragged onto the empty lane: a second level.
    level1.locator("[data-endpoint=ben]").drag_to(page.get_by_role("region", name="Nowy poziom"))
    expect(page.get_by_role("region", name="Poziom 2").locator(".lane__name")).to_have_text(
        ["Ben Kowalski ben"])
    expect(page.get_by_text("Niezapisane zmiany")).to_be_visible()
    # Cleo added, then moved up a level with the keyboard's button.
    page.get_by_label("Dodaj konsultanta").select_option("cleo")
    page.get_by_role("button", name="Dodaj do ostatniego poziomu").click()
    page.get_by_role("button", name="cleo: dzwoń poziom wcześniej").click()
    expect(level1.locator(".lane__name")).to_have_text(["Anna Nowak anna", "cleo"])
    assert_no_raw_keys(page)
    assert_accessible(page)
    screenshot(page, "pbx-queue-pl-1440")
    page.get_by_role("button", name="Zapisz kolejkę").click()
    expect(page.get_by_role("status").filter(has_text="Zapisano")).to_be_visible()
    assert members(server) == [("anna", 1, 1), ("cleo", 1, 2), ("ben", 2, 1)]
    _, log = server.api("GET", "/api/v1/audit-log?action=pbx.queue.changed")
    assert log["items"][0]["target"] == "sales"

    # Someone else changes the ring time meanwhile; this admin's typing is kept.
    status, _ = server.api("PUT", "/api/v1/pbx/queues/sales", body={
        "ring_timeout": 25, "members": [{"endpoint": "anna", "level": 1, "position": 1}]})
    assert status == 200
    page.get_by_label("Najdłuższe oczekiwanie (s)").fill("90")
    page.get_by_role("button", name="Zapisz kolejkę").click()
    conflict = page.get_by_role("alert").filter(has_text="Ktoś w międzyczasie")
    expect(conflict).to_contain_text("Dzwonienie do konsultanta (s), Poziomy")
    expect(page.get_by_label("Najdłuższe oczekiwanie (s)")).to_have_value("90")
    conflict.get_by_role("button", name="Zachowaj moją").click()
    expect(conflict).to_be_hidden()
    assert members(server) == [("anna", 1, 1), ("cleo", 1, 2), ("ben", 2, 1)]

    # The server's rule, shown at the field it is about.
    page.get_by_label("Numer prezentowany").fill("call me")
    page.get_by_role("button", name="Zapisz kolejkę").click()
    field = page.locator(".field--invalid")
    expect(field).to_have_count(1)
    expect(field.locator("label")).to_have_text("Numer prezentowany")
    expect(field.locator(".field__error")).to_have_text("Numer telefonu, np. +48221234567")
    expect(page.get_by_label("Numer prezentowany")).to_have_attribute("aria-invalid", "true")


def test_a_new_phone_shows_its_password_once_with_softphone_settings(contexts, server):
    page = contexts("en-GB", 1280, 720).page()
    sign_in(page, "ada")
    page.goto("/pbx/phones")
    form = page.get_by_role("form", name="New phone")
    form.get_by_label("SIP user").fill("desk-zoe")
    form.get_by_label("Name").fill("Zoe")
    form.get_by_label("Caller ID").fill("+48221234567")
    form.get_by_role("button", name="Create phone").click()
    shown = page.get_by_role("region", name="Phone for Zoe")
    expect(shown).to_contain_text("Shown this once")
    password = shown.get_by_test_id("sip-password").inner_text()
    expect(shown.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    expect(shown.locator("dd").nth(0)).to_have_text("127.0.0.1")  # the web address's host
    sessions = make_sessionmaker(make_engine(server.database))
    with sessions() as session:
        account = session.query(AgentAccount).filter_by(endpoint="desk-zoe").one()
        assert account.password_ha1 == password_ha1("desk-zoe", password)
    screenshot(page, "pbx-phone-created-en-1280")
    shown.get_by_role("button", name="Done, I noted it").click()
    expect(page.get_by_text(password)).to_have_count(0)  # once only
    row = page.get_by_role("row", name=re.compile("Zoe"))
    row.get_by_role("button", name="New password").click()
    page.get_by_role("alertdialog").get_by_role("button", name="New password").click()
    again = page.get_by_role("region", name="Phone for Zoe")
    expect(again.get_by_test_id("sip-password")).not_to_have_text(password)
    # A SIP user that exists already: said where the SIP user is typed.
    form = page.get_by_role("form", name="New phone")
    again.get_by_role("button", name="Done, I noted it").click()
    form.get_by_label("SIP user").fill("desk-zoe")
    form.get_by_role("button", name="Create phone").click()
    expect(form.locator(".field--invalid label")).to_have_text("SIP user")
    expect(form.locator(".field__error")).to_have_text("A phone with this SIP user exists already.")
    assert_accessible(page)


def test_work_modes_and_the_apply_check(contexts, server):
    page = contexts("en-GB", 1440, 900).page()
    sign_in(page, "ada")
    page.goto("/pbx/work-modes")
    new = page.get_by_role("form", name="New work mode")
    new.get_by_label("Name").fill("Training")
    new.get_by_label("Phone code").fill("7")
    new.get_by_label("Time limit (minutes)").fill("45")
    new.get_by_role("button", name="Create mode").click()
    training = page.get_by_role("form", name="Training")
    expect(training.get_by_label("Time limit (minutes)")).to_have_value("45")
    _, modes = server.api("GET", "/api/v1/work-modes")
    assert [(m["code"], m["limit_minutes"]) for m in modes if m["name"] == "Training"] == [
        ("7", 45)]
    new.get_by_label("Name").fill("Coffee")
    new.get_by_label("Phone code").fill("7")  # Training's
    new.get_by_role("button", name="Create mode").click()
    expect(new.locator(".field--invalid label")).to_have_text("Phone code")
    expect(new.get_by_label("Name")).to_have_value("Coffee")  # nothing typed is lost
    page.get_by_role("link", name="Apply config").click()
    # Unsaved, so leaving asks first; staying keeps what was typed.
    leave = page.get_by_role("alertdialog", name="Leave without saving?")
    leave.get_by_role("button", name="Cancel").click()
    expect(new.get_by_label("Name")).to_have_value("Coffee")
    page.get_by_role("link", name="Apply config").click()
    leave.get_by_role("button", name="Leave and lose changes").click()
    expect(page.get_by_text("No problems: ready to apply")).to_be_visible()
    page.get_by_role("button", name="Apply config").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Apply config").click()
    # This server talks to no Asterisk: the dialog stays open and says so.
    expect(page.get_by_role("alertdialog")).to_contain_text("Asterisk")
    assert_no_raw_keys(page)


def test_supervisors_read_the_pbx_agents_do_not_and_it_fits_a_phone(contexts, server):
    seed_queue(server)
    page = contexts("en-GB", 390, 844).page()
    sign_in(page, "sam")
    page.goto("/pbx/queues/sales")
    expect(page.get_by_role("heading", name="Queue sales")).to_be_visible()
    expect(page.get_by_role("button", name="Save queue")).to_have_count(0)
    expect(page.locator(".lane__agent[draggable=true]")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "pbx-queue-supervisor-en-390")
    status = page.evaluate("async () => (await fetch('/api/v1/pbx/accounts/anna/password',"
                           " {method: 'POST'})).status")
    assert status in (403, 400)  # no CSRF token sent, and no permission either way
    agent = contexts().page()
    sign_in(agent, "ann")
    agent.goto("/pbx")
    expect(agent.get_by_role("alert")).to_have_text("This page is not available to your rank.")


def test_an_admin_chooses_who_watches_a_queue(contexts, server):
    seed_queue(server)
    page = contexts("en-GB", 1280, 720).page()
    sign_in(page, "ada")
    page.goto("/pbx/queues/sales")
    watchers = page.get_by_role("group", name="Who watches this queue")
    watchers.get_by_label("Sam").check()
    page.get_by_role("button", name="Save queue").click()
    expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    _, users = server.api("GET", "/api/v1/users")
    sam = next(user["id"] for user in users if user["login"] == "sam")
    _, queues = server.api("GET", "/api/v1/pbx/queues")
    assert [queue["supervisors"] for queue in queues if queue["name"] == "sales"] == [[sam]]
