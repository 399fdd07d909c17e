"""The one base for domain errors: a stable code and structured details, no HTTP status.

The web edge maps codes to statuses in one table (web/errors.py).
"""

from __future__ import annotations

from typing import Any


class RingdeskError(Exception):
    code = "error"

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


class NotFound(RingdeskError):
    code = "not_found"


class InvalidInput(RingdeskError):
    code = "invalid_input"


class ConfigError(RingdeskError):
    code = "config_error"


class Conflict(RingdeskError):
    """Someone else changed the thing first (optimistic locking)."""

    code = "conflict"


class ValidationFailed(RingdeskError):
    code = "validation_failed"


class CallNotPlaced(RingdeskError):
    """Asterisk refused to place a call (an Originate answered with an error)."""

    code = "call_not_placed"


class PbxUnavailable(RingdeskError):
    """Asterisk cannot be reached right now (AMI down): try again later."""

    code = "pbx_unavailable"
