"""How a call is classified from its row, and which calls get a ticket."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ringdesk.callcenter.calls.outcome import (
    CallOutcome,
    CallTicketPolicy,
    TicketMode,
    classify,
    ticket_policy,
    ticket_status,
)
from ringdesk.callcenter.calls.row import CallRow

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def step(node_type: str, port: str | None, *effects: dict) -> dict:
    return {"at": T0.isoformat(), "node": node_type, "type": node_type, "port": port,
            "effects": list(effects)}


def row(**values) -> CallRow:
    return CallRow("1.0", started_at=T0, ended_at=T0 + timedelta(seconds=30), **values)


def test_closed_hours_branch_is_out_of_hours():
    call = row(answered_at=T0, path=[step("time_condition", "closed"),
                                     step("announcement", "next"), step("hangup", None)])
    assert classify(call) is CallOutcome.OUT_OF_HOURS
    assert ticket_status(CallOutcome.OUT_OF_HOURS) == "call_back"


def test_holiday_branch_is_out_of_hours_but_a_regular_day_is_not():
    assert classify(row(path=[step("holiday", "holiday")])) is CallOutcome.OUT_OF_HOURS
    served = row(answered_at=T0, path=[step("holiday", "regular"), step("announcement", "next")])
    assert classify(served) is CallOutcome.IVR
    assert ticket_status(CallOutcome.IVR) == "open"


def test_an_answered_external_transfer_is_transferred():
    call = row(connected_at=T0, path=[step("transfer", None, {
        "effect": "Transfer", "target": "+4930999", "status": "ANSWER"})])
    assert classify(call) is CallOutcome.TRANSFERRED


def test_a_failed_transfer_or_queue_without_agent_is_missed():
    failed = row(answered_at=T0, path=[step("transfer", "failed", {
        "effect": "Transfer", "target": "+4930999", "status": "BUSY"})])
    assert classify(failed) is CallOutcome.MISSED
    queued = row(answered_at=T0, queue_events=[{"queue": "q", "status": "TIMEOUT",
                                                "abandoned": False}])
    assert classify(queued) is CallOutcome.MISSED


def test_voicemail_wins_over_the_queue_timeout_before_it():
    call = row(queue_events=[{"queue": "q", "status": "TIMEOUT", "abandoned": False}],
               path=[step("voicemail", None, {"effect": "RecordVoicemail",
                                              "recording": "voicemail-1.0.wav"})])
    assert classify(call) is CallOutcome.VOICEMAIL


def test_never_picked_up_is_missed():
    assert classify(row()) is CallOutcome.MISSED


def test_policy_modes_and_repeat_window():
    policy = CallTicketPolicy(TicketMode.MISSED, timedelta(minutes=10))
    assert not policy.wants_ticket(CallOutcome.ANSWERED)
    assert policy.wants_ticket(CallOutcome.ABANDONED)
    assert policy.joins(False, T0, T0 + timedelta(minutes=10))
    assert not policy.joins(False, T0, T0 + timedelta(minutes=11))
    assert not policy.joins(True, T0, T0 + timedelta(minutes=1))  # a finished ticket
    assert not CallTicketPolicy(TicketMode.OFF).wants_ticket(CallOutcome.MISSED)
    never = CallTicketPolicy(repeat_window=timedelta(0))
    assert not never.joins(False, T0, T0 - timedelta(seconds=1))  # even simultaneous calls


def test_settings_are_checked():
    assert ticket_policy("missed", 5) == CallTicketPolicy(TicketMode.MISSED,
                                                          timedelta(minutes=5))
    with pytest.raises(ValueError, match="not one of all, missed, off"):
        ticket_policy("sometimes", 5)
    with pytest.raises(ValueError, match="negative"):
        ticket_policy("all", -1)
