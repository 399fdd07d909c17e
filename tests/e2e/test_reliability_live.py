"""Live queue calls while ringdesk loses AMI or is killed: after the reconnect or restart
it resyncs from Asterisk (channels) and its CDRs (calls that ended meanwhile); every call
has exactly one ticket, with the agent and talk time AMI could not report."""

from __future__ import annotations

import signal
import time

from tests.e2e.conftest import CallInBackground
from tests.e2e.tcp_proxy import TcpProxy
from tests.e2e.test_calls_to_tickets import NUMBER, ended_calls, set_up_queue
from tests.e2e.test_routes_live import PhoneInBackground


def test_queue_call_answered_and_ended_while_ami_is_cut(ringdesk, sandbox):
    proxy = TcpProxy(5038)
    try:
        ringdesk.env["RINGDESK_AMI_PORT"] = str(proxy.port)
        ringdesk.start()
        set_up_queue(ringdesk, {"sales-f": 5251})
        proxy.cut()
        ringdesk.wait_for(lambda h: h["components"]["ami"]["status"] != "ok", "seeing AMI down")
        # The whole call happens while ringdesk is blind to AMI (its AGI still routes it).
        phone = PhoneInBackground(sandbox, "agent_answers.xml", port=5251)
        caller = CallInBackground(sandbox, NUMBER[1:], scenario="caller_talks.xml", timeout=30)
        assert caller.outcome().returncode == 0
        assert phone.outcome().returncode == 0, phone.errors()
        proxy.resume()
        ringdesk.wait_for(lambda h: h["components"]["ami"]["status"] == "ok", "reconnected")
        [call] = ended_calls(ringdesk, 1)
        assert call["outcome"] == "answered", call
        assert call["agent"] == "PJSIP/sales-f"
        assert 2 <= call["talk_seconds"] <= 6, call
        assert "CDR" in call["hangup_cause_text"]
        time.sleep(1.5)  # another resync round changes nothing
        assert len([c for t in ringdesk.tickets() for c in t["calls"]]) == 1
    finally:
        proxy.close()


def test_ringdesk_killed_while_two_agents_talk(ringdesk, sandbox):
    ringdesk.start()
    set_up_queue(ringdesk, {"sales-g": 5252, "sales-h": 5253})
    phones = [PhoneInBackground(sandbox, "agent_answers.xml", port=port)
              for port in (5252, 5253)]
    callers = [CallInBackground(sandbox, NUMBER[1:], scenario="caller_talks.xml", timeout=30)
               for _ in range(2)]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        status, calls = ringdesk.get("/api/v1/live/calls")
        assert status == 200, calls
        if sum(call["state"] == "talking" for call in calls) == 2:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("both callers should be talking")
    time.sleep(0.5)  # the answers are written
    ringdesk.stop(signal.SIGKILL)
    for caller in callers:  # both calls end while ringdesk is dead
        assert caller.outcome().returncode == 0
    for phone in phones:
        assert phone.outcome().returncode == 0, phone.errors()
    ringdesk.start()
    first, second = ended_calls(ringdesk, 2)
    assert {first["agent"], second["agent"]} == {"PJSIP/sales-g", "PJSIP/sales-h"}
    for call in (first, second):
        assert call["outcome"] == "answered" and call["talk_seconds"] >= 2, call
    assert first["ticket"]["id"] != second["ticket"]["id"]
    ringdesk.stop()
    ringdesk.start()  # a second restart finds nothing new
    assert len([c for t in ringdesk.tickets() for c in t["calls"]]) == 2
