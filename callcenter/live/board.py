"""The supervisor's live picture: agents, queues and calls, kept from events; pure, no I/O.

Fed by the call tracker's updates (callcenter/calls/tracker.py), by AMI device and contact
events (phone state, registration), and by work-mode changes. Every ``apply`` returns the
changes it made as small dicts, which the event bus publishes as they are. Rebuilt from
Asterisk's own lists (``QueueStatus``, ``PJSIPShowContacts``, ``DeviceStateList``) after
a (re)connect.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from ringdesk.callcenter.agents.modes import ModeSpec
from ringdesk.callcenter.ami.parser import AmiMessage
from ringdesk.callcenter.calls.updates import (
    AgentAnswered,
    AgentFinished,
    AgentNotAnswered,
    AgentRung,
    CallAnswered,
    CallEnded,
    CallStarted,
    CallUpdate,
    QueueFinished,
    QueueJoined,
    QueueLeft,
)
from ringdesk.callcenter.live.rows import (
    IN_CALL,
    REGISTERED,
    RINGING,
    AgentAccountFacts,
    AgentLive,
    CallLive,
    Change,
    QueueLive,
    Waiting,
    contact_address,
    device_endpoint,
    queue_of,
)
from ringdesk.callcenter.live.tally import DayCall, Tally
from ringdesk.core.phone import to_e164


class LiveBoard:
    def __init__(self, timezone: str = "UTC", service_level_seconds: int = 20,
                 wrapup_seconds: dict[str, int] | None = None, region: str = "DE") -> None:
        self._region = region  # callers shown as the ticket stores them: E.164
        self.wrapup_seconds = wrapup_seconds or {}  # ringdesk queue name -> wrap-up
        self.agents: dict[str, AgentLive] = {}
        self.queues: dict[str, QueueLive] = {}
        self.calls: dict[str, CallLive] = {}
        self._tally = Tally(timezone, service_level_seconds)
        # The agents' accounts once configured: a trunk's or a supervisor's device state is
        # no agent's. None until known (then every device shows, as before a restart's load).
        self._accounts: set[str] | None = None

    # -- inputs ------------------------------------------------------------------------
    def call_update(self, update: CallUpdate, now: datetime) -> list[Change]:
        self._roll_day(now)
        handler = _CALL_HANDLERS.get(type(update))
        return handler(self, update, now) if handler else []

    def device_state(self, device: str, state: str, now: datetime) -> list[Change]:
        endpoint = device_endpoint(device)
        if endpoint is None or not self._is_agent(endpoint):
            return []
        agent = self._agent(endpoint)
        if agent.device == state:
            return []
        agent.device = state
        if state in IN_CALL | RINGING:
            agent.wrapup_until = None
        return [self._agent_change(agent, now)]

    def contact_status(self, aor: str, status: str, now: datetime, uri: str = ""
                       ) -> list[Change]:
        agent = self.agents.get(aor)
        if agent is None:
            return []
        registered = status in REGISTERED
        address = contact_address(uri) if registered else ""
        if (agent.registered, agent.address) == (registered, address):
            return []
        agent.registered, agent.address = registered, address
        return [self._agent_change(agent, now)]

    def work_mode(self, endpoint: str, mode: ModeSpec | None, now: datetime) -> list[Change]:
        agent = self._agent(endpoint)
        agent.mode = mode
        return [self._agent_change(agent, now)]

    def know_agents(self, accounts: dict[str, AgentAccountFacts], now: datetime
                    ) -> list[Change]:
        """The agents' accounts as configured: their names and queue levels. Agents that
        changed are told; an agent no longer configured stays while Asterisk knows it."""
        self._accounts = set(accounts)
        for endpoint in [name for name in self.agents if name not in self._accounts]:
            del self.agents[endpoint]
        changes = []
        for endpoint, facts in accounts.items():
            agent = self._agent(endpoint)
            if (agent.name, agent.queues, agent.fixed_address) != (
                    facts.name, facts.queues, facts.fixed_address):
                agent.name, agent.queues = facts.name, dict(facts.queues)
                agent.fixed_address = facts.fixed_address
                changes.append(self._agent_change(agent, now))
        return changes

    def route_steps(self, linkedid: str, steps: Iterable[tuple[str, str, str]]
                    ) -> list[Change]:
        """The route's steps (node, kind, label) the call took since the last ones told."""
        call = self.calls.get(linkedid)
        added = [{"node": node, "type": kind, "label": label} for node, kind, label in steps]
        if call is None or not added:
            return []
        call.path = call.path + added
        return [self._call_change(call)]

    def know_queues(self, names: Iterable[str], now: datetime) -> list[Change]:
        """The queues as configured: shown (with zeros) before their first caller."""
        return [self._queue_change(self._queue(name), now) for name in names
                if name not in self.queues]

    def ami_event(self, event: AmiMessage, now: datetime) -> list[Change]:
        """Phone and registration state straight from AMI (live events and resync lists)."""
        name = event.event
        if name in ("DeviceStateChange", "DeviceStateListItem"):
            return self.device_state(event.get("Device"), event.get("State"), now)
        if name == "QueueEntry":  # QueueStatus after a (re)connect: who is waiting now
            return self._queue_entry(event, now)
        if name in ("QueueMember", "QueueMemberPause", "QueueMemberStatus", "QueueMemberAdded",
                    "QueueMemberRemoved"):
            return self._member_paused(event, now)
        if name in ("ContactStatus", "ContactList", "ContactStatusDetail"):
            aor = event.get("AOR") or event.get("Aor")
            return self.contact_status(aor, event.get("ContactStatus") or
                                       event.get("Status"), now, event.get("URI") or
                                       event.get("Uri"))
        return []

    def _member_paused(self, event: AmiMessage, now: datetime) -> list[Change]:
        interface = event.get("Interface") or event.get("Location") or \
            event.get("StateInterface")
        agent = self.agents.get(device_endpoint(interface) or "")
        if agent is None:
            return []
        removed = event.event == "QueueMemberRemoved"
        paused = None if removed or not event.get("Paused") else event.get("Paused") == "1"
        changed = agent.pbx_pause(event.get("Queue"), paused, removed)
        return [self._agent_change(agent, now)] if changed else []

    def _queue_entry(self, event: AmiMessage, now: datetime) -> list[Change]:
        linkedid = event.get("Linkedid") or event.get("Uniqueid")
        if not linkedid:
            return []
        waited = timedelta(seconds=int(event.get("Wait") or 0))
        call = self.calls.setdefault(linkedid, CallLive(
            linkedid, self._number(event.get("CallerIDNum")), "", now - waited))
        name = queue_of(event.get("Queue"))
        since = call.queue_since.setdefault(name, now - waited)
        queue = self._queue(name)
        queue.waiting[linkedid] = Waiting(linkedid, call.caller, since)
        call.queue, call.state = name, "queued"
        return [self._call_change(call), self._queue_change(queue, now)]

    def reconcile(self, channels: Iterable[AmiMessage], entries: Iterable[AmiMessage],
                  asked_at: datetime, now: datetime) -> list[Change]:
        """Correct the board to Asterisk's own view: ``channels`` from CoreShowChannels and
        ``entries`` from QueueStatus, both asked for at ``asked_at``. A call Asterisk no
        longer has ended (its hang-up was missed); a caller no queue lists left it; one the
        board missed is added. What began after the lists were asked for is left alone."""
        live = {event.get("Linkedid") for event in channels}
        listed = {(queue_of(event.get("Queue")), event.get("Linkedid") or event.get("Uniqueid"))
                  for event in entries}
        changes: list[Change] = []
        if self._roll_day(now):  # a quiet midnight: today's figures start at nought
            changes += [self._queue_change(queue, now) for queue in self.queues.values()]
            changes += [self._agent_change(agent, now) for agent in self.agents.values()]
        for call in [c for c in self.calls.values()
                     if c.linkedid not in live and c.started_at <= asked_at]:
            changes += self._ended(CallEnded(call.linkedid, now, 16, "", ""), now)
        for queue in self.queues.values():
            gone = [linkedid for linkedid, waiting in queue.waiting.items()
                    if (queue.name, linkedid) not in listed and waiting.since <= asked_at]
            for linkedid in gone:
                del queue.waiting[linkedid]
            if gone:
                changes.append(self._queue_change(queue, now))
        for event in entries:
            name = queue_of(event.get("Queue"))
            linkedid = event.get("Linkedid") or event.get("Uniqueid")
            if linkedid and linkedid not in self._queue(name).waiting:
                changes += self._queue_entry(event, now)
        return changes

    # -- views -------------------------------------------------------------------------
    def snapshot(self, now: datetime) -> Change:
        self._roll_day(now)
        return {"agents": [self._agent_dict(a, now) for a in sorted(self.agents.values(),
                                                                   key=lambda a: a.endpoint)],
                "queues": [q.as_dict(now) for q in sorted(self.queues.values(),
                                                          key=lambda q: q.name)],
                "calls": [self._call_dict(c) for c in sorted(self.calls.values(),
                                                             key=lambda c: c.started_at)]}

    def _number(self, raw: str) -> str:
        """A number as E.164 where it is one ("+4930…"); an extension or a withheld caller
        stays as Asterisk gave it."""
        return to_e164(raw, self._region) or raw if raw else ""

    # -- call updates ------------------------------------------------------------------
    def _started(self, update: CallStarted, now: datetime) -> list[Change]:
        call = self.calls.setdefault(update.linkedid, CallLive(
            update.linkedid, self._number(update.caller), self._number(update.dialed),
            update.at))
        return [self._call_change(call)]

    def _answered(self, update: CallAnswered, now: datetime) -> list[Change]:
        return self._set_state(update.linkedid, "in_route")

    def _queue_joined(self, update: QueueJoined, now: datetime) -> list[Change]:
        call = self.calls.get(update.linkedid)
        if call is None:
            return []
        name = queue_of(update.queue)
        since = call.queue_since.setdefault(name, update.at)
        queue = self._queue(name)
        queue.waiting[call.linkedid] = Waiting(call.linkedid, call.caller, since)
        call.queue, call.state = name, "queued"
        return [self._call_change(call), self._queue_change(queue, now)]

    def route_waits(self, linkedid: str, queue_name: str | None, now: datetime
                    ) -> list[Change]:
        """The call's route waits for ``queue_name`` (None: no longer). Asterisk lists a
        caller only while inside Queue(): between levels, held with music while everyone is
        busy, the caller still waits, and is shown so."""
        call = self.calls.get(linkedid)
        if call is None:
            return []
        if queue_name is None:
            name, call.route_queue = call.route_queue, ""
            queue = self.queues.get(name)
            if queue is None or queue.waiting.pop(linkedid, None) is None:
                return []
            changes = [self._queue_change(queue, now)]
            if call.state == "queued":
                changes += self._set_state(linkedid, "in_route")
            return changes
        queue = self._queue(queue_name)
        call.route_queue = call.queue = queue_name
        since = call.queue_since.setdefault(queue_name, now)
        queue.waiting.setdefault(linkedid, Waiting(linkedid, call.caller, since))
        if call.state not in ("ringing_agent", "talking"):
            call.state = "queued"
        return [self._call_change(call), self._queue_change(queue, now)]

    def _queue_left(self, update: QueueLeft, now: datetime) -> list[Change]:
        call = self.calls.get(update.linkedid)
        queue = self.queues.get(queue_of(update.queue))
        if call is None or queue is None:
            return []
        if call.route_queue != queue.name:  # else the route still waits (a hang-up ends it)
            queue.waiting.pop(call.linkedid, None)
        call.abandoning = queue.name if update.abandoned else ""
        return [self._queue_change(queue, now)]

    def _queue_finished(self, update: QueueFinished, now: datetime) -> list[Change]:
        call = self.calls.get(update.linkedid)
        if call is None or call.state == "talking":
            return []
        call.abandoning = ""  # a timeout, not a caller giving up
        # Its route may still wait for the queue (the next level, held): then still queued.
        return self._set_state(call.linkedid, "queued" if call.route_queue else "in_route")

    def _agent_rung(self, update: AgentRung, now: datetime) -> list[Change]:
        endpoint = device_endpoint(update.agent)
        call = self.calls.get(update.linkedid)
        if call is not None:
            call.agent = update.agent  # whose phone rings, shown beside the call
        changes = self._set_state(update.linkedid, "ringing_agent")
        if endpoint is not None:
            agent = self._agent(endpoint)
            agent.call = update.linkedid
            changes.append(self._agent_change(agent, now))
        return changes

    def _agent_not_answered(self, update: AgentNotAnswered, now: datetime) -> list[Change]:
        endpoint = device_endpoint(update.agent)
        agent = self.agents.get(endpoint or "")
        if agent is None or agent.call != update.linkedid:
            return []
        agent.call = None
        # The caller waits on in the queue for the next agent.
        call = self.calls.get(update.linkedid)
        if call is not None and call.agent == update.agent and call.state == "ringing_agent":
            call.agent = ""
        changes = self._set_state(update.linkedid, "queued") \
            if call is not None and call.state == "ringing_agent" else []
        return [*changes, self._agent_change(agent, now)]

    def _agent_answered(self, update: AgentAnswered, now: datetime) -> list[Change]:
        call = self.calls.get(update.linkedid)
        changes: list[Change] = []
        if call is not None:
            call.state, call.agent = "talking", update.agent
            changes.append(self._call_change(call))
            name = queue_of(update.queue) if update.queue else call.queue
            queue = self.queues.get(name)
            # Answered through the queue, or sent from it to an agent (a supervisor's
            # redirect is a direct dial while the caller still waits): the queue's answer.
            if queue is not None and (update.queue or call.linkedid in queue.waiting):
                queue.waiting.pop(call.linkedid, None)
                since = call.queue_since.get(name, update.at)
                self._tally.answered(queue, call.linkedid, update.at - since)
                changes.append(self._queue_change(queue, now))
        endpoint = device_endpoint(update.agent)
        if endpoint is not None:
            agent = self._agent(endpoint)
            agent.call = update.linkedid
            self._tally.agent_answered(agent, update.linkedid)
            changes.append(self._agent_change(agent, now))
        return changes

    def _agent_finished(self, update: AgentFinished, now: datetime) -> list[Change]:
        endpoint = device_endpoint(update.agent)
        agent = self.agents.get(endpoint or "")
        if agent is None:
            return []
        call = self.calls.get(update.linkedid)
        wrapup = self.wrapup_seconds.get(call.queue if call else "", 0)
        agent.wrapup_until = update.at + timedelta(seconds=wrapup) if wrapup else None
        agent.call = None
        return [self._agent_change(agent, now)]

    def _ended(self, update: CallEnded, now: datetime) -> list[Change]:
        call = self.calls.pop(update.linkedid, None)
        if call is None:
            return []
        changes: list[Change] = [{"type": "call_ended", "linkedid": call.linkedid}]
        for queue in self.queues.values():
            if queue.waiting.pop(call.linkedid, None) is not None:
                call.abandoning = call.abandoning or queue.name  # hung up while waiting
        if call.abandoning and call.abandoning in self.queues:
            queue = self.queues[call.abandoning]
            self._tally.abandoned(queue, call.linkedid)
            changes.append(self._queue_change(queue, now))
        for agent in self.agents.values():
            if agent.call == call.linkedid:
                agent.call = None
                changes.append(self._agent_change(agent, now))
        return changes

    # -- helpers -----------------------------------------------------------------------
    def _set_state(self, linkedid: str, state: str) -> list[Change]:
        call = self.calls.get(linkedid)
        if call is None or call.state == state:
            return []
        call.state = state
        return [self._call_change(call)]

    def _is_agent(self, endpoint: str) -> bool:
        return self._accounts is None or endpoint in self._accounts

    def _agent(self, endpoint: str) -> AgentLive:
        return self.agents.setdefault(endpoint, AgentLive(endpoint))

    def _queue(self, name: str) -> QueueLive:
        return self.queues.setdefault(name, QueueLive(name))

    def today_began(self, now: datetime) -> datetime:
        """Midnight in the board's timezone: where its "today" figures start."""
        return self._tally.today_began(now)

    def count_day(self, calls: Iterable[DayCall], now: datetime) -> list[Change]:
        """Today's calls as the database has them (at start): each not counted yet counts."""
        self._roll_day(now)
        queues, agents = self._tally.count(calls, self.queues, self.agents)
        return [*(self._queue_change(self.queues[name], now) for name in sorted(queues)),
                *(self._agent_change(self.agents[name], now) for name in sorted(agents))]

    def _roll_day(self, now: datetime) -> bool:
        return self._tally.new_day(now, self.queues.values(), self.agents.values())

    def _agent_dict(self, agent: AgentLive, now: datetime) -> Change:
        call = self.calls.get(agent.call) if agent.call else None
        return agent.as_dict(now, call.caller if call else "")

    def _agent_change(self, agent: AgentLive, now: datetime) -> Change:
        return {"type": "agent", "agent": self._agent_dict(agent, now)}

    def _queue_change(self, queue: QueueLive, now: datetime) -> Change:
        return {"type": "queue", "queue": queue.as_dict(now)}

    def _call_dict(self, call: CallLive) -> Change:
        endpoint = device_endpoint(call.agent) if call.agent else None
        agent = self.agents.get(endpoint) if endpoint else None
        return {**call.as_dict(), "agent_name": agent.name or agent.endpoint if agent else ""}

    def _call_change(self, call: CallLive) -> Change:
        return {"type": "call", "call": self._call_dict(call)}


_CALL_HANDLERS: dict[type, Any] = {
    CallStarted: LiveBoard._started,
    CallAnswered: LiveBoard._answered,
    QueueJoined: LiveBoard._queue_joined,
    QueueLeft: LiveBoard._queue_left,
    QueueFinished: LiveBoard._queue_finished,
    AgentRung: LiveBoard._agent_rung,
    AgentNotAnswered: LiveBoard._agent_not_answered,
    AgentAnswered: LiveBoard._agent_answered,
    AgentFinished: LiveBoard._agent_finished,
    CallEnded: LiveBoard._ended,
}
