"""The ticket lists in a real browser against a real server: an agent's own tickets, all
an admin may see, search and filters kept in the address (a reload keeps them), owners by
name, due times running down, j/k and Enter, a ticket opened elsewhere appearing without a
reload, both languages on a phone."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.conftest import assert_accessible, assert_no_raw_keys, screenshot, sign_in


def user_id(server, login: str) -> int:
    _, users = server.api("GET", "/api/v1/users")
    return next(user["id"] for user in users if user["login"] == login)


def open_ticket(server, subject: str, **fields) -> dict:
    status, ticket = server.api("POST", "/api/v1/tickets", body={"subject": subject, **fields})
    assert status == 201, ticket
    return ticket


def test_an_agent_and_an_admin_find_tickets_in_their_lists(contexts, server):
    ann = user_id(server, "ann")
    _, queues = server.api("GET", "/api/v1/ticket-queues")
    default = next(queue for queue in queues if queue["is_default"])
    assert server.api("PATCH", f"/api/v1/ticket-queues/{default['id']}",
                      body={"reaction_minutes": 600})[0] == 200
    mine = open_ticket(server, "Invoice copy for March", owner_id=ann,
                       contact={"name": "Ewa Kowalska", "phone": "+48601234567"})
    open_ticket(server, "Printer on fire", priority="urgent")
    open_ticket(server, "Password reset")

    page = contexts("en-GB", 1280, 720).page()
    sign_in(page, "ann")
    page.get_by_role("link", name="Tickets").click()
    rows = page.locator(".tickets__table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Invoice copy for March")
    expect(rows.first).to_contain_text("Ewa Kowalska")
    expect(rows.first).to_contain_text("Ann")  # the owner by name, not a number
    expect(rows.first.locator("td[data-label=\"Reaction due\"]")).to_have_text(
        re.compile(r"in (10 hours|9 hours)"))
    assert_accessible(page)

    admin = contexts("en-GB", 1440, 900).page()
    sign_in(admin, "ada")
    admin.goto("/tickets")
    admin.get_by_role("button", name="Everything I may see").click()
    expect(admin.locator(".tickets__table tbody tr")).to_have_count(3)
    expect(admin.get_by_role("status").filter(has_text="of 3 tickets")).to_be_visible()
    admin.get_by_label("Search").fill("printer")
    admin.get_by_role("button", name="Find").click()
    expect(admin).to_have_url(re.compile(r"q=printer"))
    found = admin.locator(".tickets__table tbody tr")
    expect(found).to_have_count(1)
    expect(found.first).to_contain_text("Urgent")
    admin.reload()  # the list is in the address
    expect(admin.locator(".tickets__table tbody tr")).to_have_count(1)
    admin.get_by_label("Search").fill("")
    admin.get_by_role("button", name="Find").click()
    admin.get_by_label("Priority").select_option(label="Urgent")
    expect(admin.locator(".tickets__table tbody tr")).to_have_count(1)
    admin.get_by_label("Priority").select_option(label="Any")
    admin.get_by_label("Order").select_option(label="Highest number first")
    expect(admin.locator(".tickets__table tbody tr")).to_have_count(3)
    # j moves to the next row, Enter opens it.
    admin.locator(".tickets__table tbody tr").first.focus()
    admin.keyboard.press("j")
    second = admin.locator(".tickets__table tbody tr").nth(1)
    expect(second).to_be_focused()
    number = second.locator("th").inner_text()
    admin.keyboard.press("Enter")
    expect(admin.get_by_role("heading", level=1)).to_contain_text(number)
    admin.go_back()
    # A ticket opened elsewhere appears without a reload (the desk's event stream).
    expect(admin.locator(".tickets__table tbody tr")).to_have_count(3)
    open_ticket(server, "Fax machine beeps")
    expect(admin.locator(".tickets__table tbody tr")).to_have_count(4, timeout=5000)
    expect(admin.locator(".tickets__table tbody tr").first).to_contain_text("Fax machine beeps")
    admin.keyboard.press("?")
    expect(admin.get_by_text("open the ticket")).to_be_visible()
    screenshot(admin, "tickets-en-1440")

    phone = contexts("pl-PL", 390, 844).page()
    sign_in(phone, "ann")
    phone.goto("/tickets")
    expect(phone.get_by_role("heading", name="Zgłoszenia")).to_be_visible()
    expect(phone.locator(".tickets__table tbody tr")).to_have_count(1)
    expect(phone.get_by_role("status").filter(has_text="z 1 zgłoszenia")).to_be_visible()
    assert mine["number"] in phone.locator(".tickets__table").inner_text()
    assert_no_raw_keys(phone)
    assert_accessible(phone)
    screenshot(phone, "tickets-pl-390")


def test_many_tickets_changed_at_once_and_one_changed_meanwhile_is_skipped(contexts, server):
    first = open_ticket(server, "Toner empty")
    second = open_ticket(server, "Toner empty again")
    third = open_ticket(server, "Paper jam")
    page = contexts("en-GB", 1440, 900).page()
    sign_in(page, "ada")
    page.goto("/tickets?view=all")
    expect(page.locator(".tickets__table tbody tr")).to_have_count(3)
    page.get_by_label(f"Choose ticket {first['number']}").check()
    page.get_by_label(f"Choose ticket {second['number']}").check()
    bar = page.get_by_role("region", name="Change the chosen tickets")
    expect(bar).to_contain_text("2 tickets chosen")
    bar.get_by_label("Status").select_option(label="In progress")
    bar.get_by_label("Owner").select_option(label="Sam")
    bar.get_by_label("Add a tag").fill("toner")
    bar.get_by_role("button", name="Change 2 tickets").click()
    expect(bar).to_have_count(0)  # done: nothing chosen any more
    for ticket in (first, second):
        _, now = server.api("GET", f"/api/v1/tickets/{ticket['id']}")
        assert (now["status"], now["owner_name"], now["tags"]) == ("in_progress", "Sam", ["toner"])
    _, untouched = server.api("GET", f"/api/v1/tickets/{third['id']}")
    assert untouched["status"] == "open"
    # Changed elsewhere after the list was read: skipped and named, not overwritten.
    page.get_by_label("Choose every ticket on this page").check()
    server.api("PATCH", f"/api/v1/tickets/{third['id']}",
               body={"version": untouched["version"], "priority": "high"})
    bar.get_by_label("Status").select_option(label="Closed")
    bar.get_by_role("button", name="Change 3 tickets").click()
    expect(bar.get_by_role("alert")).to_contain_text(third["number"])
    _, kept = server.api("GET", f"/api/v1/tickets/{third['id']}")
    assert (kept["priority"], kept["status"]) == ("high", "open")


def test_saved_views_one_of_ones_own_and_one_an_admin_shares_with_agents(contexts, server):
    ann = user_id(server, "ann")
    open_ticket(server, "Router keeps rebooting", owner_id=ann, priority="urgent")
    open_ticket(server, "Invoice copy", owner_id=ann)

    page = contexts("pl-PL", 390, 844).page()
    sign_in(page, "ann")
    page.goto("/tickets?priority=urgent")
    expect(page.locator(".tickets__table tbody tr")).to_have_count(1)
    page.get_by_role("button", name="Zapisz tę listę jako widok").click()
    page.get_by_label("Nazwa widoku").fill("Pilne")
    page.get_by_role("button", name="Zapisz widok").click()
    views = page.get_by_role("navigation", name="Zapisane widoki")
    expect(views.get_by_role("link", name="Pilne")).to_have_attribute("aria-current", "page")
    assert_no_raw_keys(page)
    assert_accessible(page)
    screenshot(page, "tickets-saved-view-pl-phone")
    page.goto("/tickets")
    expect(page.locator(".tickets__table tbody tr")).to_have_count(2)
    views.get_by_role("link", name="Pilne").click()
    expect(page).to_have_url(re.compile(r"priority=urgent"))
    expect(page.locator(".tickets__table tbody tr")).to_have_count(1)

    admin = contexts("en-GB", 1440, 900).page()
    sign_in(admin, "ada")
    admin.goto("/tickets?view=waiting&sort=reaction_due")
    admin.get_by_role("button", name="Save this list as a view").click()
    admin.get_by_label("Name of the view").fill("Waiting, oldest reaction first")
    admin.get_by_role("checkbox", name="Agent", exact=True).check()
    expect(admin.get_by_text("Everyone chosen sees this view above their tickets.")) \
        .to_be_visible()
    admin.get_by_role("button", name="Save view").click()
    expect(admin.get_by_role("link", name=re.compile("^Waiting, oldest reaction first"))) \
        .to_be_visible()
    screenshot(admin, "tickets-shared-view")

    page.reload()
    shared = views.get_by_role("link", name=re.compile("^Waiting, oldest reaction first"))
    expect(shared).to_be_visible()
    # Ann deletes her own view, not the one shared with her.
    expect(views.get_by_role("button", name="Usuń widok „Pilne”")).to_be_visible()
    expect(views.get_by_role("button", name=re.compile("Waiting, oldest"))).to_have_count(0)
    views.get_by_role("button", name="Usuń widok „Pilne”").click()
    expect(views.get_by_role("link", name="Pilne")).to_have_count(0)
