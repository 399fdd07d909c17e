"""Calls to tickets against real databases (SQLite and PostgreSQL), replays included."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy import update as sql_update

from ringdesk import migrate
from ringdesk.callcenter.calls.models import Call
from ringdesk.callcenter.calls.outcome import CallTicketPolicy, TicketMode
from ringdesk.callcenter.calls.recorder import CallRecorder, FallbackRecord, PathSteps
from ringdesk.callcenter.calls.updates import (
    AgentAnswered,
    AgentFinished,
    AgentNotAnswered,
    AgentRung,
    CallAnswered,
    CallEnded,
    CallStarted,
    LegEnded,
    LegStarted,
    QueueFinished,
    QueueJoined,
    QueueLeft,
    RecordingStarted,
)
from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.helpdesk.calls.tickets import CallTicketDesk
from ringdesk.helpdesk.customers.models import Contact
from ringdesk.helpdesk.numbering.counters import do_next_ticket_number
from ringdesk.helpdesk.numbering.patterns import parse_pattern
from ringdesk.helpdesk.setup.models import TicketQueue, TicketStatus
from ringdesk.helpdesk.tickets.models import Ticket

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def lifecycle(linkedid: str, answered: bool = True, start: datetime = T0,
              caller: str = "+4915112345678"):
    """A call that reaches an agent (answered) or rings out unanswered at the PBX."""
    updates = [CallStarted(linkedid, start, caller, "4930120000", "PJSIP/trunk-1")]
    if answered:
        updates.append(CallAnswered(linkedid, start + timedelta(seconds=1)))
        updates.append(AgentAnswered(linkedid, start + timedelta(seconds=2), "PJSIP/agent-a",
                                     "", None))
    updates.append(PathSteps(linkedid, ({"at": (start + timedelta(seconds=1)).isoformat(),
                                         "step": "answer"},)))
    updates.append(CallEnded(linkedid, start + timedelta(seconds=5), 16, "Normal Clearing"))
    return updates


def counts(sessions):
    with sessions() as session:
        return tuple(session.scalar(select(func.count()).select_from(model))
                     for model in (Call, Ticket, Contact))


def test_answered_call_becomes_one_ticket_with_times_and_e164(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE", CallTicketDesk)
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
    recorder = CallRecorder(sessions, "DE", CallTicketDesk)
    for update in lifecycle("100.2") + lifecycle("100.2"):
        recorder.apply(update)
    assert counts(sessions) == (1, 1, 1)


def test_missed_call_and_a_second_call_share_the_contact(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE", CallTicketDesk)
    later = T0 + timedelta(hours=2)  # outside the repeat window: a ticket each
    for update in lifecycle("100.3", answered=False) + lifecycle("100.4", start=later):
        recorder.apply(update)
    assert counts(sessions) == (2, 2, 1)
    with sessions() as session:
        subjects = sorted(session.scalars(select(Ticket.subject)))
    assert subjects == ["Call from +4915112345678", "Missed call from +4915112345678"]


def test_fallback_record_alone_and_merged_with_ami(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE", CallTicketDesk)
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
        assert call.outcome == "answered"  # AMI saw an agent answer it
        assert [step["step"] for step in call.path] == ["fallback", "answer"]


def test_anonymous_caller_gets_a_ticket_without_contact(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE", CallTicketDesk)
    recorder.apply(CallStarted("300.1", T0, "anonymous", "4930120000", "PJSIP/trunk-2"))
    recorder.apply(CallEnded("300.1", T0, 127, ""))
    with sessions() as session:
        ticket = session.scalars(select(Ticket)).one()
        assert ticket.contact_id is None
        assert ticket.subject == "Missed call from anonymous"


def test_parallel_writers_on_one_linkedid_make_one_ticket(database_url):
    """Two processes (say, after a failover) recording the same call at once."""
    recorders = [CallRecorder(make_sessionmaker(make_engine(database_url)), "DE", CallTicketDesk)
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
    recorder = CallRecorder(sessions, "DE", CallTicketDesk)
    recorder.apply(PathSteps("500.1", ({"at": T0.isoformat(), "step": "answer"},),
                             "+4915112345678", "4930120000"))
    with sessions() as session:
        call = session.scalars(select(Call)).one()
        assert call.caller_number == "+4915112345678"
        assert call.dialed_number == "+4930120000"
        assert call.started_at == T0 and call.ended_at is None


def test_route_fields_for_a_call_ami_has_not_reported_yet(database_url):
    """The AGI side may write first: the path with its ticket fields steps, then AMI."""
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE", CallTicketDesk)
    recorder.apply_batch([
        PathSteps("600.1", (fields_step("vip_fields", "", "urgent", ["vip"]),),
                  "+4915112345678", "4930120000", None),
        PathSteps("600.1", ({"at": T0.isoformat(), "node": "menu"},
                            fields_step("support_fields", "support", "", ["ivr"]))),
    ])
    for update in lifecycle("600.1"):
        recorder.apply(update)
    with sessions() as session:
        ticket = session.scalars(select(Ticket)).one()
        assert (ticket.category, ticket.priority, ticket.tags) == (
            "support", "urgent", ["ivr", "vip"])


def test_ticket_fields_in_a_path_that_arrives_after_the_ticket_change_it(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE", CallTicketDesk)
    for update in lifecycle("610.1"):
        recorder.apply(update)
    recorder.apply(PathSteps("610.1", (fields_step("sales", "sales", "high", ["ivr"]),)))
    with sessions() as session:
        ticket = session.scalars(select(Ticket)).one()
        assert (ticket.category, ticket.priority, ticket.tags) == ("sales", "high", ["ivr"])


def fields_step(node: str, category: str, priority: str, tags: list[str]) -> dict:
    return {"at": T0.isoformat(), "node": node, "type": "ticket_fields", "port": "next",
            "reason": "ticket fields set",
            "effects": [{"effect": "SetTicketFields", "category": category,
                         "priority": priority, "tags": tags}]}


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


def test_call_tickets_use_the_queue_pattern(database_url):
    """Calls land in the default ticket queue and take its numbering pattern."""
    sessions = make_sessionmaker(make_engine(database_url))
    with sessions.begin() as session:
        session.execute(sql_update(TicketQueue).where(TicketQueue.is_default.is_(True))
                        .values(number_pattern="TK-{{nr}}"))
    recorder = CallRecorder(sessions, "DE", CallTicketDesk)
    for linkedid, caller in (("700.1", "+4915112345678"), ("700.2", "+4915112345679")):
        for update in lifecycle(linkedid, caller=caller):
            recorder.apply(update)
    with sessions() as session:
        assert sorted(session.scalars(select(Ticket.number))) == ["TK-1", "TK-2"]


def ticket_of(sessions, linkedid):
    with sessions() as session:
        call = session.scalars(select(Call).where(Call.linkedid == linkedid)).one()
        ticket = session.get(Ticket, call.ticket_id) if call.ticket_id else None
        return call, ticket


def test_fallback_call_alone_is_missed_and_needs_a_call_back(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    CallRecorder(sessions, "DE", CallTicketDesk).apply(FallbackRecord(
        "200.2", "+4915112345678", "4930120000", T0, T0 + timedelta(seconds=1),
        T0 + timedelta(seconds=4), "FAILURE"))
    call, ticket = ticket_of(sessions, "200.2")
    assert call.outcome == "missed" and ticket is not None and ticket.status == "call_back"


def test_queued_call_answered_by_an_agent_keeps_the_whole_story(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE", CallTicketDesk)
    s = [T0 + timedelta(seconds=n) for n in range(60)]
    recorder.apply_batch([
        CallStarted("800.1", s[0], "+4915112345678", "4930120000", "PJSIP/trunk-1"),
        CallAnswered("800.1", s[1]),
        QueueJoined("800.1", s[2], "support-L1", 1),
        AgentRung("800.1", s[2], "PJSIP/agent-a", "support-L1"),
        AgentNotAnswered("800.1", s[7], "PJSIP/agent-a", "NOANSWER", 5),
        AgentRung("800.1", s[8], "PJSIP/agent-b", "support-L1"),
        LegStarted("800.1", s[8], "800.2", "PJSIP/agent-b-00000002"),
    ])
    assert ticket_of(sessions, "800.1")[0].state == "ringing_agent"  # live view
    recorder.apply_batch([
        QueueLeft("800.1", s[10], "support-L1", 1, False, 8),
        AgentAnswered("800.1", s[10], "PJSIP/agent-b", "support-L1", 8),
        RecordingStarted("800.1", s[10], "/var/spool/asterisk/monitor/800.1.wav"),
        AgentFinished("800.1", s[52], "PJSIP/agent-b", 42, "agent"),
        LegEnded("800.1", s[52], "800.2", 16),
        CallEnded("800.1", s[52], 16, "Normal Clearing", "agent"),
    ])
    call, ticket = ticket_of(sessions, "800.1")
    assert (call.state, call.outcome, call.agent) == ("ended", "answered", "PJSIP/agent-b")
    assert (call.hold_seconds, call.talk_seconds, call.wait_seconds) == (8, 42, 10)
    assert call.hangup_side == "agent" and call.recording == "800.1.wav"
    assert [(a["agent"], a["result"]) for a in call.agents_rung] == [
        ("PJSIP/agent-a", "NOANSWER"), ("PJSIP/agent-b", "ANSWER")]
    assert call.queue_events[0]["queue"] == "support-L1"
    assert call.queue_events[0]["abandoned"] is False
    assert call.legs[0]["channel"] == "PJSIP/agent-b-00000002" and call.legs[0]["cause"] == 16
    assert ticket is not None and ticket.status == "open"


def test_caller_hanging_up_in_the_queue_is_abandoned(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE", CallTicketDesk)
    recorder.apply_batch([
        CallStarted("810.1", T0, "+4915112345678", "4930120000", "PJSIP/trunk-1"),
        QueueJoined("810.1", T0, "support-L1", 3),
        QueueLeft("810.1", T0 + timedelta(seconds=30), "support-L1", 1, True, 30),
        CallEnded("810.1", T0 + timedelta(seconds=30), 16, "Normal Clearing", ""),
    ])
    call, ticket = ticket_of(sessions, "810.1")
    assert call.outcome == "abandoned" and ticket.status == "call_back"
    assert ticket.subject == "Abandoned call from +4915112345678"


def test_a_late_path_turns_a_queue_timeout_into_a_voicemail(database_url):
    """AMI's hangup may be written before the route's last steps: the call is classified
    again when they arrive, and its ticket follows."""
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE", CallTicketDesk)
    recorder.apply_batch([
        CallStarted("820.1", T0, "+4915112345678", "4930120000", "PJSIP/trunk-1"),
        QueueJoined("820.1", T0, "support-L1", 1),
        QueueLeft("820.1", T0 + timedelta(seconds=30), "support-L1", 1, True, 30),
        QueueFinished("820.1", T0 + timedelta(seconds=30), "TIMEOUT"),
        CallEnded("820.1", T0 + timedelta(seconds=50), 16, "Normal Clearing", ""),
    ])
    assert ticket_of(sessions, "820.1")[0].outcome == "missed"
    recorder.apply(PathSteps("820.1", ({
        "at": T0.isoformat(), "node": "vm", "type": "voicemail", "port": None,
        "effects": [{"effect": "RecordVoicemail", "recording": "voicemail-820.1.wav"}]},)))
    call, ticket = ticket_of(sessions, "820.1")
    assert call.outcome == "voicemail" and ticket.status == "call_back"


def test_repeat_caller_inside_the_window_joins_the_open_ticket(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE", CallTicketDesk,
                            policy=CallTicketPolicy(repeat_window=timedelta(minutes=30)))
    for update in lifecycle("900.1", answered=False):
        recorder.apply(update)
    _, first = ticket_of(sessions, "900.1")
    assert first.status == "call_back"
    # Each user reads the subject in their language: its key and caller, beside the English.
    assert first.subject_key.startswith("call_") and first.subject_params["caller"]
    assert first.subject.startswith(("Missed call from", "Abandoned call from"))
    # Twenty minutes later the caller gets through: same ticket, no call back needed.
    for update in lifecycle("900.2", start=T0 + timedelta(minutes=20)):
        recorder.apply(update)
    _, second = ticket_of(sessions, "900.2")
    assert second.id == first.id and second.status == "open"
    # Two hours after that: a new ticket.
    for update in lifecycle("900.3", start=T0 + timedelta(hours=2, minutes=20)):
        recorder.apply(update)
    third = ticket_of(sessions, "900.3")[1]
    assert third.id != first.id
    assert counts(sessions) == (3, 2, 1)


def test_repeat_call_after_the_ticket_was_resolved_opens_a_new_one(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE", CallTicketDesk)
    for update in lifecycle("910.1"):
        recorder.apply(update)
    with sessions.begin() as session:
        ticket = session.scalars(select(Ticket)).one()
        ticket.status, ticket.closed = "resolved", True
    for update in lifecycle("910.2", start=T0 + timedelta(minutes=5)):
        recorder.apply(update)
    assert ticket_of(sessions, "910.2")[1].id != ticket_of(sessions, "910.1")[1].id


def test_repeat_call_after_a_custom_finished_status_opens_a_new_one(database_url):
    """Finished is the status's configured kind, not a list of codes in the call center."""
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE", CallTicketDesk)
    for update in lifecycle("915.1"):
        recorder.apply(update)
    with sessions.begin() as session:
        session.add(TicketStatus(code="done", name="Done", kind="closed", position=9))
        ticket = session.scalars(select(Ticket)).one()
        ticket.status, ticket.closed = "done", True
    for update in lifecycle("915.2", start=T0 + timedelta(minutes=5)):
        recorder.apply(update)
    assert ticket_of(sessions, "915.2")[1].id != ticket_of(sessions, "915.1")[1].id


def test_repeat_calls_in_one_batch_share_a_ticket(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE", CallTicketDesk)
    recorder.apply_batch(lifecycle("920.1", answered=False)
                         + lifecycle("920.2", answered=False,
                                     start=T0 + timedelta(minutes=1)))
    assert counts(sessions)[:2] == (2, 1)


def test_ticket_mode_missed_only_and_off(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    missed_only = CallRecorder(sessions, "DE", CallTicketDesk,
                               policy=CallTicketPolicy(TicketMode.MISSED))
    for update in lifecycle("930.1", caller="+4915100000001"):
        missed_only.apply(update)
    for update in lifecycle("930.2", answered=False, caller="+4915100000002"):
        missed_only.apply(update)
    assert ticket_of(sessions, "930.1")[1] is None
    assert ticket_of(sessions, "930.2")[1].status == "call_back"
    off = CallRecorder(sessions, "DE", CallTicketDesk, policy=CallTicketPolicy(TicketMode.OFF))
    for update in lifecycle("930.3", answered=False, caller="+4915100000003"):
        off.apply(update)
    call, ticket = ticket_of(sessions, "930.3")
    assert call.outcome == "missed" and ticket is None


def test_an_agent_answering_is_the_tickets_first_reaction(database_url):
    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE", CallTicketDesk)
    for linkedid, answered, caller in (("900.1", True, "+4915112345601"),
                                       ("900.2", False, "+4915112345602")):
        for update in lifecycle(linkedid, answered=answered, caller=caller):
            recorder.apply(update)
    _, answered_ticket = ticket_of(sessions, "900.1")
    _, missed_ticket = ticket_of(sessions, "900.2")
    assert answered_ticket.first_reaction_at is not None
    assert answered_ticket.first_reaction_at >= answered_ticket.created_at
    assert missed_ticket.first_reaction_at is None


def test_a_subject_a_person_writes_is_no_longer_the_servers(database_url):
    from ringdesk.helpdesk.tickets.changes import set_subject
    from ringdesk.helpdesk.tickets.desk import Desk

    sessions = make_sessionmaker(make_engine(database_url))
    recorder = CallRecorder(sessions, "DE", CallTicketDesk)
    for update in lifecycle("920.1"):
        recorder.apply(update)
    with sessions.begin() as session:
        ticket = session.get(Ticket, ticket_of(sessions, "920.1")[1].id)
        assert ticket is not None and ticket.subject_key == "call_answered"
        set_subject(Desk(session, None, T0), ticket, "Wants a refund")
    rewritten = ticket_of(sessions, "920.1")[1]
    assert (rewritten.subject, rewritten.subject_key, rewritten.subject_params) == (
        "Wants a refund", "", {})


def test_a_ticket_opens_when_an_agent_answers_and_keeps_what_they_did_meanwhile(database_url):
    from ringdesk.callcenter.pbx.models import AgentAccount
    from ringdesk.core.users.operations import do_create_user
    from ringdesk.helpdesk.setup.models import Notification
    from ringdesk.helpdesk.tickets.changes import set_status
    from ringdesk.helpdesk.tickets.desk import Desk

    sessions = make_sessionmaker(make_engine(database_url))
    with sessions.begin() as session:
        anna = do_create_user(session, "anna", "Anna", rank="agent", password="x" * 12)
        session.flush()
        session.add(AgentAccount(endpoint="agent-a", user_id=anna.id))
        anna_id = anna.id
    recorder = CallRecorder(sessions, "DE", CallTicketDesk)
    *talking, ended = lifecycle("940.1")
    for update in talking:
        recorder.apply(update)
    call, ticket = ticket_of(sessions, "940.1")
    assert call.outcome is None and call.state == "talking"
    assert ticket is not None and ticket.status == "open"
    assert ticket.owner_id == anna_id  # the agent who answered works it
    with sessions() as session:  # taking a call is no news to the one who took it
        assert session.scalars(select(Notification.kind)).all() == []
    with sessions.begin() as session:
        open_ticket = session.get(Ticket, ticket.id)
        assert open_ticket is not None
        set_status(Desk(session, None, T0), open_ticket, "resolved")
    recorder.apply(ended)
    call, after = ticket_of(sessions, "940.1")
    assert call.outcome == "answered" and after.id == ticket.id
    assert after.status == "resolved"  # the hangup did not undo the agent's change
