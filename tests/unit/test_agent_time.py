"""Agents' time for reports, without a database: modes cut at the report's bounds, at local
midnights and at now; occupancy is talk time over available time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from ringdesk.callcenter.agents.time_report import ModePeriod, Talk, agent_time

WARSAW = ZoneInfo("Europe/Warsaw")


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 12, day, hour, tzinfo=WARSAW)


def test_time_in_each_mode_per_local_day_and_occupancy():
    periods = [ModePeriod("anna", "Ready", True, at(1, 22), at(2, 2)),
               ModePeriod("anna", "Break", False, at(2, 2), None),  # still on break
               ModePeriod("ben", "Ready", True, at(1, 8), at(1, 9))]
    talks = [Talk("anna", at(1, 23), 1800), Talk("anna", at(5, 9), 600)]  # the 5th: outside
    report = agent_time(periods, talks, at(1, 0), at(3, 0), WARSAW, now=at(2, 3),
                        names={"anna": "Anna"})
    [anna, ben] = report["agents"]
    assert anna == {"agent": "anna", "name": "Anna", "modes": {"Break": 3600, "Ready": 14400},
                    "available_seconds": 14400, "talk_seconds": 1800, "occupancy": 12.5}
    assert ben["name"] == "ben" and ben["occupancy"] == 0.0
    days = [(day["agent"], day["day"], day["modes"], day["occupancy"])
            for day in report["days"]]
    assert days == [("anna", "2026-12-01", {"Ready": 7200}, 25.0),
                    ("anna", "2026-12-02", {"Break": 3600, "Ready": 7200}, 0.0),
                    ("ben", "2026-12-01", {"Ready": 3600}, 0.0)]


def test_a_day_with_a_clock_change_has_its_real_length():
    # Poland leaves summer time on 25 October 2026: that day lasts 25 hours.
    periods = [ModePeriod("anna", "Ready", True, datetime(2026, 10, 25, tzinfo=WARSAW),
                          datetime(2026, 10, 26, tzinfo=WARSAW))]
    report = agent_time(periods, [], datetime(2026, 10, 25, tzinfo=WARSAW),
                        datetime(2026, 10, 26, tzinfo=WARSAW), WARSAW,
                        now=datetime(2026, 11, 1, tzinfo=WARSAW))
    assert report["days"][0]["modes"] == {"Ready": 25 * 3600}
    assert report["agents"][0]["occupancy"] == 0.0


def test_tickets_per_day_created_resolved_reaction_handling_and_sla_met():
    from datetime import timedelta

    from ringdesk.helpdesk.ticket_series import TicketFact, ticket_series

    tickets = [
        TicketFact(at(1, 9), at(1, 9) + timedelta(minutes=10), at(2, 10), 3600, False),
        TicketFact(at(1, 23), None, at(2, 11), 7200, True),
        TicketFact(at(1, 0) - timedelta(days=3), None, at(2, 12), None, False),  # older
    ]
    days = ticket_series(tickets, WARSAW, at(1, 0), at(3, 0))
    assert days == [
        {"day": "2026-12-01", "created": 2, "resolved": 0, "avg_first_reaction_seconds": 600.0,
         "avg_handling_seconds": None, "sla_met_percent": None},
        {"day": "2026-12-02", "created": 0, "resolved": 3, "avg_first_reaction_seconds": None,
         "avg_handling_seconds": 5400.0, "sla_met_percent": 66.7}]
