"""What ringdesk does with an inbound call: a pure plan, then its execution over FastAGI.

``plan_inbound_call`` decides (no I/O); ``InboundCallSession`` turns the plan into AGI
commands and records each step on the call. On an unknown number the session ends without
marking the call done, so the dialplan's fallback takes the caller: never dead air.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from twisted.logger import Logger

from ivr.agi.parser import AgiEnvironment
from ivr.agi.protocol import AgiChannel
from ringdesk.phone import to_e164
from routes.directory import NumberDirectory, NumberPlan

DONE_VARIABLE = "RINGDESK_STATUS"


class AnnouncementFailed(Exception):
    pass


@dataclass(frozen=True)
class Ring:
    seconds: int


@dataclass(frozen=True)
class Answer:
    pass


@dataclass(frozen=True)
class Play:
    sound: str


@dataclass(frozen=True)
class Hangup:
    pass


Step = Ring | Answer | Play | Hangup


def plan_inbound_call(plan: NumberPlan | None) -> list[Step]:
    if plan is None:
        return []
    steps: list[Step] = []
    if plan.answer_after_seconds > 0:
        steps.append(Ring(plan.answer_after_seconds))
    steps += [Answer(), Play(plan.announcement), Hangup()]
    return steps


@dataclass(frozen=True)
class CallIdentity:
    linkedid: str
    dialed: str
    caller: str


def identify(environment: AgiEnvironment) -> CallIdentity:
    """The dialplan passes ``linkedid,exten`` as arguments; fall back to the environment."""
    args = environment.arguments
    linkedid = args[0] if args and args[0] else environment.uniqueid
    dialed = args[1] if len(args) > 1 and args[1] else environment.extension
    return CallIdentity(linkedid, dialed, environment.caller_number)


PathRecorder = Callable[[CallIdentity, list[dict[str, Any]]], None]


class PathJournal:
    """The steps a call took, handed to the recorder in few writes.

    Steps are kept until the call is about to wait (ringing, later queues) or the session
    ends, so a short call costs one database update while a long one shows its path early.
    """

    def __init__(self, call: CallIdentity, record: PathRecorder,
                 now: Callable[[], datetime]) -> None:
        self._call = call
        self._record = record
        self._now = now
        self._pending: list[dict[str, Any]] = []

    def note(self, step: dict[str, Any]) -> None:
        self._pending.append({"at": self._now().isoformat(), **step})

    def flush(self) -> None:
        if self._pending:
            steps, self._pending = self._pending, []
            self._record(self._call, steps)


class InboundCallSession:
    log = Logger()

    def __init__(self, directory: NumberDirectory, default_region: str,
                 record_path: PathRecorder, now: Callable[[], datetime]) -> None:
        self._directory = directory
        self._region = default_region
        self._record_path = record_path
        self._now = now

    async def __call__(self, channel: AgiChannel, environment: AgiEnvironment) -> None:
        call = identify(environment)
        journal = PathJournal(call, self._record_path, self._now)
        try:
            plan = self._directory.lookup(to_e164(call.dialed, self._region))
            steps = plan_inbound_call(plan)
            if not steps:
                self.log.warn("agi_unknown_number dialed={dialed} linkedid={linkedid}",
                              dialed=call.dialed, linkedid=call.linkedid)
                journal.note({"step": "unknown_number", "dialed": call.dialed})
                return
            for step in steps:
                await self._execute(channel, journal, step)
        finally:
            journal.flush()

    async def _execute(self, channel: AgiChannel, journal: PathJournal, step: Step) -> None:
        if isinstance(step, Ring):
            await channel.exec_app("Ringing")
            journal.note({"step": "ring", "seconds": step.seconds})
            journal.flush()
            await channel.exec_app("Wait", str(step.seconds))
        elif isinstance(step, Answer):
            await channel.answer()
            journal.note({"step": "answer"})
        elif isinstance(step, Play):
            reply = await channel.stream_file(step.sound)
            played = reply.result_int == 0
            journal.note({"step": "announcement", "sound": step.sound, "completed": played})
            if not played:
                # -1 means the caller hung up or the sound could not be played; Asterisk
                # says HANGUP only after the reply, so ask: a dead channel answers 511.
                await channel.command("CHANNEL", "STATUS")
                raise AnnouncementFailed(f"cannot play {step.sound!r}: {reply.text}")
        elif isinstance(step, Hangup):
            await channel.set_variable(DONE_VARIABLE, "done")
            journal.note({"step": "hangup"})
            await channel.hangup()
