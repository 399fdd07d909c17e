"""Calls that ended while ringdesk could not follow them, from Asterisk's CDRs; pure.

Asterisk writes one CDR line per call leg (asterisk-conf/cdr_custom.conf: Linkedid,
Uniqueid, start/answer/end epochs, disposition, channel, destination channel, billed
seconds, last application). After a reconnect, the calls ringdesk still holds as live but
Asterisk no longer has are settled from these lines: whether an agent answered, who, how
long they talked, when it ended. Lines are read from the end of the file backwards, so a
large file costs only its recent part.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from twisted.logger import Logger

from ringdesk.callcenter.calls.updates import (
    AgentAnswered,
    AgentFinished,
    CallEnded,
    CallUpdate,
    device_of,
)

FIELDS = 10
log = Logger()


@dataclass(frozen=True)
class CdrLine:
    linkedid: str
    uniqueid: str
    start: datetime | None
    answer: datetime | None
    end: datetime | None
    disposition: str
    channel: str
    destination: str  # the channel dialled (the agent's leg), "" if none
    billsec: int
    application: str


def parse_lines(lines: Iterable[str]) -> list[CdrLine]:
    """Well-formed lines only: a half-written last line or a foreign format is skipped."""
    parsed = []
    for row in csv.reader(lines):
        if len(row) != FIELDS:
            continue
        try:
            parsed.append(CdrLine(row[0], row[1], _epoch(row[2]), _epoch(row[3]),
                                  _epoch(row[4]), row[5], row[6], row[7],
                                  int(row[8] or 0), row[9]))
        except ValueError:
            continue
    return parsed


def _epoch(value: str) -> datetime | None:
    seconds = float(value) if value else 0.0
    return datetime.fromtimestamp(seconds, tz=UTC) if seconds > 0 else None


def settle_from_cdr(linkedid: str, lines: list[CdrLine],
                    trunks: frozenset[str] = frozenset({"PJSIP/trunk"})) -> list[CallUpdate]:
    """What the CDRs say about one call that ended unseen; [] when they say nothing."""
    own = [line for line in lines if line.linkedid == linkedid]
    ends = [line.end for line in own if line.end is not None]
    if not ends:
        return []
    updates: list[CallUpdate] = []
    answered = [line for line in own if line.disposition == "ANSWERED" and line.destination
                and line.answer is not None]
    for line in sorted(answered, key=lambda line: line.answer or line.end or max(ends)):
        agent = device_of(line.destination)
        if agent in trunks:
            continue  # a transfer out: the path tells that story
        assert line.answer is not None
        updates.append(AgentAnswered(linkedid, line.answer, agent, "", None))
        updates.append(AgentFinished(linkedid, line.end or max(ends), agent, line.billsec,
                                     ""))
    updates.append(CallEnded(linkedid, max(ends), 16, "ended while AMI was disconnected "
                                                      "(from CDR)"))
    return updates


def tail_lines(path: str, max_bytes: int = 4 * 1024 * 1024) -> list[str]:
    """The last ``max_bytes`` of the file as lines (the first may be cut: parse skips it)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - max_bytes))
            data = handle.read()
    except FileNotFoundError:
        return []
    return data.decode("utf-8", errors="replace").splitlines()


def settle_gone_calls(path: str, linkedids: list[str]) -> dict[str, list[CallUpdate]]:
    """The calls among ``linkedids`` the CDR file can settle (blocking: run in a thread)."""
    if not linkedids or not path:
        return {}
    lines = parse_lines(tail_lines(path))
    settled = {linkedid: settle_from_cdr(linkedid, lines) for linkedid in linkedids}
    found = {linkedid: updates for linkedid, updates in settled.items() if updates}
    log.info("cdr_resync gone={gone} settled={settled}", gone=len(linkedids),
             settled=len(found))
    return found
