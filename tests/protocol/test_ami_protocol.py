"""The AMI protocol with a StringTransport and a Clock: pending actions, lists, timeouts."""

from __future__ import annotations

import pytest
from twisted.internet.task import Clock
from twisted.internet.testing import StringTransport

from ringdesk.callcenter.ami.protocol import (
    AmiActionError,
    AmiActionTimeout,
    AmiDisconnected,
    AmiProtocol,
)


def connected():
    events = []
    clock = Clock()
    protocol = AmiProtocol(events.append, clock, action_timeout=5)
    transport = StringTransport()
    protocol.makeConnection(transport)
    protocol.dataReceived(b"Asterisk Call Manager/11.0.0\r\n")
    return protocol, transport, clock, events


def results(deferred):
    outcome = []
    deferred.addBoth(outcome.append)
    return outcome


def sent_action_id(transport: StringTransport) -> str:
    for line in transport.value().decode().split("\r\n"):
        if line.startswith("ActionID: "):
            return line.split(": ", 1)[1]
    raise AssertionError("no ActionID sent")


def test_banner_then_action_response_matched_by_action_id():
    protocol, transport, _, events = connected()
    assert protocol.banner == "Asterisk Call Manager/11.0.0"
    outcome = results(protocol.send_action("Ping"))
    action_id = sent_action_id(transport)
    protocol.dataReceived(f"Event: FullyBooted\r\nStatus: Fully Booted\r\n\r\n"
                          f"Response: Success\r\nActionID: {action_id}\r\nPing: Pong\r\n\r\n"
                          .encode())
    assert outcome[0].response.get("Ping") == "Pong"
    assert [event.event for event in events] == ["FullyBooted"]


def test_list_action_collects_events_until_complete():
    protocol, transport, _, events = connected()
    outcome = results(protocol.send_action("CoreShowChannels"))
    action_id = sent_action_id(transport)
    protocol.dataReceived(
        f"Response: Success\r\nActionID: {action_id}\r\nEventList: start\r\n\r\n"
        f"Event: CoreShowChannel\r\nActionID: {action_id}\r\nLinkedid: 1.0\r\n\r\n"
        f"Event: Newchannel\r\nLinkedid: 2.0\r\n\r\n"
        f"Event: CoreShowChannel\r\nActionID: {action_id}\r\nLinkedid: 3.0\r\n\r\n"
        .encode())
    assert outcome == []
    protocol.dataReceived(f"Event: CoreShowChannelsComplete\r\nActionID: {action_id}\r\n"
                          f"EventList: Complete\r\nListItems: 2\r\n\r\n".encode())
    assert [event.get("Linkedid") for event in outcome[0].events] == ["1.0", "3.0"]
    assert [event.event for event in events] == ["Newchannel"]


def test_error_response_fails_the_action():
    protocol, transport, _, _ = connected()
    outcome = results(protocol.send_action("Login"))
    protocol.dataReceived(f"Response: Error\r\nActionID: {sent_action_id(transport)}\r\n"
                          "Message: Authentication failed\r\n\r\n".encode())
    assert outcome[0].check(AmiActionError)
    assert "Authentication failed" in str(outcome[0].value)


def test_timeout_fails_only_that_action():
    protocol, transport, clock, _ = connected()
    slow = results(protocol.send_action("Status", timeout=2))
    transport.clear()
    fast = results(protocol.send_action("Ping"))
    fast_id = sent_action_id(transport)
    clock.advance(2.1)
    assert slow[0].check(AmiActionTimeout)
    protocol.dataReceived(f"Response: Success\r\nActionID: {fast_id}\r\n\r\n".encode())
    assert fast[0].response.response == "Success"


def test_connection_lost_fails_every_pending_action():
    protocol, _, clock, _ = connected()
    first = results(protocol.send_action("Ping"))
    second = results(protocol.send_action("CoreShowChannels"))
    protocol.connectionLost()
    assert first[0].check(AmiDisconnected) and second[0].check(AmiDisconnected)
    assert clock.getDelayedCalls() == []  # timers cancelled: nothing fires later
    assert protocol.send_action("Ping").called


def test_garbage_in_the_stream_drops_the_connection():
    protocol, transport, _, events = connected()
    protocol.dataReceived(b"Event: X\r\nthis line is garbage\r\n\r\n")
    assert transport.disconnecting
    assert events == []


def test_not_an_ami_server():
    protocol = AmiProtocol(lambda event: None, Clock(), 5)
    transport = StringTransport()
    protocol.makeConnection(transport)
    protocol.dataReceived(b"220 smtp.example ESMTP\r\n")
    assert transport.disconnecting


@pytest.mark.parametrize("chunk", [1, 3, 17])
def test_byte_by_byte_delivery(chunk):
    protocol, _, _, events = connected()
    data = b"Event: Newchannel\r\nLinkedid: 1.0\r\n\r\nEvent: Hangup\r\nLinkedid: 1.0\r\n\r\n"
    for index in range(0, len(data), chunk):
        protocol.dataReceived(data[index:index + chunk])
    assert [event.event for event in events] == ["Newchannel", "Hangup"]
