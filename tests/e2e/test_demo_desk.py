"""The demo's answering desk through the sandbox Asterisk: its agent phones (SIPp, as
`ringdesk demo` runs them) answer a queued call, Anna first and Ben while she talks, and
the calls become tickets that name who answered; a supervisor signed in to the web app
watches a call arrive, get answered and become a ticket."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.routes.references import sound_names
from sandbox.demo import (
    apply_pbx_config,
    demo_password,
    seed_answering_desk,
    start_desk_phones,
)
from tests.e2e.conftest import place_call
from tests.web.conftest import (  # noqa: F401 - the browser fixtures
    Watched,
    assert_accessible,
    browser,
    chromium_path,
    screenshot,
    sign_in,
)


@pytest.fixture
def desk(ringdesk, sandbox) -> Iterator[str]:
    """The demo's desk seeded and applied, its phones running; the number to call."""
    sessions = make_sessionmaker(make_engine(ringdesk.env["RINGDESK_DATABASE_URL"]))
    number = seed_answering_desk(sessions, sound_names(
        Path(ringdesk.env["RINGDESK_MEDIA_SOUNDS_DIR"])))
    apply_pbx_config(sandbox, sessions)
    phones = start_desk_phones(sandbox)
    yield number
    for phone in phones:
        phone.terminate()
        phone.wait(10)


def test_the_demo_desk_phones_answer_calls_in_level_order(ringdesk, sandbox, desk):
    number = desk
    ringdesk.start()
    first = place_call(sandbox, number[1:], caller="+4940111111", timeout=40)
    assert first.returncode == 0, first.errors or first.stdout
    # Two callers at once: Anna takes one, Ben (level 2) the other.
    with ThreadPoolExecutor(2) as pool:
        running = {who: pool.submit(place_call, sandbox, number[1:], caller=who, timeout=40)
                   for who in ("+4940222222", "+4940333333")}
        results = {who: future.result() for who, future in running.items()}
    assert all(result.returncode == 0 for result in results.values()), {
        who: (result.returncode, result.seconds, result.errors[-800:])
        for who, result in results.items()}

    def answered(caller: str) -> dict:
        ticket = ringdesk.ticket_for(lambda call: call["dialed_number"] == number
                                     and call["caller_number"] == caller
                                     and call["outcome"] is not None, timeout=20)
        [call] = ticket["calls"]
        assert call["outcome"] == "answered" and ticket["category"] == "demo desk", call
        assert 6 <= call["talk_seconds"] <= 11 and call["hangup_side"] == "agent", call
        return call

    assert answered("+4940111111")["agent"] == "PJSIP/desk-anna"
    assert {answered(who)["agent"] for who in ("+4940222222", "+4940333333")} == \
        {"PJSIP/desk-anna", "PJSIP/desk-ben"}


def test_a_supervisor_watches_a_demo_call_arrive_and_become_a_ticket(
        ringdesk, sandbox, desk, browser: Browser):  # noqa: F811
    ringdesk.start()
    context = browser.new_context(base_url=ringdesk.web_url, locale="pl-PL",
                                  timezone_id="Europe/Warsaw",
                                  viewport={"width": 1400, "height": 900})
    watched = Watched(context)
    page: Page = watched.page()
    sign_in(page, "lead", demo_password("lead"))
    calls = page.get_by_role("region", name="Trwające połączenia")
    expect(calls.get_by_text("Teraz nie ma połączeń.")).to_be_visible()
    with ThreadPoolExecutor(1) as pool:
        caller = pool.submit(place_call, sandbox, desk[1:], caller="+4940444444", timeout=40)
        talking = calls.get_by_role("row", name=re.compile(r"\+4940444444 .*rozmowa"))
        expect(talking).to_be_visible(timeout=20_000)
        expect(talking).to_contain_text("desk → Anna")  # the agent by name, never a channel
        assert_accessible(page)
        screenshot(page, "home-call-talking-pl")
        assert caller.result().returncode == 0
    tickets = page.get_by_role("region", name="Najnowsze zgłoszenia")
    expect(tickets.get_by_role("row", name=re.compile(r"odebrane, Anna"))) \
        .to_be_visible(timeout=15_000)
    expect(calls.get_by_text("Teraz nie ma połączeń.")).to_be_visible()
    screenshot(page, "home-call-ticket-pl")
    context.close()
    assert watched.errors == [], watched.errors
