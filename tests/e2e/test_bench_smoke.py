"""The call-rate benchmark against the sandbox Asterisk, at its smoke size (see
tests/db/test_benchmarks_smoke.py)."""

from __future__ import annotations

import os

import pytest

from tests.db.test_benchmarks_smoke import smoke

pytestmark = pytest.mark.pbx


def test_the_call_rate_benchmark_runs_at_its_smoke_size(sandbox):
    if os.geteuid() != 0:
        pytest.skip("the PBX sandbox needs root")
    sandbox.stop()  # the benchmark starts its own Asterisk in the same chroot
    try:
        smoke("callrate", timeout=900)
    finally:
        sandbox.start()
