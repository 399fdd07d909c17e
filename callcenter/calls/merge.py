"""How one update changes a call's row: pure functions over a plain copy of the row.

The recorder loads a batch's rows once, merges every update in order here, and writes the
changed rows back with a couple of bulk statements. Merging is idempotent: a replayed
event or a fallback record imported twice leaves the row as it was. Tickets are the one
thing a merge cannot do alone; it asks the ``TicketDesk`` it is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from ringdesk.callcenter.calls.outcome import CallOutcome, classify
from ringdesk.callcenter.calls.row import COLUMNS, CallRow
from ringdesk.callcenter.calls.updates import (
    AgentAnswered,
    AgentFinished,
    AgentNotAnswered,
    AgentRung,
    CallAnswered,
    CallEnded,
    CallStarted,
    CallTransferred,
    CallUpdate,
    LegEnded,
    LegStarted,
    QueueFinished,
    QueueJoined,
    QueueLeft,
    RecordingStarted,
)
from ringdesk.core.phone import to_e164
from ringdesk.routes.engine import StepRecord, step_dicts, ticket_fields_chosen

__all__ = ["COLUMNS", "CallRow", "FallbackRecord", "OutboundCallPlaced", "PathSteps",
           "TicketDesk", "Update", "merge", "new_row"]


@dataclass(frozen=True)
class PathSteps:
    """Steps the call took inside ringdesk (an announcement, a menu choice...), each with
    its ``at`` time. A step's ``SetTicketFields`` effect decides the call ticket's category,
    priority and tags (the route's choice travels with its path)."""

    linkedid: str
    steps: tuple[dict[str, Any] | StepRecord, ...]  # as routes/engine.py step_dicts reads them
    # The AGI session knows who called which number; this keeps a call identified even
    # when AMI was down while it started.
    caller: str = ""
    dialed: str = ""
    route_version_id: int | None = None


@dataclass(frozen=True)
class OutboundCallPlaced:
    """Click-to-call: ringdesk asked Asterisk to ring ``agent`` and then ``number``."""

    linkedid: str
    at: datetime
    ticket_id: int
    agent: str  # the device, PJSIP/<endpoint>
    number: str  # whom the agent calls (E.164)
    presented: str  # the caller ID the customer sees


@dataclass(frozen=True)
class FallbackRecord:
    """A call the dialplan handled alone because ringdesk's AGI was unreachable or failed."""

    linkedid: str
    caller: str
    dialed: str
    started_at: datetime | None
    answered_at: datetime | None
    ended_at: datetime | None
    agi_status: str


Update = CallUpdate | PathSteps | FallbackRecord | OutboundCallPlaced


class TicketDesk(Protocol):
    def open_call_ticket(self, row: CallRow, outcome: CallOutcome,
                         opened_at: datetime) -> int | None: ...

    def call_outcome_changed(self, ticket_id: int, outcome: CallOutcome) -> None: ...

    def apply_ticket_fields(self, ticket_id: int, category: str, priority: str,
                            tags: tuple[str, ...]) -> None: ...


def new_row(update: Update) -> CallRow:
    # Which path first told us about the call.
    return CallRow(update.linkedid, "fallback" if isinstance(update, FallbackRecord) else "ami")


def merge(row: CallRow, update: Update, region: str, desk: TicketDesk) -> None:
    handler = _MERGERS.get(type(update))
    if handler is not None:
        handler(row, update, region, desk)
    if row.ended_at is not None:
        _settle(row, desk)


def _path(row: CallRow, update: PathSteps, region: str, desk: TicketDesk) -> None:
    if update.caller or update.dialed:
        _identify(row, update.caller, update.dialed, region)
    steps = step_dicts(update.steps)
    if row.started_at is None and steps:
        row.started_at = datetime.fromisoformat(steps[0]["at"])
    row.route_version_id = row.route_version_id or update.route_version_id
    row.path = [*row.path, *steps]
    for category, priority, tags in ticket_fields_chosen(steps):
        _choose_fields(row, category, priority, tags, desk)


def _started(row: CallRow, update: CallStarted, region: str, desk: TicketDesk) -> None:
    _identify(row, update.caller, update.dialed, region)
    row.channel = row.channel or update.channel
    row.started_at = row.started_at or update.at


def _answered(row: CallRow, update: CallAnswered, region: str, desk: TicketDesk) -> None:
    row.answered_at = row.answered_at or update.at
    _move(row, "in_route")


def _ended(row: CallRow, update: CallEnded, region: str, desk: TicketDesk) -> None:
    row.ended_at = row.ended_at or update.at
    row.hangup_cause = update.cause
    row.hangup_cause_text = update.cause_text[:80]
    row.hangup_side = row.hangup_side or update.hangup_side


def _choose_fields(row: CallRow, category: str, priority: str, tags: tuple[str, ...],
                   desk: TicketDesk) -> None:
    row.ticket_category = category or row.ticket_category
    row.ticket_priority = priority or row.ticket_priority
    row.ticket_tags = sorted(set(row.ticket_tags) | set(tags))
    if row.ticket_id is not None:
        desk.apply_ticket_fields(row.ticket_id, category, priority, tags)


def _leg_started(row: CallRow, update: LegStarted, region: str, desk: TicketDesk) -> None:
    if not any(leg["uniqueid"] == update.uniqueid for leg in row.legs):
        row.legs = [*row.legs, {"uniqueid": update.uniqueid, "channel": update.channel,
                                "started_at": _iso(update.at)}]


def _leg_ended(row: CallRow, update: LegEnded, region: str, desk: TicketDesk) -> None:
    row.legs = [{**leg, "ended_at": _iso(update.at), "cause": update.cause}
                if leg["uniqueid"] == update.uniqueid and "ended_at" not in leg else leg
                for leg in row.legs]


def _queue_joined(row: CallRow, update: QueueJoined, region: str, desk: TicketDesk) -> None:
    joined = _iso(update.at)
    if not any(e["queue"] == update.queue and e["joined_at"] == joined
               for e in row.queue_events):
        row.queue_events = [*row.queue_events, {"queue": update.queue, "joined_at": joined,
                                                "position": update.position}]
    row.queue = update.queue
    _move(row, "queued")


def _queue_left(row: CallRow, update: QueueLeft, region: str, desk: TicketDesk) -> None:
    _change_last(row, "queue_events", lambda e: e["queue"] == update.queue
                 and "left_at" not in e,
                 left_at=_iso(update.at), left_position=update.position,
                 abandoned=update.abandoned, waited=update.waited)
    if row.state == "queued":  # when ringing, the agent is picking up
        _move(row, "in_route")


def _queue_finished(row: CallRow, update: QueueFinished, region: str,
                    desk: TicketDesk) -> None:
    # Asterisk reports a Queue() timeout as an abandon too; its status says otherwise.
    _change_last(row, "queue_events", lambda e: "status" not in e,
                 status=update.status, abandoned=False)


def _agent_rung(row: CallRow, update: AgentRung, region: str, desk: TicketDesk) -> None:
    rung = _iso(update.at)
    if not any(a["agent"] == update.agent and a["rung_at"] == rung for a in row.agents_rung):
        row.agents_rung = [*row.agents_rung, {"agent": update.agent, "queue": update.queue,
                                              "rung_at": rung}]
    _move(row, "ringing_agent")


def _agent_not_answered(row: CallRow, update: AgentNotAnswered, region: str,
                        desk: TicketDesk) -> None:
    _change_last(row, "agents_rung", lambda a: a["agent"] == update.agent
                 and "result" not in a,
                 result=update.status, ring_seconds=update.ring_seconds)
    if row.state == "ringing_agent":
        _move(row, "queued" if row.queue_events and "left_at" not in row.queue_events[-1]
              else "in_route")


def _agent_answered(row: CallRow, update: AgentAnswered, region: str,
                    desk: TicketDesk) -> None:
    answered = _iso(update.at)
    if not _change_last(row, "agents_rung", lambda a: a["agent"] == update.agent
                        and "result" not in a, result="ANSWER", answered_at=answered):
        row.agents_rung = [*row.agents_rung, {"agent": update.agent, "queue": update.queue,
                                              "rung_at": answered, "result": "ANSWER",
                                              "answered_at": answered}]
    if row.connected_at is None and row.direction == "outbound":
        row.connected_at = update.at  # the customer answered; the agent stays the agent
    elif row.connected_at is None:
        row.connected_at = update.at
        row.agent = update.agent
        row.queue = update.queue or row.queue
        row.hold_seconds = update.hold_seconds
        if row.ticket_id is None:
            # Open while they talk: the agent's desk shows it and takes their notes.
            row.ticket_id = desk.open_call_ticket(row, CallOutcome.ANSWERED,
                                                  row.started_at or update.at)
    _move(row, "talking")


def _agent_finished(row: CallRow, update: AgentFinished, region: str,
                    desk: TicketDesk) -> None:
    if update.talk_seconds is not None:
        _change_last(row, "agents_rung", lambda a: a["agent"] == update.agent
                     and a.get("result") == "ANSWER", talk_seconds=update.talk_seconds)
        # Every agent the caller talked to (a transfer inside the queue makes several).
        row.talk_seconds = sum(a.get("talk_seconds") or 0 for a in row.agents_rung)
    if update.ended_by in ("caller", "agent"):
        row.hangup_side = update.ended_by


def _transferred(row: CallRow, update: CallTransferred, region: str,
                 desk: TicketDesk) -> None:
    entry = {"at": _iso(update.at), "kind": update.kind, "target": update.target}
    if entry not in row.transfers:
        row.transfers = [*row.transfers, entry]


def _recording(row: CallRow, update: RecordingStarted, region: str, desk: TicketDesk) -> None:
    row.recording = update.filename.rsplit("/", 1)[-1]


def _outbound(row: CallRow, update: OutboundCallPlaced, region: str, desk: TicketDesk) -> None:
    row.direction = "outbound"
    row.ticket_id = row.ticket_id or update.ticket_id
    row.agent = row.agent or update.agent
    row.started_at = row.started_at or update.at
    # The customer is the one called: for an outbound call it is the dialled number.
    row.dialed_raw, row.dialed_number = update.number, to_e164(update.number, region)
    row.caller_raw = row.caller_raw or update.presented
    row.caller_number = row.caller_number or to_e164(update.presented, region)
    _move(row, "ringing_agent")


def _fallback(row: CallRow, record: FallbackRecord, region: str, desk: TicketDesk) -> None:
    _identify(row, record.caller, record.dialed, region)
    row.started_at = row.started_at or record.started_at
    row.answered_at = row.answered_at or record.answered_at
    if not any(step.get("step") == "fallback" for step in row.path):
        row.path = [*row.path, {"step": "fallback", "agi_status": record.agi_status}]
    if record.ended_at is not None:
        row.ended_at = row.ended_at or record.ended_at


def _identify(row: CallRow, caller: str, dialed: str, region: str) -> None:
    if not row.caller_raw and caller:
        row.caller_raw = caller[:80]
        row.caller_number = to_e164(caller, region)
    if not row.dialed_raw and dialed:
        row.dialed_raw = dialed[:80]
        row.dialed_number = to_e164(dialed, region)


def _settle(row: CallRow, desk: TicketDesk) -> None:
    """An ended call: its outcome, times and ticket, again whenever something arrives late."""
    assert row.ended_at is not None
    row.state = "ended"
    start = row.started_at or row.ended_at
    row.wait_seconds = _seconds((row.connected_at or row.ended_at) - start)
    if row.connected_at is not None and row.talk_seconds is None:
        row.talk_seconds = _seconds(row.ended_at - row.connected_at)
    outcome = classify(row)
    if outcome == row.outcome:
        return
    settled_before, row.outcome = row.outcome, outcome
    if row.direction == "outbound":
        return  # logged on the ticket it was placed from; that ticket's status stays
    if row.ticket_id is None:
        row.ticket_id = desk.open_call_ticket(row, outcome, start)
    elif settled_before is not None or outcome not in CONNECTED:
        # A late event changed what the call came to. A ticket opened when an agent
        # answered keeps whatever the agent made of it meanwhile.
        desk.call_outcome_changed(row.ticket_id, outcome)


CONNECTED = frozenset({CallOutcome.ANSWERED, CallOutcome.TRANSFERRED})


def _move(row: CallRow, state: str) -> None:
    if row.state != "ended":  # late events never bring an ended call back to life
        row.state = state


def _change_last(row: CallRow, column: str, matches: Any, **changes: Any) -> bool:
    """Update the last entry of a JSON list column that ``matches``; False if none."""
    entries: list[dict[str, Any]] = getattr(row, column)
    for index in range(len(entries) - 1, -1, -1):
        if matches(entries[index]):
            updated = list(entries)
            updated[index] = {**entries[index], **changes}
            setattr(row, column, updated)
            return True
    return False


def _iso(at: datetime) -> str:
    return at.isoformat()


def _seconds(delta: timedelta) -> int:
    return max(0, round(delta.total_seconds()))


_MERGERS: dict[type, Any] = {
    PathSteps: _path,
    CallStarted: _started,
    CallAnswered: _answered,
    CallEnded: _ended,
    FallbackRecord: _fallback,
    OutboundCallPlaced: _outbound,
    LegStarted: _leg_started,
    LegEnded: _leg_ended,
    QueueJoined: _queue_joined,
    QueueLeft: _queue_left,
    QueueFinished: _queue_finished,
    AgentRung: _agent_rung,
    AgentNotAnswered: _agent_not_answered,
    AgentAnswered: _agent_answered,
    AgentFinished: _agent_finished,
    CallTransferred: _transferred,
    RecordingStarted: _recording,
}
