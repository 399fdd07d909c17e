"""The FastAGI load generator the route and fastagi benchmarks stand on."""

import gc

import pytest

from bench.agi_load import LoadResult, collector_paused
from bench.fastagi import alternate, baseline_server, load


def test_pooled_rounds_add_up():
    first = LoadResult(50, completed=2, commands=10, elapsed=1.0, server_cpu=0.002,
                       latencies=[0.1, 0.3])
    first.add(LoadResult(50, completed=1, connect_failures=1, broken=2, commands=5,
                         elapsed=0.5, server_cpu=0.001, latencies=[0.2]))
    assert (first.completed, first.connect_failures, first.broken, first.commands) == \
        (3, 1, 2, 15)
    assert first.sessions_per_second == pytest.approx(2.0)
    assert first.server_cpu_per_session == pytest.approx(0.001)
    assert first.percentile(0.5) == 0.2


def test_one_disturbed_round_does_not_make_the_typical_p99():
    pooled = LoadResult(50)
    steady = [0.010] * 99 + [0.012]  # p99 12 ms
    for latencies in (steady, steady, [0.030] * 100, steady, steady):  # a stall: 30 ms
        pooled.add(LoadResult(50, completed=100, latencies=list(latencies)))
    assert pooled.round_p99s == [0.012, 0.012, 0.030, 0.012, 0.012]
    assert pooled.typical_p99() == 0.012
    assert pooled.percentile(0.99) == 0.030  # all sessions pooled: the stall decides
    single = LoadResult(1, completed=100, latencies=list(steady))
    assert single.typical_p99() == single.percentile(0.99) == 0.012


def test_collector_paused_while_measuring_and_restored_after():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("a run that breaks off")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


def test_alternating_rounds_pool_every_session_of_each_server():
    with baseline_server("bench.twisted_agi_server") as first, \
            baseline_server("bench.twisted_agi_server") as second:
        ours, theirs = alternate(first, second, concurrency=2, sessions=12, rounds=3)
    for pooled in (ours, theirs):
        assert pooled.completed == 12 and len(pooled.latencies) == 12
        assert pooled.commands == 12 * 6  # the baseline's six commands per session
        assert pooled.connect_failures == pooled.broken == 0


def test_a_run_counts_the_servers_cpu():
    with baseline_server("bench.twisted_agi_server") as server:
        idle_before = server.cpu_seconds()
        result = load(server, concurrency=20, sessions=2000)
    assert result.completed == 2000
    # Thousands of sessions cost the server tenths of a second, which /proc counts in ticks.
    assert 0 < result.server_cpu < 10
    assert idle_before < 5
