"""The work behind each ``ringdesk`` subcommand (argument parsing lives in cli.py)."""

from __future__ import annotations

import argparse
import sys
from typing import cast

from sqlalchemy import select

from ringdesk import migrate
from ringdesk.core.config import Config
from ringdesk.core.db import make_engine, make_sessionmaker


def serve(args: argparse.Namespace, config: Config) -> int:
    from twisted.internet import defer, reactor

    from ringdesk.core.logs import start_logging
    from ringdesk.server import RingdeskServer, ServerReactor

    start_logging(config.log.level, config.log.format)
    # The default reactor provides every interface the server names; Twisted's own type of
    # it leaves threads out, so it is named here.
    server = RingdeskServer(config, cast(ServerReactor, reactor))
    exit_code = [0]

    def failed(failure: object) -> None:
        print(f"ringdesk: cannot start: {getattr(failure, 'value', failure)}", file=sys.stderr)
        exit_code[0] = 1
        server.abort()
        reactor.stop()

    def begin() -> None:
        defer.ensureDeferred(server.start()).addErrback(failed)

    reactor.callWhenRunning(begin)
    reactor.run()
    return exit_code[0]


def db_upgrade(args: argparse.Namespace, config: Config) -> int:
    migrate.upgrade(config.database.url, args.revision)
    print(f"database at revision {args.revision}")
    return 0


def db_downgrade(args: argparse.Namespace, config: Config) -> int:
    migrate.downgrade(config.database.url, args.revision)
    return 0


def numbers_list(args: argparse.Namespace, config: Config) -> int:
    from ringdesk.routes.models import InboundNumber, Route

    sessions = make_sessionmaker(make_engine(config.database.url))
    with sessions() as session:
        rows = session.execute(select(InboundNumber.number, Route.name)
                               .outerjoin(Route, Route.id == InboundNumber.route_id)
                               .order_by(InboundNumber.number)).all()
    for number, route in rows:
        print(f"{number}\t{route or '(no route)'}")
    return 0


def compile_native(args: argparse.Namespace, config: Config) -> int:
    from ringdesk import native

    if args.clean:
        removed = native.remove_extensions()
        print(f"removed {len(removed)} compiled module(s); the call path runs as plain Python")
        return 0
    if not args.check:
        try:
            native.compile_call_path()
        except native.NativeBuildFailed as error:
            print(f"ringdesk: {error}", file=sys.stderr)
            return 1
    status = native.native_status()
    print(f"call path: {status.summary()}")
    return 0 if status.complete else 1


def route_graph_schema(args: argparse.Namespace, config: Config) -> int:
    """Write the route graph's JSON Schema (from its model) where the repository keeps it."""
    import json

    from ringdesk.routes.graph import SCHEMA_FILE, document_schema

    target = args.output or SCHEMA_FILE
    target.write_text(json.dumps(document_schema(), indent=1) + "\n")
    print(f"wrote {target}")
    return 0


def openapi_description(args: argparse.Namespace, config: Config) -> int:
    import json

    from ringdesk.web.app import spec

    text = json.dumps(spec(), indent=1, sort_keys=False) + "\n"
    if args.output:
        args.output.write_text(text)
    else:
        sys.stdout.write(text)
    return 0
