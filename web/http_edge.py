"""The HTTP server under the web app: no request body larger than its endpoint accepts is
read, because the web app shares its process with call control.

Twisted reads a whole body before the app sees the request. A body announced larger than
its limit is refused (413) as soon as its headers arrive, before ``100 Continue`` and
before any of it is read; a chunked body is refused the moment it grows past the limit.
Either way the connection closes, so the rest is never read.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from twisted.web.http import HTTPChannel
from twisted.web.resource import IResource
from twisted.web.server import Request, Site

from web.body_limits import BodyLimits, too_large_message
from web.errors import error_body

TOO_LARGE_CODE = "request_entity_too_large"  # the code Flask's own 413 carries


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
        super().allHeadersReceived()  # type: ignore[no-untyped-call]

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

    def __init__(self, resource: IResource, limits: BodyLimits, **kwargs: Any) -> None:
        super().__init__(resource, **kwargs)  # type: ignore[no-untyped-call]
        self.limits = limits
