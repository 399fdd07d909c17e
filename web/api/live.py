"""/api/v1/live: the supervisor dashboard's REST view of the live board (agents, queues,
calls); /api/v1/live/events streams the same board as server-sent events."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from core.errors import PbxUnavailable
from web.api.common import services

blueprint = Blueprint("live", __name__, url_prefix="/api/v1/live")



def _board() -> dict[str, Any]:
    snapshot = services().live_snapshot
    if snapshot is None:
        raise PbxUnavailable("the live board is kept by the running server")
    return snapshot()


@blueprint.get("")
def board() -> ResponseReturnValue:
    return jsonify(_board())


@blueprint.get("/agents")
def agents() -> ResponseReturnValue:
    return jsonify(_board()["agents"])


@blueprint.get("/queues")
def queues() -> ResponseReturnValue:
    return jsonify(_board()["queues"])


@blueprint.get("/calls")
def calls() -> ResponseReturnValue:
    return jsonify(_board()["calls"])
