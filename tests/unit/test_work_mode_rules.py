"""Work modes as the PBX sees them, and the *5<code> phone session, without sockets."""

from __future__ import annotations

from twisted.internet.testing import StringTransport

from ringdesk.callcenter.agents.modes import ModeSpec, code_dialled, mode_problems, pause_for
from ringdesk.ivr.agi.protocol import FastAgiProtocol
from ringdesk.ivr.workmode_session import dispatch, workmode_session

READY = ModeSpec("Ready", True, "1")
LUNCH = ModeSpec("Lunch", False, "3")


def test_unavailable_modes_pause_in_every_queue_with_the_mode_as_reason():
    assert pause_for("agent-a", LUNCH).headers() == {
        "Interface": "PJSIP/agent-a", "Paused": "true", "Reason": "Lunch"}
    assert pause_for("agent-a", READY).headers()["Paused"] == "false"


def test_feature_codes_and_mode_checks():
    assert code_dialled("*53") == "3" and code_dialled("*51234") == "1234"
    assert code_dialled("*6") is None and code_dialled("53") is None
    assert mode_problems("Lunch", "3") == []
    assert [field for field, _ in mode_problems("x" * 61, "")] == ["name", "code"]


def environment(script: str, *args: str) -> bytes:
    lines = [f"agi_network_script: {script}", "agi_request: agi://127.0.0.1/" + script,
             "agi_channel: PJSIP/agent-a-00000001", "agi_uniqueid: 9.1",
             "agi_extension: *53"] + [f"agi_arg_{n}: {a}" for n, a in enumerate(args, 1)]
    return ("\n".join(lines) + "\n\n").encode()


def run(script: str, *args: str, modes=None):
    changed: list[tuple[str, ModeSpec]] = []
    handler = dispatch({
        "inbound": lambda env: iter(()),
        "workmode": workmode_session(lambda: modes or {"1": READY, "3": LUNCH},
                                     lambda endpoint, mode: changed.append((endpoint, mode))),
    }, default="inbound")
    protocol, transport = FastAgiProtocol(handler), StringTransport()
    protocol.makeConnection(transport)
    sent = []
    protocol.dataReceived(environment(script, *args))
    while transport.value():
        sent.append(transport.value())
        transport.clear()
        protocol.dataReceived(b"200 result=0 endpos=100\n")
    return sent, changed


def test_a_known_code_changes_the_mode_and_confirms():
    sent, changed = run("workmode", "agent-a", "*53")
    assert changed == [("agent-a", LUNCH)]
    assert sent == [b"ANSWER\n", b'STREAM FILE ringdesk/mode-changed ""\n', b"HANGUP\n"]


def test_an_unknown_code_changes_nothing_and_says_so():
    sent, changed = run("workmode", "agent-a", "*59")
    assert changed == []
    assert sent[1] == b'STREAM FILE ringdesk/mode-unknown ""\n'
