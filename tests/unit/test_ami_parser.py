from pathlib import Path

import pytest

from ringdesk.callcenter.ami.parser import (
    AmiProtocolError,
    format_action,
    parse_banner,
    parse_frame,
    parse_messages,
)

CAPTURE = Path(__file__).parents[1] / "fixtures" / "ami_fallback_call.raw"


def test_real_capture_of_a_fallback_call():
    """Bytes read from the sandbox Asterisk 22 for one call the dialplan fallback handled."""
    banner, rest = parse_banner(CAPTURE.read_bytes())
    assert banner == "Asterisk Call Manager/11.0.0"
    messages, remainder = parse_messages(rest)
    assert remainder == b""
    events = [message.event for message in messages if message.event]
    assert events[:3] == ["FullyBooted", "Newchannel", "HangupHandlerPush"]
    assert "Hangup" in events and "Cdr" in events
    newchannel = next(message for message in messages if message.event == "Newchannel")
    assert newchannel.get("Context") == "from-trunk"
    assert newchannel.get("Exten") == "4930120000"
    assert newchannel.get("Linkedid") == newchannel.get("Uniqueid")
    tree = [message for message in messages if message.event == "DBGetTreeResponse"]
    assert {message.get("Key").rsplit("/", 1)[1] for message in tree} == {
        "agi_status", "answered", "caller", "dialed", "ended", "started"}
    assert messages[-1].get("EventList") == "Complete"


def test_message_split_anywhere_parses_the_same():
    data = CAPTURE.read_bytes()
    _, rest = parse_banner(data)
    whole, _ = parse_messages(rest)
    buffer, pieces = b"", []
    for index in range(0, len(rest), 13):
        parsed, buffer = parse_messages(buffer + rest[index:index + 13])
        pieces += parsed
    assert [message.headers for message in pieces] == [message.headers for message in whole]


def test_repeated_chanvariable_headers_are_all_kept():
    message = parse_frame(
        "Event: Hangup\r\nChannel: PJSIP/trunk-1\r\nChanVariable: RINGDESK_STATUS=done\r\n"
        "ChanVariable: QUEUESTATUS=\r\nChanVariable: URL=a=b\r\n"
        "DestChanVariable: X=1"
    )
    assert message.get("ChanVariable") == "RINGDESK_STATUS=done"
    assert message.variables() == {"RINGDESK_STATUS": "done", "QUEUESTATUS": "", "URL": "a=b"}
    assert message.variables("DestChanVariable") == {"X": "1"}
    assert message.get_all("Channel") == ["PJSIP/trunk-1"]
    assert message.get_all("Missing") == []


def test_values_keep_colons_and_empty_values():
    message = parse_frame("Event: X\r\nAddress: 127.0.0.1:5060\r\nAccountCode: \r\nEmpty:\r\n"
                          "Tight:value\r\nText: a: b")
    assert message.get("Address") == "127.0.0.1:5060"
    assert message.get("Tight") == "value" and message.get("Text") == "a: b"
    assert message.get("AccountCode") == ""
    assert message.get("Empty") == ""


@pytest.mark.parametrize("frame", ["this is not a header", "Event: X\r\nno colon here",
                                   "Two Words: x"])
def test_garbage_frames_are_protocol_errors(frame):
    with pytest.raises(AmiProtocolError):
        parse_frame(frame)


def test_banner_must_be_ami():
    assert parse_banner(b"Asterisk Call") == (None, b"Asterisk Call")
    with pytest.raises(AmiProtocolError):
        parse_banner(b"SSH-2.0-OpenSSH_9.2\r\n")


def test_oversized_unterminated_frame_is_rejected():
    with pytest.raises(AmiProtocolError):
        parse_messages(b"Event: X\r\nData: " + b"x" * (1 << 21))


def test_format_action_with_repeated_headers():
    data = format_action("Originate", "rd-1", {"Channel": "PJSIP/1001",
                                               "Variable": ["A=1", "B=2"]})
    assert data == (b"Action: Originate\r\nActionID: rd-1\r\nChannel: PJSIP/1001\r\n"
                    b"Variable: A=1\r\nVariable: B=2\r\n\r\n")
    with pytest.raises(ValueError):
        format_action("Command", "rd-2", {"Command": "core show\r\nAction: Logoff"})
