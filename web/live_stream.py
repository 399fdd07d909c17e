"""``GET /api/v1/live/events``: the live board as server-sent events.

A Twisted resource beside the WSGI app: each open stream is a response object the bus
writes to, not a web thread held forever. The first event is the whole board
(``snapshot``), then every change as it happens (``agent``, ``queue``, ``call``,
``call_ended``), and a comment every 15 s keeps proxies from closing the stream.

Access is the API's own check (web/auth.py ``authorize``), made when the stream opens and
again every few seconds while it is open: a stream whose session or token ended (signed
out, everywhere or here, expired, deactivated, rank changed, password changed) is told
why (``event: ended``) and closed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from twisted.internet import task
from twisted.internet.interfaces import IReactorTime
from twisted.internet.threads import deferToThread
from twisted.python.failure import Failure
from twisted.web.resource import IResource, Resource
from twisted.web.server import NOT_DONE_YET, Request

from ringdesk.callcenter.live.bus import EventBus, Message
from ringdesk.callcenter.live.views import EVERYTHING, BoardView, view_board
from ringdesk.web.auth import Credentials
from ringdesk.web.http_edge import credentials_of, refusal, refuse_stream
from ringdesk.web.live_fanout import FanOut, Subscriber, sse
from ringdesk.web.security import HEADERS

PATH = b"/api/v1/live/events"
ENDPOINT = "live.events"  # its name beside the Flask views' (for the access check's gates)
PERMISSION = "live.view"
KEEPALIVE_SECONDS = 15.0
RECHECK_SECONDS = 2.0

class Authorizer(Protocol):
    """The access check (web/auth.py AccessCheck). Blocking (database): run in a thread."""

    def __call__(self, credentials: Credentials, touch: bool = True) -> tuple[int, str]:
        """The user's id and rank, or raises the reason the stream is refused."""

    def many(self, credentials: Sequence[Credentials]) -> list[tuple[int, str] | BaseException]:
        """Each open stream's recheck in one go: the user's id and rank, or the reason the
        stream must end."""


ViewsOf = Callable[[Sequence[tuple[int, str]]], list[BoardView]]


def _everything(people: Sequence[tuple[int, str]]) -> list[BoardView]:
    return [EVERYTHING for _ in people]


@dataclass(frozen=True)
class _OpenStream:
    credentials: Credentials
    subscriber: Subscriber
    end: Callable[[Failure | BaseException], None]


class LiveEvents(Resource):
    isLeaf = True  # noqa: N815 (Twisted's name)

    def __init__(self, reactor: IReactorTime, bus: EventBus, snapshot: Callable[[], Message],
                 authorize: Authorizer, trusted_proxies: int = 0,
                 recheck_seconds: float = RECHECK_SECONDS,
                 views_of: ViewsOf = _everything,
                 ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._reactor = reactor
        self._bus = bus
        self._snapshot = snapshot
        self._authorize = authorize
        self._trusted_proxies = trusted_proxies
        self._recheck_seconds = recheck_seconds
        self._views_of = views_of  # blocking (database): what each person's board shows
        self._fan_out = FanOut(reactor)
        self._unsubscribe: Callable[[], None] | None = None
        self._streams: dict[int, _OpenStream] = {}
        self._rechecks = task.LoopingCall(self._recheck_all)
        self._rechecks.clock = reactor
        self._checking = False

    def render_GET(self, request: Request) -> int:  # noqa: N802 (Twisted's interface)
        for name, value in HEADERS.items():
            request.setHeader(name, value)
        credentials = credentials_of(request, "GET", self._trusted_proxies)
        def check() -> BoardView:  # blocking: the access check, then what this person sees
            return self._views_of([self._authorize(credentials, True)])[0]

        checked = deferToThread(check)
        checked.addCallbacks(lambda view: self._open(request, credentials, view),
                             lambda failure: refuse_stream(request, failure))
        return NOT_DONE_YET

    def _open(self, request: Request, credentials: Credentials, view: BoardView) -> None:
        if request.channel is None:
            return  # the client left while its access was being checked
        request.setHeader("content-type", "text/event-stream")
        request.setHeader("cache-control", "no-cache")
        if self._unsubscribe is None:  # one bus listener serves every stream
            self._unsubscribe = self._bus.subscribe(self._fan_out)
        def snapshot() -> bytes:
            return sse("snapshot", view_board(self._snapshot(), subscriber.view))

        subscriber = Subscriber(request, snapshot, view=view)
        request.registerProducer(subscriber, True)
        request.write(snapshot())
        unsubscribe = self._fan_out.add(subscriber)
        keepalive = task.LoopingCall(request.write, b": keepalive\n\n")
        keepalive.clock = self._reactor
        keepalive.start(KEEPALIVE_SECONDS, now=False)
        open_ = True

        def release() -> None:
            if request.producer is not None and request.channel is not None:
                request.unregisterProducer()

        def ended(failure: Failure | BaseException) -> None:
            if not open_:
                return
            _, body = refusal(failure)
            request.write(sse("ended", body))
            release()
            request.finish()

        self._streams[id(request)] = _OpenStream(credentials, subscriber, ended)
        if not self._rechecks.running:
            self._rechecks.start(self._recheck_seconds, now=False)

        def closed(_: object) -> None:
            nonlocal open_
            open_ = False
            unsubscribe()
            release()
            self._streams.pop(id(request), None)
            if keepalive.running:
                keepalive.stop()

        request.notifyFinish().addBoth(closed)


    def _recheck_all(self) -> None:
        """Every open stream's credentials checked again, in one thread's turn: a session
        or token that ended, a rank that lost the permission, ends its streams; a person
        whose view changed (queues watched, numbers masked) gets the board again as it
        now shows to them."""
        if self._checking or not self._streams:
            return
        self._checking = True
        streams = list(self._streams.values())
        checked = deferToThread(self._judge, [stream.credentials for stream in streams])

        def judged(verdicts: list[BoardView | BaseException]) -> None:
            for stream, verdict in zip(streams, verdicts, strict=True):
                if isinstance(verdict, BaseException):
                    stream.end(verdict)
                elif verdict != stream.subscriber.view:
                    stream.subscriber.show(verdict)

        def failed(failure: Failure) -> None:
            for stream in streams:  # the check itself failed (the database): as before, say so
                stream.end(failure)

        def done(_: object) -> None:
            self._checking = False

        checked.addCallbacks(judged, failed)
        checked.addBoth(done)

    def _judge(self, credentials: list[Credentials]) -> list[BoardView | BaseException]:
        """Blocking: each stream's access, then the view of those still allowed."""
        judged = self._authorize.many(credentials)
        people = [item for item in judged if not isinstance(item, BaseException)]
        views = iter(self._views_of(people))
        return [item if isinstance(item, BaseException) else next(views) for item in judged]


class Root(Resource):
    """The event streams at their paths; everything else goes to the WSGI app."""

    def __init__(self, wsgi: IResource, streams: dict[bytes, Resource]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._wsgi = wsgi
        self._streams = streams

    def getChild(self, path: bytes, request: Request) -> IResource:  # noqa: N802
        stream = self._streams.get(request.path)
        if stream is not None:
            return stream
        # Give WSGI the whole path back: it routes by itself.
        assert request.prepath is not None and request.postpath is not None
        request.prepath.pop()
        request.postpath.insert(0, path)
        return self._wsgi

    def render(self, request: Request) -> bytes | int:
        rendered: bytes | int = self._wsgi.render(request)
        return rendered
