"""Every benchmark runs at a tiny size (`--smoke`) in CI, so one that no longer runs (an API
it drives changed, a fixture it loads broke) fails the build instead of rotting unnoticed.
The figures of a smoke run mean nothing; that each ends in well-formed BENCH lines does."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import unavailable

ROOT = Path(__file__).parents[2]
BENCH_LINE = re.compile(r"^BENCH [a-z0-9_]+ value=\S+ unit=\S+ baseline=\S+ ratio=\S+$")


def smoke(name: str, timeout: float = 600) -> list[str]:
    """Run ``python -m bench NAME --smoke``; its BENCH lines (at least one, all well formed)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("RINGDESK_")}
    if "RINGDESK_TEST_POSTGRES_URL" in os.environ:
        env["RINGDESK_TEST_POSTGRES_URL"] = os.environ["RINGDESK_TEST_POSTGRES_URL"]
    done = subprocess.run([sys.executable, "-m", "bench", name, "--smoke"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    lines = [line for line in done.stdout.splitlines() if line.startswith("BENCH ")]
    assert lines, done.stdout[-3000:]
    assert all(BENCH_LINE.match(line) for line in lines), lines
    return lines


@pytest.mark.parametrize("name", ["ami", "fastagi", "routes"])
def test_a_benchmark_runs_at_its_smoke_size(name: str):
    smoke(name)


def test_the_live_stream_benchmark_runs_at_its_smoke_size():
    figures = {line.split()[1] for line in smoke("live")}
    assert {"live_delay_p95_ms_5_dashboards", "live_fastagi_sessions_per_s_5_dashboards",
            "live_memory_per_dashboard_kib"} <= figures


def test_the_help_desk_benchmark_runs_at_its_smoke_size():
    if not os.environ.get("RINGDESK_TEST_POSTGRES_URL"):
        unavailable("RINGDESK_TEST_POSTGRES_URL is not set (./dev test sets it)")
    figures = smoke("helpdesk")
    assert any(line.startswith("BENCH list_p95 ") for line in figures)


def test_the_builder_benchmark_runs_at_its_smoke_size():
    if not (ROOT / "web/ui/dist/index.html").is_file() or not Path("/usr/bin/chromium").exists():
        unavailable("the built web app and Chromium are needed (./dev test makes both)")
    smoke("builder")
