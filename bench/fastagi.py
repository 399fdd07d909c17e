"""FastAGI sessions per second and p99 session latency: ringdesk's slice vs raw asyncio.

Both servers run as their own process pinned to core 0; the load generator (Asterisk's
side of FastAGI) runs here, pinned to core 1. ringdesk is the real `ringdesk serve`: the
demo number's slice (answer, announcement, done flag, hangup) with every step recorded to
its database, exactly as in production. The baseline runs the same four commands with no
logic at all. Each concurrency level (1, 50, 500) is measured on both in the same run, in
alternating rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.agi_load import LoadResult, run_load
from bench.report import bench_line, parse_with_smoke
from ringdesk.native import native_status

NUMBER = "4930120000"
LEVELS = {1: 1500, 50: 15000, 500: 15000}
ROUNDS = 6  # per level and server (see ``alternate``)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def pinned(core: int, argv: list[str]) -> list[str]:
    if shutil.which("taskset") and (os.cpu_count() or 1) > 1:
        return ["taskset", "-c", str(core), *argv]
    return argv


def wait_for_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


@dataclass(frozen=True)
class BenchServer:
    """A server under load: where it listens, and the process whose CPU is counted (its
    threads included; the call recorder, a child process beside the load, is not)."""

    port: int
    pid: int
    web_port: int = 0  # ringdesk's web app and live stream; 0 for the baselines
    token: str = ""  # the demo admin's API token

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def beside_the_load(server_pid: int, core: int = 1) -> None:
    """Move the server's child processes (its call recorder) next to the load generator.

    The server's one core is for call control; the recorder writes each call's record
    behind it (the figure ``route_calls_recorded_per_s`` says how fast). It runs at idle
    priority so it takes the load generator's idle time rather than slowing the load down.
    """
    if (os.cpu_count() or 1) < 2:
        return
    found = subprocess.run(["pgrep", "-P", str(server_pid)], capture_output=True, text=True)
    for pid in map(int, found.stdout.split()):
        os.sched_setaffinity(pid, {core})
        os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))


@contextmanager
def ringdesk_server(workdir: Path, settings: dict[str, str] | None = None,
                   prepare: Callable[[str], None] | None = None) -> Iterator[BenchServer]:
    """``ringdesk serve`` on the demo data; ``settings`` are extra ``RINGDESK_*`` variables,
    ``prepare`` gets the database URL to add data before the server starts."""
    from ringdesk import migrate
    from ringdesk.core.db import make_engine, make_sessionmaker
    from ringdesk.routes.references import sound_names
    from sandbox.demo import seed_demo

    database = f"sqlite:///{workdir}/bench.sqlite3"
    migrate.upgrade(database)
    sounds = Path(__file__).parents[1] / "sounds" / "ringdesk"
    _, token = seed_demo(make_sessionmaker(make_engine(database)), sound_names(sounds))
    if prepare is not None:
        prepare(database)
    agi_port, web_port = free_port(), free_port()
    env = {**os.environ, "RINGDESK_DATABASE_URL": database, "RINGDESK_AGI_PORT": str(agi_port),
           "RINGDESK_AUTH_SECRET_KEY_FILE": str(Path(workdir) / "secret.key"),
           "RINGDESK_WEB_PORT": str(web_port), "RINGDESK_AMI_PORT": str(free_port()),
           "RINGDESK_LOG_LEVEL": "warn", "RINGDESK_MEDIA_SOUNDS_DIR": str(sounds),
           **(settings or {})}
    log = (workdir / "ringdesk.log").open("wb")
    process = subprocess.Popen(pinned(0, [sys.executable, "-m", "ringdesk.cli", "serve"]),
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(agi_port)
        beside_the_load(process.pid)
        yield BenchServer(agi_port, process.pid, web_port, token or "")
        # Report how far the database writer lags behind the calls (it catches up later).
        request = urllib.request.Request(
            f"http://127.0.0.1:{web_port}/api/v1/tickets?per_page=1",
            headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
    finally:
        process.terminate()
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextmanager
def baseline_server(module: str) -> Iterator[BenchServer]:
    """A baseline FastAGI server (``python -m module PORT``) pinned to the servers' core."""
    port = free_port()
    # taskset execs the server: the pid is the server's own
    process = subprocess.Popen(pinned(0, [sys.executable, "-m", module, str(port)]))
    try:
        wait_for_port(port)
        yield BenchServer(port, process.pid)
    finally:
        process.terminate()
        process.wait(10)


def recorded_calls(workdir: Path) -> int:
    """Calls the server's recorder has committed (read beside it). Without Asterisk's AMI
    no call ends, so these are the FastAGI side's records (path, ticket fields); the
    ticket itself opens when AMI reports the hangup (``bench callrate`` covers that)."""
    with sqlite3.connect(f"file:{workdir}/bench.sqlite3?mode=ro", uri=True, timeout=30) as db:
        row = db.execute("SELECT count(*) FROM calls").fetchone()
    return int(row[0])


def wait_until_recorded(workdir: Path, calls: int, timeout: float = 600) -> float:
    """Wait until ``calls`` calls are recorded; the time.perf_counter() when they were."""
    deadline = time.monotonic() + timeout
    while recorded_calls(workdir) < calls:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the recorder wrote {recorded_calls(workdir)} of {calls} calls")
        time.sleep(0.5)
    return time.perf_counter()


WARM_UP = 500


def warm_up(server: BenchServer, number: str = NUMBER) -> None:
    asyncio.run(run_load(server.port, 50, WARM_UP, number))


def load(server: BenchServer, concurrency: int, sessions: int,
         number: str = NUMBER) -> LoadResult:
    """One run; the server's CPU time during it is counted on the result."""
    before = server.cpu_seconds()
    result = asyncio.run(run_load(server.port, concurrency, sessions, number))
    result.server_cpu = server.cpu_seconds() - before
    return result


def alternate(ours: BenchServer, baseline: BenchServer, concurrency: int, sessions: int,
              rounds: int, number: str = NUMBER) -> tuple[LoadResult, LoadResult]:
    """One level on two servers in alternating rounds (ours, baseline, baseline, ours...),
    each side's rounds pooled: both meet the same drift of these shared cores, where one
    block after the other would compare two moments as much as two servers."""
    pooled = LoadResult(concurrency), LoadResult(concurrency)
    per_round = max(concurrency, sessions // rounds)
    for index in range(rounds):
        order = (0, 1) if index % 2 == 0 else (1, 0)
        for side in order:
            pooled[side].add(load((ours, baseline)[side], concurrency, per_round, number))
    return pooled


def describe(name: str, result: LoadResult) -> str:
    return (f"# {name} c={result.concurrency}: {result.completed} sessions in "
            f"{result.elapsed:.2f}s, {result.commands} commands, p50 "
            f"{result.percentile(0.5) * 1000:.2f} ms, p99 {result.percentile(0.99) * 1000:.2f} ms "
            f"(rounds' median {result.typical_p99() * 1000:.2f} ms),"
            f" connect failures {result.connect_failures}, broken {result.broken}, server CPU "
            f"{result.server_cpu_per_session * 1e6:.0f} µs a session")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench fastagi")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiply the number of sessions per level")
    args = parse_with_smoke(parser, argv, scale=0.002)
    levels = {c: max(c, int(n * args.scale)) for c, n in LEVELS.items()}
    if (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {1})  # the load generator stays off the servers' core
    ours: dict[int, LoadResult] = {}
    baseline: dict[int, LoadResult] = {}
    with (tempfile.TemporaryDirectory() as workdir, ringdesk_server(Path(workdir)) as server,
          baseline_server("bench.asyncio_agi_server") as asyncio_baseline):
        warm_up(server)
        warm_up(asyncio_baseline)
        for concurrency, sessions in levels.items():
            ours[concurrency], baseline[concurrency] = alternate(
                server, asyncio_baseline, concurrency, sessions, ROUNDS)
    print(f"# ringdesk's call path: {native_status().summary()}")
    for concurrency in levels:
        mine, base = ours[concurrency], baseline[concurrency]
        print(describe("ringdesk", mine))
        print(describe("asyncio ", base))
        print(bench_line(f"fastagi_sessions_per_s_c{concurrency}", mine.sessions_per_second,
                         "sessions/s", base.sessions_per_second))
        for line in tail_figures("fastagi", mine, base, "session"):
            print(line)
    return 0


def tail_figures(prefix: str, mine: LoadResult, base: LoadResult, per: str) -> list[str]:
    """The figures both FastAGI benchmarks print for a level after their rates: p99 (the
    rounds' median, then all sessions pooled), the server's CPU, connect failures."""
    level = f"c{mine.concurrency}"
    return [
        bench_line(f"{prefix}_p99_ms_{level}", mine.typical_p99() * 1000, "ms",
                   base.typical_p99() * 1000),
        bench_line(f"{prefix}_p99_all_sessions_ms_{level}", mine.percentile(0.99) * 1000,
                   "ms", base.percentile(0.99) * 1000),
        bench_line(f"{prefix}_server_cpu_us_{level}", mine.server_cpu_per_session * 1e6,
                   f"us/{per}", base.server_cpu_per_session * 1e6),
        bench_line(f"{prefix}_connect_failures_{level}", mine.connect_failures + mine.broken,
                   "sessions", base.connect_failures + base.broken),
    ]
