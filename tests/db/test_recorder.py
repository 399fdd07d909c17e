"""Calls to tickets against real databases (SQLite and PostgreSQL), replays included."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from callcenter.calls.models import Call
from callcenter.calls.recorder import CallRecorder, FallbackRecord, PathSteps, TicketFieldsChosen
from callcenter.calls.tracker import CallAnswered, CallEnded, CallStarted, Outcome
from helpdesk.counters import do_next_ticket_number
from helpdesk.models import Contact, Ticket
from helpdesk.numbering import parse_pattern
from ringdesk import migrate
from ringdesk.db import make_engine, make_sessionmaker

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def lifecycle(linkedid: str, answered: bool = True):
    updates = [CallStarted(linkedid, T0, "+4915112345678", "4930120000", "PJSIP/trunk-1")]
    if answered:
        updates.append(CallAnswered(linkedid, T0 + timedelta(seconds=1)))
    updates.append(PathSteps(linkedid, ({"at": (T0 + timedelta(seconds=1)).isoformat(),
                                         "step": "answer"},)))
    outcome = Outcome.ANSWERED if answered else Outcome.MISSED
    updates.append(CallEnded(linkedid, T0 + timedelta(seconds=5), outcome, 16,
                             "Normal Clearing"))
    return updates


def counts(sessions):
    with sessions() as session:
        return tuple(session.scalar(select(func.count()).select_from(model))
                     for model in (Call, Ticket, Contact))


def test_answered_call_becomes_one_ticket_with_times_and_e164(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE")
    for update in lifecycle("100.1"):
        recorder.apply(update)
    with sessions() as session:
        call = session.scalars(select(Call)).one()
        assert call.caller_number == "+4915112345678"
        assert call.dialed_number == "+4930120000"
        assert call.started_at == T0
        assert call.answered_at == T0 + timedelta(seconds=1)
        assert call.ended_at == T0 + timedelta(seconds=5)
        assert call.outcome == "answered" and call.hangup_cause == 16
        assert [step["step"] for step in call.path] == ["answer"]
        ticket = session.get(Ticket, call.ticket_id)
        assert ticket is not None and ticket.channel == "phone"
        assert ticket.contact is not None and ticket.contact.phone == "+4915112345678"
        assert ticket.number == "1"  # the default pattern {{nr}}


def test_replay_after_reconnect_changes_nothing(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE")
    for update in lifecycle("100.2") + lifecycle("100.2"):
        recorder.apply(update)
    assert counts(sessions) == (1, 1, 1)


def test_missed_call_and_a_second_call_share_the_contact(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE")
    for update in lifecycle("100.3", answered=False) + lifecycle("100.4"):
        recorder.apply(update)
    assert counts(sessions) == (2, 2, 1)
    with sessions() as session:
        subjects = sorted(session.scalars(select(Ticket.subject)))
    assert subjects == ["Call from +4915112345678", "Missed call from +4915112345678"]


def test_fallback_record_alone_and_merged_with_ami(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE")
    record = FallbackRecord("200.1", "+4915112345678", "4930120000", T0,
                            T0 + timedelta(seconds=1), T0 + timedelta(seconds=4), "FAILURE")
    recorder.apply(record)
    recorder.apply(record)  # imported twice (crash before DBDelTree): still one ticket
    for update in lifecycle("200.1"):  # AMI saw it too
        recorder.apply(update)
    assert counts(sessions) == (1, 1, 1)
    with sessions() as session:
        call = session.scalars(select(Call)).one()
        assert call.source == "fallback"
        assert call.outcome == "answered"
        assert [step["step"] for step in call.path] == ["fallback", "answer"]


def test_anonymous_caller_gets_a_ticket_without_contact(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE")
    recorder.apply(CallStarted("300.1", T0, "anonymous", "4930120000", "PJSIP/trunk-2"))
    recorder.apply(CallEnded("300.1", T0, Outcome.MISSED, 127, ""))
    with sessions() as session:
        ticket = session.scalars(select(Ticket)).one()
        assert ticket.contact_id is None
        assert ticket.subject == "Missed call from anonymous"


def test_parallel_writers_on_one_linkedid_make_one_ticket(database_url):
    """Two processes (say, after a failover) recording the same call at once."""
    recorders = [CallRecorder(make_sessionmaker(make_engine(database_url)), "DE")
                 for _ in range(4)]
    barrier = threading.Barrier(len(recorders))
    errors: list[BaseException] = []

    def record(recorder: CallRecorder) -> None:
        barrier.wait()
        try:
            for update in lifecycle("400.1"):
                recorder.apply(update)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=record, args=(r,)) for r in recorders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert counts(make_sessionmaker(make_engine(database_url)))[:2] == (1, 1)


def test_migrations_go_down_and_up_again(database_url):
    migrate.downgrade(database_url, "base")
    migrate.upgrade(database_url)
    sessions = make_sessionmaker(make_engine(database_url))
    assert counts(sessions) == (0, 0, 0)


def test_agi_steps_identify_a_call_ami_never_saw_start(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE")
    recorder.apply(PathSteps("500.1", ({"at": T0.isoformat(), "step": "answer"},),
                             "+4915112345678", "4930120000"))
    with sessions() as session:
        call = session.scalars(select(Call)).one()
        assert call.caller_number == "+4915112345678"
        assert call.dialed_number == "+4930120000"
        assert call.started_at == T0 and call.ended_at is None


def test_route_fields_for_a_call_ami_has_not_reported_yet(database_url):
    """The AGI side may write first: path and ticket fields in one batch, then AMI."""
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE")
    recorder.apply_batch([
        PathSteps("600.1", ({"at": T0.isoformat(), "node": "menu"},), "+4915112345678",
                  "4930120000", None),
        TicketFieldsChosen("600.1", "support", "high", ("ivr",)),
    ])
    for update in lifecycle("600.1"):
        recorder.apply(update)
    with sessions() as session:
        ticket = session.scalars(select(Ticket)).one()
        assert (ticket.category, ticket.priority, ticket.tags) == ("support", "high", ["ivr"])


def test_ticket_numbers_follow_the_pattern_and_never_repeat_under_parallel_writers(
        database_url):
    """Eight writers drawing yearly numbers at once: every number once, none skipped."""
    sessions = make_sessionmaker(make_engine(database_url))
    pattern = parse_pattern("{{yy}}-{{nr-y}}")
    drawn: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def draw() -> None:
        barrier.wait()
        for _ in range(25):
            with sessions.begin() as session:
                number = do_next_ticket_number(session, pattern, T0)
            with lock:
                drawn.append(number)

    threads = [threading.Thread(target=draw) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(drawn, key=lambda n: int(n.split("-")[1])) == \
        [f"26-{n}" for n in range(1, 201)]
    with sessions.begin() as session:  # a new year starts again at 1
        assert do_next_ticket_number(session, pattern, T0.replace(year=2027)) == "27-1"


def test_call_tickets_use_the_configured_pattern(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE", parse_pattern("TK-{{nr}}"))
    for linkedid in ("700.1", "700.2"):
        for update in lifecycle(linkedid):
            recorder.apply(update)
    with sessions() as session:
        assert sorted(session.scalars(select(Ticket.number))) == ["TK-1", "TK-2"]
