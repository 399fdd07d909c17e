"""Customers in a real browser against a real server: found by name, phone or email, their
card edited (numbers in any usual notation, a bad one named where it is, in Polish), their
history across channels, a company, and a ticket opened for them by hand."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.conftest import assert_accessible, assert_no_raw_keys, screenshot, sign_in


def test_an_agent_finds_a_customer_edits_their_card_and_opens_a_ticket_for_them(
        contexts, server):
    _, users = server.api("GET", "/api/v1/users")
    ann = next(user["id"] for user in users if user["login"] == "ann")
    status, earlier = server.api("POST", "/api/v1/tickets", body={
        "subject": "Router keeps rebooting", "owner_id": ann,
        "contact": {"name": "Jan Kowalski", "phone": "+48601234567"}})
    assert status == 201, earlier
    server.api("POST", "/api/v1/tickets", body={
        "subject": "Someone else's", "contact": {"name": "Eva Nowak", "phone": "+48601000000"}})

    page = contexts("pl-PL", 1280, 720).page()
    sign_in(page, "ann")
    page.get_by_role("link", name="Klienci").click()
    page.get_by_label("Znajdź klienta").fill("601234")
    page.get_by_role("button", name="Szukaj").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link", name="Jan Kowalski").click()
    expect(page.get_by_role("heading", name="Jan Kowalski", level=1)).to_be_visible()
    expect(page.get_by_role("link", name=earlier["number"])).to_be_visible()

    page.get_by_label("Numery telefonów").fill("+48601234567\nnot a number")
    page.get_by_role("button", name="Zapisz kontakt").click()
    expect(page.get_by_text("Numery telefonów w dowolnym zwykłym zapisie")).to_be_visible()
    expect(page.get_by_label("Numery telefonów")).to_have_value("+48601234567\nnot a number")
    page.get_by_label("Numery telefonów").fill("+48601234567\n+48 22 123 45 67")
    page.get_by_label("Adresy e-mail").fill("jan@example.com")
    page.get_by_role("button", name="Zapisz kontakt").click()
    expect(page.get_by_label("Numery telefonów")).to_have_value("+48601234567\n+48221234567")
    assert_no_raw_keys(page)
    assert_accessible(page)
    screenshot(page, "customer-pl")

    page.get_by_label("Temat").fill("Wants a second router")
    page.get_by_label("Czego dotyczy (pierwsza wiadomość)").fill("Asked on the phone.")
    page.get_by_role("button", name="Załóż zgłoszenie").click()
    expect(page).to_have_url(re.compile(r"/tickets/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wants a second router")
    expect(page.get_by_role("link", name="Jan Kowalski")).to_be_visible()
    page.get_by_role("link", name="Jan Kowalski").click()
    expect(page.get_by_role("heading", name=re.compile("2 zgłoszenia"))).to_be_visible()

    admin = contexts("en-GB", 390, 844).page()
    sign_in(admin, "ada")
    admin.goto("/customers")
    admin.get_by_label("Company name").fill("Kowalski Sp. z o.o.")
    admin.get_by_label("Email domain").fill("example.com")
    admin.get_by_role("button", name="Add company").click()
    expect(admin.get_by_role("region", name="Companies").get_by_text("Kowalski Sp. z o.o."))\
        .to_be_visible()
    assert_accessible(admin)
    screenshot(admin, "customers-phone")
