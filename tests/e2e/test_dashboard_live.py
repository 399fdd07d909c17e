"""The supervisor's live board in a real browser beside the sandbox Asterisk: a SIPp caller
waits in a leveled queue while the level-1 phone rings unanswered and the level-2 phone
answers; each agent tile follows within a second of the event leaving the server, and a
dropped stream says so, reconnects and shows Asterisk's view again."""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.request
from typing import Any

from playwright.sync_api import Browser, expect

from sandbox.demo import demo_password
from tests.e2e.conftest import SCENARIOS, place_call
from tests.e2e.test_routes_live import BYE, PhoneInBackground, say
from tests.web.conftest import (  # noqa: F401 - the browser fixtures
    Watched,
    browser,
    chromium_path,
    screenshot,
    sign_in,
)

AGENTS = {  # endpoint: (name, phone port, level, what the phone does)
    "dash-a": ("Anna Dash", 5241, 1, "agent_rings.xml"),
    "dash-b": ("Ben Dash", 5242, 2, "agent_answers.xml"),
}
NUMBER = "+4930130121"
# Each agent tile's status as the page shows it, with the moment it changed (ms epoch).
WATCH_ROWS = """() => {
  window.seen = [];
  const last = {};
  const look = () => {
    for (const row of document.querySelectorAll('tr[data-agent]')) {
      const agent = row.dataset.agent, status = row.dataset.status;
      if (last[agent] !== status) {
        last[agent] = status;
        window.seen.push([Date.now(), agent, status]);
      }
    }
  };
  new MutationObserver(look).observe(document.body,
    {subtree: true, childList: true, attributes: true, attributeFilter: ['data-status']});
  look();
}"""


class TimedStream(threading.Thread):
    """A second client of /api/v1/live/events: when each agent change left the server."""

    def __init__(self, url: str, token: str) -> None:
        super().__init__(daemon=True)
        self.request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
        self.changes: list[tuple[float, str, str]] = []
        self.start()

    def run(self) -> None:
        with urllib.request.urlopen(self.request, timeout=90) as response:
            event = ""
            for raw in response:
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "agent":
                    agent = json.loads(line[6:])["agent"]
                    self.changes.append((time.time(), agent["endpoint"], agent["status"]))


def set_up(ringdesk: Any, agents: dict[str, tuple[str, int, int, str]] = AGENTS) -> None:
    """The agents' accounts and the "dash" queue with them at their levels."""
    for endpoint, (name, port, _, _) in agents.items():
        status, account = ringdesk.request("POST", "/api/v1/pbx/accounts", {
            "endpoint": endpoint, "display_name": name,
            "static_contact": f"sip:{endpoint}@127.0.0.1:{port}"})
        assert status == 201, account
    members = [{"endpoint": endpoint, "level": level, "position": 1}
               for endpoint, (_, _, level, _) in agents.items()]
    status, queue = ringdesk.request("PUT", "/api/v1/pbx/queues/dash", {
        "ring_timeout": 3, "retry": 1, "max_wait": 30, "members": members})
    assert status == 200, queue
    status, applied = ringdesk.request("POST", "/api/v1/pbx/apply")
    assert status == 200 and applied["applied"], applied
    graph = {"entry": "q", "nodes": {
        "q": {"type": "queue", "params": {"queue": "dash", "max_wait": 30},
              "ports": {"timeout": "closed", "no_agents": "closed", "full": "closed"}},
        "closed": say("closed"), "bye": BYE}}
    ringdesk.publish_route("Dashboard", graph, NUMBER)


def test_the_board_follows_a_caller_through_the_levels_within_a_second(
        ringdesk, sandbox, browser: Browser):  # noqa: F811
    ringdesk.start()
    set_up(ringdesk)
    context = browser.new_context(base_url=ringdesk.web_url, locale="en-GB",
                                  timezone_id="Europe/Berlin",
                                  viewport={"width": 1440, "height": 900})
    watched = Watched(context)
    page = watched.page()
    sign_in(page, "lead", demo_password("lead"))
    page.get_by_role("link", name="Live board").click()
    expect(page.get_by_role("heading", name="Live board")).to_be_visible()
    anna = page.get_by_role("row", name=re.compile("^Anna Dash"))
    expect(anna).to_contain_text("dash (1)")
    page.evaluate(WATCH_ROWS)
    stream = TimedStream(f"{ringdesk.web_url}/api/v1/live/events",
                         ringdesk.env["TEST_ADMIN_TOKEN"])

    phones = [PhoneInBackground(sandbox, scenario, port=port)
              for _, port, _, scenario in AGENTS.values()]
    caller: dict[str, Any] = {}
    calling = threading.Thread(target=lambda: caller.update(result=place_call(
        sandbox, NUMBER[1:], scenario="caller_talks.xml", timeout=40)))
    calling.start()
    tile = page.get_by_role("listitem", name="dash")
    expect(tile.locator(".figure--hot dd")).to_have_text("1", timeout=10_000)  # waiting
    expect(tile.get_by_role("list", name=re.compile("^Waiting callers"))).to_contain_text(
        "+4915112345678")
    expect(anna.get_by_text("ringing")).to_be_visible(timeout=10_000)
    screenshot(page, "live-board-ringing")
    ben = page.get_by_role("row", name=re.compile("^Ben Dash"))
    expect(ben.get_by_text("in a call")).to_be_visible(timeout=15_000)
    expect(ben).to_contain_text("+4915112345678")
    expect(page.get_by_role("region", name="Calls right now")).to_contain_text("Ben Dash")
    screenshot(page, "live-board-in-call")
    calling.join(60)
    assert caller["result"].returncode == 0, caller["result"].errors
    for phone in phones:
        phone.outcome()
    expect(ben.get_by_text("in a call")).to_have_count(0, timeout=10_000)

    # Every status the server sent reached the page within a second: matched in order per
    # agent (the page's own stream may even be a little ahead of this test's).
    seen = page.evaluate("window.seen")
    delays = []
    matched: dict[str, int] = {}
    for sent_at, endpoint, status in stream.changes:
        start = matched.get(endpoint, -1) + 1
        later = [index for index in range(start, len(seen))
                 if seen[index][1] == endpoint and seen[index][2] == status]
        if not later:
            # The same status told twice: the tile did not change, nothing to see.
            assert any(agent == endpoint and shown == status
                       for _, agent, shown in seen[:start]), (endpoint, status, seen)
            continue
        matched[endpoint] = later[0]
        delays.append(seen[later[0]][0] / 1000 - sent_at)
    statuses = [(endpoint, status) for _, endpoint, status in stream.changes]
    assert ("dash-a", "ringing") in statuses and ("dash-b", "in_call") in statuses, statuses
    assert delays and max(delays) < 1.0, (delays, statuses)

    # The supervisor sends Anna on a break from the board: Asterisk pauses her, the tile
    # follows from the stream.
    anna.get_by_role("combobox", name="Work mode of Anna Dash").select_option(label="Break")
    expect(page.get_by_role("status").filter(has_text="Anna Dash is now in “Break”")) \
        .to_be_visible()
    expect(anna).to_have_attribute("data-status", "away")
    expect(anna).to_contain_text("Break")
    shown = sandbox.cli("queue show dash-L1").stdout
    assert "paused" in shown.lower(), shown

    # The stream cut (the server restarts): the page says it is not live, reconnects by
    # itself and shows the board as the new server rebuilt it from Asterisk's lists.
    ringdesk.stop()
    expect(page.get_by_role("status").filter(has_text="Not live")).to_be_visible(
        timeout=15_000)
    ringdesk.start()
    expect(page.get_by_role("status").filter(has_text="Not live")).to_have_count(
        0, timeout=30_000)
    _, board = ringdesk.get("/api/v1/live")
    for agent in board["agents"]:
        if agent["endpoint"] in AGENTS:
            row = page.locator(f'tr[data-agent="{agent["endpoint"]}"]')
            expect(row).to_have_attribute("data-status", agent["status"])
    context.close()
    # The browser itself reports the stream the stopped server cut and the refused
    # reconnects; nothing else may be said.
    cut = ("ERR_INCOMPLETE_CHUNKED_ENCODING", "ERR_CONNECTION_REFUSED")
    assert [error for error in watched.errors if not any(word in error for word in cut)] \
        == [], watched.errors


def test_a_supervisor_listens_in_from_the_board_on_their_own_phone(
        ringdesk, sandbox, browser: Browser, tmp_path):  # noqa: F811
    """Listen on a live call: the supervisor's SIPp phone rings, answers and is put in the
    call by ChanSpy; the use is in the audit log."""
    ringdesk.start()
    set_up(ringdesk)
    _, users = ringdesk.get("/api/v1/users")
    lead = next(user for user in users if user["login"] == "lead")
    status, phone = ringdesk.request("POST", "/api/v1/pbx/accounts", {
        "endpoint": "lead-phone", "display_name": "Lead's phone", "user_id": lead["id"],
        "static_contact": "sip:lead-phone@127.0.0.1:5245"})
    assert status == 201 and phone["user_id"] == lead["id"], phone
    status, applied = ringdesk.request("POST", "/api/v1/pbx/apply")
    assert status == 200 and applied["applied"], applied
    talks_long = tmp_path / "caller_talks_long.xml"
    talks_long.write_text((SCENARIOS / "caller_talks.xml").read_text().replace(
        '<pause milliseconds="4000"/>', '<pause milliseconds="15000"/>'))
    context = browser.new_context(base_url=ringdesk.web_url, locale="en-GB",
                                  viewport={"width": 1440, "height": 900})
    watched = Watched(context)
    page = watched.page()
    sign_in(page, "lead", demo_password("lead"))
    page.goto("/live")
    agents = [PhoneInBackground(sandbox, "agent_answers.xml", port=port)
              for _, port, _, _ in AGENTS.values()]
    supervisor = PhoneInBackground(sandbox, "agent_answers.xml", port=5245)
    calling = threading.Thread(target=lambda: place_call(
        sandbox, NUMBER[1:], scenario=talks_long, timeout=40))
    calling.start()
    calls = page.get_by_role("region", name="Calls right now")
    listen = calls.get_by_role("button", name=re.compile("^Listen in on the call with"))
    expect(listen).to_be_visible(timeout=20_000)
    listen.click()
    page.get_by_role("menuitem", name="Listen (nobody hears you)").click()
    expect(page.get_by_role("status").filter(has_text="Your phone rings")).to_be_visible()
    spying = ""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "ChanSpy" not in spying:
        spying = sandbox.cli("core show channels concise").stdout
        time.sleep(0.3)
    assert "ChanSpy" in spying and "PJSIP/lead-phone" in spying, spying
    screenshot(page, "live-board-listening")
    calling.join(60)
    for phone_ in [*agents, supervisor]:
        phone_.outcome()
    _, entries = ringdesk.get("/api/v1/audit-log?action=call.listen")
    assert [entry["user_id"] for entry in entries["items"]] == [lead["id"]], entries
    context.close()
    assert watched.errors == [], watched.errors


def test_an_agent_who_lets_calls_ring_out_is_paused_and_a_long_pause_turns_red(
        ringdesk, sandbox, browser: Browser):  # noqa: F811
    ringdesk.env["RINGDESK_LIVE_AUTO_PAUSE_AFTER"] = "2"
    ringdesk.start()
    # Pat alone, rung again and again while the caller waits (an account of its own: the
    # sandbox Asterisk keeps other tests' pauses).
    set_up(ringdesk, {"dash-p": ("Pat Dash", 5246, 1, "agent_rings.xml")})
    _, modes = ringdesk.get("/api/v1/work-modes")
    missed = next(mode for mode in modes if mode["name"] == "Missed calls")
    status, changed = ringdesk.request("PATCH", f"/api/v1/work-modes/{missed['id']}",
                                       {"limit_minutes": 1})
    assert status == 200 and changed["limit_minutes"] == 1, changed
    context = browser.new_context(base_url=ringdesk.web_url, locale="en-GB",
                                  viewport={"width": 1440, "height": 900})
    context.clock.install()
    watched = Watched(context)
    page = watched.page()
    sign_in(page, "lead", demo_password("lead"))
    page.goto("/live")
    pat = page.get_by_role("row", name=re.compile("^Pat Dash"))
    expect(pat).to_be_visible()
    # Pat's phone rings and nobody answers it, twice: Pat is paused, the board says why.
    phone = RingingPhone(sandbox, port=5246)
    calling = threading.Thread(target=lambda: place_call(sandbox, NUMBER[1:], timeout=45))
    calling.start()
    expect(pat).to_have_attribute("data-status", "away", timeout=30_000)
    expect(pat).to_contain_text("Missed calls")
    assert "paused" in sandbox.cli("queue show dash-L1").stdout.lower()
    # Past one and a half times the limit, the row turns red and the board says so.
    page.clock.fast_forward("02:00")
    expect(pat).to_have_attribute("data-limit", "far")
    expect(page.get_by_role("alert")).to_contain_text(
        "Pat Dash has been in “Missed calls” for 2 min; the limit is 1 min.")
    screenshot(page, "live-board-over-limit")
    calling.join(60)
    phone.outcome()
    context.close()
    assert watched.errors == [], watched.errors


class RingingPhone(PhoneInBackground):
    """A phone that rings, unanswered, for two calls (a queue rings it again and again)."""

    def run(self) -> None:
        self.result = self.sandbox.sipp(self.scenario, [
            "-p", str(self.port), "-mp", str(self.port + 100), "-m", "2", "-timeout", "60s"],
            timeout=70)

    def __init__(self, sandbox: Any, port: int) -> None:
        super().__init__(sandbox, "agent_rings.xml", port=port)


def test_a_wall_screen_shows_the_queues_large_and_goes_dark_when_switched_off(
        ringdesk, sandbox, browser: Browser):  # noqa: F811
    ringdesk.start()
    set_up(ringdesk)
    admin = browser.new_context(base_url=ringdesk.web_url, locale="en-GB",
                                viewport={"width": 1440, "height": 900})
    page = admin.new_page()
    sign_in(page, "admin", demo_password("admin"))
    page.goto("/live")
    page.get_by_label("Screen's name").fill("Hall")
    page.get_by_role("button", name="Make an address").click()
    address = page.get_by_role("status").locator("code").inner_text()
    assert "/wallboard#" in address
    wall = browser.new_context(base_url=ringdesk.web_url, locale="pl-PL",
                               viewport={"width": 1920, "height": 1080})
    watched = Watched(wall)
    screen = watched.page()
    # A caller waiting turns "waiting" amber at once with a threshold of one.
    screen.goto(address.replace("/wallboard#", "/wallboard?waiting=1,5#"))
    tile = screen.get_by_role("listitem", name="dash")
    expect(tile).to_be_visible()
    phones = [PhoneInBackground(sandbox, "agent_rings.xml", port=5241)]
    calling = threading.Thread(target=lambda: place_call(sandbox, NUMBER[1:], timeout=20,
                                                         scenario="caller_talks.xml"))
    calling.start()
    waiting = tile.locator('[data-figure="waiting"]')
    expect(waiting).to_have_attribute("data-level", "amber", timeout=10_000)
    expect(waiting.locator("dd")).to_have_text("1")
    expect(tile.get_by_text("czeka", exact=True)).to_be_visible()
    screenshot(screen, "wallboard-pl-1920")
    calling.join(40)
    for phone in phones:
        phone.outcome()
    # Switched off by the admin: the screen goes dark within the stream's re-check.
    page.get_by_role("button", name="Switch off").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Switch off").click()
    expect(screen.get_by_role("alert")).to_contain_text("Ta tablica została wyłączona",
                                                        timeout=10_000)
    assert screen.locator(".wallboard__queue").count() == 0
    screenshot(screen, "wallboard-switched-off")
    wall.close()
    admin.close()
    assert watched.errors == [], watched.errors
