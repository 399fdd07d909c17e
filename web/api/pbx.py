"""/api/v1/pbx: agent accounts, leveled queues, and the "Apply config" step."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from callcenter import pbx_operations as operations
from callcenter.pbx_apply import load_specs, problems_of
from callcenter.pbx_models import AgentAccount, PbxQueue
from core.errors import InvalidInput, PbxUnavailable
from web.api.common import json_body, services

blueprint = Blueprint("pbx", __name__, url_prefix="/api/v1/pbx")
INTEGER_SETTINGS = ("ring_timeout", "retry", "max_wait", "wrapup", "announce_frequency")
FLAG_SETTINGS = ("announce_position", "announce_holdtime", "record_calls")




def account_json(account: AgentAccount) -> dict[str, Any]:
    return {"endpoint": account.endpoint, "display_name": account.display_name,
            "static_contact": account.static_contact, "caller_id": account.caller_id,
            "has_password": bool(account.password_ha1)}


def queue_json(queue: PbxQueue) -> dict[str, Any]:
    return {"name": queue.name, "ring_timeout": queue.ring_timeout, "retry": queue.retry,
            "max_wait": queue.max_wait, "wrapup": queue.wrapup,
            "music_class": queue.music_class, "announce_frequency": queue.announce_frequency,
            "announce_position": queue.announce_position,
            "announce_holdtime": queue.announce_holdtime,
            "record_calls": queue.record_calls, "caller_id": queue.caller_id,
            "members": [{"endpoint": m.account.endpoint, "level": m.level,
                         "position": m.position} for m in queue.members]}


@blueprint.get("/accounts")
def list_accounts() -> ResponseReturnValue:
    with services().sessions() as session:
        accounts = session.scalars(select(AgentAccount).order_by(AgentAccount.endpoint))
        return jsonify([account_json(account) for account in accounts])


@blueprint.post("/accounts")
def create_account() -> ResponseReturnValue:
    body = json_body()
    fields = {}
    for field in ("endpoint", "display_name", "static_contact", "caller_id"):
        value = body.get(field, "")
        if not isinstance(value, str):
            raise InvalidInput(f"{field} must be text", {"field": field})
        fields[field] = value
    with services().sessions.begin() as session:
        created = operations.do_create_account(session, fields["endpoint"],
                                               fields["display_name"], fields["static_contact"],
                                               fields["caller_id"])
        # The password is in this response and nowhere else: only its hash is stored.
        return jsonify({**account_json(created.account), "password": created.password}), 201


@blueprint.get("/queues")
def list_queues() -> ResponseReturnValue:
    with services().sessions() as session:
        queues = session.scalars(select(PbxQueue).order_by(PbxQueue.name))
        return jsonify([queue_json(queue) for queue in queues])


@blueprint.put("/queues/<name>")
def put_queue(name: str) -> ResponseReturnValue:
    body = json_body()
    settings: dict[str, Any] = {}
    for field in INTEGER_SETTINGS:
        if field in body:
            if not isinstance(body[field], int) or isinstance(body[field], bool):
                raise InvalidInput(f"{field} must be a whole number", {"field": field})
            settings[field] = body[field]
    for field in FLAG_SETTINGS:
        if field in body:
            if not isinstance(body[field], bool):
                raise InvalidInput(f"{field} must be true or false", {"field": field})
            settings[field] = body[field]
    for field in ("music_class", "caller_id"):
        if field in body:
            if not isinstance(body[field], str):
                raise InvalidInput(f"{field} must be text", {"field": field})
            settings[field] = body[field]
    members = body.get("members", [])
    if not isinstance(members, list):
        raise InvalidInput("members must be a list", {"field": "members"})
    with services().sessions.begin() as session:
        queue = operations.do_put_queue(session, name, settings, members)
        return jsonify(queue_json(queue))


@blueprint.get("/check")
def check_config() -> ResponseReturnValue:
    with services().sessions() as session:
        problems = problems_of(load_specs(session))
    return jsonify({"ok": not problems, "problems": [p.as_dict() for p in problems]})


@blueprint.post("/apply")
def apply_config() -> ResponseReturnValue:
    apply = services().apply_pbx
    if apply is None:
        raise PbxUnavailable("this process does not talk to Asterisk")
    return jsonify(apply())
