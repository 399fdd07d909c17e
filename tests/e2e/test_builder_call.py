"""The whole story through real parts: an admin draws a route in the browser's builder,
publishes it and attaches a number; a SIPp caller dials that number through the sandbox
Asterisk and presses 1; the call takes the drawn path and its ticket shows it; the
builder's simulator, fed the same inputs, draws the same path."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from playwright.sync_api import Browser, Page, expect

from sandbox.demo import demo_password
from tests.e2e.conftest import CALLER, path_nodes, place_call
from tests.e2e.test_routes_live import BERLIN, scenario
from tests.web.conftest import (  # noqa: F401 - the browser fixtures
    Watched,
    browser,
    chromium_path,
    screenshot,
    sign_in,
)
from tests.web.test_route_builder import (
    LAYOUT,
    WIRES,
    choose,
    drop,
    fill_support_settings,
    fill_text,
    open_builder,
    publish,
    wire,
)

NUMBER = "+4930130099"
QUEUE_OUTCOME = {"no_agents": "nobody is logged in", "timeout": "the caller waits too long",
                 "full": "the queue is full"}


@pytest.fixture
def admin_page(browser: Browser, ringdesk) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(base_url=ringdesk.web_url, locale="en-GB",
                                  timezone_id="Europe/Berlin",
                                  viewport={"width": 1700, "height": 1200})
    watched = Watched(context)
    page = watched.page()
    yield page
    context.close()
    assert watched.errors == [], watched.errors


def draw_support_route(page: Page) -> None:
    open_builder(page, "Drawn support line")
    for node_type, (x, y) in LAYOUT.items():
        drop(page, node_type, x, y)
    choose(page, "ivr_menu_1")
    page.get_by_label("Prompt *", exact=True).select_option("ringdesk/menu")
    fill_text(page, "Choices *", "1: Support")
    for source, port, target in WIRES:
        wire(page, source, port, target)
    choose(page, "time_condition_1")
    fill_support_settings(page)
    page.get_by_label(re.compile("^Maximum wait")).fill("20")
    expect(page.get_by_role("heading", name="0 problems")).to_be_visible()


def test_a_route_drawn_in_the_browser_carries_a_real_call(ringdesk, sandbox, admin_page):
    ringdesk.start()
    page = admin_page
    sign_in(page, "admin", demo_password("admin"))
    draw_support_route(page)
    publish(page, 1)
    page.get_by_label("Number", exact=True).fill(NUMBER)
    page.get_by_role("button", name="Attach number").click()
    expect(page.get_by_role("status").filter(has_text=f"{NUMBER} now leads")).to_be_visible()
    page.wait_for_timeout(800)  # the server reloads its routes right after the change

    # The prompt (ringdesk/menu) lasts 4.3 s; the caller presses 1 after it.
    result = place_call(sandbox, NUMBER.lstrip("+"), scenario("drawn", [(5200, "1")]))
    assert result.returncode == 0, result.errors or result.stdout
    ticket = ringdesk.ticket_for(lambda call: call["dialed_number"] == NUMBER
                                 and call["ended_at"] is not None)
    [call] = ticket["calls"]
    walked = path_nodes(call)
    assert walked[:6] == ["time_condition_1", "holiday_1", "vip_1", "ivr_menu_1",
                          "ticket_fields_1", "queue_1"], walked
    menu = call["path"][3]
    assert menu["port"] == "1"
    # Each step carries when it happened: the caller spent the prompt (4.3 s) and more in
    # the menu before the next step, while the checks before it took no time at all.
    moments = [datetime.fromisoformat(step["at"]) for step in call["path"][:5]]
    assert (moments[3] - moments[0]).total_seconds() < 1
    assert (moments[4] - moments[3]).total_seconds() >= 4, call["path"]
    queue_step = call["path"][5]
    assert queue_step["port"] in QUEUE_OUTCOME, queue_step
    assert ticket["category"] == "support"

    page.get_by_label("Caller's number").fill(CALLER)
    page.get_by_label("Date and time").fill(datetime.now(BERLIN).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Keys pressed, one per prompt (comma separated)").fill("1")
    page.get_by_label("What the queues do").select_option(label=QUEUE_OUTCOME[queue_step["port"]])
    page.get_by_role("button", name="Simulate").click()
    steps = page.locator(".simulator__steps li strong")
    expect(steps).to_have_count(len(walked))
    # The simulator names the nodes as the canvas does (their kind), not by id.
    kinds = {"time_condition_1": "Opening hours", "holiday_1": "Holidays and dates",
             "vip_1": "VIP callers", "ivr_menu_1": "IVR menu", "ticket_fields_1": "Ticket fields",
             "queue_1": "Queue", "hangup_1": "Hang up"}
    assert steps.all_inner_texts() == [kinds[node] for node in walked]
    expect(page.locator(".react-flow__node.on-path")).to_have_count(len(set(walked)))
    screenshot(page, "builder-live-call-path")


def test_no_key_simulated_is_what_a_real_caller_who_pressed_9_then_nothing_lived(
        ringdesk, sandbox, browser):  # noqa: F811
    """A caller presses 9 (no such choice) at the first prompt and nothing at the second:
    the ~20 s call's path says so per attempt, each step stamped when the call entered it;
    the simulator in Polish, fed "9, _", takes the same way for the same reason."""
    ringdesk.start()
    number = "+4930130098"
    graph = {"entry": "menu", "nodes": {
        "menu": {"type": "ivr_menu", "label": "Main menu", "params": {
            "prompt": "ringdesk/menu", "choices": {"1": "Support"}, "timeout": 5,
            "max_retries": 1},
            "ports": {"1": "bye", "timeout": "closed", "invalid": "bye"}},
        "closed": {"type": "announcement", "params": {"sound": "ringdesk/closed"},
                   "ports": {"next": "bye"}},
        "bye": {"type": "hangup"}}}
    route_id = ringdesk.publish_route("No key", graph, number)
    result = place_call(sandbox, number.lstrip("+"), scenario("nine-nothing", [(5200, "9")]))
    assert result.returncode == 0, result.errors or result.stdout
    ticket = ringdesk.ticket_for(lambda call: call["dialed_number"] == number
                                 and call["ended_at"] is not None)
    [call] = ticket["calls"]
    path = [step for step in call["path"] if step.get("node")]  # not the hang-up note
    menu = path[0]
    assert (menu["port"], menu["why"], menu["facts"]) == (
        "timeout", "menu_gave_up", {"attempts": [{"key": "9"}, {"key": ""}],
                                    "decided": "timeout"}), menu
    moments = [datetime.fromisoformat(step["at"]) for step in path]
    assert len(set(moments)) == len(moments) == 3, call["path"]
    # Two prompts of 4.3 s and two waits: the announcement began well after the menu did.
    assert (moments[1] - moments[0]).total_seconds() >= 12, call["path"]

    context = browser.new_context(base_url=ringdesk.web_url, locale="pl-PL",
                                  timezone_id="Europe/Berlin",
                                  viewport={"width": 1440, "height": 900})
    watched = Watched(context)
    page = watched.page()
    sign_in(page, "admin", demo_password("admin"))
    page.goto(f"/routes/{route_id}")
    page.get_by_label("Numer dzwoniącego").fill(CALLER)
    page.get_by_label(re.compile("^Wciśnięte klawisze")).fill("9, _")
    page.get_by_role("button", name="Symuluj").click()
    steps = page.locator(".simulator__steps li")
    expect(steps).to_have_count(len(path))
    expect(steps.first).to_contain_text(
        "Dzwoniący nacisnął 9, czego nie ma w menu, potem nie nacisnął niczego; "
        "rozstrzygnęła próba 2: brak klawisza")
    expect(steps.first.get_by_role("button")).to_have_text("Main menu → Brak klawisza")
    status, simulated = ringdesk.request("POST", f"/api/v1/routes/{route_id}/simulate", {
        "caller": CALLER, "dialed": number, "version": 1, "digits": ["9", ""],
        "at": datetime.now(BERLIN).isoformat()})
    assert status == 200
    lived = [(step["node"], step["port"], step["why"], step["facts"]) for step in path]
    assert [(step["node"], step["port"], step["why"], step["facts"])
            for step in simulated["path"]] == lived
    screenshot(page, "simulator-no-key-pl")

    # The home page's row opens the ticket; its call tells the same way, step by step.
    page.goto("/")
    page.get_by_role("link", name=ticket["number"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Zgłoszenie {ticket['number']}")
    lived_steps = page.locator(".call-path li")
    expect(lived_steps).to_have_count(3)
    expect(lived_steps.first).to_contain_text("Main menu → Brak klawisza")
    expect(lived_steps.first).to_contain_text(
        "nacisnął 9, czego nie ma w menu, potem nie nacisnął niczego")
    expect(lived_steps.nth(1)).to_contain_text("Zapowiedź → Dalej")
    times = [text.split()[0] for text in
             lived_steps.locator(".call-path__time").all_inner_texts()]
    assert len(set(times)) == 3, times  # each step at its own second
    screenshot(page, "ticket-call-path-pl")
    context.close()
    assert watched.errors == [], watched.errors
