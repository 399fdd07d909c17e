"""The AMI session lifecycle with a Clock and in-memory connections (no sockets)."""

from __future__ import annotations

from twisted.internet import defer
from twisted.internet.task import Clock
from twisted.internet.testing import StringTransport

from ringdesk.callcenter.ami.client import AmiClient, AmiCredentials
from ringdesk.core.health import HealthBoard


class MemoryEndpoint:
    """Hands each connect() a protocol wired to a StringTransport, or refuses."""

    def __init__(self) -> None:
        self.refuse = False
        self.connections: list[tuple[object, StringTransport]] = []

    def connect(self, factory):
        if self.refuse:
            return defer.fail(ConnectionRefusedError("refused"))
        protocol = factory.buildProtocol(None)
        transport = StringTransport()
        protocol.makeConnection(transport)
        self.connections.append((protocol, transport))
        return defer.succeed(protocol)


def action_id(transport: StringTransport) -> str:
    line = next(line for line in transport.value().decode().split("\r\n")
                if line.startswith("ActionID: "))
    return line.split(": ", 1)[1]


def make_client(endpoint: MemoryEndpoint, clock: Clock, health: HealthBoard, ready: list):
    async def on_ready(client: AmiClient) -> None:
        ready.append(client)

    return AmiClient(clock, endpoint, AmiCredentials("ringdesk", "s3cret"), health,
                     on_event=lambda event: None, on_ready=on_ready)


def test_login_then_fully_booted_makes_the_session_ready():
    endpoint, clock, health, ready = MemoryEndpoint(), Clock(), HealthBoard(), []
    client = make_client(endpoint, clock, health, ready)
    client.start()
    protocol, transport = endpoint.connections[0]
    protocol.dataReceived(b"Asterisk Call Manager/11.0.0\r\n")
    assert b"Action: Login\r\n" in transport.value() and b"Secret: s3cret" in transport.value()
    protocol.dataReceived(f"Response: Success\r\nActionID: {action_id(transport)}\r\n"
                          "Message: Authentication accepted\r\n\r\n".encode())
    assert not client.ready and health.snapshot()["ami"].status == "starting"
    protocol.dataReceived(b"Event: FullyBooted\r\nStatus: Fully Booted\r\n\r\n")
    assert client.ready and ready == [client]
    assert health.snapshot()["ami"].status == "ok"


def test_fully_booted_in_the_same_read_as_the_login_response():
    endpoint, clock, health, ready = MemoryEndpoint(), Clock(), HealthBoard(), []
    make_client(endpoint, clock, health, ready).start()
    protocol, transport = endpoint.connections[0]
    protocol.dataReceived(b"Asterisk Call Manager/11.0.0\r\n")
    protocol.dataReceived(f"Response: Success\r\nActionID: {action_id(transport)}\r\n\r\n"
                          "Event: FullyBooted\r\n\r\n".encode())
    assert len(ready) == 1


def test_wrong_credentials_are_reported_and_retried_with_backoff():
    endpoint, clock, health, ready = MemoryEndpoint(), Clock(), HealthBoard(), []
    make_client(endpoint, clock, health, ready).start()
    for attempt in range(3):
        protocol, transport = endpoint.connections[-1]
        protocol.dataReceived(b"Asterisk Call Manager/11.0.0\r\n")
        protocol.dataReceived(f"Response: Error\r\nActionID: {action_id(transport)}\r\n"
                              "Message: Authentication failed\r\n\r\n".encode())
        assert transport.disconnecting
        protocol.connectionLost()
        state = health.snapshot()["ami"]
        assert state.status == "down" and "Authentication failed" in state.detail
        [retry] = clock.getDelayedCalls()
        assert retry.getTime() - clock.seconds() == 0.5 * 2 ** attempt
        clock.advance(retry.getTime() - clock.seconds())
    assert ready == []


def test_unreachable_asterisk_is_retried_and_recovers():
    endpoint, clock, health, ready = MemoryEndpoint(), Clock(), HealthBoard(), []
    endpoint.refuse = True
    make_client(endpoint, clock, health, ready).start()
    assert "cannot connect" in health.snapshot()["ami"].detail
    endpoint.refuse = False
    clock.advance(0.5)
    protocol, transport = endpoint.connections[0]
    protocol.dataReceived(b"Asterisk Call Manager/11.0.0\r\n")
    protocol.dataReceived(f"Response: Success\r\nActionID: {action_id(transport)}\r\n\r\n"
                          "Event: FullyBooted\r\n\r\n".encode())
    assert len(ready) == 1
    protocol.connectionLost()  # a later drop reconnects from the first delay again
    assert health.snapshot()["ami"].status == "down"
    [retry] = clock.getDelayedCalls()
    assert retry.getTime() - clock.seconds() == 0.5


def test_actions_before_ready_fail_at_once():
    endpoint, clock, health, ready = MemoryEndpoint(), Clock(), HealthBoard(), []
    client = make_client(endpoint, clock, health, ready)
    outcome = []
    client.send_action("Ping").addErrback(outcome.append)
    assert "not ready" in str(outcome[0].value)


def boot(protocol, transport) -> None:
    protocol.dataReceived(b"Asterisk Call Manager/11.0.0\r\n")
    protocol.dataReceived(f"Response: Success\r\nActionID: {action_id(transport)}\r\n\r\n"
                          "Event: FullyBooted\r\n\r\n".encode())
    transport.clear()


def test_an_originate_in_flight_when_the_link_drops_fails_and_is_never_sent_again():
    from ringdesk.callcenter.ami.protocol import AmiDisconnected

    endpoint, clock, health, ready = MemoryEndpoint(), Clock(), HealthBoard(), []
    client = make_client(endpoint, clock, health, ready)
    client.start()
    protocol, transport = endpoint.connections[0]
    boot(protocol, transport)
    placed = client.send_action("Originate", {"Channel": "PJSIP/agent-a", "Async": "true"})
    assert b"Action: Originate" in transport.value()
    outcome: list = []
    placed.addBoth(outcome.append)
    protocol.connectionLost()
    assert outcome and outcome[0].check(AmiDisconnected)  # the caller learns it is unknown
    clock.advance(60)  # reconnect
    protocol2, transport2 = endpoint.connections[-1]
    assert protocol2 is not protocol
    boot(protocol2, transport2)
    clock.advance(60)
    assert b"Originate" not in transport2.value()
    # While disconnected, a new Originate is refused at once rather than queued.
    protocol2.connectionLost()
    refused: list = []
    client.send_action("Originate", {"Channel": "PJSIP/agent-a"}).addErrback(refused.append)
    assert refused and refused[0].check(AmiDisconnected)
