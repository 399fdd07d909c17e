"""Working a ticket in a real browser against a real server: its timeline in words, a note
with a mention and a reply, status, priority, owner and tags changed together; two people
on the same ticket: the second is told what the first changed and keeps their choice."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.conftest import assert_accessible, assert_no_raw_keys, screenshot, sign_in


def test_two_people_work_the_same_ticket_and_neither_loses_their_change(contexts, server):
    status, ticket = server.api("POST", "/api/v1/tickets", body={
        "subject": "Printer on fire", "body": "It smokes since this morning.",
        "channel": "email", "contact": {"name": "Ewa Kowalska", "email": "ewa@example.com"}})
    assert status == 201, ticket
    path = f"/tickets/{ticket['id']}"

    ada = contexts("en-GB", 1440, 900).page()
    sign_in(ada, "ada")
    ada.goto(path)
    expect(ada.get_by_role("heading", level=1)).to_contain_text("Printer on fire")
    timeline = ada.get_by_role("list", name="Timeline")
    expect(timeline).to_contain_text("Ticket opened in General")
    expect(timeline).to_contain_text("It smokes since this morning.")
    expect(ada.get_by_role("complementary")).to_contain_text("Ewa Kowalska")

    sam = contexts("en-GB", 1280, 720).page()
    sign_in(sam, "sam")
    sam.goto(path)
    sam_fields = sam.get_by_role("form", name="Details")
    sam_fields.get_by_label("Priority").select_option(label="Low")  # not saved yet

    # Ada writes a note that mentions Sam, then changes four things at once.
    ada.get_by_role("radio", name="Internal note").check()
    ada.get_by_role("textbox", name="Internal note").fill("@sam can you call her back?")
    ada.get_by_role("button", name="Add note").click()
    expect(timeline.locator(".timeline__entry--note")).to_contain_text("@sam can you call")
    expect(ada.get_by_role("textbox", name="Internal note")).to_have_value("")
    fields = ada.get_by_role("form", name="Details")
    fields.get_by_label("Status").select_option(label="In progress")
    fields.get_by_label("Priority").select_option(label="High")
    fields.get_by_label("Owner").select_option(label="Sam")
    fields.get_by_label("Tags").fill("vip, printer")
    fields.get_by_role("button", name="Save changes").click()
    expect(fields.get_by_role("status")).to_have_text("Saved.")
    expect(timeline).to_contain_text("Status: Open → In progress")
    expect(timeline).to_contain_text("Handed to Sam")
    expect(timeline).to_contain_text("Tags added: printer, vip")

    # Sam saves what he chose before Ada's change: told what changed, his choice kept.
    sam_fields.get_by_role("button", name="Save changes").click()
    alert = sam_fields.get_by_role("alert")
    expect(alert).to_contain_text(re.compile(r"changed this ticket meanwhile \(.*priority"))
    expect(sam_fields.get_by_label("Priority")).to_have_value("low")
    sam_fields.get_by_role("button", name="Keep mine").click()
    expect(sam_fields.get_by_role("status")).to_have_text("Saved.")
    _, now = server.api("GET", f"/api/v1/tickets/{ticket['id']}")
    assert (now["priority"], now["status"], now["owner_name"], now["tags"]) == (
        "low", "in_progress", "Sam", ["printer", "vip"])
    # Ada's page follows without a reload.
    expect(fields.get_by_label("Priority")).to_have_value("low", timeout=5000)

    # A reply to the customer, and typed text is not left behind unasked.
    sam.get_by_role("radio", name="Reply to the customer").check()
    sam.get_by_role("textbox", name="Reply to the customer").fill("We are on our way.")
    sam.keyboard.press("Control+Enter")
    expect(sam.get_by_role("list", name="Timeline").locator(".timeline__entry--message_out")
           ).to_contain_text("We are on our way.")
    sam.get_by_role("textbox", name="Reply to the customer").fill("Half-written")
    sam.get_by_role("link", name="Tickets", exact=True).first.click()
    expect(sam.get_by_role("alertdialog", name="Leave without saving?")).to_be_visible()
    sam.get_by_role("button", name="Cancel").click()
    expect(sam.get_by_role("textbox", name="Reply to the customer")).to_have_value("Half-written")
    assert_accessible(ada)
    screenshot(ada, "ticket-en-1440")

    phone = contexts("pl-PL", 390, 844).page()
    sign_in(phone, "ada")
    phone.goto(path)
    expect(phone.get_by_role("list", name="Historia")).to_contain_text("Przekazane: Sam")
    assert_no_raw_keys(phone)
    assert_accessible(phone)
    screenshot(phone, "ticket-pl-390")


def test_a_mention_raises_the_mentioned_agents_counter_live_and_opening_it_reads_it(
        contexts, server):
    status, ticket = server.api("POST", "/api/v1/tickets", body={"subject": "Broken headset"})
    assert status == 201
    ann = contexts("en-GB", 1280, 720).page()
    sign_in(ann, "ann")
    bar = ann.get_by_role("group", name="Notifications")
    expect(bar.get_by_role("button", name="No news")).to_be_visible()
    server.api("POST", f"/api/v1/tickets/{ticket['id']}/notes",
               body={"body": "@ann could you take this one?"})
    mention = bar.get_by_role("button", name="1 mention of you")
    expect(mention).to_be_visible(timeout=5000)  # no reload: the desk's stream
    mention.click()
    ann.get_by_role("menuitem", name=re.compile(f"Ticket #{ticket['id']}")).click()
    expect(ann.get_by_role("heading", level=1)).to_contain_text("Broken headset")
    expect(bar.get_by_role("button", name="No news")).to_be_visible()
    _, news = server.api("GET", "/api/v1/notifications", login="ann")
    assert news["counters"].get("mention", 0) == 0


def test_an_agent_sets_their_own_work_mode_in_the_top_bar(contexts, server):
    _, users = server.api("GET", "/api/v1/users")
    ann = next(user["id"] for user in users if user["login"] == "ann")
    status, _ = server.api("POST", "/api/v1/pbx/accounts", body={
        "endpoint": "desk-ann", "display_name": "Ann", "user_id": ann})
    assert status == 201
    page = contexts("pl-PL", 1280, 720).page()
    sign_in(page, "ann")
    mode = page.get_by_label("Mój tryb pracy")
    expect(mode).to_be_visible()
    mode.select_option(label="Przerwa")
    expect(page.locator(".my-mode--away")).to_be_visible()
    _, phones = server.api("GET", "/api/v1/me/phones", login="ann")
    assert [(phone["endpoint"], phone["mode"]["name"]) for phone in phones] == [
        ("desk-ann", "Break")]
    # Someone without a phone of their own sees no picker.
    other = contexts().page()
    sign_in(other, "sam")
    expect(other.get_by_role("group", name="Notifications")).to_be_visible()
    expect(other.locator(".my-mode")).to_have_count(0)
    screenshot(page, "my-mode-pl-1280")


def test_calling_the_customer_from_the_ticket_says_so_when_the_pbx_is_away(contexts, server):
    _, users = server.api("GET", "/api/v1/users")
    ada = next(user["id"] for user in users if user["login"] == "ada")
    assert server.api("POST", "/api/v1/pbx/accounts", body={
        "endpoint": "desk-ada", "display_name": "Ada", "user_id": ada})[0] == 201
    _, ticket = server.api("POST", "/api/v1/tickets", body={
        "subject": "Call me back", "contact": {"name": "Jan", "phone": "+48601234567"}})
    page = contexts("en-GB", 1280, 720).page()
    sign_in(page, "ada")
    page.goto(f"/tickets/{ticket['id']}")
    button = page.get_by_role("button", name="Call +48601234567")
    expect(button).to_be_enabled()
    button.click()
    # This server talks to no Asterisk: said in words, nothing placed, nothing logged.
    expect(page.get_by_text(re.compile("Asterisk", re.I)).first).to_be_visible()
    _, timeline = server.api("GET", f"/api/v1/tickets/{ticket['id']}/timeline")
    assert "call_out" not in [entry["kind"] for entry in timeline]


def test_snooze_and_wake_watch_and_merge_from_the_ticket(contexts, server):
    _, users = server.api("GET", "/api/v1/users")
    ada = next(user["id"] for user in users if user["login"] == "ada")
    _, ticket = server.api("POST", "/api/v1/tickets", body={"subject": "Main", "owner_id": ada})
    _, other = server.api("POST", "/api/v1/tickets", body={"subject": "Same again"})
    page = contexts("en-GB", 1440, 900).page()
    sign_in(page, "ada")
    page.goto(f"/tickets/{ticket['id']}")
    more = page.get_by_role("region", name="More")
    more.get_by_role("button", name="Tomorrow 9:00").click()
    expect(more).to_contain_text("Snoozed until")
    _, now = server.api("GET", f"/api/v1/tickets/{ticket['id']}")
    assert now["snoozed_until"] is not None
    more.get_by_role("button", name="Wake it now").click()  # the owner may
    expect(more.get_by_role("button", name="Tomorrow 9:00")).to_be_visible()
    more.get_by_role("button", name="Watch this ticket").click()
    expect(more.get_by_role("button", name="Stop watching")).to_be_visible()
    more.get_by_label("Merge another ticket into this one (its number)").fill(other["number"])
    more.get_by_role("button", name="Find it").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("This cannot be undone.")
    dialog.get_by_role("button", name="Merge for good").click()
    expect(page.get_by_role("list", name="Timeline")).to_contain_text(
        "Other tickets were merged into this one")
    _, merged = server.api("GET", f"/api/v1/tickets/{other['id']}")
    assert merged["merged_into_id"] == ticket["id"]
    screenshot(page, "ticket-actions-en-1440")


def test_a_customers_message_about_something_else_becomes_its_own_ticket(contexts, server):
    _, ticket = server.api("POST", "/api/v1/tickets", body={
        "subject": "Invoice", "channel": "email", "body": "Also my router is broken.",
        "contact": {"name": "Ewa", "email": "ewa@example.com"}})
    page = contexts("pl-PL", 1280, 720).page()
    sign_in(page, "ada")
    page.goto(f"/tickets/{ticket['id']}")
    page.get_by_role("button", name="Wydziel do osobnego zgłoszenia").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Utwórz nowe zgłoszenie").click()
    expect(page).not_to_have_url(re.compile(f"/tickets/{ticket['id']}$"))
    expect(page.get_by_role("list", name="Historia")).to_contain_text("Also my router is broken.")
    expect(page.get_by_role("note")).to_contain_text("dalszym ciągiem")
    assert_no_raw_keys(page)


def test_a_canned_reply_and_the_agents_signature_go_out_filled_in(contexts, server):
    _, users = server.api("GET", "/api/v1/users")
    ann = next(user["id"] for user in users if user["login"] == "ann")
    status, ticket = server.api("POST", "/api/v1/tickets", body={
        "subject": "Invoice missing", "owner_id": ann,
        "contact": {"name": "Jan Kowalski", "email": "jan@example.com"}})
    assert status == 201, ticket

    admin = contexts("en-GB", 1440, 900).page()
    sign_in(admin, "ada")
    admin.get_by_role("link", name="Help desk").click()
    admin.get_by_role("link", name="New canned reply").click()
    admin.get_by_label("Title").fill("Invoice resent")
    text = admin.get_by_label("Text", exact=True)
    text.fill("Dear ")
    admin.get_by_role("button", name="Customer's name").click()
    text.press("End")
    text.type(", we have resent the invoice for ")
    admin.get_by_role("button", name="Ticket number").click()
    admin.get_by_role("button", name="Save canned reply").click()
    expect(admin.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    expect(admin.get_by_role("link", name=re.compile("^Invoice resent"))).to_be_visible()
    assert_no_raw_keys(admin)
    assert_accessible(admin)
    screenshot(admin, "helpdesk-canned-reply")

    page = contexts("pl-PL", 1280, 720).page()
    sign_in(page, "ann")
    page.goto("/account/signature")
    page.get_by_label("Podpis", exact=True).fill("Pozdrawiam, ")
    page.get_by_role("button", name="Twoje imię").click()
    page.get_by_role("button", name="Zapisz podpis").click()
    expect(page.get_by_role("status").filter(has_text="Podpis zapisany.")).to_be_visible()
    page.goto(f"/tickets/{ticket['id']}")
    page.get_by_role("radio", name="Odpowiedź dla klienta").check()
    page.get_by_label("Gotowa odpowiedź").select_option(label="Invoice resent")
    reply = page.get_by_role("textbox", name="Odpowiedź dla klienta")
    expect(reply).to_have_value(
        f"Dear Jan Kowalski, we have resent the invoice for {ticket['number']}")
    expect(page.locator(".composer__signature")).to_contain_text("Pozdrawiam, Ann")
    assert_no_raw_keys(page)
    screenshot(page, "ticket-canned-reply-pl")
    page.get_by_role("button", name="Wyślij odpowiedź").click()
    expect(page.locator(".timeline").get_by_text("Pozdrawiam, Ann")).to_be_visible()
    _, timeline = server.api("GET", f"/api/v1/tickets/{ticket['id']}/timeline")
    [sent] = [entry for entry in timeline if entry["kind"] == "message_out"]
    assert sent["body"].endswith("\n\n-- \nPozdrawiam, Ann"), sent["body"]


def test_two_people_on_one_ticket_see_each_other_and_who_is_writing(contexts, server):
    _, users = server.api("GET", "/api/v1/users")
    ann = next(user["id"] for user in users if user["login"] == "ann")
    status, ticket = server.api("POST", "/api/v1/tickets", body={
        "subject": "Refund please", "owner_id": ann})
    assert status == 201, ticket
    anns = contexts("en-GB", 1280, 720).page()
    sign_in(anns, "ann")
    anns.goto(f"/tickets/{ticket['id']}")
    sams = contexts("pl-PL", 1440, 900).page()
    sign_in(sams, "sam")
    sams.goto(f"/tickets/{ticket['id']}")
    bar = sams.locator(".presence-bar")
    expect(bar).to_have_text("To zgłoszenie ma też otwarte: Ann.")
    expect(anns.locator(".presence-bar")).to_have_text("Sam also has this ticket open.")
    anns.get_by_role("textbox", name="Internal note").fill("I am on it")
    expect(bar).to_have_text("Ann pisze teraz w tym zgłoszeniu.")
    assert_accessible(sams)
    screenshot(sams, "ticket-someone-writing-pl")
    anns.get_by_role("textbox", name="Internal note").fill("")
    expect(bar).to_have_text("To zgłoszenie ma też otwarte: Ann.")
    anns.get_by_role("link", name="← Tickets").click()
    expect(bar).to_have_count(0)  # gone as soon as Ann left the ticket


def test_an_agent_schedules_a_callback_and_cancels_it_and_one_without_a_phone_is_told(
        contexts, server):
    _, users = server.api("GET", "/api/v1/users")
    ada = next(user["id"] for user in users if user["login"] == "ada")
    assert server.api("POST", "/api/v1/pbx/accounts", body={
        "endpoint": "desk-ada", "display_name": "Ada", "user_id": ada})[0] == 201
    _, ticket = server.api("POST", "/api/v1/tickets", body={
        "subject": "Call me back", "contact": {"name": "Jan", "phone": "+48601234567"}})
    page = contexts("pl-PL", 1280, 720).page()
    sign_in(page, "ada")
    page.goto(f"/tickets/{ticket['id']}")
    panel = page.get_by_role("region", name="Oddzwoń")
    expect(panel.get_by_label("Numer do oddzwonienia")).to_have_value("+48601234567")
    panel.get_by_role("button", name="Za godzinę").click()
    expect(panel.get_by_role("status")).to_contain_text("Zadzwonimy do Ciebie o")
    expect(panel.get_by_role("listitem")).to_contain_text("zaplanowane")
    expect(page.locator(".timeline").get_by_text(re.compile("Oddzwonienie zaplanowane na")))\
        .to_be_visible()
    assert_no_raw_keys(page)
    assert_accessible(page)
    screenshot(page, "ticket-callback-pl")
    panel.get_by_role("button", name="Anuluj").click()
    expect(panel.get_by_role("listitem")).to_contain_text("anulowane")

    sams = contexts("en-GB", 390, 844).page()
    sign_in(sams, "sam")  # a supervisor without a phone of their own
    sams.goto(f"/tickets/{ticket['id']}")
    sams.get_by_role("button", name="In 15 minutes").click()
    expect(sams.get_by_role("region", name="Call back").get_by_role("alert"))\
        .to_contain_text("phone")
