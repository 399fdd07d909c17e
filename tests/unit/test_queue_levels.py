"""The level walk of a leveled queue, without Asterisk."""

from __future__ import annotations

from ringdesk.callcenter.queues.levels import (
    CountLoggedIn,
    Finished,
    Hold,
    JoinLevel,
    Level,
    LevelWalk,
    QueuePlan,
)

PLAN = QueuePlan("support", (Level("support-L1", 2), Level("support-L2", 1)), ring_timeout=10,
                 retry=2)


def test_levels_ring_in_order_each_for_one_pass_over_its_agents():
    walk = LevelWalk(PLAN, max_wait=300)
    assert walk.next_step() == JoinLevel(1, "support-L1", 24)
    walk.joined("TIMEOUT", 24)
    assert walk.next_step() == JoinLevel(2, "support-L2", 12)
    walk.joined("TIMEOUT", 12)
    assert walk.next_step() == JoinLevel(1, "support-L1", 24)  # round two


def test_answer_in_level_two_finishes_connected():
    walk = LevelWalk(PLAN, max_wait=300)
    walk.joined("JOINEMPTY", 0)  # everyone in level 1 busy or paused: passed on at once
    assert walk.next_step() == JoinLevel(2, "support-L2", 12)
    walk.joined("", 3)
    assert walk.next_step() == Finished("")
    assert walk.history == [(1, "JOINEMPTY"), (2, "CONNECTED")]


def test_the_last_level_is_cut_to_the_maximum_wait():
    walk = LevelWalk(PLAN, max_wait=30)
    walk.joined("TIMEOUT", 24)
    assert walk.next_step() == JoinLevel(2, "support-L2", 6)
    walk.joined("TIMEOUT", 6)
    assert walk.next_step() == Finished("TIMEOUT")


def test_nobody_logged_in_anywhere_is_no_agents():
    walk = LevelWalk(PLAN, max_wait=300)
    walk.joined("JOINEMPTY", 0)
    walk.joined("JOINEMPTY", 0)
    assert walk.next_step() == CountLoggedIn(("support-L1", "support-L2"))
    walk.counted(0)
    assert walk.next_step() == Finished("JOINEMPTY")


def test_everyone_busy_holds_the_caller_and_tries_again():
    walk = LevelWalk(PLAN, max_wait=300)
    walk.joined("JOINEMPTY", 0)
    walk.joined("JOINEMPTY", 0)
    assert isinstance(walk.next_step(), CountLoggedIn)
    walk.counted(3)
    assert walk.next_step() == Hold("default", 5)
    walk.held(5)
    assert walk.next_step() == JoinLevel(1, "support-L1", 24)


def test_full_or_unknown_queue_ends_the_walk():
    walk = LevelWalk(PLAN, max_wait=300)
    walk.joined("FULL", 0)
    assert walk.next_step() == Finished("FULL")
    assert LevelWalk(QueuePlan("x", (), 10, 2), 60).next_step() == Finished("JOINEMPTY")


def test_a_caller_sent_to_an_agent_who_answers_leaves_the_queue_connected():
    walk = LevelWalk(PLAN, max_wait=300)
    walk.joined("TIMEOUT", 24)
    walk.redirected(8, answered=True)
    assert walk.next_step() == Finished("")
    assert walk.history == [(1, "TIMEOUT"), (2, "REDIRECTED")]


def test_a_caller_sent_to_an_agent_who_does_not_answer_is_back_on_the_same_level():
    walk = LevelWalk(PLAN, max_wait=40)
    walk.joined("TIMEOUT", 24)
    walk.redirected(10, answered=False)
    assert walk.next_step() == JoinLevel(2, "support-L2", 6)  # the time rang out counts
    assert walk.history[-1] == (2, "REDIRECT_FAILED")
