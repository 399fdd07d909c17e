"""``GET /api/v1/desk/events``: the agent desk's server-sent events.

The desk is told *that* something moved, never what: ``tickets`` when any ticket changed
(each desk then asks the API for its own lists, which shows only what that person may
see), ``notifications`` to the people who got one. So the stream itself carries no ticket
data and cannot leak any. The one exception is the agent's own phone: ``call`` says that
it rings, was answered or stopped, with the caller, only to the desk of the person whose
phone it is (the screen pop; the call's card itself comes from the API). And ``presence``:
who else is on a ticket and writing on it, only to the people on that ticket (each passed
the ticket's own access check to say they are there). Access is the API's own check when
the stream opens and every few seconds after (web/auth.py): an ended session or token
ends its stream, told why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from twisted.internet import task
from twisted.internet.interfaces import IReactorTime
from twisted.internet.threads import deferToThread
from twisted.python.failure import Failure
from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET, Request

from ringdesk.callcenter.live.bus import EventBus, Message
from ringdesk.callcenter.live.desk_calls import DESK_CALL
from ringdesk.web.auth import Credentials
from ringdesk.web.http_edge import credentials_of, refusal, refuse_stream
from ringdesk.web.live_fanout import sse
from ringdesk.web.live_stream import Authorizer
from ringdesk.web.presence import DESK_PRESENCE, TicketPresence
from ringdesk.web.security import HEADERS

PATH = b"/api/v1/desk/events"
ENDPOINT = "desk.events"
PERMISSION = "tickets.read"
KEEPALIVE_SECONDS = 15.0
PRESENCE_SWEEP_SECONDS = 5.0
RECHECK_SECONDS = 2.0
PhonesOf = Callable[[Iterable[int]], dict[int, frozenset[str]]]


@dataclass
class _Desk:
    request: Request
    credentials: Credentials
    user_id: int
    phones: frozenset[str] = field(default_factory=frozenset)


class DeskEvents(Resource):
    isLeaf = True  # noqa: N815 (Twisted's name)

    def __init__(self, reactor: IReactorTime, authorize: Authorizer, bus: EventBus,
                 phones_of: PhonesOf, trusted_proxies: int = 0,
                 recheck_seconds: float = RECHECK_SECONDS) -> None:
        """``phones_of`` (run in a thread) gives people's phones: whose desk a call pops on."""
        super().__init__()  # type: ignore[no-untyped-call]
        self._reactor = reactor
        self._authorize = authorize
        self._phones_of = phones_of
        # From the start, not the first desk: who is on a ticket is known before anyone
        # opens a desk (a page may say so before its stream is open).
        bus.subscribe(self.on_bus)
        self._trusted_proxies = trusted_proxies
        self._desks: dict[int, _Desk] = {}
        self._checking = False
        self._rechecks = task.LoopingCall(self._recheck)
        self._rechecks.clock = reactor
        self._keepalive = task.LoopingCall(self._write_all, b": keepalive\n\n")
        self._keepalive.clock = reactor
        self._recheck_seconds = recheck_seconds
        self.presence = TicketPresence()
        self._sweep = task.LoopingCall(self._forget_the_silent)
        self._sweep.clock = reactor

    @property
    def open_desks(self) -> int:
        return len(self._desks)

    def tickets_changed(self) -> None:
        self._write_all(sse("tickets", {}))

    def notified(self, user_ids: Iterable[int]) -> None:
        wanted = set(user_ids)
        message = sse("notifications", {})
        for desk in list(self._desks.values()):
            if desk.user_id in wanted:
                desk.request.write(message)

    def on_bus(self, message: Message) -> None:
        kind = message.get("type")
        if kind == DESK_CALL:
            self._phone_call(message)
        elif kind == DESK_PRESENCE:
            ticket_id = int(message["ticket_id"])
            user_id = int(message["user_id"])
            if self.presence.heard(ticket_id, user_id, str(message["name"]),
                                   bool(message["present"]), bool(message["writing"]),
                                   self._reactor.seconds()):
                self._tell_who_is_on(ticket_id, also=frozenset({user_id}))
            else:  # a heartbeat: the sender's desk (perhaps just opened) hears who is there
                self._tell_who_is_on(ticket_id, only=user_id)

    def _tell_who_is_on(self, ticket_id: int, also: frozenset[int] = frozenset(),
                        only: int | None = None) -> None:
        """Those on the ticket (and one who just left it) learn who is there now."""
        wanted = {only} if only is not None else self.presence.user_ids_on(ticket_id) | also
        shown = sse("presence", {"ticket_id": ticket_id,
                                 "people": self.presence.people_on(ticket_id)})
        for desk in list(self._desks.values()):
            if desk.user_id in wanted:
                desk.request.write(shown)

    def _forget_the_silent(self) -> None:
        for ticket_id in self.presence.expire(self._reactor.seconds()):
            self._tell_who_is_on(ticket_id)

    def _phone_call(self, message: Message) -> None:
        endpoint = message["endpoint"]
        shown = sse("call", {key: message[key]
                             for key in ("linkedid", "phase", "caller", "queue", "endpoint")})
        for desk in list(self._desks.values()):
            if endpoint in desk.phones:
                desk.request.write(shown)

    def render_GET(self, request: Request) -> int:  # noqa: N802 (Twisted's name)
        for name, value in HEADERS.items():
            request.setHeader(name, value)
        credentials = credentials_of(request, "GET", self._trusted_proxies)
        checked = deferToThread(self._admit, credentials)
        checked.addCallbacks(lambda admitted: self._open(request, credentials, *admitted),
                             lambda failure: refuse_stream(request, failure))
        return NOT_DONE_YET

    def _admit(self, credentials: Credentials) -> tuple[int, frozenset[str]]:
        user_id = self._authorize(credentials, True)[0]
        return user_id, self._phones_of([user_id]).get(user_id, frozenset())

    def _open(self, request: Request, credentials: Credentials, user_id: int,
              phones: frozenset[str]) -> None:
        if request.channel is None:
            return  # gone while its access was being checked
        request.setHeader("content-type", "text/event-stream")
        request.setHeader("cache-control", "no-cache")
        request.write(sse("hello", {}))
        key = id(request)
        self._desks[key] = _Desk(request, credentials, user_id, phones)
        for ticket_id in self.presence.tickets_of(user_id):  # already on one: who else is
            self._tell_who_is_on(ticket_id, only=user_id)
        for loop, seconds in ((self._rechecks, self._recheck_seconds),
                              (self._keepalive, KEEPALIVE_SECONDS),
                              (self._sweep, PRESENCE_SWEEP_SECONDS)):
            if not loop.running:
                loop.start(seconds, now=False)
        request.notifyFinish().addBoth(lambda _: self._desks.pop(key, None))

    def _write_all(self, data: bytes) -> None:
        for desk in list(self._desks.values()):
            desk.request.write(data)

    def _recheck(self) -> None:
        if self._checking or not self._desks:
            return
        self._checking = True
        desks = list(self._desks.items())
        checked = deferToThread(self._judge, desks)

        def judged(judgement: tuple[list[tuple[int, str] | BaseException],
                                    dict[int, frozenset[str]]]) -> None:
            verdicts, phones = judgement
            for (key, desk), verdict in zip(desks, verdicts, strict=True):
                if isinstance(verdict, BaseException) and key in self._desks:
                    self._end(desk, verdict)
                else:  # a phone given to or taken from someone pops for them from now
                    desk.phones = phones.get(desk.user_id, frozenset())

        def failed(failure: Failure) -> None:
            for key, desk in desks:
                if key in self._desks:
                    self._end(desk, failure)

        checked.addCallbacks(judged, failed)
        checked.addBoth(lambda _: setattr(self, "_checking", False))

    def _judge(self, desks: list[tuple[int, _Desk]]
               ) -> tuple[list[tuple[int, str] | BaseException], dict[int, frozenset[str]]]:
        verdicts = self._authorize.many([desk.credentials for _, desk in desks])
        return verdicts, self._phones_of({desk.user_id for _, desk in desks})

    def _end(self, desk: _Desk, reason: Failure | BaseException) -> None:
        _, body = refusal(reason)
        desk.request.write(sse("ended", body))
        desk.request.finish()


