"""AMI events per second on one core: ringdesk's parser, and parser + call tracker, against
a minimal parse-only baseline (split on blank lines, headers into a dict), in the same run.

The stream is a realistic mix for queued calls (channel, VarSet, queue, agent, dial, bridge,
hangup and Cdr events, 20-30 lines each, with ChanVariable headers), fed in 64 KiB reads
the way a socket delivers it.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime

from bench.report import bench_line, parse_with_smoke
from ringdesk.callcenter.ami.parser import parse_messages
from ringdesk.callcenter.calls.tracker import CallTracker
from ringdesk.callcenter.live.board import LiveBoard
from ringdesk.callcenter.live.bus import InProcessBus
from ringdesk.callcenter.live.feed import LiveFeed

COMMON = ("Privilege: call,all\r\nTimestamp: {ts}\r\nChannel: PJSIP/trunk-{n:08x}\r\n"
          "ChannelState: {state}\r\nChannelStateDesc: Up\r\nCallerIDNum: +4915112345678\r\n"
          "CallerIDName: Caller\r\nConnectedLineNum: <unknown>\r\n"
          "ConnectedLineName: <unknown>\r\nLanguage: en\r\nAccountCode: \r\n"
          "Context: from-trunk\r\nExten: 4930120000\r\nPriority: 2\r\n"
          "Uniqueid: {uid}\r\nLinkedid: {uid}\r\n"
          "ChanVariable: RINGDESK_STATUS=\r\nChanVariable: QUEUESTATUS=\r\n")
AGENT = ("DestChannel: PJSIP/agent-1001-{n:08x}\r\nDestChannelState: 5\r\n"
         "DestCallerIDNum: 1001\r\nDestContext: from-agents\r\nDestExten: s\r\n"
         "DestUniqueid: {uid}1\r\nDestLinkedid: {uid}\r\nQueue: support\r\n"
         "Interface: PJSIP/agent-1001\r\nMemberName: Agent 1001\r\n"
         "DestChanVariable: RINGDESK_STATUS=\r\n")
KINDS = [
    ("Newchannel", "", "4"),
    ("VarSet", "Variable: RINGDESK_START\r\nValue: 1795332116.657\r\n", "4"),
    ("Newstate", "", "6"),
    ("QueueCallerJoin", "Queue: support\r\nPosition: 1\r\nCount: 1\r\n", "6"),
    ("AgentCalled", AGENT, "6"),
    ("DialBegin", AGENT + "DialString: agent-1001\r\n", "6"),
    ("DialEnd", AGENT + "DialStatus: ANSWER\r\n", "6"),
    ("QueueCallerLeave", "Queue: support\r\nPosition: 1\r\nCount: 0\r\n", "6"),
    ("AgentConnect", AGENT + "HoldTime: 3\r\nRingTime: 2\r\n", "6"),
    ("BridgeEnter", "BridgeUniqueid: 4f2c\r\nBridgeType: basic\r\nBridgeNumChannels: 2\r\n",
     "6"),
    ("AgentComplete", AGENT + "HoldTime: 3\r\nTalkTime: 40\r\nReason: caller\r\n", "6"),
    ("BridgeLeave", "BridgeUniqueid: 4f2c\r\nBridgeType: basic\r\nBridgeNumChannels: 1\r\n",
     "6"),
    ("Hangup", "Cause: 16\r\nCause-txt: Normal Clearing\r\n", "6"),
    ("Cdr", "Source: +4915112345678\r\nDestination: 4930120000\r\nDuration: 45\r\n"
            "BillableSeconds: 40\r\nDisposition: ANSWERED\r\nUniqueID: {uid}\r\n", "6"),
]


# The phone's own state changes (no channel headers): ringing, in use, idle again.
DEVICE = "Event: DeviceStateChange\r\nPrivilege: call,all\r\nTimestamp: {ts}\r\n" \
         "Device: PJSIP/agent-1001\r\nState: {state}\r\n\r\n"


def stream(calls: int) -> bytes:
    parts = ["Asterisk Call Manager/11.0.0\r\n"]
    for n in range(calls):
        uid = f"1795332116.{n}"
        for event, extra, state in KINDS:
            body = COMMON.format(ts=1795332116 + n, n=n, state=state, uid=uid) + \
                extra.format(n=n, uid=uid)
            parts.append(f"Event: {event}\r\n{body}\r\n")
            if event in DEVICE_AFTER:
                parts.append(DEVICE.format(ts=1795332116 + n, state=DEVICE_AFTER[event]))
    return "".join(parts).encode()


DEVICE_AFTER = {"AgentCalled": "RINGING", "AgentConnect": "INUSE", "Hangup": "NOT_INUSE"}


def chunks(data: bytes, size: int = 65536) -> list[bytes]:
    return [data[index:index + size] for index in range(0, len(data), size)]


def rate(feed: Callable[[list[bytes]], int], reads: list[bytes], seconds: float) -> float:
    events, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        events += feed(reads)
    return events / (time.perf_counter() - started)


def split_only(reads: list[bytes]) -> int:
    """The baseline: split on blank lines, each frame into a dict of its headers."""
    buffer, count = b"", 0
    for data in reads:
        buffer += data
        frames = buffer.split(b"\r\n\r\n")
        buffer = frames.pop()
        for frame in frames:
            dict(line.split(": ", 1) for line in frame.decode().split("\r\n") if ": " in line)
        count += len(frames)
    return count


def parse_only(reads: list[bytes]) -> int:
    buffer, count = reads[0][reads[0].index(b"\r\n") + 2:], 0
    for data in [b"", *reads[1:]]:
        messages, buffer = parse_messages(buffer + data)
        count += len(messages)
    return count


def parse_and_apply(reads: list[bytes]) -> int:
    """What ``ringdesk serve`` does with each event: the call tracker (call state machine),
    then the live board (agents, queues, calls) and its changes onto the event bus."""
    now = lambda: datetime.now(UTC)  # noqa: E731
    tracker = CallTracker(frozenset({"from-trunk"}), now)
    bus = InProcessBus()
    published: list[dict[str, object]] = []
    bus.subscribe(published.append)  # one listener, like one open dashboard
    live = LiveFeed(LiveBoard("Europe/Berlin"), bus, now)
    buffer, count = reads[0][reads[0].index(b"\r\n") + 2:], 0
    for data in [b"", *reads[1:]]:
        messages, buffer = parse_messages(buffer + data)
        for message in messages:
            live.calls(tracker.apply(message))
            live.ami(message)
        count += len(messages)
        published.clear()
    return count


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench ami")
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parse_with_smoke(parser, argv, seconds=0.2)
    if (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {0})
    reads = chunks(stream(2000))
    lines = sum(1 for _ in stream(1).split(b"\r\n")) / len(KINDS)
    print(f"# {len(KINDS) + 1} event kinds, ~{lines:.0f} lines each, {len(reads)} reads of "
          "64 KiB; apply = call tracker + live board + event bus")
    baseline = rate(split_only, reads, args.seconds)
    parsed = rate(parse_only, reads, args.seconds)
    applied = rate(parse_and_apply, reads, args.seconds)
    print(bench_line("ami_events_parsed_per_s", parsed, "events/s", baseline))
    print(bench_line("ami_events_parsed_and_applied_per_s", applied, "events/s", baseline))
    return 0
