"""Send a short command at once when nothing is queued on the connection.

Twisted's ``transport.write`` always buffers: it registers the socket for writability and
sends on the next reactor pass, which costs two ``epoll_ctl`` calls and a wake-up per AGI
command. A FastAGI command is a few dozen bytes on an idle socket, so it nearly always fits
the kernel buffer: send it straight away and hand Twisted only what did not fit. Any doubt
(queued bytes, another transport kind, an error) goes through ``transport.write``, which
keeps ordering and reports a broken connection the usual way.
"""

from __future__ import annotations

from typing import Any


def send_now(transport: Any, data: bytes) -> None:
    sock = getattr(transport, "socket", None)
    if (sock is None or not transport.connected or transport.disconnecting
            or getattr(transport, "_writeDisconnected", True)
            or getattr(transport, "_tempDataLen", 1)
            or getattr(transport, "offset", 0) < len(getattr(transport, "dataBuffer", b"x"))):
        transport.write(data)
        return
    try:
        sent = sock.send(data)
    except (BlockingIOError, InterruptedError):
        sent = 0
    except OSError:
        transport.write(data)  # Twisted finds the broken connection and reports it
        return
    if sent < len(data):
        transport.write(data[sent:])
