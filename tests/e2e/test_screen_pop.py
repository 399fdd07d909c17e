"""The screen pop against the sandbox Asterisk, two agents at their desks in two browsers:
a SIPp caller into a queue rings agent A's SIPp phone; A's desk shows the caller's
customer and open tickets within a second of the ring, B's desk shows nothing; A's phone
answers and the call's ticket opens; after the hangup A picks a disposition in wrap-up,
and the timeline has it beside the call and a recording Chromium decodes; the report
counts it."""

from __future__ import annotations

import re
import subprocess
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.core.users.models import User
from ringdesk.core.users.operations import do_create_user
from sandbox.demo import demo_password
from tests.e2e.conftest import CALLER, SCENARIOS, place_call
from tests.e2e.test_routes_live import BYE, PhoneInBackground, say
from tests.web.conftest import (  # noqa: F401 - the browser fixtures
    Watched,
    assert_accessible,
    browser,
    chromium_path,
    screenshot,
    sign_in,
)

NUMBER = "+4930130140"
A_PORT, B_PORT = 5261, 5262
BEN_PASSWORD = "ben-at-the-desk-1"
# When the pop (and the customer's name in it) first showed, in the page's own clock.
WATCH_POP = """() => {
  window.popSeen = {};
  new MutationObserver(() => {
    const pop = document.querySelector('.screen-pop');
    if (pop && !window.popSeen.pop) window.popSeen.pop = Date.now();
    if (pop && pop.textContent.includes('Jan Kowalski') && !window.popSeen.customer)
      window.popSeen.customer = Date.now();
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def scenario(name: str, replacements: dict[str, str]) -> Path:
    text = (SCENARIOS / name).read_text()
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    path = Path(tempfile.mkdtemp()) / name
    path.write_text(text)
    return path


def set_up(ringdesk: Any) -> dict[str, int]:
    """Ben, a second agent; both agents' phones in the "pop" queue (A first); a customer
    with an earlier open ticket; a route from NUMBER into the queue."""
    sessions = make_sessionmaker(make_engine(ringdesk.env["RINGDESK_DATABASE_URL"]))
    with sessions.begin() as session:
        ben = do_create_user(session, "ben", "Ben Desk", rank="agent", password=BEN_PASSWORD)
        ben.must_change_password = False
        session.flush()
        people = {"agent": session.scalars(select(User.id).where(User.login == "agent")).one(),
                  "ben": ben.id}
    for endpoint, port, login in (("pop-a", A_PORT, "agent"), ("pop-b", B_PORT, "ben")):
        status, account = ringdesk.request("POST", "/api/v1/pbx/accounts", {
            "endpoint": endpoint, "display_name": endpoint, "user_id": people[login],
            "static_contact": f"sip:{endpoint}@127.0.0.1:{port}"})
        assert status == 201, account
    status, queue = ringdesk.request("PUT", "/api/v1/pbx/queues/pop", {
        "ring_timeout": 15, "retry": 1, "max_wait": 40,
        "dispositions": ["Solved", "Call back promised", "Wrong number"],
        "members": [{"endpoint": "pop-a", "level": 1, "position": 1},
                    {"endpoint": "pop-b", "level": 2, "position": 1}]})
    assert status == 200, queue
    status, applied = ringdesk.request("POST", "/api/v1/pbx/apply")
    assert status == 200 and applied["applied"], applied
    status, earlier = ringdesk.request("POST", "/api/v1/tickets", {
        "subject": "Router keeps rebooting", "owner_id": people["agent"],
        "contact": {"phone": CALLER, "name": "Jan Kowalski"}})
    assert status == 201, earlier
    graph = {"entry": "q", "nodes": {
        "q": {"type": "queue", "params": {"queue": "pop", "max_wait": 40},
              "ports": {"timeout": "closed", "no_agents": "closed", "full": "closed"}},
        "closed": say("closed"), "bye": BYE}}
    ringdesk.publish_route("Screen pop", graph, NUMBER)
    return people


def desk(opened_in: Browser, ringdesk: Any, login: str, password: str
         ) -> tuple[Watched, Page]:
    context = opened_in.new_context(base_url=ringdesk.web_url, locale="en-GB",
                                    viewport={"width": 1440, "height": 900})
    watched = Watched(context)
    page = watched.page()
    sign_in(page, login, password)
    page.goto("/tickets")
    expect(page.get_by_role("heading", name="Tickets", exact=True)).to_be_visible()
    page.evaluate(WATCH_POP)
    return watched, page


def test_a_queue_call_pops_on_the_rung_agents_desk_alone_and_opens_its_ticket(
        ringdesk: Any, sandbox: Any, browser: Browser) -> None:  # noqa: F811
    ringdesk.start()
    set_up(ringdesk)
    a_watched, a_page = desk(browser, ringdesk, "agent", demo_password("agent"))
    b_watched, b_page = desk(browser, ringdesk, "ben", BEN_PASSWORD)
    phone_a = PhoneInBackground(sandbox, scenario("agent_answers.xml", {
        '<pause milliseconds="500"/>': '<pause milliseconds="3000"/>'}), port=A_PORT)
    talks = scenario("caller_talks.xml", {'<pause milliseconds="4000"/>':
                                          '<pause milliseconds="9000"/>'})
    calling = threading.Thread(target=lambda: place_call(sandbox, NUMBER[1:], scenario=talks,
                                                         timeout=40))
    calling.start()

    pop = a_page.get_by_role("complementary", name="Your phone is ringing")
    expect(pop).to_be_visible(timeout=15_000)
    expect(pop.locator(".screen-pop__caller")).to_have_text(f"{CALLER} · queue pop")
    expect(pop).to_contain_text("Jan Kowalski")
    expect(pop.get_by_role("link", name=re.compile("Router keeps rebooting"))).to_be_visible()
    expect(pop).to_contain_text("Its ticket opens when you answer.")
    assert_accessible(a_page)
    screenshot(a_page, "screen-pop-ringing")
    # Answered: the call's ticket opens by itself.
    expect(a_page).to_have_url(re.compile(r"/tickets/\d+$"), timeout=10_000)
    expect(a_page.get_by_role("complementary", name="On the call")).to_be_visible()
    expect(a_page.get_by_role("heading", level=1)).to_contain_text("Call from")
    ticket_id = int(a_page.url.rsplit("/", 1)[1])
    screenshot(a_page, "screen-pop-answered")
    calling.join(60)
    assert phone_a.outcome().returncode == 0, phone_a.errors()

    expect(a_page.get_by_role("complementary", name="Call ended")).to_be_visible(
        timeout=10_000)
    # Within a second of the ring (the AMI event's own time, on this machine's clock).
    seen = a_page.evaluate("window.popSeen")
    ticket = ringdesk.ticket_for(lambda call: call["outcome"] is not None)
    assert ticket["id"] == ticket_id
    [call] = ticket["calls"]
    assert call["agent"] == "PJSIP/pop-a" and call["outcome"] == "answered", call
    rung_at = datetime.fromisoformat(call["agents_rung"][0]["rung_at"]).timestamp()
    assert seen["customer"] / 1000 - rung_at < 1.0, (seen, rung_at)
    # B's desk never showed any of it.
    assert b_page.evaluate("window.popSeen") == {}
    expect(b_page.locator(".screen-pop")).to_have_count(0)

    # Wrap-up: what the call came to, with a note, onto the ticket.
    ended = a_page.get_by_role("complementary", name="Call ended")
    ended.get_by_role("radio", name="Call back promised").check()
    ended.get_by_label("Note on the ticket (optional)").fill("Wants the invoice resent")
    ended.get_by_role("button", name="Save wrap-up").click()
    expect(ended.get_by_role("status")).to_have_text("Saved: Call back promised.")
    screenshot(a_page, "screen-pop-wrap-up")
    expect(a_page.get_by_text("Wrap-up: Call back promised — Wants the invoice resent")) \
        .to_be_visible()  # the open ticket follows without a reload
    today = datetime.now(UTC).date().isoformat()
    status, report = ringdesk.get(f"/api/v1/reports/calls?from={today}&to={today}&tz=UTC"
                                  "&group_by=disposition")
    assert status == 200 and [(row["group"], row["offered"]) for row in report["rows"]] == [
        ("Call back promised", 1)], report

    # After the hangup: the call on the timeline, its recording playable.
    a_page.reload()
    expect(a_page.get_by_role("definition").filter(has_text="Call back promised")).to_be_visible()
    player = a_page.get_by_label("Recording 1")
    expect(player).to_be_attached(timeout=15_000)
    seconds = player.evaluate("""audio => new Promise((done, failed) => {
        audio.addEventListener('loadedmetadata', () => done(audio.duration));
        audio.addEventListener('error', () => failed(String(audio.error?.message)));
        audio.preload = 'metadata'; audio.load(); })""")
    assert seconds > 1.0, seconds
    screenshot(a_page, "screen-pop-after-the-call")
    for watched in (a_watched, b_watched):
        watched.context.close()
        assert watched.errors == [], watched.errors


def quietest_and_loudest(recording: Path, spans: list[tuple[float, float]]) -> list[float]:
    """The maximum amplitude of each span of the recording (sox), 0 for silence."""
    peaks = []
    for start, end in spans:
        stats = subprocess.run(["sox", str(recording), "-n", "trim", str(start),
                                str(end - start), "stat"], capture_output=True, text=True,
                               check=True).stderr
        peaks.append(float(re.search(r"Maximum amplitude:\s+([-0-9.]+)", stats).group(1)))
    return peaks


def test_a_recording_paused_for_card_details_is_silent_there_and_marked_on_the_ticket(
        ringdesk: Any, sandbox: Any) -> None:
    ringdesk.start()
    people = set_up(ringdesk)
    _, me = ringdesk.get("/api/v1/auth/me")
    # The test's own user (the admin) is the agent on pop-a for this call.
    status, account = ringdesk.request("POST", "/api/v1/pbx/accounts", {
        "endpoint": "pop-me", "display_name": "Me", "user_id": me["id"],
        "static_contact": f"sip:pop-me@127.0.0.1:{A_PORT + 10}"})
    assert status == 201, account
    status, queue = ringdesk.request("PUT", "/api/v1/pbx/queues/pop", {
        "ring_timeout": 15, "retry": 1, "max_wait": 40,
        "members": [{"endpoint": "pop-me", "level": 1, "position": 1}]})
    assert status == 200 and people, queue
    status, applied = ringdesk.request("POST", "/api/v1/pbx/apply")
    assert status == 200 and applied["applied"], applied
    phone = PhoneInBackground(sandbox, "agent_answers.xml", port=A_PORT + 10)
    # The caller speaks for 7 s from the moment the route answers: the pause falls inside.
    talks = scenario("caller_talks.xml", {'<pause milliseconds="4000"/>':
                                          '<pause milliseconds="9000"/>'})
    calling = threading.Thread(target=lambda: place_call(sandbox, NUMBER[1:], scenario=talks,
                                                         timeout=40))
    calling.start()
    deadline = time.monotonic() + 20
    linkedid = None
    while time.monotonic() < deadline and linkedid is None:
        _, live = ringdesk.get("/api/v1/live/calls")
        linkedid = next((call["linkedid"] for call in live if call["state"] == "talking"), None)
        time.sleep(0.2)
    assert linkedid, live
    answered = time.monotonic()
    time.sleep(1.5)
    status, paused = ringdesk.request("PUT", f"/api/v1/calls/{linkedid}/recording",
                                      {"paused": True})
    assert status == 200 and paused["paused"] and paused["resume_at"], paused
    paused_at = time.monotonic() - answered
    time.sleep(2.0)
    status, resumed = ringdesk.request("PUT", f"/api/v1/calls/{linkedid}/recording",
                                       {"paused": False})
    assert status == 200 and not resumed["paused"], resumed
    resumed_at = time.monotonic() - answered
    calling.join(60)
    assert phone.outcome().returncode == 0, phone.errors()

    ticket = ringdesk.ticket_for(lambda call: call["linkedid"] == linkedid
                                 and call["outcome"] is not None)
    [call] = ticket["calls"]
    name = call["recordings"][0].rsplit("/", 1)[1]
    recording = Path(ringdesk.env["RINGDESK_MEDIA_RECORDINGS_DIR"]) / name
    before, during, after = quietest_and_loudest(recording, [
        (0.3, paused_at - 0.5), (paused_at + 0.7, resumed_at - 0.7),
        (resumed_at + 0.6, resumed_at + 1.6)])
    assert during < 0.01 < min(before, after), (before, during, after)
    _, timeline = ringdesk.get(f"/api/v1/tickets/{ticket['id']}/timeline")
    marks = [entry["data"]["paused"] for entry in timeline if entry["kind"] == "recording"]
    assert marks == [True, False]
    # Nobody else pauses it: a call one is not on does not exist for them.
    status, _ = ringdesk.request("PUT", f"/api/v1/calls/{linkedid}/recording",
                                 {"paused": True})
    assert status in (404, 409)
