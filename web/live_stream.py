"""``GET /api/v1/live/events``: the live board as server-sent events.

A Twisted resource beside the WSGI app: each open stream is a response object the bus
writes to, not a web thread held forever. The first event is the whole board
(``snapshot``), then every change as it happens (``agent``, ``queue``, ``call``,
``call_ended``), and a comment every 15 s keeps proxies from closing the stream.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from twisted.internet import task
from twisted.internet.interfaces import IReactorTime
from twisted.internet.threads import deferToThread
from twisted.web.resource import IResource, Resource
from twisted.web.server import NOT_DONE_YET, Request

from callcenter.live.bus import EventBus, Message
from web.auth import SESSION_COOKIE

PATH = b"/api/v1/live/events"
PERMISSION = "live.view"  # who may watch: checked by the authenticate callable
KEEPALIVE_SECONDS = 15.0


def sse(event: str, data: Any) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


class LiveEvents(Resource):
    isLeaf = True  # noqa: N815 (Twisted's name)

    def __init__(self, reactor: IReactorTime, bus: EventBus, snapshot: Callable[[], Message],
                 authenticate: Callable[[str | None, str | None], bool]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._reactor = reactor
        self._bus = bus
        self._snapshot = snapshot
        # (bearer token, session cookie) -> may this user watch the live board? Blocking
        # (database): run in a thread.
        self._authenticate = authenticate

    def render_GET(self, request: Request) -> int:  # noqa: N802 (Twisted's interface)
        # A browser's EventSource sends its session cookie; API clients a bearer token.
        # Never a credential in the URL: addresses end up in logs.
        header = (request.getHeader("authorization") or "")
        token = header[7:] if header.startswith("Bearer ") else None
        cookie = request.getCookie(SESSION_COOKIE.encode())
        checked = deferToThread(self._authenticate, token,
                                cookie.decode("latin-1") if cookie else None)
        checked.addCallback(lambda ok: self._open(request) if ok else self._refuse(request))
        checked.addErrback(lambda _: self._refuse(request))
        return NOT_DONE_YET

    def _refuse(self, request: Request) -> None:
        request.setResponseCode(401)
        request.setHeader("content-type", "application/json")
        request.write(json.dumps({
            "code": "not_authenticated",
            "message": "sign in (a supervisor or admin), or send an API token",
            "details": {}}).encode())
        request.finish()

    def _open(self, request: Request) -> None:
        request.setHeader("content-type", "text/event-stream")
        request.setHeader("cache-control", "no-cache")
        request.write(sse("snapshot", self._snapshot()))
        unsubscribe = self._bus.subscribe(
            lambda message: request.write(sse(message["type"], message)))
        keepalive = task.LoopingCall(request.write, b": keepalive\n\n")
        keepalive.clock = self._reactor
        keepalive.start(KEEPALIVE_SECONDS, now=False)

        def closed(_: object) -> None:
            unsubscribe()
            if keepalive.running:
                keepalive.stop()

        request.notifyFinish().addBoth(closed)


class Root(Resource):
    """The live stream at its path; everything else goes to the WSGI app."""

    def __init__(self, wsgi: IResource, live: Resource) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._wsgi = wsgi
        self._live = live

    def getChild(self, path: bytes, request: Request) -> IResource:  # noqa: N802
        if request.path == PATH:
            return self._live
        # Give WSGI the whole path back: it routes by itself.
        assert request.prepath is not None and request.postpath is not None
        request.prepath.pop()
        request.postpath.insert(0, path)
        return self._wsgi

    def render(self, request: Request) -> bytes | int:
        rendered: bytes | int = self._wsgi.render(request)
        return rendered
