"""A supervisor sends a waiting (or ringing) caller to a chosen agent from the live board.

Asterisk's ``QueueWithdrawCaller`` takes the caller out of the queue they wait in, with a
note for the dialplan; Queue() then ends with ``QUEUESTATUS=WITHDRAW`` and the call's own
route session reads the note and rings the agent. Unanswered, the caller goes back into
the queue where they were, so nobody is lost by a redirect that did not work.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

WITHDRAWN = "WITHDRAW"
INFO_PREFIX = "dial:"
ENDPOINT = re.compile(r"^[A-Za-z0-9_.-]{1,60}$")
RING_SECONDS = 30


def withdraw_info(endpoint: str) -> str:
    return f"{INFO_PREFIX}{endpoint}"


def redirect_endpoint(info: str) -> str | None:
    """The agent a withdrawn caller is sent to, from Asterisk's QUEUE_WITHDRAW_INFO; None
    for a note ringdesk did not write."""
    if not info.startswith(INFO_PREFIX):
        return None
    endpoint = info.removeprefix(INFO_PREFIX)
    return endpoint if ENDPOINT.match(endpoint) else None


def withdraw_action(entries: Iterable[Mapping[str, str]], linkedid: str, endpoint: str
                    ) -> dict[str, str] | None:
    """The QueueWithdrawCaller for the caller of call ``linkedid``, found among QueueStatus's
    entries (the level queue they wait in and their channel); None if they wait nowhere."""
    for entry in entries:
        if linkedid in (entry.get("Linkedid"), entry.get("Uniqueid")) and entry.get("Channel"):
            return {"Queue": entry.get("Queue", ""), "Caller": entry["Channel"],
                    "WithdrawInfo": withdraw_info(endpoint)}
    return None


class PendingRedirects:
    """Redirects asked for and not yet taken by the call's route session. Asterisk honours
    a withdrawal only while the caller waits between rings; the route session also looks
    here after each step in the queue, so a caller being rung is sent on as soon as that
    ring ends. A request not taken in ``keep_seconds`` (the caller left) is forgotten."""

    def __init__(self, clock: Callable[[], float], keep_seconds: float = 120.0) -> None:
        self._clock = clock
        self._keep_seconds = keep_seconds
        self._asked: dict[str, tuple[str, float]] = {}

    def ask(self, linkedid: str, endpoint: str) -> None:
        now = self._clock()
        self._asked = {key: value for key, value in self._asked.items() if value[1] > now}
        self._asked[linkedid] = (endpoint, now + self._keep_seconds)

    def take(self, linkedid: str) -> str | None:
        asked = self._asked.pop(linkedid, None)
        return asked[0] if asked is not None and asked[1] > self._clock() else None
