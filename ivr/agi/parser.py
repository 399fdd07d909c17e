"""FastAGI wire format as pure functions: bytes in, typed messages out, no I/O.

Asterisk opens the conversation with an environment block (``agi_key: value`` lines ended
by a blank line); after that every command gets one reply line (``200 result=1 (timeout)
endpos=1234``), except usage errors, which span lines (``520-...`` until ``520 ...``).
A channel hangup is announced by an unsolicited ``HANGUP`` line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

MAX_LINE = 8192


class AgiProtocolError(Exception):
    """The peer sent something that is not FastAGI; the connection should be dropped."""


@dataclass(slots=True, init=False)  # one per call: its own __init__, see routes/effects.py
class AgiEnvironment:
    variables: dict[str, str]

    def __init__(self, variables: dict[str, str]) -> None:
        self.variables = variables

    def get(self, name: str, default: str = "") -> str:
        return self.variables.get(name, default)

    @property
    def request(self) -> str:
        return self.get("agi_request")

    @property
    def script(self) -> str:
        """The path part of ``agi://host:port/path``, which names the handler."""
        request = self.request
        if "://" in request:
            request = request.split("://", 1)[1]
            request = request.split("/", 1)[1] if "/" in request else ""
        return request.split("?", 1)[0]

    @property
    def channel(self) -> str:
        return self.get("agi_channel")

    @property
    def uniqueid(self) -> str:
        return self.get("agi_uniqueid")

    @property
    def caller_number(self) -> str:
        return self.get("agi_callerid")

    @property
    def extension(self) -> str:
        return self.get("agi_extension")

    @property
    def arguments(self) -> list[str]:
        args = []
        index = 1
        while f"agi_arg_{index}" in self.variables:
            args.append(self.variables[f"agi_arg_{index}"])
            index += 1
        return args


@dataclass(frozen=True, slots=True)  # frozen: parse_reply_line shares one per reply line
class AgiReply:
    code: int
    result: str = ""
    data: str | None = None
    extras: dict[str, str] = field(default_factory=dict)
    text: str = ""

    @property
    def result_int(self) -> int:
        try:
            return int(self.result)
        except ValueError:
            return 0

    @property
    def timed_out(self) -> bool:
        return self.data == "timeout"

    @property
    def dtmf(self) -> str:
        """The key pressed, for commands that answer with its ASCII code (STREAM FILE...)."""
        code = self.result_int
        return chr(code) if code > 0 else ""


@dataclass(frozen=True)
class HangupNotice:
    """Asterisk's unsolicited ``HANGUP`` line: the channel is gone, replies still follow."""


AgiMessage = AgiEnvironment | AgiReply | HangupNotice


# Replies repeat (``200 result=0``, ``200 result=1 (SUCCESS)``...): most are parsed once.
@lru_cache(maxsize=4096)
def parse_reply_line(line: str) -> AgiReply:
    """Parse one complete reply line such as ``200 result=1 (timeout) endpos=1234``."""
    code_text = line[:3]
    if len(line) < 4 or line[3] not in " -" or not (code_text.isascii() and code_text.isdigit()):
        raise AgiProtocolError(f"not an AGI reply: {line[:80]!r}")
    code = int(code_text)
    rest = line[4:]
    if not rest.startswith("result="):
        return AgiReply(code=code, text=rest)
    result, _, rest = rest[7:].partition(" ")
    if not rest:  # the common short form: ``200 result=0``
        return AgiReply(code=code, result=result, text=line)
    data = None
    if rest.startswith("("):
        # Data may itself hold parentheses (a channel variable's value): take the last ')'.
        closing = rest.rfind(")")
        if closing == -1:
            raise AgiProtocolError(f"unbalanced data in AGI reply: {line[:80]!r}")
        data = rest[1:closing]
        rest = rest[closing + 1 :]
    extras = {}
    for token in rest.split():
        key, sep, value = token.partition("=")
        if sep:
            extras[key] = value
    return AgiReply(code=code, result=result, data=data, extras=extras, text=line)


class AgiStreamParser:
    """Incremental parser for one FastAGI connection, as seen from the AGI server."""

    def __init__(self) -> None:
        self._buffer = b""
        self._environment: dict[str, str] | None = {}
        self._usage_lines: list[str] | None = None

    def feed(self, data: bytes) -> list[AgiMessage]:
        if (self._environment is None and not self._buffer and self._usage_lines is None
                and data.find(b"\n") == len(data) - 1 and len(data) <= MAX_LINE):
            # The usual case: one whole reply to the one command in flight.
            message = self._line(data[:-1].decode("utf-8", errors="replace").rstrip("\r"))
            return [] if message is None else [message]
        # Complete lines are decoded in one go; an incomplete last line waits for more data.
        complete, newline, self._buffer = (self._buffer + data).rpartition(b"\n")
        if len(self._buffer) > MAX_LINE:
            raise AgiProtocolError(f"AGI line longer than {MAX_LINE} bytes")
        if not newline:
            return []
        messages: list[AgiMessage] = []
        lines = complete.decode("utf-8", errors="replace").split("\n")
        if self._environment is not None:
            environment, lines = self._environment_lines(lines)
            if environment is None:
                return messages
            messages.append(environment)
        for line in lines:
            if len(line) > MAX_LINE:
                raise AgiProtocolError(f"AGI line longer than {MAX_LINE} bytes")
            message = self._line(line.rstrip("\r"))
            if message is not None:
                messages.append(message)
        return messages

    def _environment_lines(self, lines: list[str]) -> tuple[AgiEnvironment | None, list[str]]:
        """Take environment lines up to the blank line that ends the block (a call's ~20
        lines are the bulk of what a FastAGI session parses)."""
        variables = self._environment
        assert variables is not None
        lines = [line.rstrip("\r") for line in lines]
        try:
            end = lines.index("")
        except ValueError:
            end = len(lines)
        for line in lines[:end]:
            if len(line) > MAX_LINE:
                raise AgiProtocolError(f"AGI line longer than {MAX_LINE} bytes")
            key, sep, value = line.partition(":")
            if not sep or not key.startswith("agi_"):
                raise AgiProtocolError(f"not an AGI environment line: {line[:80]!r}")
            variables[key] = value.strip()
        if end == len(lines):
            return None, []
        if not variables:
            raise AgiProtocolError("empty AGI environment")
        self._environment = None
        return AgiEnvironment(variables), lines[end + 1:]

    def _line(self, line: str) -> AgiMessage | None:
        if self._usage_lines is not None:
            self._usage_lines.append(line)
            if line[:3].isdigit() and line[3:4] == " ":
                text = "\n".join(self._usage_lines)
                self._usage_lines = None
                return AgiReply(code=int(line[:3]), text=text)
            return None
        if line == "HANGUP":
            return HangupNotice()
        if not line:
            return None
        if len(line) > 3 and line[3] == "-" and line[:3].isdigit():
            self._usage_lines = [line]
            return None
        return parse_reply_line(line)


def quote_argument(value: str) -> str:
    """Quote one AGI command argument; AGI splits arguments on unquoted spaces."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


# A route sends the same few commands call after call: each line is built once.
@lru_cache(maxsize=4096)
def format_command(*words: str) -> bytes:
    if any("\n" in word or "\r" in word for word in words):
        raise ValueError("AGI command arguments cannot contain line breaks")
    return (" ".join(words) + "\n").encode("utf-8")
