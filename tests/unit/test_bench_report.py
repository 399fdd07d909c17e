import pytest

from bench.report import bench_line


def test_bench_line_format_and_ratio():
    assert bench_line("x_per_s", 50.0, "ops/s", 200.0) == \
        "BENCH x_per_s value=50 unit=ops/s baseline=200 ratio=0.25"
    assert bench_line("x", 1.0, "ms", 0.0).endswith("ratio=nan")
    with pytest.raises(ValueError):
        bench_line("x", 1.0, "routes/s (6-node)", 1.0)


def test_ami_benchmark_feeders_see_every_event():
    from bench.ami import (
        DEVICE_AFTER,
        KINDS,
        chunks,
        parse_and_apply,
        parse_only,
        split_only,
        stream,
    )

    reads = chunks(stream(50), size=4096)  # frames cut across reads
    per_call = len(KINDS) + len(DEVICE_AFTER)  # channel events and the phone's own
    assert split_only(reads) == parse_only(reads) == parse_and_apply(reads) == 50 * per_call
