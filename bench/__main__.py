"""Run a benchmark by name: `python -m bench fastagi`."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

BENCHMARKS: dict[str, str] = {
    "ami": "bench.ami",
    "builder": "bench.builder",
    "callrate": "bench.callrate",
    "fastagi": "bench.fastagi",
    "helpdesk": "bench.helpdesk",
    "live": "bench.live",
    "routes": "bench.routes",
}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in BENCHMARKS:
        print(f"usage: python -m bench {{{','.join(BENCHMARKS)}}} [options]", file=sys.stderr)
        return 2
    module = importlib.import_module(BENCHMARKS[args[0]])
    run: Callable[[list[str]], int] = module.main
    return run(args[1:])


def command(args: argparse.Namespace, config: object) -> int:
    """`ringdesk bench NAME [options]` in a checkout."""
    return main([args.name, *args.rest])


if __name__ == "__main__":
    sys.exit(main())
