"""The live board never drifts: 200 SIPp calls into a queue of six SIPp agents while the
AMI connection is cut twice mid-traffic; once the calls are over, the board equals
Asterisk's own view: no call left open, no agent stuck ringing or talking, nobody waiting."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from tests.e2e.conftest import CALLER, SCENARIOS, free_port
from tests.e2e.tcp_proxy import TcpProxy
from tests.e2e.test_calls_to_tickets import NUMBER, set_up_queue

CALLS = 200
AGENTS = {f"flow-{index}": 5280 + index for index in range(6)}


class Sipp(threading.Thread):
    def __init__(self, sandbox: Any, scenario: Path, arguments: list[str]) -> None:
        super().__init__(daemon=True)
        self.sandbox, self.scenario, self.arguments = sandbox, scenario, arguments
        self.result: Any = None
        self.start()

    def run(self) -> None:
        self.result = self.sandbox.sipp(self.scenario, self.arguments, timeout=240)


def asterisk_channels(sandbox: Any) -> list[str]:
    return [line for line in sandbox.cli("core show channels concise").stdout.splitlines()
            if "!" in line]


def test_the_board_equals_asterisk_after_200_calls_with_ami_cut_twice(
        ringdesk: Any, sandbox: Any, tmp_path: Path) -> None:
    proxy = TcpProxy(5038)
    phones: list[Sipp] = []
    try:
        ringdesk.env["RINGDESK_AMI_PORT"] = str(proxy.port)
        ringdesk.env["RINGDESK_LIVE_RECONCILE_SECONDS"] = "3"
        ringdesk.env["RINGDESK_LIVE_AUTO_PAUSE_AFTER"] = "0"
        ringdesk.start()
        set_up_queue(ringdesk, AGENTS)
        short = tmp_path / "caller_talks_briefly.xml"
        short.write_text((SCENARIOS / "caller_talks.xml").read_text().replace(
            '<pause milliseconds="4000"/>', '<pause milliseconds="800"/>'))
        phones.extend(Sipp(sandbox, SCENARIOS / "agent_answers.xml", [
            "-p", str(port), "-mp", str(port + 100), "-m", str(CALLS), "-timeout", "200s"])
            for port in AGENTS.values())
        time.sleep(0.5)
        callers = Sipp(sandbox, short, [
            "-s", NUMBER[1:], "-key", "caller", CALLER, "-key", "rtp_port",
            str(free_port(socket.SOCK_DGRAM)), "-p", str(free_port(socket.SOCK_DGRAM)),
            "-mp", str(free_port(socket.SOCK_DGRAM)), "-m", str(CALLS), "-r", "6", "-l", "24",
            "-timeout", "200s"])
        for before in (6, 7):  # into the traffic: AMI cut for three seconds, twice
            time.sleep(before)
            proxy.cut()
            time.sleep(3)
            proxy.resume()
        callers.join(240)
        assert callers.result is not None and callers.result.returncode == 0, \
            sandbox.sipp_errors(short)
        ringdesk.wait_for(lambda h: h["components"]["ami"]["status"] == "ok", "reconnected")
        deadline = time.monotonic() + 15
        board: dict[str, Any] = {}
        while time.monotonic() < deadline:
            _, board = ringdesk.get("/api/v1/live")
            if not asterisk_channels(sandbox) and not board["calls"] and all(
                    agent["status"] == "idle" for agent in board["agents"]
                    if agent["endpoint"] in AGENTS):
                break
            time.sleep(0.5)
        assert asterisk_channels(sandbox) == []
        assert board["calls"] == [], board["calls"]
        statuses = {agent["endpoint"]: agent["status"] for agent in board["agents"]
                    if agent["endpoint"] in AGENTS}
        assert statuses == dict.fromkeys(AGENTS, "idle"), statuses
        [sales] = [queue for queue in board["queues"] if queue["name"] == "sales"]
        assert sales["waiting"] == 0 and sales["callers"] == [], sales
        answered = sum(agent["answered_today"] for agent in board["agents"]
                       if agent["endpoint"] in AGENTS)
        assert answered > 0  # the traffic reached the agents
    finally:
        proxy.close()
        for port in AGENTS.values():  # the agents' phones wait for more calls: stop them
            subprocess.run(["pkill", "-f", f"sipp .*-p {port} "], check=False)
        for phone in phones:
            phone.join(10)
