"""The one output format every benchmark figure ends with."""

from __future__ import annotations


def bench_line(figure: str, value: float, unit: str, baseline: float) -> str:
    ratio = value / baseline if baseline else float("nan")
    return (f"BENCH {figure} value={value:.6g} unit={unit} baseline={baseline:.6g} "
            f"ratio={ratio:.4g}")
