"""The ``ringdesk`` command: one entry point, one subcommand per job."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ringdesk.config import Config, load_config, reference_markdown
from ringdesk.errors import RingdeskError

Handler = Callable[[argparse.Namespace, Config], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    try:
        config = load_config(args.config)
        handler: Handler = args.handler
        return handler(args, config)
    except RingdeskError as error:
        print(f"ringdesk: {error.message}", file=sys.stderr)
        return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ringdesk", description=__doc__)
    parser.add_argument("--config", type=Path, default=None,
                        help="TOML configuration file (default: $RINGDESK_CONFIG)")
    commands = parser.add_subparsers(title="commands")

    serve = commands.add_parser("serve", help="run the FastAGI, AMI and web server")
    serve.set_defaults(handler=_lazy("ringdesk.commands", "serve"))

    db = commands.add_parser("db", help="database schema").add_subparsers(title="db commands")
    upgrade = db.add_parser("upgrade", help="migrate the schema to a revision")
    upgrade.add_argument("revision", nargs="?", default="head")
    upgrade.set_defaults(handler=_lazy("ringdesk.commands", "db_upgrade"))
    downgrade = db.add_parser("downgrade", help="migrate the schema back to a revision")
    downgrade.add_argument("revision")
    downgrade.set_defaults(handler=_lazy("ringdesk.commands", "db_downgrade"))

    numbers = commands.add_parser("numbers", help="inbound numbers").add_subparsers()
    listing = numbers.add_parser("list", help="list inbound numbers")
    listing.set_defaults(handler=_lazy("ringdesk.commands", "numbers_list"))
    add = numbers.add_parser("add", help="answer a number with an announcement")
    add.add_argument("number")
    add.add_argument("--announcement", default="ringdesk/welcome")
    add.add_argument("--answer-after", type=int, default=0, help="seconds of ringing first")
    add.add_argument("--label", default="")
    add.set_defaults(handler=_lazy("ringdesk.commands", "numbers_add"))

    pbx = commands.add_parser("pbx", help="the sandbox Asterisk + SIPp").add_subparsers()
    build = pbx.add_parser("build", help="build (or reuse) the cached Debian sid chroot")
    build.add_argument("--rebuild", action="store_true", help="build afresh")
    build.set_defaults(handler=_lazy("ringdesk.commands", "pbx_build"))
    for name, text in (("start", "start Asterisk with asterisk-conf/"),
                       ("stop", "stop Asterisk"), ("status", "is it running")):
        sub = pbx.add_parser(name, help=text)
        sub.set_defaults(handler=_lazy("ringdesk.commands", f"pbx_{name}"))
    cli = pbx.add_parser("cli", help="run an Asterisk CLI command")
    cli.add_argument("command", nargs="+")
    cli.set_defaults(handler=_lazy("ringdesk.commands", "pbx_cli"))
    call = pbx.add_parser("call", help="place a test call with SIPp")
    call.add_argument("number")
    call.add_argument("--caller", default="+4915112345678")
    call.add_argument("--give-up", action="store_true", help="hang up after 1.5 s of ringing")
    call.set_defaults(handler=_lazy("ringdesk.commands", "pbx_call"))

    demo = commands.add_parser("demo", help="sandbox PBX + demo numbers + server")
    demo.set_defaults(handler=_lazy("ringdesk.commands", "demo"))

    conf = commands.add_parser("config", help="configuration").add_subparsers()
    ref = conf.add_parser("reference", help="every setting with default (Markdown)")
    ref.set_defaults(handler=lambda args, config: print(reference_markdown()) or 0)

    bench = commands.add_parser("bench", help="run a benchmark from bench/")
    bench.add_argument("name")
    bench.add_argument("rest", nargs=argparse.REMAINDER)
    bench.set_defaults(handler=_lazy("ringdesk.commands", "bench"))
    return parser


def _lazy(module: str, name: str) -> Handler:
    """Import a command's module only when it runs: `ringdesk --help` stays instant."""

    def run(args: argparse.Namespace, config: Config) -> int:
        import importlib

        handler: Handler = getattr(importlib.import_module(module), name)
        return handler(args, config)

    return run


if __name__ == "__main__":
    sys.exit(main())
