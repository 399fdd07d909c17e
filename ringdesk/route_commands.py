"""`ringdesk routes ...` and `ringdesk users ...`: the route engine from the command line."""

from __future__ import annotations

import argparse
import getpass
import json
import secrets
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ringdesk.callcenter.route_references import load_references
from ringdesk.core.config import Config
from ringdesk.core.db import make_engine, make_sessionmaker, utcnow
from ringdesk.core.errors import InvalidInput, NotFound
from ringdesk.core.phone import to_e164
from ringdesk.core.users.operations import access_user_by_login, do_create_user
from ringdesk.core.users.tokens import PERSONAL, SERVICE, do_issue_token, lifetime_for, token_policy
from ringdesk.routes.diff import diff_graphs
from ringdesk.routes.graph import parse_graph
from ringdesk.routes.models import Route, RouteVersion
from ringdesk.routes.operations import (
    access_version,
    do_attach_number,
    do_create_route,
    do_publish,
    do_rollback,
    do_save_draft,
)
from ringdesk.routes.simulator import Script, simulate
from ringdesk.routes.validation import validate_document


def _sessions(config: Config) -> sessionmaker[Session]:
    return make_sessionmaker(make_engine(config.database.url))


def _route(session: Session, name_or_id: str) -> Route:
    query = select(Route).where(Route.id == int(name_or_id)) if name_or_id.isdigit() \
        else select(Route).where(Route.name == name_or_id)
    route = session.scalars(query).first()
    if route is None:
        raise NotFound(f"no route {name_or_id!r}", {"route": name_or_id})
    return route


def _read_json(path: str) -> Any:
    try:
        return json.loads(sys.stdin.read() if path == "-" else Path(path).read_text())
    except (OSError, ValueError) as error:
        raise InvalidInput(f"cannot read {path}: {error}", {"field": "file"}) from error


def users_add(args: argparse.Namespace, config: Config) -> int:
    password = _ask_password() if args.password else None
    made = None if password is not None else secrets.token_urlsafe(12)
    with _sessions(config).begin() as session:
        user = do_create_user(session, args.login, args.name or "", args.rank, args.email,
                              password or made)
        user.must_change_password = True
    shown = f"; first password (shown once): {made}" if made else ""
    print(f"user {user.login} ({user.rank}) created{shown}; they choose their own at the "
          "first sign-in")
    return 0


def users_token(args: argparse.Namespace, config: Config) -> int:
    policy = token_policy(config)
    with _sessions(config).begin() as session:
        user = access_user_by_login(session, args.login)
        row, token = do_issue_token(session, user, SERVICE if args.service else PERSONAL,
                                    utcnow(), lifetime_for(policy, args.days), args.name)
        print(f"{row.kind} token {row.name!r} of {user.login}, until "
              f"{row.expires_at:%Y-%m-%d %H:%M} UTC (shown once): {token}")
    return 0


def _ask_password() -> str:
    """Asked at the terminal (never an argument: it would stay in the shell's history);
    read from standard input when it is not a terminal."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise InvalidInput("the two passwords differ", {"field": "password"})
    return first


def routes_list(args: argparse.Namespace, config: Config) -> int:
    with _sessions(config)() as session:
        for route in session.scalars(select(Route).order_by(Route.name)):
            version = session.get(RouteVersion, route.published_version_id) \
                if route.published_version_id else None
            print(f"{route.id}\t{route.name}\t"
                  f"{'v' + str(version.number) if version else 'unpublished'}")
    return 0


def routes_import(args: argparse.Namespace, config: Config) -> int:
    """Create a route (or replace its draft) from a JSON graph file; optionally publish."""
    graph = _read_json(args.file)
    with _sessions(config).begin() as session:
        user = access_user_by_login(session, args.user)
        route = session.scalars(select(Route).where(Route.name == args.name)).first()
        if route is None:
            route = do_create_route(session, user, args.name, "", graph)
        else:
            do_save_draft(session, user, route, route.revision, graph=graph)
        if args.publish:
            refs = load_references(session, Path(config.media.sounds_dir), config.pbx.trunks)
            version = do_publish(session, user, route, refs, "imported")
            print(f"route {route.name!r} published as version {version.number}")
        for number in args.number or []:
            do_attach_number(session, user, route, number, config.phone.default_region)
    print(f"route {args.name!r} saved")
    return 0


def routes_export(args: argparse.Namespace, config: Config) -> int:
    with _sessions(config)() as session:
        route = _route(session, args.route)
        graph = access_version(session, route, args.version).graph if args.version \
            else route.draft
    print(json.dumps(graph, indent=2))
    return 0


def routes_validate(args: argparse.Namespace, config: Config) -> int:
    with _sessions(config)() as session:
        graph = _read_json(args.file) if args.file else _route(session, args.route).draft
        refs = load_references(session, Path(config.media.sounds_dir), config.pbx.trunks)
    issues = validate_document(graph, refs)
    for issue in issues:
        where = "/".join(part for part in (issue.node, issue.param or issue.port) if part)
        print(f"{issue.code}\t{where or '-'}\t{issue.message}")
    print("valid" if not issues else f"{len(issues)} problem(s)")
    return 0 if not issues else 1


def routes_publish(args: argparse.Namespace, config: Config) -> int:
    with _sessions(config).begin() as session:
        user = access_user_by_login(session, args.user)
        route = _route(session, args.route)
        refs = load_references(session, Path(config.media.sounds_dir), config.pbx.trunks)
        version = do_rollback(session, user, route, args.rollback) if args.rollback \
            else do_publish(session, user, route, refs, args.note or "")
        print(f"route {route.name!r} is now version {version.number}")
    return 0


def routes_diff(args: argparse.Namespace, config: Config) -> int:
    with _sessions(config)() as session:
        route = _route(session, args.route)
        old = access_version(session, route, args.old).graph
        new = access_version(session, route, args.new).graph
    print(json.dumps(diff_graphs(old, new), indent=2))
    return 0


def routes_simulate(args: argparse.Namespace, config: Config) -> int:
    region = config.phone.default_region
    with _sessions(config)() as session:
        route = _route(session, args.route)
        document = access_version(session, route, args.version).graph if args.version \
            else route.draft
        refs = load_references(session, Path(config.media.sounds_dir), config.pbx.trunks)
    graph, issues = parse_graph(document)
    if graph is None:
        raise InvalidInput("the graph is malformed", {"issues": [i.as_dict() for i in issues]})
    at = datetime.fromisoformat(args.at) if args.at else datetime.now().astimezone()
    if at.tzinfo is None:
        raise InvalidInput("--at needs a timezone, e.g. 2026-12-24T10:00+01:00",
                           {"field": "at"})
    digits = ["" if key == "_" else key for key in args.digits or ""]  # "_": no key pressed
    script = Script(digits=digits, queue_statuses=args.queue or [],
                    dial_statuses=args.dial or [])
    result = simulate(graph, to_e164(args.caller, region), args.caller,
                      to_e164(args.dialed or "", region), at, refs, script)
    for step in result.steps:
        print(f"{step.node} [{step.type}] -> {step.port or 'end'}: {step.reason}")
    print(("completed: " if result.completed else "fallback: ") + result.reason)
    return 0
