"""Asterisk Manager Interface wire format as pure functions: bytes in, messages out.

After a one-line banner (``Asterisk Call Manager/9.0.0``) every message is a block of
``Key: Value`` lines ended by a blank line. Keys may repeat (``ChanVariable``), so a
message keeps every value while offering the first one by key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FRAME_END = b"\r\n\r\n"
MAX_FRAME = 1 << 20


class AmiProtocolError(Exception):
    """The stream is not AMI; the connection should be dropped and re-established."""


@dataclass(frozen=True, slots=True)
class AmiMessage:
    headers: dict[str, str]
    repeated: dict[str, list[str]] = field(default_factory=dict)

    def get(self, key: str, default: str = "") -> str:
        return self.headers.get(key, default)

    def get_all(self, key: str) -> list[str]:
        return self.repeated.get(key) or ([self.headers[key]] if key in self.headers else [])

    @property
    def event(self) -> str:
        return self.headers.get("Event", "")

    @property
    def response(self) -> str:
        return self.headers.get("Response", "")

    @property
    def action_id(self) -> str:
        return self.headers.get("ActionID", "")

    def variables(self, key: str = "ChanVariable") -> dict[str, str]:
        """``ChanVariable: NAME=value`` headers as a dict (also ``DestChanVariable``)."""
        result = {}
        for item in self.get_all(key):
            name, _, value = item.partition("=")
            result[name] = value
        return result


def parse_banner(buffer: bytes) -> tuple[str | None, bytes]:
    """Split the banner line off the stream; ``(None, buffer)`` until it is complete."""
    end = buffer.find(b"\r\n")
    if end == -1:
        if len(buffer) > 256:
            raise AmiProtocolError("no AMI banner in the first 256 bytes")
        return None, buffer
    banner = buffer[:end].decode("utf-8", errors="replace")
    if "Call Manager" not in banner:
        raise AmiProtocolError(f"not an AMI banner: {banner[:80]!r}")
    return banner, buffer[end + 2 :]


def parse_frame(frame: str) -> AmiMessage:
    headers: dict[str, str] = {}
    repeated: dict[str, list[str]] = {}
    for line in frame.split("\r\n"):
        key, sep, value = line.partition(": ")
        if not sep:  # "Key:" (an empty value) or, leniently, "Key:value"
            key, sep, value = line.partition(":")
            if not sep:
                raise AmiProtocolError(f"not an AMI header line: {line[:80]!r}")
        if not key or " " in key:
            raise AmiProtocolError(f"not an AMI header line: {line[:80]!r}")
        if key in headers:
            repeated.setdefault(key, [headers[key]]).append(value)
        else:
            headers[key] = value
    return AmiMessage(headers, repeated)


def parse_messages(buffer: bytes) -> tuple[list[AmiMessage], bytes]:
    """Parse every complete message in ``buffer``; return them and the unparsed remainder."""
    frames = buffer.split(FRAME_END)
    remainder = frames.pop()
    if len(remainder) > MAX_FRAME:
        raise AmiProtocolError(f"AMI message larger than {MAX_FRAME} bytes")
    messages = []
    for frame in frames:
        text = frame.decode("utf-8", errors="replace").strip("\r\n")
        if text:
            messages.append(parse_frame(text))
    return messages, remainder


def format_action(action: str, action_id: str, headers: dict[str, str | list[str]]) -> bytes:
    lines = [f"Action: {action}", f"ActionID: {action_id}"]
    for key, value in headers.items():
        for item in value if isinstance(value, list) else [value]:
            if "\r" in item or "\n" in item:
                raise ValueError(f"AMI header {key} cannot contain line breaks")
            lines.append(f"{key}: {item}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")
