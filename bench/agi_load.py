"""A load generator that plays Asterisk's side of FastAGI.

Each session connects, sends an environment block, answers every command the way Asterisk
does (``200 result=...``) and ends when the server closes. Latency runs from the connect
call to the close; connect failures and sessions that break off are counted separately.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

_ids = itertools.count(1)


@dataclass
class LoadResult:
    concurrency: int
    completed: int = 0
    connect_failures: int = 0
    broken: int = 0
    commands: int = 0
    elapsed: float = 0.0
    server_cpu: float = 0.0  # seconds of the server process's CPU, when measured
    latencies: list[float] = field(default_factory=list)
    round_p99s: list[float] = field(default_factory=list)  # of each run pooled into this one

    @property
    def sessions_per_second(self) -> float:
        return self.completed / self.elapsed if self.elapsed else 0.0

    @property
    def server_cpu_per_session(self) -> float:
        return self.server_cpu / self.completed if self.completed else 0.0

    def add(self, other: LoadResult) -> None:
        """Pool another run at the same concurrency into this one (rounds of one level)."""
        self.completed += other.completed
        self.connect_failures += other.connect_failures
        self.broken += other.broken
        self.commands += other.commands
        self.elapsed += other.elapsed
        self.server_cpu += other.server_cpu
        self.latencies += other.latencies
        self.round_p99s += other.round_p99s or [other.percentile(0.99)]

    def typical_p99(self) -> float:
        """The median of the pooled rounds' own p99s (of all sessions, for a single run).

        A round the machine disturbs (the same server's round p99s differ twofold on shared
        vCPUs) lifts the p99 of all sessions pooled, whichever server it fell on: it is
        that round's tail, not the server's. The median round says what a server's p99 is
        in a typical half-second; the pooled one is reported beside it.
        """
        return statistics.median(self.round_p99s) if self.round_p99s else self.percentile(0.99)

    def percentile(self, fraction: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def environment(number: str) -> bytes:
    linkedid = f"{int(time.time())}.{next(_ids)}"
    return (
        f"agi_network: yes\nagi_network_script: inbound\n"
        f"agi_request: agi://127.0.0.1/inbound\nagi_channel: PJSIP/trunk-{linkedid}\n"
        f"agi_language: en\nagi_type: PJSIP\nagi_uniqueid: {linkedid}\n"
        f"agi_version: 22.10.1\nagi_callerid: +4915112345678\nagi_calleridname: Bench\n"
        f"agi_dnid: {number}\nagi_context: from-trunk\nagi_extension: {number}\n"
        f"agi_priority: 2\nagi_enhanced: 0.0\nagi_accountcode: \nagi_threadid: 1\n"
        f"agi_arg_1: {linkedid}\nagi_arg_2: {number}\n\n"
    ).encode()


def reply_for(command: bytes, digit: str = "2") -> bytes:
    """What Asterisk answers: sounds played to the end, the caller presses ``digit``, the
    queue connects the caller (QUEUESTATUS unset)."""
    if command.startswith(b"STREAM FILE"):
        return b"200 result=0 endpos=32876\n"
    if command.startswith(b"GET OPTION"):
        return f"200 result={ord(digit)} endpos=8000\n".encode()
    if command.startswith((b"EXEC", b"ANSWER", b"GET VARIABLE")):
        return b"200 result=0\n"
    return b"200 result=1\n"


async def one_session(port: int, number: str, result: LoadResult) -> None:
    started = time.perf_counter()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        result.connect_failures += 1
        return
    try:
        writer.write(environment(number))
        while True:
            line = await reader.readline()
            if not line:
                break
            result.commands += 1
            writer.write(reply_for(line))
        result.completed += 1
        result.latencies.append(time.perf_counter() - started)
    except (ConnectionError, OSError):
        result.broken += 1
    finally:
        writer.close()


async def run_load(port: int, concurrency: int, sessions: int, number: str,
                   seconds: float | None = None) -> LoadResult:
    """Keep ``concurrency`` sessions in flight until ``sessions`` have been started, or
    until ``seconds`` have passed (then the sessions in flight finish)."""
    result = LoadResult(concurrency)
    remaining = itertools.count()

    async def worker() -> None:
        while next(remaining) < sessions and (seconds is None
                                              or time.perf_counter() < started + seconds):
            await one_session(port, number, result)

    with collector_paused():
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        result.elapsed = time.perf_counter() - started
    return result


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection in the load generator while it measures.

    It plays Asterisk, which has no collector: a full pass here (40-70 ms with the
    benchmark's imports on the heap, every couple of seconds) stalled every session in
    flight and showed up in the servers' p99. A run's cyclic garbage waits until the
    collector is back on (the next run starts by collecting it).
    """
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
