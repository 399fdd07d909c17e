"""Queue calls into tickets through the real sandbox Asterisk: a SIPp caller, SIPp agent
phones, ringdesk following AMI. An answered call carries its agent, talk time and
recording; a caller who hangs up in the queue is abandoned and marked "call back"; a
repeat call inside the window joins that ticket, outside it opens a new one."""

from __future__ import annotations

import time
import urllib.request
from pathlib import Path
from typing import Any

from tests.e2e.conftest import CallInBackground, place_call
from tests.e2e.test_routes_live import BYE, PhoneInBackground, say

CALLER = "+4915112345678"
NUMBER = "+4930130201"


def set_up_queue(ringdesk: Any, agents: dict[str, int]) -> None:
    for endpoint, port in agents.items():
        status, account = ringdesk.request("POST", "/api/v1/pbx/accounts", {
            "endpoint": endpoint, "display_name": endpoint,
            "static_contact": f"sip:{endpoint}@127.0.0.1:{port}"})
        assert status == 201, account
    members = [{"endpoint": endpoint, "level": 1, "position": index}
               for index, endpoint in enumerate(agents, start=1)]
    status, queue = ringdesk.request("PUT", "/api/v1/pbx/queues/sales", {
        "ring_timeout": 15, "retry": 1, "max_wait": 20, "members": members})
    assert status == 200, queue
    status, applied = ringdesk.request("POST", "/api/v1/pbx/apply")
    assert status == 200 and applied["applied"], applied
    graph = {"entry": "q", "nodes": {
        "q": {"type": "queue", "params": {"queue": "sales", "max_wait": 20},
              "ports": {"timeout": "closed", "no_agents": "closed", "full": "closed"}},
        "closed": say("closed"), "bye": BYE}}
    ringdesk.publish_route("Sales", graph, NUMBER)


def ended_calls(ringdesk: Any, count: int) -> list[dict[str, Any]]:
    """The calls to NUMBER once ``count`` of them have ended and been classified."""
    def calls() -> list[dict[str, Any]]:
        found = [{"ticket": ticket, **call} for ticket in ringdesk.tickets()
                 for call in ticket["calls"] if call["dialed_number"] == NUMBER]
        return sorted(found, key=lambda call: call["started_at"])

    ringdesk.wait_for(lambda _: sum(c["outcome"] is not None for c in calls()) >= count,
                      f"{count} classified calls")
    return calls()


def test_answered_call_has_agent_talk_time_and_recording(ringdesk, sandbox):
    ringdesk.start()
    set_up_queue(ringdesk, {"sales-a": 5211})
    phone = PhoneInBackground(sandbox, "agent_answers.xml", port=5211)
    result = place_call(sandbox, NUMBER[1:], scenario="caller_talks.xml", timeout=30)
    assert result.returncode == 0, result.errors or result.stdout
    assert phone.outcome().returncode == 0, phone.errors()
    [call] = ended_calls(ringdesk, 1)
    assert call["outcome"] == "answered" and call["state"] == "ended"
    assert call["agent"] == "PJSIP/sales-a" and call["queue"] == "sales-L1"
    assert 2 <= call["talk_seconds"] <= 6, call
    assert call["hold_seconds"] is not None and call["hold_seconds"] <= 3
    assert call["hangup_side"] == "caller"
    assert [(a["agent"], a["result"]) for a in call["agents_rung"]] == [
        ("PJSIP/sales-a", "ANSWER")]
    assert call["queue_events"][0]["position"] == 1
    assert any(leg["channel"].startswith("PJSIP/sales-a-") for leg in call["legs"])
    assert call["ticket"]["status"] == "open"
    [recording] = call["recordings"]
    assert recording.endswith(f"/call-{call['linkedid']}.wav")
    request = urllib.request.Request(ringdesk.web_url + recording, headers={
        "Authorization": f"Bearer {ringdesk.env['TEST_ADMIN_TOKEN']}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        audio = response.read()
    assert audio[:4] == b"RIFF" and len(audio) > 8000  # seconds of 8 kHz conversation


def test_abandoned_call_then_a_repeat_call_inside_the_window(ringdesk, sandbox):
    ringdesk.env["RINGDESK_HELPDESK_REPEAT_CALL_MINUTES"] = "60"
    ringdesk.start()
    set_up_queue(ringdesk, {"sales-b": 5212})
    # Nobody answers: the caller hangs up after four seconds of waiting.
    phone = PhoneInBackground(sandbox, "agent_rings.xml", port=5212)
    result = place_call(sandbox, NUMBER[1:], scenario="caller_talks.xml", timeout=30)
    assert result.returncode == 0, result.errors or result.stdout
    phone.outcome()
    [abandoned] = ended_calls(ringdesk, 1)
    assert abandoned["outcome"] == "abandoned", (abandoned["queue_events"], abandoned["path"])
    assert abandoned["queue_events"][0]["abandoned"] is True
    assert abandoned["agents_rung"][0]["agent"] == "PJSIP/sales-b"
    assert abandoned["ticket"]["status"] == "call_back"
    assert abandoned["ticket"]["subject"] == f"Abandoned call from {CALLER}"
    # The caller tries again at once and an agent answers: the same ticket, no call back.
    phone = PhoneInBackground(sandbox, "agent_answers.xml", port=5212)
    result = place_call(sandbox, NUMBER[1:], scenario="caller_talks.xml", timeout=30)
    assert result.returncode == 0, result.errors or result.stdout
    phone.outcome()
    first, second = ended_calls(ringdesk, 2)
    assert second["outcome"] == "answered"
    assert second["ticket"]["id"] == first["ticket"]["id"]
    assert second["ticket"]["status"] == "open"
    assert len(second["ticket"]["calls"]) == 2


def test_repeat_call_outside_the_window_opens_a_new_ticket(ringdesk, sandbox):
    ringdesk.env["RINGDESK_HELPDESK_REPEAT_CALL_MINUTES"] = "0"
    ringdesk.start()
    set_up_queue(ringdesk, {"sales-c": 5213})
    for _ in range(2):
        phone = PhoneInBackground(sandbox, "agent_rings.xml", port=5213)
        result = place_call(sandbox, NUMBER[1:], scenario="caller_talks.xml", timeout=30)
        assert result.returncode == 0, result.errors or result.stdout
        phone.outcome()
    first, second = ended_calls(ringdesk, 2)
    assert first["ticket"]["id"] != second["ticket"]["id"]
    assert {first["outcome"], second["outcome"]} == {"abandoned"}


def test_config_apply_while_a_call_is_live_keeps_the_call(ringdesk, sandbox):
    ringdesk.start()
    set_up_queue(ringdesk, {"sales-e": 5214})
    phone = PhoneInBackground(sandbox, "agent_answers.xml", port=5214)
    caller = CallInBackground(sandbox, NUMBER[1:], scenario="caller_talks.xml", timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the caller is talking to the agent
        status, calls = ringdesk.get("/api/v1/live/calls")
        if any(call["state"] == "talking" for call in calls):
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the call never connected")
    status, queue = ringdesk.request("PUT", "/api/v1/pbx/queues/sales", {
        "ring_timeout": 9, "retry": 1, "max_wait": 20,
        "members": [{"endpoint": "sales-e", "level": 1, "position": 1}]})
    assert status == 200, queue
    status, applied = ringdesk.request("POST", "/api/v1/pbx/apply")
    assert status == 200 and "queues.conf" in applied["changed"], applied
    result = caller.outcome()
    assert result.returncode == 0, result.errors or result.stdout  # hung up by the caller
    assert phone.outcome().returncode == 0, phone.errors()
    [call] = ended_calls(ringdesk, 1)
    assert call["outcome"] == "answered" and call["hangup_side"] == "caller"
    assert call["talk_seconds"] >= 3, call  # not cut by the reload
    generated = Path(ringdesk.env["RINGDESK_PBX_GENERATED_DIR"]) / "queues.conf"
    assert "timeout = 9" in generated.read_text()  # the new settings are what Asterisk read
