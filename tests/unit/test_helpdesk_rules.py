"""Pure help desk decisions: SLA from status history, distribution, rules, settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ringdesk.core.errors import InvalidInput
from ringdesk.helpdesk.automation.rules import matching_actions, parse_rule
from ringdesk.helpdesk.distribution.decisions import Candidate, Waiting, pick, plan, reassign_due
from ringdesk.helpdesk.distribution.presence import PRESENCE_TIMEOUT, is_online, offline_since
from ringdesk.helpdesk.setup.queue_settings import check_queue_settings
from ringdesk.helpdesk.sla.calendar import BusinessCalendar
from ringdesk.helpdesk.sla.clock import SlaTargets, StatusKind, sla_state

BERLIN = ZoneInfo("Europe/Berlin")
KINDS = {"open": StatusKind(False, True), "waiting_customer": StatusKind(False, False),
         "resolved": StatusKind(True, False)}
OFFICE = BusinessCalendar.from_config(
    "Europe/Berlin", {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")},
    closed=["2026-12-24"])
H = timedelta(hours=1)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=BERLIN)


@pytest.mark.parametrize(("history", "now", "reaction_due", "resolution_due", "paused"), [
    # Arriving Saturday: both clocks start Monday 09:00.
    ([(at(2026, 11, 28, 11), "open")], at(2026, 11, 28, 12), at(2026, 11, 30, 10),
     at(2026, 11, 30, 17), False),
    # Waiting for the customer from Monday 10:00 to Wednesday 10:00 (a pause spanning
    # days): the 8 h resolution clock had used 1 h, so 7 h remain from Wednesday 10:00.
    ([(at(2026, 11, 30, 9), "open"), (at(2026, 11, 30, 10), "waiting_customer"),
      (at(2026, 12, 2, 10), "open")], at(2026, 12, 2, 11), at(2026, 11, 30, 10),
     at(2026, 12, 2, 17), False),
    # While paused there is no resolution due time.
    ([(at(2026, 11, 30, 9), "open"), (at(2026, 11, 30, 10), "waiting_customer")],
     at(2026, 11, 30, 12), at(2026, 11, 30, 10), None, True),
    # A holiday (24 December) is skipped.
    ([(at(2026, 12, 23, 16), "open")], at(2026, 12, 23, 16), at(2026, 12, 23, 17),
     at(2026, 12, 25, 16), False),
])
def test_sla_due_times_are_rebuilt_from_the_status_history(history, now, reaction_due,
                                                           resolution_due, paused):
    state = sla_state(history, KINDS, SlaTargets(H, 8 * H), OFFICE, None, now)
    assert state.reaction_due == reaction_due.astimezone(UTC)
    assert state.resolution_due == (resolution_due.astimezone(UTC) if resolution_due else None)
    assert state.paused is paused


def test_correcting_history_or_calendar_recomputes():
    history = [(at(2026, 11, 30, 9), "open")]
    before = sla_state(history, KINDS, SlaTargets(None, 8 * H), OFFICE, None,
                       at(2026, 11, 30, 9))
    longer = BusinessCalendar.from_config(
        "Europe/Berlin", {day: [["08:00", "20:00"]] for day in ("mon", "tue")})
    after = sla_state(history, KINDS, SlaTargets(None, 8 * H), longer, None,
                      at(2026, 11, 30, 9))
    assert before.resolution_due == at(2026, 11, 30, 17).astimezone(UTC)
    assert after.resolution_due == at(2026, 11, 30, 17).astimezone(UTC)  # 9 + 8
    corrected = sla_state([(at(2026, 11, 30, 9), "waiting_customer")], KINDS,
                          SlaTargets(None, 8 * H), OFFICE, None, at(2026, 11, 30, 12))
    assert corrected.resolution_due is None and corrected.resolution_used == timedelta(0)


def test_the_reaction_clock_stops_at_the_first_reaction():
    history = [(at(2026, 11, 30, 9), "open")]
    reacted = sla_state(history, KINDS, SlaTargets(H, None), OFFICE,
                        at(2026, 11, 30, 9, 30), at(2026, 12, 1, 12))
    assert reacted.reaction_due == at(2026, 11, 30, 10).astimezone(UTC)


def test_distribution_respects_buffers_weights_and_round_robin():
    t0 = datetime(2026, 11, 30, 9, tzinfo=UTC)
    tickets = [Waiting(1, "email", t0), Waiting(2, "phone", t0 + H), Waiting(3, "email",
                                                                             t0 + 2 * H),
               Waiting(4, "form", t0)]
    agents = [Candidate(10, True, 0, 2), Candidate(11, True, 1, 2), Candidate(12, False, 0, 9)]
    pairs = plan(tickets, agents, {"phone": 5, "email": 1}, t0)
    # Phone first (weight 5), then email by age; the offline agent gets nothing; three
    # places left in total (2 + 1).
    assert pairs == [(2, 10), (1, 11), (3, 10)]
    assert pick([Candidate(1, True, 2, 2)]) is None
    older = Candidate(20, True, 1, 5, t0)
    newer = Candidate(21, True, 1, 5, t0 + H)
    assert pick([newer, older]) == older  # equal load: who waited longest


def test_reassignment_and_presence():
    now = datetime(2026, 11, 30, 12, tzinfo=UTC)
    assert reassign_due(now - timedelta(minutes=31), now, 30, 50, 0.6)
    assert not reassign_due(now - timedelta(minutes=29), now, 30, 50, 0.6)
    assert not reassign_due(now - timedelta(minutes=31), now, 30, 50, 0.4)
    assert not reassign_due(None, now, 30, 50, 0.9)
    assert is_online(False, now - timedelta(minutes=1), now)
    assert not is_online(True, now - timedelta(minutes=1), now)
    assert offline_since(False, now - 2 * PRESENCE_TIMEOUT, now) == now - PRESENCE_TIMEOUT


def test_rules_name_the_bad_part_and_match_in_order():
    with pytest.raises(InvalidInput) as error:
        parse_rule(1, "ticket_created", [], [{"action": "notify", "value": "everyone"}])
    assert error.value.details == {"field": "actions[0].value"}
    with pytest.raises(InvalidInput) as error:
        parse_rule(1, "sometimes", [], [])
    assert error.value.details == {"field": "event"}
    first = parse_rule(1, "customer_replied",
                       [{"field": "status", "op": "is", "value": "waiting_customer"}],
                       [{"action": "set_status", "value": "open"}])
    second = parse_rule(2, "customer_replied", [{"field": "tags", "op": "contains",
                                                 "value": "vip"}],
                        [{"action": "set_priority", "value": "high"}])
    facts = {"status": "waiting_customer", "tags": ["vip"]}
    assert [a.value for a in matching_actions([first, second], "customer_replied", facts)] \
        == ["open", "high"]
    assert matching_actions([first, second], "ticket_created", facts) == []
    assert [a.value for a in matching_actions([first, second], "customer_replied",
                                              {"status": "open", "tags": []})] == []


def test_queue_settings_reject_statuses_outside_the_set():
    with pytest.raises(InvalidInput) as error:
        check_queue_settings({"statuses": ["open", "resolved"], "default_status": "closed"},
                             {"open", "resolved", "closed"})
    assert error.value.details == {"field": "default_status"}
