"""The FastAGI protocol driven through Twisted's StringTransport: Asterisk's side as a chat."""

from __future__ import annotations

from datetime import UTC, datetime

from twisted.internet.testing import StringTransport

from ivr.agi.protocol import AgiChannel, FastAgiProtocol
from ivr.inbound import InboundCallSession
from routes.directory import NumberDirectory, NumberPlan

ENV = (b"agi_request: agi://127.0.0.1:4573/inbound\nagi_uniqueid: 1.0\nagi_channel: PJSIP/t-1\n"
       b"agi_callerid: +4915112345678\nagi_extension: 4930120000\nagi_arg_1: 1.0\n"
       b"agi_arg_2: 4930120000\n\n")


def session_with(plans: dict[str, NumberPlan]):
    directory = NumberDirectory()
    directory.replace(plans)
    steps: list[tuple[str, dict]] = []
    def record(call, recorded) -> None:
        steps.extend((call.linkedid, {k: v for k, v in step.items() if k != "at"})
                     for step in recorded)

    session = InboundCallSession(directory, "DE", record, lambda: datetime.now(UTC))
    return session, steps


def connect(handler) -> tuple[FastAgiProtocol, StringTransport]:
    protocol = FastAgiProtocol(handler)
    transport = StringTransport()
    protocol.makeConnection(transport)
    return protocol, transport


def chat(protocol: FastAgiProtocol, transport: StringTransport,
         table: list[tuple[bytes, bytes]]) -> None:
    """Each row: what Asterisk sends, then the command ringdesk must answer with."""
    for asterisk_says, ringdesk_sends in table:
        transport.clear()
        protocol.dataReceived(asterisk_says)
        assert transport.value() == ringdesk_sends, asterisk_says


PLAN = {"+4930120000": NumberPlan("+4930120000", "ringdesk/welcome", 0)}


def test_announced_call_chat():
    session, steps = session_with(PLAN)
    protocol, transport = connect(session)
    chat(protocol, transport, [
        (ENV, b"ANSWER\n"),
        (b"200 result=0\n", b'STREAM FILE ringdesk/welcome ""\n'),
        (b"200 result=0 endpos=32876\n", b'SET VARIABLE RINGDESK_STATUS "done"\n'),
        (b"200 result=1\n", b"HANGUP\n"),
        (b"200 result=1\n", b""),
    ])
    assert transport.disconnecting
    assert [step["step"] for _, step in steps] == ["answer", "announcement", "hangup"]
    assert steps[1][1]["completed"] is True


def test_caller_hangs_up_mid_announcement_ends_cleanly():
    session, steps = session_with(PLAN)
    protocol, transport = connect(session)
    chat(protocol, transport, [
        (ENV, b"ANSWER\n"),
        (b"200 result=0\n", b'STREAM FILE ringdesk/welcome ""\n'),
        (b"200 result=-1 endpos=1200\nHANGUP\n", b"CHANNEL STATUS\n"),
        (b"511 Command Not Permitted on a dead channel or intercept routine\n", b""),
    ])
    assert transport.disconnecting
    assert steps[1][1] == {"step": "announcement", "sound": "ringdesk/welcome",
                           "completed": False}


def test_connection_closed_mid_command_ends_the_session():
    session, steps = session_with(PLAN)
    protocol, transport = connect(session)
    chat(protocol, transport, [(ENV, b"ANSWER\n")])
    protocol.connectionLost()
    assert steps == []


def test_unknown_number_leaves_the_call_to_the_dialplan_fallback():
    session, steps = session_with({})
    protocol, transport = connect(session)
    chat(protocol, transport, [(ENV, b"")])
    assert transport.disconnecting
    assert steps == [("1.0", {"step": "unknown_number", "dialed": "4930120000"})]


def test_missing_sound_is_not_marked_done():
    session, _ = session_with(PLAN)
    protocol, transport = connect(session)
    chat(protocol, transport, [
        (ENV, b"ANSWER\n"),
        (b"200 result=0\n", b'STREAM FILE ringdesk/welcome ""\n'),
        (b"200 result=-1 endpos=0\n", b"CHANNEL STATUS\n"),
        (b"200 result=6\n", b""),  # alive, yet no RINGDESK_STATUS: the fallback plays
    ])
    assert transport.disconnecting


def test_garbage_drops_the_connection():
    session, _ = session_with(PLAN)
    protocol, transport = connect(session)
    protocol.dataReceived(b"GET / HTTP/1.1\r\n")
    assert transport.disconnecting


def test_usage_error_fails_the_command():
    failures = []

    async def handler(channel: AgiChannel, environment) -> None:
        try:
            await channel.command("STREAM", "FILE")
        except Exception as error:  # noqa: BLE001
            failures.append(error)

    protocol, transport = connect(handler)
    chat(protocol, transport, [
        (ENV, b"STREAM FILE\n"),
        (b"520-Invalid command syntax.  Proper usage follows:\nUsage: x\n"
         b"520 End of proper usage.\n", b""),
    ])
    assert "520" in str(failures[0])


def test_short_call_is_recorded_in_one_write_and_ringing_is_visible_early():
    writes: list[list[str]] = []
    directory = NumberDirectory()
    ringing = NumberPlan("+4930120001", "ringdesk/welcome", 8)
    directory.replace({**PLAN, "+4930120001": ringing})
    session = InboundCallSession(directory, "DE", lambda call, steps: writes.append(
        [step["step"] for step in steps]), lambda: datetime.now(UTC))
    protocol, transport = connect(session)
    chat(protocol, transport, [
        (ENV, b"ANSWER\n"),
        (b"200 result=0\n", b'STREAM FILE ringdesk/welcome ""\n'),
        (b"200 result=0 endpos=1\n", b'SET VARIABLE RINGDESK_STATUS "done"\n'),
        (b"200 result=1\n", b"HANGUP\n"),
        (b"200 result=1\n", b""),
    ])
    assert writes == [["answer", "announcement", "hangup"]]

    writes.clear()
    protocol, transport = connect(session)
    chat(protocol, transport, [(ENV.replace(b"4930120000", b"4930120001"), b'EXEC Ringing ""\n'),
                               (b"200 result=0\n", b'EXEC Wait "8"\n')])
    assert writes == [["ring"]]  # on record before the 8 s wait starts
