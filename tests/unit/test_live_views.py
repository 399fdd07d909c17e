"""One person's live board: only the queues they supervise, callers' numbers masked for
ranks an admin chose; alike for the snapshot, each streamed change and each stream's
batch (built once per view, not per stream)."""

from __future__ import annotations

import json

from twisted.internet.task import Clock

from ringdesk.callcenter.live.views import (
    EVERYTHING,
    BoardView,
    mask_number,
    view_board,
    view_message,
)
from ringdesk.web.live_fanout import FanOut, Subscriber

BOARD = {
    "agents": [
        {"endpoint": "anna", "queues": [{"queue": "sales", "level": 1}], "caller": "+4930130121"},
        {"endpoint": "ben", "queues": [{"queue": "support", "level": 1}], "caller": ""},
    ],
    "queues": [
        {"name": "sales", "callers": [{"linkedid": "1.0", "caller": "+4930130121"}]},
        {"name": "support", "callers": []},
    ],
    "calls": [
        {"linkedid": "1.0", "caller": "+4930130121", "queue": "sales"},
        {"linkedid": "2.0", "caller": "+4930999999", "queue": ""},  # still in the route
    ],
}
SALES_MASKED = BoardView(frozenset({"sales"}), mask_numbers=True)


def test_numbers_are_masked_enough_to_tell_callers_apart_not_to_call_them():
    assert mask_number("+4930130121") == "+49•••••121"
    assert mask_number("112") == "•••"
    assert mask_number("") == ""


def test_a_supervisor_sees_their_queues_agents_and_calls_with_numbers_masked():
    shown = view_board(BOARD, SALES_MASKED)
    assert [agent["endpoint"] for agent in shown["agents"]] == ["anna"]
    assert shown["agents"][0]["caller"] == "+49•••••121"
    assert [queue["name"] for queue in shown["queues"]] == ["sales"]
    assert shown["queues"][0]["callers"][0]["caller"] == "+49•••••121"
    assert shown["calls"] == [{"linkedid": "1.0", "caller": "+49•••••121", "queue": "sales"}]
    assert view_board(BOARD, EVERYTHING) is BOARD
    assert BOARD["calls"][0]["caller"] == "+4930130121"  # the board itself is untouched


def test_stream_changes_follow_the_same_view():
    other = {"type": "agent", "agent": BOARD["agents"][1]}
    assert view_message(other, SALES_MASKED) is None
    ended = {"type": "call_ended", "linkedid": "9.9"}
    assert view_message(ended, SALES_MASKED) == ended  # the page drops what it never saw
    call = {"type": "call", "call": BOARD["calls"][0]}
    assert view_message(call, SALES_MASKED)["call"]["caller"] == "+49•••••121"


class Written:
    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.chunks.append(data)


def test_each_stream_gets_its_own_views_batch():
    clock = Clock()
    fan_out = FanOut(clock)
    admin, lead = Written(), Written()
    fan_out.add(Subscriber(admin, lambda: b""))
    fan_out.add(Subscriber(lead, lambda: b"", view=SALES_MASKED))
    for agent in BOARD["agents"]:
        fan_out({"type": "agent", "agent": agent})
    clock.advance(1)
    assert admin.chunks[0].count(b"event: agent") == 2 and b"+4930130121" in admin.chunks[0]
    assert lead.chunks[0].count(b"event: agent") == 1
    [data] = [line for line in lead.chunks[0].split(b"\n") if line.startswith(b"data: ")]
    assert json.loads(data[6:])["agent"]["caller"] == "+49•••••121"
    assert b"+4930130121" not in lead.chunks[0]
