import pytest

from ringdesk.ivr.agi.parser import (
    AgiEnvironment,
    AgiProtocolError,
    AgiReply,
    AgiStreamParser,
    HangupNotice,
    format_command,
    parse_reply_line,
    quote_argument,
)

ENVIRONMENT = (
    b"agi_network: yes\n"
    b"agi_network_script: inbound\n"
    b"agi_request: agi://127.0.0.1:4573/inbound\n"
    b"agi_channel: PJSIP/trunk-00000001\n"
    b"agi_language: en\n"
    b"agi_uniqueid: 1795332254.1\n"
    b"agi_callerid: +4915112345678\n"
    b"agi_extension: 4930120000\n"
    b"agi_arg_1: 1795332254.1\n"
    b"agi_arg_2: 4930120000\n"
    b"\n"
)


def test_environment_block_becomes_one_message():
    [environment] = AgiStreamParser().feed(ENVIRONMENT)
    assert isinstance(environment, AgiEnvironment)
    assert environment.script == "inbound"
    assert environment.channel == "PJSIP/trunk-00000001"
    assert environment.caller_number == "+4915112345678"
    assert environment.arguments == ["1795332254.1", "4930120000"]


def test_environment_split_across_reads_and_followed_by_a_reply():
    parser = AgiStreamParser()
    messages = []
    for index in range(0, len(ENVIRONMENT), 7):
        messages += parser.feed(ENVIRONMENT[index:index + 7])
    messages += parser.feed(b"200 result=0\n")
    assert [type(message) for message in messages] == [AgiEnvironment, AgiReply]


REPLIES = [
    # line, code, result, data, extras
    ("200 result=0", 200, "0", None, {}),
    ("200 result=1 (timeout)", 200, "1", "timeout", {}),
    ("200 result=0 endpos=26400", 200, "0", None, {"endpos": "26400"}),
    ("200 result=-1 endpos=1632", 200, "-1", None, {"endpos": "1632"}),
    ("200 result=12 (timeout)", 200, "12", "timeout", {}),
    ("200 result= (timeout)", 200, "", "timeout", {}),
    ("200 result=1 (a (nested) value)", 200, "1", "a (nested) value", {}),
    ("200 result=0 (hangup)", 200, "0", "hangup", {}),
    ("510 Invalid or unknown command", 510, "", None, {}),
    ("511 Command Not Permitted on a dead channel or intercept routine", 511, "", None, {}),
]


@pytest.mark.parametrize(("line", "code", "result", "data", "extras"), REPLIES)
def test_reply_lines(line, code, result, data, extras):
    reply = parse_reply_line(line)
    assert (reply.code, reply.result, reply.data, reply.extras) == (code, result, data, extras)


def test_timed_out_and_dtmf_helpers():
    assert parse_reply_line("200 result=1 (timeout)").timed_out
    assert parse_reply_line("200 result=49 endpos=100").dtmf == "1"
    assert parse_reply_line("200 result=0 endpos=100").dtmf == ""


def test_multiline_520_usage_is_one_reply():
    parser = AgiStreamParser()
    parser.feed(ENVIRONMENT)
    messages = parser.feed(
        b"520-Invalid command syntax.  Proper usage follows:\n"
        b" Usage: STREAM FILE <filename> <escape_digits> [sample offset]\n"
        b"520 End of proper usage.\n"
    )
    [reply] = messages
    assert isinstance(reply, AgiReply)
    assert reply.code == 520
    assert "Usage: STREAM FILE" in reply.text


def test_unsolicited_hangup_line_then_511():
    parser = AgiStreamParser()
    parser.feed(ENVIRONMENT)
    messages = parser.feed(b"200 result=-1\nHANGUP\n511 Command Not Permitted on a dead channel\n")
    assert isinstance(messages[0], AgiReply)
    assert isinstance(messages[1], HangupNotice)
    assert isinstance(messages[2], AgiReply) and messages[2].code == 511


@pytest.mark.parametrize("garbage", [
    b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
    b"\n",
    b"hello world\n",
])
def test_garbage_instead_of_an_environment_is_rejected(garbage):
    with pytest.raises(AgiProtocolError):
        AgiStreamParser().feed(garbage)


def test_garbage_reply_is_rejected():
    parser = AgiStreamParser()
    parser.feed(ENVIRONMENT)
    with pytest.raises(AgiProtocolError):
        parser.feed(b"what is this\n")


def test_overlong_line_is_rejected():
    with pytest.raises(AgiProtocolError):
        AgiStreamParser().feed(b"agi_x: " + b"a" * 9000)


def test_commands_are_quoted_and_refuse_line_breaks():
    assert quote_argument('say "hi"') == '"say \\"hi\\""'
    assert format_command("STREAM", "FILE", "hello", '""') == b'STREAM FILE hello ""\n'
    with pytest.raises(ValueError):
        format_command("EXEC", "Dial", "PJSIP/x\nHANGUP")


CONVERSATION = [b"200 result=0\n", b"200 result=49 endpos=8000\n", b"HANGUP\n",
                b"520-Invalid command syntax.\n", b"Usage: ANSWER\n",
                b"520 End of proper usage.\n", b"200 result=1 (QUEUESTATUS (a) value)\n",
                b"511 result=-1 Command Not Permitted on a dead channel\n"]


@pytest.mark.parametrize("chunking", ["one line per read", "all at once", "byte by byte"])
def test_replies_read_alike_however_the_bytes_arrive(chunking):
    """One whole line per read takes a short path; it must agree with the general one."""
    parser = AgiStreamParser()
    parser.feed(ENVIRONMENT)
    if chunking == "one line per read":
        reads = CONVERSATION
    elif chunking == "all at once":
        reads = [b"".join(CONVERSATION)]
    else:
        reads = [bytes([byte]) for byte in b"".join(CONVERSATION)]
    messages = [message for read in reads for message in parser.feed(read)]
    assert messages == [
        AgiReply(200, "0", text="200 result=0"),
        AgiReply(200, "49", extras={"endpos": "8000"}, text="200 result=49 endpos=8000"),
        HangupNotice(),
        AgiReply(520, text="520-Invalid command syntax.\nUsage: ANSWER\n"
                           "520 End of proper usage."),
        AgiReply(200, "1", data="QUEUESTATUS (a) value",
                 text="200 result=1 (QUEUESTATUS (a) value)"),
        AgiReply(511, "-1", text="511 result=-1 Command Not Permitted on a dead channel"),
    ]
