"""The live executor: runs a call's published route over FastAGI.

It drives the same engine as the simulator (routes/engine.py), answering each effect with
AGI commands. The call keeps the route version it started on. If the route cannot finish
(a failure with no branch), the session ends without marking the call done, so the
dialplan fallback takes the caller: never dead air.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Mapping
from datetime import datetime
from typing import ClassVar

from twisted.logger import Logger

from ringdesk.callcenter.calls.redirect import RING_SECONDS as REDIRECT_RING_SECONDS
from ringdesk.callcenter.calls.redirect import WITHDRAWN, redirect_endpoint
from ringdesk.callcenter.queues.levels import (
    CountLoggedIn,
    Finished,
    JoinLevel,
    LevelWalk,
    QueuePlan,
)
from ringdesk.core.phone import to_e164
from ringdesk.ivr.agi.parser import AgiEnvironment, AgiReply, format_command
from ringdesk.ivr.agi.script import (
    ANSWER,
    CHANNEL_STATUS,
    HANGUP,
    AgiChannelGone,
    AgiScript,
    exec_app,
    get_variable,
    set_variable,
    stream_file,
)
from ringdesk.ivr.call import (
    CallIdentity,
    PathJournal,
    PathRecorder,
    ReactorTime,
    WaitingPaths,
    identify,
)
from ringdesk.routes.directory import RouteDirectory
from ringdesk.routes.effects import (
    CollectDigit,
    DialAgent,
    Effect,
    Hangup,
    JoinQueue,
    Outcome,
    Play,
    RecordVoicemail,
    Ring,
    SetTicketFields,
    Transfer,
)
from ringdesk.routes.engine import RouteResult, RouteRun, Step
from ringdesk.routes.nodes.base import CallFacts, References

DONE_VARIABLE = "RINGDESK_STATUS"
# Effects that can keep the caller for a while: if one lasts longer than PATH_SHOWN_AFTER
# seconds, the path so far is written while it runs (ivr/call.py, WaitingPaths).
LONG_EFFECTS = (Ring, JoinQueue, DialAgent, Transfer, RecordVoicemail)
PATH_SHOWN_AFTER = 1.0


Perform = Generator[bytes, AgiReply, Outcome]
DONE_LINE = set_variable(DONE_VARIABLE, "done")


class AgiEffects:
    """Carries out route effects on one channel: each effect is a short AGI dialogue."""

    def __init__(self, call: CallIdentity, recordings_dir: str,
                 queue_plans: Mapping[str, QueuePlan] | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 redirects: Callable[[str], str | None] = lambda linkedid: None,
                 queue_watch: Callable[[str, str | None], None] = lambda linkedid, queue: None
                 ) -> None:
        self._call = call
        self._recordings_dir = recordings_dir
        self._queue_plans = queue_plans or {}
        self._clock = clock
        self._redirects = redirects
        self._queue_watch = queue_watch
        self.answered = False
        self.done_marked = False

    def perform(self, effect: Effect) -> Perform:
        if isinstance(effect, CollectDigit):
            yield from self._answer()
            reply = yield format_command(
                "GET", "OPTION", effect.prompt, f'"{effect.digits}"',
                str(int(effect.timeout * 1000)))
            if reply.result_int < 0:
                return (yield from self._media_outcome(reply.result_int))
            if reply.extras.get("endpos") == "0" and reply.result_int == 0:
                # Nothing played: the prompt is missing.
                return (yield from self._media_outcome(-1))
            return Outcome(value=reply.dtmf)
        if isinstance(effect, Play):
            yield from self._answer()
            reply = yield stream_file(effect.sound)
            return (yield from self._media_outcome(reply.result_int))
        if isinstance(effect, JoinQueue):
            # The caller waits for this queue the whole time, between levels and while held
            # too: the live board is told, as Asterisk lists them only inside Queue().
            self._queue_watch(self._call.linkedid, effect.queue)
            try:
                return (yield from self._join(effect))
            finally:
                self._queue_watch(self._call.linkedid, None)
        if isinstance(effect, SetTicketFields):
            return Outcome()  # recorded with the call's path (callcenter/calls/merge.py)
        if isinstance(effect, Ring):
            if not self.answered:
                yield from self._exec("Ringing")
            yield from self._exec("Wait", str(effect.seconds))
            return Outcome()
        if isinstance(effect, DialAgent):
            # Dial answers -1 whenever the caller hangs up, also after talking to the agent:
            # DIALSTATUS (readable on a dead channel) tells what happened.
            yield exec_app("Dial", f"PJSIP/{effect.endpoint},{effect.seconds}")
            return Outcome(value=(yield from self._variable("DIALSTATUS")))
        if isinstance(effect, Transfer):
            if effect.caller_id:
                yield from self._exec("Set", f"CALLERID(num)={effect.caller_id}")
            yield exec_app("Dial", f"PJSIP/{effect.number}@{effect.trunk},{effect.seconds}")
            return Outcome(value=(yield from self._variable("DIALSTATUS")))
        if isinstance(effect, RecordVoicemail):
            return (yield from self._voicemail(effect))
        if isinstance(effect, Hangup):
            yield from self.mark_done()
            yield HANGUP
            return Outcome()
        raise TypeError(f"no AGI for {effect!r}")

    def _join(self, effect: JoinQueue) -> Perform:
        # Answered first: the caller hears music and announcements as a connected call,
        # and a caller who hangs up in the queue is told apart from one still ringing.
        yield from self._answer()
        plan = self._queue_plans.get(effect.queue)
        if plan is not None:
            return (yield from self._leveled_queue(plan, effect.max_wait))
        # A queue ringdesk does not generate (the site's own queues.conf).
        status = WITHDRAWN
        while status == WITHDRAWN:
            status = yield from self._join_queue(effect.queue, effect.max_wait)
            if status == WITHDRAWN and (yield from self._redirect(
                    self._redirects(self._call.linkedid))):
                status = ""
        # No status means the caller was connected to an agent; UNKNOWN, no such queue.
        return Outcome(ok=status != "UNKNOWN", value=status)

    def _leveled_queue(self, plan: QueuePlan, max_wait: int) -> Perform:
        """Level by level (callcenter/queues/levels.py decides, this carries it out)."""
        walk = LevelWalk(plan, max_wait)
        while True:
            asked = self._redirects(self._call.linkedid)
            if asked is not None:  # sent to an agent while being rung or held
                started = self._clock()
                answered = yield from self._redirect(asked)
                walk.redirected(self._clock() - started, answered)
            step = walk.next_step()
            if isinstance(step, Finished):
                levels = [f"L{level}:{status}" for level, status in walk.history]
                return Outcome(ok=step.status != "UNKNOWN", value=step.status,
                               details={"levels": " ".join(levels)})
            started = self._clock()
            if isinstance(step, JoinLevel):
                status = yield from self._join_queue(step.queue, step.timeout)
                if status == WITHDRAWN:
                    answered = yield from self._redirect(self._redirects(self._call.linkedid))
                    walk.redirected(self._clock() - started, answered)
                else:
                    walk.joined(status, self._clock() - started)
            elif isinstance(step, CountLoggedIn):
                logged_in = 0
                for queue in step.queues:
                    count = yield from self._variable(f"QUEUE_MEMBER({queue},logged)")
                    logged_in += int(count) if count.isdigit() else 0
                walk.counted(logged_in)
            else:
                yield from self._exec("MusicOnHold", f"{step.music_class},{step.seconds}")
                walk.held(self._clock() - started)

    def _join_queue(self, queue: str, timeout: int) -> Generator[bytes, AgiReply, str]:
        """Queue() and its QUEUESTATUS ("" when an agent took the call)."""
        # Queue() sets QUEUESTATUS only when no agent took the call: a status left by an
        # earlier level or queue would make an answered call that the agent ended look
        # refused, and put the caller back in line.
        yield set_variable("QUEUESTATUS", "")
        reply = yield exec_app("Queue", f"{queue},,,,{timeout}")
        status = yield from self._variable("QUEUESTATUS")
        if reply.result_int < 0 and not status:
            yield CHANNEL_STATUS  # 511 if the caller left
        return status

    def _redirect(self, endpoint: str | None) -> Generator[bytes, AgiReply, bool]:
        """A supervisor sent the caller to an agent (``endpoint``, else the note Asterisk's
        withdrawal carries): ring them. True if they answered; false puts the caller back
        in line."""
        if endpoint is None:
            endpoint = redirect_endpoint((yield from self._variable("QUEUE_WITHDRAW_INFO")))
        if endpoint is None:
            return False
        reply = yield exec_app("Dial", f"PJSIP/{endpoint},{REDIRECT_RING_SECONDS}")
        status = yield from self._variable("DIALSTATUS")
        if reply.result_int < 0 and status != "ANSWER":
            yield CHANNEL_STATUS  # 511 if the caller left meanwhile
        return status == "ANSWER"

    def mark_done(self) -> Generator[bytes, AgiReply, None]:
        if not self.done_marked:
            yield DONE_LINE
            self.done_marked = True

    def _exec(self, application: str, arguments: str = "") -> Generator[bytes, AgiReply, None]:
        reply = yield exec_app(application, arguments)
        if reply.result_int < 0:
            # Applications answer -1 when the caller hung up; a dead channel answers the
            # status question with 511, which ends the session (AgiChannelGone).
            yield CHANNEL_STATUS

    def _answer(self) -> Generator[bytes, AgiReply, None]:
        if not self.answered:
            yield ANSWER
            self.answered = True

    def _media_outcome(self, result: int) -> Perform:
        if result >= 0:
            return Outcome()
        # -1: the caller hung up, or the sound could not be played. Asterisk says HANGUP
        # only after the reply, so ask: a dead channel answers 511 (AgiChannelGone).
        yield CHANNEL_STATUS
        return Outcome(ok=False)

    def _variable(self, name: str) -> Generator[bytes, AgiReply, str]:
        reply = yield get_variable(name)
        return reply.data or "" if reply.result_int == 1 else ""

    def _voicemail(self, effect: RecordVoicemail) -> Perform:
        yield from self._answer()
        greeting = yield stream_file(effect.greeting)
        if greeting.result_int < 0:
            return (yield from self._media_outcome(-1))
        path = f"{self._recordings_dir}/voicemail-{self._call.linkedid}"
        # Ends on '#', after 5 s of silence, or at the maximum length; beeps first.
        reply = yield format_command(
            "RECORD", "FILE", path, "wav", '"#"', str(effect.max_seconds * 1000), "BEEP",
            "s=5")
        if reply.result_int < 0 and reply.data != "hangup":
            return Outcome(ok=False, details={"error": reply.text})
        return Outcome(value=f"voicemail-{self._call.linkedid}.wav")


class RouteCallSession:
    log: ClassVar[Logger] = Logger()

    def __init__(self, routes: RouteDirectory, references: Callable[[], References],
                 default_region: str, record_path: PathRecorder, recordings_dir: str,
                 now: Callable[[], datetime], clock: ReactorTime,
                 queue_plans: Callable[[], Mapping[str, QueuePlan]] = dict,
                 redirects: Callable[[str], str | None] = lambda linkedid: None,
                 queue_watch: Callable[[str, str | None], None] = lambda linkedid, queue: None
                 ) -> None:
        self._routes = routes
        self._references = references
        self._region = default_region
        self._record_path = record_path
        self._recordings_dir = recordings_dir
        self._now = now
        self._seconds = clock.seconds  # stamps the journal; ``now`` is what the route decides by
        self._waiting = WaitingPaths(clock, PATH_SHOWN_AFTER)
        self._queue_plans = queue_plans
        self._redirects = redirects
        self._queue_watch = queue_watch

    def __call__(self, environment: AgiEnvironment) -> AgiScript:
        # Only the call's identity is kept: a call in flight holds no environment block.
        return self._script(identify(environment))

    def _script(self, call: CallIdentity) -> AgiScript:
        journal = PathJournal(call, self._record_path, self._seconds)
        route = self._routes.lookup(to_e164(call.dialed, self._region))
        if route is None:
            self.log.warn("agi_unknown_number dialed={dialed} linkedid={linkedid}",
                          dialed=call.dialed, linkedid=call.linkedid)
            journal.note({"step": "unknown_number", "dialed": call.dialed})
            journal.flush()
            return
            yield  # still a script: it just sends nothing
        journal.route_version_id = route.version_id
        facts = CallFacts(to_e164(call.caller, self._region), call.caller,
                          to_e164(call.dialed, self._region), self._now())
        effects = AgiEffects(call, self._recordings_dir, self._queue_plans(),
                             redirects=self._redirects, queue_watch=self._queue_watch)
        run = RouteRun(route.graph, facts, self._references())
        try:
            result = yield from self._drive(run, effects, journal)
            if result.completed:
                yield from effects.mark_done()
            else:
                self.log.warn("route_incomplete linkedid={linkedid} reason={reason}",
                              linkedid=call.linkedid, reason=result.reason)
                journal.note({"step": "fallback", "reason": result.reason})
        except AgiChannelGone:
            journal.note({"step": "caller_hung_up"})
        except Exception as error:
            # Logged by the protocol; the dialplan fallback takes the caller.
            journal.note({"step": "error", "error": str(error)[:300]})
            raise
        finally:
            journal.flush()

    def _drive(self, run: RouteRun, effects: AgiEffects, journal: PathJournal
               ) -> Generator[bytes, AgiReply, RouteResult]:
        noted = 0
        decided_at: list[float] = []  # when each step of run.steps was taken
        try:
            effect = run.start()
            _stamp(run.steps, decided_at, self._seconds())
            while effect is not None:
                if isinstance(effect, LONG_EFFECTS):
                    noted = _note_finished(run.steps, decided_at, noted, journal)
                    self._waiting.start(journal)
                outcome = yield from effects.perform(effect)
                self._waiting.stop(journal)  # a dict lookup when the call was not waiting
                effect = run.answer(outcome)
                _stamp(run.steps, decided_at, self._seconds())
        finally:  # however the walk ended, what ran is on the record
            self._waiting.stop(journal)
            _stamp(run.steps, decided_at, self._seconds())
            _note_finished(run.steps, decided_at, noted, journal, include_last=True)
        assert run.result is not None
        return run.result


def _stamp(steps: list[Step], decided_at: list[float], now: float) -> None:
    """The steps the route took since the last look happened now."""
    while len(decided_at) < len(steps):
        decided_at.append(now)


def _note_finished(steps: list[Step], decided_at: list[float], noted: int,
                   journal: PathJournal, include_last: bool = False) -> int:
    """Journal the steps decided so far (the current node is still running)."""
    finished = len(steps) if include_last else len(steps) - 1
    if finished > noted:
        journal.note_steps(steps[noted:finished], decided_at[noted:finished])
    return max(noted, finished)

