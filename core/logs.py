"""Structured logs: one JSON object (or one readable line) per event on stdout."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import IO, Any

from twisted.logger import (
    FilteringLogObserver,
    ILogObserver,
    LogLevel,
    LogLevelFilterPredicate,
    formatEvent,
    globalLogBeginner,
)
from zope.interface import provider

_SKIP = {"log_format", "log_level", "log_namespace", "log_time", "log_source", "log_logger",
         "log_failure", "log_io", "log_system", "log_trace", "log_flattened", "format",
         "message", "isError", "time", "system", "log_text", "log_legacy"}


def json_line(event: dict[str, Any]) -> str:
    record: dict[str, Any] = {
        "time": datetime.fromtimestamp(event.get("log_time", 0), tz=UTC).isoformat(),
        "level": event["log_level"].name if "log_level" in event else "info",
        "logger": event.get("log_namespace", ""),
        "message": formatEvent(event),
    }
    for key, value in event.items():
        if key not in _SKIP and not key.startswith("_"):
            record[key] = value if isinstance(value, (int, float, bool)) or value is None \
                else str(value)
    failure = event.get("log_failure")
    if failure is not None:
        record["traceback"] = failure.getTraceback()
    return json.dumps(record, default=str)


def text_line(event: dict[str, Any]) -> str:
    stamp = datetime.fromtimestamp(event.get("log_time", 0), tz=UTC)
    level = event["log_level"].name if "log_level" in event else "info"
    line = f"{stamp:%Y-%m-%d %H:%M:%S} {level:5} {event.get('log_namespace', '')}: " \
        f"{formatEvent(event)}"
    failure = event.get("log_failure")
    return line + ("\n" + failure.getTraceback() if failure is not None else "")


def start_logging(level: str, style: str, stream: IO[str] | None = None) -> None:
    out = stream or sys.stdout
    render = json_line if style == "json" else text_line

    @provider(ILogObserver)
    def observer(event: dict[str, Any]) -> None:
        out.write(render(event) + "\n")
        out.flush()

    predicate = LogLevelFilterPredicate(defaultLogLevel=LogLevel.levelWithName(level))
    globalLogBeginner.beginLoggingTo([FilteringLogObserver(observer, [predicate])],
                                     redirectStandardIO=False)
