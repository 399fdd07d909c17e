"""Nodes that decide without the caller: opening hours, holidays, VIP callers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from ringdesk.routes.calendars import holiday_countries
from ringdesk.routes.nodes.base import (
    CallFacts,
    Decision,
    Issue,
    NodeType,
    ParamSpec,
    PortSpec,
    References,
    Run,
    done,
)
from ringdesk.routes.schedule import (
    WEEKDAYS,
    ScheduleError,
    check_country,
    clock,
    compiled,
    compiled_weekly,
    is_open,
    parse_period,
    parse_periods,
    parse_weekly,
    public_holiday,
    zone,
)

TIMEZONE = ParamSpec("timezone", "timezone", "Timezone", default="Europe/Berlin",
                     help="IANA name such as Europe/Berlin")


class MinuteMemo:
    """Decisions that depend on nothing but the clock, remembered for the minute they hold.

    Opening hours and holiday periods are given to the minute (timezone offsets are whole
    minutes too), so every call within one UTC minute takes the same branch for the same
    reason. The memo holds the current minute only; a node's key is its params object,
    which a published graph never changes (kept beside the id so a reused id cannot match).
    """

    def __init__(self) -> None:
        self._minute = -1
        self._decisions: dict[int, tuple[Mapping[str, Any], Decision]] = {}

    def decide(self, params: Mapping[str, Any], now: datetime,
               decide: Callable[[Mapping[str, Any], datetime], Decision]) -> Decision:
        minute = int(now.timestamp()) // 60
        if minute != self._minute:
            self._minute, self._decisions = minute, {}
        entry = self._decisions.get(id(params))
        if entry is not None and entry[0] is params:
            return entry[1]
        decision = decide(params, now)
        self._decisions[id(params)] = (params, decision)
        return decision


CLOCK_DECISIONS = MinuteMemo()


def _schedule_issue(error: ScheduleError, param: str) -> list[Issue]:
    return [Issue("invalid_schedule", str(error), param=param, key="invalid_schedule",
                  params={"detail": str(error)})]


class TimeCondition(NodeType):
    type_name = "time_condition"
    title = "Opening hours"
    description = "Weekly opening hours; a range may cross midnight (22:00-02:00)."
    params = (
        TIMEZONE,
        ParamSpec("hours", "weekly_hours", "Opening hours",
                  help="time ranges per weekday; a range may cross midnight"),
    )
    static_ports = (PortSpec("open", "Open"), PortSpec("closed", "Closed"))

    def check(self, params: Mapping[str, Any], refs: References) -> list[Issue]:
        try:
            zone(params.get("timezone", "Europe/Berlin"))
        except ScheduleError as error:
            return _schedule_issue(error, "timezone")
        try:
            parse_weekly(params.get("hours"))
        except ScheduleError as error:
            return _schedule_issue(error, "hours")
        return []

    def run(self, params: Mapping[str, Any], call: CallFacts, refs: References) -> Run:
        return CLOCK_DECISIONS.decide(params, call.now, self._decide)
        yield  # a generator that needs the caller for nothing

    @staticmethod
    def _decide(params: Mapping[str, Any], now: datetime) -> Decision:
        local = now.astimezone(zone(params.get("timezone", "Europe/Berlin")))
        matched = is_open(compiled_weekly(params["hours"]), local)
        when = {"weekday": WEEKDAYS[local.weekday()], "at": f"{local:%Y-%m-%d %H:%M}",
                "zone": f"{local:%Z}"}
        if matched is not None:
            return done("open", "open", **when, **{"from": clock(matched.start),
                                                   "to": clock(matched.end)})
        return done("closed", "closed", **when)


class HolidayCondition(NodeType):
    type_name = "holiday"
    title = "Holidays and dates"
    description = "Named date(-time) periods, yearly or dated, and a country's public holidays."
    params = (
        TIMEZONE,
        ParamSpec("periods", "date_periods", "Periods", required=False, default=[],
                  help="DD.MM every year or DD.MM.YYYY once; times optional"),
        ParamSpec("country", "holiday_country", "Public holidays of", required=False,
                  choices=tuple(holiday_countries()),
                  help="the country's public-holiday calendar; none for only the periods"),
        ParamSpec("subdivision", "holiday_region", "Region", required=False,
                  help="a region with holidays of its own, such as BE (Berlin)"),
    )
    static_ports = (PortSpec("holiday", "Holiday"), PortSpec("regular", "Regular day"))

    def check(self, params: Mapping[str, Any], refs: References) -> list[Issue]:
        try:
            zone(params.get("timezone", "Europe/Berlin"))
        except ScheduleError as error:
            return _schedule_issue(error, "timezone")
        periods = params.get("periods") or []
        if not isinstance(periods, list):
            return [Issue("invalid_param", "periods must be a list", param="periods",
                          key="periods_not_list")]
        issues = []
        for index, item in enumerate(periods):
            try:
                parse_period(item)
            except ScheduleError as error:
                issues.append(Issue("invalid_schedule", f"period {index + 1}: {error}",
                                    param="periods", key="invalid_period",
                                    params={"number": str(index + 1), "detail": str(error)}))
        if params.get("country"):
            try:
                check_country(params["country"], params.get("subdivision") or None)
            except ScheduleError as error:
                issues += _schedule_issue(error, "country")
        if not periods and not params.get("country"):
            issues.append(Issue("invalid_param", "give periods, a country, or both",
                                param="periods", key="holiday_needs_periods_or_country"))
        return issues

    def run(self, params: Mapping[str, Any], call: CallFacts, refs: References) -> Run:
        return CLOCK_DECISIONS.decide(params, call.now, self._decide)
        yield

    @staticmethod
    def _decide(params: Mapping[str, Any], now: datetime) -> Decision:
        local = now.astimezone(zone(params.get("timezone", "Europe/Berlin")))
        for period in compiled(parse_periods, params.get("periods")):
            if period.contains(local):
                return done("holiday", "holiday_period", at=f"{local:%Y-%m-%d %H:%M}",
                            name=period.name)
        if params.get("country"):
            name = public_holiday(params["country"], params.get("subdivision") or None,
                                  local.date())
            if name:
                return done("holiday", "public_holiday", date=f"{local:%Y-%m-%d}", name=name,
                            country=params["country"])
        return done("regular", "regular_day", at=f"{local:%Y-%m-%d %H:%M}")


def caller_matches(caller: str, entries: frozenset[str]) -> str | None:
    """The list entry that matches: an exact number, or a prefix written ``+4930*``."""
    if caller in entries:
        return caller
    for entry in entries:
        if entry.endswith("*") and caller.startswith(entry[:-1]):
            return entry
    return None


class VipCondition(NodeType):
    type_name = "vip"
    title = "VIP callers"
    description = "Callers on one of the lists go to 'vip'; a failed lookup fails open."
    params = (ParamSpec("lists", "caller_lists", "Caller lists"),)
    static_ports = (PortSpec("vip", "VIP"), PortSpec("other", "Everyone else"))

    def check(self, params: Mapping[str, Any], refs: References) -> list[Issue]:
        lists = params.get("lists")
        if not isinstance(lists, list) or not lists:
            return [Issue("invalid_param", "choose at least one caller list", param="lists",
                          key="choose_caller_list")]
        return [Issue("missing_reference", f"caller list {name!r} does not exist",
                      param="lists", key="unknown_caller_list", params={"name": str(name)})
                for name in lists if name not in refs.caller_lists]

    def run(self, params: Mapping[str, Any], call: CallFacts, refs: References) -> Run:
        if call.caller is None:
            return done("other", "caller_has_no_number", caller=call.caller_raw or "")
        for name in params["lists"]:
            entries = refs.caller_lists.get(name)
            if entries is None:
                # Fail open: a list we cannot read must not block the caller.
                return done("other", "caller_list_unavailable", list=name)
            matched = caller_matches(call.caller, entries)
            if matched:
                return done("vip", "caller_on_list", caller=call.caller, entry=matched, list=name)
        return done("other", "caller_on_no_list", caller=call.caller)
        yield
