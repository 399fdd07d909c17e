"""/api/v1/live: the supervisor dashboard's REST view of the live board (agents, queues,
calls); /api/v1/live/events streams the same board as server-sent events."""

from __future__ import annotations

from flask import Blueprint

from ringdesk.core.errors import PbxUnavailable
from ringdesk.web.api.common import services
from ringdesk.web.contract import endpoint
from ringdesk.web.schemas.live import LiveAgent, LiveBoard, LiveCall, LiveQueue

blueprint = Blueprint("live", __name__, url_prefix="/api/v1/live")


def _board() -> LiveBoard:
    snapshot = services().live_snapshot
    if snapshot is None:
        raise PbxUnavailable("the live board is kept by the running server")
    return LiveBoard.model_validate(snapshot())


@blueprint.get("")
@endpoint("The whole live board", permission="live.view", answers={200: LiveBoard},
          errors=(503,))
def live_board() -> LiveBoard:
    return _board()


@blueprint.get("/agents")
@endpoint("Agents now", permission="live.view", answers={200: list[LiveAgent]}, errors=(503,))
def live_agents() -> list[LiveAgent]:
    return _board().agents


@blueprint.get("/queues")
@endpoint("Queues now, with today's figures", permission="live.view",
          answers={200: list[LiveQueue]}, errors=(503,))
def live_queues() -> list[LiveQueue]:
    return _board().queues


@blueprint.get("/calls")
@endpoint("Calls in progress", permission="live.view", answers={200: list[LiveCall]},
          errors=(503,))
def live_calls() -> list[LiveCall]:
    return _board().calls
