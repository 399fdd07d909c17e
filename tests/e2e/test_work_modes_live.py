"""Work modes through the real sandbox Asterisk: a mode change over the API pauses the agent
in the queue (the next caller skips them), and the agent's phone dials *51 to be ready
again; both changes land in the mode log."""

from __future__ import annotations

import time

from tests.e2e.conftest import place_call
from tests.e2e.test_routes_live import BYE, PhoneInBackground, say

NUMBER = "+4930130301"


def member_line(sandbox, queue: str, endpoint: str) -> str:
    shown = sandbox.cli(f"queue show {queue}").stdout
    return next(line for line in shown.splitlines() if f"PJSIP/{endpoint}" in line)


def wait_until(condition, what: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"not {what} after {timeout}s")


def test_a_paused_agent_is_skipped_and_dials_back_in_with_a_feature_code(ringdesk, sandbox):
    ringdesk.start()
    for endpoint, port in (("desk-a", 5221), ("desk-b", 5222)):
        status, account = ringdesk.request("POST", "/api/v1/pbx/accounts", {
            "endpoint": endpoint, "static_contact": f"sip:{endpoint}@127.0.0.1:{port}"})
        assert status == 201, account
    status, queue = ringdesk.request("PUT", "/api/v1/pbx/queues/desk", {
        "ring_timeout": 3, "retry": 1, "max_wait": 15, "members": [
            {"endpoint": "desk-a", "level": 1, "position": 1},
            {"endpoint": "desk-b", "level": 1, "position": 2}]})
    assert status == 200, queue
    status, applied = ringdesk.request("POST", "/api/v1/pbx/apply")
    assert status == 200, applied
    ringdesk.publish_route("Desk", {"entry": "q", "nodes": {
        "q": {"type": "queue", "params": {"queue": "desk", "max_wait": 15},
              "ports": {"timeout": "closed", "no_agents": "closed", "full": "closed"}},
        "closed": say("closed"), "bye": BYE}}, NUMBER)

    status, changed = ringdesk.request("PUT", "/api/v1/agents/desk-a/mode", {"mode": "Break"})
    assert status == 200 and changed["applied"] is True, changed
    assert changed["mode"] == {"name": "Break", "available": False, "code": "2"}
    assert "paused:Break" in member_line(sandbox, "desk-L1", "desk-a")
    _, audited = ringdesk.get("/api/v1/audit-log?action=agent.mode_set")
    assert [(entry["target"], entry["data"]) for entry in audited["items"]] == [
        ("desk-a", {"mode": "Break"})]

    # desk-a is first in line but on a break: desk-b takes the call.
    phone = PhoneInBackground(sandbox, "agent_answers.xml", port=5222)
    result = place_call(sandbox, NUMBER[1:], scenario="caller_talks.xml", timeout=30)
    assert result.returncode == 0, result.errors or result.stdout
    assert phone.outcome().returncode == 0, phone.errors()
    ticket = ringdesk.ticket_for(lambda call: call["dialed_number"] == NUMBER
                                 and call["outcome"] is not None)
    [call] = ticket["calls"]
    assert call["outcome"] == "answered"
    assert [(a["agent"], a["result"]) for a in call["agents_rung"]] == [
        ("PJSIP/desk-b", "ANSWER")]

    # desk-a's phone dials *51 (Ready): the PBX answers, confirms, and unpauses.
    dialled = place_call(sandbox, "*51", caller="desk-a", timeout=20)
    assert dialled.returncode == 0, dialled.errors or dialled.stdout
    wait_until(lambda: "paused" not in member_line(sandbox, "desk-L1", "desk-a"),
               "unpaused by the feature code")
    status, log = ringdesk.get("/api/v1/agents/desk-a/mode-log")
    assert [(p["mode"], p["source"]) for p in log] == [("Break", "api"), ("Ready", "phone")]
    assert log[0]["ended_at"] == log[1]["started_at"]
