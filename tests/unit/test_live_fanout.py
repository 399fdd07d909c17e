"""The live stream's fan-out without sockets: changes gathered and the superseded ones
dropped, one write per stream per gathering, and a stream that cannot keep up sent the
whole board when it can rather than a backlog."""

from __future__ import annotations

from twisted.internet.task import Clock

from ringdesk.callcenter.live.views import EVERYTHING, BoardView
from ringdesk.web.live_fanout import FanOut, Gathered, Subscriber, sse


class Written:
    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.chunks.append(data)


def agent(endpoint: str, status: str) -> dict:
    return {"type": "agent", "agent": {"endpoint": endpoint, "status": status}}


def test_only_the_last_change_of_a_row_is_sent_and_a_calls_end_replaces_the_call():
    gathered = Gathered()
    gathered.add(agent("anna", "ringing"))
    gathered.add({"type": "call", "call": {"linkedid": "1.0", "state": "queued"}})
    gathered.add(agent("ben", "idle"))
    gathered.add(agent("anna", "in_call"))
    gathered.add({"type": "call_ended", "linkedid": "1.0"})
    gathered.add({"type": "notice", "text": "a"})
    gathered.add({"type": "notice", "text": "b"})  # rows of no kind are all kept
    assert gathered.take() == b"".join([
        sse("agent", agent("ben", "idle")), sse("agent", agent("anna", "in_call")),
        sse("call_ended", {"type": "call_ended", "linkedid": "1.0"}),
        sse("notice", {"type": "notice", "text": "a"}),
        sse("notice", {"type": "notice", "text": "b"})])
    assert len(gathered) == 0 and gathered.take() == b""


def test_each_stream_gets_one_write_per_gathering_however_many_changes():
    clock = Clock()
    fan_out = FanOut(clock, gather_seconds=0.05)
    streams = [Written() for _ in range(3)]
    for stream in streams:
        fan_out.add(Subscriber(stream, lambda: b"snapshot"))
    for index in range(100):
        fan_out(agent(f"a{index % 10}", "idle"))
    assert all(stream.chunks == [] for stream in streams)  # not yet: gathering
    clock.advance(0.05)
    assert [len(stream.chunks) for stream in streams] == [1, 1, 1]
    assert streams[0].chunks[0].count(b"event: agent") == 10  # ten agents, last state each
    clock.advance(1)
    assert [len(stream.chunks) for stream in streams] == [1, 1, 1]  # nothing new, no write


def test_a_paused_stream_gets_each_rows_latest_change_when_it_can():
    clock = Clock()
    fan_out = FanOut(clock)
    slow, quick = Written(), Written()
    slow_subscriber = Subscriber(slow, lambda: b"event: snapshot\n\n")
    fan_out.add(slow_subscriber)
    fan_out.add(Subscriber(quick, lambda: b""))
    slow_subscriber.pauseProducing()  # its socket buffer is full
    for status in ("ringing", "in_call", "idle"):
        fan_out(agent("anna", status))
        fan_out(agent("ben", status))
        clock.advance(0.1)
    assert slow.chunks == [] and len(quick.chunks) == 3
    slow_subscriber.resumeProducing()
    assert slow.chunks == [sse("agent", agent("anna", "idle")) + sse("agent", agent("ben", "idle"))]
    slow_subscriber.resumeProducing()  # nothing missed since: nothing sent
    assert len(slow.chunks) == 1


def test_a_stream_paused_past_its_backlog_gets_the_whole_board_instead():
    clock = Clock()
    fan_out = FanOut(clock)
    slow = Written()
    subscriber = Subscriber(slow, lambda: b"event: snapshot\n\n", backlog_limit=5)
    fan_out.add(subscriber)
    subscriber.pauseProducing()
    for index in range(8):
        fan_out({"type": "call_ended", "linkedid": f"{index}.0"})
        clock.advance(0.1)
    subscriber.resumeProducing()
    assert slow.chunks == [b"event: snapshot\n\n"]


def test_a_closed_stream_is_sent_nothing_more():
    clock = Clock()
    fan_out = FanOut(clock)
    stream = Written()
    remove = fan_out.add(Subscriber(stream, lambda: b""))
    remove()
    remove()  # twice is harmless
    fan_out(agent("anna", "idle"))
    clock.advance(1)
    assert stream.chunks == [] and fan_out.streams == 0


def test_a_stream_whose_view_changes_gets_the_board_again_and_then_only_its_new_view():
    clock = Clock()
    fan_out = FanOut(clock)
    stream = Written()
    subscriber = Subscriber(stream, lambda: b"event: snapshot\n\n")
    fan_out.add(subscriber)
    masked = BoardView(None, True)
    subscriber.show(masked)  # an admin chose to mask numbers for this person's rank
    call = {"type": "call", "call": {"linkedid": "1.0", "caller": "+4930130121"}}
    fan_out(call)
    clock.advance(0.1)
    assert stream.chunks[0] == b"event: snapshot\n\n"
    assert b"+4930130121" not in stream.chunks[1] and b"121" in stream.chunks[1]
    # Paused when its view changes: the whole board once it can take it, not a backlog.
    subscriber.pauseProducing()
    fan_out(call)
    clock.advance(0.1)
    subscriber.show(EVERYTHING)
    subscriber.resumeProducing()
    assert stream.chunks[2:] == [b"event: snapshot\n\n"]


def test_an_agents_own_phone_calls_never_reach_the_board_streams():
    clock = Clock()
    fan_out = FanOut(clock, gather_seconds=0.05)
    stream = Written()
    fan_out.add(Subscriber(stream, lambda: b"snapshot"))
    fan_out({"type": "desk_call", "endpoint": "anna", "linkedid": "1.0", "phase": "ringing",
             "caller": "+4930123456", "queue": "support"})
    clock.advance(0.05)
    assert stream.chunks == []
