"""Leveled queues through the real sandbox Asterisk: accounts and a queue created over the
API, applied ("Apply config": files + AMI reload), then a SIPp caller and four SIPp agent
phones prove the ring order: level 1 by position, then level 2 by position."""

from __future__ import annotations

import time
from typing import Any

from tests.e2e.conftest import place_call
from tests.e2e.test_routes_live import BYE, PhoneInBackground, only_call, say

AGENTS = {  # endpoint: (phone port, level, position, what the phone does)
    "lvl-a": (5201, 1, 1, "agent_busy.xml"),
    "lvl-b": (5202, 1, 2, "agent_rings.xml"),
    "lvl-c": (5203, 2, 1, "agent_rings.xml"),
    "lvl-d": (5204, 2, 2, "agent_rings.xml"),
}


class TimedPhone(PhoneInBackground):
    finished_at = 0.0

    def run(self) -> None:
        super().run()
        self.finished_at = time.monotonic()


def test_levels_ring_by_position_and_busy_agents_are_passed_over(ringdesk, sandbox):
    ringdesk.start()
    for endpoint, (port, _, _, _) in AGENTS.items():
        status, account = ringdesk.request("POST", "/api/v1/pbx/accounts", {
            "endpoint": endpoint, "display_name": f"Agent {endpoint}",
            "static_contact": f"sip:{endpoint}@127.0.0.1:{port}"})
        assert status == 201, account
    # Members listed against their positions: the order comes from level and position.
    members = [{"endpoint": endpoint, "level": level, "position": position}
               for endpoint, (_, level, position, _) in reversed(AGENTS.items())]
    status, queue = ringdesk.request("PUT", "/api/v1/pbx/queues/levels", {
        "ring_timeout": 2, "retry": 1, "max_wait": 12, "members": members})
    assert status == 200, queue
    status, applied = ringdesk.request("POST", "/api/v1/pbx/apply")
    assert status == 200 and applied["applied"], applied
    assert sorted(applied["changed"]) == ["pjsip_agents.conf", "queues.conf"]
    status, shown = sandbox_command(sandbox, "queue show levels-L1")
    assert "lvl-a" in shown and "lvl-b" in shown, shown

    graph = {"entry": "q", "nodes": {
        "q": {"type": "queue", "params": {"queue": "levels", "max_wait": 12},
              "ports": {"timeout": "closed", "no_agents": "closed", "full": "closed"}},
        "closed": say("closed"), "bye": BYE}}
    ringdesk.publish_route("Levels", graph, "+4930130101")
    phones = {endpoint: TimedPhone(sandbox, scenario, port=port)
              for endpoint, (port, _, _, scenario) in AGENTS.items()}
    result = place_call(sandbox, "4930130101", timeout=40)
    assert result.returncode == 0, result.errors or result.stdout
    for endpoint, phone in phones.items():
        assert phone.outcome().returncode == 0, (endpoint, phone.errors())
    order = sorted(phones, key=lambda endpoint: phones[endpoint].finished_at)
    assert order == ["lvl-a", "lvl-b", "lvl-c", "lvl-d"]
    step = only_call(ringdesk, "+4930130101")["path"][0]
    assert step["port"] == "timeout", step
    [effect] = step["effects"]
    assert effect["levels"][:2] == ["L1:TIMEOUT", "L2:TIMEOUT"], effect


def sandbox_command(sandbox: Any, command: str) -> tuple[int, str]:
    completed = sandbox.cli(command)
    return completed.returncode, completed.stdout
