"""The supervisor's live view through the real sandbox Asterisk: while a SIPp caller waits
and talks, the SSE stream and the REST board show the call, the queue and the agent."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from typing import Any

from tests.e2e.conftest import place_call
from tests.e2e.test_calls_to_tickets import NUMBER, set_up_queue
from tests.e2e.test_routes_live import PhoneInBackground


class EventStream(threading.Thread):
    """Reads /api/v1/live/events and keeps every event it receives."""

    def __init__(self, url: str, token: str) -> None:
        super().__init__(daemon=True)
        self.request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.status = 0
        self.start()

    def run(self) -> None:
        with urllib.request.urlopen(self.request, timeout=60) as response:
            self.status = response.status
            event = ""
            for raw in response:
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: "):
                    self.events.append((event, json.loads(line[6:])))

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [data for event, data in self.events if event == kind]


def test_sse_and_rest_follow_a_queue_call(ringdesk, sandbox):
    ringdesk.start()
    set_up_queue(ringdesk, {"sales-d": 5231})
    token = ringdesk.env["TEST_ADMIN_TOKEN"]
    refused = urllib.request.Request(ringdesk.web_url + "/api/v1/live/events")
    try:
        urllib.request.urlopen(refused, timeout=5)
        raise AssertionError("the stream needs a token")
    except urllib.error.HTTPError as error:
        assert error.code == 401
    stream = EventStream(f"{ringdesk.web_url}/api/v1/live/events", token)
    time.sleep(0.5)
    [snapshot] = stream.of("snapshot")
    assert "sales-d" in [agent["endpoint"] for agent in snapshot["agents"]]

    phone = PhoneInBackground(sandbox, "agent_answers.xml", port=5231)
    seen: dict[str, Any] = {}

    def watch() -> None:  # the REST board while the caller talks
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and "call" not in seen:
            status, calls = ringdesk.get("/api/v1/live/calls")
            assert status == 200, calls
            talking = [call for call in calls if call["state"] == "talking"]
            if talking:
                seen["call"] = talking[0]
            time.sleep(0.2)

    watcher = threading.Thread(target=watch)
    watcher.start()
    result = place_call(sandbox, NUMBER[1:], scenario="caller_talks.xml", timeout=30)
    assert result.returncode == 0, result.errors or result.stdout
    phone.outcome()
    watcher.join()
    assert seen["call"]["agent"] == "PJSIP/sales-d" and seen["call"]["queue"] == "sales"
    time.sleep(1.0)
    statuses = [agent["agent"]["status"] for agent in stream.of("agent")
                if agent["agent"]["endpoint"] == "sales-d"]
    assert "ringing" in statuses and "in_call" in statuses, statuses
    assert statuses.index("ringing") < statuses.index("in_call")
    assert statuses[-1] == "idle"
    # The stream sends each call's state as it is every 100 ms: a state that lasted less
    # (queued, then at once ringing the agent) may be seen only as the next one.
    call_states = [call["call"]["state"] for call in stream.of("call")]
    waiting = [index for index, state in enumerate(call_states)
               if state in ("queued", "ringing_agent")]
    assert waiting and waiting[0] < call_states.index("talking"), call_states
    assert stream.of("call_ended")
    status, queues = ringdesk.get("/api/v1/live/queues")
    assert status == 200, queues
    [sales] = [queue for queue in queues if queue["name"] == "sales"]
    assert (sales["answered_today"], sales["waiting"], sales["service_level"]) == (1, 0, 100.0)
    status, agents = ringdesk.get("/api/v1/live/agents")
    assert status == 200, agents
    [agent] = [agent for agent in agents if agent["endpoint"] == "sales-d"]
    assert agent["answered_today"] == 1 and agent["status"] == "idle"


def test_registration_of_an_agent_phone_shows_on_the_live_board(ringdesk, sandbox):
    import socket
    import tempfile
    from pathlib import Path

    from tests.e2e.conftest import SCENARIOS, free_port

    ringdesk.start()
    status, account = ringdesk.request("POST", "/api/v1/pbx/accounts",
                                       {"endpoint": "desk-phone"})
    assert status == 201 and account["password"], account
    status, applied = ringdesk.request("POST", "/api/v1/pbx/apply")
    assert status == 200, applied

    def agent() -> dict[str, Any]:
        status, agents = ringdesk.get("/api/v1/live/agents")
        assert status == 200, agents
        return next(a for a in agents if a["endpoint"] == "desk-phone")

    def register(scenario: Path) -> None:
        result = sandbox.sipp(scenario, [
            "-key", "agent", "desk-phone", "-au", "desk-phone", "-ap", account["password"],
            "-p", str(free_port(socket.SOCK_DGRAM)), "-m", "1", "-l", "1",
            "-timeout", "20s"], timeout=30)
        assert result.returncode == 0, sandbox.sipp_errors(scenario)

    def wait_for(registered: bool) -> dict[str, Any]:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            current = agent()
            if current["registered"] is registered:
                return current
            time.sleep(0.2)
        raise AssertionError(f"registered should be {registered}: {agent()}")

    register(SCENARIOS / "agent_registers.xml")
    assert wait_for(True)["status"] == "idle"
    leaving = Path(tempfile.mkdtemp()) / "agent_unregisters.xml"
    leaving.write_text((SCENARIOS / "agent_registers.xml").read_text()
                       .replace("Expires: 120", "Expires: 0"))
    register(leaving)
    assert wait_for(False)["status"] == "offline"
