"""What ``ringdesk serve`` checks and chooses from its configuration before it starts."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from twisted.internet.interfaces import IReactorFromThreads

from ringdesk.callcenter.agents.operations import phones_of
from ringdesk.callcenter.calls.outcome import CallTicketPolicy, ticket_policy
from ringdesk.callcenter.live.bus import EventBus, InProcessBus, RedisBus
from ringdesk.core.config import Config
from ringdesk.core.errors import ConfigError


def check_schema(engine: Engine) -> None:
    where = engine.url.render_as_string(hide_password=True)
    try:
        tables = set(inspect(engine).get_table_names())
    except SQLAlchemyError as error:
        reason = getattr(error, "orig", None) or error
        raise ConfigError(f"cannot open the database at {where}: {reason}",
                          {"setting": "database.url"}) from error
    if not {"calls", "tickets", "alembic_version"} <= tables:
        raise ConfigError(
            f"the database at {where} has no ringdesk schema; run `ringdesk db upgrade` first"
        )


def live_bus(config: Config, reactor: IReactorFromThreads) -> EventBus:
    if config.live.bus == "memory":
        return InProcessBus()
    if config.live.bus == "redis":
        return RedisBus(reactor, config.live.redis_url)
    raise ConfigError(f"live.bus: {config.live.bus!r} is not memory or redis",
                      {"setting": "live.bus"})


def call_ticket_policy(config: Config) -> CallTicketPolicy:
    try:
        return ticket_policy(config.helpdesk.call_tickets, config.helpdesk.repeat_call_minutes)
    except ValueError as error:
        raise ConfigError(f"helpdesk.calls.tickets / repeat_call_minutes: {error}",
                          {"setting": "helpdesk.calls.tickets"}) from error


def phones_reader(sessions: sessionmaker[Session]
                  ) -> Callable[[Iterable[int]], dict[int, frozenset[str]]]:
    """People's phones, read afresh each time (the desk stream asks from a thread)."""
    def read(user_ids: Iterable[int]) -> dict[int, frozenset[str]]:
        with sessions() as session:
            return phones_of(session, user_ids)
    return read
