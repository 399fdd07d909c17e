"""send_now and close_now: straight to the socket when nothing is queued, else through Twisted."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from ringdesk.ivr.agi.send import close_now, send_now


class TcpLikeTransport:
    """The attributes of twisted.internet.tcp.Connection that send_now reads."""

    def __init__(self, sock: socket.socket) -> None:
        self.socket = sock
        self.connected = 1
        self.disconnecting = 0
        self._writeDisconnected = False
        self._tempDataLen = 0
        self.dataBuffer = b""
        self.offset = 0
        self.buffered: list[bytes] = []
        self.lost = False

    def write(self, data: bytes) -> None:
        self.buffered.append(data)
        self._tempDataLen += len(data)

    def loseConnection(self) -> None:  # noqa: N802
        self.lost = True


@pytest.fixture
def pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    ours, peer = socket.socketpair()
    ours.setblocking(False)
    peer.setblocking(False)
    yield ours, peer
    ours.close()
    peer.close()


def test_an_idle_connection_sends_at_once(pair):
    ours, peer = pair
    transport = TcpLikeTransport(ours)
    send_now(transport, b"ANSWER\n")
    assert peer.recv(100) == b"ANSWER\n"
    assert transport.buffered == []


def test_queued_bytes_keep_their_order(pair):
    ours, peer = pair
    transport = TcpLikeTransport(ours)
    transport.write(b"first\n")
    send_now(transport, b"second\n")
    assert transport.buffered == [b"first\n", b"second\n"]
    with pytest.raises(BlockingIOError):
        peer.recv(100)


def test_what_does_not_fit_is_left_to_twisted(pair):
    ours, _peer = pair
    filler = b"x" * 65536
    while True:
        try:
            ours.send(filler)
        except BlockingIOError:
            break
    transport = TcpLikeTransport(ours)
    send_now(transport, b"GET VARIABLE QUEUESTATUS\n")
    assert b"".join(transport.buffered).endswith(b"QUEUESTATUS\n")


def test_a_broken_connection_is_reported_by_twisted(pair):
    ours, peer = pair
    peer.close()
    transport = TcpLikeTransport(ours)
    send_now(transport, b"HANGUP\n")
    assert transport.buffered == [b"HANGUP\n"]


def test_other_transports_are_written_as_usual():
    class Plain:
        connected, disconnecting = 1, 0

        def __init__(self) -> None:
            self.written: list[bytes] = []

        def write(self, data: bytes) -> None:
            self.written.append(data)

    plain = Plain()
    send_now(plain, b"ANSWER\n")
    assert plain.written == [b"ANSWER\n"]


def test_an_idle_connection_is_ended_at_once(pair):
    ours, peer = pair
    transport = TcpLikeTransport(ours)
    close_now(transport)
    assert peer.recv(100) == b""  # Asterisk sees the end of the AGI now, not a pass later
    assert transport.lost  # and Twisted still tears the connection down
    peer.send(b"HANGUP\n")  # what Asterisk may still say can be read until then
    assert ours.recv(100) == b"HANGUP\n"


def test_queued_bytes_are_sent_before_the_end(pair):
    ours, peer = pair
    transport = TcpLikeTransport(ours)
    transport.write(b"HANGUP\n")
    close_now(transport)
    with pytest.raises(BlockingIOError):  # no early end: Twisted flushes, then closes
        peer.recv(100)
    assert transport.lost


def test_ending_a_connection_the_peer_closed_is_left_to_twisted(pair):
    ours, peer = pair
    peer.close()
    transport = TcpLikeTransport(ours)
    close_now(transport)
    assert transport.lost
