"""The one output format every benchmark figure ends with."""

from __future__ import annotations


def bench_line(figure: str, value: float, unit: str, baseline: float) -> str:
    if " " in figure or " " in unit:
        raise ValueError("figure and unit are single words: scripts split the line on spaces")
    ratio = value / baseline if baseline else float("nan")
    return (f"BENCH {figure} value={value:.6g} unit={unit} baseline={baseline:.6g} "
            f"ratio={ratio:.4g}")
