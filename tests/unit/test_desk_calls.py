"""Which calls pop on whose desk: the call updates about one agent's phone, and the check
that a call rang someone's phone."""

from __future__ import annotations

from datetime import UTC, datetime

from ringdesk.callcenter.calls.updates import (
    AgentAnswered,
    AgentFinished,
    AgentNotAnswered,
    AgentRung,
    CallEnded,
)
from ringdesk.callcenter.live.desk_calls import desk_call, rang_for

AT = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def callers(linkedid: str) -> str:
    return {"1.0": "+4930123456"}.get(linkedid, "")


def test_ringing_answered_missed_and_finished_go_to_the_phones_owner():
    updates = [AgentRung("1.0", AT, "PJSIP/anna", "support-L1"),  # its first level
               AgentAnswered("1.0", AT, "PJSIP/anna", "support", 4),
               AgentNotAnswered("1.0", AT, "PJSIP/anna", "NOANSWER", 15),
               AgentFinished("1.0", AT, "PJSIP/anna", 30, "caller")]
    messages = [desk_call(update, callers) for update in updates]
    assert [(m["phase"], m["endpoint"], m["queue"]) for m in messages if m] == [
        ("ringing", "anna", "support"), ("answered", "anna", "support"),
        ("missed", "anna", ""), ("finished", "anna", "")]
    assert {m["caller"] for m in messages if m} == {"+4930123456"}
    assert {m["type"] for m in messages if m} == {"desk_call"}


def test_other_updates_and_devices_that_are_no_agents_phone_pop_nowhere():
    assert desk_call(CallEnded("1.0", AT, 16, "Normal Clearing"), callers) is None
    assert desk_call(AgentRung("1.0", AT, "Local/100@agents", ""), callers) is None


def test_a_call_rang_for_the_phones_it_rang_or_the_one_that_took_it():
    rung = [{"agent": "PJSIP/anna", "result": "NOANSWER"}, {"agent": "PJSIP/ben"}]
    assert rang_for("", rung, frozenset({"ben"}))
    assert rang_for("PJSIP/carl", [], frozenset({"carl", "x"}))
    assert not rang_for("PJSIP/carl", rung, frozenset({"dora"}))
    assert not rang_for("", [], frozenset())
