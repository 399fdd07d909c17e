"""The live board's event stream under load: 200 dashboards on one ``ringdesk serve``
while AMI reports 50 queue calls a second.

The server is the real ``ringdesk serve`` (demo data, 150 agent accounts in the support
queue), pinned to core 0. A fake Asterisk manager interface (bench/live_pbx.py) on
loopback plays the calls; the dashboards (bench/live_clients.py) and the FastAGI load
generator (bench/agi_load.py) run here, pinned to core 1. The AMI events flow during the
whole run; in turn:

1. the server's memory with no stream open, then with 200 idle keep-alive HTTP
   connections (the baseline of the memory figure);
2. one dashboard for ``--seconds``: the delay from the AMI event that changes a call
   (it arrives, is answered, queues, rings an agent, talks, ends) being written to the
   dashboard reading the change: the baseline of the delay figure;
3. 200 dashboards for ``--seconds``: the same delay for each of them; the server's memory;
4. FastAGI sessions at concurrency 50, in alternating rounds with the 200 dashboards
   open and with none (the events flow in both).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.agi_load import LoadResult, run_load
from bench.fastagi import NUMBER, WARM_UP, BenchServer, ringdesk_server, wait_for_port
from bench.live_clients import (
    Delays,
    StreamClient,
    close_streams,
    idle_connections,
    open_streams,
)
from bench.live_pbx import QUEUE, STEPS, FakePbx, agent_endpoint
from bench.report import bench_line, parse_with_smoke

AGENTS = 150
DELAY_TARGET_MS = 250.0
FASTAGI_TARGET = 0.95
SETTLE_SECONDS = 2.0  # after streams open: their snapshots are sent, the backlog drained


def add_agents(database: str) -> None:
    """The agents who answer the fake PBX's calls: accounts in the support queue."""
    from ringdesk.callcenter.pbx.operations import do_create_account, do_put_queue
    from ringdesk.core.db import make_engine, make_sessionmaker

    sessions = make_sessionmaker(make_engine(database))
    with sessions.begin() as session:
        for index in range(AGENTS):
            endpoint = agent_endpoint(index)
            do_create_account(session, endpoint, f"Agent {index:03d}",
                              static_contact=f"sip:{endpoint}@127.0.0.1:5999")
        do_put_queue(session, QUEUE, {}, [
            {"endpoint": agent_endpoint(index), "level": 1, "position": index + 1}
            for index in range(AGENTS)])


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


@dataclass
class Watch:
    """One stretch of the run: the delays its dashboards saw, the server's and this
    process's CPU time, and the calls the fake PBX started."""

    name: str
    delays: Delays
    seconds: float = 0.0
    server_cpu: float = 0.0
    load_cpu: float = 0.0
    calls: int = 0

    def describe(self, clients: int) -> str:
        values = self.delays.values
        third = len(values) // 3
        early = Delays(values[:third]).percentile(0.95) * 1000
        late = Delays(values[-third:] if third else []).percentile(0.95) * 1000
        per_client = len(values) / clients if clients else 0
        return (f"# {self.name}: {clients} dashboard(s), {self.calls / self.seconds:.1f} calls/s"
                f" for {self.seconds:.1f}s, {per_client:.0f} call changes read per dashboard "
                f"(~{self.calls * len(STEPS)} due), "
                f"delay p50 {self.delays.percentile(0.5) * 1000:.1f} ms, p95 "
                f"{self.delays.percentile(0.95) * 1000:.1f} ms (first third {early:.1f}, "
                f"last third {late:.1f}), p99 {self.delays.percentile(0.99) * 1000:.1f} ms, "
                f"max {max(values, default=float('nan')) * 1000:.1f} ms; server CPU "
                f"{self.server_cpu / self.seconds:.0%} of its core, this process's "
                f"{self.load_cpu / self.seconds:.0%}")


async def watch(name: str, clients: list[StreamClient], server: BenchServer, pbx: FakePbx,
                seconds: float) -> Watch:
    """The dashboards' delays over the next ``seconds``."""
    result = Watch(name, Delays())
    for client in clients:
        client.delays = result.delays
    cpu, load, calls = server.cpu_seconds(), time.process_time(), pbx.calls_started
    started = time.perf_counter()
    await asyncio.sleep(seconds)
    result.seconds = time.perf_counter() - started
    result.server_cpu = server.cpu_seconds() - cpu
    result.load_cpu = time.process_time() - load
    result.calls = pbx.calls_started - calls
    for client in clients:
        client.delays = Delays()  # what comes later is not this stretch's
    return result


async def fastagi_round(server: BenchServer, concurrency: int, seconds: float) -> LoadResult:
    """FastAGI sessions for ``seconds``: a round ends by the clock, not by a count, so an
    overloaded server costs the run no more time than one that keeps up."""
    before = server.cpu_seconds()
    result = await run_load(server.port, concurrency, 10**9, NUMBER, seconds)
    result.server_cpu = server.cpu_seconds() - before
    return result


@dataclass
class Figures:
    one: Watch
    many: Watch
    loaded: Watch
    rss_none: int
    rss_idle: int
    rss_streams: int
    rss_after: int  # with the streams, after the delays were watched
    with_dashboards: LoadResult
    without: LoadResult


async def measure(args: argparse.Namespace, workdir: Path) -> Figures:
    pbx = FakePbx(AGENTS)
    listener, ami_port = await pbx.listen()
    settings = {"RINGDESK_AMI_PORT": str(ami_port), "RINGDESK_AMI_SECRET": "bench",
                # The fake PBX keeps no channel list: checked against its empty one, the
                # board would end every call in flight.
                "RINGDESK_LIVE_RECONCILE_SECONDS": "86400"}
    stop = asyncio.Event()
    with ringdesk_server(workdir, settings, add_agents) as server:
        wait_for_port(server.web_port)
        await asyncio.wait_for(pbx.ready.wait(), 30)
        playing = asyncio.create_task(pbx.play(args.rate, stop))
        try:
            return await _phases(args, server, pbx)
        finally:
            stop.set()
            await playing
            listener.close()


async def _phases(args: argparse.Namespace, server: BenchServer, pbx: FakePbx) -> Figures:
    port, token, clients = server.web_port, server.token, args.clients
    await run_load(server.port, 50, WARM_UP, NUMBER)
    await asyncio.sleep(args.warm_up)
    # The load side's heap (delays, sent times) holds no cycles; a full collection of it
    # would stall every dashboard's reads at once and show up as the server's delay.
    gc.collect()
    gc.freeze()
    gc.disable()
    rss_none = rss_kib(server.pid)
    idle = await idle_connections(clients, port)
    await asyncio.sleep(1.0)
    rss_idle = rss_kib(server.pid)
    for writer in idle:
        writer.close()
    await asyncio.sleep(1.0)

    single = await open_streams(1, port, token, pbx.sent, Delays())
    await asyncio.sleep(SETTLE_SECONDS)
    one = await watch("one dashboard", single, server, pbx, args.seconds)
    close_streams(single)

    streams = await open_streams(clients, port, token, pbx.sent, Delays())
    await asyncio.sleep(SETTLE_SECONDS)
    rss_streams = rss_kib(server.pid)
    many = await watch(f"{clients} dashboards", streams, server, pbx, args.seconds)
    rss_after = rss_kib(server.pid)

    # FastAGI with and without the dashboards, alternating (with, without, without,
    # with...), so both meet the same drift of these shared cores.
    loaded = Watch(f"{clients} dashboards under FastAGI load", Delays())
    pooled = {True: LoadResult(args.concurrency), False: LoadResult(args.concurrency)}
    for index in range(args.rounds):
        for dashboards in ((True, False) if index % 2 == 0 else (False, True)):
            if dashboards and not streams:
                streams = await open_streams(clients, port, token, pbx.sent, Delays())
                await asyncio.sleep(SETTLE_SECONDS)
            elif not dashboards and streams:
                close_streams(streams)
                streams = []
                await asyncio.sleep(SETTLE_SECONDS)
            for client in streams:
                client.delays = loaded.delays
            pooled[dashboards].add(
                await fastagi_round(server, args.concurrency, args.round_seconds))
    close_streams(streams)
    gc.enable()
    return Figures(one, many, loaded, rss_none, rss_idle, rss_streams, rss_after,
                   pooled[True], pooled[False])


def report(args: argparse.Namespace, figures: Figures) -> None:
    clients = args.clients
    print(figures.one.describe(1))
    print(figures.many.describe(clients))
    print(f"# {figures.loaded.name}: delay p95 "
          f"{figures.loaded.delays.percentile(0.95) * 1000:.1f} ms over "
          f"{len(figures.loaded.delays.values)} changes read")
    for name, result in (("with dashboards", figures.with_dashboards),
                         ("without", figures.without)):
        print(f"# FastAGI {name}: {result.completed} sessions at c={result.concurrency}, "
              f"{result.sessions_per_second:.0f}/s, p99 {result.typical_p99() * 1000:.1f} ms,"
              f" failures {result.connect_failures + result.broken}, server CPU "
              f"{result.server_cpu_per_session * 1e6:.0f} µs a session")
    print(f"# server RSS: {figures.rss_none} KiB with no stream, {figures.rss_idle} KiB with "
          f"{clients} idle HTTP connections, {figures.rss_streams} KiB with {clients} streams "
          f"({figures.rss_after} KiB after watching them)")
    p95 = figures.many.delays.percentile(0.95) * 1000
    print(bench_line(f"live_delay_p95_ms_{clients}_dashboards", p95, "ms",
                     figures.one.delays.percentile(0.95) * 1000))
    print(f"# target p95 < {DELAY_TARGET_MS:.0f} ms: "
          f"{'met' if p95 < DELAY_TARGET_MS else 'NOT met'}")
    ours, base = figures.with_dashboards, figures.without
    print(bench_line(f"live_fastagi_sessions_per_s_{clients}_dashboards",
                     ours.sessions_per_second, "sessions/s", base.sessions_per_second))
    share = ours.sessions_per_second / base.sessions_per_second if base.elapsed else 0.0
    print(f"# target within {1 - FASTAGI_TARGET:.0%} of no dashboards: "
          f"{'met' if share >= FASTAGI_TARGET else 'NOT met'}")
    print(bench_line("live_memory_per_dashboard_kib",
                     (figures.rss_streams - figures.rss_none) / clients, "KiB",
                     (figures.rss_idle - figures.rss_none) / clients))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench live")
    parser.add_argument("--clients", type=int, default=200, help="dashboards (streams)")
    parser.add_argument("--rate", type=float, default=50.0, help="queue calls a second")
    parser.add_argument("--seconds", type=float, default=15.0,
                        help="how long delays are watched, with one and with all dashboards")
    parser.add_argument("--warm-up", type=float, default=5.0, help="seconds of calls first")
    parser.add_argument("--concurrency", type=int, default=50, help="FastAGI sessions")
    parser.add_argument("--round-seconds", type=float, default=10.0,
                        help="how long each FastAGI round lasts")
    parser.add_argument("--rounds", type=int, default=3,
                        help="FastAGI rounds with and without the dashboards each")
    args = parse_with_smoke(parser, argv, clients=5, rate=2.0, seconds=2.0, warm_up=1.0,
                            concurrency=5, round_seconds=0.5, rounds=1)
    if (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {1})  # the load side stays off the server's core
    with tempfile.TemporaryDirectory() as workdir:
        figures = asyncio.run(measure(args, Path(workdir)))
    report(args, figures)
    return 0
