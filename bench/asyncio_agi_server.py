"""Baseline: a minimal raw-asyncio FastAGI server running the slice's fixed command script.

It does what ringdesk's slice does on the wire (ANSWER, STREAM FILE, SET VARIABLE, HANGUP)
with nothing else: no parsing beyond lines, no routing, no recording.
"""

from __future__ import annotations

import asyncio
import sys

SCRIPT = [b"ANSWER\n", b'STREAM FILE ringdesk/welcome ""\n',
          b'SET VARIABLE RINGDESK_STATUS "done"\n', b"HANGUP\n"]


class MinimalAgi(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport: asyncio.Transport = transport  # type: ignore[assignment]
        self.buffer = b""
        self.in_environment = True
        self.step = 0

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            if self.in_environment:
                if not line:
                    self.in_environment = False
                    self.transport.write(SCRIPT[0])
                continue
            self.step += 1
            if self.step < len(SCRIPT):
                self.transport.write(SCRIPT[self.step])
            else:
                self.transport.close()


async def serve(port: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(MinimalAgi, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1])))
