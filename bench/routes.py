"""Route executions over FastAGI: ringdesk's live executor on a 6-node route against a
minimal Twisted FastAGI server sending the same six commands; and the simulator.

The route is the demo's main menu for a VIP caller (the load generator's number is on the
demo's list) who presses 2, seven steps: time condition -> holiday -> VIP -> ticket fields
-> IVR menu -> ticket fields -> queue (connected).
Both servers run pinned to core 0; the load generator plays Asterisk on core 1, and so does
ringdesk's recorder process (at idle priority), which writes every call's record behind the calls.
Each level alternates rounds of the two servers and pools each side's rounds, so both meet
the same drift of these shared cores. The recorder's own rate is measured after the levels,
in a run of ringdesk alone.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.agi_load import LoadResult
from bench.fastagi import (
    WARM_UP,
    alternate,
    baseline_server,
    describe,
    load,
    ringdesk_server,
    tail_figures,
    wait_until_recorded,
    warm_up,
)
from bench.report import bench_line, parse_with_smoke
from ringdesk.native import native_status

NUMBER = "4930120002"
# Per server and level: enough sessions that each round's p99 rests on 20 calls or more
# (at concurrency 1 on 2,000 a round: with 500, one slow wake-up of the idle core moved a
# round's p99 by a tenth) and a round at concurrency 500 is several waves of sessions, not
# mostly its ramp-up and drain.
LEVELS = {1: 20000, 50: 30000, 500: 40000}
# Alternating rounds (bench.fastagi.alternate): more, shorter rounds average the drift of
# these shared cores (the same server's rounds differ by up to 40 % here) better than few.
ROUNDS = 10
RECORDER_LEVEL = 50


def simulations_per_second(seconds: float = 2.0) -> tuple[float, float]:
    """The 6-node demo route against a 2-node route (announcement, hangup), same harness."""
    from ringdesk.routes.graph import parse_graph
    from ringdesk.routes.nodes.base import References
    from ringdesk.routes.references import sound_names
    from ringdesk.routes.simulator import Script, simulate
    from sandbox.demo import announcement_route, main_menu_route

    sounds = sound_names(Path(__file__).parents[1] / "sounds" / "ringdesk")
    refs = References(sounds=sounds, queues=frozenset({"support"}),
                      caller_lists={"vip": frozenset({"+4915112345678"})})
    at = datetime(2026, 11, 23, 10, tzinfo=UTC)

    def rate(document: dict[str, object], digits: list[str]) -> float:
        graph, _ = parse_graph(document)
        assert graph is not None
        count, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            simulate(graph, "+4940123456", "+4940123456", "+4930120002", at, refs,
                     Script(digits=list(digits)))
            count += 1
        return count / (time.perf_counter() - started)

    return rate(main_menu_route(), ["2"]), rate(announcement_route(), [])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench routes")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parse_with_smoke(parser, argv, scale=0.002)
    levels = {c: max(c, int(n * args.scale)) for c, n in LEVELS.items()}
    if (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {1})
    import tempfile

    ours: dict[int, LoadResult] = {}
    baseline: dict[int, LoadResult] = {}
    with (tempfile.TemporaryDirectory() as workdir, ringdesk_server(Path(workdir)) as server,
          baseline_server("bench.twisted_agi_server") as twisted):
        warm_up(server, NUMBER)
        warm_up(twisted, NUMBER)
        offered = WARM_UP
        wait_until_recorded(Path(workdir), offered)
        # Level by level, in alternating rounds of both servers; the recorder writes behind
        # ringdesk's rounds as it would in production, and catches up before the next level.
        for concurrency, sessions in levels.items():
            ours[concurrency], baseline[concurrency] = alternate(
                server, twisted, concurrency, sessions, ROUNDS, NUMBER)
            offered += ours[concurrency].completed
            wait_until_recorded(Path(workdir), offered)
        # The recorder on its own: calls handed to it at full load, and written.
        started = time.perf_counter()
        handed = load(server, RECORDER_LEVEL, levels[RECORDER_LEVEL], NUMBER)
        recording = wait_until_recorded(Path(workdir), offered + handed.completed) - started
    print(f"# ringdesk's call path: {native_status().summary()}")
    for concurrency in levels:
        mine, base = ours[concurrency], baseline[concurrency]
        print(describe("ringdesk", mine))
        print(describe("twisted ", base))
        print(bench_line(f"route_executions_per_s_c{concurrency}", mine.sessions_per_second,
                         "routes/s", base.sessions_per_second))
        print(bench_line(f"route_agi_commands_per_s_c{concurrency}", commands_rate(mine),
                         "commands/s", commands_rate(base)))
        print(bench_line(f"route_p50_ms_c{concurrency}", mine.percentile(0.5) * 1000, "ms",
                         base.percentile(0.5) * 1000))
        for line in tail_figures("route", mine, base, "call"):
            print(line)
    print("# the recorder process (beside the load generator, idle priority) writing every call's "
          "FastAGI record; baseline: the rate calls were handed to it")
    print(bench_line("route_calls_recorded_per_s", handed.completed / recording, "calls/s",
                     handed.sessions_per_second))
    six, two = simulations_per_second()
    print("# simulator: the 6-node route, baseline the 2-node route (announcement, hangup)")
    print(bench_line("routes_simulated_per_s", six, "routes/s", two))
    return 0


def commands_rate(result: LoadResult) -> float:
    return result.commands / result.elapsed if result.elapsed else 0.0
