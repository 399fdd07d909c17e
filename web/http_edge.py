"""The HTTP server under the web app: no request body larger than its endpoint accepts is
read, because the web app shares its process with call control.

Twisted reads a whole body before the app sees the request. A body announced larger than
its limit is refused (413) as soon as its headers arrive, before ``100 Continue`` and
before any of it is read; a chunked body is refused the moment it grows past the limit.
Either way the connection closes, so the rest is never read.

An upload (a route whose limit is above the JSON one) is also held unread until its sender
is authenticated by the app's own access check (``authorize``, run in a thread while the
connection is paused): a stranger's 45 MB never leaves their socket, and ``100 Continue``
is sent only to a signed-in user.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlsplit

from twisted.internet.interfaces import IPushProducer
from twisted.internet.threads import deferToThread
from twisted.python.failure import Failure
from twisted.web.http import HTTPChannel
from twisted.web.http_headers import Headers
from twisted.web.resource import IResource
from twisted.web.server import Request, Site

from ringdesk.core.errors import RingdeskError
from ringdesk.web.auth import CSRF_HEADER, SESSION_COOKIE, Credentials
from ringdesk.web.body_limits import BodyLimits, too_large_message
from ringdesk.web.errors import STATUS_BY_CODE, error_body

TOO_LARGE_CODE = "request_entity_too_large"  # the code Flask's own 413 carries
# Is the sender of this request who they say (a live session or token)? Raises the reason
# when not. Blocking (database): run in a thread.
Authenticate = Callable[[Credentials], object]


def forwarded_address(headers: Headers, peer: str, trusted_proxies: int) -> str:
    """The client's address as the Flask app sees it (behind ``trusted_proxies`` proxies,
    from X-Forwarded-For like werkzeug's ProxyFix)."""
    if trusted_proxies > 0:
        values = b",".join(headers.getRawHeaders(b"x-forwarded-for") or []).decode("latin-1")
        forwarded = [part.strip() for part in values.split(",") if part.strip()]
        if len(forwarded) >= trusted_proxies:
            return forwarded[-trusted_proxies]
    return peer


def credentials_of(request: Request, method: str, trusted_proxies: int) -> Credentials:
    """A request's credentials, as the views read them. Never a credential in the URL:
    addresses end up in logs."""
    header = request.getHeader("authorization") or ""
    cookie = request.getCookie(SESSION_COOKIE.encode())
    peer = str(getattr(request.getClientAddress(), "host", ""))
    return Credentials(header[7:] if header.startswith("Bearer ") else None,
                       cookie.decode("latin-1") if cookie else None,
                       request.getHeader(CSRF_HEADER), method,
                       forwarded_address(request.requestHeaders, peer, trusted_proxies))


def refusal(failure: Failure | BaseException) -> tuple[int, dict[str, object]]:
    """The status and JSON body for a refused access check."""
    error = failure.value if isinstance(failure, Failure) else failure
    if isinstance(error, RingdeskError):
        return (STATUS_BY_CODE.get(error.code, 500),
                error_body(error.code, error.message, error.details))
    return 503, error_body("unavailable", "the access check failed; try again")


def refuse_stream(request: Request, failure: Failure) -> None:
    """An event stream's opening refused by the access check: its status and JSON body."""
    status, body = refusal(failure)
    request.setResponseCode(status)
    request.setHeader("content-type", "application/json")
    request.write(json.dumps(body).encode())
    request.finish()


def refused_response(status: int, body: dict[str, object]) -> bytes:
    encoded = json.dumps(body).encode()
    head = (f"HTTP/1.1 {status} Refused\r\n"
            "Content-Type: application/json\r\n"
            f"Content-Length: {len(encoded)}\r\n"
            "Connection: close\r\n\r\n").encode()
    return head + encoded


def too_large_response(limit: int) -> bytes:
    body = json.dumps(error_body(TOO_LARGE_CODE, too_large_message(limit),
                                 {"limit": limit})).encode()
    head = ("HTTP/1.1 413 Request Entity Too Large\r\n"
            "Content-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n").encode()
    return head + body


class BoundedRequest(Request):
    body_limit: int | None = None  # set by the channel once the headers are in
    _received = 0

    def handleContentChunk(self, data: bytes) -> None:  # noqa: N802 (Twisted's name)
        self._received += len(data)
        if (self.body_limit is not None and self._received > self.body_limit
                and isinstance(self.channel, BoundedChannel)):
            self.channel.refuse_too_large(self.body_limit)
            return
        super().handleContentChunk(data)  # type: ignore[no-untyped-call]


class BoundedChannel(HTTPChannel):
    site: BoundedSite
    _refused = False
    _body_complete = False

    def allHeadersReceived(self) -> None:  # noqa: N802 (Twisted's name)
        # The request line is known to the channel only; Twisted keeps it there until the
        # body is in, so the limit is looked up from it here.
        method = bytes(getattr(self, "_command", b"")).decode("latin-1")
        path = urlsplit(bytes(getattr(self, "_path", b"/")).decode("latin-1")).path
        limit = self.site.limits.for_request(method, path)
        if self.length is not None and self.length > limit:
            self.refuse_too_large(limit)
            return
        request = self.requests[-1]
        if isinstance(request, BoundedRequest):
            request.body_limit = limit
        self._body_complete = False
        if limit > self.site.limits.default and self.site.authenticate is not None:
            self._hold_until_authenticated(request, method, self.site.authenticate)
            return
        super().allHeadersReceived()  # type: ignore[no-untyped-call]

    def _hold_until_authenticated(self, request: Request, method: str,
                                  authenticate: Authenticate) -> None:
        expects = request.requestHeaders.getRawHeaders(b"expect") or []
        request.requestHeaders.removeHeader(b"expect")  # answered once authenticated
        super().allHeadersReceived()  # type: ignore[no-untyped-call]
        network = cast(IPushProducer, self.transport)
        network.pauseProducing()  # what is already read is at most one segment
        credentials = credentials_of(request, method, self.site.trusted_proxies)

        def allowed(_: object) -> None:
            if self._body_complete or self.transport is None:
                return  # a small body came whole: the app answers it as usual
            if expects and expects[0].lower() == b"100-continue":
                self._send100Continue()  # type: ignore[no-untyped-call]
            network.resumeProducing()

        def refused(failure: Failure) -> None:
            if self._body_complete or self._refused or self.transport is None:
                return
            self._refused = True
            self.transport.write(refused_response(*refusal(failure)))
            self.loseConnection()  # type: ignore[no-untyped-call]

        deferToThread(authenticate, credentials).addCallbacks(allowed, refused)

    def allContentReceived(self) -> None:  # noqa: N802 (Twisted's name)
        self._body_complete = True
        super().allContentReceived()  # type: ignore[no-untyped-call]

    def refuse_too_large(self, limit: int) -> None:
        if self._refused:
            return
        self._refused = True
        if self.transport is not None:
            self.transport.write(too_large_response(limit))
        self.loseConnection()  # type: ignore[no-untyped-call]

    def dataReceived(self, data: bytes) -> None:  # noqa: N802 (Twisted's name)
        if not self._refused:  # what follows a refusal is dropped unread
            super().dataReceived(data)  # type: ignore[no-untyped-call]


class BoundedSite(Site):
    """A ``Site`` whose requests carry bodies up to ``limits``."""

    protocol = BoundedChannel  # type: ignore[assignment]
    requestFactory = BoundedRequest  # noqa: N815 (Twisted's name)

    def __init__(self, resource: IResource, limits: BodyLimits,
                 authenticate: Authenticate | None = None, trusted_proxies: int = 0,
                 **kwargs: Any) -> None:
        super().__init__(resource, **kwargs)  # type: ignore[no-untyped-call]
        self.limits = limits
        self.authenticate = authenticate  # uploads wait for it, unread
        self.trusted_proxies = trusted_proxies
