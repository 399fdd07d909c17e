"""asterisk-conf/ as Asterisk itself reads it: endpoints, identification, AMI account."""

from __future__ import annotations

import socket

from sandbox.sandbox import DEMO_AGENTS
from tests.e2e.conftest import SCENARIOS, free_port


def register(sandbox, agent: str, password: str):
    return sandbox.sipp(SCENARIOS / "agent_registers.xml", [
        "-key", "agent", agent, "-au", agent, "-ap", password,
        "-p", str(free_port(socket.SOCK_DGRAM)), "-m", "1", "-l", "1", "-timeout", "20s",
    ], timeout=30)


def test_agent_phone_registers_with_its_password_and_not_as_the_trunk(sandbox):
    result = register(sandbox, "agent-1001", DEMO_AGENTS["agent-1001"])
    assert result.returncode == 0, sandbox.sipp_errors(SCENARIOS / "agent_registers.xml")
    contacts = sandbox.cli("pjsip show aor agent-1001").stdout
    assert "Contact:  agent-1001/sip:agent-1001@127.0.0.1" in contacts


def test_agent_with_a_wrong_password_is_refused(sandbox):
    result = register(sandbox, "agent-1002", "wrong-password")
    assert result.returncode != 0


def test_endpoints_and_dialplan_are_loaded(sandbox):
    endpoints = sandbox.cli("pjsip show endpoints").stdout
    for name in ("trunk", "agent-1001", "agent-1002"):
        assert f"Endpoint:  {name}" in endpoints
    dialplan = sandbox.cli("dialplan show from-trunk").stdout
    assert "AGI(${RINGDESK_AGI}/inbound" in dialplan
    assert sandbox.cli("dialplan show ringdesk-fallback").returncode == 0
