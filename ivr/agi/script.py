"""An AGI conversation as a generator: it yields command lines and is sent the replies.

A call's script runs without sockets: the protocol (ivr/agi/protocol.py) feeds it
Asterisk's replies, a test feeds it a chat table. A reply other than 200 is thrown into
the script: 511 (dead channel) as ``AgiChannelGone``, anything else as
``AgiCommandFailed``.
"""

from __future__ import annotations

from collections.abc import Callable, Generator

from ringdesk.ivr.agi.parser import AgiEnvironment, AgiReply, format_command, quote_argument

# Yields a command line (bytes, newline included), receives its 200 reply.
AgiScript = Generator[bytes, AgiReply, None]
AgiSessionHandler = Callable[[AgiEnvironment], AgiScript]
Ask = Generator[bytes, AgiReply, AgiReply]

ANSWER = b"ANSWER\n"
HANGUP = b"HANGUP\n"
CHANNEL_STATUS = b"CHANNEL STATUS\n"


class AgiChannelGone(Exception):
    """The channel hung up (511 or connection closed): the session should end quietly."""


class AgiCommandFailed(Exception):
    def __init__(self, command: str, reply: AgiReply) -> None:
        super().__init__(f"{command!r} failed with {reply.code}: {reply.text}")
        self.reply = reply


def command_name(line: bytes) -> str:
    return line.split(b" ", 1)[0].strip().decode("ascii", errors="replace")


def ask(*words: str) -> Ask:
    reply = yield format_command(*words)
    return reply


def stream_file(sound: str, escape_digits: str = "") -> bytes:
    return format_command("STREAM", "FILE", sound, quote_argument(escape_digits))


def set_variable(name: str, value: str) -> bytes:
    return format_command("SET", "VARIABLE", name, quote_argument(value))


def get_variable(name: str) -> bytes:
    return format_command("GET", "VARIABLE", name)


def exec_app(application: str, arguments: str = "") -> bytes:
    return format_command("EXEC", application, quote_argument(arguments))
