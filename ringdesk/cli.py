"""The ``ringdesk`` command: one entry point, one subcommand per job."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from ringdesk.core.config import Config, load_config, reference_markdown
from ringdesk.core.errors import RingdeskError

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
    except SQLAlchemyError as error:
        reason = getattr(error, "orig", None) or error
        print(f"ringdesk: database error: {reason}; is the database reachable and migrated "
              "(`ringdesk db upgrade`)?", file=sys.stderr)
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
    listing = numbers.add_parser("list", help="list inbound numbers and their routes")
    listing.set_defaults(handler=_lazy("ringdesk.commands", "numbers_list"))

    users = commands.add_parser("users", help="users").add_subparsers()
    user_add = users.add_parser(
        "add", help="create a user with a first password they change at their first sign-in")
    user_add.add_argument("login")
    user_add.add_argument("--name", default="")
    user_add.add_argument("--rank", default="agent",
                          choices=["admin", "supervisor", "privileged_agent", "agent"])
    user_add.add_argument("--email", default=None)
    user_add.add_argument("--password", action="store_true",
                          help="ask for the first password (else one is made and printed)")
    user_add.set_defaults(handler=_lazy(ROUTES, "users_add"))
    user_token = users.add_parser(
        "token", help="make an API token for a user (printed once): personal, or --service "
                      "for an integration (exempt from the rank's gates)")
    user_token.add_argument("login")
    user_token.add_argument("--name", required=True, help="what the token is for")
    user_token.add_argument("--days", type=int, default=None,
                            help="lifetime (default auth.personal_token_days)")
    user_token.add_argument("--service", action="store_true")
    user_token.set_defaults(handler=_lazy(ROUTES, "users_token"))

    _route_commands(commands.add_parser("routes", help="call routes").add_subparsers())

    pbx = commands.add_parser("pbx", help="the sandbox Asterisk + SIPp").add_subparsers()
    build = pbx.add_parser("build", help="build (or reuse) the cached Debian sid chroot")
    build.add_argument("--rebuild", action="store_true", help="build afresh")
    build.set_defaults(handler=_lazy(TOOLS, "pbx_build"))
    for name, text in (("start", "start Asterisk with asterisk-conf/"),
                       ("stop", "stop Asterisk"), ("status", "is it running")):
        sub = pbx.add_parser(name, help=text)
        sub.set_defaults(handler=_lazy(TOOLS, f"pbx_{name}"))
    cli = pbx.add_parser("cli", help="run an Asterisk CLI command")
    cli.add_argument("command", nargs="+")
    cli.set_defaults(handler=_lazy(TOOLS, "pbx_cli"))
    call = pbx.add_parser("call", help="place a test call with SIPp")
    call.add_argument("number")
    call.add_argument("--caller", default="+4915112345678")
    call.add_argument("--give-up", action="store_true", help="hang up after 1.5 s of ringing")
    call.add_argument("--digits", default="", help="keys to press (SIP INFO), 3 s apart")
    call.set_defaults(handler=_lazy(TOOLS, "pbx_call"))

    demo = commands.add_parser("demo", help="sandbox PBX + demo numbers + server")
    demo.set_defaults(handler=_lazy(TOOLS, "demo"))

    graph_schema = commands.add_parser(
        "route-schema", help="write the route graph's JSON Schema, made from its model")
    graph_schema.add_argument("--output", type=Path, default=None,
                              help="default: routes/schema/route-graph.schema.json")
    graph_schema.set_defaults(handler=_lazy("ringdesk.commands", "route_graph_schema"))
    described = commands.add_parser("openapi", help="print the REST API's OpenAPI description")
    described.add_argument("--output", type=Path, help="write it to this file instead")
    described.set_defaults(handler=_lazy("ringdesk.commands", "openapi_description"))

    conf = commands.add_parser("config", help="configuration").add_subparsers()
    ref = conf.add_parser("reference", help="every setting with default (Markdown)")
    ref.set_defaults(handler=lambda args, config: print(reference_markdown()) or 0)

    native = commands.add_parser("compile", help="compile the call path with mypyc (or "
                                 "--clean: back to plain Python)")
    native.add_argument("--clean", action="store_true", help="remove the compiled modules")
    native.add_argument("--check", action="store_true",
                        help="only report; exit 1 unless compiled and up to date")
    native.set_defaults(handler=_lazy("ringdesk.commands", "compile_native"))

    bench = commands.add_parser("bench", help="run a benchmark from bench/")
    bench.add_argument("name")
    bench.add_argument("rest", nargs=argparse.REMAINDER)
    bench.set_defaults(handler=_lazy(BENCH, "command"))
    return parser


ROUTES = "ringdesk.route_commands"
# The sandbox, the demo and the benchmarks are development tools: a source checkout has
# them, the wheel and the image do not.
TOOLS, BENCH = "sandbox.commands", "bench.__main__"


def _route_commands(routes: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    routes.add_parser("list", help="routes and their published versions").set_defaults(
        handler=_lazy(ROUTES, "routes_list"))
    imp = routes.add_parser("import", help="create a route or replace its draft from JSON")
    imp.add_argument("name")
    imp.add_argument("file", help="graph JSON file, or - for standard input")
    imp.add_argument("--user", required=True, help="login the change is attributed to")
    imp.add_argument("--publish", action="store_true", help="validate and publish it")
    imp.add_argument("--number", action="append", help="attach this number (repeatable)")
    imp.set_defaults(handler=_lazy(ROUTES, "routes_import"))
    exp = routes.add_parser("export", help="print a route's draft (or a version) as JSON")
    exp.add_argument("route", help="name or id")
    exp.add_argument("--version", type=int)
    exp.set_defaults(handler=_lazy(ROUTES, "routes_export"))
    val = routes.add_parser("validate", help="list a draft's (or a file's) problems")
    val.add_argument("route", nargs="?", default="", help="name or id")
    val.add_argument("--file", help="validate this JSON file instead")
    val.set_defaults(handler=_lazy(ROUTES, "routes_validate"))
    pub = routes.add_parser("publish", help="publish the draft, or roll back")
    pub.add_argument("route", help="name or id")
    pub.add_argument("--user", required=True)
    pub.add_argument("--note", default="")
    pub.add_argument("--rollback", type=int, metavar="VERSION",
                     help="publish this earlier version again")
    pub.set_defaults(handler=_lazy(ROUTES, "routes_publish"))
    dif = routes.add_parser("diff", help="what changed between two versions")
    dif.add_argument("route")
    dif.add_argument("old", type=int)
    dif.add_argument("new", type=int)
    dif.set_defaults(handler=_lazy(ROUTES, "routes_diff"))
    sim = routes.add_parser("simulate", help="the exact path a call would take")
    sim.add_argument("route", help="name or id")
    sim.add_argument("--version", type=int, help="a published version (default: the draft)")
    sim.add_argument("--caller", default="anonymous")
    sim.add_argument("--dialed", default="")
    sim.add_argument("--at", help="ISO date-time with zone (default: now)")
    sim.add_argument("--digits", default="", help="keys pressed in order; _ for no key")
    sim.add_argument("--queue", action="append", help="QUEUESTATUS answers, in order")
    sim.add_argument("--dial", action="append", help="DIALSTATUS answers, in order")
    sim.set_defaults(handler=_lazy(ROUTES, "routes_simulate"))


def _lazy(module: str, name: str) -> Handler:
    """Import a command's module only when it runs: `ringdesk --help` stays instant."""

    def run(args: argparse.Namespace, config: Config) -> int:
        import importlib

        if module in (TOOLS, BENCH):
            _reach_development_tools()
        try:
            loaded = importlib.import_module(module)
        except ModuleNotFoundError as error:
            if module not in (TOOLS, BENCH) or error.name not in ("sandbox", "bench"):
                raise
            print(f"ringdesk: `{name.replace('_', ' ')}` is a development tool: run it from a "
                  "source checkout (./dev setup)", file=sys.stderr)
            return 2
        handler: Handler = getattr(loaded, name)
        return handler(args, config)

    return run


def _reach_development_tools() -> None:
    """sandbox/ and bench/ stay in the checkout (the install ships only ``ringdesk``): an
    editable install's command finds them beside the package, and only for their commands."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "sandbox" / "__init__.py").is_file() and str(checkout) not in sys.path:
        sys.path.append(str(checkout))


if __name__ == "__main__":
    sys.exit(main())
