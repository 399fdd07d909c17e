"""Apply the call-center configuration: database -> checked specs -> files -> AMI reload.

Nothing is written while the check finds problems, files are replaced atomically, and the
reloads (PJSIP and queues) keep live calls up: Asterisk swaps the definitions under them.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ringdesk.callcenter.pbx.config import (
    QUEUE_SETTINGS,
    AccountSpec,
    ConfigProblem,
    MemberSpec,
    QueueSpec,
    check,
    plan_of,
    render_accounts,
    render_queues,
)
from ringdesk.callcenter.pbx.models import AgentAccount, PbxQueue, QueueMember
from ringdesk.callcenter.queues.levels import QueuePlan
from ringdesk.core.errors import ValidationFailed

QUEUES_FILE = "queues.conf"
ACCOUNTS_FILE = "pjsip_agents.conf"
# Sent in order after the files are in place.
RELOAD_ACTIONS: tuple[tuple[str, dict[str, str | list[str]]], ...] = (
    ("Reload", {"Module": "res_pjsip.so"}),
    ("QueueReload", {"Members": "yes", "Rules": "yes", "Parameters": "yes"}),
)


@dataclass(frozen=True)
class PbxSpecs:
    queues: list[QueueSpec]
    accounts: list[AccountSpec]

    @property
    def generated_queues(self) -> list[QueueSpec]:
        """A queue without members is left to the site's own Asterisk configuration: it is
        not generated, and routes ring it by its plain name."""
        return [queue for queue in self.queues if queue.members]


def account_spec(account: AgentAccount) -> AccountSpec:
    return AccountSpec(account.endpoint, account.display_name, account.password_ha1,
                       account.static_contact)


def load_specs(session: Session) -> PbxSpecs:
    accounts = [account_spec(account) for account in
                session.scalars(select(AgentAccount).order_by(AgentAccount.endpoint))]
    query = select(PbxQueue).options(
        selectinload(PbxQueue.members).selectinload(QueueMember.account)).order_by(PbxQueue.name)
    queues = [QueueSpec(q.name, members=tuple(MemberSpec(m.account.endpoint, m.level,
                                                         m.position) for m in q.members),
                        **{name: getattr(q, name) for name in QUEUE_SETTINGS})
              for q in session.scalars(query)]
    return PbxSpecs(queues, accounts)


def queue_plans(specs: PbxSpecs) -> dict[str, QueuePlan]:
    """Plans of the queues ringdesk generates."""
    return {queue.name: plan_of(queue) for queue in specs.generated_queues}


def problems_of(specs: PbxSpecs) -> list[ConfigProblem]:
    return check(specs.queues, specs.accounts)


def render(specs: PbxSpecs) -> dict[str, str]:
    problems = problems_of(specs)
    if problems:
        raise ValidationFailed("the PBX configuration has problems; nothing was applied",
                               {"problems": [problem.as_dict() for problem in problems]})
    return {QUEUES_FILE: render_queues(specs.generated_queues, specs.accounts),
            ACCOUNTS_FILE: render_accounts(specs.accounts)}


def write_files(directory: Path, files: dict[str, str]) -> list[str]:
    """Replace each file atomically; returns the names whose content changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, content in files.items():
        target = directory / name
        if target.exists() and target.read_text() == content:
            continue
        temporary = directory / f".{name}.tmp"
        temporary.write_text(content)
        os.replace(temporary, target)
        changed.append(name)
    return changed


SendAction = Callable[[str, dict[str, str | list[str]]], Awaitable[Any]]


async def reload_pbx(send_action: SendAction) -> list[str]:
    done = []
    for action, headers in RELOAD_ACTIONS:
        await send_action(action, headers)
        done.append(action)
    return done
