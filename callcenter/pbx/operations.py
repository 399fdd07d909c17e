"""Writes to agent accounts and PBX queues. Checked with the same rules the generator
applies (callcenter/pbx_config.py), so what is saved can always be applied."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.callcenter.pbx.config import (
    CALLER_ID,
    QUEUE_SETTINGS,
    AccountSpec,
    MemberSpec,
    QueueSpec,
    check_accounts,
    check_queues,
    new_password,
    password_ha1,
)
from ringdesk.callcenter.pbx.models import AgentAccount, PbxQueue, QueueMember
from ringdesk.core.errors import Conflict, InvalidInput, NotFound, ValidationFailed
from ringdesk.core.users.models import User
from ringdesk.core.users.permissions import may


@dataclass(frozen=True)
class CreatedAccount:
    account: AgentAccount
    password: str | None  # shown once; only its digest hash is stored


def do_create_account(session: Session, endpoint: str, display_name: str = "",
                      static_contact: str = "", caller_id: str = "",
                      user_id: int | None = None) -> CreatedAccount:
    if session.scalar(select(AgentAccount).where(AgentAccount.endpoint == endpoint)):
        raise Conflict(f"agent account {endpoint!r} exists", {"field": "endpoint"})
    password = None if static_contact else new_password()
    ha1 = password_ha1(endpoint, password) if password else ""
    _raise_problems(check_accounts([AccountSpec(endpoint, display_name, ha1, static_contact)]))
    if caller_id and not CALLER_ID.match(caller_id):
        raise InvalidInput("caller_id: a phone number, e.g. +4930123456",
                           {"field": "caller_id"})
    if user_id is not None and session.get(User, user_id) is None:
        raise NotFound(f"user {user_id} does not exist", {"field": "user_id"})
    account = AgentAccount(endpoint=endpoint, display_name=display_name, password_ha1=ha1,
                           static_contact=static_contact, caller_id=caller_id,
                           user_id=user_id)
    session.add(account)
    session.flush()
    return CreatedAccount(account, password)


def do_reset_password(session: Session, endpoint: str) -> CreatedAccount:
    """A new SIP password (the old one stops working at the next Apply config)."""
    account = session.scalar(select(AgentAccount).where(AgentAccount.endpoint == endpoint))
    if account is None:
        raise NotFound(f"no agent account {endpoint!r}", {"endpoint": endpoint})
    if account.static_contact:
        raise InvalidInput(f"{endpoint} is a phone at a fixed address: it has no password",
                           {"field": "static_contact"})
    password = new_password()
    account.password_ha1 = password_ha1(endpoint, password)
    return CreatedAccount(account, password)


def do_put_queue(session: Session, name: str, settings: dict[str, Any],
                 members: list[dict[str, Any]]) -> PbxQueue:
    """Create or replace a queue with its members (``endpoint``, ``level``, ``position``)."""
    accounts = {account.endpoint: account for account in session.scalars(select(AgentAccount))}
    member_specs = tuple(MemberSpec(_text(m, "endpoint"), _number(m, "level"),
                                    _number(m, "position")) for m in members)
    queue = session.scalar(select(PbxQueue).where(PbxQueue.name == name))
    if queue is None:
        queue = PbxQueue(name=name)
        session.add(queue)
        current: dict[str, Any] = {}
    else:
        current = {field: getattr(queue, field) for field in QUEUE_SETTINGS}
    defaults = {field: getattr(QueueSpec, field) for field in QUEUE_SETTINGS}
    merged = {**defaults, **current, **settings}
    spec = QueueSpec(name, members=member_specs, **merged)
    _raise_problems(check_queues([spec], set(accounts)))
    for field, value in merged.items():
        setattr(queue, field, value)
    # The old members go first: the same agent may come back in the new list, and the
    # (queue, agent) pair is unique.
    queue.members = []
    session.flush()
    queue.members = [QueueMember(account=accounts[m.endpoint], level=m.level,
                                 position=m.position) for m in member_specs]
    session.flush()
    return queue


def do_set_supervisors(session: Session, queue: PbxQueue, user_ids: list[int]) -> None:
    """Who watches this queue on the live board: people whose rank sees the board."""
    users = list(session.scalars(select(User).where(User.id.in_(user_ids)))) if user_ids else []
    found = {user.id for user in users}
    missing = [user_id for user_id in user_ids if user_id not in found]
    if missing:
        raise InvalidInput(f"no user {missing[0]}", {"field": "supervisors"})
    blind = [user.login for user in users if not may(user.rank, "live.view")]
    if blind:
        raise InvalidInput(f"{blind[0]}'s rank does not see the live board",
                           {"field": "supervisors"})
    queue.supervisors = sorted(users, key=lambda user: user.id)
    session.flush()


def _raise_problems(problems: list[Any]) -> None:
    if problems:
        raise ValidationFailed(problems[0].message,
                               {"problems": [problem.as_dict() for problem in problems]})


def _text(member: Any, field: str) -> str:
    value = member.get(field) if isinstance(member, dict) else None
    if not isinstance(value, str):
        raise InvalidInput(f"every member needs a {field} (text)", {"field": f"members.{field}"})
    return value


def _number(member: dict[str, Any], field: str) -> int:
    value = member.get(field)
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidInput(f"every member needs a {field} (a whole number)",
                           {"field": f"members.{field}"})
    return value
