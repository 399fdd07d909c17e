"""/api/v1/pbx: agent accounts, leveled queues, and the "Apply config" step."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from sqlalchemy import select

from ringdesk.callcenter.pbx import operations
from ringdesk.callcenter.pbx.apply import load_specs, problems_of
from ringdesk.callcenter.pbx.config import QUEUE_SETTINGS
from ringdesk.callcenter.pbx.models import AgentAccount, PbxQueue
from ringdesk.callcenter.pbx.operations import CreatedAccount
from ringdesk.callcenter.pbx.softphone import account_qr_svg, softphone_of
from ringdesk.core.audit import record
from ringdesk.core.errors import PbxUnavailable
from ringdesk.routes.usage import queues_named, routes_naming
from ringdesk.web.api.common import services
from ringdesk.web.api.transactions import writing
from ringdesk.web.contract import endpoint
from ringdesk.web.schemas.pbx import (
    AgentAccount as AccountAnswer,
)
from ringdesk.web.schemas.pbx import (
    CreatedAgentAccount,
    NewAgentAccount,
    PbxApplied,
    PbxCheck,
    PbxProblem,
    PbxQueueSettings,
    QueueSettings,
    Softphone,
    Trunk,
)
from ringdesk.web.schemas.pbx import PbxQueue as QueueAnswer

blueprint = Blueprint("pbx", __name__, url_prefix="/api/v1/pbx")




@blueprint.get("/accounts")
@endpoint("Agents' SIP accounts", permission="pbx.read", answers={200: list[AccountAnswer]})
def list_accounts() -> list[AccountAnswer]:
    with services().sessions() as session:
        accounts = session.scalars(select(AgentAccount).order_by(AgentAccount.endpoint))
        return [AccountAnswer.model_validate(account) for account in accounts]


@blueprint.post("/accounts")
@endpoint("Create an agent's SIP account; the password is shown once",
          permission="pbx.write", body=NewAgentAccount, answers={201: CreatedAgentAccount},
          errors=(404, 409, 422))
def create_account(body: NewAgentAccount) -> tuple[CreatedAgentAccount, int]:
    with writing() as (session, user):
        created = operations.do_create_account(session, body.endpoint, body.display_name,
                                               body.static_contact, body.caller_id,
                                               body.user_id)
        record(session, user.id, "pbx.account.created", body.endpoint)
        return _with_password(created), 201


@blueprint.post("/accounts/<endpoint>/password")
@endpoint("Give an agent's SIP account a new password, shown once (the phone needs it "
          "after the next Apply config)", permission="pbx.write",
          answers={200: CreatedAgentAccount}, errors=(400, 404))
def reset_account_password(endpoint: str) -> CreatedAgentAccount:
    with writing() as (session, user):
        created = operations.do_reset_password(session, endpoint)
        record(session, user.id, "pbx.account.password_reset", endpoint)
        return _with_password(created)


def _with_password(created: CreatedAccount) -> CreatedAgentAccount:
    # The password is in this response and nowhere else: only its hash is stored.
    pbx = services().config.pbx
    phone = softphone_of(created.account.endpoint, pbx.phone_server, request.host,
                         pbx.sip_port, pbx.phone_transport)
    answer = AccountAnswer.model_validate(created.account).model_dump()
    return CreatedAgentAccount(
        **answer, password=created.password,
        softphone=Softphone.model_validate(phone),
        qr_svg=account_qr_svg(phone, created.password) if created.password else None)


@blueprint.get("/queues")
@endpoint("PBX queues with their leveled members", permission="pbx.read",
          answers={200: list[QueueAnswer]})
def list_pbx_queues() -> list[QueueAnswer]:
    with services().sessions() as session:
        usage = routes_naming(session, queues_named)
        queues = session.scalars(select(PbxQueue).order_by(PbxQueue.name))
        return [_queue_answer(queue, usage) for queue in queues]


def _described(queue: PbxQueue) -> dict[str, Any]:
    """A queue as the audit log compares it: its settings and who is on which level."""
    return {**{field: getattr(queue, field) for field in QUEUE_SETTINGS},
            "levels": " ".join(f"{member.account.endpoint}:L{member.level}"
                               for member in queue.members)}


def _changes(was: dict[str, Any] | None, now: dict[str, Any]) -> dict[str, Any]:
    if was is None:
        return {"created": True}
    return {key: {"before": was[key], "after": value} for key, value in now.items()
            if was[key] != value}


def _queue_answer(queue: PbxQueue, usage: dict[str, list[str]]) -> QueueAnswer:
    settings = PbxQueueSettings.model_validate(queue).model_dump()
    return QueueAnswer(**settings, used_by=usage.get(queue.name, []))


@blueprint.get("/trunks")
@endpoint("Carrier trunks (configured as pbx.trunks)", permission="pbx.read",
          answers={200: list[Trunk]})
def list_trunks() -> list[Trunk]:
    return [Trunk(name=name) for name in services().config.pbx.trunks]


@blueprint.put("/queues/<pbx_queue:name>")
@endpoint("Create or replace a queue and its members", permission="pbx.write",
          body=QueueSettings, answers={200: QueueAnswer}, errors=(422,))
def put_pbx_queue(name: str, body: QueueSettings) -> QueueAnswer:
    settings = body.model_dump(exclude_unset=True, exclude={"members", "supervisors"})
    members = [member.model_dump() for member in body.members]
    with writing() as (session, user):
        before = session.scalar(select(PbxQueue).where(PbxQueue.name == name))
        was = _described(before) if before is not None else None
        queue = operations.do_put_queue(session, name, settings, members)
        if body.supervisors is not None:
            operations.do_set_supervisors(session, queue, body.supervisors)
        record(session, user.id, "pbx.queue.changed", name, **_changes(was, _described(queue)))
        return _queue_answer(queue, routes_naming(session, queues_named))


@blueprint.get("/check")
@endpoint("Check the PBX configuration without applying it", permission="pbx.read",
          answers={200: PbxCheck})
def check_config() -> PbxCheck:
    with services().sessions() as session:
        problems = problems_of(load_specs(session))
    return PbxCheck(ok=not problems,
                    problems=[PbxProblem.model_validate(problem) for problem in problems])


@blueprint.post("/apply")
@endpoint("Apply config: write Asterisk's files and reload (live calls stay)",
          permission="pbx.write", answers={200: PbxApplied}, errors=(422, 503))
def apply_config() -> PbxApplied:
    apply = services().apply_pbx
    if apply is None:
        raise PbxUnavailable("this process does not talk to Asterisk")
    applied = PbxApplied.model_validate(apply())
    with writing() as (session, user):
        record(session, user.id, "pbx.applied", "asterisk", changed=applied.changed,
               reloaded=applied.reloaded)
    return applied
