"""Route node types and schedules: boundaries probed with aware datetimes (pure)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from ringdesk.routes.nodes.base import CallFacts, References
from ringdesk.routes.nodes.conditions import (
    HolidayCondition,
    MinuteMemo,
    TimeCondition,
    VipCondition,
)
from ringdesk.routes.schedule import ScheduleError, parse_period, parse_weekly

BERLIN = ZoneInfo("Europe/Berlin")
HOURS = {"timezone": "Europe/Berlin",
         "hours": {"mon": [["08:00", "12:00"], ["13:00", "17:00"]],
                   "fri": [["22:00", "02:00"]], "sat": [["10:00", "24:00"]]}}


NO_REFS = References()


def decide(node, params, when: datetime, caller="+4915112345678", refs=NO_REFS):
    run = node.run(params, CallFacts(caller, caller or "anonymous", "+4930120000", when), refs)
    with pytest.raises(StopIteration) as stop:
        next(run)
    return stop.value.value


@pytest.mark.parametrize(("local", "port"), [
    ((2026, 11, 23, 7, 59), "closed"),   # Monday, a minute before opening
    ((2026, 11, 23, 8, 0), "open"),
    ((2026, 11, 23, 11, 59), "open"),
    ((2026, 11, 23, 12, 0), "closed"),   # lunch: the end is exclusive
    ((2026, 11, 23, 13, 0), "open"),
    ((2026, 11, 27, 23, 30), "open"),    # Friday night, crossing midnight
    ((2026, 11, 28, 1, 59), "open"),     # Saturday early: still Friday's range
    ((2026, 11, 28, 2, 0), "closed"),
    ((2026, 11, 28, 23, 59), "open"),    # "24:00" ends the day
    ((2026, 11, 29, 0, 0), "closed"),    # Sunday
])
def test_opening_hours_boundaries(local, port):
    when = datetime(*local, tzinfo=BERLIN).astimezone(UTC)  # given in UTC, read in Berlin
    assert decide(TimeCondition(), HOURS, when).port == port


def test_opening_hours_follow_dst():
    params = {"timezone": "Europe/Berlin", "hours": {"sun": [["08:00", "09:00"]]}}
    # 29 March 2026: clocks go forward at 02:00. 08:30 local is 06:30 UTC that day.
    assert decide(TimeCondition(), params, datetime(2026, 3, 29, 6, 30, tzinfo=UTC)).port == "open"
    assert decide(TimeCondition(), params, datetime(2026, 3, 22, 6, 30, tzinfo=UTC)).port \
        == "closed"  # a week earlier 06:30 UTC was 07:30 local


@pytest.mark.parametrize(("hours", "fragment"), [
    ({"mon": [["08:00", "08:00"]]}, "empty range"),
    ({"monday": [["08:00", "09:00"]]}, "not a weekday"),
    ({"mon": [["8am", "9am"]]}, "not a time of day"),
    ({"mon": [["25:00", "26:00"]]}, "not a time of day"),
    ({"mon": ["08:00-09:00"]}, "not a [start, end] range"),
    ("always", "must map weekdays"),
])
def test_bad_opening_hours_are_rejected_with_a_reason(hours, fragment):
    with pytest.raises(ScheduleError, match=re.escape(fragment)):
        parse_weekly(hours)
    issues = TimeCondition().check({"timezone": "Europe/Berlin", "hours": hours}, References())
    assert issues and fragment in issues[0].message and issues[0].param == "hours"


def test_unknown_timezone_is_named():
    issues = TimeCondition().check({"timezone": "Mars/Olympus", "hours": {}}, References())
    assert issues[0].param == "timezone" and "Mars/Olympus" in issues[0].message


CHRISTMAS = {"timezone": "Europe/Berlin", "periods": [
    {"name": "Christmas", "from": "24.12", "to": "26.12", "from_time": "00:00",
     "to_time": "23:59"},
    {"name": "New Year", "from": "31.12", "to": "01.01", "from_time": "14:00",
     "to_time": "12:00"},
    {"name": "Inventory 2026", "from": "02.11.2026", "to": "03.11.2026",
     "from_time": "13:00", "to_time": "10:00"},
]}


@pytest.mark.parametrize(("local", "port", "why"), [
    ((2026, 12, 23, 23, 59), "regular", "regular day"),
    ((2026, 12, 24, 0, 0), "holiday", "Christmas"),
    ((2027, 12, 26, 23, 59), "holiday", "Christmas"),  # yearly
    ((2026, 12, 27, 0, 0), "regular", "regular day"),
    ((2026, 12, 31, 13, 59), "regular", "regular day"),
    ((2026, 12, 31, 14, 0), "holiday", "New Year"),  # wraps over the year's end
    ((2027, 1, 1, 12, 0), "holiday", "New Year"),
    ((2027, 1, 1, 12, 1), "regular", "regular day"),
    ((2026, 11, 2, 12, 59), "regular", "regular day"),
    ((2026, 11, 2, 13, 0), "holiday", "Inventory 2026"),
    ((2027, 11, 2, 14, 0), "regular", "regular day"),  # dated: that year only
])
def test_holiday_periods(local, port, why):
    decision = decide(HolidayCondition(), CHRISTMAS, datetime(*local, tzinfo=BERLIN))
    assert decision.port == port and why in decision.reason


def test_public_holidays_of_a_country_and_region():
    params = {"timezone": "Europe/Berlin", "country": "DE", "subdivision": "BE"}
    women = decide(HolidayCondition(), params, datetime(2026, 3, 8, 10, tzinfo=BERLIN))
    assert women.port == "holiday" and "Women's Day" in women.reason  # Berlin only
    bavaria = {**params, "subdivision": "BY"}
    assert decide(HolidayCondition(), bavaria, datetime(2026, 3, 8, 10, tzinfo=BERLIN)).port \
        == "regular"


@pytest.mark.parametrize(("period", "fragment"), [
    ({"name": "X", "from": "31.02", "to": "01.03"}, "not a real date"),
    ({"name": "X", "from": "24.12.2026", "to": "26.12"}, "both dates or on neither"),
    ({"name": "X", "from": "26.12.2026", "to": "24.12.2026"}, "ends before it starts"),
    ({"from": "24.12", "to": "26.12"}, "needs a name"),
    ({"name": "X", "from": "24/12", "to": "26.12"}, "not a date"),
])
def test_bad_periods(period, fragment):
    with pytest.raises(ScheduleError, match=fragment):
        parse_period(period)


def test_unknown_country_is_rejected():
    issues = HolidayCondition().check({"country": "XX"}, References())
    assert issues[0].param == "country"


LISTS = References(caller_lists={"gold": frozenset({"+4915112345678"}),
                                 "partners": frozenset({"+4930*"})})


@pytest.mark.parametrize(("caller", "lists", "port", "why"), [
    ("+4915112345678", ["gold"], "vip", "matches +4915112345678"),
    ("+493099999", ["gold", "partners"], "vip", "matches +4930*"),
    ("+4940123456", ["gold", "partners"], "other", "none of the lists"),
    (None, ["gold"], "other", "has no number"),
    ("+4915112345678", ["gone"], "other", "failing open"),
])
def test_vip_lists(caller, lists, port, why):
    decision = decide(VipCondition(), {"lists": lists}, datetime.now(UTC), caller, LISTS)
    assert decision.port == port and why in decision.reason


def test_clock_decisions_are_remembered_for_their_minute_only():
    memo, asked = MinuteMemo(), []

    def decide_open(params, now):
        asked.append(now)
        return TimeCondition._decide(params, now)

    before = datetime(2026, 11, 23, 16, 59, 0, tzinfo=BERLIN)
    first = memo.decide(HOURS, before, decide_open)
    again = memo.decide(HOURS, before.replace(second=59, microsecond=999999), decide_open)
    assert again is first and first.port == "open" and len(asked) == 1
    # Equal params of another node are another node: decided on their own.
    memo.decide(dict(HOURS), before, decide_open)
    assert len(asked) == 2
    closing = memo.decide(HOURS, before.replace(minute=0, hour=17), decide_open)
    assert closing.port == "closed" and len(asked) == 3


def test_a_route_node_takes_the_next_minute_s_branch_through_the_shared_memo():
    open_call = decide(TimeCondition(), HOURS, datetime(2026, 11, 23, 16, 59, 59, tzinfo=BERLIN))
    closed_call = decide(TimeCondition(), HOURS, datetime(2026, 11, 23, 17, 0, tzinfo=BERLIN))
    assert (open_call.port, closed_call.port) == ("open", "closed")
