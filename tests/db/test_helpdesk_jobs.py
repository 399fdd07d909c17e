"""What the help desk does as time passes, on real databases, with a controlled clock."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.core.users.models import User
from ringdesk.helpdesk.jobs import run_tick
from ringdesk.helpdesk.setup.models import Notification, TicketQueue
from ringdesk.helpdesk.tickets.conversation import snooze
from ringdesk.helpdesk.tickets.desk import Desk
from ringdesk.helpdesk.tickets.models import Ticket
from ringdesk.helpdesk.tickets.opening import open_ticket
from tests.db.helpdesk_fixtures import desk, support_queue  # noqa: F401 - fixture

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def present(sessions, who_ids, at, signed_out=False):
    with sessions.begin() as session:
        session.execute(update(User).where(User.id.in_(who_ids))
                        .values(last_seen_at=at, signed_out=signed_out))


def new_tickets(sessions, count, at=T0, channel="email", owner=None, queue="support"):
    ids = []
    with sessions.begin() as session:
        work = Desk(session, None, at)
        for index in range(count):
            ticket = open_ticket(work, f"Ticket {index}", channel, queue=work.queue(queue),
                                 owner_id=owner)
            ids.append(ticket.id)
    return ids


def owners(sessions, ids):
    with sessions() as session:
        return [session.get(Ticket, ticket_id).owner_id for ticket_id in ids]


def notifications(sessions, user_id, kind):
    with sessions() as session:
        return session.scalar(select(func.count()).where(
            Notification.user_id == user_id, Notification.kind == kind))


def test_automatic_distribution_fills_online_agents_up_to_their_buffer(desk):  # noqa: F811
    support_queue(desk, distribution="automatic", source_weights={"phone": 10})
    anna, ben, pia = desk.ids["anna"], desk.ids["ben"], desk.ids["pia"]
    present(desk.sessions, [anna, ben], T0 + timedelta(minutes=6))
    present(desk.sessions, [pia], T0 + timedelta(minutes=6), signed_out=True)
    emails = new_tickets(desk.sessions, 6)
    phone = new_tickets(desk.sessions, 1, at=T0 + timedelta(minutes=5), channel="phone")
    report = run_tick(desk.sessions, T0 + timedelta(minutes=6))
    assert report.assigned == 7
    held = owners(desk.sessions, emails + phone)
    assert held.count(anna) == 2 and held.count(ben) == 5 and pia not in held
    assert held[-1] is not None  # the phone ticket went first despite being newest
    assert notifications(desk.sessions, ben, "transferred_to_me") == 5
    # Full buffers: a new ticket waits until someone has room.
    late = new_tickets(desk.sessions, 1, at=T0 + timedelta(minutes=7))
    assert run_tick(desk.sessions, T0 + timedelta(minutes=8)).assigned == 0
    assert owners(desk.sessions, late) == [None]


def test_tickets_of_an_agent_logged_out_too_long_go_back(desk):  # noqa: F811
    support_queue(desk, distribution="automatic", resolution_minutes=60,
                  reassign_after_minutes=30, reassign_percent={"email": 50})
    anna, ben = desk.ids["anna"], desk.ids["ben"]
    present(desk.sessions, [anna], T0, signed_out=True)
    present(desk.sessions, [ben], T0 + timedelta(minutes=40))
    mine = new_tickets(desk.sessions, 1, owner=anna)
    fresh = new_tickets(desk.sessions, 1, at=T0 + timedelta(minutes=35), owner=anna)
    report = run_tick(desk.sessions, T0 + timedelta(minutes=40))
    # 40 of 60 minutes used (67 % >= 50 %): back to distribution, and on to Ben;
    # the one 5 minutes old (8 %) stays with Anna.
    assert report.reassigned == 1
    assert owners(desk.sessions, mine + fresh) == [ben, anna]


def test_snoozes_end_and_sla_breaches_are_announced_once(desk):  # noqa: F811
    support_queue(desk, reaction_minutes=30)
    ben = desk.ids["ben"]
    [ticket_id] = new_tickets(desk.sessions, 1, owner=ben)
    with desk.sessions.begin() as session:
        snooze(Desk(session, ben, T0), ticket_id, T0 + timedelta(hours=1))
    first = run_tick(desk.sessions, T0 + timedelta(minutes=31))
    assert (first.reaction_passed, first.woken) == (1, 0)
    second = run_tick(desk.sessions, T0 + timedelta(hours=1, minutes=1))
    assert (second.reaction_passed, second.woken) == (0, 1)
    assert notifications(desk.sessions, ben, "reaction_time_passed") == 1
    assert notifications(desk.sessions, ben, "snooze_ended") == 1
    with desk.sessions() as session:
        assert session.get(Ticket, ticket_id).snoozed_until is None


def test_nobody_logged_in_alerts_supervisors_once(desk):  # noqa: F811
    queue = support_queue(desk, no_agent_alert_minutes=10)
    agents = [desk.ids[name] for name in ("anna", "ben", "pia")]
    present(desk.sessions, agents, T0, signed_out=True)
    assert run_tick(desk.sessions, T0 + timedelta(minutes=9)).alerts == []
    assert run_tick(desk.sessions, T0 + timedelta(minutes=11)).alerts == [queue["code"]]
    assert run_tick(desk.sessions, T0 + timedelta(minutes=12)).alerts == []
    assert notifications(desk.sessions, desk.ids["lead"], "no_agent") == 1
    assert notifications(desk.sessions, desk.ids["admin"], "no_agent") == 1
    present(desk.sessions, agents[:1], T0 + timedelta(minutes=13))
    run_tick(desk.sessions, T0 + timedelta(minutes=13))
    with desk.sessions() as session:
        assert session.get(TicketQueue, queue["id"]).no_agent_alerted_at is None


def test_parallel_ticket_creation_never_repeats_a_number(desk, database_url):  # noqa: F811
    support_queue(desk, number_pattern="{{yy}}-{{nr-y}}")
    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    barrier = threading.Barrier(8)
    failures: list[BaseException] = []

    def create() -> None:
        barrier.wait()
        try:
            for _ in range(25):
                new_tickets(sessions, 1)
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=create) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    assert failures == []
    with desk.sessions() as session:
        numbers = sorted(session.scalars(select(Ticket.number)),
                         key=lambda number: int(number.split("-")[1]))
    assert numbers == [f"26-{n}" for n in range(1, 201)]


def test_changing_the_calendar_moves_open_tickets_due_times(desk):  # noqa: F811
    calendar = desk.post("admin", "/api/v1/calendars", {
        "name": "Office", "timezone": "UTC",
        "hours": {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}})
    support_queue(desk, resolution_minutes=120, calendar_id=calendar["id"])
    [ticket_id] = new_tickets(desk.sessions, 1, at=T0)  # Monday 09:00 UTC
    with desk.sessions() as session:
        assert session.get(Ticket, ticket_id).resolution_due == T0 + timedelta(hours=2)
    desk.call("admin", "PUT", f"/api/v1/calendars/{calendar['id']}", 200, json={
        "name": "Office", "timezone": "UTC",
        "hours": {day: [["10:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}})
    assert run_tick(desk.sessions, T0 + timedelta(minutes=1)).recomputed == 1
    with desk.sessions() as session:
        assert session.get(Ticket, ticket_id).resolution_due == T0 + timedelta(hours=3)
        assert session.scalar(select(TicketQueue.sla_rebuild_from).where(
            TicketQueue.code == "support")) is None
    assert run_tick(desk.sessions, T0 + timedelta(minutes=2)).recomputed == 0


def test_two_agents_changing_one_ticket_at_once_lose_nothing(desk, database_url):  # noqa: F811
    """Both read version 1 and write at the same moment: one wins, the other gets 409 and
    nothing it did is half-applied; its retry on the new version keeps both changes."""
    support_queue(desk)
    ticket = desk.post("lead", "/api/v1/tickets", {"subject": "Race", "queue": "support"})
    barrier = threading.Barrier(2)
    answers = {}

    def change(who, body):
        client = desk.client.application.test_client()
        barrier.wait()
        answers[who] = client.patch(f"/api/v1/tickets/{ticket['id']}",
                                    json={"version": ticket["version"], **body},
                                    headers={"Authorization": f"Bearer {desk.tokens[who]}"})

    threads = [threading.Thread(target=change, args=("ben", {"priority": "urgent"})),
               threading.Thread(target=change, args=("pia", {"tags": ["vip"]}))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(answer.status_code for answer in answers.values())
    assert codes == [200, 409]
    loser = next(who for who, answer in answers.items() if answer.status_code == 409)
    current = desk.get("lead", f"/api/v1/tickets/{ticket['id']}")
    retry = {"priority": "urgent"} if loser == "ben" else {"tags": ["vip"]}
    final = desk.patch(loser, f"/api/v1/tickets/{ticket['id']}",
                       {"version": current["version"], **retry})
    assert (final["priority"], final["tags"]) == ("urgent", ["vip"])
    kinds = [entry["kind"] for entry in
             desk.get("lead", f"/api/v1/tickets/{ticket['id']}/timeline")]
    assert kinds.count("priority") == 1 and kinds.count("tags") == 1


def test_a_corrected_status_history_moves_the_due_time(desk):  # noqa: F811
    """Waiting from T0+2h to T0+3h, corrected to T0+1h: an hour more of pause."""
    from ringdesk.helpdesk.tickets.changes import set_status
    from ringdesk.helpdesk.tickets.conversation import correct_status_time
    from ringdesk.helpdesk.tickets.models import TicketEvent

    support_queue(desk, resolution_minutes=600)
    [ticket_id] = new_tickets(desk.sessions, 1, at=T0)
    for status, hours in (("waiting_customer", 2), ("open", 3)):
        with desk.sessions.begin() as session:
            work = Desk(session, desk.ids["ben"], T0 + timedelta(hours=hours))
            set_status(work, work.ticket(ticket_id), status)
    with desk.sessions() as session:
        before = session.get(Ticket, ticket_id).resolution_due
        paused = session.scalar(select(TicketEvent.id).where(
            TicketEvent.ticket_id == ticket_id, TicketEvent.kind == "status").limit(1))
    assert before == T0 + timedelta(hours=11)  # 10 h of clock plus the hour of waiting
    with desk.sessions.begin() as session:
        work = Desk(session, desk.ids["lead"], T0 + timedelta(hours=4))
        correct_status_time(work, ticket_id, paused, T0 + timedelta(hours=1))
    with desk.sessions() as session:
        assert session.get(Ticket, ticket_id).resolution_due == T0 + timedelta(hours=12)
