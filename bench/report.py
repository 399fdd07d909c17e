"""The one output format every benchmark figure ends with."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO


def bench_line(figure: str, value: float, unit: str, baseline: float) -> str:
    if " " in figure or " " in unit:
        raise ValueError("figure and unit are single words: scripts split the line on spaces")
    ratio = value / baseline if baseline else float("nan")
    return (f"BENCH {figure} value={value:.6g} unit={unit} baseline={baseline:.6g} "
            f"ratio={ratio:.4g}")


SMOKE_HELP = ("a tiny run that only checks the benchmark still works (CI runs every "
              "benchmark this way); its figures mean nothing")


def parse_with_smoke(parser: argparse.ArgumentParser, argv: list[str],
                     **tiny: Any) -> argparse.Namespace:
    """Parse ``argv``; with ``--smoke`` the options in ``tiny`` take their tiny values."""
    parser.add_argument("--smoke", action="store_true", help=SMOKE_HELP)
    args = parser.parse_args(argv)
    if args.smoke:
        for name, value in tiny.items():
            setattr(args, name, value)
    return args


class Progress:
    """A progress bar for long loads on standard error: done, rate and time left."""

    WIDTH = 30

    def __init__(self, total: int, unit: str, stream: TextIO | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.total = max(total, 1)
        self.unit = unit
        self.done_count = 0
        self._stream = stream if stream is not None else sys.stderr
        self._clock = clock
        self._started = clock()

    def advance(self, count: int) -> None:
        self.done_count = min(self.total, self.done_count + count)
        self._stream.write("\r" + self.line())
        self._stream.flush()

    def line(self) -> str:
        share = self.done_count / self.total
        elapsed = max(self._clock() - self._started, 1e-9)
        rate = self.done_count / elapsed
        left = (self.total - self.done_count) / rate if rate else float("inf")
        filled = int(share * self.WIDTH)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        return (f"[{bar}] {share:4.0%} {self.done_count:,}/{self.total:,} {self.unit} "
                f"{rate:,.0f}/s, {_duration(left)} left")

    def done(self) -> None:
        self._stream.write("\n")
        self._stream.flush()


def _duration(seconds: float) -> str:
    if seconds == float("inf"):
        return "?"
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}m{rest:02d}s" if minutes else f"{rest}s"
