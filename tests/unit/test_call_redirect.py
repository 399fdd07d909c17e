"""Sending a waiting caller to an agent: the note Asterisk carries, and finding where the
caller waits among QueueStatus's entries."""

from __future__ import annotations

from ringdesk.callcenter.calls.redirect import (
    PendingRedirects,
    redirect_endpoint,
    withdraw_action,
    withdraw_info,
)

ENTRIES = [
    {"Queue": "sales-L1", "Channel": "PJSIP/trunk-0001", "Uniqueid": "9.1", "Linkedid": "9.1"},
    {"Queue": "desk-L2", "Channel": "PJSIP/trunk-0002", "Uniqueid": "7.3", "Linkedid": "7.3"},
]


def test_the_note_names_the_agent_and_nothing_else_is_dialled():
    assert redirect_endpoint(withdraw_info("desk-anna")) == "desk-anna"
    assert redirect_endpoint("") is None  # withdrawn by someone else: back in line
    assert redirect_endpoint("dial:anna&PJSIP/trunk/+4930") is None  # no dial string smuggled
    assert redirect_endpoint("transfer:anna") is None


def test_the_caller_is_found_in_the_level_queue_they_wait_in():
    assert withdraw_action(ENTRIES, "7.3", "desk-anna") == {
        "Queue": "desk-L2", "Caller": "PJSIP/trunk-0002", "WithdrawInfo": "dial:desk-anna"}
    assert withdraw_action(ENTRIES, "8.8", "desk-anna") is None


def test_a_redirect_asked_is_taken_once_and_forgotten_when_nobody_takes_it():
    now = [100.0]
    pending = PendingRedirects(lambda: now[0], keep_seconds=60)
    pending.ask("7.3", "desk-anna")
    assert pending.take("8.8") is None
    assert pending.take("7.3") == "desk-anna"
    assert pending.take("7.3") is None  # once
    pending.ask("7.3", "desk-ben")
    now[0] += 61  # the caller left before the route session looked
    assert pending.take("7.3") is None
