"""Writes to work modes and agents' current modes; every change is logged for reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.callcenter.agents.models import AgentState, WorkMode, WorkModeChange
from ringdesk.callcenter.agents.modes import ModeSpec, limit_problems, mode_problems
from ringdesk.callcenter.pbx.models import AgentAccount
from ringdesk.core.errors import Conflict, InvalidInput, NotFound
from ringdesk.core.users.operations import Forbidden

SOURCES = frozenset({"api", "phone", "system"})


@dataclass(frozen=True)
class ModeOfAgent:
    endpoint: str
    # None: never set; the queues keep what the configuration says (members take calls).
    mode: ModeSpec | None
    since: datetime | None


def spec_of(mode: WorkMode) -> ModeSpec:
    return ModeSpec(mode.name, mode.available, mode.code, mode.limit_minutes)


def access_agent_account(session: Session, endpoint: str, user_id: int,
                         for_anyone: bool) -> AgentAccount:
    """The agent account ``endpoint``, if the user may act on it: their own phone, or anyone's
    when ``for_anyone`` (supervisors and admins)."""
    account = session.scalar(select(AgentAccount).where(AgentAccount.endpoint == endpoint))
    if account is None:
        raise NotFound(f"no agent {endpoint!r}", {"field": "agent", "agent": endpoint})
    if not for_anyone and account.user_id != user_id:
        raise Forbidden("an agent acts only on their own phone",
                        {"field": "agent", "agent": endpoint})
    return account


def own_accounts(session: Session, user_id: int) -> list[str]:
    """The phones (endpoints) of a user, first made first."""
    return list(session.scalars(select(AgentAccount.endpoint).where(
        AgentAccount.user_id == user_id).order_by(AgentAccount.id)))


def phones_of(session: Session, user_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """Each person's phones (endpoints); people without one are left out."""
    phones: dict[int, set[str]] = {}
    for user_id, endpoint in session.execute(select(
            AgentAccount.user_id, AgentAccount.endpoint).where(
            AgentAccount.user_id.in_(set(user_ids)))):
        if user_id is not None:
            phones.setdefault(user_id, set()).add(endpoint)
    return {user_id: frozenset(endpoints) for user_id, endpoints in phones.items()}


def do_create_mode(session: Session, name: object, available: object,
                   code: object, limit_minutes: object = None) -> WorkMode:
    _check(name, code, available, limit_minutes)
    assert isinstance(name, str) and isinstance(code, str) and isinstance(available, bool)
    assert limit_minutes is None or isinstance(limit_minutes, int)
    _unique(session, name.strip(), code, None)
    mode = WorkMode(name=name.strip(), available=available, code=code, active=True,
                    limit_minutes=limit_minutes)
    session.add(mode)
    session.flush()
    return mode


def do_update_mode(session: Session, mode_id: int, changes: dict[str, object]) -> WorkMode:
    mode = session.get(WorkMode, mode_id)
    if mode is None:
        raise NotFound(f"no work mode {mode_id}", {"mode_id": mode_id})
    name = changes.get("name", mode.name)
    code = changes.get("code", mode.code)
    available = changes.get("available", mode.available)
    active = changes.get("active", mode.active)
    limit = changes.get("limit_minutes", mode.limit_minutes)
    _check(name, code, available, limit)
    if not isinstance(active, bool):
        raise InvalidInput("active must be true or false", {"field": "active"})
    assert isinstance(name, str) and isinstance(code, str) and isinstance(available, bool)
    _unique(session, name.strip(), code, mode.id)
    assert limit is None or isinstance(limit, int)
    mode.name, mode.code, mode.available, mode.active = name.strip(), code, available, active
    mode.limit_minutes = limit
    return mode


def do_set_agent_mode(session: Session, endpoint: str, mode_key: str, source: str,
                      at: datetime, changed_by: int | None = None) -> ModeOfAgent:
    """Put an agent in a mode (by name or code); the previous period is closed in the log."""
    account = session.scalar(select(AgentAccount).where(AgentAccount.endpoint == endpoint))
    if account is None:
        raise NotFound(f"no agent account {endpoint!r}", {"endpoint": endpoint})
    mode = session.scalar(select(WorkMode).where(
        (WorkMode.name == mode_key) | (WorkMode.code == mode_key)))
    if mode is None or not mode.active:
        raise NotFound(f"no active work mode {mode_key!r}", {"mode": mode_key})
    state = session.get(AgentState, account.id)
    if state is not None and state.mode_id == mode.id:
        return ModeOfAgent(endpoint, spec_of(mode), state.since)  # nothing changes
    open_period = session.scalar(select(WorkModeChange).where(
        WorkModeChange.account_id == account.id, WorkModeChange.ended_at.is_(None)))
    if open_period is not None:
        open_period.ended_at = at
    session.add(WorkModeChange(account_id=account.id, mode_name=mode.name,
                               available=mode.available, started_at=at, source=source,
                               changed_by=changed_by))
    if state is None:
        session.add(AgentState(account_id=account.id, mode_id=mode.id, since=at))
    else:
        state.mode_id, state.since = mode.id, at
    session.flush()
    return ModeOfAgent(endpoint, spec_of(mode), at)


def do_agent_modes(session: Session, user_id: int | None = None) -> list[ModeOfAgent]:
    """Every agent account with its mode (None for those never set); ``user_id``: only
    that person's phones."""
    states = {state.account_id: state for state in session.scalars(select(AgentState))}
    result = []
    accounts = select(AgentAccount).order_by(AgentAccount.endpoint)
    if user_id is not None:
        accounts = accounts.where(AgentAccount.user_id == user_id)
    for account in session.scalars(accounts):
        state = states.get(account.id)
        result.append(ModeOfAgent(account.endpoint, spec_of(state.mode), state.since)
                      if state else ModeOfAgent(account.endpoint, None, None))
    return result


def do_mode_log(session: Session, endpoint: str, since: datetime | None,
                until: datetime | None) -> list[WorkModeChange]:
    account = session.scalar(select(AgentAccount).where(AgentAccount.endpoint == endpoint))
    if account is None:
        raise NotFound(f"no agent account {endpoint!r}", {"endpoint": endpoint})
    query = select(WorkModeChange).where(WorkModeChange.account_id == account.id)
    if since is not None:  # periods that overlap [since, until)
        query = query.where((WorkModeChange.ended_at.is_(None))
                            | (WorkModeChange.ended_at > since))
    if until is not None:
        query = query.where(WorkModeChange.started_at < until)
    return list(session.scalars(query.order_by(WorkModeChange.started_at)))


def _check(name: object, code: object, available: object, limit: object = None) -> None:
    problems = mode_problems(name, code) + limit_problems(limit)
    if not isinstance(available, bool):
        problems.append(("available", "true or false"))
    if problems:
        field, message = problems[0]
        raise InvalidInput(f"{field}: {message}", {"field": field,
                                                   "problems": dict(problems)})


def _unique(session: Session, name: str, code: str, own_id: int | None) -> None:
    for column, value in (("name", name), ("code", code)):
        other = session.scalar(select(WorkMode).where(getattr(WorkMode, column) == value))
        if other is not None and other.id != own_id:
            raise Conflict(f"work mode {other.name!r} already uses the {column} {value!r}",
                           {"field": column})
