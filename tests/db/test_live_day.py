"""Today's calls read back from the database for the live board after a restart: only
today's inbound calls, levels named by their queue, agents by their endpoint."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ringdesk.callcenter.calls.models import Call
from ringdesk.callcenter.live.board import LiveBoard
from ringdesk.callcenter.live.day_calls import calls_since
from ringdesk.callcenter.live.rows import AgentAccountFacts
from ringdesk.callcenter.live.tally import DayCall
from ringdesk.core.db import make_engine, make_sessionmaker

NOON = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)  # 12:00 in Berlin


def test_the_boards_day_is_read_back_from_the_calls_of_today(database_url: str):
    sessions = make_sessionmaker(make_engine(database_url))
    with sessions.begin() as session:
        def call(linkedid: str, hours_ago: float, **fields) -> None:
            started = NOON - timedelta(hours=hours_ago)
            session.add(Call(linkedid=linkedid, started_at=started, **fields))

        call("1.0", 2, queue="sales-L2", agent="PJSIP/anna", connected_at=NOON,
             wait_seconds=12, outcome="answered")
        call("2.0", 1, queue="sales-L1", outcome="abandoned", wait_seconds=40)
        call("3.0", 13, queue="sales-L1", agent="PJSIP/anna", connected_at=NOON,
             outcome="answered")  # yesterday evening in Berlin
        call("4.0", 1, direction="outbound", agent="PJSIP/anna", connected_at=NOON)
    board = LiveBoard("Europe/Berlin")
    with sessions() as session:
        found = calls_since(session, board.today_began(NOON))
    assert sorted(found, key=lambda day: day.linkedid) == [
        DayCall("1.0", "sales", "anna", True, 12, False),
        DayCall("2.0", "sales", "", False, 40, True)]
    board.know_agents({"anna": AgentAccountFacts("Anna", {"sales": 1})}, NOON)
    board.know_queues(["sales"], NOON)
    board.count_day(found, NOON)
    [sales] = board.snapshot(NOON)["queues"]
    assert (sales["answered_today"], sales["abandoned_today"], sales["service_level"]) == (
        1, 1, 50.0)
    assert board.snapshot(NOON)["agents"][0]["answered_today"] == 1
