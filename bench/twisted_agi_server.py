"""Baseline: a minimal, idiomatic Twisted FastAGI server running a fixed 6-command script
(the same commands the benchmark's 6-node route sends), with no routing and no recording."""

from __future__ import annotations

import sys
from typing import Any

from twisted.internet import reactor
from twisted.internet.protocol import Factory
from twisted.protocols.basic import LineOnlyReceiver

SCRIPT = [b"ANSWER", b'GET OPTION ringdesk/menu "0123456789*#" 4000',
          b'SET VARIABLE QUEUESTATUS ""', b'EXEC Queue "support,,,,30"',
          b"GET VARIABLE QUEUESTATUS", b'SET VARIABLE RINGDESK_STATUS "done"']


class FixedScript(LineOnlyReceiver):
    delimiter = b"\n"

    def connectionMade(self) -> None:  # noqa: N802
        self.in_environment = True
        self.step = 0

    def lineReceived(self, line: bytes) -> None:  # noqa: N802
        if self.in_environment:
            if not line:
                self.in_environment = False
                self.sendLine(SCRIPT[0])  # type: ignore[no-untyped-call]
            return
        self.step += 1
        if self.step < len(SCRIPT):
            self.sendLine(SCRIPT[self.step])  # type: ignore[no-untyped-call]
        else:
            transport: Any = self.transport
            transport.loseConnection()


def main(port: int) -> None:
    factory: Any = Factory.forProtocol(FixedScript)
    reactor.listenTCP(port, factory, backlog=1024, interface="127.0.0.1")
    reactor.run()


if __name__ == "__main__":
    main(int(sys.argv[1]))
