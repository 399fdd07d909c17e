"""Import calls the dialplan handled alone while ringdesk's AGI was unreachable.

The ``[ringdesk-fallback]`` context writes each such call to AstDB under
``ringdesk/fallback/<linkedid>/<field>``. Once AMI is ready (and then periodically),
ringdesk reads that tree, records every finished call, and deletes an entry only after
its record has been committed, so a crash in between imports it again, idempotently.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from twisted.internet import defer
from twisted.logger import Logger

from ringdesk.callcenter.ami.parser import AmiMessage
from ringdesk.callcenter.ami.protocol import AmiActionError, AmiResult
from ringdesk.callcenter.calls.recorder import FallbackRecord

FAMILY = "ringdesk/fallback"
log = Logger()


def parse_fallback_tree(events: list[AmiMessage]) -> list[FallbackRecord]:
    """DBGetTree events (``Key: /ringdesk/fallback/<linkedid>/<field>``) to records."""
    fields: dict[str, dict[str, str]] = {}
    prefix = f"/{FAMILY}/"
    for event in events:
        key = event.get("Key")
        if not key.startswith(prefix):
            continue
        linkedid, _, name = key[len(prefix):].rpartition("/")
        if linkedid and name:
            fields.setdefault(linkedid, {})[name] = event.get("Val")
    return [
        FallbackRecord(
            linkedid=linkedid,
            caller=values.get("caller", ""),
            dialed=values.get("dialed", ""),
            started_at=_epoch(values.get("started")),
            answered_at=_epoch(values.get("answered")),
            ended_at=_epoch(values.get("ended")),
            agi_status=values.get("agi_status", ""),
        )
        for linkedid, values in sorted(fields.items())
    ]


def _epoch(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(float(value), tz=UTC)
    except ValueError:
        return None


SendAction = Callable[[str, dict[str, str | list[str]]], defer.Deferred[AmiResult]]
Record = Callable[[FallbackRecord], defer.Deferred[None]]


async def import_fallback_calls(send_action: SendAction, record: Record) -> int:
    """Record every finished fallback call, then delete its AstDB entry; return the count."""
    try:
        result = await send_action("DBGetTree", {"Family": FAMILY})
    except AmiActionError:
        return 0  # Asterisk answers an empty tree with an error
    imported = 0
    for item in parse_fallback_tree(result.events):
        if item.ended_at is None:
            continue  # still on the line; a later import takes it
        await record(item)
        await send_action("DBDelTree", {"Family": f"{FAMILY}/{item.linkedid}"})
        log.info("fallback_call_imported linkedid={linkedid} agi_status={status}",
                 linkedid=item.linkedid, status=item.agi_status)
        imported += 1
    return imported
