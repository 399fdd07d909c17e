"""Sending a waiting caller to an agent from the live board, against the sandbox Asterisk:
the queue rings an agent who does not answer; the supervisor picks another agent on the
board; that agent's SIPp phone rings and answers, the caller talks to them, and the call's
path and the audit log say what happened."""

from __future__ import annotations

import re
import threading
from typing import Any

from playwright.sync_api import Browser, expect

from sandbox.demo import demo_password
from tests.e2e.conftest import place_call
from tests.e2e.test_dashboard_live import NUMBER, RingingPhone, set_up
from tests.e2e.test_routes_live import PhoneInBackground, only_call
from tests.web.conftest import (  # noqa: F401 - the browser fixtures
    Watched,
    browser,
    chromium_path,
    screenshot,
    sign_in,
)

TARGET_PORT = 5252


def test_a_supervisor_sends_a_waiting_caller_to_another_agent(
        ringdesk: Any, sandbox: Any, browser: Browser) -> None:  # noqa: F811
    ringdesk.start()
    set_up(ringdesk, {"redir-r": ("Rita Rings", 5251, 1, "agent_rings.xml")})
    status, account = ringdesk.request("POST", "/api/v1/pbx/accounts", {
        "endpoint": "redir-t", "display_name": "Tom Target",
        "static_contact": f"sip:redir-t@127.0.0.1:{TARGET_PORT}"})
    assert status == 201, account
    status, applied = ringdesk.request("POST", "/api/v1/pbx/apply")
    assert status == 200 and applied["applied"], applied
    context = browser.new_context(base_url=ringdesk.web_url, locale="en-GB",
                                  viewport={"width": 1440, "height": 900})
    watched = Watched(context)
    page = watched.page()
    sign_in(page, "lead", demo_password("lead"))
    page.goto("/live")
    rita = RingingPhone(sandbox, port=5251)
    tom = PhoneInBackground(sandbox, "agent_answers.xml", port=TARGET_PORT)
    calling = threading.Thread(target=lambda: place_call(sandbox, NUMBER[1:], timeout=45))
    calling.start()
    calls = page.get_by_role("region", name="Calls right now")
    send = calls.get_by_role("button", name=re.compile("^Send the caller .* to…"))
    expect(send).to_be_visible(timeout=20_000)
    send.click()
    page.get_by_role("menuitem", name=re.compile("^Tom Target")).click()
    expect(page.get_by_role("status").filter(has_text="Sent to Tom Target")).to_be_visible()
    tom_row = page.get_by_role("row", name=re.compile("^Tom Target"))
    expect(tom_row).to_have_attribute("data-status", "in_call", timeout=15_000)
    screenshot(page, "live-board-sent-to-agent")
    calling.join(60)
    assert tom.outcome().returncode == 0, tom.errors()
    rita.outcome()
    step = only_call(ringdesk, NUMBER)["path"][0]
    assert step["port"] is None and step["why"] == "queue_connected", step  # connected
    [effect] = step["effects"]
    assert "REDIRECTED" in " ".join(effect["levels"]), effect
    _, entries = ringdesk.get("/api/v1/audit-log?action=call.redirected")
    [entry] = entries["items"]
    assert entry["data"]["agent"] == "redir-t" and entry["data"]["queue"] == "dash-L1", entry
    context.close()
    assert watched.errors == [], watched.errors
