"""Click-to-call through the real sandbox Asterisk: the API rings the agent's SIPp phone,
then the customer at the carrier (a SIPp phone that checks the caller ID it is shown);
the call is logged on the ticket it was placed from."""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sandbox.sandbox import project_dir
from tests.e2e.conftest import ANSWERED_NUMBER, CALLER, place_call
from tests.e2e.test_routes_live import PhoneInBackground

SCENARIOS = project_dir() / "sandbox" / "scenarios"
PRESENTED = "+4930130400"


def test_click_to_call_rings_the_agent_then_the_customer_on_the_same_ticket(ringdesk,
                                                                            sandbox):
    ringdesk.start()
    status, account = ringdesk.request("POST", "/api/v1/pbx/accounts", {
        "endpoint": "click-a", "static_contact": "sip:click-a@127.0.0.1:5241",
        "caller_id": PRESENTED})
    assert status == 201, account
    status, applied = ringdesk.request("POST", "/api/v1/pbx/apply")
    assert status == 200, applied
    # A customer called in earlier: that call's ticket is where the agent calls back from.
    result = place_call(sandbox, ANSWERED_NUMBER)
    assert result.returncode == 0, result.errors or result.stdout
    ticket = ringdesk.ticket_for(lambda call: call["outcome"] is not None)

    carrier_scenario = Path(tempfile.mkdtemp()) / "carrier_answers.xml"
    carrier_scenario.write_text((SCENARIOS / "carrier_answers.xml").read_text()
                                .replace("PRESENTED_CALLER_ID", r"<sip:\+4930130400@"))
    carrier = PhoneInBackground(sandbox, carrier_scenario, port=5098)
    agent = PhoneInBackground(sandbox, "agent_answers.xml", port=5241)
    status, placed = ringdesk.request("POST", f"/api/v1/tickets/{ticket['id']}/calls",
                                      {"agent": "click-a"})
    assert status == 202, placed
    assert (placed["number"], placed["presented"]) == (CALLER, PRESENTED)
    time.sleep(4.0)  # agent answered, customer answered: they talk
    sandbox.cli("channel request hangup all")
    assert agent.outcome().returncode == 0, agent.errors()
    assert carrier.outcome().returncode == 0, carrier.errors()  # saw the presented number

    ticket = ringdesk.ticket_for(lambda call: call["linkedid"] == placed["linkedid"]
                                 and call["outcome"] is not None)
    assert len(ticket["calls"]) == 2
    [outbound] = [call for call in ticket["calls"] if call["direction"] == "outbound"]
    assert outbound["outcome"] == "answered" and outbound["agent"] == "PJSIP/click-a"
    assert outbound["dialed_number"] == CALLER
    assert 1 <= outbound["talk_seconds"] <= 6, outbound
    assert ticket["status"] == "open"  # calling back does not reopen or mark it
    # On the timeline as the agent's call, which is their first reaction.
    status, timeline = ringdesk.get(f"/api/v1/tickets/{ticket['id']}/timeline")
    assert status == 200
    [call_out] = [entry for entry in timeline if entry["kind"] == "call_out"]
    assert call_out["data"]["linkedid"] == placed["linkedid"] and call_out["author_id"]
    assert ticket["first_reaction_at"] == call_out["at"]


def test_click_to_call_for_a_missing_ticket_or_agent_is_refused(ringdesk, sandbox):
    ringdesk.start()
    status, error = ringdesk.request("POST", "/api/v1/tickets/999/calls", {"agent": "nobody"})
    assert status == 404 and error["details"]["field"] == "ticket_id", error


def test_a_scheduled_callback_rings_the_agent_then_the_customer_at_its_time(ringdesk,
                                                                           sandbox):
    ringdesk.start()
    _, me = ringdesk.get("/api/v1/auth/me")
    status, account = ringdesk.request("POST", "/api/v1/pbx/accounts", {
        "endpoint": "back-a", "static_contact": "sip:back-a@127.0.0.1:5243",
        "caller_id": PRESENTED, "user_id": me["id"]})
    assert status == 201, account
    status, applied = ringdesk.request("POST", "/api/v1/pbx/apply")
    assert status == 200, applied
    result = place_call(sandbox, ANSWERED_NUMBER)
    assert result.returncode == 0, result.errors or result.stdout
    ticket = ringdesk.ticket_for(lambda call: call["outcome"] is not None)

    carrier_scenario = Path(tempfile.mkdtemp()) / "carrier_answers.xml"
    carrier_scenario.write_text((SCENARIOS / "carrier_answers.xml").read_text()
                                .replace("PRESENTED_CALLER_ID", r"<sip:\+4930130400@"))
    carrier = PhoneInBackground(sandbox, carrier_scenario, port=5098)
    agent = PhoneInBackground(sandbox, "agent_answers.xml", port=5243)
    due = datetime.now(UTC) + timedelta(seconds=4)
    status, callback = ringdesk.request("POST", f"/api/v1/tickets/{ticket['id']}/callbacks",
                                        {"at": due.isoformat()})
    assert status == 201 and callback["state"] == "scheduled", callback
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        _, [callback] = ringdesk.get(f"/api/v1/tickets/{ticket['id']}/callbacks")
        if callback["state"] == "ringing":
            break
        time.sleep(0.5)
    assert callback["state"] == "ringing", callback
    rang_at = time.monotonic()
    time.sleep(4.0)  # agent answered, customer answered: they talk
    sandbox.cli("channel request hangup all")
    assert agent.outcome().returncode == 0, agent.errors()
    assert carrier.outcome().returncode == 0, carrier.errors()
    while time.monotonic() < rang_at + 30:
        _, [callback] = ringdesk.get(f"/api/v1/tickets/{ticket['id']}/callbacks")
        if callback["state"] not in ("ringing", "placing"):
            break
        time.sleep(0.5)
    assert callback["state"] == "done", callback
    _, timeline = ringdesk.get(f"/api/v1/tickets/{ticket['id']}/timeline")
    assert [e["data"]["state"] for e in timeline if e["kind"] == "callback"] == [
        "scheduled", "done"]
    [call_out] = [entry for entry in timeline if entry["kind"] == "call_out"]
    assert call_out["data"]["linkedid"] == callback["linkedid"]
