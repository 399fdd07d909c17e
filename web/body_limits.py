"""How large a request body each endpoint accepts. Pure: read by the HTTP edge (before a
body is read) and by the Flask app (for bodies without a Content-Length)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ATTACHMENT = re.compile(r"/api/v1/tickets/[0-9]+/attachments/?")
_SOUNDS = re.compile(r"/api/v1/sounds/?")
# A multipart form wraps the file in boundaries and part headers.
MULTIPART_ENVELOPE = 64 * 1024


@dataclass(frozen=True)
class BodyLimits:
    default: int  # every JSON body
    attachment: int  # a file attached to a ticket
    sound: int  # an uploaded prompt (mp3 or wav, converted to 8 kHz)

    def for_request(self, method: str, path: str) -> int:
        if method == "POST" and _ATTACHMENT.fullmatch(path):
            return self.attachment + MULTIPART_ENVELOPE
        if method == "POST" and _SOUNDS.fullmatch(path):
            return self.sound + MULTIPART_ENVELOPE
        return self.default


def too_large_message(limit: int) -> str:
    return f"the request body is larger than this endpoint accepts ({limit:,} bytes at most)"
