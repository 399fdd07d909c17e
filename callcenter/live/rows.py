"""The live board's rows: an agent, a queue with its waiting callers, a call in progress;
with the Asterisk states and names they are read from. Pure data and small decisions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ringdesk.callcenter.agents.modes import ModeSpec
from ringdesk.callcenter.pbx.config import AccountSpec, QueueSpec

LEVEL_SUFFIX = re.compile(r"-L\d+$")
# Asterisk device states (DeviceStateChange State, EndpointList DeviceState).
RINGING = {"RINGING", "RINGINUSE", "Ringing", "Ring+Inuse"}
IN_CALL = {"INUSE", "BUSY", "ONHOLD", "In use", "Busy", "On Hold"}
OFFLINE = {"UNAVAILABLE", "INVALID", "Unavailable", "Invalid"}
REGISTERED = {"Created", "Reachable", "NonQualified", "Updated", "Unknown"}

Change = dict[str, Any]


def queue_of(asterisk_queue: str) -> str:
    """``support-L2`` (one level of a leveled queue) -> ``support``."""
    return LEVEL_SUFFIX.sub("", asterisk_queue)


def device_endpoint(device: str) -> str | None:
    return device[6:] if device.startswith("PJSIP/") else None


@dataclass
class AgentLive:
    endpoint: str
    name: str = ""  # the account's display name
    queues: dict[str, int] = field(default_factory=dict)  # queue -> the agent's level there
    registered: bool | None = None  # None: not known yet
    address: str = ""  # where the phone registered from (host:port)
    fixed_address: bool = False  # reached at a static contact, never registers
    device: str = ""  # Asterisk's device state
    mode: ModeSpec | None = None
    wrapup_until: datetime | None = None
    call: str | None = None  # the Linkedid of the call the agent is on or rung for
    answered_today: int = 0
    shown_status: str = ""
    status_since: datetime | None = None
    # Asterisk's own pause flag per (level) queue: the truth when a pause was set outside
    # ringdesk (the CLI, another tool) or ringdesk's own change did not reach Asterisk.
    pbx_pauses: dict[str, bool] = field(default_factory=dict)

    def pbx_pause(self, queue: str, paused: bool | None, removed: bool) -> bool:
        """Asterisk's pause flag for one queue (None: not said); True if it changed."""
        if removed:
            return self.pbx_pauses.pop(queue, None) is not None
        if paused is None or self.pbx_pauses.get(queue) is paused:
            return False
        self.pbx_pauses[queue] = paused
        return True

    @property
    def pbx_paused(self) -> bool | None:
        return all(self.pbx_pauses.values()) if self.pbx_pauses else None

    def status(self, now: datetime) -> str:
        if self.device in RINGING:
            return "ringing"
        if self.device in IN_CALL:
            return "in_call"
        if self.wrapup_until is not None and now < self.wrapup_until:
            return "wrapup"
        paused = self.pbx_paused
        if paused is None:
            paused = self.mode is not None and not self.mode.available
        if paused:
            return "away"  # in a work mode that takes no calls, or paused in Asterisk
        if self.device in OFFLINE or self.registered is False:
            return "offline"
        return "idle"

    def as_dict(self, now: datetime, caller: str = "") -> Change:
        status = self.status(now)
        if status != self.shown_status:
            # A wrap-up ends by the clock, with no event: it ended when it was due.
            ended_wrapup = self.shown_status == "wrapup" and self.wrapup_until is not None
            self.status_since = self.wrapup_until if ended_wrapup else now
            self.shown_status = status
        return {"endpoint": self.endpoint, "name": self.name or self.endpoint,
                "queues": [{"queue": queue, "level": level}
                           for queue, level in sorted(self.queues.items())],
                "registered": self.registered,
                "address": self.address,
                "fixed_address": self.fixed_address,
                "device_state": self.device, "status": status,
                "status_since": self.status_since.isoformat() if self.status_since else None,
                "wrapup_until": self.wrapup_until.isoformat()
                if status == "wrapup" and self.wrapup_until else None,
                "mode": self.mode.name if self.mode else None,
                "mode_limit_minutes": self.mode.limit_minutes if self.mode else None,
                "available": self.mode.available if self.mode else None,
                "pbx_paused": self.pbx_paused,
                "call": self.call, "caller": caller, "answered_today": self.answered_today}


@dataclass(frozen=True)
class AgentAccountFacts:
    name: str
    queues: dict[str, int]  # queue -> level
    fixed_address: bool = False  # a desk phone at a static contact: it never registers


def agent_account_facts(accounts: Iterable[AccountSpec], queues: Iterable[QueueSpec]
                        ) -> dict[str, AgentAccountFacts]:
    levels: dict[str, dict[str, int]] = {}
    for queue in queues:
        for member in queue.members:
            levels.setdefault(member.endpoint, {})[queue.name] = member.level
    return {account.endpoint: AgentAccountFacts(account.display_name,
                                                levels.get(account.endpoint, {}),
                                                bool(account.static_contact))
            for account in accounts}


@dataclass
class Waiting:
    linkedid: str
    caller: str
    since: datetime  # first joined this queue (across its levels)


@dataclass
class QueueLive:
    name: str
    waiting: dict[str, Waiting] = field(default_factory=dict)
    answered: int = 0
    answered_in_time: int = 0
    abandoned: int = 0

    def as_dict(self, now: datetime) -> Change:
        longest = max(((now - w.since).total_seconds() for w in self.waiting.values()),
                      default=0.0)
        offered = self.answered + self.abandoned
        return {"name": self.name, "waiting": len(self.waiting),
                "longest_wait_seconds": round(longest),
                "callers": [{"linkedid": w.linkedid, "caller": w.caller,
                             "waiting_since": w.since.isoformat()}
                            for w in sorted(self.waiting.values(), key=lambda w: w.since)],
                "answered_today": self.answered, "abandoned_today": self.abandoned,
                "service_level": round(100 * self.answered_in_time / offered, 1)
                if offered else None}


@dataclass
class CallLive:
    linkedid: str
    caller: str
    dialed: str
    started_at: datetime
    state: str = "arriving"
    queue: str = ""
    agent: str = ""
    queue_since: dict[str, datetime] = field(default_factory=dict)
    abandoning: str = ""  # the queue a caller left by hanging up, until QUEUESTATUS
    path: list[dict[str, str]] = field(default_factory=list)  # the route's steps so far
    route_queue: str = ""  # the queue the call's route waits for (between levels too)

    def as_dict(self) -> Change:
        return {"linkedid": self.linkedid, "caller": self.caller, "dialed": self.dialed,
                "state": self.state, "queue": self.queue, "agent": self.agent,
                "started_at": self.started_at.isoformat(), "path": self.path}


def contact_address(uri: str) -> str:
    """``sip:anna@192.0.2.7:5062;ob`` -> ``192.0.2.7:5062``: where the phone is."""
    rest = uri.split(":", 1)[1] if uri.lower().startswith(("sip:", "sips:")) else uri
    return rest.rsplit("@", 1)[-1].split(";", 1)[0]
