"""Send a short command, or end the conversation, at once when nothing is queued.

Twisted's ``transport.write`` always buffers: it registers the socket for writability and
sends on the next reactor pass, which costs two ``epoll_ctl`` calls and a wake-up per AGI
command. A FastAGI command is a few dozen bytes on an idle socket, so it nearly always fits
the kernel buffer: send it straight away and hand Twisted only what did not fit. Any doubt
(queued bytes, another transport kind, an error) goes through ``transport.write``, which
keeps ordering and reports a broken connection the usual way.

``loseConnection`` is deferred the same way: the socket is closed on the next reactor pass,
after every other connection ready in this one has been served. With commands sent at once
that made the end of a call the slowest step of a session (its close waited behind the
traffic of the whole pass). ``close_now`` tells Asterisk at once (a FIN, which ends its AGI
and resumes the dialplan) and leaves the rest of the teardown to Twisted.
"""

from __future__ import annotations

import contextlib
import socket
from typing import Any


def _idle_socket(transport: Any) -> socket.socket | None:
    """The transport's socket if nothing is queued on it and it is open, else None."""
    sock: socket.socket | None = getattr(transport, "socket", None)
    if (sock is None or not transport.connected or transport.disconnecting
            or getattr(transport, "_writeDisconnected", True)
            or getattr(transport, "_tempDataLen", 1)
            or getattr(transport, "offset", 0) < len(getattr(transport, "dataBuffer", b"x"))):
        return None
    return sock


def send_now(transport: Any, data: bytes) -> None:
    sock = _idle_socket(transport)
    if sock is None:
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


def close_now(transport: Any) -> None:
    sock = _idle_socket(transport)
    if sock is not None:
        with contextlib.suppress(OSError):  # already gone: loseConnection finds out
            sock.shutdown(socket.SHUT_WR)  # reading stays open until Twisted closes it
    transport.loseConnection()
