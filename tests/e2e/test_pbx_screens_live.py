"""The PBX admin screens against the sandbox Asterisk: levels redrawn by dragging on the
queue screen and applied ring real SIPp phones in the new order; a phone created on the
phones screen registers from SIPp with the password the screen showed once."""

from __future__ import annotations

import re
import socket
from typing import Any

from playwright.sync_api import Browser, Page, expect

from ringdesk.core.config import load_config
from sandbox.demo import demo_password
from tests.e2e.conftest import SCENARIOS, free_port, place_call
from tests.e2e.test_queues_live import TimedPhone
from tests.e2e.test_routes_live import BYE, only_call, say
from tests.web.conftest import (  # noqa: F401 - the browser fixtures
    Watched,
    browser,
    chromium_path,
    screenshot,
    sign_in,
)

NUMBER = "+4930130131"
PHONES = {"lane-a": 5261, "lane-b": 5262}


def apply_on_screen(page: Page) -> None:
    page.get_by_role("link", name="Apply config", exact=True).click()
    expect(page.get_by_text("No problems: ready to apply")).to_be_visible()
    page.get_by_role("button", name="Apply config").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Apply config").click()
    expect(page.get_by_role("heading", name=re.compile("^Applied"))).to_be_visible(
        timeout=20_000)


def test_levels_dragged_on_the_screen_and_applied_ring_in_the_new_order(
        ringdesk: Any, sandbox: Any, browser: Browser) -> None:  # noqa: F811
    ringdesk.start()
    for endpoint, port in PHONES.items():
        status, account = ringdesk.request("POST", "/api/v1/pbx/accounts", {
            "endpoint": endpoint, "display_name": f"Agent {endpoint[-1].upper()}",
            "static_contact": f"sip:{endpoint}@127.0.0.1:{port}"})
        assert status == 201, account
    status, queue = ringdesk.request("PUT", "/api/v1/pbx/queues/lanes", {
        "ring_timeout": 3, "retry": 1, "max_wait": 30, "members": [
            {"endpoint": "lane-a", "level": 1, "position": 1},
            {"endpoint": "lane-b", "level": 2, "position": 1}]})
    assert status == 200, queue
    graph = {"entry": "q", "nodes": {
        "q": {"type": "queue", "params": {"queue": "lanes", "max_wait": 30},
              "ports": {"timeout": "closed", "no_agents": "closed", "full": "closed"}},
        "closed": say("closed"), "bye": BYE}}
    ringdesk.publish_route("Lanes", graph, NUMBER)
    context = browser.new_context(base_url=ringdesk.web_url, locale="en-GB",
                                  viewport={"width": 1440, "height": 900})
    watched = Watched(context)
    page = watched.page()
    sign_in(page, "admin", demo_password("admin"))
    page.goto("/pbx/queues/lanes")
    # Agent B up to level 1, agent A dragged down to a level of its own: B rings first.
    level2 = page.get_by_role("region", name="Level 2")
    level2.get_by_role("button", name="Ring Agent B one level earlier").click()
    page.get_by_role("region", name="Level 1").locator("[data-endpoint=lane-a]").drag_to(
        page.get_by_role("region", name="New level"))
    expect(page.get_by_role("region", name="Level 1").locator(".lane__name")).to_have_text(
        [re.compile("^Agent B")])
    page.get_by_role("button", name="Save queue").click()
    expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    apply_on_screen(page)
    shown = sandbox.cli("queue show lanes-L1").stdout
    assert "lane-b" in shown and "lane-a" not in shown, shown
    phones = {"lane-b": TimedPhone(sandbox, "agent_rings.xml", port=PHONES["lane-b"]),
              "lane-a": TimedPhone(sandbox, "agent_talks_and_hangs_up.xml",
                                    port=PHONES["lane-a"])}
    result = place_call(sandbox, NUMBER[1:], timeout=40)
    assert result.returncode == 0, result.errors or result.stdout
    for endpoint, phone in phones.items():
        assert phone.outcome().returncode == 0, (endpoint, phone.errors())
    assert phones["lane-b"].finished_at < phones["lane-a"].finished_at
    [effect] = only_call(ringdesk, NUMBER)["path"][0]["effects"]
    # Level 1 (B, who lets it ring) passed the caller on; level 2 (A) answered.
    assert effect["levels"][0].startswith("L1:") and effect["levels"][1] == "L2:CONNECTED", \
        effect
    context.close()
    assert watched.errors == [], watched.errors


def test_a_phone_made_on_the_screen_registers_with_the_password_shown(
        ringdesk: Any, sandbox: Any, browser: Browser) -> None:  # noqa: F811
    ringdesk.start()
    context = browser.new_context(base_url=ringdesk.web_url, locale="pl-PL",
                                  viewport={"width": 1280, "height": 720})
    watched = Watched(context)
    page = watched.page()
    sign_in(page, "admin", demo_password("admin"))
    page.goto("/pbx/phones")
    form = page.get_by_role("form", name="Nowy telefon")
    form.get_by_label("Użytkownik SIP").fill("reg-zoe")
    form.get_by_label("Nazwa").fill("Zoe")
    form.get_by_role("button", name="Utwórz telefon").click()
    shown = page.get_by_role("region", name="Telefon: Zoe")
    password = shown.get_by_test_id("sip-password").inner_text()
    port = int(shown.locator("dd").nth(1).inner_text())
    assert port == load_config(environ={}).pbx.sip_port  # the sandbox's SIP port
    shown.get_by_role("button", name="Gotowe, zanotowałem").click()
    page.get_by_role("link", name="Zastosuj konfigurację", exact=True).click()
    page.get_by_role("button", name="Zastosuj konfigurację").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Zastosuj konfigurację").click()
    expect(page.get_by_role("heading", name=re.compile("^Zastosowano"))).to_be_visible(
        timeout=20_000)
    result = sandbox.sipp(SCENARIOS / "agent_registers.xml", [
        "-key", "agent", "reg-zoe", "-au", "reg-zoe", "-ap", password,
        "-p", str(free_port(socket.SOCK_DGRAM)), "-m", "1", "-l", "1", "-timeout", "20s"],
        timeout=30)
    assert result.returncode == 0, sandbox.sipp_errors(SCENARIOS / "agent_registers.xml")
    page.get_by_role("link", name="Telefony").click()
    row = page.get_by_role("row", name=re.compile("^Zoe"))
    expect(row).to_contain_text(re.compile(r"Zarejestrowany z 127\.0\.0\.1:\d+"),
                                timeout=10_000)
    screenshot(page, "pbx-phone-registered-pl")
    context.close()
    assert watched.errors == [], watched.errors
