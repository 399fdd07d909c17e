"""Dashboards reading the live stream (``GET /api/v1/live/events``) the way the web app does.

Each client holds one HTTP/1.1 stream open. It does not decode every event's JSON: 200
clients in one load-generator process would spend more time decoding than the server
spends sending. A regular expression (run in C over each read) picks out the events that
carry a call's new state, and the delay from the fake PBX writing the AMI event that
caused it is noted at once.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field

PATH = "/api/v1/live/events"
CHANGE = re.compile(
    rb'event: call(?:\ndata: \{"type":"call","call":\{"linkedid":"([^"]+)"[^\n]*?'
    rb'"state":"([a-z_]+)"|_ended\ndata: \{"type":"call_ended","linkedid":"([^"]+)")')


@dataclass
class Delays:
    """What a set of clients saw: one delay (seconds) per client and call state change."""

    values: list[float] = field(default_factory=list)
    unmatched: int = 0  # changes whose AMI event was sent before the delays were watched

    def percentile(self, fraction: float) -> float:
        if not self.values:
            return float("nan")
        ordered = sorted(self.values)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class StreamClient(asyncio.Protocol):
    def __init__(self, sent: dict[tuple[str, str], float], delays: Delays) -> None:
        self.sent = sent
        self.delays = delays
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.bytes = 0
        self.changes = 0
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        now = time.perf_counter()
        self.bytes += len(data)
        self._buffer += data
        end = self._buffer.rfind(b"\n\n")
        if end < 0:
            return
        complete, self._buffer = self._buffer[:end], self._buffer[end + 2:]
        if not self.opened.done():
            if b"event: snapshot\n" not in complete:
                self.opened.set_exception(RuntimeError(complete[:300].decode(errors="replace")))
                return
            self.opened.set_result(None)
        for match in CHANGE.finditer(complete):
            linkedid, state, ended = match.groups()
            key = (ended.decode(), "ended") if ended else (linkedid.decode(), state.decode())
            sent = self.sent.get(key)
            self.changes += 1
            if sent is None:
                self.delays.unmatched += 1
            else:
                self.delays.values.append(now - sent)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.opened.done():
            self.opened.set_exception(exc or ConnectionError("the stream closed"))

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()


async def open_streams(count: int, port: int, token: str, sent: dict[tuple[str, str], float],
                       delays: Delays) -> list[StreamClient]:
    """``count`` open streams, each past its snapshot."""
    loop = asyncio.get_running_loop()
    request = (f"GET {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
               f"Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n").encode()

    async def one() -> StreamClient:
        transport, client = await loop.create_connection(
            lambda: StreamClient(sent, delays), "127.0.0.1", port)
        transport.write(request)
        await asyncio.wait_for(client.opened, 60)
        return client

    return list(await asyncio.gather(*(one() for _ in range(count))))


def close_streams(clients: list[StreamClient]) -> None:
    for client in clients:
        client.close()


async def idle_connections(count: int, port: int) -> list[asyncio.StreamWriter]:
    """``count`` keep-alive HTTP connections that asked one cheap question and stay open."""

    async def one() -> asyncio.StreamWriter:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        length = re.search(rb"(?i)content-length: (\d+)", head)
        if length:
            await reader.readexactly(int(length.group(1)))
        return writer

    return list(await asyncio.gather(*(one() for _ in range(count))))
