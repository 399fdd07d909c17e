"""Auto-pause: an agent who lets queue calls ring out several times in a row is paused, so
callers stop waiting on a phone nobody is at. Pure: counts updates, says whom to pause."""

from __future__ import annotations

from ringdesk.callcenter.calls.updates import AgentAnswered, AgentNotAnswered, CallUpdate
from ringdesk.callcenter.live.rows import device_endpoint


class RingOuts:
    def __init__(self, threshold: int) -> None:
        self.threshold = threshold  # 0: never pause
        self._in_a_row: dict[str, int] = {}

    def update(self, update: CallUpdate) -> str | None:
        """The endpoint to pause now, if this update was one ring-out too many."""
        if isinstance(update, AgentAnswered):
            self._in_a_row.pop(device_endpoint(update.agent) or "", None)
            return None
        # A queue's AgentRingNoAnswer carries the ring time; a direct dial's outcome does
        # not, and busy or unreachable phones are not an agent looking away.
        if (not isinstance(update, AgentNotAnswered) or update.status != "NOANSWER"
                or update.ring_seconds is None or self.threshold <= 0):
            return None
        endpoint = device_endpoint(update.agent)
        if endpoint is None:
            return None
        count = self._in_a_row.get(endpoint, 0) + 1
        if count < self.threshold:
            self._in_a_row[endpoint] = count
            return None
        self._in_a_row.pop(endpoint, None)
        return endpoint
