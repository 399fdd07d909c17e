"""The composition root of ``ringdesk serve``: every object is built and wired here, once.

One Twisted process runs the FastAGI server, the AMI session and the web app (Flask under
twisted.web's WSGI container, on its own thread pool). Call records go through one serial
writer, in order, to a recorder child process that owns their SQL (ringdesk/writer_process.py):
the reactor never blocks on SQL and call control never waits for the interpreter lock.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from twisted.internet import defer, task
from twisted.internet.endpoints import TCP4ClientEndpoint
from twisted.internet.interfaces import IReactorCore, IReactorTCP, IReactorThreads
from twisted.internet.threads import blockingCallFromThread, deferToThread
from twisted.logger import Logger
from twisted.python.threadpool import ThreadPool
from twisted.web.wsgi import WSGIResource

from ringdesk.callback_runner import CallbackRunner
from ringdesk.callcenter.agents.modes import ModeSpec
from ringdesk.callcenter.agents.operations import ModeOfAgent, do_agent_modes
from ringdesk.callcenter.agents.service import WorkModes
from ringdesk.callcenter.ami.client import AmiClient, AmiCredentials
from ringdesk.callcenter.ami.parser import AmiMessage
from ringdesk.callcenter.ami.protocol import AmiActionError, AmiActionTimeout, AmiDisconnected
from ringdesk.callcenter.calls.cdr import settle_gone_calls
from ringdesk.callcenter.calls.click_to_call_service import ClickToCaller
from ringdesk.callcenter.calls.fallback import import_fallback_calls
from ringdesk.callcenter.calls.recorder import (
    PathSteps,
    Update,
    unfinished_calls,
)
from ringdesk.callcenter.calls.redirect import PendingRedirects
from ringdesk.callcenter.calls.spy import SpyMode
from ringdesk.callcenter.calls.tracker import CallTracker
from ringdesk.callcenter.live.board import LiveBoard
from ringdesk.callcenter.live.day_calls import calls_since
from ringdesk.callcenter.live.feed import LiveFeed
from ringdesk.callcenter.live.redirect_service import CallRedirect
from ringdesk.callcenter.live.ring_outs import RingOuts
from ringdesk.callcenter.live.rows import AgentAccountFacts, agent_account_facts
from ringdesk.callcenter.live.scope import board_views
from ringdesk.callcenter.live.spy_service import CallSpy
from ringdesk.callcenter.live.tally import DayCall
from ringdesk.callcenter.live.views import BoardView
from ringdesk.callcenter.pbx.apply import load_specs, queue_plans, reload_pbx, render, write_files
from ringdesk.callcenter.queues.levels import QueuePlan
from ringdesk.callcenter.route_references import load_references
from ringdesk.core.config import Config
from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.core.errors import PbxUnavailable
from ringdesk.core.health import DOWN, OK, HealthBoard
from ringdesk.core.server_key import load_server_key
from ringdesk.desk_watch import DeskWatch
from ringdesk.heap import freeze_startup_heap
from ringdesk.helpdesk.calls.click_to_call import do_plan_click_to_call
from ringdesk.helpdesk.calls.recording_pause import RecordingPauses
from ringdesk.helpdesk.jobs import run_tick
from ringdesk.ivr.agi.protocol import FastAgiFactory
from ringdesk.ivr.call import CallIdentity, JournalEntry
from ringdesk.ivr.route_session import RouteCallSession
from ringdesk.ivr.workmode_session import dispatch, workmode_session
from ringdesk.native import native_status
from ringdesk.routes.directory import PublishedRoute, RouteDirectory, load_published_routes
from ringdesk.routes.nodes.base import References
from ringdesk.server_setup import call_ticket_policy, check_schema, live_bus, phones_reader
from ringdesk.web.app import body_limits, create_app
from ringdesk.web.auth import AccessCheck
from ringdesk.web.desk_stream import ENDPOINT as DESK_ENDPOINT
from ringdesk.web.desk_stream import PATH as DESK_PATH
from ringdesk.web.desk_stream import PERMISSION as DESK_VIEW
from ringdesk.web.desk_stream import DeskEvents
from ringdesk.web.http_edge import BoundedSite
from ringdesk.web.live_stream import ENDPOINT as LIVE_ENDPOINT
from ringdesk.web.live_stream import PATH as LIVE_PATH
from ringdesk.web.live_stream import PERMISSION as LIVE_VIEW
from ringdesk.web.live_stream import LiveEvents, Root
from ringdesk.web.services import WebServices
from ringdesk.writer import SerialWriter, WriterReactor
from ringdesk.writer_process import RecorderProcess, describe_update, encode_update

NUMBERS_REFRESH_SECONDS = 10.0
HELPDESK_TICK_SECONDS = 30.0
CALLBACK_SECONDS = 5.0  # a callback rings within this of its time
DESK_WATCH_SECONDS = 1.0  # how soon an open desk hears that a ticket changed
GC_YOUNG_THRESHOLD = 10_000
UPLOAD = "upload"  # the edge's check of an upload's sender, before the view's own
WRITE_LINGER_SECONDS = 0.02


def utcnow() -> datetime:
    return datetime.now(UTC)


class ServerReactor(IReactorTCP, IReactorCore, IReactorThreads, WriterReactor):
    """What the server needs of its reactor (Twisted's default reactor provides it all)."""


class RingdeskServer:
    log = Logger()

    def __init__(self, config: Config, reactor: ServerReactor) -> None:
        self.config = config
        self.reactor = reactor
        self.health = HealthBoard()
        self.server_key = load_server_key(config)
        self.engine = make_engine(config.database.url)
        self.sessions = make_sessionmaker(self.engine)
        self.recorder = RecorderProcess(config.database.url, config.phone.default_region,
                                        call_ticket_policy(config))
        # Updates wait for the recorder as bytes: a backlog of thousands of calls would
        # otherwise be walked by every full garbage collection, stalling calls in flight.
        self.writer: SerialWriter[bytes] = SerialWriter(
            reactor, self.health, self.recorder.apply_batch, linger=WRITE_LINGER_SECONDS,
            describe=describe_update)
        self.tracker = CallTracker(frozenset(config.ami.inbound_contexts), utcnow)
        self.routes = RouteDirectory()
        self.references = References()
        self.queue_plans: dict[str, QueuePlan] = {}
        self.redirects = PendingRedirects(reactor.seconds)
        route_session = RouteCallSession(
            self.routes, lambda: self.references, config.phone.default_region,
            self._record_path, config.media.asterisk_recordings_dir, utcnow, reactor,
            lambda: self.queue_plans, self.redirects.take,
            lambda linkedid, queue: self.live.route_waits(linkedid, queue),
        )
        self.live = LiveFeed(
            LiveBoard(config.live.timezone, config.live.service_level_seconds,
                      region=config.phone.default_region),
            live_bus(config, reactor), utcnow)
        self.work_modes = WorkModes(self.sessions, lambda a, h: self.ami.send_action(a, dict(h)),
                                    lambda: self.ami.ready, utcnow,
                                    on_change=lambda agent: self.live.modes([agent]))
        self.click_to_call = ClickToCaller(
            self.sessions, config.phone.default_region, do_plan_click_to_call,
            self.tracker.expect, self._post,
            lambda action, headers: self.ami.send_action(action, headers),
            lambda: self.ami.ready, utcnow)
        self.ring_outs = RingOuts(config.live.auto_pause_after)
        self.recording_pauses = RecordingPauses(
            self.sessions, lambda action, headers: self.ami.send_action(action, headers),
            lambda: self.ami.ready, reactor.callLater, utcnow,
            config.live.recording_pause_seconds)
        self.spy = CallSpy(self.sessions, self.live.board,
                           lambda action, headers: self.ami.send_action(action, headers),
                           lambda: self.ami.ready)
        self.redirect = CallRedirect(self.sessions, self.live.board,
                                     lambda action, headers: self.ami.send_action(action, headers),
                                     lambda: self.ami.ready, self.redirects.ask)
        self.agi_session = dispatch({
            "inbound": route_session,
            "workmode": workmode_session(lambda: self.work_modes.by_code,
                                         self._mode_from_phone),
        }, default="inbound")
        self.ami = AmiClient(
            reactor,
            TCP4ClientEndpoint(reactor, config.ami.host, config.ami.port, timeout=5),
            AmiCredentials(config.ami.username, config.ami.secret),
            self.health,
            on_event=self._on_ami_event,
            on_ready=self._on_ami_ready,
            action_timeout=config.ami.action_timeout,
            max_delay=config.ami.max_reconnect_delay,
        )
        self.web_pool = ThreadPool(minthreads=1, maxthreads=config.web.threads, name="web")
        self._ports: list[Any] = []
        self._loops: list[task.LoopingCall] = []
        self._importing = False
        self._modes_loaded = False

    async def start(self) -> None:
        await deferToThread(check_schema, self.engine)
        self.recorder.start()
        self.writer.start()
        self.live.bus.start()
        await self._refresh_routes()
        self._every(NUMBERS_REFRESH_SECONDS, self._refresh_routes)
        self._listen_agi()
        self._listen_web()
        if self.config.ami.secret:
            self.ami.start()
        else:  # no secret is built in; the web app still serves
            self.health.report("ami", DOWN, "ami.secret is not set (RINGDESK_AMI_SECRET): "
                                            "ringdesk does not log in to Asterisk without it")
        self._every(self.config.ami.fallback_import_interval, self._import_fallback)
        self._every(HELPDESK_TICK_SECONDS, self._helpdesk_tick)
        callbacks = CallbackRunner(self.sessions, self.click_to_call.place,
                                   lambda: self.ami.ready, utcnow)
        self._every(CALLBACK_SECONDS, callbacks.tick)
        self._every(self.config.live.reconcile_seconds, self._reconcile_live)
        self.reactor.addSystemEventTrigger(
            "before", "shutdown", lambda: defer.ensureDeferred(self.stop()))
        # Everything built so far lives as long as the process: a full pass over it would
        # stall every call in flight for tens of milliseconds.
        freeze_startup_heap()
        # Each call in flight holds a few dozen objects: with the default threshold (700)
        # they are scanned and promoted again and again while the call runs. Measured at
        # 50 and 500 calls in flight, collecting every 10,000 new objects halves the
        # collector's share (~12 to ~6 us a call); a young pass takes 0.5-2 ms here.
        gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])

    def abort(self) -> None:
        """Release threads after a failed start so the process can exit."""
        for port in self._ports:
            port.stopListening()
        self.writer.stop()
        self.recorder.stop()
        self.web_pool.stop()

    async def stop(self) -> None:
        for loop in self._loops:
            if loop.running:
                loop.stop()
        self.ami.stop()
        for port in self._ports:
            await port.stopListening()
        self._ports = []
        await self.writer.drained()
        self.writer.stop()
        self.recorder.stop()
        self.live.bus.stop()
        # Joined from another thread: a web thread still answering waits for the reactor
        # (WSGI writes go through it), so joining it on the reactor thread deadlocked and
        # the process never exited.
        await deferToThread(self.web_pool.stop)
        self.engine.dispose()

    # -- wiring ----------------------------------------------------------------------
    def _listen_agi(self) -> None:
        agi = self.config.agi
        port = self.reactor.listenTCP(agi.port, FastAgiFactory(self.agi_session),
                                      backlog=agi.backlog, interface=agi.host)
        self._ports.append(port)
        self.health.report("agi", OK, f"listening on {agi.host}:{agi.port}")
        call_path = native_status()
        if call_path.stale:  # Python imports the old extension, not the edited source
            self.log.warn("call_path_stale {summary}", summary=call_path.summary())
        else:
            self.log.info("call_path {summary}", summary=call_path.summary())

    def _listen_web(self) -> None:
        web = self.config.web
        services = WebServices(self.sessions, self.health, self.config,
                               self.routes_changed, self._apply_pbx_from_thread,
                               self._set_mode_from_thread, self._live_from_thread,
                               self._click_to_call_from_thread, self.server_key,
                               self._spy_from_thread, self._redirect_from_thread,
                               lambda message: self.reactor.callFromThread(
                                   self.live.bus.publish, message),
                               self._pause_recording_from_thread)
        app = create_app(services)
        self.web_pool.start()
        events = LiveEvents(self.reactor, self.live.bus, self.live.snapshot,
                            AccessCheck(self.sessions, self.config, LIVE_ENDPOINT, LIVE_VIEW),
                            web.trusted_proxies, views_of=self._board_views)
        desk = DeskEvents(self.reactor,
                          AccessCheck(self.sessions, self.config, DESK_ENDPOINT, DESK_VIEW),
                          self.live.bus, phones_reader(self.sessions), web.trusted_proxies)
        watch = DeskWatch(self.sessions, desk.tickets_changed, desk.notified,
                          lambda: desk.open_desks > 0)
        self._every(DESK_WATCH_SECONDS, watch.tick)
        root = Root(WSGIResource(self.reactor, self.web_pool, app),
                    {LIVE_PATH: events, DESK_PATH: desk})
        # An upload's sender is checked before its body is read; the view checks the rank.
        site = BoundedSite(root, body_limits(services),
                           AccessCheck(self.sessions, self.config, UPLOAD, "me"),
                           web.trusted_proxies)
        # Twisted types a Site's protocol as its HTTP/2-capable wrapper, which its own
        # listenTCP signature does not accept.
        port = self.reactor.listenTCP(web.port, site, interface=web.host)  # type: ignore[arg-type]
        self._ports.append(port)
        self.log.info("web_listening url=http://{host}:{port}/", host=web.host, port=web.port)

    def _every(self, seconds: float, job: Any) -> None:
        loop = task.LoopingCall(lambda: defer.ensureDeferred(job()))
        loop.clock = self.reactor
        loop.start(seconds, now=False).addErrback(
            lambda failure: self.log.failure("periodic_job_stopped", failure)
        )
        self._loops.append(loop)

    # -- behaviour -------------------------------------------------------------------
    async def _refresh_routes(self) -> None:
        sounds = Path(self.config.media.sounds_dir)
        known_graphs = self.routes.graphs()

        def load() -> tuple[dict[str, PublishedRoute], References, dict[str, QueuePlan],
                            dict[str, ModeSpec], list[ModeOfAgent], dict[str, int],
                            dict[str, AgentAccountFacts]]:
            with self.sessions() as session:
                references = load_references(session, sounds, self.config.pbx.trunks)
                specs = load_specs(session)
                codes = self.work_modes.load_codes(session)
                agents = do_agent_modes(session)
            wrapups = {queue.name: queue.wrapup for queue in specs.queues}
            accounts = agent_account_facts(specs.accounts, specs.queues)
            return (load_published_routes(self.sessions, known_graphs), references,
                    queue_plans(specs), codes, agents, wrapups, accounts)

        try:
            routes, references, plans, codes, agents, wrapups, accounts = \
                await deferToThread(load)
        except Exception as error:  # noqa: BLE001 - keep serving the last good snapshot
            self.health.report("db", DOWN, f"cannot load routes: {error}")
            return
        self.routes.replace(routes)
        self.references = references
        self.queue_plans = plans
        self.work_modes.by_code = codes
        self.live.board.wrapup_seconds = wrapups
        self.live.configured(accounts, list(wrapups))
        if not self._modes_loaded:  # later changes reach the board as they happen
            self._modes_loaded = True
            self.live.modes(agents)
            await self._count_day()

    async def _count_day(self) -> None:
        """Today's calls so far, from the database: a restart does not zero the board."""
        since = self.live.board.today_began(utcnow())

        def load() -> list[DayCall]:
            with self.sessions() as session:
                return calls_since(session, since)

        try:
            self.live.count_day(await deferToThread(load))
        except Exception as error:  # noqa: BLE001 - the board still counts from now on
            self.log.warn("live_day_not_counted error={error}", error=error)

    def routes_changed(self) -> None:
        """Called from any thread after a publish: reload the snapshot soon."""
        self.reactor.callFromThread(
            lambda: defer.ensureDeferred(self._refresh_routes()))

    async def apply_pbx(self) -> dict[str, Any]:
        """Check, write and reload the generated Asterisk configuration ("Apply config")."""
        if not self.ami.ready:
            raise PbxUnavailable("Asterisk's manager interface is not connected; try again")

        def write() -> list[str]:
            with self.sessions() as session:
                files = render(load_specs(session))
            return write_files(Path(self.config.pbx.generated_dir), files)

        changed = await deferToThread(write)
        try:
            reloaded = await reload_pbx(
                lambda action, headers: self.ami.send_action(action, headers))
        except (AmiDisconnected, AmiActionTimeout, AmiActionError) as error:
            raise PbxUnavailable(f"the files are written but Asterisk did not reload: "
                                 f"{error}", {"changed": changed}) from error
        await self._refresh_routes()  # calls from now on ring the new levels
        await self.work_modes.reassert()  # a reload may have reset members' pauses
        self.log.info("pbx_config_applied changed={changed}", changed=changed)
        return {"applied": True, "changed": changed, "reloaded": reloaded}

    def _mode_from_phone(self, endpoint: str, mode: ModeSpec) -> None:
        change = defer.ensureDeferred(self.work_modes.set_mode(endpoint, mode.code, "phone"))
        change.addErrback(lambda failure: self.log.failure(
            "work_mode_change_failed endpoint={endpoint}", failure, endpoint=endpoint))

    def _set_mode_from_thread(self, endpoint: str, mode_key: str,
                              changed_by: int | None) -> tuple[ModeOfAgent, bool]:
        def change() -> defer.Deferred[Any]:
            return defer.ensureDeferred(
                self.work_modes.set_mode(endpoint, mode_key, "api", changed_by))

        return cast(tuple[ModeOfAgent, bool], blockingCallFromThread(self.reactor, change))

    def _click_to_call_from_thread(self, ticket_id: int, endpoint: str, number: str | None,
                                   queue: str | None) -> dict[str, Any]:
        def place() -> defer.Deferred[Any]:
            return defer.ensureDeferred(
                self.click_to_call.place(ticket_id, endpoint, number, queue))

        return cast(dict[str, Any], blockingCallFromThread(self.reactor, place))

    def _pause_recording_from_thread(self, linkedid: str, paused: bool, user_id: int
                                     ) -> dict[str, Any]:
        def change() -> defer.Deferred[Any]:
            return defer.ensureDeferred(self.recording_pauses.set(linkedid, paused, user_id))

        return cast(dict[str, Any], blockingCallFromThread(self.reactor, change))

    def _spy_from_thread(self, linkedid: str, mode: str, user_id: int) -> dict[str, str]:
        def start() -> defer.Deferred[Any]:
            return defer.ensureDeferred(self.spy.start(linkedid, cast(SpyMode, mode), user_id))

        return cast(dict[str, str], blockingCallFromThread(self.reactor, start))

    def _redirect_from_thread(self, linkedid: str, endpoint: str | None, user_id: int
                              ) -> dict[str, str]:
        def send() -> defer.Deferred[Any]:
            return defer.ensureDeferred(self.redirect.send(linkedid, endpoint, user_id))

        return cast(dict[str, str], blockingCallFromThread(self.reactor, send))

    def _board_views(self, people: Sequence[tuple[int, str]]) -> list[BoardView]:
        """Blocking: what each person's live stream shows (their queues, masked numbers)."""
        with self.sessions() as session:
            return board_views(session, people, self.config.live.mask_numbers_for)

    def _live_from_thread(self) -> dict[str, Any]:
        snapshot: dict[str, Any] = blockingCallFromThread(self.reactor, self.live.snapshot)
        return snapshot

    def _apply_pbx_from_thread(self) -> dict[str, Any]:
        result: dict[str, Any] = blockingCallFromThread(
            self.reactor, lambda: defer.ensureDeferred(self.apply_pbx()))
        return result

    def _write(self, update: Update) -> defer.Deferred[None]:
        return self.writer.submit(encode_update(update))

    def _post(self, update: Update) -> None:
        self.writer.post(encode_update(update))

    def _record_path(self, call: CallIdentity, steps: list[JournalEntry],
                     route_version_id: int | None) -> None:
        self._post(PathSteps(call.linkedid, tuple(steps), call.caller, call.dialed,
                             route_version_id))
        # The live board shows where a waiting call went (journal notes are not steps).
        self.live.route_steps(call.linkedid, [(step[1], step[2], step[3]) for step in steps
                                              if not isinstance(step, dict)])

    def _on_ami_event(self, event: AmiMessage) -> None:
        updates = self.tracker.apply(event)
        for update in updates:
            self._post(update)
        self.live.calls(updates)
        self.live.ami(event)
        for update in updates:
            endpoint = self.ring_outs.update(update)
            if endpoint is not None:
                defer.ensureDeferred(self._auto_pause(endpoint))

    async def _auto_pause(self, endpoint: str) -> None:
        mode = self.config.live.auto_pause_mode
        try:
            await self.work_modes.set_mode(endpoint, mode, "auto_pause")
        except Exception as error:  # noqa: BLE001 - e.g. the mode was retired: say so
            self.log.warn("auto_pause_failed endpoint={endpoint} mode={mode} error={error}",
                          endpoint=endpoint, mode=mode, error=error)

    async def _on_ami_ready(self, client: AmiClient) -> None:
        result = await client.send_action("CoreShowChannels")
        await self.writer.drained()  # what the last session saw is in the database now
        unfinished = await deferToThread(unfinished_calls, self.sessions)
        live = {channel.get("Linkedid") for channel in result.events}
        gone = (set(unfinished) | self.tracker.live_linkedids) - live
        settled = await deferToThread(settle_gone_calls, self.config.ami.cdr_file,
                                      sorted(gone))
        for from_cdr in settled.values():
            for update in from_cdr:
                self._post(update)
            self.live.calls(from_cdr)
        updates = self.tracker.resync(result.events, unfinished, frozenset(settled))
        for update in updates:
            self._post(update)
        self.live.calls(updates)
        # Phones, registrations and who waits in which queue, for the live board.
        for action in ("DeviceStateList", "PJSIPShowContacts", "QueueStatus"):
            try:
                listed = await client.send_action(action)
            except AmiActionError as error:  # a module not loaded: the board fills later
                self.log.warn("live_resync_skipped action={action} error={error}",
                              action=action, error=error)
                continue
            for event in listed.events:
                self.live.ami(event)
        await self.work_modes.reassert()  # modes changed while AMI was away
        await self._import_fallback()

    async def _reconcile_live(self) -> None:
        """The board against Asterisk's own lists, so a missed event never leaves a stuck
        call, caller or agent on a supervisor's screen for longer than this period."""
        if not self.ami.ready:
            return  # reconnecting: the board is rebuilt when AMI is back
        asked_at = utcnow()
        try:
            channels = await self.ami.send_action("CoreShowChannels")
            entries = await self.ami.send_action("QueueStatus")
        except Exception as error:  # noqa: BLE001 - the next period tries again
            self.log.warn("live_reconcile_failed error={error}", error=error)
            return
        changes = self.live.board.reconcile(
            channels.events, [e for e in entries.events if e.event == "QueueEntry"],
            asked_at, utcnow())
        if changes:
            self.log.info("live_reconciled changes={count}", count=len(changes))
        self.live.publish(changes)

    async def _helpdesk_tick(self) -> None:
        """Snoozes, SLA breaches, distribution; a failed pass is logged, the next retries."""
        try:
            report = await deferToThread(run_tick, self.sessions, utcnow())
        except Exception:  # noqa: BLE001 - e.g. the database is away for a moment
            self.log.failure("helpdesk_tick_failed")
            return
        if report.assigned or report.reassigned or report.woken or report.alerts:
            self.log.info("helpdesk_tick assigned={a} reassigned={r} woken={w} alerts={q}",
                          a=report.assigned, r=report.reassigned, w=report.woken,
                          q=",".join(report.alerts))

    async def _import_fallback(self) -> None:
        if not self.ami.ready or self._importing:
            return
        self._importing = True
        try:
            await import_fallback_calls(self.ami.send_action, self._write)
        except Exception:  # noqa: BLE001 - retried at the next interval
            self.log.failure("fallback_import_failed")
        finally:
            self._importing = False
