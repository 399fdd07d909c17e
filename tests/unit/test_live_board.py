"""The supervisor's live board from tracker updates and AMI device/contact events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from ringdesk.callcenter.agents.modes import ModeSpec
from ringdesk.callcenter.ami.parser import parse_frame
from ringdesk.callcenter.calls.updates import (
    AgentAnswered,
    AgentFinished,
    AgentNotAnswered,
    AgentRung,
    CallEnded,
    CallStarted,
    QueueFinished,
    QueueJoined,
    QueueLeft,
)
from ringdesk.callcenter.live.board import LiveBoard
from ringdesk.callcenter.live.rows import AgentAccountFacts, queue_of
from ringdesk.callcenter.live.tally import DayCall

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def board_with_agents() -> LiveBoard:
    board = LiveBoard("Europe/Berlin", service_level_seconds=20,
                      wrapup_seconds={"sales": 30})
    board.know_agents({"sales-a": AgentAccountFacts("Anna", {"sales": 1}),
                       "sales-b": AgentAccountFacts("Ben", {"sales": 2})}, T0)
    return board


def feed(board: LiveBoard, *updates) -> None:
    for update in updates:
        board.call_update(update, update.at)


def test_level_queues_count_as_one_queue():
    assert queue_of("sales-L2") == "sales" and queue_of("sales") == "sales"


def test_a_waiting_caller_then_answered_within_the_service_level():
    board = board_with_agents()
    feed(board, CallStarted("1.0", at(0), "+4915112345678", "4930130201", "PJSIP/trunk-1"),
         QueueJoined("1.0", at(1), "sales-L1", 1),
         AgentRung("1.0", at(1), "PJSIP/sales-a", "sales-L1"),
         AgentNotAnswered("1.0", at(6), "PJSIP/sales-a", "NOANSWER", 5),
         QueueLeft("1.0", at(6), "sales-L1", 1, True, 5),
         QueueFinished("1.0", at(6), "TIMEOUT"),
         QueueJoined("1.0", at(7), "sales-L2", 1))
    snapshot = board.snapshot(at(10))
    [queue] = snapshot["queues"]
    # One caller, waiting since the first join (level 1), not since level 2.
    assert (queue["name"], queue["waiting"], queue["longest_wait_seconds"]) == ("sales", 1, 9)
    assert snapshot["calls"][0]["state"] == "queued"
    changes = board.call_update(AgentAnswered("1.0", at(12), "PJSIP/sales-b", "sales-L2", 5),
                                at(12))
    assert {change["type"] for change in changes} == {"call", "queue", "agent"}
    queue = board.snapshot(at(12))["queues"][0]
    assert (queue["waiting"], queue["answered_today"], queue["service_level"]) == (0, 1, 100.0)
    agent_b = board.agents["sales-b"]
    assert agent_b.call == "1.0" and agent_b.answered_today == 1


def test_an_abandoned_caller_counts_against_the_service_level():
    board = board_with_agents()
    feed(board, CallStarted("2.0", at(0), "+49301", "4930130201", "PJSIP/trunk-2"),
         QueueJoined("2.0", at(0), "sales-L1", 1),
         QueueLeft("2.0", at(30), "sales-L1", 1, True, 30),
         CallEnded("2.0", at(30), 16, "Normal Clearing"))
    queue = board.snapshot(at(31))["queues"][0]
    assert (queue["abandoned_today"], queue["answered_today"], queue["service_level"]) == (
        1, 0, 0.0)
    assert board.snapshot(at(31))["calls"] == []


def test_agent_status_follows_device_mode_and_wrapup():
    board = board_with_agents()
    agent = board.agents["sales-a"]
    assert agent.status(at(0)) == "idle"
    board.device_state("PJSIP/sales-a", "RINGING", at(0))
    assert agent.status(at(0)) == "ringing"
    board.device_state("PJSIP/sales-a", "INUSE", at(1))
    assert agent.status(at(1)) == "in_call"
    board.call_update(CallStarted("3.0", at(0), "+49301", "1", "c"), at(0))
    board.call_update(QueueJoined("3.0", at(0), "sales-L1", 1), at(0))
    board.call_update(AgentFinished("3.0", at(40), "PJSIP/sales-a", 39, "caller"), at(40))
    board.device_state("PJSIP/sales-a", "NOT_INUSE", at(40))
    assert agent.status(at(50)) == "wrapup" and agent.status(at(71)) == "idle"
    board.work_mode("sales-a", ModeSpec("Lunch", False, "3"), at(80))
    assert board.snapshot(at(80))["agents"][0]["status"] == "away"
    assert board.snapshot(at(80))["agents"][0]["mode"] == "Lunch"
    board.device_state("PJSIP/sales-b", "UNAVAILABLE", at(80))
    assert board.agents["sales-b"].status(at(80)) == "offline"


def test_registration_from_contact_events_and_unknown_devices_are_ignored():
    board = board_with_agents()
    event = parse_frame("Event: ContactStatus\r\nAOR: sales-a\r\nContactStatus: Removed")
    [change] = board.ami_event(event, at(0))
    assert change["agent"]["registered"] is False and change["agent"]["status"] == "offline"
    event = parse_frame("Event: ContactStatus\r\nAOR: sales-a\r\nContactStatus: Created\r\n"
                        "URI: sip:sales-a@192.0.2.7:5062;ob")
    [registered] = board.ami_event(event, at(1))
    assert registered["agent"]["registered"] is True
    assert registered["agent"]["address"] == "192.0.2.7:5062"  # where the phone is
    assert board.device_state("Local/1@x", "INUSE", at(1)) == []
    assert board.contact_status("trunk", "Reachable", at(1)) == []


def test_counters_start_again_each_day_in_the_board_timezone():
    board = board_with_agents()
    feed(board, CallStarted("4.0", at(0), "+49301", "1", "c"),
         QueueJoined("4.0", at(0), "sales-L1", 1),
         AgentAnswered("4.0", at(2), "PJSIP/sales-a", "sales-L1", 2),
         CallEnded("4.0", at(60), 16, ""))
    tomorrow = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # 00:30 in Berlin
    board.call_update(CallStarted("5.0", tomorrow, "+49301", "1", "c"), tomorrow)
    assert board.snapshot(tomorrow)["queues"][0]["answered_today"] == 0
    assert board.agents["sales-a"].answered_today == 0


def test_callers_already_waiting_after_a_restart_come_from_queue_status():
    board = board_with_agents()
    entry = parse_frame("Event: QueueEntry\r\nQueue: sales-L2\r\nPosition: 1\r\n"
                        "Uniqueid: 6.0\r\nCallerIDNum: +49301\r\nWait: 42")
    changes = board.ami_event(entry, at(100))
    assert {change["type"] for change in changes} == {"call", "queue"}
    [queue] = board.snapshot(at(100))["queues"]
    assert (queue["name"], queue["waiting"], queue["longest_wait_seconds"]) == ("sales", 1, 42)
    # The caller's next events find the call where it was.
    board.call_update(AgentAnswered("6.0", at(101), "PJSIP/sales-a", "sales-L2", 43), at(101))
    assert board.snapshot(at(101))["queues"][0]["waiting"] == 0


def test_live_calls_show_numbers_as_tickets_store_them_with_their_plus():
    board = board_with_agents()
    feed(board, CallStarted("6.0", at(0), "015112345678", "4930130201", "PJSIP/trunk-6"),
         CallStarted("7.0", at(0), "anonymous", "200", "PJSIP/trunk-7"))
    calls = {call["linkedid"]: call for call in board.snapshot(at(1))["calls"]}
    assert (calls["6.0"]["caller"], calls["6.0"]["dialed"]) == ("+4915112345678",
                                                              "+4930130201")
    assert (calls["7.0"]["caller"], calls["7.0"]["dialed"]) == ("anonymous", "200")


def test_an_agent_tile_says_who_it_is_whom_they_talk_to_and_since_when():
    board = board_with_agents()
    feed(board, CallStarted("8.0", at(0), "+4915112345678", "4930130201", "PJSIP/trunk-8"),
         QueueJoined("8.0", at(1), "sales-L1", 1))
    board.device_state("PJSIP/sales-a", "NOT_INUSE", at(0))
    board.call_update(AgentAnswered("8.0", at(5), "PJSIP/sales-a", "sales-L1", 4), at(5))
    [change] = board.device_state("PJSIP/sales-a", "INUSE", at(5))
    anna = change["agent"]
    assert (anna["name"], anna["queues"], anna["status"], anna["caller"]) == (
        "Anna", [{"queue": "sales", "level": 1}], "in_call", "+4915112345678")
    assert anna["status_since"] == at(5).isoformat()
    board.call_update(AgentFinished("8.0", at(65), "PJSIP/sales-a", 60, "caller"), at(65))
    [change] = board.device_state("PJSIP/sales-a", "NOT_INUSE", at(65))
    assert change["agent"]["status"] == "wrapup"
    assert change["agent"]["wrapup_until"] == at(95).isoformat()
    # The wrap-up ends by the clock: idle since it was due, not since someone looked.
    [later] = [a for a in board.snapshot(at(200))["agents"] if a["endpoint"] == "sales-a"]
    assert (later["status"], later["status_since"]) == ("idle", at(95).isoformat())
    # Accounts as configured again: only what changed is told.
    assert board.know_agents({"sales-a": AgentAccountFacts("Anna", {"sales": 1})}, at(201)) == []
    [renamed] = board.know_agents({"sales-a": AgentAccountFacts("Anna K.", {"sales": 2})},
                                  at(202))
    assert renamed["agent"]["name"] == "Anna K."


def test_the_board_corrects_itself_to_asterisks_own_lists():
    board = board_with_agents()
    feed(board, CallStarted("9.0", at(0), "+4915112345678", "4930130201", "PJSIP/trunk-9"),
         QueueJoined("9.0", at(1), "sales-L1", 1),
         CallStarted("9.1", at(2), "+4915112345679", "4930130201", "PJSIP/trunk-10"),
         AgentRung("9.1", at(3), "PJSIP/sales-a", "sales-L1"))
    # Asterisk has neither call any more (hang-ups missed), but lists a caller the board
    # never saw; a call that began after the lists were asked for is left alone.
    board.call_update(CallStarted("9.2", at(30), "+49302", "4930130201", "PJSIP/t"), at(30))
    channels = [parse_frame("Event: CoreShowChannel\r\nLinkedid: 9.3\r\nChannel: PJSIP/t-3")]
    entries = [parse_frame("Event: QueueEntry\r\nQueue: sales-L2\r\nLinkedid: 9.3\r\n"
                           "CallerIDNum: 015112345670\r\nWait: 12")]
    changes = board.reconcile(channels, entries, asked_at=at(20), now=at(21))
    assert {c["linkedid"] for c in changes if c["type"] == "call_ended"} == {"9.0", "9.1"}
    snapshot = board.snapshot(at(21))
    assert sorted(call["linkedid"] for call in snapshot["calls"]) == ["9.2", "9.3"]
    [queue] = snapshot["queues"]
    assert [c["caller"] for c in queue["callers"]] == ["+4915112345670"]
    assert queue["longest_wait_seconds"] == 12
    anna = next(a for a in snapshot["agents"] if a["endpoint"] == "sales-a")
    assert anna["call"] is None
    # Reconciling again with the same lists changes nothing.
    assert board.reconcile(channels, entries, asked_at=at(22), now=at(23)) == []


def test_an_agent_who_lets_queue_calls_ring_out_in_a_row_is_paused():
    from ringdesk.callcenter.live.ring_outs import RingOuts

    ring_outs = RingOuts(2)
    rang_out = AgentNotAnswered("1", at(0), "PJSIP/sales-a", "NOANSWER", 15)
    assert ring_outs.update(rang_out) is None
    # An answered call starts the count again; busy phones and direct dials do not count.
    assert ring_outs.update(AgentAnswered("2", at(1), "PJSIP/sales-a", "sales-L1", 3)) is None
    assert ring_outs.update(rang_out) is None
    assert ring_outs.update(AgentNotAnswered("3", at(2), "PJSIP/sales-a", "BUSY", 0)) is None
    assert ring_outs.update(AgentNotAnswered("4", at(3), "PJSIP/sales-a", "NOANSWER",
                                             None)) is None
    assert ring_outs.update(AgentNotAnswered("5", at(4), "PJSIP/sales-b", "NOANSWER", 15)) \
        is None
    assert ring_outs.update(rang_out) == "sales-a"
    assert ring_outs.update(rang_out) is None  # counted again from nothing
    assert RingOuts(0).update(rang_out) is None


def test_configured_queues_show_before_their_first_caller():
    board = board_with_agents()
    [change] = board.know_queues(["sales", "support"], at(0))[1:]
    assert change["queue"]["name"] == "support" and change["queue"]["waiting"] == 0
    assert board.know_queues(["sales", "support"], at(1)) == []
    assert [queue["name"] for queue in board.snapshot(at(1))["queues"]] == ["sales", "support"]


def test_only_agents_accounts_are_agents_once_the_accounts_are_known():
    board = LiveBoard("Europe/Berlin")
    board.device_state("PJSIP/trunk", "INUSE", at(0))  # before the accounts are loaded
    board.know_agents({"sales-a": AgentAccountFacts("Anna", {"sales": 1})}, at(1))
    assert board.device_state("PJSIP/trunk", "NOT_INUSE", at(2)) == []
    assert [agent["endpoint"] for agent in board.snapshot(at(2))["agents"]] == ["sales-a"]


def test_a_caller_waits_again_after_an_agent_let_it_ring_and_goes_on_after_the_queue():
    board = board_with_agents()
    feed(board, CallStarted("10.0", at(0), "+49301", "1", "c"),
         QueueJoined("10.0", at(1), "sales-L1", 1),
         AgentRung("10.0", at(1), "PJSIP/sales-a", "sales-L1"),
         AgentNotAnswered("10.0", at(4), "PJSIP/sales-a", "NOANSWER", 3))
    assert board.calls["10.0"].state == "queued"
    feed(board, QueueFinished("10.0", at(30), "TIMEOUT"))
    assert board.calls["10.0"].state == "in_route"


def test_a_pause_set_in_asterisk_itself_shows_and_clears_on_the_board():
    board = board_with_agents()
    paused = parse_frame("Event: QueueMemberPause\r\nQueue: sales-L1\r\nInterface: PJSIP/sales-a"
                         "\r\nPaused: 1\r\nPausedReason: cli")
    [change] = board.ami_event(paused, at(0))
    assert change["agent"]["status"] == "away" and change["agent"]["pbx_paused"] is True
    assert board.ami_event(paused, at(1)) == []  # told again: nothing changed
    # QueueStatus after a reconnect says it is taking calls again (unpaused elsewhere).
    listed = parse_frame("Event: QueueMember\r\nQueue: sales-L1\r\nLocation: PJSIP/sales-a"
                         "\r\nPaused: 0")
    [change] = board.ami_event(listed, at(2))
    assert change["agent"]["status"] == "idle" and change["agent"]["pbx_paused"] is False
    # Asterisk's truth wins over a work mode that did not reach it.
    board.work_mode("sales-a", ModeSpec("Break", False, "2"), at(3))
    assert board.agents["sales-a"].status(at(3)) == "idle"
    removed = parse_frame("Event: QueueMemberRemoved\r\nQueue: sales-L1\r\n"
                          "Interface: PJSIP/sales-a")
    board.ami_event(removed, at(4))
    assert board.agents["sales-a"].status(at(4)) == "away"  # no word from Asterisk: the mode


def test_a_waiting_call_shows_the_route_steps_it_took():
    board = board_with_agents()
    feed(board, CallStarted("5.0", at(0), "+49301", "1", "c"))
    [change] = board.route_steps("5.0", [("menu", "ivr_menu", "Main menu"),
                                         ("q", "queue", "")])
    assert [step["label"] for step in change["call"]["path"]] == ["Main menu", ""]
    [change] = board.route_steps("5.0", [("bye", "hangup", "Goodbye")])
    assert [step["node"] for step in change["call"]["path"]] == ["menu", "q", "bye"]
    assert board.route_steps("9.9", [("menu", "ivr_menu", "")]) == []  # not on the board


def test_a_caller_held_between_levels_still_waits_in_the_queue():
    board = board_with_agents()
    feed(board, CallStarted("6.0", at(0), "+49301", "1", "c"))
    board.route_waits("6.0", "sales", at(1))  # the route's queue node starts
    # Everyone busy: Queue() returns at once (no QueueCallerJoin), the route holds the caller.
    feed(board, QueueFinished("6.0", at(1), "JOINEMPTY"))
    queue = board.snapshot(at(10))["queues"][0]
    assert (queue["name"], queue["waiting"], queue["longest_wait_seconds"]) == ("sales", 1, 9)
    assert board.calls["6.0"].state == "queued"
    # A level rang and timed out: still waiting for the queue.
    feed(board, QueueJoined("6.0", at(11), "sales-L1", 1),
         QueueLeft("6.0", at(14), "sales-L1", 1, True, 3),
         QueueFinished("6.0", at(14), "TIMEOUT"))
    assert board.snapshot(at(15))["queues"][0]["waiting"] == 1
    # The route goes on elsewhere (voicemail): no longer waiting.
    board.route_waits("6.0", None, at(20))
    assert board.snapshot(at(20))["queues"][0]["waiting"] == 0
    assert board.calls["6.0"].state == "in_route"


def test_a_caller_sent_from_the_queue_to_an_agent_counts_as_the_queues_answer():
    board = board_with_agents()
    feed(board, CallStarted("7.0", at(0), "+49301", "1", "c"))
    board.route_waits("7.0", "sales", at(1))
    feed(board, QueueJoined("7.0", at(1), "sales-L1", 1),
         QueueLeft("7.0", at(5), "sales-L1", 1, False, 4),  # withdrawn for the redirect
         AgentRung("7.0", at(6), "PJSIP/sales-b", ""),  # a direct dial of the chosen agent
         AgentAnswered("7.0", at(9), "PJSIP/sales-b", "", None))
    queue = board.snapshot(at(10))["queues"][0]
    assert (queue["waiting"], queue["answered_today"], queue["service_level"]) == (0, 1, 100.0)
    agents = {agent["endpoint"]: agent for agent in board.snapshot(at(10))["agents"]}
    assert agents["sales-b"]["answered_today"] == 1
    # The route's queue node ends when the conversation does: nothing counted twice.
    board.route_waits("7.0", None, at(60))
    assert board.snapshot(at(61))["queues"][0]["answered_today"] == 1
    # A direct dial of a caller who no longer waits for a queue is no queue's answer.
    feed(board, CallStarted("8.0", at(70), "+49302", "1", "c"),
         AgentAnswered("8.0", at(75), "PJSIP/sales-a", "", None))
    assert board.snapshot(at(76))["queues"][0]["answered_today"] == 1


def test_todays_calls_from_the_database_count_once_beside_the_live_events():
    board = board_with_agents()
    board.know_queues(["sales"], at(0))
    assert board.today_began(at(0)) == datetime(2026, 11, 23, tzinfo=ZoneInfo("Europe/Berlin"))
    # Restarted at noon: the morning's calls are in the database.
    changes = board.count_day([
        DayCall("1.0", "sales", "sales-a", True, 5, False),
        DayCall("2.0", "sales", "sales-b", True, 45, False),
        DayCall("3.0", "sales", "", False, None, True),
        DayCall("4.0", "", "sales-a", True, None, False),  # a direct call to Anna
    ], at(1))
    assert [change["type"] for change in changes] == ["queue", "agent", "agent"]
    queue = board.snapshot(at(2))["queues"][0]
    assert (queue["answered_today"], queue["abandoned_today"], queue["service_level"]) == (
        2, 1, 33.3)
    agents = {agent["endpoint"]: agent["answered_today"]
              for agent in board.snapshot(at(2))["agents"]}
    assert agents == {"sales-a": 2, "sales-b": 1}
    # A call the board also saw live (answered before the restart, still talking) counts once.
    feed(board, CallStarted("1.0", at(3), "+49301", "1", "c"),
         AgentAnswered("1.0", at(4), "PJSIP/sales-a", "sales-L1", 0),
         CallStarted("5.0", at(5), "+49302", "1", "c"),
         QueueJoined("5.0", at(5), "sales-L1", 1),
         AgentAnswered("5.0", at(8), "PJSIP/sales-b", "sales-L1", 3))
    assert board.snapshot(at(9))["queues"][0]["answered_today"] == 3
    agents = {agent["endpoint"]: agent["answered_today"]
              for agent in board.snapshot(at(9))["agents"]}
    assert agents == {"sales-a": 2, "sales-b": 2}
    # The next day counts afresh, said at the first check after midnight however quiet.
    tomorrow = at(24 * 3600)
    rolled = board.reconcile([], [], tomorrow, tomorrow)
    assert {"queue", "agent"} <= {change["type"] for change in rolled}
    assert board.snapshot(tomorrow)["queues"][0]["answered_today"] == 0
    board.count_day([DayCall("1.0", "sales", "sales-a", True, 5, False)], tomorrow)
    assert board.snapshot(tomorrow)["queues"][0]["answered_today"] == 1


def test_a_desk_phone_at_a_fixed_address_says_so_instead_of_not_known():
    board = LiveBoard()
    [change] = board.know_agents({"desk1": AgentAccountFacts("Desk", {}, True)}, T0)
    assert change["agent"]["fixed_address"] is True and change["agent"]["registered"] is None
