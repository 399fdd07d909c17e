"""Who is on a ticket and writing on it: heartbeats, leaving, and heartbeats that stop."""

from __future__ import annotations

from ringdesk.web.presence import TicketPresence


def test_people_on_a_ticket_come_write_and_go():
    presence = TicketPresence(stay_seconds=30)
    assert presence.heard(7, 1, "Ann", present=True, writing=False, now=0)
    assert not presence.heard(7, 1, "Ann", present=True, writing=False, now=10)  # heartbeat
    assert presence.heard(7, 2, "Sam", present=True, writing=False, now=11)
    assert presence.heard(7, 1, "Ann", present=True, writing=True, now=12)
    assert presence.people_on(7) == [{"user_id": 1, "name": "Ann", "writing": True},
                                     {"user_id": 2, "name": "Sam", "writing": False}]
    assert presence.heard(7, 2, "Sam", present=False, writing=False, now=13)
    assert not presence.heard(7, 2, "Sam", present=False, writing=False, now=14)
    assert presence.user_ids_on(7) == {1} and presence.people_on(8) == []
    assert presence.tickets_of(1) == [7] and presence.tickets_of(2) == []


def test_someone_whose_heartbeat_stops_is_gone_after_the_stay():
    presence = TicketPresence(stay_seconds=30)
    presence.heard(7, 1, "Ann", present=True, writing=False, now=0)
    presence.heard(9, 2, "Sam", present=True, writing=False, now=20)
    assert presence.expire(now=29) == set()
    assert presence.expire(now=30) == {7}
    assert presence.user_ids_on(7) == set() and presence.user_ids_on(9) == {2}
    assert presence.expire(now=50) == {9}
