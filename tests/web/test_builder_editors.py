"""The builder's editors for what nodes refer to, in a real browser against a real server:
a sound uploaded as mp3 from the picker, converted, chosen and listened to; holiday periods
and a national calendar shown in the user's language; caller lists managed on their page
and ticked on a VIP node; the trunk picker."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.web.conftest import assert_accessible, assert_no_raw_keys, screenshot, sign_in
from tests.web.test_route_builder import choose, drop, open_builder, publish, route_named


def saved_draft(server, name: str) -> dict:
    return server.api("GET", f"/api/v1/routes/{route_named(server, name)['id']}")[1]["graph"]


def builder_with(contexts, route: str, node_type: str) -> Page:
    """An admin's builder on a new route with one node of ``node_type``, selected."""
    page = contexts(width=1500, height=1100).page()
    sign_in(page, "ada")
    open_builder(page, route)
    drop(page, node_type, 200, 150)
    choose(page, f"{node_type}_1")
    return page


def save(page: Page) -> None:
    page.get_by_role("button", name="Save draft", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Draft saved.")).to_be_visible()


def test_a_sound_is_uploaded_as_mp3_chosen_and_listened_to(contexts, server, tmp_path: Path):
    mp3 = tmp_path / "Welcome Spring (v2).mp3"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i",
                    "sine=frequency=440:duration=1.5:sample_rate=44100", str(mp3)], check=True)
    page = builder_with(contexts, "Spring greeting", "announcement")
    page.get_by_text("Upload a sound").click()
    page.get_by_label("Audio file (mp3, wav, ogg, flac, m4a)").set_input_files(mp3)
    expect(page.get_by_label("Sound name (a-z, 0-9, - and _)")).to_have_value("welcome-spring-v2")
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_role("status").filter(
        has_text="Welcome spring v2 is ready and chosen.")).to_be_visible()
    expect(page.get_by_label("Sound *", exact=True)).to_have_value("ringdesk/welcome-spring-v2")
    player = page.get_by_label("Listen to Welcome spring v2")
    expect(player).to_be_visible()
    # Chromium itself decodes what the server stored: a 1.5 s sound.
    seconds = player.evaluate("""audio => new Promise((done, failed) => {
        audio.addEventListener('loadedmetadata', () => done(audio.duration));
        audio.addEventListener('error', () => failed(String(audio.error?.message)));
        audio.preload = 'metadata'; audio.load(); })""")
    assert 1.4 < seconds < 1.7
    stored = subprocess.run(["soxi", str(Path(server.log).parent / "sounds" /
                                         "welcome-spring-v2.wav")],
                            capture_output=True, text=True, check=True).stdout
    assert "Sample Rate    : 8000" in stored and "Channels       : 1" in stored
    # Junk is refused with the server's reason, and nothing is chosen.
    junk = tmp_path / "notes.mp3"
    junk.write_bytes(b"this is not audio" * 200)
    page.get_by_label("Audio file (mp3, wav, ogg, flac, m4a)").set_input_files(junk)
    page.get_by_label("Sound name (a-z, 0-9, - and _)").fill("notes")
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="not a readable mp3")).to_be_visible()
    expect(page.get_by_label("Sound *", exact=True)).to_have_value("ringdesk/welcome-spring-v2")
    assert_accessible(page)
    screenshot(page, "builder-sound-picker")
    save(page)
    assert saved_draft(server, "Spring greeting")["nodes"]["announcement_1"]["params"] == \
        {"sound": "ringdesk/welcome-spring-v2"}


def test_holiday_periods_and_a_national_calendar_in_polish(contexts, server):
    page = contexts("pl-PL", width=1500, height=1100).page()
    sign_in(page, "ada")
    page.goto("/routes")
    page.get_by_label("Nazwa nowej trasy").fill("Święta")
    page.get_by_role("button", name="Utwórz").click()
    expect(page.get_by_role("heading", name="Święta")).to_be_visible()
    drop(page, "holiday", 200, 150)
    page.locator('[data-node-id="holiday_1"] .route-node__head').click()
    page.get_by_role("button", name="Dodaj okres").click()
    period = page.get_by_role("group", name="Okres 1")
    period.get_by_label("Nazwa").fill("Inwentaryzacja")
    period.get_by_label("Od", exact=True).fill("31.02")
    period.get_by_label("Do", exact=True).fill("02.01")
    expect(page.locator(".periods").get_by_text("'31.02' is not a real date")).to_be_visible()
    period.get_by_label("Od", exact=True).fill("30.12")
    expect(page.locator(".periods .problem")).to_have_count(0)
    country = page.get_by_label("Święta państwowe kraju", exact=True)
    expect(country.locator("option", has_text="Czechy (CZ)")).to_have_count(1)
    country.select_option("PL")
    region = page.get_by_label("Region", exact=True)
    expect(region.locator("option", has_text="Małopolskie (12)")).to_have_count(1)
    expect(region).to_have_value("")  # the whole country
    page.get_by_text(re.compile(r"^\d+ świąt państwowych w \d{4} r\.$")).click()
    expect(page.locator(".holidays li").filter(
        has_text="Narodowe Święto Niepodległości")).to_have_count(1)
    # Problems in Polish too, with the node type's Polish words for its ports.
    expect(page.get_by_role("button", name="Święta i daty: połącz wyjście „Święto”")) \
        .to_be_visible()
    assert_no_raw_keys(page)
    assert_accessible(page)
    screenshot(page, "builder-holidays-pl")
    page.get_by_role("button", name="Zapisz szkic", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Szkic zapisany.")).to_be_visible()
    params = saved_draft(server, "Święta")["nodes"]["holiday_1"]["params"]
    assert params["country"] == "PL" and params["periods"] == [
        {"name": "Inwentaryzacja", "from": "30.12", "to": "02.01"}]


def test_a_region_shows_its_own_holidays_in_english(contexts, server):
    page = builder_with(contexts, "Berlin office", "holiday")
    page.get_by_label("Public holidays of", exact=True).select_option("DE")
    page.get_by_label("Region", exact=True).select_option("BE")
    page.get_by_text(re.compile(r"^\d+ public holidays in \d{4}$")).click()
    expect(page.locator(".holidays li").filter(has_text="Women's Day")).to_have_count(1)
    page.get_by_label("Region", exact=True).select_option("BY")
    expect(page.locator(".holidays li").filter(has_text="Women's Day")).to_have_count(0)
    expect(page.locator(".holidays li").filter(has_text="Epiphany")).to_have_count(1)


def test_caller_lists_are_managed_on_their_page_and_ticked_on_a_vip_node(contexts, server):
    page = contexts(width=1400, height=1000).page()
    sign_in(page, "ada")
    page.get_by_role("navigation").get_by_role("link", name="Caller lists").click()
    page.get_by_label("Name of the new list").fill("Key accounts")
    page.get_by_role("button", name="Create list").click()
    entries = page.get_by_label("Numbers", exact=True)
    entries.fill("+49 151 1234 5679\n0049 30 901820\ncall me\n+4930*")
    page.get_by_role("button", name="Save list", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="'call me' is not a phone number")) \
        .to_be_visible()
    expect(entries).to_have_value("+49 151 1234 5679\n0049 30 901820\ncall me\n+4930*")
    entries.fill("+49 151 1234 5679\n0049 30 901820\n+4930*")
    page.get_by_role("button", name="Save list", exact=True).click()
    expect(entries).to_have_value("+4915112345679\n+4930901820\n+4930*")
    expect(page.get_by_role("row", name=re.compile("Key accounts 3 numbers"))).to_be_visible()
    assert_no_raw_keys(page)
    assert_accessible(page)
    screenshot(page, "caller-lists")

    open_builder(page, "VIP line")
    drop(page, "vip", 200, 150)
    choose(page, "vip_1")
    lists = page.get_by_role("group", name="Caller lists *")
    expect(lists.locator(".problem")).to_have_text("Caller lists is required")
    lists.get_by_role("checkbox", name="Key accounts").check()
    expect(lists.locator(".problem")).to_have_count(0)
    save(page)
    page.goto("/caller-lists")
    expect(page.get_by_role("row", name=re.compile("Key accounts .* VIP line"))).to_be_visible()
    page.get_by_role("link", name="Key accounts").click()
    expect(page.get_by_text("Routes using this list: VIP line.")).to_be_visible()
    expect(page.get_by_role("button", name="Delete list")).to_be_disabled()


def test_two_admins_editing_one_caller_list_meet_a_conflict_and_lose_nothing(contexts,
                                                                            server):
    status, created = server.api("POST", "/api/v1/caller-lists",
                                 body={"name": "Partners", "entries": ["+4930901820"]})
    assert status == 201
    first, second = contexts().page(), contexts().page()
    for page in (first, second):
        sign_in(page, "ada")
        page.goto(f"/caller-lists/{created['id']}")
        # Both must hold the list as first saved before either edits it.
        expect(page.get_by_label("Numbers", exact=True)).to_have_value("+4930901820")
    first.get_by_label("Numbers", exact=True).fill("+4930901820\n+48221234567")
    first.get_by_role("button", name="Save list", exact=True).click()
    expect(first.get_by_role("status").filter(has_text="List saved.")).to_be_visible()
    second.get_by_label("Description").fill("Resellers")
    second.get_by_role("button", name="Save list", exact=True).click()
    expect(second.get_by_role("alert").filter(has_text="changed this list meanwhile")) \
        .to_be_visible()
    expect(second.get_by_label("Description")).to_have_value("Resellers")
    screenshot(second, "caller-list-conflict")
    second.get_by_role("button", name="Keep mine").click()
    expect(second.get_by_role("status").filter(has_text="List saved.")).to_be_visible()
    saved = server.api("GET", f"/api/v1/caller-lists/{created['id']}")[1]
    assert saved["description"] == "Resellers" and saved["revision"] == 3


def test_a_supervisor_reads_caller_lists_and_an_agent_does_not_see_them(contexts, server):
    server.api("POST", "/api/v1/caller-lists", body={"name": "Gold", "entries": ["+4930*"]})
    supervisor = contexts("pl-PL").page()
    sign_in(supervisor, "sam")
    supervisor.get_by_role("navigation").get_by_role("link", name="Listy", exact=True).click()
    expect(supervisor.get_by_role("row", name=re.compile("Gold 1 numer"))).to_be_visible()
    supervisor.get_by_role("link", name="Gold").click()
    expect(supervisor.get_by_label("Numery", exact=True)).to_have_attribute("readonly", "")
    expect(supervisor.get_by_role("button", name="Zapisz listę")).to_have_count(0)
    expect(supervisor.get_by_label("Nazwa nowej listy")).to_have_count(0)
    assert_no_raw_keys(supervisor)
    assert_accessible(supervisor)
    screenshot(supervisor, "caller-lists-readonly-pl")
    agent = contexts().page()
    sign_in(agent, "ann")
    expect(agent.get_by_role("navigation").get_by_role("link", name="Home")).to_be_visible()
    expect(agent.get_by_role("navigation").get_by_role("link", name="Caller lists")) \
        .to_have_count(0)
    agent.goto("/caller-lists")
    expect(agent.get_by_role("alert")).to_have_text("This page is not available to your rank.")


def test_the_transfer_node_picks_a_configured_trunk(contexts, server):
    page = builder_with(contexts, "Overflow", "transfer")
    trunk = page.get_by_label("Trunk *", exact=True)
    expect(trunk.locator("option")).to_have_text(["— choose —", "trunk"])
    trunk.select_option("trunk")
    expect(trunk).to_have_value("trunk")


def test_sticky_notes_are_kept_with_the_route_and_ignored_by_calls(contexts, server):
    page = contexts(width=1500, height=1000).page()
    sign_in(page, "ada")
    open_builder(page, "Front desk")
    drop(page, "hangup", 500, 150)
    page.get_by_role("button", name="Sticky note").click()
    note = page.get_by_label("Note note_1")
    note.fill("Closed on 24.12 from noon: agreed with Anna")
    expect(page.get_by_role("heading", name="0 problems")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "builder-sticky-note")
    publish(page)
    route = route_named(server, "Front desk")
    published = server.api("GET", f"/api/v1/routes/{route['id']}/versions/1")[1]["graph"]
    assert published["notes"]["note_1"]["text"] == "Closed on 24.12 from noon: agreed with Anna"
    assert published["notes"]["note_1"]["size"] == {"width": 200, "height": 120}
    status, walked = server.api("POST", f"/api/v1/routes/{route['id']}/simulate", body={
        "caller": "+4915112345678", "at": "2026-11-23T10:00:00+01:00"})
    assert status == 200 and [step["node"] for step in walked["path"]] == ["hangup_1"]

    page.reload()
    expect(page.get_by_label("Note note_1")).to_have_value(
        "Closed on 24.12 from noon: agreed with Anna")
    page.locator(".note__head").click()
    page.keyboard.press("Control+c")
    page.keyboard.press("Control+v")
    expect(page.get_by_label("Note note_2")).to_have_value(
        "Closed on 24.12 from noon: agreed with Anna")
    page.wait_for_timeout(400)  # a pause: the paste becomes a step of its own to undo to
    page.keyboard.press("Delete")  # the pasted copy is the one selected
    expect(page.locator(".note")).to_have_count(1)
    page.keyboard.press("Control+z")
    expect(page.locator(".note")).to_have_count(2)
