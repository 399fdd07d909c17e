"""Who is logged in at the agent desk (pure): signed in and seen recently."""

from __future__ import annotations

from datetime import datetime, timedelta

PRESENCE_TIMEOUT = timedelta(minutes=5)  # the desk calls the API at least every minute


def is_online(signed_out: bool, last_seen_at: datetime | None, now: datetime) -> bool:
    return not signed_out and last_seen_at is not None and \
        now - last_seen_at < PRESENCE_TIMEOUT


def offline_since(signed_out: bool, last_seen_at: datetime | None,
                  now: datetime) -> datetime | None:
    """When the agent left (None while online; their last sign of life otherwise)."""
    if is_online(signed_out, last_seen_at, now):
        return None
    if last_seen_at is None:
        return datetime.min.replace(tzinfo=now.tzinfo)
    return last_seen_at if signed_out else last_seen_at + PRESENCE_TIMEOUT
